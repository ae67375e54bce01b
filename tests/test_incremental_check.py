"""Rows derived once per report, at load: the narrative rows, the shingles the repeat rule compares and
the indicators. A check derives only the reports whose derivation is missing or was made by other
code, drops the rows of reports gone, and finds exactly what a check from scratch finds."""

from __future__ import annotations

import random

import pytest
from reportdata import suqian_2023
from test_rules import AGENCIES, AS_OF, record, six_sections

from nianbao.warehouse import derive
from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect, migrations
from nianbao.warehouse.load import (
    facts_frame,
    load_agencies,
    load_metrics,
    load_reports,
    reports_frame,
    sections_frame,
)
from nianbao.warehouse.report_narrative import derived_from, narrative_version
from nianbao.warehouse.review import record_correction

_NARRATIVE = ("report_format_sections", "stated_periods", "narrative_claims", "narrative_repeats")
# agency_year_indicators as it was before report_indicators: the long facts pivoted when read.
_LONG_INDICATORS = """
WITH v AS (
    SELECT agency_id, agency_name, region, kind, year, template, report_id,
           max(value) FILTER (metric = 't3.new_received.total') AS new_applications,
           max(value) FILTER (metric = 't3.carried_in.total') AS carried_in,
           max(value) FILTER (metric = 't3.total_handled.total') AS handled,
           max(value) FILTER (metric = 't3.granted.total') AS granted,
           max(value) FILTER (metric = 't3.partially_granted.total') AS partially_granted,
           sum(value) FILTER (metric LIKE 't3.unable.%.total') AS unable,
           sum(value) FILTER (metric LIKE 't3.withheld.%.total') AS withheld,
           sum(value) FILTER (metric LIKE 't3.rejected.%.total') AS rejected,
           max(value) FILTER (metric = 't3.carried_out.total') AS carried_out,
           max(value) FILTER (metric = 't4.review.total') AS reviews,
           max(value) FILTER (metric = 't4.review.corrected') AS reviews_corrected,
           coalesce(max(value) FILTER (metric = 't4.suit_direct.total'), 0)
             + coalesce(max(value) FILTER (metric = 't4.suit_after_review.total'), 0) AS lawsuits,
           coalesce(max(value) FILTER (metric = 't4.suit_direct.corrected'), 0)
             + coalesce(max(value) FILTER (metric = 't4.suit_after_review.corrected'), 0) AS lawsuits_corrected,
           max(value) FILTER (metric = 't2.penalty.decisions') AS penalty_decisions,
           max(value) FILTER (metric = 't2.licensing.decisions') AS licensing_decisions
    FROM agency_year_facts
    WHERE metric IN ('t3.new_received.total', 't3.carried_in.total', 't3.total_handled.total', 't3.granted.total',
                     't3.partially_granted.total', 't3.carried_out.total', 't4.review.total', 't4.review.corrected',
                     't4.suit_direct.total', 't4.suit_after_review.total', 't4.suit_direct.corrected',
                     't4.suit_after_review.corrected', 't2.penalty.decisions', 't2.licensing.decisions')
       OR metric LIKE 't3.unable.%.total' OR metric LIKE 't3.withheld.%.total' OR metric LIKE 't3.rejected.%.total'
    GROUP BY ALL
)
SELECT *,
       round((coalesce(granted, 0) + coalesce(partially_granted, 0)) / nullif(handled, 0), 4) AS disclosure_rate,
       round(reviews_corrected / nullif(reviews, 0), 4) AS review_correction_rate,
       round(lawsuits_corrected / nullif(lawsuits, 0), 4) AS lawsuit_correction_rate
FROM v
"""


def _chars(seed, n):
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


def _sections(year, one, five="", opening=None):
    sections = six_sections(year)
    sections[1].text, sections[5].text = one, five
    if opening is not None:
        sections[0].text = opening
    return sections


def _records():
    """Two agencies over two years: a period, claims, a repeated narrative, a wrong period."""
    one, five = _chars(1, 300), _chars(2, 100)
    bad = suqian_2023()
    bad["t3.new_received.total"] += 7
    return [
        record("dept", 2022, suqian_2023(), sections=_sections(2022, one + "本年度共收到政府信息公开申请859件。", five)),
        record("dept", 2023, bad, sections=_sections(2023, one, five, "统计期限为2023年2月1日至12月31日。")),
        record("gov", 2022, suqian_2023(), sections=_sections(2022, _chars(3, 300))),
        record("gov", 2023, suqian_2023(), sections=_sections(2023, _chars(4, 300), five)),
    ]  # fmt: skip


