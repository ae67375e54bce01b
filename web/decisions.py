"""A supervisor's decision from the workspace: into the decisions inbox first, then into the
warehouse at once, unless an ingest is writing it; then published, so the pages show it (after
reviews alone, the quick ``publish_reviews``).

While an ingest holds the warehouse (DuckDB lets one process write a file) the decision stays
pending (待写入): the ingest applies the inbox, ``nianbao check`` does, and so does the workspace at
its next page once the warehouse is free.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

import duckdb

from nianbao.warehouse.inbox import Inbox, PendingDecision, apply_inbox, inbox_path
from nianbao.warehouse.publish import publish_reviews
from nianbao.web.reading import WarehouseReader, is_lock_conflict


@dataclass(frozen=True, slots=True)
class Submitted:
    decision_id: str
    state: Literal["applied", "pending", "rejected"]
    error: str | None = None  # why the warehouse refused it (rejected)


class DecisionDesk:
    def __init__(self, reader: WarehouseReader) -> None:
        self.reader = reader
        self.inbox_path = inbox_path(reader.db)
        self._inbox: Inbox | None = None
        self._opening = threading.Lock()

    def inbox(self) -> Inbox:
        """One handle for the process (an Inbox is safe to share between threads)."""
        with self._opening:
            if self._inbox is None:
                self._inbox = Inbox(self.inbox_path)
            return self._inbox

    def close(self) -> None:
        with self._opening:
            if self._inbox is not None:
                self._inbox.close()
                self._inbox = None

    def review(self, finding_id: str, status: str, reason: str, by: str | None) -> Submitted:
        return self._settle(self.inbox().submit_review(finding_id, status, reason, by=by))

    def correct(
        self, report_id: str, metric: str, value: float | None, reason: str, by: str | None, reverts: bool
    ) -> Submitted:
        decision_id = self.inbox().submit_correction(report_id, metric, value, reason, by=by, reverts=reverts)
        return self._settle(decision_id)

    def pending(self) -> list[PendingDecision]:
        if not self.inbox_path.exists():  # reading a page creates no inbox
            return []
        return self.inbox().pending()

    def apply_pending(self) -> bool:
        """Apply what waits in the inbox and publish it; False when an ingest holds the warehouse."""
        with self.reader.warehouse_lock:
            try:
                con = duckdb.connect(str(self.reader.db))
            except duckdb.Error as exc:
                if is_lock_conflict(exc):
                    return False
                raise
            try:
                if apply_inbox(con, self.inbox()):
                    publish_reviews(con, self.reader.db)  # a full publish when a correction came too
            finally:
                con.close()
        return True

    def _settle(self, decision_id: str) -> Submitted:
        self.apply_pending()
        outcome = self.inbox().outcome(decision_id)
        if outcome is None or outcome.state == "pending":
            return Submitted(decision_id, "pending")
        return Submitted(decision_id, outcome.state, outcome.error)
