"""Stage ``warehouse``: the DuckDB schema (ordered migrations), idempotent loading, the rule catalog,
named queries, exports, snapshots, reviews, corrections and scorecards.

Public names are imported on first use, so reading one module does not load the rest.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from warehouse.check import rule_catalog, run_checks
    from warehouse.db import connect
    from warehouse.export import export
    from warehouse.load import load_agencies, load_documents, load_fetches, load_metrics, load_reports
    from warehouse.publish import snapshot
    from warehouse.queries import run_query
    from warehouse.review import record_correction, record_review
    from warehouse.scorecard import write_scorecard

_HOMES = {
    "connect": "warehouse.db",
    "export": "warehouse.export",
    "load_agencies": "warehouse.load",
    "load_documents": "warehouse.load",
    "load_fetches": "warehouse.load",
    "load_metrics": "warehouse.load",
    "load_reports": "warehouse.load",
    "record_correction": "warehouse.review",
    "record_review": "warehouse.review",
    "rule_catalog": "warehouse.check",
    "run_checks": "warehouse.check",
    "run_query": "warehouse.queries",
    "snapshot": "warehouse.publish",
    "write_scorecard": "warehouse.scorecard",
}
__all__ = [
    "connect",
    "export",
    "load_agencies",
    "load_documents",
    "load_fetches",
    "load_metrics",
    "load_reports",
    "record_correction",
    "record_review",
    "rule_catalog",
    "run_checks",
    "run_query",
    "snapshot",
    "write_scorecard",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'warehouse' has no attribute {name!r}")
