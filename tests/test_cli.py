"""The command line as a user meets it: exit codes, JSON on bad documents, no Prefect for quick commands."""

from __future__ import annotations

import json
import re
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
        "from nianbao.flows.cli import app\n"
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


def test_every_command_is_in_the_readme_table_with_help_text():
    """The README's command table is what a new user reads: a command or option missing from it, or
    a command without help text, is a command nobody finds."""
    import typer.main

    from nianbao.flows.cli import app

    commands = typer.main.get_command(app).commands
    rows = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| `nianbao ")]  # fmt: skip
    documented = {row.split("`")[1].split()[1]: row for row in rows}
    assert set(documented) == set(commands), "README's command table and the CLI differ"
    for name, command in commands.items():
        assert (command.help or "").strip(), f"nianbao {name} has no help text"
        for param in command.params:
            assert (getattr(param, "help", None) or "").strip(), f"nianbao {name} {param.name}: no help text"
            flags = [o for o in param.opts if o.startswith("--")]
            if flags and not getattr(param, "hidden", False):
                usage = re.split(r"(?<!\\)\|", documented[name])[1]  # the first column (\| is escaped)
                assert any(f in usage for f in flags), f"README's row for {name} does not show {flags[0]}"


def test_the_demo_ends_with_the_command_that_opens_the_workspace(tmp_path, monkeypatch):
    """`make demo` ends by printing the `nianbao serve` command; that command, run as printed, serves the
    workspace over the demo's warehouse. The ingest itself is the end-to-end tests' business: here it
    only creates and publishes an empty warehouse."""
    import shlex

    import uvicorn
    from starlette.testclient import TestClient
    from typer.testing import CliRunner

    import nianbao.flows.cli as cli
    import nianbao.flows.summary as summary
    from nianbao.warehouse.db import connect
    from nianbao.warehouse.publish import publish

    def fake_ingest(roster, db, *args, **kwargs):
        con = connect(db)
        publish(con, db)
        con.close()
        return "summary"

    monkeypatch.setattr(cli, "_run_ingest", fake_ingest)
    monkeypatch.setattr(summary, "print_summary", lambda s, db: None)
    out = tmp_path / "demo out"  # a space: the printed command quotes its path
    result = CliRunner().invoke(cli.app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    words = shlex.split(last)
    assert words[words.index("serve") + 1 :] == ["--db", str(out / "nianbao.duckdb")]

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    result = CliRunner().invoke(cli.app, words[words.index("serve") :])
    assert result.exit_code == 0, result.output
    assert served["host"] == "127.0.0.1"
    with TestClient(served["app"]) as client:
        page = client.get("/")
    assert page.status_code == 200 and "政府信息公开" in page.text
