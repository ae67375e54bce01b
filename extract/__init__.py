"""Stage ``extract``: discover and fetch reports, archive their bytes, read documents into
``ParsedDocument``.

Public names are imported on first use, so ``import nianbao.extract`` stays cheap (no HTML or PDF parser, no
HTTP client is loaded until asked for).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nianbao.extract.charset import decode_html
    from nianbao.extract.collect.archive import Archive
    from nianbao.extract.collect.discover import discover_reports
    from nianbao.extract.collect.fetch import Fetcher
    from nianbao.extract.collect.harvest import harvest_agency
    from nianbao.extract.collect.local_files import read_manifest
    from nianbao.extract.collect.roster import read_roster
    from nianbao.extract.document import ParsedDocument
    from nianbao.extract.docx.reader import read_docx
    from nianbao.extract.html.reader import read_html
    from nianbao.extract.lines.reader import read_text
    from nianbao.extract.pdf.reader import read_pdf
    from nianbao.extract.read import read_document

_HOMES = {
    "Archive": "nianbao.extract.collect.archive",
    "Fetcher": "nianbao.extract.collect.fetch",
    "ParsedDocument": "nianbao.extract.document",
    "decode_html": "nianbao.extract.charset",
    "discover_reports": "nianbao.extract.collect.discover",
    "harvest_agency": "nianbao.extract.collect.harvest",
    "read_document": "nianbao.extract.read",
    "read_docx": "nianbao.extract.docx.reader",
    "read_html": "nianbao.extract.html.reader",
    "read_manifest": "nianbao.extract.collect.local_files",
    "read_pdf": "nianbao.extract.pdf.reader",
    "read_roster": "nianbao.extract.collect.roster",
    "read_text": "nianbao.extract.lines.reader",
}
__all__ = [
    "Archive",
    "Fetcher",
    "ParsedDocument",
    "decode_html",
    "discover_reports",
    "harvest_agency",
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
    raise AttributeError(f"module 'nianbao.extract' has no attribute {name!r}")
