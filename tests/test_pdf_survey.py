"""The cheap first pass over a PDF: only pages printing a table (and their neighbours) get the layout
reader; running text is read from PDFium's glyphs into the same lines, so a long report reads as fast as
its table pages plus a text pass, and reads the same as before. The layout reader's pages are PDFium's
glyphs and ruling lines too: every sample PDF reads the same as with pdfplumber's."""

from __future__ import annotations

from io import BytesIO

import pdfplumber
import pypdfium2
import pytest
from pdf_samples import (
    FILLER,
    T2_2019,
    TEXT_W,
    ReportPdf,
    layout_variant,
    page_break_report,
    unmapped_font_pdf,
    unruled_report_2019,
    word_report_2021,
)
from reportdata import shanghai_2019, suqian_2023

import nianbao.extract.pdf.reader as pdf_reader
from nianbao.extract.pdf.reader import read_pdf
from nianbao.extract.pdf.survey import layout_pages, prose_pages
from nianbao.extract.pdf.text import fold, group_lines, usable_chars
from nianbao.transform.build import parse_and_map


def _merged(*parts: bytes) -> bytes:
    merged = pypdfium2.PdfDocument.new()
    for part in parts:
        doc = pypdfium2.PdfDocument(part)
        merged.import_pages(doc)
    out = BytesIO()
    merged.save(out)
    return out.getvalue()


def _appendix(sections: int, width: float = TEXT_W) -> bytes:
    """Running text with fake-bold headings (drawn twice, 0.3 pt apart), several pages long."""
    pdf = ReportPdf(fake_bold=True)
    for n in range(1, sections + 1):
        pdf.heading(f"附件{n}：关于进一步做好政务公开工作的通知")
        pdf.paragraph(FILLER * 6, width=width)
    return pdf.bytes()


@pytest.fixture(scope="module")
def long_report() -> tuple[bytes, int]:
    report = word_report_2021(suqian_2023(), fake_bold=True)
    return _merged(report, _appendix(16)), len(pypdfium2.PdfDocument(report))


def test_layout_pages_are_table_pages_and_their_neighbours():
    prose = "为保障公民依法获取政府信息，现将有关情况报告如下。" * 3
    texts = [prose, prose, "申请人情况 自然人 商业企业", prose, prose, None, prose, prose]
    assert layout_pages(texts) == {2, 3, 4, 6}  # page 6: PDFium could not read it with confidence
    values = "\r\n".join(["项目", *[str(n) for n in range(8)]])  # a column of values without labels
    assert layout_pages([prose, values, prose, prose]) == {1, 2, 3}


def test_a_document_with_no_table_page_is_read_whole_by_the_layout_reader():
    prose = "本机关认真贯彻落实政务公开各项要求。" * 4
    assert layout_pages([prose] * 5) == {1, 2, 3, 4, 5}


def test_appendix_pages_are_prose_and_report_pages_are_not(long_report):
    data, report_pages = long_report
    prose = prose_pages(data)
    n = len(pypdfium2.PdfDocument(data))
    assert n >= report_pages + 6
    assert set(range(1, report_pages + 1)).isdisjoint(prose)  # table pages and the pages beside them
    # the appendix is running text: all of it, but perhaps its first page, which neighbours the report's
    # last page (a table cut by that break would continue there)
    assert set(range(report_pages + 2, n + 1)) <= set(prose) <= set(range(report_pages + 1, n + 1))


def test_a_prose_page_gives_the_lines_pdfplumber_gives(long_report):
    data, _ = long_report
    prose = prose_pages(data)
    with pdfplumber.open(BytesIO(data)) as pdf:
        for number, chars in prose.items():
            expected = group_lines(usable_chars(pdf.pages[number - 1].chars), number)
            got = group_lines(usable_chars(chars), number)
            assert [ln.text for ln in got] == [ln.text for ln in expected], number  # fake bold read once
            for a, b in zip(got, expected, strict=True):
                # the same boxes on any machine, whichever CJK font PDFium renders the page with
                assert abs(a.x0 - b.x0) < 0.05 and abs(a.x1 - b.x1) < 0.05, number
                assert abs(a.top - b.top) < 0.05 and abs(a.bottom - b.bottom) < 0.05, number


