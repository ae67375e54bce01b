"""Stage ``transform``: a ``ParsedDocument`` in, a ``MappedReport`` (template, agency, year, facts) out,
and the report row the warehouse stores.

Public names are imported on first use, so importing the package loads no reader. The official
format itself (catalog, labels, numbers) lives in ``nianbao.core``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nianbao.transform.build import build_report, parse_and_map
    from nianbao.transform.grid_to_facts import map_document

_HOMES = {
    "build_report": "nianbao.transform.build",
    "map_document": "nianbao.transform.grid_to_facts",
    "parse_and_map": "nianbao.transform.build",
}
__all__ = [
    "build_report",
    "map_document",
    "parse_and_map",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'nianbao.transform' has no attribute {name!r}")
