"""Stage ``warehouse``: the DuckDB schema (ordered migrations), idempotent loading, the rule catalog,
named queries, exports, the published copy, reviews, corrections, the decisions inbox and scorecards.

Public names are imported on first use, so reading one module does not load the rest.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nianbao.warehouse.check import rule_catalog, run_checks
    from nianbao.warehouse.db import connect
    from nianbao.warehouse.explain import explain_finding
    from nianbao.warehouse.export import export
    from nianbao.warehouse.inbox import Inbox, apply_inbox, inbox_path
    from nianbao.warehouse.load import load_agencies, load_documents, load_fetches, load_metrics, load_reports
    from nianbao.warehouse.publish import publish, published_path, snapshot
    from nianbao.warehouse.queries import run_query
    from nianbao.warehouse.review import record_correction, record_review
    from nianbao.warehouse.scorecard import scorecard_frames, write_xlsx

_HOMES = {
    "Inbox": "nianbao.warehouse.inbox",
    "apply_inbox": "nianbao.warehouse.inbox",
    "connect": "nianbao.warehouse.db",
    "explain_finding": "nianbao.warehouse.explain",
    "export": "nianbao.warehouse.export",
    "inbox_path": "nianbao.warehouse.inbox",
    "load_agencies": "nianbao.warehouse.load",
    "load_documents": "nianbao.warehouse.load",
    "load_fetches": "nianbao.warehouse.load",
    "load_metrics": "nianbao.warehouse.load",
    "load_reports": "nianbao.warehouse.load",
    "publish": "nianbao.warehouse.publish",
    "published_path": "nianbao.warehouse.publish",
    "record_correction": "nianbao.warehouse.review",
    "record_review": "nianbao.warehouse.review",
    "rule_catalog": "nianbao.warehouse.check",
    "run_checks": "nianbao.warehouse.check",
    "run_query": "nianbao.warehouse.queries",
    "scorecard_frames": "nianbao.warehouse.scorecard",
    "snapshot": "nianbao.warehouse.publish",
    "write_xlsx": "nianbao.warehouse.scorecard",
}
__all__ = [
    "Inbox",
    "apply_inbox",
    "connect",
    "explain_finding",
    "export",
    "inbox_path",
    "load_agencies",
    "load_documents",
    "load_fetches",
    "load_metrics",
    "load_reports",
    "publish",
    "published_path",
    "record_correction",
    "record_review",
    "rule_catalog",
    "run_checks",
    "run_query",
    "scorecard_frames",
    "snapshot",
    "write_xlsx",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'nianbao.warehouse' has no attribute {name!r}")
