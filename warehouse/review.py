"""A supervisor's decisions: reviewing a finding, correcting a misread cell.

Both are written beside what the pipeline writes, never over it: ``check`` rebuilds findings with the
same ids and leaves ``reviews`` alone; ``ingest`` replaces facts and leaves ``corrections`` alone. Each
decision is appended to its history (``review_log``, ``corrections``); ``reviews`` holds the latest
review per finding and ``facts_effective`` applies the latest correction per cell.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb

from nianbao.core.errors import NianbaoError
from nianbao.extract.records import stable_id
from nianbao.warehouse.db import transaction

REVIEW_STATUSES = ("accepted", "dismissed")
BLANK_WORDS = ("blank", "null", "空", "空白")
_FINDING = (
    "SELECT rule_id, agency_id, year, report_id, metric, message FROM findings WHERE finding_id = $finding_id"
)


class FindingNotFound(NianbaoError, LookupError):
    """No finding has this id (list them with `nianbao query findings`)."""


class ReportNotFound(NianbaoError, LookupError):
    """No report has this id (see reports.csv of `nianbao export` or the reports table)."""


class UnknownMetric(NianbaoError, LookupError):
    """The metric code is not in the catalog (spec/metrics.csv)."""


class InvalidDecision(NianbaoError, ValueError):
    """A review status other than accepted/dismissed, an empty reason, or a value that is no number."""


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    at: dt.datetime
    summary: str


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or dt.datetime.now(dt.UTC)


def review_id(finding_id: str, at: dt.datetime) -> str:
    """A review's id: one decision on a finding at one instant (a replay of it writes nothing new)."""
    return stable_id(finding_id, at.isoformat())


def correction_id(report_id: str, metric: str, at: dt.datetime) -> str:
    return stable_id(report_id, metric, at.isoformat())


def valid_status(status: str) -> str:
    if status not in REVIEW_STATUSES:
        raise InvalidDecision(f"--status {status!r}: choose accepted (a real problem) or dismissed (not one)")
    return status


def valid_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidDecision("--reason is required: say why, in a sentence the next reviewer understands")
    return reason.strip()


def record_review(
    con: duckdb.DuckDBPyConnection,
    finding_id: str,
    status: str,
    reason: str,
    *,
    by: str | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """Record a decision on a current finding; a later decision replaces it in ``reviews``."""
    status, reason, at = valid_status(status), valid_reason(reason), _now(at)
    finding = con.sql(_FINDING, params={"finding_id": finding_id}).fetchall()
    if not finding:
        raise FindingNotFound(f"no finding {finding_id!r}: list them with `nianbao query findings`")
    rule_id, agency_id, year, report_id, metric, message = finding[0]
    decision_id = review_id(finding_id, at)
    with transaction(con):
        con.execute(
            "INSERT INTO review_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                decision_id,
                finding_id,
                status,
                reason,
                at,
                by,
                rule_id,
                agency_id,
                year,
                report_id,
                metric,
                message,
            ],
        )
        con.execute("INSERT OR REPLACE INTO reviews (finding_id, status, reason, reviewed_at, reviewed_by) "
                    "VALUES (?, ?, ?, ?, ?)", [finding_id, status, reason, at, by])  # fmt: skip
    return Decision(decision_id, at, f"{finding_id} {rule_id} {agency_id} {year}: {status}")


def parse_value(text: str) -> float | None:
    """A corrected cell value: a number, or blank (NULL) for a cell printed empty."""
    if text.strip().lower() in BLANK_WORDS:
        return None
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        raise InvalidDecision(f"value {text!r}: expected a number, or 'blank' for an empty cell") from None
    if not math.isfinite(value):
        raise InvalidDecision(f"value {text!r}: expected a finite number")
    return value


def record_correction(
    con: duckdb.DuckDBPyConnection,
    report_id: str,
    metric: str,
    value: float | None,
    reason: str,
    *,
    revert: bool = False,
    by: str | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """Record the true value of one cell of a report (``revert``: back to the value as read)."""
    reason, at = valid_reason(reason), _now(at)
    if not con.sql("SELECT 1 FROM reports WHERE report_id = $r", params={"r": report_id}).fetchall():
        raise ReportNotFound(f"no report {report_id!r}: report ids are in reports.csv (`nianbao export`)")
    if not con.sql("SELECT 1 FROM metrics WHERE metric = $m", params={"m": metric}).fetchall():
        raise UnknownMetric(f"no metric {metric!r}: codes are listed in the metrics table (spec/metrics.csv)")
    decision_id = correction_id(report_id, metric, at)
    con.execute(
        "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [decision_id, report_id, metric, None if revert else value, revert, reason, at, by],
    )
    shown = "as read" if revert else ("blank" if value is None else f"{value:g}")
    return Decision(decision_id, at, f"{report_id} {metric} -> {shown}")
