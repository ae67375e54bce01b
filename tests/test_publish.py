"""Publishing: a complete read-only copy of the warehouse (tables, views, macros, comments) and Parquet
by year, written while the pipeline holds the warehouse open, and never seen half-written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import polars as pl
import pytest
from reportdata import suqian_2023
from test_kill_rerun import _ingest
from test_review import _finding, _misread
from test_rules import AGENCIES, AS_OF, record
from typer.testing import CliRunner

from nianbao.demo.generator import generate_portal, write_roster
from nianbao.demo.server import serve
from nianbao.flows.cli import app
from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.inbox import Inbox, inbox_path
from nianbao.warehouse.load import load_agencies, load_metrics, load_reports
from nianbao.warehouse.publish import parquet_path, publish, publish_reviews, published_path
from nianbao.warehouse.review import record_correction, record_review

YEARS = (2022, 2023)
PARTITIONED = ("facts", "reports", "findings", "agency_year_scorecard", "agency_year_indicators")
_CATALOG = {
    "tables": "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database()",
    "views": "SELECT view_name, comment FROM duckdb_views() WHERE database_name = current_database()",
    "columns": "SELECT table_name, column_name, comment FROM duckdb_columns() "
    "WHERE database_name = current_database() AND comment IS NOT NULL",
    "macros": "SELECT function_name, function_type FROM duckdb_functions() "
    "WHERE database_name = current_database() AND function_type IN ('macro', 'table_macro')",
}


@pytest.fixture
def db(tmp_path):
    return tmp_path / "w.duckdb"


@pytest.fixture
def con(db):
    """The pipeline's connection, held open: two years of one agency, a finding in 2023."""
    con = connect(db)
    load_metrics(con)
    load_agencies(con, AGENCIES[:1])
    load_reports(con, [record("dept", 2022, suqian_2023()), *_misread()])
    run_checks(con, as_of=AS_OF, years=YEARS)
    yield con
    con.close()


def _catalog(con) -> dict[str, list[tuple]]:
    return {kind: sorted(con.sql(sql).fetchall()) for kind, sql in _CATALOG.items()}


def _counts(con, names) -> dict[str, int]:
    return {name: con.sql(f'SELECT count(*) FROM "{name}"').fetchall()[0][0] for name in names}


def test_publish_copies_everything_while_the_pipeline_holds_the_warehouse(con, db):
    out = publish(con, db)
    assert out == published_path(db) == db.parent / "published" / "w.duckdb"
    con.execute("SELECT count(*) FROM facts").fetchall()  # the pipeline's connection goes on
    copy = duckdb.connect(str(out), read_only=True)
    try:
        catalog = _catalog(con)
        assert _catalog(copy) == catalog
        assert all(comment for _, comment in catalog["tables"] + catalog["views"])
        assert {"facts", "findings", "reviews"} <= {t for t, _ in catalog["tables"]} and catalog["macros"]
        names = [t for t, _ in catalog["tables"] + catalog["views"]]
        assert _counts(copy, names) == _counts(con, names)  # every view answers in the copy as in the source
    finally:
        copy.close()
    assert {p.name for p in out.parent.iterdir()} == {"parquet", out.name, f"parquet-{_stamp(out)}"}


def _stamp(out):
    return (out.parent / "parquet").readlink().name.removeprefix("parquet-")


def test_parquet_by_year_reads_with_polars(con, db):
    publish(con, db)
    folder = parquet_path(db)
    sources = {"facts": "facts_effective JOIN reports USING (report_id)", "findings": "findings_reviewed"}
    for name in PARTITIONED:
        source = sources.get(name, name)
        years = sorted(y for (y,) in con.sql(f"SELECT DISTINCT year FROM {source}").fetchall())
        assert sorted(p.name for p in (folder / name).iterdir()) == [f"year={y}" for y in years], name
        frame = pl.scan_parquet(folder / name, hive_partitioning=True).collect()
        assert frame.height == con.sql(f"SELECT count(*) FROM {source}").fetchall()[0][0] > 0, name
        assert sorted(set(frame["year"])) == years, name
    assert sorted(p.name for p in (folder / "facts").iterdir()) == ["year=2022", "year=2023"]
    facts = pl.scan_parquet(folder / "facts", hive_partitioning=True)
    received = facts.filter(pl.col("year") == 2022, pl.col("metric") == "t3.new_received.total").collect()
    assert received.select("agency_id", "value").rows() == [("dept", 3511.0)]
    assert {"report_id", "value", "original_value", "raw_text", "page"} <= set(facts.collect_schema())
    assert pl.read_parquet(folder / "agencies.parquet")["agency_id"].to_list() == ["dept"]


def _exports(db: Path) -> dict[str, list[tuple]]:
    """Every published Parquet export's rows, sorted (the year from the folder names)."""
    folder, out = parquet_path(db), {}
    reader = duckdb.connect()
    for entry in sorted(folder.iterdir()):
        pattern = f"{entry}/**/*.parquet" if entry.is_dir() else str(entry)
        rows = reader.execute("SELECT * FROM read_parquet(?, hive_partitioning = true)", [pattern]).fetchall()
        out[entry.name] = sorted(rows, key=repr)
    reader.close()
    return out


