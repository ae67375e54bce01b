"""Reports received outside the web: the manifest contract and its ingest path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from nianbao.extract.collect.local_files import InvalidManifest, read_manifest

FIXTURES = Path(__file__).parent / "fixtures" / "html"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("agency_id,year,path\nsq,2023,a.html\n", "missing column(s) published_on"),
        ("agency_id,year,published_on,path\nsq,二〇二三,2024-01-01,a.html\n", "is not a year"),
        ("agency_id,year,published_on,path\nsq,2023,2024/01/01,a.html\n", "is not YYYY-MM-DD"),
        (
            "agency_id,year,published_on,path\nsq,2023,2024-01-01,missing.html\n",
            "not found beside the manifest",
        ),
    ],
)
def test_bad_manifest_names_line_agency_and_cause(tmp_path, manifest, message):
    write(tmp_path / "a.html", "<html></html>")
    with pytest.raises(InvalidManifest) as error:
        read_manifest(write(tmp_path / "manifest.csv", manifest))
    assert message in str(error.value)
    if "missing column" not in message:
        assert "manifest.csv line 2 (sq)" in str(error.value)


def _received(tmp_path, broken: str):
    """A roster of one agency without a portal and a manifest of its two received files: the 2023
    report and, for the year and date ``broken`` names, a truncated PDF."""
    received = tmp_path / "received"
    received.mkdir()
    (received / "suqian.html").write_bytes((FIXTURES / "suqian_2023_2021format.html").read_bytes())
    (received / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    manifest = write(tmp_path / "manifest.csv", "agency_id,year,published_on,path\n"
                     f"sq,2023,2024-03-20,received/suqian.html\n{broken},received/broken.pdf\n")  # fmt: skip
    roster = write(tmp_path / "roster.csv", "agency_id,name,region,level,kind,portal_url\n"
                   "sq,宿迁市人民政府,宿迁市,city,government,\n")  # fmt: skip
    return roster, manifest


def test_received_files_are_archived_parsed_and_checked(tmp_path, prefect_harness):
    from nianbao.flows.ingest import ingest

    roster, manifest = _received(tmp_path, "sq,2022,2023-03-01")
    db = tmp_path / "w.duckdb"
    summary = ingest(roster, db, files=manifest, years=(2022, 2023))
    assert summary.reports_found == 2 and summary.parsed == 1 and summary.failed == 1
    con = duckdb.connect(str(db), read_only=True)
    reports = con.sql(
        "SELECT year, parse_status, source_url LIKE 'file://%' FROM reports ORDER BY year"
    ).fetchall()
    assert reports[1] == (2023, "ok", True) and reports[0][0] == 2022 and reports[0][1] != "ok"
    assert con.sql("SELECT value FROM facts WHERE metric = 't3.new_received.total'").fetchall() == [(3511,)]
    purposes = con.sql("SELECT purpose, count(*) FROM fetches GROUP BY ALL").fetchall()
    assert purposes == [("file", 2)]
    rules = {r[0] for r in con.sql("SELECT rule_id FROM findings").fetchall()}
    assert "missing_report" not in rules  # both years have a report, even if one could not be read
    con.close()


def test_years_nobody_asked_about_are_not_looked_at_unless_given(tmp_path, prefect_harness):
    """An agency ingested only from received files: the manifest brings 2021 and 2023, nothing for
    2022. Without --years nobody looked for its 2022 report (未核查, a hint); `nianbao check --years`
    says every year is expected, and 2022 becomes a missing report."""
    from typer.testing import CliRunner

    from nianbao.flows.cli import app
    from nianbao.flows.ingest import ingest

    roster, manifest = _received(tmp_path, "sq,2021,2022-03-01")
    db = tmp_path / "w.duckdb"
    ingest(roster, db, files=manifest, as_of=dt.date(2025, 6, 30))

    def judged():
        con = duckdb.connect(str(db), read_only=True)
        rows = con.sql("SELECT rule_id, year FROM findings WHERE rule_id IN ('missing_report', "
                       "'year_not_looked_at') ORDER BY ALL").fetchall()  # fmt: skip
        con.close()
        return rows

    assert judged() == [("year_not_looked_at", 2022)]
    result = CliRunner().invoke(
        app, ["check", "--db", str(db), "--as-of", "2025-06-30", "--years", "2021-2023"]
    )
    assert result.exit_code == 0, result.output
    assert judged() == [("missing_report", 2022)]


@pytest.mark.parametrize(
    ("roster", "message"),
    [
        ("agency_id,name,region,level,portal_url\na,甲,x,city,http://h/\n", "missing column(s) kind"),
        ("agency_id,name,region,level,kind,portal_url\na,甲,x,city,bureau,http://h/\n", "line 2 (a): kind 'bureau'"),
        ("agency_id,name,region,level,kind,portal_url\na,甲,x,city,department,\na,乙,x,city,department,\n",
         "line 3: agency_id 'a' appears twice"),
    ],
)  # fmt: skip
def test_bad_roster_names_the_line_and_the_cause(tmp_path, roster, message):
    from nianbao.extract.collect.roster import InvalidRoster, read_roster

    with pytest.raises(InvalidRoster) as error:
        read_roster(write(tmp_path / "roster.csv", roster))
    assert message in str(error.value)


def test_roster_keeps_extra_columns(tmp_path):
    from nianbao.extract.collect.roster import read_roster

    rows = read_roster(write(tmp_path / "r.csv", "agency_id,name,region,level,kind,portal_url,联系人\n"
                             "a,甲,x,city,government,http://h/,张三\n"))  # fmt: skip
    assert rows == [{"agency_id": "a", "name": "甲", "region": "x", "level": "city", "kind": "government",
                     "portal_url": "http://h/", "联系人": "张三"}]  # fmt: skip