def _warehouse(path, records=None):
    con = connect(path)
    load_metrics(con)
    load_agencies(con, AGENCIES)
    load_reports(con, records or _records())
    return con


def _rows(con, *tables):
    return {t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def _findings(con):
    return con.execute(
        "SELECT finding_id, rule_id, agency_id, year, report_id, metric, expected, actual, message, cells "
        "FROM findings ORDER BY finding_id"
    ).fetchall()


@pytest.fixture
def derived(monkeypatch):
    """The report ids ``derive_report`` is called for."""
    calls = []
    real = derive.derive_report

    def counted(report_id, year, sections):
        calls.append(report_id)
        return real(report_id, year, sections)

    monkeypatch.setattr(derive, "derive_report", counted)
    return calls


def test_a_loaded_report_holds_its_derived_rows_and_a_reload_replaces_them(tmp_path):
    con = _warehouse(tmp_path / "w.duckdb")
    stamps = con.execute(
        "SELECT count(*), count(DISTINCT narrative_with), min(len(shingles)) FROM report_derivations"
    )
    assert stamps.fetchall() == [(4, 1, 300 - 4)]
    assert con.execute("SELECT count(*) FROM report_indicators").fetchall() == [(4,)]
    assert con.execute("SELECT claim, value FROM narrative_claims").fetchall() == [("new_received", 859.0)]
    starts = con.execute("SELECT period_start FROM stated_periods ORDER BY period_start").fetchall()
    assert [str(s) for (s,) in starts] == ["2022-01-01", "2022-01-01", "2023-01-01", "2023-02-01"]
    before = _rows(con, "report_format_sections", "report_indicators")
    reread = _records()[:1]
    reread[0].sections = _sections(2022, _chars(1, 300), _chars(2, 100), opening="")
    load_reports(con, reread)  # the text changed: its claim and its period go
    assert con.execute("SELECT count(*) FROM narrative_claims").fetchall() == [(0,)]
    assert len(con.execute("SELECT * FROM stated_periods").fetchall()) == 3
    assert _rows(con, "report_format_sections", "report_indicators") == before  # no leftover, no double
    con.close()


def test_the_check_derives_nothing_loaded_and_finds_what_a_check_from_scratch_finds(tmp_path, derived):
    con = _warehouse(tmp_path / "w.duckdb")
    assert len(derived) == 4  # at load
    run_checks(con, as_of=AS_OF, years=(2022, 2023))
    assert len(derived) == 4  # none at the check
    found, tables = _findings(con), _rows(con, *_NARRATIVE)
    assert {f[1] for f in found} >= {"t3_balance", "statistical_period", "narrative_repeated"}
    con.execute("DELETE FROM report_derivations")  # every report unstamped: all derived by the check
    # derived rows are no input of the check (its inputs and code decide them): another input makes it run
    run_checks(con, as_of=AS_OF, years=(2022, 2023), years_given=False)
    assert len(derived) == 8
    run_checks(con, as_of=AS_OF, years=(2022, 2023))
    assert _findings(con) == found and _rows(con, *_NARRATIVE) == tables
    con.close()


def test_only_the_reports_unstamped_or_stamped_by_other_code_are_derived(tmp_path, derived):
    con = _warehouse(tmp_path / "w.duckdb")
    run_checks(con, as_of=AS_OF, years=(2022, 2023))
    found, tables = _findings(con), _rows(con, *_NARRATIVE, "report_indicators")
    ids = [r for (r,) in con.execute("SELECT report_id FROM reports ORDER BY report_id").fetchall()]
    con.execute("UPDATE report_derivations SET narrative_with = 'other code' WHERE report_id = ?", [ids[0]])
    con.execute("UPDATE report_derivations SET indicators_with = 'other code' WHERE report_id = ?", [ids[1]])
    del derived[:]
    counts = derive.catch_up(con)
    assert derived == [ids[0]] and counts == {"narrative": 1, "indicators": 1}
    assert derive.catch_up(con) == {"narrative": 0, "indicators": 0}
    run_checks(con, as_of=AS_OF, years=(2022, 2023), years_given=False)
    run_checks(con, as_of=AS_OF, years=(2022, 2023))
    assert _findings(con) == found and _rows(con, *_NARRATIVE, "report_indicators") == tables
    con.close()


def test_rows_of_a_report_gone_are_dropped_at_the_check(tmp_path):
    con = _warehouse(tmp_path / "w.duckdb")
    [(gone,)] = con.execute(
        "SELECT report_id FROM reports WHERE agency_id = 'dept' AND year = 2022"
    ).fetchall()
    for table in ("facts", "sections", "reports"):
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [gone])
    run_checks(con, as_of=AS_OF, years=(2022, 2023))
    for table in derive.PER_REPORT:
        assert con.execute(f"SELECT count(*) FROM {table} WHERE report_id = ?", [gone]).fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM narrative_claims").fetchall() == [(0,)]
    con.close()


