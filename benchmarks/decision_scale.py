"""A supervisor's decision from the workspace at a province's scale: 2,000 agencies × 6 years.

    .venv/bin/python benchmarks/decision_scale.py [--agencies 2000] [--base BASE.duckdb] [--repeat 3]

The sample portal is ingested once (or ``--base``: an ingested sample portal's warehouse), copied up to
the agencies asked for and checked. Timed, each ``--repeat`` times (min / median / max):

(a) publishing the warehouse: the copy and the Parquet files, as every ingest and check ends;
(b) a dismissal submitted through the workspace's ``DecisionDesk`` while the warehouse is free: into
    the inbox, applied to the warehouse, published; the page answers after this;
(c) the same decision's application alone (``apply_inbox``), without the publish.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
from _scale import base_warehouse, replicate

from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.inbox import Inbox, apply_inbox, inbox_path
from nianbao.warehouse.publish import publish
from nianbao.web.decisions import DecisionDesk
from nianbao.web.reading import WarehouseReader

AS_OF = dt.date(2026, 6, 30)


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def _figures(name: str, seconds: list[float]) -> None:
    print(
        f"{name}: min {min(seconds):.2f} s · median {statistics.median(seconds):.2f} s · max {max(seconds):.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=2000)
    parser.add_argument("--base", type=Path, help="An ingested sample portal's warehouse to start from.")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        base = args.base or base_warehouse(out)
        db = out / "province" / "nianbao.duckdb"
        db.parent.mkdir()
        shutil.copy(base, db)
        con = connect(db)
        (n_base,) = con.execute("SELECT count(*) FROM agencies").fetchall()[0]
        replicate(con, math.ceil(args.agencies / n_base))
        run_checks(con, as_of=AS_OF)
        agencies, facts, findings = con.execute(
            "SELECT (SELECT count(*) FROM agencies), (SELECT count(*) FROM facts), (SELECT count(*) FROM findings)"
        ).fetchall()[0]
        print(f"warehouse: {agencies} agencies, {facts} facts, {findings} findings")
        ids = [f for (f,) in con.execute("SELECT finding_id FROM findings ORDER BY finding_id LIMIT ?",
                                          [2 * args.repeat]).fetchall()]  # fmt: skip
        _figures("(a) publish", [_timed(lambda: publish(con, db)) for _ in range(args.repeat)])
        con.close()
        print(f"published copy {(db.parent / 'published' / db.name).stat().st_size / 2**20:.0f} MiB")

        desk = DecisionDesk(WarehouseReader(db))
        try:
            decided = []
            for finding_id in ids[: args.repeat]:
                decided.append(
                    _timed(lambda f=finding_id: desk.review(f, "dismissed", "口径不同，已核实", "基准"))
                )
            _figures("(b) decision from the workspace, applied and published", decided)
        finally:
            desk.close()

        applied = []
        with Inbox(inbox_path(db)) as inbox:
            for finding_id in ids[args.repeat :]:
                inbox.submit_review(finding_id, "dismissed", "口径不同，已核实", by="基准")
                con = duckdb.connect(str(db))
                applied.append(_timed(lambda c=con: apply_inbox(c, inbox)))
                con.close()
        _figures("(c) the decision applied alone", applied)


if __name__ == "__main__":
    main()
