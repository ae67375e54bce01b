"""The project's errors. Every error nianbao raises on purpose derives from ``NianbaoError``: the
CLI catches that root once and prints its message; anything else is a fault of nianbao itself.

``ReaderError`` is a document that cannot be read as it is (damaged, encrypted, scanned …); it carries
the status the report is recorded with. The fetch errors (``extract.collect.fetch``) say whether
another try may help.
"""

from __future__ import annotations

from typing import ClassVar

from nianbao.core.kinds import DocumentStatus


class NianbaoError(Exception):
    """A condition of the input or the setup, stated for the user (names the file, agency or id)."""


class ReaderError(NianbaoError):
    """A document whose bytes cannot be read; ``status`` is what its report is recorded with.
    ``n_pages`` is how many pages the file has, when the reader got that far."""

    status: ClassVar[DocumentStatus] = DocumentStatus.CORRUPT

    def __init__(self, message: str, *, n_pages: int = 1) -> None:
        super().__init__(message)
        self.n_pages = n_pages


class CorruptDocument(ReaderError):
    """Damaged or truncated bytes: the container or the body cannot be parsed."""

    status = DocumentStatus.CORRUPT


class EncryptedDocument(ReaderError):
    """A password is needed to open the file."""

    status = DocumentStatus.ENCRYPTED


class NeedsOCR(ReaderError):
    """Pictures of pages (a scan) or text drawn as outlines: no text layer to read tables from."""

    status = DocumentStatus.NEEDS_OCR


class UnreadableText(ReaderError):
    """A text layer that does not decode (fonts without a Unicode map, blank pages)."""

    status = DocumentStatus.UNREADABLE


class DocumentTooLarge(ReaderError):
    """A document that would unpack to far more than any report (a ZIP bomb)."""

    status = DocumentStatus.TOO_LARGE


class UnsupportedDocument(ReaderError):
    """A kind of file no reader reads (a legacy binary Word file, an archive)."""

    status = DocumentStatus.UNSUPPORTED
