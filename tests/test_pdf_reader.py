"""The PDF reader on report PDFs drawn at test time (``pdf_samples``): every fact the mapping reads must
be the number drawn, cells carry page and bounding box, and documents that cannot be read get the
status that says why (never a table of zeros).
"""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdf_samples import (
    FILLER,
    T2_2019,
    TEXT_W,
    ReportPdf,
    SpecCell,
    TableSpec,
    encrypted_pdf,
    image_only_pdf,
    layout_variant,
    page_break_report,
    reference_table_pdf,
    unmapped_font_pdf,
    unruled_report_2019,
    word_report_2021,
)
from reportdata import shanghai_2019, suqian_2023

from nianbao.core.catalog import T3_COLUMNS
from nianbao.core.kinds import DocumentStatus
from nianbao.extract.document import ParsedDocument, Table
from nianbao.extract.pdf.lines import join_over_break
from nianbao.extract.pdf.page import is_page_number, printed_date
from nianbao.extract.pdf.reader import read_pdf
from nianbao.extract.pdf.text import (
    TextLine,
    drop_duplicate_chars,
    group_lines,
    join_wrapped,
    starts_row,
    unreadable_reason,
)
from nianbao.extract.read import read_document
from nianbao.transform import map_document

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "suqian_2023_pdf_text.txt"


def assert_every_fact(doc: ParsedDocument, expected: dict[str, float | None]):
    """The mapped facts are exactly the metrics drawn, each with the value drawn (blank → None)."""
    report = map_document(doc)
    wrong = {
        code: (value, report.facts[code].value if code in report.facts else "missing")
        for code, value in expected.items()
        if code not in report.facts or report.facts[code].value != value
    }
    assert not wrong, wrong
    assert set(report.facts) == set(expected)
    return report


def table_with(doc: ParsedDocument, text: str) -> Table:
    return next(t for t in doc.tables if any(text in c.text for c in t.cells))


def cell_with(table: Table, text: str):
    return next(c for c in table.cells if c.text == text)


# ---------------------------------------------------------------- (1) a Word-made 2021-format report


@pytest.fixture(scope="module")
def word_2021() -> ParsedDocument:
    return read_pdf(word_report_2021(suqian_2023()), "word_2021.pdf")


def test_word_2021_report_maps_every_fact(word_2021):
    report = assert_every_fact(word_2021, suqian_2023())
    assert (report.status, report.template, report.other_shape) == (DocumentStatus.OK, "2021", "split")
    assert (report.agency_name, report.year) == ("宿迁市人民政府", 2023)
    assert report.warnings == []


def test_word_2021_table_3_is_one_table_over_two_pages(word_2021):
    t3 = table_with(word_2021, "申请人情况")
    assert len(word_2021.tables) == 3
    assert {c.page for c in t3.cells} == {2, 3}
    assert sum("申请人情况" in c.text for c in t3.cells) == 1  # the repeated header is dropped
    # The stacked 三/、/本/年/度… is one label over every result row, though the page break cut it.
    stack = cell_with(t3, "三、本年度办理结果")
    assert (stack.rowspan, stack.page) == (22, 2)
    withheld = cell_with(t3, "(三)不予公开")
    assert withheld.rowspan == 8  # five rows on page 2, three on page 3
    grid = t3.text_rows()
    assert grid[len(grid) - 1][:3] == ["四、结转下年度继续办理"] * 3
    assert "- 2 -" not in word_2021.text and "-2-" not in word_2021.text.replace(" ", "")


def test_word_2021_wrapped_labels_and_notes_stay_in_their_cells(word_2021):
    t3 = table_with(word_2021, "申请人情况")
    row = next(r for r in t3.text_rows() if "2.其他法律行政法规禁止公开" in r)
    assert row[-7:] == ["27", "0", "0", "0", "0", "0", "27"]  # numbers centred between the label's lines
    facts = map_document(word_2021).facts
    in_force = facts["t2.normative_docs.in_force"]
    assert (in_force.value, in_force.raw, in_force.note) == (597, "597(其中修订16件)", "其中修订16件")
    assert facts["t2.fees.amount"].value == 59237.2449
    licensing = cell_with(table_with(word_2021, "行政许可"), "1808595")
    assert licensing.colspan == 3  # the merged value cell of a one-column block


