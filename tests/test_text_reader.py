"""The plain-text reader and the text-table reader: hand-written report texts in the layouts real
reports arrive in (tabs; spaces aligned in a monospace editor with blank cells as gaps; text copied
out of a PDF with the vertical 三、本年度办理结果 stack, wrapped labels and a repeated header; cells
run together; lost blanks), in UTF-8, UTF-16 and GB18030, and a page with the tables pasted as
paragraphs. Every fact is compared with the values the texts were written from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nianbao.core.catalog import T3_COLUMNS, T4_GROUPS, T4_OUTCOMES, template_metrics
from nianbao.core.kinds import DocumentStatus
from nianbao.extract.html.reader import read_html
from nianbao.extract.lines.reader import read_text
from nianbao.extract.lines.tables import tables_from_lines
from nianbao.extract.read import read_document
from nianbao.transform import map_document

FIXTURES = Path(__file__).parent / "fixtures" / "text"
_B = None  # a printed blank

# ---------------------------------------------------------------- the values the fixtures print

# 青石县交通运输局 2022 (2021 format): every identity holds.
QINGSHI_T3 = {
    "new_received": [143, 21, 1, 2, 4, 3, 174], "carried_in": [9, 2, 0, 0, 1, 0, 12],
    "granted": [58, 8, 1, 1, 2, 1, 71], "partially_granted": [12, 3, 0, 0, 0, 1, 16],
    "withheld.state_secret": [1, 0, 0, 0, 0, 0, 1], "withheld.law_prohibited": [2, 0, 0, 0, 0, 0, 2],
    "withheld.security_stability": [0] * 7, "withheld.third_party": [5, 1, 0, 0, 0, 0, 6],
    "withheld.internal_affairs": [3, 0, 0, 0, 0, 0, 3], "withheld.process_info": [4, 1, 0, 0, 0, 0, 5],
    "withheld.enforcement_file": [2, 0, 0, 0, 0, 0, 2], "withheld.query_matter": [6, 0, 0, 0, 1, 0, 7],
    "unable.not_held": [21, 4, 0, 1, 1, 0, 27], "unable.needs_creation": [3, 1, 0, 0, 0, 0, 4],
    "unable.unclear": [2, 0, 0, 0, 0, 0, 2], "rejected.petition": [9, 0, 0, 0, 0, 0, 9],
    "rejected.duplicate": [4, 1, 0, 0, 0, 0, 5], "rejected.publication": [1, 0, 0, 0, 0, 0, 1],
    "rejected.vexatious": [0] * 7, "rejected.confirmation": [1, 0, 0, 0, 0, 0, 1],
    "other.no_correction": [3, 0, 0, 0, 0, 0, 3], "other.no_fee": [1, 0, 0, 0, 0, 0, 1],
    "other.misc": [2, 1, 0, 0, 0, 1, 4], "total_handled": [140, 20, 1, 2, 4, 3, 170],
    "carried_out": [12, 3, 0, 0, 1, 0, 16],
}  # fmt: skip
QINGSHI_T4 = [3, 1, 2, 1, 7, 2, 0, 1, 1, 4, 1, 0, 0, 0, 1]
QINGSHI_T2 = {
    "t2.regulations.issued": 1, "t2.regulations.repealed": 0, "t2.regulations.in_force": 6,
    "t2.normative_docs.issued": 12, "t2.normative_docs.repealed": 3, "t2.normative_docs.in_force": 45,
    "t2.licensing.decisions": 2318, "t2.penalty.decisions": 157, "t2.coercion.decisions": 4, "t2.fees.amount": 12.5,
}  # fmt: skip

# The same report where three rows print their blanks as nothing (single spaces: the gaps are lost).
LOST_BLANKS_T3 = QINGSHI_T3 | {
    "withheld.enforcement_file": [2, _B, _B, _B, _B, _B, 2],
    "rejected.publication": [1, _B, _B, _B, _B, _B, 1],
    "rejected.vexatious": [_B, 1, _B, _B, _B, _B, 1],
    "total_handled": [140, 21, 1, 2, 4, 3, 171],
    "carried_out": [12, 2, 0, 0, 1, 0, 15],
}

# 江口区市场监督管理局 2020 (2019 format), blank cells where the agency printed nothing.
JIANGKOU_T3 = {
    "new_received": [56, 14, _B, _B, 2, 1, 73], "carried_in": [3, 1, _B, _B, _B, _B, 4],
    "granted": [20, 6, _B, _B, 1, _B, 27], "partially_granted": [4, 2, _B, _B, _B, _B, 6],
    "withheld.state_secret": [_B] * 7, "withheld.law_prohibited": [1, _B, _B, _B, _B, _B, 1],
    "withheld.security_stability": [_B] * 7, "withheld.third_party": [2, 1, _B, _B, _B, _B, 3],
    "withheld.internal_affairs": [_B] * 7, "withheld.process_info": [1, _B, _B, _B, _B, _B, 1],
    "withheld.enforcement_file": [_B] * 7, "withheld.query_matter": [3, _B, _B, _B, _B, _B, 3],
    "unable.not_held": [12, 3, _B, _B, 1, _B, 16], "unable.needs_creation": [2, _B, _B, _B, _B, _B, 2],
    "unable.unclear": [1, _B, _B, _B, _B, _B, 1], "rejected.petition": [6, _B, _B, _B, _B, 1, 7],
    "rejected.duplicate": [2, 1, _B, _B, _B, _B, 3], "rejected.publication": [_B] * 7,
    "rejected.vexatious": [_B] * 7, "rejected.confirmation": [_B] * 7,
    "other.unitemised": [1, _B, _B, _B, _B, _B, 1], "total_handled": [55, 13, _B, _B, 2, 1, 71],
    "carried_out": [4, 2, _B, _B, _B, _B, 6],
}  # fmt: skip
JIANGKOU_T4 = [1, _B, _B, 1, 2, 0, 0, 0, 0, 0, _B, _B, _B, _B, _B]
JIANGKOU_T2 = {
    "t2.regulations.new_made": 0, "t2.regulations.new_published": 0, "t2.regulations.total_published": 8,
    "t2.normative_docs.new_made": 5, "t2.normative_docs.new_published": 5, "t2.normative_docs.total_published": 37,
    "t2.licensing.prior_items": 120, "t2.licensing.change": -3, "t2.licensing.decisions": 865,
    "t2.other_services.prior_items": 40, "t2.other_services.change": 2, "t2.other_services.decisions": 310,
    "t2.penalty.prior_items": 210, "t2.penalty.change": 0, "t2.penalty.decisions": 96,
    "t2.coercion.prior_items": 18, "t2.coercion.change": -1, "t2.coercion.decisions": 7,
    "t2.fees.prior_items": 3, "t2.fees.change": _B, "t2.procurement.items": 12, "t2.procurement.amount": 1_860_000,
}  # fmt: skip


def expected_facts(t2: dict, t3: dict, t4: list, template: str, shape: str) -> dict[str, float | None]:
    facts: dict[str, float | None] = dict(t2)
    for row, values in t3.items():
        facts.update({f"t3.{row}.{col}": v for col, v in zip(T3_COLUMNS, values, strict=True)})
    keys = [f"t4.{g}.{o}" for g in T4_GROUPS for o in T4_OUTCOMES]
    facts.update(dict(zip(keys, t4, strict=True)))
    assert set(facts) == set(template_metrics(template, other_shape=shape))
    return facts


QINGSHI = expected_facts(QINGSHI_T2, QINGSHI_T3, QINGSHI_T4, "2021", "split")
LOST_BLANKS = expected_facts(QINGSHI_T2, LOST_BLANKS_T3, QINGSHI_T4, "2021", "split")
JIANGKOU = expected_facts(JIANGKOU_T2, JIANGKOU_T3, JIANGKOU_T4, "2019", "single")


def read_fixture(name: str):
    return read_document((FIXTURES / name).read_bytes(), source=name)


def facts_of(doc) -> tuple[object, dict[str, float | None]]:
    report = map_document(doc)
    return report, {code: fact.value for code, fact in report.facts.items()}


def without(facts: dict, *rows: str) -> dict:
    return {k: v for k, v in facts.items() if not any(k.startswith(f"t3.{r}.") for r in rows)}


# ---------------------------------------------------------------- every fact of every fixture

CASES = [
    # tabs, merged-cell gaps (group label only on its group's first row), UTF-16 with BOM, CRLF
    ("qingshi_transport_2022_tabs.utf16.txt", QINGSHI, "utf-16", DocumentStatus.OK),
    # spaces aligned in a monospace editor, blanks as gaps, group labels on their own lines, wrapped labels
    ("jiangkou_market_2020_aligned.txt", JIANGKOU, "utf-8", DocumentStatus.OK),
    # copied out of a PDF: vertical stack, wrapped labels, header over 6 lines and repeated, GB18030
    ("qingshi_transport_2022_pdfcopy.gb18030.txt", QINGSHI, "gb18030", DocumentStatus.OK),
    # cells run together ("1 243", "00000", "予以公开58"), split by the identities
    ("qingshi_transport_2022_runtogether.txt", QINGSHI, "utf-8", DocumentStatus.OK),
    # blanks lost in single-spaced rows: one row settled by the column identities, two left unassigned
    (
        "qingshi_transport_2022_lost_blanks.txt",
        without(LOST_BLANKS, "rejected.publication", "rejected.vexatious"),
        "utf-8",
        "partial",
    ),
]


@pytest.mark.parametrize(("name", "expected", "encoding", "status"), CASES)
def test_every_fact(name, expected, encoding, status):
    doc = read_fixture(name)
    assert doc.media_type == "text" and doc.encoding == encoding
    report, got = facts_of(doc)
    assert got == expected
    assert report.status == status
    assert report.agency_name in ("青石县交通运输局", "江口区市场监督管理局")
    assert report.sections == ["一", "二", "三", "四", "五", "六"]


@pytest.mark.parametrize("name", [case[0] for case in CASES])
def test_every_cell_has_its_line_and_every_fact_its_printed_text(name):
    doc = read_fixture(name)
    text_lines = doc.text.split("\n")
    assert all(cell.line for table in doc.tables for cell in table.cells)
    report = map_document(doc)
    for code, fact in report.facts.items():
        if fact.raw:
            assert fact.raw in text_lines[fact.line - 1], (code, fact.raw, fact.line)


def test_runs_split_by_the_identities_say_so():
    warnings = read_fixture("qingshi_transport_2022_runtogether.txt").warnings
    assert any("split '243' as 2|4|3" in w and "一、本年新收" in w for w in warnings)
    assert any("split '00000' as 0|0|0|0|0 by the row total 1" in w for w in warnings)
    assert any("split '10000' as 1|0|0|0|0 by the row total 6" in w for w in warnings)
    assert any("number 58 printed against its label" in w for w in warnings)
    assert any(w.startswith("table 4: split '11' as 1|1 by the group totals") for w in warnings)


def test_ambiguous_rows_are_left_unassigned_with_a_warning():
    doc = read_fixture("qingshi_transport_2022_lost_blanks.txt")
    unassigned = [w for w in doc.warnings if w.endswith("not assigned")]
    assert len(unassigned) == 2
    assert any("3.要求提供公开出版物" in w and "the column identities leave 2" in w for w in unassigned)
    assert any("4.无正当理由大量反复申请" in w for w in unassigned)
    assert any("7.属于行政执法案卷" in w and "by the column identities" in w for w in doc.warnings)
    report = map_document(doc)
    assert "rejected.publication" in report.message and "rejected.vexatious" in report.message


def test_pdf_copy_rebuilds_wrapped_labels():
    doc = read_fixture("qingshi_transport_2022_pdfcopy.gb18030.txt")
    t3 = next(t for t in doc.tables if "自然人" in t.text_rows()[0])
    labels = [row[1] for row in t3.text_rows()[1:]]
    assert "2.其他法律行政法规禁止公开" in labels  # "…禁止公" + "开" on the numbers' line (after 结)
    assert "2.没有现成信息需要另行制作" in labels  # "…另行制" + "作" below the numbers
    assert "5.要求行政机关确认或重新出具已获取信息" in labels  # numbers on the middle line
    assert "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请" in labels
    assert len(t3.text_rows()) == 1 + 25  # one header; the repeated header after "- 4 -" is not a row
    assert doc.title == "青石县交通运输局2022年政府信息公开工作年度报告"  # agency on a line of its own


def test_tab_grid_keeps_group_label_as_a_merged_cell():
    doc = read_fixture("qingshi_transport_2022_tabs.utf16.txt")
    t3 = next(t for t in doc.tables if "自然人" in t.text_rows()[0])
    group = next(c for c in t3.cells if c.text == "（三）不予公开")
    assert (group.col, group.rowspan) == (0, 8)


# ---------------------------------------------------------------- the HTML fallback


def test_page_with_tables_pasted_as_paragraphs():
    data = (FIXTURES / "qingshi_transport_2022_pasted.html").read_bytes()
    assert read_html(data).tables == []  # the HTML reader itself sees no table
    doc = read_document(data, source="pasted.html")
    assert doc.media_type == "html" and len(doc.tables) == 6
    assert any("read from the text lines" in w for w in doc.warnings)
    report, got = facts_of(doc)
    assert got == QINGSHI and report.status == DocumentStatus.OK
    assert report.sections == ["一", "二", "三", "四", "五", "六"]


def test_page_with_real_tables_is_left_to_the_html_reader():
    page = "<html><body><h1>通知</h1><table><tr><td>规章</td><td>1</td></tr><tr><td>a</td><td>2</td></tr></table></body></html>"
    doc = read_document(page.encode(), "notice.html")
    assert not any("read from the text lines" in w for w in doc.warnings)


# ---------------------------------------------------------------- the reference report (when present)


def test_suqian_reference_text(shared_dir):
    import reportdata

    text = (shared_dir / "reference" / "suqian_2023_pdf_text.txt").read_text(encoding="utf-8")
    # Lines the comparison tool added around the report's own text.
    lines = [ln for ln in text.splitlines() if not ln.startswith(("---", "(重复率", "SOURCE:"))]
    report, got = facts_of(read_text("\n".join(lines), "suqian"))
    assert got == reportdata.suqian_2023()
    assert report.warnings == []


def test_shanghai_reference_tables_with_bars_and_blanks(shared_dir):
    import reportdata

    text = (shared_dir / "reference" / "shanghai_office_2019_tables.txt").read_text(encoding="utf-8")
    doc = read_text("\n".join(text.splitlines()[1:]), "shanghai")  # line 1 describes the source
    report, got = facts_of(doc)
    assert got == reportdata.shanghai_2019()  # blanks in 总计 stay None; "||" between table-4 groups
    assert (report.status, report.template, report.warnings) == (DocumentStatus.OK, "2019", [])
    t3 = next(t for t in doc.tables if "自然人" in t.text_rows()[0])
    assert [row[1] for row in t3.text_rows()[-3:]] == [
        "（六）其他处理",
        "（七）总计",
        "四、结转下年度继续办理",
    ]


# ---------------------------------------------------------------- layouts, one at a time


def test_character_aligned_columns_with_blanks():
    """pdftotext -layout counts characters, not display columns: the columns line up by index, evenly
    spaced here, so the blank columns are the gaps in the spacing."""
    rows = [("一、本年新收政府信息公开申请数量", [7, 2, _B, _B, _B, 1, 10]), ("二、上年结转政府信息公开申请数量", [1, _B, _B, _B, _B, _B, 1]),
            ("（一）予以公开", [5, 1, _B, _B, _B, _B, 6]), ("（七）总计", [8, 2, _B, _B, _B, 1, 11]),
            ("四、结转下年度继续办理", [_B] * 7)]  # fmt: skip
    lines = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况"]
    lines += [
        label.ljust(24) + "".join(("" if v is None else str(v)).rjust(8) for v in values)
        for label, values in rows
    ]
    (table,) = tables_from_lines(lines)
    got = {row[1]: row[2:] for row in table.text_rows()[1:]}
    assert got["一、本年新收政府信息公开申请数量"] == ["7", "2", "", "", "", "1", "10"]
    assert got["（一）予以公开"] == ["5", "1", "", "", "", "", "6"]
    assert got["四、结转下年度继续办理"] == [""] * 7


def test_columns_of_unequal_width_placed_under_their_header_words():
    """Cells centred, as in the Word tables these reports are made from."""
    widths = [8, 12, 10, 14, 14, 6, 8]
    names = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]

    def row(label: str, cells: list) -> str:
        return label.ljust(20) + "".join(
            ("" if v is None else str(v)).center(w) for v, w in zip(cells, widths, strict=True)
        )

    lines = [" " * 20 + "".join(name.center(w) for name, w in zip(names, widths, strict=True)),
             row("一、本年新收政府信息公开申请数量", [7, 2, _B, _B, _B, 1, 10]),
             row("二、上年结转政府信息公开申请数量", [1, _B, _B, _B, _B, _B, 1]),
             row("（七）总计", [8, 2, _B, _B, _B, 1, 11])]  # fmt: skip
    (table,) = tables_from_lines(
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] + lines
    )
    got = {row[1]: row[2:] for row in table.text_rows()[1:]}
    assert got["一、本年新收政府信息公开申请数量"] == ["7", "2", "", "", "", "1", "10"]
    assert got["二、上年结转政府信息公开申请数量"] == ["1", "", "", "", "", "", "1"]


HEADER = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况",
    "自然人 法人或其他组织 总计",
]


def t3_grid(lines: list[str], warnings: list[str] | None = None) -> dict[str, list[str]]:
    tables = tables_from_lines(HEADER + lines, warnings=warnings)
    assert len(tables) == 1
    return {row[1]: row[2:] for row in tables[0].text_rows()[1:]}


def test_numbers_printed_above_their_label():
    rows = t3_grid(["一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5", "3 0 0 0 0 0 3", "二、上年结转政府信息公开申请数量",
                    "（一）予以公开 2 0 0 0 0 0 2"])  # fmt: skip
    assert rows["二、上年结转政府信息公开申请数量"] == ["3", "0", "0", "0", "0", "0", "3"]


def test_one_cell_per_line():
    rows = t3_grid(
        [
            "一、本年新收政府信息公开申请数量",
            "5",
            "0",
            "0",
            "0",
            "0",
            "0",
            "5",
            "（一）予以公开 2 0 0 0 0 0 2",
        ]
    )
    assert rows["一、本年新收政府信息公开申请数量"] == ["5", "0", "0", "0", "0", "0", "5"]


def test_trailing_tabs_dropped_by_an_editor_are_blanks():
    rows = t3_grid(["一、本年新收政府信息公开申请数量\t7\t1\t\t\t\t\t8", "（一）予以公开\t3"])
    assert rows["（一）予以公开"] == ["3", "", "", "", "", "", ""]


def test_empty_cells_a_merged_cell_leaves_after_its_value_are_not_blanks():
    """Word's plain-text copy of table 2 (sample portal: .txt reports) keeps the columns a merged
    header or value covers as empty cells: "行政许可\t0\t\t" is 0 under 本年处理决定数量, not a blank."""
    lines = ["第二十条第（五）项\t\t\t", "信息内容\t本年处理决定数量\t\t", "行政许可\t0\t\t",
             "第二十条第（六）项\t\t\t", "信息内容\t本年处理决定数量\t\t", "行政处罚\t12\t\t", "行政强制\t\t\t",
             "第二十条第（八）项\t\t\t", "信息内容\t本年收费金额（单位：万元）\t\t", "行政事业性收费\t1.5\t\t"]  # fmt: skip
    facts = map_document(read_text("\n".join(lines))).facts
    got = {code: fact.value for code, fact in facts.items()}
    assert got == {"t2.licensing.decisions": 0, "t2.penalty.decisions": 12, "t2.coercion.decisions": None,
                   "t2.fees.amount": 1.5}  # fmt: skip


@pytest.mark.parametrize("mark", ["#### {}", "**{}**", "### {}"])
def test_headings_marked_up_as_markdown_are_sections(mark):
    numerals = "一二三四五六"
    headings = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]  # fmt: skip
    text = "\n".join(
        f"{mark.format(n + '、' + h)}\n本节正文。" for n, h in zip(numerals, headings, strict=True)
    )
    doc = read_text("某区2023年政府信息公开工作年度报告\n" + text)
    assert [s.numeral for s in doc.sections if s.numeral] == list(numerals)
    assert all(s.text == "本节正文。" for s in doc.sections if s.numeral)


def test_label_printed_without_numbers_is_a_blank_row():
    rows = t3_grid(
        ["一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5", "（一）予以公开", "（二）部分公开 1 0 0 0 0 0 1"]
    )
    assert rows["（一）予以公开"] == [""] * 7


def test_run_that_no_reading_adds_up_is_not_assigned():
    warnings: list[str] = []
    (table,) = tables_from_lines(
        HEADER + ["一、本年新收政府信息公开申请数量 5 0 0 0 0 0 5", "（一）予以公开 12 9 5"],
        warnings=warnings,
    )
    row = next(c.row for c in table.cells if c.text == "（一）予以公开")
    assert [c for c in table.cells if c.row == row and c.col >= 2] == []  # no cell, not blank cells
    assert any("（一）予以公开" in w and "not assigned" in w for w in warnings)


def test_run_split_by_the_row_total():
    warnings: list[str] = []
    rows = t3_grid(["一、本年新收政府信息公开申请数量 3402 99 0 451 3511"], warnings)
    assert rows["一、本年新收政府信息公开申请数量"] == ["3402", "99", "0", "4", "5", "1", "3511"]
    assert warnings == [
        "table 3 row 一、本年新收政府信息公开申请数量: split '451' as 4|5|1 by the row total 3511"
    ]


def test_glued_run_with_several_readings_is_not_assigned():
    warnings: list[str] = []
    (table,) = tables_from_lines(
        HEADER + ["（一）予以公开 11 2", "（二）部分公开 1 0 0 0 0 0 1"], warnings=warnings
    )
    row = next(c.row for c in table.cells if c.text == "（一）予以公开")
    assert [c for c in table.cells if c.row == row and c.col >= 2] == []
    assert len(warnings) == 1 and "（一）予以公开: numbers '11 2' fit the 7 columns in" in warnings[0]


def test_narrative_numbers_are_not_a_table():
    lines = ["全年共收到政府信息公开申请174件，予以公开71件。", "本年新收申请 174件", "行政许可 2318"]
    assert tables_from_lines(lines) == []


def test_table_four_as_three_labelled_lines_with_a_blank_group():
    lines = ["四、政府信息公开行政复议、行政诉讼情况", "结果维持 结果纠正 其他结果 尚未审结 总计",
             "行政复议 1 0 0 0 1", "行政诉讼（未经复议直接起诉） 0 0 1 0 1", "行政诉讼（复议后起诉）"]  # fmt: skip
    report, got = facts_of(read_text("\n".join(lines)))
    assert [got[f"t4.review.{o}"] for o in T4_OUTCOMES] == [1, 0, 0, 0, 1]
    assert [got[f"t4.suit_direct.{o}"] for o in T4_OUTCOMES] == [0, 0, 1, 0, 1]
    assert [got[f"t4.suit_after_review.{o}"] for o in T4_OUTCOMES] == [None] * 5


# ---------------------------------------------------------------- what cannot be read


def test_odd_inputs_never_raise():
    assert read_text(b"").status == DocumentStatus.UNREADABLE
    assert read_text(bytes(range(256)) * 40).status == DocumentStatus.CORRUPT
    rtf = read_document(rb"{\rtf1\ansi\ansicpg936 {\fonttbl} hello}", "report.doc")
    assert rtf.status == DocumentStatus.UNSUPPORTED and "RTF" in rtf.message
    doc = read_text("没有表格的一段话。".encode("gb18030"))
    assert doc.status == DocumentStatus.OK and doc.tables == [] and doc.encoding == "gb18030"


def test_fixture_files_are_real_encodings():
    raw = (FIXTURES / "qingshi_transport_2022_pdfcopy.gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert (FIXTURES / "qingshi_transport_2022_tabs.utf16.txt").read_bytes()[:2] == b"\xff\xfe"
    assert re.search(r"\t\t", raw.decode("gb18030")) is None  # that one has no tabs at all