def test_a_warehouse_older_than_the_migration_is_derived_at_its_first_check(tmp_path):
    """Loaded by the code before migration 014 (no derived rows beside the reports), then opened by this
    one: its views answer before the check, and its first check finds what a warehouse loaded now does."""
    old = tmp_path / "old.duckdb"
    con = connect(old)  # the schema as of migration 013: only what the earlier code wrote
    con.close()
    import duckdb

    raw = duckdb.connect(str(old))
    raw.execute("DROP TABLE report_derivations; DROP TABLE report_indicators")
    raw.execute("DELETE FROM schema_migrations WHERE version >= '014'")
    records = _records()
    report_df, sections_df, facts_df = reports_frame(records), sections_frame(records), facts_frame(records)  # noqa: F841
    raw.execute("INSERT INTO reports BY NAME SELECT * REPLACE (CAST(published_on AS DATE) AS published_on) "
                "FROM report_df")  # fmt: skip
    raw.execute("INSERT INTO sections SELECT * FROM sections_df")
    raw.execute("INSERT INTO facts SELECT * FROM facts_df")
    raw.execute("INSERT INTO narrative_claims VALUES ('gone', 0, 'granted', 't3.granted.total', "
                "['t3.granted.total'], '', 1, '')")  # fmt: skip
    raw.close()
    assert [v for v, _ in migrations()][-1].startswith("014")
    con = connect(old)
    load_metrics(con)
    load_agencies(con, AGENCIES)
    assert con.execute("SELECT count(*) FROM report_derivations").fetchall() == [(0,)]
    assert (
        con.execute(f"SELECT * FROM agency_year_indicators EXCEPT ALL ({_LONG_INDICATORS})").fetchall() == []
    )
    assert len(con.execute("SELECT * FROM agency_year_indicators").fetchall()) == 4
    run_checks(con, as_of=AS_OF, years=(2022, 2023))
    fresh = _warehouse(tmp_path / "new.duckdb")
    run_checks(fresh, as_of=AS_OF, years=(2022, 2023))
    tables = (*_NARRATIVE, "report_indicators", "report_derivations")
    assert _findings(con) == _findings(fresh) and _rows(con, *tables) == _rows(fresh, *tables)
    con.close()
    fresh.close()


def test_indicators_are_those_of_the_long_pivot_with_corrections_applied(tmp_path):
    con = _warehouse(tmp_path / "w.duckdb")

    def same():
        new = con.execute("SELECT * FROM agency_year_indicators").fetchall()
        long = con.execute(_LONG_INDICATORS).fetchall()
        return len(new) == 4 and sorted(new, key=repr) == sorted(long, key=repr)

    assert same()
    ids = [r for (r,) in con.execute("SELECT report_id FROM primary_reports ORDER BY report_id").fetchall()]
    record_correction(con, ids[0], "t3.new_received.total", 999, "识读错误")
    record_correction(con, ids[1], "t3.unable.not_held.total", None, "原表空白")
    record_correction(con, ids[2], "t4.suit_direct.total", 5, "识读错误")
    record_correction(con, ids[2], "t4.suit_direct.total", None, "撤销", revert=True)
    assert same()
    [(value,)] = con.execute(
        "SELECT new_applications FROM agency_year_indicators WHERE report_id = ?", [ids[0]]
    ).fetchall()
    assert value == 999
    load_reports(con, _records())  # a reload keeps the corrections in force
    assert same()
    con.close()


def test_the_narrative_version_covers_the_code_the_derivation_runs():
    modules = derived_from("nianbao.warehouse.report_narrative")
    assert {"nianbao.transform.narrative", "nianbao.core.normalize", "nianbao.core.headings"} <= modules
    assert len(narrative_version()) == 16