def test_word_2021_cells_carry_page_and_bounding_box(word_2021):
    facts = map_document(word_2021).facts
    first, later = facts["t3.new_received.total"], facts["t3.unable.not_held.total"]
    assert (first.page, later.page) == (2, 3)
    for fact in (first, later, facts["t4.review.total"], facts["t2.regulations.issued"]):
        x0, top, x1, bottom = fact.bbox
        assert 0 < x0 < x1 <= 595 and 0 < top < bottom <= 842
    assert first.bbox[0] > 72 + 190  # the 总计 column is right of the three label columns
    total_natural = facts["t3.new_received.natural_person"]
    assert total_natural.bbox[2] <= first.bbox[0] + 0.5  # neighbouring cells do not overlap


def test_word_2021_title_date_sections_and_radicals(word_2021):
    assert word_2021.title == "宿迁市人民政府2023年政府信息公开工作年度报告"  # drawn with ⺠
    assert word_2021.published_on == "2024-01-20"
    assert [s.numeral for s in word_2021.sections] == ["", "一", "二", "三", "四", "五", "六"]
    assert word_2021.n_pages == 4 and word_2021.media_type == "pdf" and word_2021.status == DocumentStatus.OK
    assert "⺠" not in word_2021.text and all("⺠" not in c.text for t in word_2021.tables for c in t.cells)
    assert word_2021.sections[1].text.startswith("2023年,我市以习近平")  # folded: NFKC makes ， a comma


# ---------------------------------------------------------------- (2) tables without ruling lines


@pytest.fixture(scope="module")
def unruled_2019() -> ParsedDocument:
    return read_pdf(unruled_report_2019(shanghai_2019()), "unruled_2019.pdf")


def test_unruled_2019_report_maps_every_fact(unruled_2019):
    report = assert_every_fact(unruled_2019, shanghai_2019())
    assert (report.status, report.template, report.other_shape) == (DocumentStatus.OK, "2019", "single")
    assert report.warnings == []
    amount = report.facts["t2.procurement.amount"]
    assert (amount.value, amount.raw) == (251000, "251000元")
    assert report.facts["t3.granted.total"].raw == ""  # printed blank, read as blank


def test_unruled_2019_grid_has_the_ruled_shape(unruled_2019):
    t3 = table_with(unruled_2019, "申请人情况")
    assert {c.page for c in t3.cells} == {2, 3}  # joined over the page break, no header repeated
    assert cell_with(t3, "三、本年度办理结果").rowspan >= 20
    assert cell_with(t3, "(三)不予公开").rowspan == 8
    columns = next(r for r in t3.text_rows() if "自然人" in r)[-7:]
    assert columns == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    t4 = table_with(unruled_2019, "行政复议")
    assert (cell_with(t4, "行政复议").colspan, cell_with(t4, "未经复议直接起诉").colspan) == (5, 5)
    blank = map_document(unruled_2019).facts["t4.review.corrected"]
    assert blank.value is None and blank.page == 3 and blank.bbox is not None


def test_unruled_2019_blocks_keep_their_titles(unruled_2019):
    blocks = [t for t in unruled_2019.tables if any("信息内容" in c.text for c in t.cells)]
    assert len(blocks) == 5
    assert [s.numeral for s in unruled_2019.sections] == ["", "一", "二", "三", "四", "五", "六"]
    assert unruled_2019.title == "2019年上海市人民政府办公厅政府信息公开工作年度报告"


# ---------------------------------------------------------------- (3) fake bold, full-width digits


@pytest.fixture(scope="module")
def fake_bold() -> ParsedDocument:
    data = word_report_2021(
        suqian_2023(),
        fake_bold=True,
        full_width=True,
        repeat_header=False,
        break_at=(22, 1),  # Word lets a row break: 5.要求行政机关确认或重新… runs onto page 3
        running_header="宿迁市人民政府2023年政府信息公开工作年度报告",
        footer="第 {n} 页",
    )
    return read_pdf(data, "fake_bold.pdf")


