"""Why a PDF cannot be read, in the status words of ``extract.document``.

Opening failures are sorted into ``encrypted`` (a password is needed) and ``corrupt`` (damaged or
truncated bytes). Once open, the text layer is judged: none at all beside page images is a scan
(``needs_ocr``, never a table of zeros); glyphs without a Unicode mapping or text of the wrong
characters is ``unreadable``.
"""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.extract.document import STATUS_CORRUPT, STATUS_ENCRYPTED, STATUS_NEEDS_OCR, STATUS_UNREADABLE
from nianbao.extract.pdf.text import unreadable_reason

_ENCRYPTION_WORDS = ("password", "encrypt", "decrypt", "security handler", "crypt filter")
_MIN_TEXT_PER_PAGE = 20  # printable glyphs: fewer is a page number or a stamp, not a text layer
_OUTLINE_CURVES = 200  # vector paths on a page without text: text converted to outlines


@dataclass(slots=True)
class PageInventory:
    """What one page holds, for judging its text layer."""

    page: int
    glyphs: list[str]  # glyph texts as extracted ("(cid:12)" included)
    n_images: int
    n_curves: int

    @property
    def n_printable(self) -> int:
        return sum(1 for g in self.glyphs if g.strip())


def open_failure(exc: BaseException) -> tuple[str, str]:
    """Status and message for a PDF that pdfplumber/pdfminer could not open."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    words = f"{name} {inner}".lower()
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError") or any(w in words for w in _ENCRYPTION_WORDS):
        return STATUS_ENCRYPTED, f"the PDF is encrypted and needs a password to open ({name})"
    return STATUS_CORRUPT, f"the PDF is damaged or truncated and cannot be opened ({name}: {inner})"


def text_layer_failure(pages: list[PageInventory]) -> tuple[str, str] | None:
    """Status and message when the document as a whole has no usable text, else None."""
    n = len(pages)
    printable = sum(p.n_printable for p in pages)
    images = sum(p.n_images for p in pages)
    if printable < _MIN_TEXT_PER_PAGE * max(1, n):
        if images:
            return (
                STATUS_NEEDS_OCR,
                f"no text layer: {n} page(s) with {images} image(s) and {printable} text glyph(s) — a scanned "
                "or image-only PDF; its tables need OCR",
            )
        if any(p.n_curves >= _OUTLINE_CURVES for p in pages):
            return (
                STATUS_NEEDS_OCR,
                f"no text layer: the text of {n} page(s) is drawn as vector outlines; its tables need OCR",
            )
        return STATUS_UNREADABLE, f"no text and no images on {n} page(s) (blank pages)"
    reason = unreadable_reason(g for p in pages for g in p.glyphs)
    if reason:
        return STATUS_UNREADABLE, f"the text layer cannot be read: {reason}"
    return None


def page_warnings(pages: list[PageInventory]) -> list[str]:
    """Pages that are pictures or unreadable inside a document that otherwise reads."""
    pictures = [p.page for p in pages if p.n_printable < _MIN_TEXT_PER_PAGE and p.n_images]
    garbled = [p.page for p in pages if p.n_printable >= _MIN_TEXT_PER_PAGE and unreadable_reason(p.glyphs)]
    out = []
    if pictures:
        out.append(f"page(s) {_pages(pictures)} are images without a text layer: their content needs OCR")
    if garbled:
        out.append(
            f"page(s) {_pages(garbled)} have text that cannot be read (fonts without a Unicode mapping)"
        )
    return out


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)
