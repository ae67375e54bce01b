"""The words the stages share: a document's status, its media type, why a URL was fetched.

They are ``StrEnum`` so that they compare equal to, print as and are stored as the plain words of
DESIGN.md (``ok``, ``needs_ocr`` …): the warehouse and the JSON contract see strings.
"""

from __future__ import annotations

from enum import StrEnum


class DocumentStatus(StrEnum):
    """The outcome of reading a document (DESIGN.md, `nianbao parse`)."""

    OK = "ok"
    PARTIAL = "partial"  # read, but some pages or tables could not be
    NEEDS_OCR = "needs_ocr"  # pictures of pages, no text layer
    UNREADABLE = "unreadable"  # a text layer that does not decode (fonts without a Unicode map)
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    UNSUPPORTED = "unsupported"  # a kind of file no reader reads (yet)
    NOT_A_REPORT = "not_a_report"
    OUT_OF_SCOPE = "out_of_scope"  # a report before the 2019 format
    UNKNOWN_LAYOUT = "unknown_layout"
    NO_TABLES = "no_tables"  # a report page whose tables are elsewhere (an attachment, pictures)
    FETCH_FAILED = "fetch_failed"
    TIMEOUT = "timeout"  # parsing ran past the per-document time limit
    TOO_LARGE = "too_large"  # parsing needed more than the per-document memory limit (or the bytes cap)
    PARSER_ERROR = "parser_error"  # a fault of nianbao itself, recorded with its traceback

    @property
    def has_facts(self) -> bool:
        """Whether facts of a document with this status are kept."""
        return self in (DocumentStatus.OK, DocumentStatus.PARTIAL)


class MediaType(StrEnum):
    """What a document is by its bytes (not its URL or name, which often lie)."""

    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"  # legacy binary Word, WPS
    TEXT = "text"
    ZIP = "zip"  # a ZIP that is not a Word file
    UNKNOWN = "unknown"  # nothing was read (a parser error before the type was known)

    @property
    def noun(self) -> str:
        """How a message names a document of this type."""
        return {"html": "page", "pdf": "PDF", "docx": "Word file", "doc": "Word file"}.get(
            self.value, self.value
        )


class FetchPurpose(StrEnum):
    """Why a URL was fetched, as recorded in ``fetches.purpose``."""

    LISTING = "listing"  # a page of an agency's 年报 column
    REPORT = "report"  # a report's page or file, linked from a listing
    ATTACHMENT = "attachment"  # a report file linked from a report page
    FILE = "file"  # a file received outside the web (manifest)