def test_fake_bold_full_width_and_split_row_map_every_fact(fake_bold):
    report = assert_every_fact(fake_bold, suqian_2023())
    assert report.status == DocumentStatus.OK and report.warnings == []
    assert report.facts["t3.new_received.natural_person"].raw == "3402"  # printed ３４０２


def test_fake_bold_text_is_read_once(fake_bold):
    assert "宿宿" not in fake_bold.text and "总体情况" in fake_bold.text
    assert fake_bold.title == "宿迁市人民政府2023年政府信息公开工作年度报告"
    assert "第 2 页" not in fake_bold.text and fake_bold.text.count("年度报告") == 1  # running header dropped
    t3 = table_with(fake_bold, "申请人情况")
    split = next(r for r in t3.text_rows() if any("确认或重新" in c for c in r))
    assert "5.要求行政机关确认或重新出具已获取信息" in split and split[-1] == "4"


# ---------------------------------------------------------------- the Suqian reference, re-set


def test_suqian_reference_table_lines_map():
    if not REFERENCE.is_file():
        pytest.skip(f"{REFERENCE} is not present")
    doc = read_pdf(reference_table_pdf(REFERENCE.read_text(encoding="utf-8")), "suqian_reference.pdf")
    expected = {code: v for code, v in suqian_2023().items() if not code.startswith("t4.")}
    report = map_document(doc)
    wrong = {
        c: (v, report.facts.get(c))
        for c, v in expected.items()
        if getattr(report.facts.get(c), "value", "x") != v
    }
    assert not wrong, wrong
    t3 = table_with(doc, "申请人情况")
    assert sum("申请人情况" in c.text for c in t3.cells) == 1  # repeated on page 2, dropped
    labels = {c.text for c in t3.cells}
    assert {"三、本年度办理结果", "(三)不予公开", "(四)无法提供", "2.其他法律行政法规禁止公开"} <= labels


# ---------------------------------------------------------------- (4)-(7) documents that cannot be read


def test_image_only_pdf_needs_ocr_never_zeros():
    doc = read_pdf(image_only_pdf(pages=2), "scan.pdf")
    assert doc.status == DocumentStatus.NEEDS_OCR
    assert "2 page(s)" in doc.message and "2 image(s)" in doc.message and "no text layer" in doc.message
    report = map_document(doc)
    assert report.status == DocumentStatus.NEEDS_OCR and report.facts == {}


def test_font_without_unicode_mapping_is_unreadable():
    doc = read_pdf(unmapped_font_pdf(), "cid.pdf")
    assert doc.status == DocumentStatus.UNREADABLE and "(cid:" in doc.message
    assert map_document(doc).facts == {}


@pytest.mark.parametrize(
    ("texts", "word"),
    [
        (["(cid:12)"] * 40 + list("政府信息"), "Unicode"),
        (["\ue012\ue013\ue014" * 20], "private-use"),
        (["Õþ¸®ÐÅÏ¢¹«¿ª" * 10], "mojibake"),
        (["".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(400))], "wrong characters"),
    ],
)
def test_unreadable_text_is_named(texts, word):
    assert word in (unreadable_reason(texts) or "")


def test_real_text_is_readable():
    assert (
        unreadable_reason(
            ["2023年，我市以习近平新时代中国特色社会主义思想为指导，全面落实政府信息公开工作。" * 20]
        )
        is None
    )


def test_encrypted_pdf():
    doc = read_pdf(encrypted_pdf(), "locked.pdf")
    assert doc.status == DocumentStatus.ENCRYPTED and "password" in doc.message


@pytest.mark.parametrize("share", [0.05, 0.3, 0.6, 0.9, 0.995])
def test_truncated_pdf_is_corrupt(share):
    data = word_report_2021(suqian_2023())
    doc = read_pdf(data[: int(len(data) * share)], "cut.pdf")
    assert doc.status == DocumentStatus.CORRUPT and doc.message


