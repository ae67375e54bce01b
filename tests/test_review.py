"""Reviews and corrections: a supervisor's decisions survive reruns and never overwrite what was read."""

from __future__ import annotations

import datetime as dt

import pytest
from reportdata import suqian_2023
from test_rules import AGENCIES, AS_OF, record
from typer.testing import CliRunner

from nianbao.flows.cli import app
from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.export import export
from nianbao.warehouse.load import load_agencies, load_metrics, load_reports
from nianbao.warehouse.review import (
    FindingNotFound,
    InvalidDecision,
    ReportNotFound,
    UnknownMetric,
    record_correction,
    record_review,
)

T0 = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def _misread():
    """Suqian 2023 with table 4's 行政复议 总计 misread as 44 (printed 440)."""
    facts = suqian_2023()
    facts["t4.review.total"] = 44
    return [record("dept", 2023, facts)]


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    load_agencies(con, AGENCIES[:1])  # the department only: no missing_report beside the finding
    load_reports(con, _misread())
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    yield con
    con.close()


def _finding(con, rule_id):
    return con.sql("SELECT finding_id FROM findings WHERE rule_id = $r", params={"r": rule_id}).fetchall()[0][
        0
    ]


def _reviews(con):
    return con.sql(
        "SELECT rule_id, review_status, review_reason FROM findings_reviewed ORDER BY rule_id"
    ).fetchall()


def test_a_second_review_replaces_the_first_and_history_keeps_both(con):
    fid = _finding(con, "t4_group_total")
    record_review(con, fid, "accepted", "表四总计与分项不符", at=T0)
    record_review(
        con, fid, "dismissed", "原文总计为440，系识读错误", by="张三", at=T0 + dt.timedelta(hours=1)
    )
    assert con.sql("SELECT status, reason, reviewed_by FROM reviews").fetchall() == [
        ("dismissed", "原文总计为440，系识读错误", "张三")
    ]
    log = con.sql(
        "SELECT status, rule_id, agency_id, year, metric FROM review_log ORDER BY reviewed_at"
    ).fetchall()
    assert log == [("accepted", "t4_group_total", "dept", 2023, "t4.review.total"),
                   ("dismissed", "t4_group_total", "dept", 2023, "t4.review.total")]  # fmt: skip


def test_reviews_survive_a_rerun_and_a_reload(con):
    fid = _finding(con, "t4_group_total")
    record_review(con, fid, "accepted", "确有不符", at=T0)
    before = _reviews(con)
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    load_reports(con, _misread())  # the same reports ingested again
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    assert _reviews(con) == before == [("t4_group_total", "accepted", "确有不符")]


def test_review_refuses_unknown_findings_bad_status_and_no_reason(con):
    fid = _finding(con, "t4_group_total")
    with pytest.raises(FindingNotFound):
        record_review(con, "0000000000000000", "accepted", "x")
    with pytest.raises(InvalidDecision):
        record_review(con, fid, "ok", "x")
    with pytest.raises(InvalidDecision):
        record_review(con, fid, "dismissed", "  ")
    assert con.sql("SELECT count(*) FROM review_log").fetchall() == [(0,)]


def test_a_correction_makes_the_false_finding_go_and_keeps_the_original(con):
    report_id = _misread()[0].report_id
    assert [r[0] for r in _reviews(con)] == ["t4_group_total"]
    record_correction(con, report_id, "t4.review.total", 440, "原文为440，PDF识读漏了一位", at=T0)
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    assert _reviews(con) == []
    assert con.sql("SELECT value FROM facts WHERE metric = 't4.review.total'").fetchall() == [(44.0,)]
    effective = con.sql(
        "SELECT value, original_value, corrected, correction_reason FROM facts_effective "
        "WHERE metric = 't4.review.total'"
    ).fetchall()
    assert effective == [(440.0, 44.0, True, "原文为440，PDF识读漏了一位")]
    assert con.sql(
        "SELECT value, original_value FROM agency_year_facts WHERE metric = 't4.review.total'"
    ).fetchall() == [(440.0, 44.0)]
    # corrections survive a reload; a revert brings the value as read (and the finding) back
    load_reports(con, _misread())
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    assert _reviews(con) == []
    record_correction(
        con, report_id, "t4.review.total", None, "撤销", revert=True, at=T0 + dt.timedelta(days=1)
    )
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    assert [r[0] for r in _reviews(con)] == ["t4_group_total"]
    assert con.sql("SELECT count(*) FROM corrections").fetchall() == [(2,)]


