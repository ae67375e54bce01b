"""Why a PDF cannot be read, as the reader errors of ``core.errors`` (each carries its status).

Opening failures are sorted into ``encrypted`` (a password is needed) and ``corrupt`` (damaged or
truncated bytes). Once open, the text layer is judged: none at all beside page images is a scan
(``needs_ocr``, never a table of zeros); glyphs without a Unicode mapping or text of the wrong
characters is ``unreadable``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nianbao.core.errors import CorruptDocument, EncryptedDocument, NeedsOCR, ReaderError, UnreadableText
from nianbao.extract.pdf.settings import LAYOUT
from nianbao.extract.pdf.text import unreadable_reason

_ENCRYPTION_WORDS = ("password", "encrypt", "decrypt", "security handler", "crypt filter")


@dataclass(slots=True)
class PageInventory:
    """What one page holds, for judging its text layer."""

    page: int
    glyphs: list[str]  # glyph texts as extracted ("(cid:12)" included), or the page's text as one string
    n_images: int
    n_curves: int
    n_printable: int = field(init=False)  # glyphs that print something
    readable: bool = field(init=False, default=False)  # already judged readable on its own

    def __post_init__(self) -> None:
        self.n_printable = sum(1 for g in self.glyphs if g.strip())

    @classmethod
    def of_text(cls, page: int, printed: str) -> PageInventory:
        """A page known by its printing characters alone (``printed``, no whitespace: read by PDFium,
        which judged it readable), without images or drawings."""
        inventory = cls(page, [printed], 0, 0)
        inventory.n_printable = len(printed)
        inventory.readable = True
        return inventory


def open_failure(exc: BaseException) -> ReaderError:
    """The error for a PDF that pdfplumber/pdfminer could not open."""
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    name = type(inner).__name__
    words = f"{name} {inner}".lower()
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError") or any(w in words for w in _ENCRYPTION_WORDS):
        return EncryptedDocument(f"the PDF is encrypted and needs a password to open ({name})")
    return CorruptDocument(f"the PDF is damaged or truncated and cannot be opened ({name}: {inner})")


def text_layer_failure(pages: list[PageInventory]) -> ReaderError | None:
    """The error when the document as a whole has no usable text, else None."""
    n = len(pages)
    printable = sum(p.n_printable for p in pages)
    images = sum(p.n_images for p in pages)
    if printable < LAYOUT.min_text_per_page * max(1, n):
        if images:
            return NeedsOCR(
                f"no text layer: {n} page(s) with {images} image(s) and {printable} text glyph(s) — a scanned "
                "or image-only PDF; its tables need OCR"
            )
        if any(p.n_curves >= LAYOUT.outline_curves for p in pages):
            return NeedsOCR(
                f"no text layer: the text of {n} page(s) is drawn as vector outlines; its tables need OCR"
            )
        return UnreadableText(f"no text and no images on {n} page(s) (blank pages)")
    reason = unreadable_reason(g for p in pages for g in p.glyphs)
    if reason:
        return UnreadableText(f"the text layer cannot be read: {reason}")
    return None


def page_warnings(pages: list[PageInventory]) -> list[str]:
    """Pages that are pictures or unreadable inside a document that otherwise reads."""
    pictures = [p.page for p in pages if p.n_printable < LAYOUT.min_text_per_page and p.n_images]
    garbled = [
        p.page
        for p in pages
        if p.n_printable >= LAYOUT.min_text_per_page and not p.readable and unreadable_reason(p.glyphs)
    ]
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
