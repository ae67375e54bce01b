"""A table page read by PDFium, in the shape the layout reader takes from pdfplumber.

pdfplumber interprets a page's content stream in Python (pdfminer): 35–55 ms for a page of report
tables, most of a PDF report's parse. PDFium interprets it in C: the same page's glyphs and ruling
lines cost a few milliseconds. ``PdfiumPage`` gives the reader what it reads from a pdfplumber page:
- the glyphs, in pdfplumber's glyph shape: left and right from PDFium's loose box (the advance),
  top and bottom from the baseline and the font's descent, as pdfminer places them (``survey._runs``
  does the same for prose);
- the ruling edges: the page's paths split into subpaths and sorted into lines, rectangles and
  polylines as pdfminer sorts them, then cut into edges as pdfplumber cuts them;
- ``find_tables``: pdfplumber's own table finder over those edges.

A page PDFium cannot show plainly returns None and is read by pdfplumber: text that is not upright,
characters PDFium had to guess (no Unicode mapping), paths inside form XObjects (their coordinates are the form's), curves of a path PDFium would not give.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder, TableSettings

from nianbao.extract.pdf.text import Char

Point = tuple[float, float]


@dataclass(slots=True)
class PdfiumPage:
    """What ``reader._read_page`` reads of a page, from PDFium."""

    width: float
    height: float
    chars: list[Char]
    edges: list[dict[str, Any]]
    images: list[None] = field(default_factory=list)  # one entry per image (only counted)
    curves: list[None] = field(default_factory=list)  # one entry per polyline or curve (only counted)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    def find_tables(self, settings: dict[str, Any]) -> list[Any]:
        # The finder reads only ``edges`` and ``bbox`` of its page with the "lines" strategies.
        return TableFinder(self, TableSettings.resolve(settings)).tables

    def close(self) -> None:
        """Nothing is held open (the pdfplumber page interface)."""


def read_page(page: pypdfium2.PdfPage, textpage: pypdfium2.PdfTextPage) -> PdfiumPage | None:
    """The page's glyphs and edges; None when PDFium's view of it is not plain (see the module)."""
    height = page.get_height()
    chars = _glyphs(textpage.raw, height)
    if chars is None:
        return None
    out = PdfiumPage(page.get_width(), height, chars, [])
    raw = page.raw
    for index in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            out.images.append(None)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if _holds_paths(obj):
                return None
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH and not _add_path(out, obj, height):
            return None
    return out


def _glyphs(raw: Any, height: float) -> list[Char] | None:
    count = pdfium_c.FPDFText_CountChars(raw)
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x, y, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    shares: dict[int | None, float] = {}  # text object -> its font's descent per point of size
    chars: list[Char] = []
    for i in range(count):
        if pdfium_c.FPDFText_IsGenerated(raw, i):  # a space or line break PDFium inserted
            continue
        text = chr(pdfium_c.FPDFText_GetUnicode(raw, i))
        if not text.strip():
            continue
        if pdfium_c.FPDFText_HasUnicodeMapError(raw, i):  # PDFium guessed the character: pdfminer's
            return None  # "(cid:…)" verdict stands, never a guessed digit in a table
        if not (
            pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
            and pdfium_c.FPDFText_GetCharOrigin(raw, i, x, y)
            and pdfium_c.FPDFText_GetMatrix(raw, i, matrix)
        ):
            return None
        if abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6:  # rotated or skewed text
            return None
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        obj = pdfium_c.FPDFText_GetTextObject(raw, i)
        key = ctypes.cast(obj, ctypes.c_void_p).value
        share = shares.get(key)
        if share is None:
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            ok = font and pdfium_c.FPDFFont_GetDescent(font, 1000.0, descent)
            share = shares[key] = descent.value / 1000.0 if ok else 0.0
        bottom = height - (y.value + share * size)
        chars.append({"text": text, "x0": box.left, "x1": box.right, "top": bottom - size, "bottom": bottom,
                      "size": size, "upright": True})  # fmt: skip
    return chars


def _holds_paths(form: Any) -> bool:
    for index in range(pdfium_c.FPDFFormObj_CountObjects(form)):
        obj = pdfium_c.FPDFFormObj_GetObject(form, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH or (kind == pdfium_c.FPDF_PAGEOBJ_FORM and _holds_paths(obj)):
            return True
    return False


def _add_path(page: PdfiumPage, obj: Any, height: float) -> bool:
    """Add a path object's edges as pdfplumber makes them; False when it cannot be read."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return False
    if fill.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke.value:
        return True  # painted neither way: pdfminer keeps no object for it
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return False
    px, py = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[str, list[Point]]] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        if not pdfium_c.FPDFPathSegment_GetPoint(segment, px, py):
            return False
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        # page space, measured from the top edge as pdfplumber measures; rounded off PDFium's float
        # noise, so the printed numbers compare as pdfminer compares them (a rule's ends at one y)
        x = round(m.a * px.value + m.c * py.value + m.e, 3)
        point = (x, round(height - (m.b * px.value + m.d * py.value + m.f), 3))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append(("m", [point]))
        else:
            shape, points = subpaths[-1]
            subpaths[-1] = (
                shape + ("c" if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO else "l"),
                points + [point],
            )
        if pdfium_c.FPDFPathSegment_GetClose(segment):  # h: a point back at the subpath's start
            shape, points = subpaths[-1]
            subpaths[-1] = (shape + "h", points + [points[0]])
    for shape, points in subpaths:
        _add_subpath(page, shape, points)
    return True


def _add_subpath(page: PdfiumPage, shape: str, points: list[Point]) -> None:
    """pdfminer's sorting of a subpath (``PDFLayoutAnalyzer.paint_path``), then pdfplumber's edges."""
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:  # a redundant l before h
        shape, points = shape[:-2] + "h", points[:-2] + points[-1:]
    if shape in ("ml", "mlh"):
        (x0, y0), (x1, y1) = points[0], points[1]
        page.edges.append(_edge("line", min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1),
                                "h" if y0 == y1 else "v"))  # fmt: skip
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
        if last == points[0] and (
            (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
            or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        ):
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            page.edges += [
                _edge("rect_edge", left, right, top, top, "h"),
                _edge("rect_edge", left, right, bottom, bottom, "h"),
                _edge("rect_edge", left, left, top, bottom, "v"),
                _edge("rect_edge", right, right, top, bottom, "v"),
            ]
            return
    page.curves.append(None)
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):  # pdfplumber's curve_to_edges
        orientation = "v" if x0 == x1 else ("h" if y0 == y1 else None)
        page.edges.append(
            _edge("curve_edge", min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1), orientation)
        )


def _edge(kind: str, x0: float, x1: float, top: float, bottom: float, orientation: str | None) -> dict:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}  # fmt: skip
