"""The supervisor's scorecard: its three tables and ``scorecard.xlsx`` (``nianbao.web.scorecard_page``
draws ``scorecard.html`` from the same tables).

Read-only on the warehouse: the sheets are the named queries scorecard_agencies, scorecard_regions and
scorecard_findings (Chinese headers), so what the files show is what `nianbao query` shows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import xlsxwriter

from nianbao.core.errors import NianbaoError
from nianbao.warehouse.queries import run_query

# Sheet name -> named query. The sheet names are the supervisor's words and the xlsx contract.
SHEETS = {
    "机关年度评分": "scorecard_agencies",
    "地区汇总": "scorecard_regions",
    "问题清单": "scorecard_findings",
}
NEEDED_MIGRATION = "006_scorecards"


class WarehouseNeedsUpgrade(NianbaoError, RuntimeError):
    """The warehouse predates the scorecard views; any writing command (e.g. `nianbao check`) upgrades it."""


def scorecard_frames(
    con: duckdb.DuckDBPyConnection, params: dict[str, str] | None = None
) -> dict[str, pl.DataFrame]:
    done = {row[0] for row in con.sql("SELECT version FROM schema_migrations").fetchall()}
    if NEEDED_MIGRATION not in done:
        raise WarehouseNeedsUpgrade(
            "this warehouse predates the scorecard views: run `nianbao check --db …` once to upgrade it"
        )
    # Each query binds only the parameters it uses (year, region).
    return {sheet: run_query(con, query, params or {}) for sheet, query in SHEETS.items()}


def write_xlsx(frames: dict[str, pl.DataFrame], path: Path) -> Path:
    # Excel has no time zones: a review's time (TIMESTAMPTZ) is written as the wall time it reads as.
    with xlsxwriter.Workbook(path, {"remove_timezone": True}) as workbook:
        for sheet, frame in frames.items():
            frame.write_excel(workbook=workbook, worksheet=sheet, autofit=True, freeze_panes=(1, 0),
                              float_precision=4)  # fmt: skip
    return path
