"""The workspace in a real browser: Playwright driving Debian's chromium (never a browser of its own).

A supervisor opens the overview, lists the agencies late for a year, opens a finding, sees the page
of the PDF it rests on, dismisses it with a reason and sees the overview count it. Skips without
chromium or the playwright package.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import duckdb
import pytest
import uvicorn
from browser import CHROMIUM, chromium_page
from test_web import late_findings, warehouse_copy, web_demo  # noqa: F401  (web_demo: the session's fixture)

from nianbao.extract.collect.archive import default_archive
from nianbao.warehouse.publish import publish
from nianbao.web import create_app

pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def workspace(web_demo, tmp_path):  # noqa: F811
    """The app on a copy of the demo warehouse (published, as after a run), served in a thread."""
    db = warehouse_copy(web_demo, tmp_path)
    publish(db, db)
    config = uvicorn.Config(create_app(db, archive=default_archive(web_demo)), host="127.0.0.1",
                            port=_free_port(), log_level="warning")  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the workspace did not start"
        time.sleep(0.05)
    try:
        yield db, f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(30)


def _pdf_error_alone(db: Path) -> tuple[str, str, str, int]:
    """An error resting on PDF cells that alone keeps its agency-year from being compliant:
    (finding_id, agency_id, region, year)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(
            """
            WITH pdf AS (
                SELECT DISTINCT c.finding_id
                FROM (SELECT finding_id, unnest(cells) AS cell FROM findings WHERE cells IS NOT NULL) c
                JOIN facts f ON f.report_id = c.cell.report_id AND f.metric = c.cell.metric
                JOIN reports r ON r.report_id = c.cell.report_id
                WHERE r.media_type = 'pdf' AND f.bbox IS NOT NULL
            )
            SELECT f.finding_id, f.agency_id, coalesce(s.region, '未填地区'), s.year
            FROM findings_reviewed f
            JOIN pdf USING (finding_id)
            JOIN agency_year_scorecard s USING (agency_id, year)
            WHERE f.severity = 'error' AND f.review_status IS NULL AND s.open_errors = 1
            ORDER BY f.finding_id LIMIT 1
            """
        ).fetchall()[0]
    finally:
        con.close()


def _compliant(page, region: str, year: int) -> int:
    cell = page.locator(
        f'#overview td[data-region="{region}"][data-year="{year}"] [data-measure="compliant"]'
    )
    return int(cell.inner_text())


def test_a_supervisor_finds_the_late_agencies_and_dismisses_a_finding(workspace, tmp_path):
    db, url = workspace
    con = duckdb.connect(str(db), read_only=True)
    late = late_findings(con)
    con.close()
    year = 2024  # the demo always has a late report in its latest year
    assert year in {y for y, *_ in late}
    finding_id, agency_id, region, finding_year = _pdf_error_alone(db)
    with chromium_page(1400, 1000) as (page, problems):
        page.goto(url + "/")
        page.screenshot(path=tmp_path / "1-overview.png", full_page=True)
        before = _compliant(page, region, finding_year)
        # two clicks: the year's 逾期 count over all regions, then a late agency's finding
        page.locator(f'#overview td[data-region=""][data-year="{year}"] a[data-measure="late"]').click()
        page.wait_for_selector("#agency-year-list")
        rows = page.locator("#agency-year-list tbody tr")
        assert rows.count() == sum(1 for y, *_ in late if y == year)
        page.locator("#agency-year-list th", has_text="机关").first.click()  # sorts, in the page
        page.screenshot(path=tmp_path / "2-late.png", full_page=True)
        page.locator("#agency-year-list a.late").first.click()
        assert "年度报告未按时公布" in page.locator("h1").inner_text()
        # a finding on PDF cells, from its agency's page: the page it rests on, boxed
        page.goto(f"{url}/agency/{agency_id}")
        assert page.locator("svg.chart").count() >= 1
        page.locator(f'#agency-findings a[href="/finding/{finding_id}"]').click()
        image = page.locator(".evidence img").first
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        assert image.evaluate("img => img.naturalWidth") > 0
        page.screenshot(path=tmp_path / "3-finding.png", full_page=True)
        page.check('#review-form input[value="dismissed"]')
        page.fill("#review-form textarea[name=reason]", "口径不同，已与该机关核实")
        page.click("#review-form button[type=submit]")
        page.wait_for_selector("#notice")
        assert "已写入数据仓库" in page.locator("#notice").inner_text()
        assert "已排除" in page.locator("#review-status").inner_text()
        page.goto(url + "/")
        assert _compliant(page, region, finding_year) == before + 1
        page.screenshot(path=tmp_path / "4-overview-after.png", full_page=True)
    assert problems == []
    assert len(list(tmp_path.glob("*.png"))) == 4
