"""Cold run against an unchanged rerun of the sample portal: how much a rerun skips.

    .venv/bin/python benchmarks/rerun.py [--seed 2025] [--runs 3]

One portal and one Prefect API serve every run, so the figures are the flow's own work (the CLI adds
8-15 s of starting its Prefect server to either). The portal runs in a process of its own (_portal).
Cold: a fresh warehouse and archive. Rerun: the same warehouse, nothing changed on the portal: the
server answers 304 to what it can (listings, pages, files), unchanged documents are not parsed again.
Prints seconds per run and the rerun's share of the cold run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from _portal import portal  # noqa: E402

from nianbao.demo.generator import generate_portal, write_roster  # noqa: E402
from nianbao.extract.collect.fetch import FetchSettings  # noqa: E402
from nianbao.flows.prefect_api import prefect_api  # noqa: E402

LOCAL = FetchSettings(per_host=8, delay_s=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from nianbao.flows.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp, prefect_api():
        out = Path(tmp)
        generate_portal(out, seed=args.seed)
        with portal(out / "site") as site:
            roster = write_roster(out, site.base_url)
            cold, rerun, downloads = [], [], []
            for _ in range(args.runs):
                shutil.rmtree(out / "w", ignore_errors=True)
                start = time.perf_counter()
                ingest(roster, out / "w" / "nianbao.duckdb", fetch=LOCAL)
                cold.append(time.perf_counter() - start)
                site.answers()  # the cold run's: not counted
                start = time.perf_counter()
                summary = ingest(roster, out / "w" / "nianbao.duckdb", fetch=LOCAL)
                rerun.append(time.perf_counter() - start)
                answers = site.answers()
                downloads.append(sum(n for (_, code), n in answers.items() if code == 200))
                not_modified = sum(n for (_, code), n in answers.items() if code == 304)
    print(f"cold run      {statistics.median(cold):6.2f} s  (min {min(cold):.2f}, max {max(cold):.2f})")
    print(f"rerun         {statistics.median(rerun):6.2f} s  (min {min(rerun):.2f}, max {max(rerun):.2f})")
    print(f"rerun / cold  {statistics.median(rerun) / statistics.median(cold):6.1%}")
    print(f"rerun: {not_modified} answers 304 Not Modified, {downloads[-1]} downloaded again "
          f"(the download servlet sends no Last-Modified), {summary.reused} documents not parsed again")  # fmt: skip


if __name__ == "__main__":
    main()