def test_the_survey_changes_no_part_of_what_the_reader_reads(long_report, monkeypatch):
    data, _ = long_report
    fast = read_pdf(data, "long.pdf")
    monkeypatch.setattr(pdf_reader, "survey_pdf", lambda data: None)  # every page by pdfplumber
    whole = read_pdf(data, "long.pdf")
    assert fast.text == whole.text
    assert fast.sections == whole.sections
    assert (fast.title, fast.published_on, fast.status, fast.warnings) == (
        whole.title,
        whole.published_on,
        whole.status,
        whole.warnings,
    )
    assert_same_cells(fast.tables, whole.tables)


def assert_same_cells(tables, expected) -> None:
    """The same cells; boxes within 1 pt: PDFium measures a glyph of a font the PDF does not embed by
    the font it renders with (a digit of STSong-Light is up to 0.6 pt wider than pdfminer has it)."""
    assert [len(t.cells) for t in tables] == [len(t.cells) for t in expected]
    for table, other in zip(tables, expected, strict=True):
        for a, b in zip(table.cells, other.cells, strict=True):
            assert (a.text, a.row, a.col, a.rowspan, a.colspan, a.page) == (
                b.text,
                b.row,
                b.col,
                b.rowspan,
                b.colspan,
                b.page,
            )
            assert max(abs(x - y) for x, y in zip(a.bbox, b.bbox, strict=True)) < 1.0, (a, b)


def test_paragraphs_of_prose_pages_are_joined_as_the_glyph_reader_joins_them(monkeypatch):
    """The body text's margins come from every page: an appendix set narrower than the report is still
    read as paragraphs, not as one paragraph per printed line."""
    data = _merged(word_report_2021(suqian_2023()), _appendix(24, width=TEXT_W * 0.7))
    fast = read_pdf(data, "narrow.pdf")
    monkeypatch.setattr(pdf_reader, "survey_pdf", lambda data: None)
    whole = read_pdf(data, "narrow.pdf")
    assert fast.text == whole.text
    assert fold(FILLER * 2) in fast.text  # a paragraph reads on over its line breaks


def test_the_long_report_gives_the_facts_of_the_report_alone(long_report):
    data, _ = long_report
    report = word_report_2021(suqian_2023(), fake_bold=True)
    alone = {k: f.value for k, f in parse_and_map(report, "r.pdf")[1].facts.items()}
    status, mapped = parse_and_map(data, "long.pdf")
    assert {k: f.value for k, f in mapped.facts.items()} == alone
    assert mapped.status == "ok"


_SHAPES = {
    "word_2021": lambda: word_report_2021(suqian_2023(), fake_bold=True),
    "unruled_2019": lambda: unruled_report_2019(shanghai_2019()),
    "open_sides": lambda: layout_variant(suqian_2023(), open_sides=True),
    "heading_in_table": lambda: layout_variant(suqian_2023(), heading_in_table=True, continued_mark=True),
    "valign_bottom": lambda: layout_variant(suqian_2023(), valign="bottom"),
    "unruled_top_2019": lambda: layout_variant(shanghai_2019(), ruled=False, valign="top", blocks=T2_2019),
    "page_breaks": lambda: page_break_report(suqian_2023(), t3_keep=3, t4_keep=1),
}


@pytest.mark.parametrize("shape", sorted(_SHAPES))
def test_pdfium_reads_a_table_page_as_pdfplumber_reads_it(shape, monkeypatch):
    """Glyphs and ruling lines from PDFium (a few ms a page) give the tables, text and sections that
    pdfplumber's (35-55 ms a page) give, whatever the table's layout."""
    data = _SHAPES[shape]()
    survey = pdf_reader.survey_pdf(data)
    assert survey is not None and survey.layout and not survey.rest  # no page left to pdfplumber
    fast = read_pdf(data, f"{shape}.pdf")
    monkeypatch.setattr(pdf_reader, "survey_pdf", lambda data: None)
    whole = read_pdf(data, f"{shape}.pdf")
    assert fast.text == whole.text
    assert (fast.sections, fast.title, fast.status) == (whole.sections, whole.title, whole.status)
    assert_same_cells(fast.tables, whole.tables)


def test_a_page_whose_characters_pdfium_guesses_is_left_to_pdfplumber():
    survey = pdf_reader.survey_pdf(unmapped_font_pdf())
    assert survey is not None and survey.rest == {1}
