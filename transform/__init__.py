"""Stage ``transform``: a ``ParsedDocument`` in, a ``MappedReport`` (template, agency, year, facts) out,
and the report row the warehouse stores.

Public names are imported on first use, so ``transform.catalog`` or ``transform.normalize`` load alone.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transform.build import build_report, parse_and_map
    from transform.catalog import metrics, template_metrics
    from transform.grid_to_facts import map_document
    from transform.normalize import normalize_text, parse_number

_HOMES = {
    "build_report": "transform.build",
    "map_document": "transform.grid_to_facts",
    "metrics": "transform.catalog",
    "normalize_text": "transform.normalize",
    "parse_and_map": "transform.build",
    "parse_number": "transform.normalize",
    "template_metrics": "transform.catalog",
}
__all__ = [
    "build_report",
    "map_document",
    "metrics",
    "normalize_text",
    "parse_and_map",
    "parse_number",
    "template_metrics",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'transform' has no attribute {name!r}")
