"""The decisions inbox: reviews and corrections submitted while the warehouse may be busy.

DuckDB has one writer, the pipeline: a review made in the browser while an ingest runs can neither
wait for the ingest's lock nor be lost. It goes into an SQLite file beside the warehouse (WAL mode:
many processes write and read it at once, none waits long) and the warehouse's next writer applies it
(``ingest`` at its start and before its check, ``nianbao check``) through ``warehouse.review``, with
the time it was submitted as the time it was made.

Applying is idempotent. Each decision goes into the warehouse under the id ``warehouse.review`` gives
a decision on that finding or cell at that instant: one found there already (a crash between the
DuckDB commit and the inbox update) is only marked applied, never recorded twice.
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from nianbao.core.errors import NianbaoError
from nianbao.warehouse.review import (
    InvalidDecision,
    correction_id,
    record_correction,
    record_review,
    review_id,
    valid_reason,
    valid_status,
)
from nianbao.warehouse.sql import load_sql

_RECORDED = {
    "review": "SELECT 1 FROM review_log WHERE review_id = ?",
    "correction": "SELECT 1 FROM corrections WHERE correction_id = ?",
}
_TICK = dt.timedelta(microseconds=1)


def inbox_path(db: Path) -> Path:
    """The inbox of the warehouse ``db``: ``<db>.decisions.sqlite`` beside it."""
    return db.with_name(db.name + ".decisions.sqlite")


@dataclass(frozen=True, slots=True)
class PendingDecision:
    """A decision not yet applied. A review has finding_id and status; a correction has report_id,
    metric, value (None: blank) and reverts (back to the value as read)."""

    decision_id: str
    kind: Literal["review", "correction"]
    finding_id: str | None
    report_id: str | None
    metric: str | None
    status: str | None
    value: float | None
    reverts: bool
    reason: str
    by: str | None
    submitted_at: dt.datetime


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a submitted decision: pending, applied, or rejected (error says why)."""

    state: Literal["pending", "applied", "rejected"]
    error: str | None
    settled_at: dt.datetime | None


class Inbox:
    """One process's handle on the inbox file (created on first use). Safe to share between threads."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit; writes take the lock up front (BEGIN IMMEDIATE) and wait up to 30 s for another
        # process's write, which takes milliseconds.
        self._con = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock:
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.executescript(load_sql("decisions", "schema"))

    def submit_review(self, finding_id: str, status: str, reason: str, by: str | None = None) -> str:
        """Queue a decision on a finding; returns its decision id."""
        if not finding_id:
            raise InvalidDecision("a review needs the finding id (nianbao query findings)")
        return self._submit(kind="review", finding_id=finding_id, status=valid_status(status),
                            reason=valid_reason(reason), by=by)  # fmt: skip

    def submit_correction(
        self,
        report_id: str,
        metric: str,
        value: float | None,
        reason: str,
        by: str | None = None,
        reverts: bool = False,
    ) -> str:
        """Queue the true value of one cell (``value`` None: printed blank; ``reverts``: back to the
        value as read); returns its decision id."""
        if not report_id or not metric:
            raise InvalidDecision("a correction needs the report id and the metric code")
        return self._submit(kind="correction", report_id=report_id, metric=metric,
                            value=None if reverts else _number(value), reverts=int(reverts),
                            reason=valid_reason(reason), by=by)  # fmt: skip

    def pending(self) -> list[PendingDecision]:
        """The decisions not yet applied, in the order they were submitted."""
        with self._lock:
            rows = self._con.execute(load_sql("decisions", "pending")).fetchall()
        # decision_id … value, then reverts, reason, decided_by, submitted_at (pending.sql)
        return [
            PendingDecision(*row[:7], bool(row[7]), row[8], row[9], dt.datetime.fromisoformat(row[10]))
            for row in rows
        ]

    def outcome(self, decision_id: str) -> Outcome | None:
        """What became of a decision (None: no such decision id)."""
        with self._lock:
            row = self._con.execute(load_sql("decisions", "outcome"), {"decision_id": decision_id}).fetchone()
        if row is None:
            return None
        state, error, settled_at = row
        return Outcome(state, error, dt.datetime.fromisoformat(settled_at) if settled_at else None)

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def __enter__(self) -> Inbox:
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def _submit(self, **fields) -> str:
        decision = {"finding_id": None, "report_id": None, "metric": None, "status": None, "value": None,
                    "reverts": 0, "decision_id": uuid.uuid4().hex} | fields  # fmt: skip
        with self._lock:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                # Strictly increasing times: two decisions never share an instant, so neither is taken
                # for a replay of the other (their warehouse ids are hashed from it) and their order holds.
                (last,) = self._con.execute(load_sql("decisions", "last_submitted")).fetchone()
                at = dt.datetime.now(dt.UTC)
                if last is not None:
                    at = max(at, dt.datetime.fromisoformat(last) + _TICK)
                decision["submitted_at"] = at.isoformat(timespec="microseconds")
                self._con.execute(load_sql("decisions", "submit"), decision)
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
        return decision["decision_id"]

    def _settle(self, decision_id: str, state: str, error: str | None = None) -> None:
        settled_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        with self._lock:
            self._con.execute(load_sql("decisions", "settle"),
                              {"decision_id": decision_id, "state": state, "settled_at": settled_at,
                               "error": error})  # fmt: skip


def _number(value: float | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        raise InvalidDecision(f"value {value!r}: expected a finite number, or None for an empty cell")
    return number


def apply_inbox(con: duckdb.DuckDBPyConnection, inbox: Inbox) -> int:
    """Apply every pending decision to the warehouse, in the order submitted; returns how many were
    recorded. A decision the warehouse refuses (its finding is gone, an unknown report or metric) is
    marked rejected with the reason, and the others go on."""
    recorded = 0
    for decision in inbox.pending():
        try:
            if not _recorded(con, decision):  # else applied before a crash left it pending here
                _record(con, decision)
                recorded += 1
        except NianbaoError as exc:
            inbox._settle(decision.decision_id, "rejected", str(exc.args[0] if exc.args else exc))
            continue
        inbox._settle(decision.decision_id, "applied")
    return recorded


def apply_pending(con: duckdb.DuckDBPyConnection, db: Path) -> int:
    """``apply_inbox`` with the inbox beside the warehouse ``db`` (``con`` its writer's connection)."""
    with Inbox(inbox_path(db)) as inbox:
        return apply_inbox(con, inbox)


def _recorded(con: duckdb.DuckDBPyConnection, d: PendingDecision) -> bool:
    if d.kind == "review":
        key = review_id(d.finding_id, d.submitted_at)
    else:
        key = correction_id(d.report_id, d.metric, d.submitted_at)
    return bool(con.execute(_RECORDED[d.kind], [key]).fetchall())


def _record(con: duckdb.DuckDBPyConnection, d: PendingDecision) -> None:
    if d.kind == "review":
        record_review(con, d.finding_id, d.status, d.reason, by=d.by, at=d.submitted_at)
    else:
        record_correction(con, d.report_id, d.metric, d.value, d.reason, revert=d.reverts, by=d.by,
                          at=d.submitted_at)  # fmt: skip
