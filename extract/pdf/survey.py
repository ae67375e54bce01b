"""Which pages of a PDF need the layout reader, and PDFium's reading of them: a cheap first pass.

pdfplumber lays a page out in 35–55 ms; PDFium gives its text in about 2 ms. A report published with
hundreds of pages of appendix has its tables on a few of them. Those pages, and one on each side of
them (a table cut by a page break continues on the next page without a header), get the full reader:
ruling lines, ruled and unruled tables. Every other page whose text PDFium reads cleanly is handed back
as PDFium's lines of text, cut at spaces into runs in pdfplumber's glyph shape, and becomes the same
text lines. Narrative, sections, title and date therefore still come from the whole text.

A page stays with pdfplumber whenever PDFium's view of it is in doubt: little text (a scan, text drawn
as outlines, a blank page), characters of a lost font encoding, a rotated or offset page box. The text
layer of such a page is then judged from pdfplumber's inventory, as before. When no page at all looks
like a table page, the whole document is read by the layout reader: a wrong guess costs time, never a
table.

The layout reader's pages are read by PDFium too (``pdfium_page``: glyphs and ruling edges in
pdfplumber's shape), unless PDFium had to rebuild a damaged file's cross-reference table (pdfplumber
then judges the damage, as before) or shows the page less than plainly; pdfplumber reads what is left.
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c

from nianbao.core.labels import names_official_table
from nianbao.extract.pdf.pdfium_page import PdfiumPage, read_page
from nianbao.extract.pdf.settings import LAYOUT
from nianbao.extract.pdf.text import Char, has_junk, is_value_text, unreadable_reason

# PDFium is not thread-safe, and readers may run in the task threads of one process.
_PDFIUM = threading.Lock()
# Lines printing only a value: this many on a page is a table, whatever its labels say.
_VALUE_LINES = 6
_VALUE_LENGTH = 32
_LINE_BREAK = re.compile(r"[\r\n]+")
# A line of PDFium's text from its first printing character to its last.
_PRINTED_LINE = re.compile(r"[^\s](?:[^\r\n]*[^\s])?")
_SPACE = re.compile(r"\s+")
_PIECE = re.compile(r"\S+")  # the glyphs of a line between its spaces


@dataclass(frozen=True, slots=True)
class _Look:
    text: str | None  # PDFium's text of the page; None when PDFium's view of the page is in doubt
    runs: list[Char]  # the runs of glyphs between spaces, line by line (pages without a table)
    height: float = 0.0
    table: bool = False  # the page prints a table's words or a column of values
    layout: PdfiumPage | None = None  # a table page, read while it was open (None: not plainly)


@dataclass(frozen=True, slots=True)
class Survey:
    """PDFium's reading of a document, pages numbered from 1: ``prose``, the text runs of the pages
    needing no layout reading; ``layout``, the table pages it reads plainly. pdfplumber reads the rest."""

    n_pages: int
    prose: dict[int, list[Char]]
    layout: dict[int, PdfiumPage]
    heights: dict[int, float]  # of the prose pages

    @property
    def rest(self) -> set[int]:
        return set(range(1, self.n_pages + 1)) - self.prose.keys() - self.layout.keys()


def survey_pdf(data: bytes) -> Survey | None:
    """None when PDFium cannot open the file (pdfplumber then reads, and judges, every page)."""
    with _PDFIUM:
        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            return None
        try:
            # a file PDFium had to repair: pdfplumber reads and judges its table pages, as before
            sound = bool(pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw))
            looks = [_look(pdf, index, sound) for index in range(len(pdf))]
            layout = layout_pages([look.text for look in looks])
            read = {}
            for number in sorted(layout):
                look = looks[number - 1]
                page = (
                    look.layout
                    if look.table
                    else _layout_page(pdf, number - 1)
                    if sound and look.text
                    else None
                )
                if page is not None:
                    read[number] = page
        finally:
            pdf.close()
    prose = {n: look.runs for n, look in enumerate(looks, 1) if n not in layout}
    return Survey(len(looks), prose, read, {n: looks[n - 1].height for n in prose})


def prose_pages(data: bytes) -> dict[int, list[Char]]:
    """The text runs (in pdfplumber's glyph shape) of each page, numbered from 1, that needs no
    layout reading (empty when PDFium cannot open the file)."""
    survey = survey_pdf(data)
    return survey.prose if survey else {}


def layout_pages(texts: list[str | None]) -> set[int]:
    """Page numbers (from 1) for the layout reader: pages printing an official table's words or a
    column of values, their neighbours, and every page PDFium could not read with confidence."""
    n = len(texts)
    tables = [number for number, text in enumerate(texts, 1) if text is not None and _holds_table(text)]
    if not tables:
        return set(range(1, n + 1))
    chosen = {number for number, text in enumerate(texts, 1) if text is None}
    for number in tables:
        chosen.update(p for p in (number - 1, number, number + 1) if 1 <= p <= n)
    return chosen


def _holds_table(text: str) -> bool:
    # A printed value is short ("1,234万元(注)"): the lines of running text are not even looked at.
    short = [line for line in _LINE_BREAK.split(text) if 0 < len(line) <= _VALUE_LENGTH]
    if sum(1 for line in short if is_value_text(line)) >= _VALUE_LINES:
        return True
    return names_official_table(text)  # label folding drops the line breaks inside words


def _look(pdf: pypdfium2.PdfDocument, index: int, sound: bool) -> _Look:
    """PDFium's text of one page, with its runs (a page without a table) or its layout reading."""
    try:
        page = pdf[index]
    except pypdfium2.PdfiumError:
        return _Look(None, [])
    try:
        if not _plain_geometry(page):
            return _Look(None, [])
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            if _doubtful(text) or pdfium_c.FPDFText_CountChars(textpage.raw) != len(text):
                return _Look(None, [])  # the second: a character outside the BMP, two UTF-16 units
            if _holds_table(text):
                return _Look(
                    text, [], height, table=True, layout=read_page(page, textpage) if sound else None
                )
            runs = _runs(textpage, text, height)
        finally:
            textpage.close()
    except pypdfium2.PdfiumError:
        return _Look(None, [])
    finally:
        page.close()
    return _Look(None, []) if runs is None else _Look(text, runs, height)


def _doubtful(text: str) -> bool:
    """Little text, or characters of a lost font encoding: such a page is judged by pdfplumber's
    inventory, with its page number in the message."""
    glyphs = _SPACE.sub("", text)
    return len(glyphs) < LAYOUT.min_text_per_page or has_junk(glyphs) or bool(unreadable_reason(glyphs))


def _layout_page(pdf: pypdfium2.PdfDocument, index: int) -> PdfiumPage | None:
    try:
        page = pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                return read_page(page, textpage)
            finally:
                textpage.close()
        finally:
            page.close()
    except pypdfium2.PdfiumError:
        return None


def _plain_geometry(page: pypdfium2.PdfPage) -> bool:
    """Unrotated, with the crop box the media box from the origin: PDFium's coordinates are then
    pdfplumber's (top measured from the top edge) with no transformation."""
    mediabox = page.get_mediabox()
    return page.get_rotation() == 0 and mediabox[:2] == (0, 0) and page.get_cropbox() == mediabox


def _runs(textpage: pypdfium2.PdfTextPage, text: str, height: float) -> list[Char] | None:
    """The runs of glyphs between spaces of each line of PDFium's text, each in pdfplumber's glyph
    shape (a "char" printing the whole run): as wide as its first and last glyph's advance boxes, the
    font size high, standing on the font's descent below the baseline. None when PDFium's text and its
    characters do not line up.

    A page of prose is then a few dozen runs instead of a thousand glyphs, which the line grouping
    reads as it reads glyphs: the gap between two runs becomes a space or not by the same rule as the
    gap between two glyphs. PDFium has already dropped fake-bold duplicates.

    PDFium's own box heights come from the font it renders with, which for a font the PDF does not
    embed (STSong-Light and the like) is whichever CJK font the machine has; the descent is the font
    descriptor's, as pdfminer reads it, so the lines do not move with the machine."""
    raw = textpage.raw
    first, last = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    descent = ctypes.c_float()
    runs: list[Char] = []
    for line in _PRINTED_LINE.finditer(text):
        start = line.start()
        if not pdfium_c.FPDFText_GetCharOrigin(raw, start, x, y):
            return None
        size = pdfium_c.FPDFText_GetFontSize(raw, start)
        font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(raw, start))
        share = (
            descent.value / 1000.0 if font and pdfium_c.FPDFFont_GetDescent(font, 1000.0, descent) else 0.0
        )
        bottom = height - (y.value + share * size)
        for piece in _PIECE.finditer(line.group()):
            a, b = start + piece.start(), start + piece.end() - 1
            if not (
                pdfium_c.FPDFText_GetLooseCharBox(raw, a, first)
                and pdfium_c.FPDFText_GetLooseCharBox(raw, b, last)
            ):
                return None
            runs.append(
                {
                    "text": piece.group(),
                    "x0": first.left,
                    "x1": last.right,
                    "top": bottom - size,
                    "bottom": bottom,
                    "size": size,
                    "upright": True,
                }
            )
    return runs
