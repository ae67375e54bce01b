"""Which pages of a PDF need the layout reader: a cheap first pass over every page with PDFium.

pdfplumber lays a page out in 35–55 ms; PDFium gives its text in about 2 ms. A report published with
hundreds of pages of appendix has its tables on a few of them. Those pages, and one on each side of
them (a table cut by a page break continues on the next page without a header), get the full reader:
ruling lines, ruled and unruled tables. Every other page whose text PDFium reads cleanly is handed back
as glyph boxes in pdfplumber's shape, and becomes the same text lines. Narrative, sections, title and
date therefore still come from the whole text.

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
_LINE_BREAK = re.compile(r"[\r\n]+")


@dataclass(frozen=True, slots=True)
class _Look:
    text: str | None  # PDFium's text of the page; None when PDFium's view of the page is in doubt
    chars: list[Char]


def prose_pages(data: bytes) -> dict[int, list[Char]]:
    """The glyphs (pdfplumber's keys) of each page, numbered from 1, that needs no layout reading.

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
    return {n: look.chars for n, look in enumerate(looks, 1) if n not in layout}


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
    lines = [line for line in _LINE_BREAK.split(text) if line.strip()]
    if sum(1 for line in lines if is_value_text(line)) >= _VALUE_LINES:
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
            chars = _chars(textpage, page.get_height())
        finally:
            textpage.close()
    except pypdfium2.PdfiumError:
        return _Look(None, [])
    finally:
        page.close()
    glyphs = [ch["text"] for ch in chars]
    # Doubtful pages (little text, a lost font encoding) are judged by pdfplumber's inventory, with
    # their page number in the message.
    if len(glyphs) < LAYOUT.min_text_per_page or has_junk("".join(glyphs)) or unreadable_reason(glyphs):
        return _Look(None, [])
    return _Look(text, chars)


def _plain_geometry(page: pypdfium2.PdfPage) -> bool:
    """Unrotated, with the crop box the media box from the origin: PDFium's coordinates are then
    pdfplumber's (top measured from the top edge) with no transformation."""
    mediabox = page.get_mediabox()
    return page.get_rotation() == 0 and mediabox[:2] == (0, 0) and page.get_cropbox() == mediabox


def _chars(textpage: pypdfium2.PdfTextPage, height: float) -> list[Char]:
    """Printing glyphs in pdfplumber's boxes: the advance width across, the font size high, standing
    on the font's descent below the baseline.

    PDFium's own loose box takes its height from the font it renders with, which for a font the PDF
    does not embed (STSong-Light and the like) is whichever CJK font the machine has: the lines would
    move with the machine. The descent is the font descriptor's, as pdfminer reads it."""
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    descent = ctypes.c_float()
    descents: dict[int | None, float] = {}  # per text object, as a share of the font size
    out: list[Char] = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        text = chr(code) if code < 0x110000 else "\ufffd"
        # PDFium's generated characters (spaces, line breaks) are whitespace: dropped, as pdfplumber's are.
        if text.isspace() or code == 0 or not pdfium_c.FPDFText_GetLooseCharBox(raw, i, box):
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        obj = pdfium_c.FPDFText_GetTextObject(raw, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value
        share = descents.get(key)
        if share is None:
            font = pdfium_c.FPDFTextObj_GetFont(obj) if key else None
            ok = bool(font) and pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), descent)
            share = descents[key] = descent.value / 1000.0 if ok else 0.0
        bottom = height - (y.value + share * size)
        out.append(
            {
                "text": text,
                "x0": box.left,
                "x1": box.right,
                "top": bottom - size,
                "bottom": bottom,
                "size": size,
                "upright": True,
            }
        )
    return out
