"""A PDF page as a PNG with the cells a finding rests on boxed: the evidence a supervisor looks at.

A cell's bbox is in PDF points measured from the top of the page, as pdfplumber measures (x0, top,
x1, bottom; the readers keep that shape). PDFium renders the crop box, so the boxes are moved by the
crop box's offset in the media box.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from nianbao.core.errors import NianbaoError

SCALE = 2.0  # 144 dpi: the digits of a table cell stay legible
BOX_COLOUR = (220, 0, 50)
BOX_WIDTH = 3
BOX_MARGIN = 2  # pixels between the cell's text and its box, so the box hides no stroke of it


class PageOutOfRange(NianbaoError, LookupError):
    """The document has no page of that number."""


def page_count(pdf_path: Path) -> int:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def box_pixels(bbox: Sequence[float], offset: tuple[float, float] = (0.0, 0.0), scale: float = SCALE):
    """The rectangle (left, top, right, bottom, in pixels of the rendered page) a cell's box is drawn
    on: its outer edge; the line runs BOX_WIDTH pixels inward from there."""
    x0, top, x1, bottom = bbox
    dx, dy = offset
    pad = BOX_MARGIN + BOX_WIDTH
    return (
        (x0 - dx) * scale - pad,
        (top - dy) * scale - pad,
        (x1 - dx) * scale + pad,
        (bottom - dy) * scale + pad,
    )


def render_page(
    pdf_path: Path, page_number: int, boxes: Sequence[Sequence[float]] = (), scale: float = SCALE
) -> bytes:
    """Page ``page_number`` (1-based) of the PDF as PNG bytes, each of ``boxes`` outlined."""
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        if not 1 <= page_number <= len(pdf):
            raise PageOutOfRange(f"{pdf_path.name} has {len(pdf)} page(s), not a page {page_number}")
        page = pdf[page_number - 1]
        image = page.render(scale=scale).to_pil().convert("RGB")
        offset = _crop_offset(page)
        page.close()
    finally:
        pdf.close()
    return png_with_boxes(image, [box_pixels(b, offset, scale) for b in boxes if b and len(b) == 4])


def png_with_boxes(image: Image.Image, rectangles: Sequence[tuple[float, float, float, float]]) -> bytes:
    draw = ImageDraw.Draw(image)
    for rectangle in rectangles:
        draw.rectangle(rectangle, outline=BOX_COLOUR, width=BOX_WIDTH)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _crop_offset(page: pdfium.PdfPage) -> tuple[float, float]:
    """Where the rendered crop box starts, in the coordinates a bbox is in (top measured from the media
    box's top edge)."""
    media_left, _, _, media_top = page.get_mediabox()
    crop_left, _, _, crop_top = page.get_cropbox()
    return crop_left - media_left, media_top - crop_top
