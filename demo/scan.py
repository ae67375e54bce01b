"""A scanned report: the printed pages as grey JPEG images in a PDF, no text layer at all.

Offices that print, sign and stamp the report and then scan it publish exactly this; a reader finds no
characters and must report ``needs_ocr``. The pages are laid out as the ``word`` PDF layout, drawn on
images: digits and Latin letters with Pillow's built-in font, Chinese characters as stroke patterns
(no CJK font file is needed, and none could be read back anyway), then tilted, blurred and noised a
little like a scanner does. Everything is drawn from ``rng`` so the bytes repeat for a seed.
"""

from __future__ import annotations

import io
import random
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from .narrative import ReportDoc
from .pdf_layout import text_width
from .pdf_report import binary_streams, lay_out, page_style

_DPI = 96
_SCALE = _DPI / 72


class _ImageSurface:
    def __init__(self, width_pt: float, height_pt: float) -> None:
        self.size = (round(width_pt * _SCALE), round(height_pt * _SCALE))
        self.height_pt = height_pt
        self.pages: list[Image.Image] = []
        self._new()

    def _new(self) -> None:
        self.image = Image.new("L", self.size, 250)
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x * _SCALE, (self.height_pt - y) * _SCALE

    def text(self, x: float, y: float, s: str, size: float) -> None:
        px = size * _SCALE
        for ch in s:
            left, base = self._xy(x, y)
            if ord(ch) < 128:
                if ch != " ":
                    self.draw.text((left, base), ch, fill=30, font=_font(round(px)), anchor="ls")
            else:
                for x1, y1, x2, y2 in _strokes(ch):
                    self.draw.line(
                        (left + x1 * px, base - px + y1 * px, left + x2 * px, base - px + y2 * px),
                        fill=40,
                        width=max(1, round(px / 11)),
                    )
            x += text_width(ch, size)

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float) -> None:
        self.draw.line((*self._xy(x1, y1), *self._xy(x2, y2)), fill=20, width=max(1, round(width * _SCALE)))

    def end_page(self) -> None:
        self.pages.append(self.image)
        self._new()


@cache
def _font(px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=px)


@cache
def _strokes(ch: str) -> tuple[tuple[float, float, float, float], ...]:
    """A fixed pattern of 3–7 strokes inside the character box, the same for every copy of ``ch``."""
    rng = random.Random(ord(ch))
    out = []
    for _ in range(rng.randint(3, 7)):
        a, b = rng.uniform(0.1, 0.9), rng.uniform(0.15, 0.9)
        if rng.random() < 0.45:  # horizontal
            out.append((rng.uniform(0.08, 0.4), b, rng.uniform(0.6, 0.92), b))
        elif rng.random() < 0.7:  # vertical
            out.append((a, rng.uniform(0.1, 0.4), a, rng.uniform(0.6, 0.95)))
        else:  # a falling or rising stroke
            out.append((a, rng.uniform(0.1, 0.5), rng.uniform(0.1, 0.9), rng.uniform(0.6, 0.95)))
    return tuple(out)


def _scanned(page: Image.Image, rng: random.Random) -> bytes:
    page = page.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=235)
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    tile = Image.frombytes("L", (64, 64), rng.randbytes(64 * 64)).point(lambda v: 255 - v // 10)
    noise = Image.new("L", page.size)
    for x in range(0, page.size[0], 64):
        for y in range(0, page.size[1], 64):
            noise.paste(tile, (x, y))
    page = Image.composite(page, noise, Image.new("L", page.size, 225))
    out = io.BytesIO()
    page.save(out, "JPEG", quality=55)
    return out.getvalue()


def render_scan(doc: ReportDoc, rng: random.Random) -> bytes:
    style = page_style("word")
    surface = _ImageSurface(style.width, style.height)
    lay_out(surface, doc, "word", rng)
    out = io.BytesIO()
    with binary_streams():
        c = canvas.Canvas(out, pagesize=(style.width, style.height), invariant=1)
        c.setCreator(rng.choice(("Canon iR-ADV C5535", "RICOH MP C3004", "KONICA MINOLTA bizhub C364e")))
        for page in surface.pages:
            c.drawImage(ImageReader(io.BytesIO(_scanned(page, rng))), 0, 0, style.width, style.height)
            c.showPage()
        c.save()
    return out.getvalue()
