"""Stage ``extract``: discover and fetch reports, archive their bytes, read documents into
``ParsedDocument``.

Public names are imported on first use, so ``import extract`` stays cheap (no HTML or PDF parser, no
HTTP client is loaded until asked for).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extract.archive import Archive
    from extract.charset import decode_html
    from extract.discover import discover_reports
    from extract.document import ParsedDocument
    from extract.docx_reader import read_docx
    from extract.fetch import Fetcher
    from extract.harvest import harvest_agency
    from extract.html_reader import read_html
    from extract.local_files import read_manifest
    from extract.pdf_reader import read_pdf
    from extract.read import read_document
    from extract.roster import read_roster
    from extract.text_reader import read_text
    from extract.titles import parse_report_title

_HOMES = {
    "Archive": "extract.archive",
    "Fetcher": "extract.fetch",
    "ParsedDocument": "extract.document",
    "decode_html": "extract.charset",
    "discover_reports": "extract.discover",
    "harvest_agency": "extract.harvest",
    "parse_report_title": "extract.titles",
    "read_document": "extract.read",
    "read_docx": "extract.docx_reader",
    "read_html": "extract.html_reader",
    "read_manifest": "extract.local_files",
    "read_pdf": "extract.pdf_reader",
    "read_roster": "extract.roster",
    "read_text": "extract.text_reader",
}
__all__ = [
    "Archive",
    "Fetcher",
    "ParsedDocument",
    "decode_html",
    "discover_reports",
    "harvest_agency",
    "parse_report_title",
    "read_document",
    "read_docx",
    "read_html",
    "read_manifest",
    "read_pdf",
    "read_roster",
    "read_text",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