@pytest.mark.parametrize("seed", range(5))
def test_damaged_bytes_never_raise(seed):
    data = bytearray(word_report_2021(suqian_2023()))
    rng = random.Random(seed)
    for _ in range(40):
        data[rng.randrange(200, len(data))] = rng.randrange(256)
    doc = read_document(bytes(data), "damaged.pdf")
    assert doc.media_type == "pdf" and doc.status
    map_document(doc)


def test_read_document_sends_pdfs_to_the_pdf_reader():
    doc = read_document(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "x.pdf")
    assert (doc.media_type, doc.status) == ("pdf", DocumentStatus.CORRUPT)


# ---------------------------------------------------------------- speed and helpers


def test_parse_speed():
    data = word_report_2021(suqian_2023())
    read_pdf(data)  # the first call loads the fonts' character maps
    start = time.process_time()  # CPU time: other jobs on the machine do not count
    doc = read_pdf(data)
    elapsed = time.process_time() - start
    assert doc.n_pages / elapsed > 3, f"{doc.n_pages / elapsed:.1f} pages/s"


def test_fake_bold_duplicates_are_dropped_and_repeats_kept():
    def char(text, x, top):
        return {"text": text, "x0": x, "x1": x + 10, "top": top, "bottom": top + 10}

    chars = [char("总", 0, 0), char("总", 0.4, 0.1), char("0", 20, 0), char("0", 25, 0), char("0", 20.3, 0)]
    assert [(c["text"], c["x0"]) for c in drop_duplicate_chars(chars)] == [("总", 0), ("0", 20), ("0", 25)]


def test_small_helpers():
    assert all(map(is_page_number, ["- 3 -", "—3—", "第 3 页", "第3页 共9页", "3/9", "12"]))
    assert not any(map(is_page_number, ["3402 99 0", "第二十条第（一）项", "2023年"]))
    assert printed_date(["一、总体情况", "文字", "某局", "二〇二四年一月二十日"]) == "2024-01-20"
    assert printed_date(["发布日期：2024-01-31", "x"]) == "2024-01-31"
    assert join_wrapped(["340", "2"]) == "3402" and join_wrapped(["商业", "企业"]) == "商业企业"
    assert (
        starts_row("（三）不予公开")
        and starts_row("规章")
        and not starts_row("开")
        and not starts_row("出具已获取信息")
    )
    assert re.fullmatch(r"[0-9]+", "".join(T3_COLUMNS)) is None


# ---------------------------------------------------------------- other layouts of real reports


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("ruled, numbers at the top of tall rows", {"valign": "top"}),
        ("ruled, numbers at the bottom of tall rows", {"valign": "bottom"}),
        ("unruled, numbers at the top", {"ruled": False, "valign": "top"}),
        ("unruled, numbers at the bottom", {"ruled": False, "valign": "bottom"}),
        ("no outer left/right borders", {"open_sides": True}),
        (
            "heading typed into the table, 续表 above the continuation",
            {"heading_in_table": True, "continued_mark": True},
        ),
    ],
)
def test_other_layouts_map_every_fact(name, options):
    doc = read_pdf(layout_variant(suqian_2023(), **options), name)
    report = assert_every_fact(doc, suqian_2023())
    assert report.status == DocumentStatus.OK, (report.message, report.warnings)
    assert [s.numeral for s in doc.sections] == ["", "一", "二", "三", "四", "五", "六"]
    t3 = table_with(doc, "申请人情况")
    assert sum("申请人情况" in c.text for c in t3.cells) == 1 and "续表" not in doc.text


def test_unruled_2019_blocks_with_numbers_at_the_top():
    doc = read_pdf(layout_variant(shanghai_2019(), ruled=False, valign="top", blocks=T2_2019))
    assert_every_fact(doc, shanghai_2019())


def test_prose_in_a_two_column_frame_is_narrative():
    pdf = ReportPdf()
    pdf.title(["某局2023年政府信息公开工作年度报告"])
    pdf.table(TableSpec([90, TEXT_W - 90], [[SpecCell("一、总体情况"), SpecCell(FILLER * 2, align="left")]]))
    doc = read_pdf(pdf.bytes())
    assert doc.tables == [] and [s.heading for s in doc.sections if s.numeral] == ["总体情况"]


