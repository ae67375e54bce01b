"""Stage ``extract``: documents in, ``ParsedDocument`` out.

Public names are imported on first use, so ``import extract`` stays cheap (no HTML or PDF parser is
loaded until a reader is asked for).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extract.charset import decode_html
    from extract.document import ParsedDocument
    from extract.html_reader import read_html
    from extract.titles import parse_report_title

__all__ = ["ParsedDocument", "decode_html", "parse_report_title", "read_html"]

_HOMES = {
    "ParsedDocument": "extract.document",
    "decode_html": "extract.charset",
    "parse_report_title": "extract.titles",
    "read_html": "extract.html_reader",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")
