"""Which pages of a PDF need the layout reader: a cheap first pass over every page with PDFium.

pdfplumber lays a page out in 35–55 ms; PDFium gives its text in about 2 ms. A report published with
hundreds of pages of appendix has its tables on a few of them. Those pages, and one on each side of
them (a table cut by a page break continues on the next page without a header), get the full reader:
ruling lines, ruled and unruled tables. Every other page whose text PDFium reads cleanly is handed back
as PDFium's lines of text, cut at spaces into runs in pdfplumber's glyph shape, and becomes the same
text lines. Narrative, sections, title and date therefore still come from the whole text.

A page stays with pdfplumber whenever PDFium's view of it is in doubt: little text (a scan, text drawn
as outlines, a blank page), characters of a lost font encoding, a rotated or offset page box. The text
layer of such a page is then judged from pdfplumber's inventory, as before. When no page at all looks
like a table page, the whole document is read by pdfplumber: a wrong guess costs time, never a table.
"""

from __future__ import annotations

import ctypes
import re
import threading
from dataclasses import dataclass

import pypdfium2
import pypdfium2.raw as pdfium_c

from nianbao.core.labels import names_official_table
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
    runs: list[Char]  # the runs of glyphs between spaces, line by line


def prose_pages(data: bytes) -> dict[int, list[Char]]:
    """The text runs (in pdfplumber's glyph shape) of each page, numbered from 1, that needs no
    layout reading.

    Empty when PDFium cannot open the file (the layout reader then reads, and judges, every page)."""
    with _PDFIUM:
        try:
            pdf = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError:
            return {}
        try:
            looks = [_look(pdf, index) for index in range(len(pdf))]
        finally:
            pdf.close()
    layout = layout_pages([look.text for look in looks])
    return {n: look.runs for n, look in enumerate(looks, 1) if n not in layout}


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


def _look(pdf: pypdfium2.PdfDocument, index: int) -> _Look:
    try:
        page = pdf[index]
    except pypdfium2.PdfiumError:
        return _Look(None, [])
    try:
        if not _plain_geometry(page):
            return _Look(None, [])
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            runs = _runs(textpage, text, page.get_height())
        finally:
            textpage.close()
    except pypdfium2.PdfiumError:
        return _Look(None, [])
    finally:
        page.close()
    glyphs = _SPACE.sub("", text)
    # Doubtful pages (little text, a lost font encoding, boxes PDFium would not give) are judged by
    # pdfplumber's inventory, with their page number in the message.
    if (
        runs is None
        or len(glyphs) < LAYOUT.min_text_per_page
        or has_junk(glyphs)
        or unreadable_reason(glyphs)
    ):
        return _Look(None, [])
    return _Look(text, runs)


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
    if pdfium_c.FPDFText_CountChars(raw) != len(text):  # a character outside the BMP: two UTF-16 units
        return None
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