def test_a_cell_the_reader_missed_can_be_supplied(con):
    report_id = _misread()[0].report_id
    con.execute("DELETE FROM facts WHERE metric = 't2.fees.amount'")
    record_correction(con, report_id, "t2.fees.amount", 59237.2449, "表二收费金额未识读", at=T0)
    assert con.sql(
        "SELECT value, original_value, raw_text FROM facts_effective WHERE metric = 't2.fees.amount'"
    ).fetchall() == [(59237.2449, None, None)]


def test_correction_refuses_unknown_reports_and_metrics(con):
    report_id = _misread()[0].report_id
    with pytest.raises(ReportNotFound):
        record_correction(con, "nope", "t4.review.total", 1, "x")
    with pytest.raises(UnknownMetric):
        record_correction(con, report_id, "t4.reviews.total", 1, "x")


def test_review_status_is_in_the_findings_export_and_query(con, tmp_path):
    fid = _finding(con, "t4_group_total")
    record_review(con, fid, "dismissed", "识读错误", at=T0)
    export(con, "csv", tmp_path / "out")
    header, *lines = (tmp_path / "out" / "findings.csv").read_text(encoding="utf-8").splitlines()
    assert header.split(",")[-3:] == ["review_status", "review_reason", "reviewed_at"]
    assert any(line.startswith(fid) and "dismissed,识读错误" in line for line in lines)


# ---- the command line ------------------------------------------------------------------------------


@pytest.fixture
def db(con, tmp_path):
    con.close()
    return str(tmp_path / "w.duckdb")


def test_cli_review_and_unknown_finding_exit_2(db):
    runner = CliRunner()
    bad = runner.invoke(
        app, ["review", "0000000000000000", "--status", "accepted", "--reason", "x", "--db", db]
    )
    assert bad.exit_code == 2 and "no finding" in bad.output
    bad_status = runner.invoke(app, ["review", "x", "--status", "maybe", "--reason", "x", "--db", db])
    assert bad_status.exit_code == 2
    con = connect(db, read_only=True)
    fid = _finding(con, "t4_group_total")
    con.close()
    ok = runner.invoke(app, ["review", fid, "--status", "dismissed", "--reason", "识读错误", "--db", db])
    assert ok.exit_code == 0, ok.output
    con = connect(db, read_only=True)
    assert con.sql("SELECT status FROM reviews").fetchall() == [("dismissed",)]
    con.close()


def test_cli_correct(db):
    runner = CliRunner()
    report_id = _misread()[0].report_id
    assert (
        runner.invoke(
            app, ["correct", "nope", "t4.review.total", "440", "--reason", "x", "--db", db]
        ).exit_code
        == 2
    )
    assert (
        runner.invoke(app, ["correct", report_id, "t9.x", "440", "--reason", "x", "--db", db]).exit_code == 2
    )
    assert (
        runner.invoke(
            app, ["correct", report_id, "t4.review.total", "四百", "--reason", "x", "--db", db]
        ).exit_code
        == 2
    )
    ok = runner.invoke(
        app, ["correct", report_id, "t4.review.total", "440", "--reason", "原文440", "--db", db]
    )
    assert ok.exit_code == 0, ok.output
    assert (
        runner.invoke(app, ["check", "--db", db, "--as-of", "2026-06-30", "--years", "2023"]).exit_code == 0
    )
    con = connect(db, read_only=True)
    assert con.sql("SELECT count(*) FROM findings WHERE rule_id = 't4_group_total'").fetchall() == [(0,)]
    con.close()


def test_cli_decisions_never_create_a_warehouse(tmp_path):
    missing = tmp_path / "typo.duckdb"
    result = CliRunner().invoke(
        app, ["review", "x", "--status", "accepted", "--reason", "x", "--db", str(missing)]
    )
    assert result.exit_code != 0 and not missing.exists()
