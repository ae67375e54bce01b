"""The HTML reader and the mapping on hand-written pages in real CMS markup (golden files), on damaged
input, and against the numbers of the two reference reports when ../shared/reference is present.

Regenerate a golden file after a deliberate change with ``NIANBAO_UPDATE_GOLDEN=1 pytest …`` and
review the diff: the golden files were checked by hand against the reference numbers.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.core.catalog import T3_COLUMNS, T3_ROWS, T4_GROUPS, T4_OUTCOMES
from nianbao.core.headings import find_sections
from nianbao.core.kinds import DocumentStatus
from nianbao.extract import decode_html, read_html
from nianbao.extract.document import Cell, ParsedDocument, Table
from nianbao.transform import map_document

FIXTURES = Path(__file__).parent / "fixtures" / "html"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
BASE = "https://www.example.gov.cn/zwgk/ndbg/"

GOLDEN = [
    "shanghai_2019_gb2312.html",  # (a) 2019 format, GB2312 bytes, blanks in 总计, 251000元
    "suqian_2023_2021format.html",  # (b) 2021 format, split （六）, short labels, "总 计", ３０５
    "qingchuan_edu_2022_single_other.html",  # (c) 2021 format printing the single （六） row
    "dongjiang_eco_2022_split_tables.html",  # (d) table 2 per block, tables 3+4 in one grid
    "linjiang_2023_attachment_only.html",  # (e) report page without tables → no_tables
    "notice_not_a_report.html",  # (e) a notice about reports → not_a_report
    "pingan_civil_2017_pre2019.html",  # (f) pre-2019 report → out_of_scope
    "suqian_2023_truncated.html",  # (g) page cut off inside table 3
    # A real CMS (the Shanghai 2019 page) spans header and data cells of table 2 differently:
    # 上一年项目数量 over one column, its value over two; values are paired with labels in order.
    "t2_misaligned_spans_2019.html",
]


def read_fixture(name: str) -> ParsedDocument:
    return read_html((FIXTURES / name).read_bytes(), source=name, base_url=BASE + name)


@pytest.mark.parametrize("name", GOLDEN)
def test_golden(name):
    got = map_document(read_fixture(name)).to_json_dict()
    golden = FIXTURES / name.replace(".html", ".json")
    if os.environ.get("NIANBAO_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert got == json.loads(golden.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- what the reader reports


def test_gb2312_page_is_decoded_and_its_chrome_dropped():
    data = (FIXTURES / "shanghai_2019_gb2312.html").read_bytes()
    assert decode_html(data)[1] == "gb18030"
    doc = read_html(data, source="shanghai")
    assert doc.title == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert doc.published_on == "2020-01-31"
    assert [s.numeral for s in doc.sections] == ["", "一", "二", "三", "四", "五", "六"]
    assert len(doc.tables) == 3  # navigation, sidebar and footer tables are not report tables
    assert "相关年报" not in doc.text and "首页" not in doc.text


def test_cells_keep_raw_text_provenance_and_notes():
    report = map_document(read_fixture("shanghai_2019_gb2312.html"))
    amount = report.facts["t2.procurement.amount"]
    assert (amount.value, amount.raw, amount.note) == (251000, "251000元", "元")
    blank = report.facts["t3.granted.total"]
    assert (blank.value, blank.raw) == (None, "")
    total = report.facts["t3.total_handled.total"]
    assert (total.value, total.table_index, total.row, total.col) == (805, 1, 24, 9)


def test_full_width_digit_wrapped_label_and_spaced_header():
    doc = read_fixture("suqian_2023_2021format.html")
    t3 = doc.tables[1].text_rows()
    assert t3[2][4] == "商业企业"  # "商业</p><p>企业" joined without a space
    assert t3[8][2] == "2.其他法律行政法规禁止公开"  # "…禁止公<br/>开"
    report = map_document(doc)
    assert report.facts["t3.rejected.petition.natural_person"].raw == "３０５"
    assert report.facts["t3.rejected.petition.natural_person"].value == 305
    assert report.facts["t2.fees.amount"].value == 59237.2449
    assert report.facts["t2.penalty.decisions"].value == 2822652


def test_single_other_row_bad_spans_and_attachments():
    doc = read_fixture("qingchuan_edu_2022_single_other.html")
    assert doc.tables[0].n_cols == 4  # colspan="8" on the block title clamped
    assert doc.attachments == ["https://www.example.gov.cn/uploadfiles/2023/01/qcjyj2022nb.pdf"]
    report = map_document(doc)
    assert (report.template, report.other_shape) == ("2021", "single")
    in_force = report.facts["t2.normative_docs.in_force"]
    assert (in_force.value, in_force.note) == (42, "其中修订6件")
    assert report.facts["t2.penalty.decisions"].value == 0  # "—"


def test_block_captions_and_header_rows_split_over_rows():
    doc = read_fixture("dongjiang_eco_2022_split_tables.html")
    assert [t.caption for t in doc.tables[:4]] == [
        "第二十条第（一）项",
        "",
        "第二十条第（六）项",
        "第二十条第（八）项",
    ]
    assert doc.published_on == "2023-01-30"
    report = map_document(doc)
    assert report.facts["t2.fees.amount"].value == 12.5  # block table printed without its header row
    assert report.facts["t3.new_received.commercial"].value == 2  # header "商业" over "企业"
    assert report.facts["t4.suit_direct.total"].value == 2


def test_attachment_only_page_has_no_tables_and_names_the_files():
    doc = read_fixture("linjiang_2023_attachment_only.html")
    assert doc.attachments == [
        "https://www.example.gov.cn/uploads/2024/03/ljxzfb2023nb.pdf",
        BASE + "download.jsp?file=ljxzfb2023nb.docx&id=88",
    ]
    report = map_document(doc)
    assert report.status == "no_tables"
    assert "ljxzfb2023nb.pdf" in report.message


# ---------------------------------------------------------------- section headings


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (  # official headings under wrong numerals (a missing section renumbers the rest)
            ["一、总体情况", "x", "二、主动公开政府信息情况", "三、政府信息公开行政复议、行政诉讼情况", "四、存在的主要问题及改进情况"],
            [("一", "总体情况"), ("二", "主动公开政府信息情况"), ("三", "政府信息公开行政复议、行政诉讼情况"),
             ("四", "存在的主要问题及改进情况")],
        ),
        (  # sub-points 一、二、 inside a section are not headings; a typo heading keeps its place
            ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政法复议情况",
             "五、存在的主要问题及改进情况", "一、加强学习。", "二、完善制度。", "六、其他需要报告的事项", "无。"],
            [("一", "总体情况"), ("二", "主动公开政府信息情况"), ("三", "收到和处理政府信息公开申请情况"),
             ("四", "政府信息公开行政法复议情况"), ("五", "存在的主要问题及改进情况"), ("六", "其他需要报告的事项")],
        ),
        (  # heading and text in one paragraph; an extra section between official ones
            ["一、 总体情况2023年，本局……", "五、存在的主要问题及改进情况", "六、政务公开标准化建设", "七、其他需要报告的事项"],
            [("一", "总体情况"), ("五", "存在的主要问题及改进情况"), ("六", "政务公开标准化建设"), ("七", "其他需要报告的事项")],
        ),
        (["（一）主动公开方面", "一是加强解读", "1.规章"], []),
    ],
)  # fmt: skip
def test_find_sections(lines, expected):
    sections = find_sections(lines)
    assert [(s.numeral, s.heading) for s in sections if s.numeral] == expected


def test_section_text_keeps_the_original_characters():
    sections = find_sections(["一、总体情况。2023年，本局推进公开。", "（一）主动公开方面。"])
    assert sections[0].text == "2023年，本局推进公开。\n（一）主动公开方面。"


# ---------------------------------------------------------------- damaged and odd input


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"", DocumentStatus.UNREADABLE),
        (b"   \n\t ", DocumentStatus.UNREADABLE),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", DocumentStatus.UNSUPPORTED),
        (b"PK\x03\x04\x14\x00\x06\x00", DocumentStatus.UNSUPPORTED),
        (random.Random(7).randbytes(5000), DocumentStatus.CORRUPT),
    ],
)
def test_unreadable_input_gets_a_status(data, status):
    doc = read_html(data, source="odd")
    assert doc.status == status and doc.message
    assert map_document(doc).status == status


@pytest.mark.parametrize(
    "html",
    [
        "<table><tr><td rowspan='abc' colspan='-2'>规章</td><td rowspan=99999>1",
        "<td>一、本年新收政府信息公开申请数量</td><td>3</td></tr></table></table>",
        "<html><body><table><table><tr><td></td></tr></table></body>",
        "<div>" * 3000 + "一、总体情况" + "</div>" * 10,
        "<table>" + "<tr><td>x</td></tr>" * 500 + "<tr><td colspan=1000>y</td></tr>",
        "<p>一、总体情况</p><p>一、本年新收</p><table><tr><td>(七)总计</td><td>3</td></tr></table>",
        "\x00\x01<html>\ufffd",
    ],
)
def test_malformed_html_never_raises(html):
    doc = read_html(html)
    report = map_document(doc)
    assert report.status in {"ok", "partial", "not_a_report", "unknown_layout", "unreadable", "corrupt"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "<table>",
                "</table>",
                "<tr>",
                "</tr>",
                "<td rowspan=2>",
                "<td colspan=0>",
                "</td>",
                "<p>",
                "<br>",
                "一、总体情况",
                "（六）其他处理",
                "3",
                "—",
                "自然人",
                "行政复议",
                "第二十条第（一）项",
                "信息内容",
                "本年制发件数",
                "规章",
                "<div id=zoom>",
                "</div>",
                "&nbsp;",
                "<a href='x.pdf'>附件</a>",
            ]
        ),  # fmt: skip
        max_size=80,
    )
)
def test_random_markup_never_raises(parts):
    report = map_document(read_html("".join(parts).encode("utf-8")))
    assert report.status


def test_pre_2019_structure_without_a_year_is_out_of_scope():
    rows = [
        ["统计指标", "单位", "统计数"],
        ["（一）主动公开政府信息数", "条", "86"],
        ["（一）收到申请数", "件", "2"],
    ]
    cells = [Cell(text, r, c) for r, row in enumerate(rows) for c, text in enumerate(row)]
    doc = ParsedDocument(source="x", media_type="html", title="某县民政局政府信息公开工作年度报告")
    doc.tables = [Table(index=0, cells=cells)]
    assert map_document(doc).status == DocumentStatus.OUT_OF_SCOPE


def test_declared_charset_yields_to_valid_utf8_and_header_wins_over_meta():
    page = '<meta charset="gb2312"><p>政府信息公开</p>'
    assert decode_html(page.encode("utf-8")) == (page, "utf-8")
    gbk = '<meta charset="utf-8"><p>政府信息公开</p>'.encode("gbk")
    assert decode_html(gbk, header_charset="GBK")[1] == "gb18030"
    assert decode_html(gbk, header_charset="ISO-8859-1")[1] == "gb18030"  # a default header is not evidence
    assert decode_html("政务公开".encode()[:-1]) == ("政务公", "utf-8")  # cut inside a character


# ---------------------------------------------------------------- fixtures carry the reference numbers


def _reference(name: str) -> str:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path.read_text(encoding="utf-8")


def _number(text: str) -> float | None:
    text = text.strip().removesuffix("元")
    return float(text) if text else None


def test_shanghai_fixture_prints_the_reference_numbers():
    text = _reference("shanghai_office_2019_tables.txt")
    facts = map_document(read_fixture("shanghai_2019_gb2312.html")).facts
    t3_lines = [
        [c.strip() for c in line.split("|")]
        for line in text[text.index("[TABLE 3]") : text.index("[TABLE 4]")].splitlines()[1:]
        if line.count("|") == 7 and not line.startswith("四、政府信息公开")
    ]
    rows = [r for r in T3_ROWS if not r.startswith(("other.no_", "other.misc"))]
    assert len(t3_lines) == len(rows)
    for row, cells in zip(rows, t3_lines, strict=True):
        for column, cell in zip(T3_COLUMNS, cells[1:], strict=True):
            assert facts[f"t3.{row}.{column}"].value == _number(cell), (row, column)
    t4_line = text[text.index("[TABLE 4]") :].splitlines()[1]
    t4_cells = [c for group in t4_line.split("||") for c in group.split("|")]
    t4_codes = [f"t4.{g}.{o}" for g in T4_GROUPS for o in T4_OUTCOMES]
    assert [facts[code].value for code in t4_codes] == [_number(c) for c in t4_cells]
    assert (
        facts["t2.procurement.amount"].value == 251000
        and facts["t2.regulations.total_published"].value == 524
    )


def test_suqian_fixture_prints_the_reference_numbers():
    text = _reference("suqian_2023_pdf_text.txt")
    facts = map_document(read_fixture("suqian_2023_2021format.html")).facts
    t3_text = text[text.index("三、收到和处理") : text.index("五、存在的主要问题")]
    number_rows = [
        line.split()[-7:] for line in t3_text.splitlines() if re.search(r"(\s[0-9]+){7}$", " " + line)
    ]
    rows = [r for r in T3_ROWS if r != "other.unitemised"]
    assert len(number_rows) == len(rows)
    for row, cells in zip(rows, number_rows, strict=True):
        assert [facts[f"t3.{row}.{c}"].value for c in T3_COLUMNS] == [float(x) for x in cells], row
    t4 = [float(x) for x in text.strip().splitlines()[-1].split()]
    assert [facts[f"t4.{g}.{o}"].value for g in T4_GROUPS for o in T4_OUTCOMES] == t4


def test_status_words_are_the_contract_words():
    assert map_document(read_fixture("suqian_2023_2021format.html")).status == DocumentStatus.OK


def test_table3_values_spanning_other_grid_columns_than_their_headers_are_paired_in_order():
    """Word-pasted table 3 (sample portal, cms_b): 商业企业's values span two grid columns under a
    header of one, 科研机构's header two over values of one. Every cell is read, none is dropped."""
    from nianbao.core.catalog import template_metrics
    from nianbao.demo.printing import draw_style
    from nianbao.demo.tables import Skin, t3_misaligned_spans, t3_table

    rng = random.Random(3)
    codes = [c for c in template_metrics("2021", other_shape="split") if c.startswith("t3.")]
    texts = {code: str(i) for i, code in enumerate(codes)}
    table = t3_misaligned_spans(t3_table("split", texts, draw_style(rng, t2_split=False)))
    page = f"<html><body><h1>某区2023年政府信息公开工作年度报告</h1>{Skin('cms_b', rng).html(table)}</body></html>"
    mapped = map_document(read_html(page))
    assert {code: fact.raw for code, fact in mapped.facts.items() if code.startswith("t3.")} == texts
    assert not [w for w in mapped.warnings if "spans several metric cells" in w]


