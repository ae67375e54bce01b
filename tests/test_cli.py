"""The command line as a user meets it: exit codes, JSON on bad documents, no Prefect for quick commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "html"


def nianbao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao.flows.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)  # fmt: skip


def test_parse_prints_the_design_json():
    result = nianbao("parse", str(FIXTURES / "suqian_2023_2021format.html"), "--json")
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert set(parsed) >= {"status", "agency", "year", "template", "facts", "sections", "warnings"}
    assert parsed["facts"]["t3.new_received.total"] == 3511


def test_a_document_that_cannot_be_read_still_gets_json_and_exit_0(tmp_path):
    for name, data in [
        ("scan.bin", bytes(range(256)) * 40),
        ("empty.html", b""),
        ("old.doc", b"\xd0\xcf\x11\xe0"),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        result = nianbao("parse", str(path), "--json")
        assert result.returncode == 0, result.stderr
        parsed = json.loads(result.stdout)
        assert parsed["status"] != "ok" and parsed["message"] and parsed["facts"] == {}


def test_missing_file_is_a_usage_error():
    result = nianbao("parse", "no/such/file.html", "--json")
    assert result.returncode == 2


def test_query_and_export_need_a_warehouse(tmp_path):
    result = nianbao("query", "findings", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2 and "no warehouse at" in result.stderr
    result = nianbao(
        "export", "--format", "csv", "--out", str(tmp_path), "--db", str(tmp_path / "none.duckdb")
    )
    assert result.returncode == 2


def test_unknown_query_lists_the_known_ones(tmp_path):
    from nianbao.warehouse.db import connect

    connect(tmp_path / "w.duckdb").close()
    result = nianbao("query", "nope", "--db", str(tmp_path / "w.duckdb"))
    assert result.returncode == 2 and "compare_agencies" in result.stderr


def test_quick_commands_do_not_import_prefect_or_the_crawler():
    code = (
        "import sys, io, contextlib\n"
        "from flows.cli import app\n"
        f"sys.argv = ['nianbao', 'parse', {str(FIXTURES / 'suqian_2023_2021format.html')!r}, '--json']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        app()\n    except SystemExit:\n        pass\n"
        "print(sorted(m for m in ('prefect', 'httpx') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr


def test_snapshot_copies_tables_views_and_comments(tmp_path):
    import duckdb

    from nianbao.warehouse.db import connect
    from nianbao.warehouse.load import load_metrics

    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    con.close()
    result = nianbao("snapshot", "--db", str(tmp_path / "w.duckdb"), "--out", str(tmp_path / "snap.duckdb"))
    assert result.returncode == 0, result.stderr
    snap = duckdb.connect(str(tmp_path / "snap.duckdb"), read_only=True)
    assert snap.sql("SELECT count(*) FROM metrics").fetchall()[0][0] == 226
    assert snap.sql("SELECT count(*) FROM agency_year_indicators").fetchall()[0][0] == 0
    assert snap.sql("SELECT comment FROM duckdb_tables() WHERE table_name = 'facts'").fetchall()[0][0]
    snap.close()
