"""Why a finding was made: the finding and every cell it rests on, with the cell's raw text and where it
was printed (page and bounding box for PDF, table/row/column), for `nianbao explain FINDING_ID`.

Each rule names the cells it judges (``findings.cells``: the cells of its identity, last year's report's
too for a cross-year rule); a finding that rests on no cell (a missing or late report) has none.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from nianbao.warehouse.queries import run_query
from nianbao.warehouse.review import FindingNotFound


@dataclass(frozen=True, slots=True)
class Explanation:
    finding: dict[str, object]
    cells: list[dict[str, object]]

    def to_json_dict(self) -> dict[str, object]:
        return {"finding": self.finding, "cells": self.cells}


def explain_finding(con: duckdb.DuckDBPyConnection, finding_id: str) -> Explanation:
    """The finding ``finding_id`` and the cells it rests on, in print order (earlier year first)."""
    found = run_query(con, "explain_finding", {"finding_id": finding_id}).to_dicts()
    if not found:
        raise FindingNotFound(f"no finding {finding_id!r}: list them with `nianbao query findings`")
    cells = run_query(con, "explain_cells", {"finding_id": finding_id}).to_dicts()
    return Explanation(found[0], cells)