# ---------------------------------------------------------------- unruled parts cut by a page break


@pytest.mark.parametrize(
    ("name", "facts", "options"),
    [
        ("(八)'s header at a page foot, its row next; table 3's last row next", suqian_2023, {}),
        ("2019: (八)'s header at a page foot; table 3's last row next", shanghai_2019, {"blocks": T2_2019}),
        (
            "(六)'s header, table 3's header and table 4's header each alone at a page foot",
            suqian_2023,
            {"block": 2, "t3_keep": 3, "t4_keep": 3},
        ),
        (
            "2019: (九)'s, table 3's and table 4's header alone at a page foot",
            shanghai_2019,
            {"blocks": T2_2019, "block": 4, "t3_keep": 3, "t4_keep": 3},
        ),
        (
            "one row of (六) and two rows of table 3 carried over",
            suqian_2023,
            {"block": 2, "block_keep": 2, "t3_keep": -2},
        ),
    ],
)
def test_unruled_parts_cut_by_a_page_break_map_every_fact(name, facts, options):
    doc = read_pdf(page_break_report(facts(), **options), name)
    report = assert_every_fact(doc, facts())
    assert report.status == DocumentStatus.OK, (report.message, report.warnings)
    assert [s.numeral for s in doc.sections] == ["", "一", "二", "三", "四", "五", "六"]
    narrative = "".join(s.text for s in doc.sections)
    assert not any(
        word in narrative for word in ("信息内容", "申请人情况", "结转下年度继续办理", "复议后起诉")
    )


def test_a_header_alone_at_a_page_foot_takes_its_row_from_the_next_page():
    doc = read_pdf(page_break_report(suqian_2023()), "break.pdf")
    fees = table_with(doc, "行政事业性收费")
    assert {c.page for c in fees.cells} == {1, 2}  # one table: header on page 1, its row on page 2
    assert fees.text_rows()[-1][0] == "行政事业性收费" and "59237.2449" in fees.text_rows()[-1]
    t3 = table_with(doc, "申请人情况")
    assert t3.text_rows()[-1][0] == "四、结转下年度继续办理"
    facts = map_document(doc).facts
    assert (facts["t2.fees.amount"].page, facts["t3.carried_out.total"].page) == (2, 4)
    assert facts["t3.total_handled.total"].page == 3


def _line(page: int, top: float, *parts: tuple[float, str], size: float = 10.5) -> TextLine:
    chars = []
    for x, text in parts:
        for ch in text:
            width = size if ord(ch) > 0x2000 else size / 2
            chars.append(
                {"text": ch, "x0": x, "x1": x + width, "top": top, "bottom": top + size, "size": size}
            )
            x += width
    return group_lines(chars, page)[0]


def test_join_over_break_stops_at_headings_paragraphs_and_other_columns():
    header = [
        _line(1, 741, (72, "第二十条第（八）项"), size=12),
        _line(1, 755, (74, "信息内容"), (306, "本年收费金额（单位：万元）")),
    ]
    row = _line(2, 77, (74, "行政事业性收费"), (351, "59237.2449"))
    joined = join_over_break(header, [row])
    assert joined is not None and joined.lines[-2:] == [header[-1], row]
    heading = _line(2, 77, (72, "三、收到和处理政府信息公开申请情况"), size=12)
    assert (
        join_over_break(header, [heading, _line(2, 96, (74, "行政事业性收费"), (351, "59237.2449"))]) is None
    )
    paragraph = _line(
        2, 77, (96, "本年度共收取行政事业性收费若干万元，均按规定标准执行并上缴财政。"), size=12
    )
    assert join_over_break(header, [paragraph, _line(2, 96, (74, "行政事业性收费"), (351, "1"))]) is None
    elsewhere = _line(2, 77, (74, "行政事业性收费"), (500, "59237.2449"))  # right of the column
    assert join_over_break(header, [elsewhere]) is None
    # A row carried over joins the rows above it, even alone; a lone label line does not.
    rows = header + [_line(1, 774, (74, "行政处罚"), (357, "2822652"))]
    carried = _line(2, 77, (74, "行政强制"), (362, "20163"))
    assert join_over_break(rows, [carried]).lines == [*rows, carried]
    assert join_over_break(rows, [_line(2, 77, (74, "其他说明"))]) is None