def test_a_report_with_cells_left_unread_is_partial_and_names_them():
    """Honest status: one value cell of table 3 spanning two header columns (not paired: its row no
    longer prints one value per header) leaves one cell unread; the report is partial, the message
    counts the unread cells and the JSON lists them. The same report printed whole is ok."""
    from dataclasses import replace

    from nianbao.core.catalog import template_metrics
    from nianbao.demo.printing import draw_style
    from nianbao.demo.tables import Skin, report_tables

    rng = random.Random(5)
    style = draw_style(rng, t2_split=False)
    texts = {code: str(i % 7) for i, code in enumerate(template_metrics("2021", other_shape="split"))}
    tables = report_tables("2021", "split", texts, style)

    def page(t3) -> str:
        html = "".join(Skin("cms_a", rng).html(t) for t in [*tables["t2"], t3, tables["t4"][0]])
        return f"<html><body><h1>某区2023年政府信息公开工作年度报告</h1>{html}</body></html>"

    whole = map_document(read_html(page(tables["t3"][0])))
    assert whole.status == DocumentStatus.OK and whole.unread == [] and whole.to_json_dict()["unread"] == []
    t3 = tables["t3"][0]
    row = t3.header_rows  # 一、本年新收: its 商业企业 value also covers 科研机构's column
    cells = list(t3.rows[row])
    cells[-6:-4] = [replace(cells[-6], colspan=2)]  # 商业企业's value spanning two; 科研机构's gone
    broken = map_document(read_html(page(replace(t3, rows=[*t3.rows[:row], cells, *t3.rows[row + 1 :]]))))
    assert broken.status == DocumentStatus.PARTIAL
    assert broken.to_json_dict()["unread"] == ["t3.new_received.research"]
    assert "1 of the 200 cells the format prints were not read" in broken.message
