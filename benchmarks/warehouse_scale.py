"""Named queries and scorecard views on a warehouse of a national backfill's size: 100,000 agency-years.

    .venv/bin/python benchmarks/warehouse_scale.py [--agency-years 100000] [--keep DIR]

The sample portal is ingested once (real reports, facts, sections, findings and narrative rows), then
its agencies are copied under new ids until the warehouse holds the agency-years asked for: each copy
keeps the shapes of the original (a region per copy and region, its reports, facts, findings and the
cells they rest on). Every named query (``warehouse/queries``, with the CLI's defaults and one agency,
finding and year where it needs them) and every scorecard view is timed as the CLI and analysts run
it: the whole answer fetched into polars, twice (cold, then warm). Target: under 1 s each.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from _scale import base_warehouse, replicate  # noqa: E402

from nianbao.warehouse.db import connect  # noqa: E402
from nianbao.warehouse.queries import query_names, run_query  # noqa: E402

TARGET_S = 1.0
VIEWS = ("agency_year_scorecard", "region_year_scorecard", "agency_year_indicators", "agency_year_comparison")


def _timed(run) -> tuple[float, float, int]:
    times, rows = [], 0
    for _ in range(2):
        start = time.perf_counter()
        rows = run().height
        times.append(time.perf_counter() - start)
    return times[0], times[1], rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agency-years", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="Keep the scaled warehouse here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        start = time.perf_counter()
        base = base_warehouse(out)
        print(f"sample portal ingested in {time.perf_counter() - start:.1f} s")
        db = args.keep / "scaled.duckdb" if args.keep else out / "scaled.duckdb"
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(base, db)
        con = connect(db)
        (per_copy,) = con.execute("SELECT count(DISTINCT (agency_id, year)) FROM reports").fetchone()
        copies = math.ceil(args.agency_years / per_copy)
        start = time.perf_counter()
        replicate(con, copies)
        con.execute("CHECKPOINT")
        agency_years, reports, facts, findings = con.execute(
            "SELECT (SELECT count(DISTINCT (agency_id, year)) FROM reports), (SELECT count(*) FROM reports), "
            "(SELECT count(*) FROM facts), (SELECT count(*) FROM findings)"
        ).fetchone()
        print(f"scaled ×{copies} in {time.perf_counter() - start:.1f} s: {agency_years:,} agency-years, "
              f"{reports:,} reports, {facts:,} facts, {findings:,} findings, {db.stat().st_size / 1024**2:,.0f} MB")  # fmt: skip
        con.close()
        con = connect(db, read_only=True)  # as analysts and the CLI open it
        agency, finding, year = con.execute(
            "SELECT f.agency_id, f.finding_id, f.year FROM findings f WHERE f.cells IS NOT NULL "
            "ORDER BY f.finding_id LIMIT 1"
        ).fetchall()[0]
        params = {"agency_id": agency, "finding_id": finding, "year": str(year)}
        print(f"\n{'query / view':28} {'cold s':>7} {'warm s':>7} {'rows':>9}  target < {TARGET_S:g} s")
        over = 0
        for name in query_names():
            cold, warm, rows = _timed(lambda name=name: run_query(con, name, params))
            over += cold >= TARGET_S
            print(f"{name:28} {cold:7.3f} {warm:7.3f} {rows:9,}  {'ok' if cold < TARGET_S else 'OVER'}")
        for view in VIEWS:
            cold, warm, rows = _timed(lambda view=view: con.sql(f"SELECT * FROM {view}").pl())
            over += cold >= TARGET_S
            print(
                f"{'view ' + view:28} {cold:7.3f} {warm:7.3f} {rows:9,}  {'ok' if cold < TARGET_S else 'OVER'}"
            )
        con.close()
        print(f"\n{over} over the target" if over else "\nevery query and view under the target")


if __name__ == "__main__":
    main()
