"""Stage ``transform``: a ``ParsedDocument`` in, a ``MappedReport`` (template, agency, year, facts) out."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transform.grid_to_facts import map_document

__all__ = ["map_document"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so that ``transform.catalog`` or ``transform.normalize`` load alone.
    if name == "map_document":
        return import_module("transform.grid_to_facts").map_document
    raise AttributeError(f"module 'transform' has no attribute {name!r}")
