"""Shared by the scale benchmarks: the sample portal ingested once, and its agencies copied under new ids
until the warehouse holds the size asked for.

Each copy keeps the shapes of the original: a region per copy and region, its reports, facts, sections,
findings and the cells they rest on, and the rows derived from each report at load.
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import duckdb  # noqa: E402

from nianbao.demo.generator import generate_portal, write_roster  # noqa: E402
from nianbao.demo.server import serve  # noqa: E402
from nianbao.extract.collect.fetch import FetchSettings  # noqa: E402
from nianbao.flows.prefect_api import prefect_api  # noqa: E402

# How a copy renames what identifies an agency's rows; every other column is kept as it is.
IDS = ("agency_id", "report_id", "previous_report_id", "finding_id", "fetch_id", "source_url", "page_url",
       "portal_url")  # fmt: skip
TABLES = ("agencies", "reports", "facts", "sections", "findings", "fetches", "stated_periods",
          "narrative_claims", "narrative_repeats", "report_format_sections", "report_derivations",
          "report_indicators")  # fmt: skip


def base_warehouse(out: Path) -> Path:
    """The sample portal (32 agencies × 6 years), ingested once."""
    from nianbao.flows.ingest import ingest

    generate_portal(out, seed=2025)
    db = out / "base.duckdb"
    with serve(out / "site") as base_url, prefect_api():
        ingest(write_roster(out, base_url), db, fetch=FetchSettings(per_host=8, delay_s=0))
    return db


def replicate(con: duckdb.DuckDBPyConnection, copies: int, tables: tuple[str, ...] = TABLES) -> None:
    """Copies 1 … copies-1 of every agency's rows, ids suffixed ``~k``, regions ``region·k``."""
    for table in tables:
        columns = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table]).fetchall()]  # fmt: skip
        exprs = []
        for c in columns:
            if c in IDS:
                exprs.append(f'CASE WHEN "{c}" IS NULL THEN NULL ELSE "{c}" || \'~\' || k END')
            elif c == "region":
                exprs.append("region || '·' || k")
            elif table == "findings" and c == "cells":
                exprs.append(
                    "list_transform(cells, lambda x: {'report_id': x.report_id || '~' || k, 'metric': x.metric})"
                )
            else:
                exprs.append(f'"{c}"')
        select = ", ".join(f'{e} AS "{c}"' for e, c in zip(exprs, columns, strict=True))
        con.execute(f'CREATE TEMP TABLE base AS SELECT * FROM "{table}"')
        con.execute(f'INSERT INTO "{table}" SELECT {select} FROM base, range(1, {copies}) AS r(k)')
        con.execute("DROP TABLE base")
