"""Loading is idempotent and never loses a good read to a later failure to fetch."""

from __future__ import annotations

from nianbao.core.kinds import DocumentStatus
from nianbao.transform.build import ReportSource, failed_report
from nianbao.transform.mapped import Fact
from nianbao.transform.records import ReportRecord
from nianbao.warehouse.db import connect
from nianbao.warehouse.load import load_agencies, load_reports

URL = "http://portal/sq/nb2023.html"
AGENCY = {"agency_id": "sq", "name": "宿迁市教育局", "region": "宿迁市", "level": "city", "kind": "department",
          "portal_url": "http://portal/sq/"}  # fmt: skip


def parsed(value: float) -> ReportRecord:
    return ReportRecord(
        agency_id="sq", year=2023, source_url=URL, title="宿迁市教育局2023年政府信息公开工作年度报告",
        published_on="2024-01-20", sha256=f"{int(value):064d}", media_type="html", parse_status="ok",
        facts={"t3.new.total": Fact("t3.new.total", value, str(int(value)))},
    )  # fmt: skip


def test_a_failed_refetch_keeps_the_last_good_read_and_says_why(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    load_agencies(con, [AGENCY])
    load_reports(con, [parsed(12)])
    source = ReportSource("sq", 2023, "宿迁市教育局2023年政府信息公开工作年度报告", URL, "2024-01-20")
    failure = failed_report(source, DocumentStatus.FETCH_FAILED, "gave up after 4 attempts: HTTP 503")
    assert load_reports(con, [failure]) == 0
    row = con.execute("SELECT parse_status, sha256 IS NOT NULL, refresh_error FROM reports").fetchall()
    assert row == [("ok", True, f"sq 2023 {URL}: gave up after 4 attempts: HTTP 503")]
    assert con.execute("SELECT value FROM facts").fetchall() == [(12.0,)]
    load_reports(con, [parsed(13)])  # fetched again: the new read replaces the old, the error goes
    assert con.execute("SELECT refresh_error FROM reports").fetchall() == [(None,)]
    assert con.execute("SELECT value FROM facts").fetchall() == [(13.0,)]


def test_a_report_never_read_is_recorded_as_failed(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    load_agencies(con, [AGENCY])
    source = ReportSource("sq", 2023, "t", URL, None)
    load_reports(con, [failed_report(source, DocumentStatus.FETCH_FAILED, "HTTP 404")])
    assert con.execute("SELECT parse_status, refresh_error FROM reports").fetchall() == [
        ("fetch_failed", None)
    ]