def _copy_rows(db: Path, table: str) -> list[tuple]:
    copy = duckdb.connect(str(published_path(db)), read_only=True)
    try:
        return sorted(copy.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
    finally:
        copy.close()


def test_publishing_after_reviews_writes_what_a_full_publish_writes(con, db, tmp_path):
    """The workspace's quick publish after a dismissal: the copy and every Parquet export as a full
    publish of the same warehouse has them; the exports that cannot show a review are the last
    folder's files, linked."""
    publish(con, db)
    before = parquet_path(db).resolve()
    finding_id = _finding(con, "t4_group_total")
    record_review(con, finding_id, "dismissed", "口径不同，已核实", by="浏览器")
    publish_reviews(con, db)
    quick, quick_reviews = _exports(db), _copy_rows(db, "findings_reviewed")
    after = parquet_path(db).resolve()
    assert after != before
    assert os.path.samefile(before / "agencies.parquet", after / "agencies.parquet")  # linked, not rewritten
    assert not any(os.path.samefile(a, b) for a, b in zip(sorted((before / "findings").rglob("*.parquet")),
                                                           sorted((after / "findings").rglob("*.parquet")), strict=True))  # fmt: skip
    publish(con, db)
    assert _exports(db) == quick
    assert _copy_rows(db, "findings_reviewed") == quick_reviews
    assert any(row[0] == finding_id and "dismissed" in row for row in quick_reviews)
    copy = duckdb.connect(str(published_path(db)), read_only=True)
    assert _catalog(copy) == _catalog(con)
    copy.close()


def test_publishing_after_reviews_is_a_full_publish_when_more_changed(con, db):
    """A correction, or a load no publish followed (an ingest killed before it published), since the
    last copy: the quick publish copies the whole warehouse instead."""
    publish(con, db)
    (report_id,) = con.sql("SELECT report_id FROM reports WHERE year = 2023").fetchall()[0]
    record_correction(con, report_id, "t4.review.total", 440, "印刷为440", by="浏览器")
    publish_reviews(con, db)
    assert len(_copy_rows(db, "corrections")) == 1
    load_reports(con, [record("dept", 2021, suqian_2023())])
    publish_reviews(con, db)
    assert [r[0] for r in _copy_rows(db, "(SELECT DISTINCT year FROM reports)")] == [2021, 2022, 2023]


def test_publish_from_the_file_when_no_process_writes_it(con, db):
    findings = con.sql("SELECT count(*) FROM findings").fetchall()
    con.close()
    assert publish(db, db) == published_path(db)
    copy = duckdb.connect(str(published_path(db)), read_only=True)
    assert copy.sql("SELECT count(*) FROM findings").fetchall() == findings
    copy.close()


def test_a_reader_keeps_its_copy_and_the_next_reader_sees_the_new_one(con, db, tmp_path):
    publish(con, db)
    before = duckdb.connect(str(published_path(db)), read_only=True)
    record_review(con, _finding(con, "t4_group_total"), "dismissed", "识读错误")
    publish(con, db)
    try:
        assert before.sql("SELECT count(*) FROM reviews").fetchall() == [(0,)]
        # a new reader (another process: this one would be handed its open copy again) sees the review
        after = subprocess.run([sys.executable, "-c", "import duckdb, sys; print(duckdb.connect(sys.argv[1], "
                                "read_only=True).execute('SELECT count(*) FROM reviews').fetchall()[0][0])",
                                str(published_path(db))], capture_output=True, text=True, timeout=60)  # fmt: skip
        assert after.stdout.strip() == "1", after.stderr
    finally:
        before.close()
    # the Parquet folder before the last is kept for a reader still scanning it, older ones go
    publish(con, db)
    assert len(list(db.parent.glob("published/parquet-*"))) == 2


def test_readers_in_another_process_never_see_a_half_written_copy(con, db, tmp_path):
    publish(con, db)
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import json, pathlib, duckdb, polars as pl
        out, folder, stop = (pathlib.Path(p) for p in ({str(published_path(db))!r}, {str(parquet_path(db))!r},
                                                       {str(stop)!r}))
        seen, errors = 0, []
        while not stop.exists() or seen == 0:
            try:
                con = duckdb.connect(str(out), read_only=True)
                try:
                    metrics, views = con.execute("SELECT (SELECT count(*) FROM metrics), "
                                             "(SELECT count(*) FROM duckdb_views() WHERE NOT internal)").fetchall()[0]
                finally:
                    con.close()
                facts = pl.scan_parquet(folder / "facts", hive_partitioning=True).select(pl.len()).collect().item()
                if metrics != 226 or views < 10 or facts == 0:
                    errors.append([metrics, views, facts])
            except Exception as exc:
                errors.append(repr(exc))
            seen += 1
        print(json.dumps({{"seen": seen, "errors": errors[:5]}}))
    """)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        time.sleep(1)  # the reader is reading
        for _ in range(6):
            publish(con, db)
    finally:
        stop.touch()
        out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    result = json.loads(out)
    assert result["errors"] == [] and result["seen"] > 0, result


def test_leftovers_of_a_killed_publish_are_cleared(con, db):
    published_path(db).parent.mkdir(parents=True)
    left = published_path(db).with_name("w.duckdb.tmp-99999")
    left.write_bytes(b"half a copy")
    publish(con, db)
    assert not left.exists()


def test_check_publishes_and_query_reads_the_copy_unless_live(con, db):
    con.close()
    runner = CliRunner()
    checked = runner.invoke(app, ["check", "--db", str(db), "--as-of", "2026-06-30", "--years", "2022-2023"])
    assert checked.exit_code == 0, checked.output
    assert published_path(db).exists() and "published" in checked.output
    writer = connect(db)
    record_review(writer, _finding(writer, "t4_group_total"), "dismissed", "识读错误")
    writer.close()

    def review_status(*live):
        result = runner.invoke(app, ["query", "findings", "--param", "rule_id=t4_group_total", "--db", str(db),
                                     "--format", "json", *live])  # fmt: skip
        assert result.exit_code == 0, result.output
        return [row["审核"] for row in json.loads(result.stdout)]

    assert review_status() == [None]  # the copy of the last check
    assert review_status("--live") == ["dismissed"]  # the warehouse itself
    runner.invoke(app, ["check", "--db", str(db), "--as-of", "2026-06-30", "--years", "2022-2023"])
    assert review_status() == ["dismissed"]
    out = db.parent / "scorecard"
    reported = runner.invoke(app, ["report", "--db", str(db), "--out", str(out)])
    assert reported.exit_code == 0 and "reading the copy published" in reported.output
    assert (out / "scorecard.html").exists()


# ---- the acceptance test: an analyst and a second ingest at once ----------------------------------

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_block(marker: str, language: str) -> list[str]:
    """The fenced blocks of the README between ``<!-- marker -->`` and ``<!-- /marker -->``."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"<!-- {marker} -->")[1].split(f"<!-- /{marker} -->")[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def _holds(pid: int, path: Path) -> bool:
    """Whether process ``pid`` has ``path`` open (the warehouse, held by its one writer)."""
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(fd) == str(path):
                return True
        except OSError:
            continue
    return False


@pytest.mark.e2e
def test_an_analyst_runs_the_readme_queries_on_the_copy_while_an_ingest_runs(tmp_path, monkeypatch):
    queries, python = readme_block("example-queries", "sql"), readme_block("example-polars", "python")
    assert len(queries) >= 3 and len(python) == 1
    generate_portal(tmp_path, seed=2025)
    db = (tmp_path / "demo-output" / "nianbao.duckdb").resolve()  # the README's paths, from tmp_path
    with serve(tmp_path / "site") as base_url:
        roster = write_roster(tmp_path, base_url)
        first = _ingest(roster, db, tmp_path / "home")
        assert first.wait(timeout=600) == 0, first.stderr.read()
        copy = duckdb.connect(str(published_path(db)), read_only=True)
        answers = [copy.sql(q).fetchall() for q in queries]
        (finding_id,) = copy.sql("SELECT finding_id FROM findings ORDER BY finding_id LIMIT 1").fetchall()[0]
        copy.close()
        assert all(answers), "every README query returns rows on the sample portal"

        second = _ingest(roster, db, tmp_path / "home")
        decision, rounds = None, 0
        try:
            while second.poll() is None:
                if not _holds(second.pid, db):
                    time.sleep(0.02)
                    continue
                if decision is None:  # a review made in the browser meanwhile goes to the inbox
                    with Inbox(inbox_path(db)) as inbox:
                        decision = inbox.submit_review(
                            finding_id, "dismissed", "口径不同，已核实", by="浏览器"
                        )
                copy = duckdb.connect(str(published_path(db)), read_only=True)
                try:
                    answers = [copy.sql(q).fetchall() for q in queries]
                finally:
                    copy.close()
                if _holds(second.pid, db):  # the ingest held the warehouse all through this round
                    assert all(answers)
                    rounds += 1
            assert second.returncode == 0, second.stderr.read()
        finally:
            if second.poll() is None:
                second.kill()
    assert rounds > 0, "the README's queries ran on the copy while the ingest held the warehouse"
    with Inbox(inbox_path(db)) as inbox:
        assert inbox.outcome(decision).state == "applied"
    copy = duckdb.connect(str(published_path(db)), read_only=True)
    assert copy.execute("SELECT status FROM reviews WHERE finding_id = ?", [finding_id]).fetchall() == [
        ("dismissed",)
    ]
    copy.close()

    monkeypatch.chdir(tmp_path)  # the README's polars example, as printed
    namespace: dict = {}
    exec(python[0], namespace)
    frames = [v for v in namespace.values() if isinstance(v, pl.DataFrame)]
    assert frames and all(f.height for f in frames)
