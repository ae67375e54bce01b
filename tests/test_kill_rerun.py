"""``kill -9`` of an ingest at any moment, then a rerun: the warehouse ends as a clean run leaves it,
and nothing the killed run started (its Prefect server, its parsing workers) is left running."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from test_workers import _alive, _descendants

from nianbao.demo.generator import generate_portal, write_roster
from nianbao.demo.server import serve

pytestmark = pytest.mark.e2e
_VOLATILE = ("first_seen_at",)  # when a fetch outcome was first seen differs from run to run


def _ingest(roster: Path, db: Path, home: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    return subprocess.Popen(
        [sys.executable, "-m", "nianbao.flows.cli", "ingest", "--roster", str(roster), "--db", str(db),
         "--per-host", "8", "--delay", "0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _tables(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for (name,) in con.execute(
            # bookkeeping: the migrations applied, the digest of the last check's inputs (fetch times …)
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_name NOT IN ('schema_migrations', 'check_state')"
        ).fetchall():
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [name]).fetchall() if c not in _VOLATILE]  # fmt: skip
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f'SELECT {quoted} FROM "{name}"')
            out[name] = sorted(rows.fetchall(), key=repr)
        return out
    finally:
        con.close()


def test_killed_runs_then_a_rerun_end_as_a_clean_run(tmp_path):
    generate_portal(tmp_path, seed=2025)
    with serve(tmp_path / "site") as base_url:
        roster = write_roster(tmp_path, base_url)
        clean_db = tmp_path / "clean" / "nianbao.duckdb"
        start = time.monotonic()
        clean = _ingest(roster, clean_db, tmp_path / "home-clean")
        assert clean.wait(timeout=600) == 0, clean.stderr.read()
        duration = time.monotonic() - start
        clean_tables = _tables(clean_db)
        assert len(clean_tables["facts"]) > 30000

        db = tmp_path / "killed" / "nianbao.duckdb"
        rng = random.Random(9)
        for share in (0.2, 0.55, 0.9):  # server start and first agencies; fetch/parse/load; load and check
            run = _ingest(roster, db, tmp_path / "home-killed")
            time.sleep(duration * share * rng.uniform(0.9, 1.1))
            started = _descendants(run.pid)
            os.kill(run.pid, signal.SIGKILL)
            run.wait(timeout=10)
            deadline = time.monotonic() + 15
            while any(_alive(p) for p in started | _descendants(run.pid)) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = [p for p in started if _alive(p)]
            assert not left, f"processes outlived the killed run: {left}"
        rerun = _ingest(roster, db, tmp_path / "home-killed")
        assert rerun.wait(timeout=600) == 0, rerun.stderr.read()
    assert _tables(db) == clean_tables
