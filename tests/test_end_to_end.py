"""The whole job on the sample portal: Prefect flow → DuckDB, compared with the generator's ground truth."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from nianbao.demo.generator import generate_portal, write_roster
from nianbao.demo.server import serve
from nianbao.extract.collect.fetch import FetchSettings

pytestmark = pytest.mark.e2e
SEED = 2025
LOCAL = FetchSettings(per_host=8, delay_s=0)  # the portal is this machine's: no need to space requests
ROOT = Path(__file__).resolve().parents[1]


def table_contents(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall()]  # fmt: skip
        return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory, prefect_harness):
    from nianbao.flows.ingest import ingest

    out = tmp_path_factory.mktemp("demo")
    generate_portal(out, seed=SEED)
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    db = out / "nianbao.duckdb"
    with serve(out / "site", flaky=truth.get("flaky")) as base_url:
        roster = write_roster(out, base_url)
        first = ingest(roster, db, fetch=LOCAL)
        first_tables = table_contents(db)
        second = ingest(roster, db, fetch=LOCAL)
        second_tables = table_contents(db)
    return {"out": out, "truth": truth, "db": db, "base": base_url, "summaries": (first, second),
            "tables": (first_tables, second_tables)}  # fmt: skip


@pytest.fixture(scope="session")
def warehouse(demo_run):
    con = duckdb.connect(str(demo_run["db"]), read_only=True)
    yield con
    con.close()


def _report_key(base: str, url: str) -> str:
    return url.removeprefix(base)


def _sources(report: dict) -> list[dict]:
    """The documents of one publication in the ground truth: the page and its attachments."""
    return report.get("sources") or [
        {"path": report["path"], "status": report["status"], "holds_tables": True}
    ]


def test_every_report_document_is_found_with_its_status(demo_run, warehouse):
    truth, base = demo_run["truth"], demo_run["base"]
    rows = warehouse.execute("SELECT source_url, parse_status, template FROM reports").fetchall()
    got = {_report_key(base, url): (status, template) for url, status, template in rows}
    want = {s["path"]: s["status"] for r in truth["reports"] for s in _sources(r)}
    assert {path: status for path, (status, _) in got.items()} == want
    templates = {
        s["path"]: r["template"] for r in truth["reports"] for s in _sources(r) if s["status"] == "ok"
    }
    assert {path: got[path][1] for path in templates} == templates


def test_every_printed_cell_equals_the_ground_truth(demo_run, warehouse):
    """100% of cells for HTML, DOCX and text; at least 99.9% for PDF."""
    truth, base = demo_run["truth"], demo_run["base"]
    rows = warehouse.execute(
        "SELECT r.source_url, f.metric, f.value FROM facts f JOIN reports r USING (report_id)"
    ).fetchall()
    got: dict[str, dict[str, float | None]] = {}
    for url, metric, value in rows:
        got.setdefault(_report_key(base, url), {})[metric] = value
    cells: Counter = Counter()
    wrong: Counter = Counter()
    mismatches = []
    for report in truth["reports"]:
        for source in _sources(report):
            if source["status"] != "ok" or not source.get("holds_tables", True):
                continue
            kind = source.get("media_type", "html")
            expected = source.get("facts", report["facts"])
            facts = got.get(source["path"], {})
            for metric, value in expected.items():
                cells[kind] += 1
                if metric not in facts or facts[metric] != value:
                    wrong[kind] += 1
                    mismatches.append((kind, source["path"], metric, value, facts.get(metric, "absent")))
            extra = sorted(set(facts) - set(expected))
            wrong[kind] += len(extra)
            mismatches += [(kind, source["path"], m, "absent", facts[m]) for m in extra]
    assert sum(cells.values()) > 30_000
    for kind in cells:
        allowed = cells[kind] * 0.001 if kind == "pdf" else 0
        assert wrong[kind] <= allowed, (
            kind,
            wrong[kind],
            cells[kind],
            [m for m in mismatches if m[0] == kind][:20],
        )


def test_findings_equal_the_seeded_defects(demo_run, warehouse):
    truth = demo_run["truth"]
    got = set(warehouse.execute("SELECT rule_id, agency_id, year, metric FROM findings").fetchall())
    want = {(f["rule_id"], f["agency_id"], f["year"], f["metric"]) for f in truth["expected_findings"]}
    assert sorted(want - got, key=repr) == [], "seeded defects not found"
    assert sorted(got - want, key=repr) == [], "findings on clean reports"
    kinds = {f["rule_id"] for f in truth["expected_findings"]}
    assert kinds >= {"t3_balance", "t3_row_sum", "t3_column_sum", "t4_group_total", "count_not_natural",
                     "blank_cells", "late_publication", "missing_report", "format_version",
                     "t3_other_single_row", "carry_over", "source_disagreement", "republished",
                     "sections_missing", "statistical_period", "stock_continuity", "narrative_mismatch",
                     "narrative_repeated"}  # fmt: skip


def test_ingesting_twice_leaves_every_table_identical(demo_run):
    first, second = demo_run["tables"]
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"table {name} changed on the second ingest"
    assert first["facts"] and first["findings"] and first["fetches"]


def test_summary_counts(demo_run):
    summary = demo_run["summaries"][0]
    truth = demo_run["truth"]
    assert summary.agencies == len(truth["agencies"]) >= 30
    assert summary.reports_found == len(truth["reports"])
    assert summary.parsed == sum(r["status"] == "ok" for r in truth["reports"])
    assert summary.out_of_scope == sum(r["status"] == "out_of_scope" for r in truth["reports"])
    # every stage was timed: fetch and parse summed over the agencies, load and check as they ran
    assert all(summary.seconds[stage] > 0 for stage in ("fetch", "parse", "load", "check"))


def test_summary_prints_findings_and_worst_agencies(demo_run, capsys):
    from nianbao.flows import summary as summary_module

    summary_module.out.file = sys.stdout  # rich captured by pytest
    try:
        summary_module.print_summary(demo_run["summaries"][0], demo_run["db"])
    finally:
        summary_module.out.file = None  # back to whatever sys.stdout is (capsys closes this one)
    printed = capsys.readouterr().out
    assert "Findings by rule" in printed and "t3_balance" in printed
    assert "Agencies with the most findings" in printed
    assert "time: fetch" in printed and "check" in printed


def _nianbao(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "nianbao.flows.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)  # fmt: skip


def test_parse_a_saved_page_prints_its_facts(demo_run, tmp_path):
    truth, site = demo_run["truth"], demo_run["out"] / "site"
    report = next(
        r
        for r in truth["reports"]
        if r["status"] == "ok"
        and r["encoding"] != "utf-8"
        and "facts" not in _sources(r)[0]
        and _sources(r)[0].get("holds_tables", True)
    )
    saved = tmp_path / "saved_page.html"
    saved.write_bytes((site / report["path"].lstrip("/")).read_bytes())
    result = _nianbao("parse", str(saved), "--json")
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert parsed["status"] == "ok" and parsed["year"] == report["year"] and parsed["unread"] == []
    assert parsed["template"] == report["template"]
    assert parsed["facts"] == report["facts"]


def test_query_and_export_read_the_warehouse(demo_run, tmp_path):
    db = str(demo_run["db"])
    compared = _nianbao("query", "compare_agencies", "--param", "year=2023", "--db", db, "--format", "csv")
    assert compared.returncode == 0, compared.stderr
    assert len(compared.stdout.strip().splitlines()) > 25  # header + one row per agency with a 2023 report
    agency = demo_run["truth"]["agencies"][0]["agency_id"]
    across = _nianbao(
        "query", "agency_years", "--param", f"agency_id={agency}", "--db", db, "--format", "json"
    )
    assert across.returncode == 0, across.stderr
    assert [row["年度"] for row in json.loads(across.stdout)] == [2019, 2020, 2021, 2022, 2023, 2024]
    exported = _nianbao("export", "--format", "csv", "--out", str(tmp_path), "--db", db)
    assert exported.returncode == 0, exported.stderr
    facts_header = (tmp_path / "facts.csv").read_text(encoding="utf-8").splitlines()[0]
    assert facts_header.startswith("agency_id,agency_name,year,metric,value")
    findings_header = (tmp_path / "findings.csv").read_text(encoding="utf-8").splitlines()[0]
    assert findings_header.startswith("finding_id,rule_id,severity,agency_id")


@pytest.mark.parametrize("media_type", ["pdf", "docx"])
def test_parse_prints_the_facts_of_an_attached_report_file(demo_run, tmp_path, media_type):
    truth, site = demo_run["truth"], demo_run["out"] / "site"
    report, source = next(
        (r, s)
        for r in truth["reports"]
        for s in _sources(r)
        if s["media_type"] == media_type and s["status"] == "ok" and "facts" not in s
    )
    saved = tmp_path / f"report.{media_type}"
    saved.write_bytes((site / source.get("stored_at", source["path"]).lstrip("/")).read_bytes())
    result = _nianbao("parse", str(saved), "--json")
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert (parsed["status"], parsed["year"], parsed["template"]) == (
        "ok",
        report["year"],
        report["template"],
    )
    assert parsed["facts"] == report["facts"]


def test_pdf_facts_keep_their_page_and_box(warehouse):
    rows = warehouse.execute(
        "SELECT count(*), count(f.page), count(f.bbox) FROM facts f JOIN reports r USING (report_id) "
        "WHERE r.media_type = 'pdf' AND f.raw_text <> ''"
    ).fetchall()
    printed, with_page, with_box = rows[0]
    assert printed > 5_000 and with_page == printed and with_box == printed


def test_a_review_survives_a_rerun_of_the_checks(demo_run, tmp_path):
    """On a copy of the demo warehouse: review a finding, rerun the rules, the review still points at it."""
    copy = tmp_path / "copy.duckdb"
    assert _nianbao("snapshot", "--db", str(demo_run["db"]), "--out", str(copy)).returncode == 0
    con = duckdb.connect(str(copy), read_only=True)
    finding_id, rule_id = con.execute(
        "SELECT finding_id, rule_id FROM findings ORDER BY 1 LIMIT 1"
    ).fetchall()[0]
    con.close()
    reviewed = _nianbao(
        "review", finding_id, "--status", "dismissed", "--reason", "口径不同，已核实", "--db", str(copy)
    )
    assert reviewed.returncode == 0, reviewed.stderr
    rerun = _nianbao("check", "--db", str(copy))
    assert rerun.returncode == 0, rerun.stderr
    con = duckdb.connect(str(copy), read_only=True)
    row = con.execute(
        "SELECT f.rule_id, r.status, r.reason FROM findings f JOIN reviews r USING (finding_id) WHERE finding_id = ?",
        [finding_id],
    ).fetchall()
    con.close()
    assert row == [(rule_id, "dismissed", "口径不同，已核实")]


def test_a_report_is_ok_only_with_every_printed_cell_read(warehouse):
    """Honest status: ok reports have no unread cell; a partial report lists the cells it lost and its
    message counts them."""
    rows = warehouse.execute(
        "SELECT parse_status, unread, parse_message FROM reports WHERE parse_status IN ('ok', 'partial')"
    ).fetchall()
    assert rows and all(unread == [] for status, unread, _ in rows if status == "ok")
    for status, unread, message in rows:
        if unread:
            assert status == "partial" and f"{len(unread)} of the " in message, message