def test_a_paragraph_grows_line_by_line_to_the_same_text_as_one_join():
    """A paragraph over hundreds of appendix pages is joined a line at a time (linear, not a rejoin per
    line); the text must be what joining all its lines at once gives."""
    from nianbao.extract.pdf.page import Paragraph

    def line(text: str, n: int) -> TextLine:
        chars = [{"text": ch, "x0": 10.0 * i, "x1": 10.0 * i + 9, "top": 20.0 * n, "bottom": 20.0 * n + 10,
                  "size": 10.0} for i, ch in enumerate(text)]  # fmt: skip
        return TextLine(chars, page=1 + n // 40)

    texts = [
        "全市共主动公开",
        "政府信息18万余条 ",
        "340",
        "2件，涉及 GDP",
        "growth 与",
        "  ",
        "ABC",
        "商业企业",
    ]
    lines = [line(t, n) for n, t in enumerate(texts)]
    paragraph = Paragraph(lines[:1])
    for more in lines[1:]:
        paragraph.append(more)
    assert (
        paragraph.text
        == join_wrapped(t.text for t in lines)
        == "全市共主动公开政府信息18万余条3402件,涉及 GDP growth 与ABC商业企业"
    )
    assert paragraph.lines == lines


def _sample_report(texts: dict[str, str], style):
    """A whole 2021-format report as the sample portal writes it (``demo``), sections and tables."""
    from nianbao.demo.narrative import ReportDoc
    from nianbao.demo.tables import report_tables

    tables = report_tables("2021", "split", texts, style)
    blocks = [
        ("p", "本报告依据《中华人民共和国政府信息公开条例》编制。"),
        ("h", "一、总体情况"),
        ("p", "本年度工作情况。"),
    ]
    blocks += [("h", "二、主动公开政府信息情况")] + [("table", t) for t in tables["t2"]]
    blocks += [("h", "三、收到和处理政府信息公开申请情况"), ("table", tables["t3"][0])]
    blocks += [("h", "四、政府信息公开行政复议、行政诉讼情况"), ("table", tables["t4"][0])]
    blocks += [
        ("h", "五、存在的主要问题及改进情况"),
        ("p", "无。"),
        ("h", "六、其他需要报告的事项"),
        ("p", "无。"),
    ]
    return ReportDoc("某区2023年政府信息公开工作年度报告", "某区", blocks)


@pytest.mark.parametrize("layout", ["word", "plain"])
@pytest.mark.parametrize("rows_before_break", [1, 2, 3])
def test_table4_cut_by_a_page_break_without_its_header_repeated(layout, rows_before_break):
    """Table 4's first rows (the group labels 行政复议 / 行政诉讼 …, perhaps the outcomes) end a page and
    the rest (at worst the 15 values alone) starts the next, the header not repeated (sample portal:
    Word and plain PDFs). Every cell is read; the report is ok."""
    from nianbao.core.catalog import template_metrics
    from nianbao.demo.pdf_report import render_pdf
    from nianbao.demo.printing import draw_style

    texts = {code: str(i % 9 + 1) for i, code in enumerate(template_metrics("2021", other_shape="split"))}
    doc = _sample_report(texts, draw_style(random.Random(5), t2_split=False))
    data = render_pdf(doc, layout, random.Random(1), t4_rows=rows_before_break)
    pdf = pdfium.PdfDocument(data)  # PDFium's text drops the fake-bold duplicates of Word headings
    pages = [page.get_textpage().get_text_range() for page in pdf]
    heading_page = next(i for i, text in enumerate(pages) if "四、政府信息公开" in text)
    assert "五、存在" not in pages[heading_page] and "五、存在" in pages[heading_page + 1]  # cut inside
    mapped = map_document(read_pdf(data))
    assert {code: fact.raw for code, fact in mapped.facts.items()} == texts
    assert mapped.status == DocumentStatus.OK and mapped.unread == []
