"""The supervisor's workspace (`nianbao serve`) against the demo warehouse, through Starlette's TestClient.

The sample portal is generated, served and ingested once per session (the browser test uses the same
warehouse); a test that writes works on a copy of it.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import httpx
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from starlette.testclient import TestClient

from nianbao.demo.generator import generate_portal, write_roster
from nianbao.demo.server import serve
from nianbao.extract.collect.archive import default_archive
from nianbao.extract.collect.fetch import FetchSettings
from nianbao.warehouse.inbox import Inbox, inbox_path
from nianbao.warehouse.publish import publish, published_path, snapshot
from nianbao.web import create_app
from nianbao.web.page_image import BOX_COLOUR, SCALE, box_pixels

pytestmark = pytest.mark.e2e
SEED = 2025
LOCAL = FetchSettings(per_host=8, delay_s=0)
ROOT = Path(__file__).resolve().parents[1]


_BUILT: dict[str, Path] = {}  # the browser test imports this fixture: one demo for both modules


@pytest.fixture(scope="session")
def web_demo(tmp_path_factory, prefect_harness) -> Path:
    """The demo warehouse, ingested (and published) once: its path; the archive is beside it."""
    from nianbao.flows.ingest import ingest

    if "db" not in _BUILT:
        out = tmp_path_factory.mktemp("web-demo")
        generate_portal(out, seed=SEED)
        truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
        db = out / "nianbao.duckdb"
        with serve(out / "site", flaky=truth.get("flaky")) as base_url:
            ingest(write_roster(out, base_url), db, fetch=LOCAL)
        _BUILT["db"] = db
    return _BUILT["db"]


@pytest.fixture(scope="module")
def client(web_demo):
    with TestClient(create_app(web_demo)) as c:
        yield c


@pytest.fixture(scope="module")
def con(web_demo):
    """The warehouse as the app reads it (the published copy)."""
    assert published_path(web_demo).exists()
    connection = duckdb.connect(str(published_path(web_demo)), read_only=True)
    yield connection
    connection.close()


def warehouse_copy(web_demo: Path, folder: Path) -> Path:
    """A copy of the demo warehouse, nothing published beside it (the app reads it itself)."""
    return snapshot(web_demo, folder / "copy.duckdb")


@pytest.fixture
def copy(web_demo, tmp_path):
    db = warehouse_copy(web_demo, tmp_path)
    with TestClient(create_app(db, archive=default_archive(web_demo))) as c:
        yield db, c


def html(response: httpx.Response) -> HTMLParser:
    assert response.status_code == 200, response.text[:500]
    return HTMLParser(response.text)


def overview_figures(page: HTMLParser) -> dict[tuple[str, int, str], int]:
    """(region, year, measure) → the number the overview shows; region '' for all regions."""
    shown = {}
    for td in page.css("#overview td[data-year]"):
        for node in td.css("[data-measure]"):
            key = (
                td.attributes["data-region"],
                int(td.attributes["data-year"]),
                node.attributes["data-measure"],
            )
            shown[key] = int(node.text(strip=True))
    return shown


def late_findings(con) -> list[tuple[int, str, str, str]]:
    return con.sql(
        "SELECT year, agency_id, finding_id, message FROM findings WHERE rule_id = 'late_publication'"
    ).fetchall()


# ---- overview ----------------------------------------------------------------------------------------


def test_overview_counts_equal_the_scorecard_views(client, con):
    shown = overview_figures(html(client.get("/")))
    rows = con.sql(
        "SELECT coalesce(region, '未填地区'), year, agencies, on_time, complete, compliant, not_published "
        "FROM region_year_scorecard"
    ).fetchall()
    assert rows
    totals: dict[tuple[int, str], int] = {}
    for region, year, *counts in rows:
        for measure, n in zip(
            ("agencies", "on_time", "complete", "compliant", "not_published"), counts, strict=True
        ):
            assert shown[(region, year, measure)] == n, (region, year, measure)
            totals[(year, measure)] = totals.get((year, measure), 0) + n
    for (year, measure), n in totals.items():
        assert shown[("", year, measure)] == n, (year, measure)
    late = con.sql(
        "SELECT coalesce(a.region, '未填地区'), f.year, count(DISTINCT f.agency_id) FROM findings f "
        "JOIN agencies a USING (agency_id) WHERE f.rule_id = 'late_publication' GROUP BY ALL"
    ).fetchall()
    assert late, "the demo portal has late reports"
    expected = {(region, year): n for region, year, n in late}
    for region, year, *_ in rows:
        assert shown[(region, year, "late")] == expected.get((region, year), 0), (region, year)


def test_two_clicks_list_the_late_agencies_of_a_year_and_why(client, con):
    late = late_findings(con)
    year = 2024  # the demo always has a late report in its latest year
    assert year in {y for y, *_ in late}
    overview = html(client.get("/"))
    link = next(td.css_first('a[data-measure="late"]') for td in overview.css("#overview td[data-year]")
                if td.attributes["data-region"] == "" and td.attributes["data-year"] == str(year))  # fmt: skip
    assert link.attributes["href"].startswith(f"/?year={year}&status=late")
    listed = html(client.get(link.attributes["href"]))
    rows = listed.css("#agency-year-list tbody tr")
    want = {(agency_id, finding_id): message for y, agency_id, finding_id, message in late if y == year}
    got = {(r.attributes["data-agency"], r.attributes["data-finding"]): r.css_first("a.late") for r in rows}
    assert set(got) == set(want)
    for (_, finding_id), anchor in got.items():
        assert anchor.text(strip=True) == want[(_, finding_id)]
        assert anchor.attributes["href"] == f"/finding/{finding_id}"
    finding = html(client.get(next(iter(got.values())).attributes["href"]))
    assert "年度报告未按时公布" in finding.css_first("h1").text()


def test_the_list_filters_by_region_and_status(client, con):
    region, year, n = con.sql(
        "SELECT coalesce(region, '未填地区'), year, compliant FROM region_year_scorecard ORDER BY year DESC, region"
    ).fetchall()[0]
    page = html(client.get("/", params={"year": year, "region": region, "status": "compliant"}))
    rows = page.css("#agency-year-list tbody tr")
    assert len(rows) == n
    assert {r.css("td")[1].text(strip=True) for r in rows} <= {region}
    everything = html(client.get("/", params={"year": "all"})).css("#agency-year-list tbody tr")
    assert len(everything) == con.sql("SELECT count(*) FROM agency_year_scorecard").fetchall()[0][0]


# ---- agency, finding and evidence -----------------------------------------------------------------------


def test_the_agency_page_charts_its_years_and_lists_its_findings(client, con):
    agency_id, findings = con.sql(
        "SELECT agency_id, count(*) FROM findings GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchall()[0]
    page = html(client.get(f"/agency/{agency_id}"))
    years = con.sql(
        "SELECT count(*) FROM agency_year_scorecard WHERE agency_id = $a", params={"a": agency_id}
    ).fetchall()[0][0]
    assert len(page.css("#agency-years tbody tr")) == years
    chart = page.css_first("svg.chart")
    assert chart is not None and chart.css("polyline") and chart.css("circle title")
    links = [a.attributes["href"] for a in page.css("#agency-findings a")]
    assert len(links) == findings and all(href.startswith("/finding/") for href in links)
    assert client.get("/agency/no-such-agency").status_code == 404


def cell_of(con, media_type: str) -> tuple[str, str]:
    """A finding resting on cells of a report of this media type: (finding_id, report_id)."""
    return con.sql(
        """
        WITH c AS (SELECT finding_id, unnest(cells) AS cell FROM findings WHERE cells IS NOT NULL)
        SELECT c.finding_id, c.cell.report_id
        FROM c
        JOIN facts f ON f.report_id = c.cell.report_id AND f.metric = c.cell.metric
        JOIN reports r ON r.report_id = c.cell.report_id
        WHERE r.media_type = $media AND f.table_index IS NOT NULL
          AND ($media <> 'pdf' OR f.bbox IS NOT NULL)
        ORDER BY c.finding_id LIMIT 1
        """,
        params={"media": media_type},
    ).fetchall()[0]


def test_a_pdf_finding_shows_its_page_with_the_cells_boxed(client, con, web_demo):
    finding_id, report_id = cell_of(con, "pdf")
    page = html(client.get(f"/finding/{finding_id}"))
    section = next(s for s in page.css("section.evidence") if s.attributes["data-report"] == report_id)
    src = section.css_first("img").attributes["src"]
    number = int(src.split("/page/")[1].split(".")[0])
    boxes = con.sql(
        "SELECT fe.bbox FROM (SELECT unnest(cells) AS cell FROM findings WHERE finding_id = $f) c "
        "JOIN facts fe ON fe.report_id = c.cell.report_id AND fe.metric = c.cell.metric "
        "WHERE fe.report_id = $r AND fe.page = $p AND fe.bbox IS NOT NULL",
        params={"f": finding_id, "r": report_id, "p": number},
    ).fetchall()
    assert boxes
    response = client.get(src)
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    shown = Image.open(io.BytesIO(response.content))
    assert shown.format == "PNG"
    (archived,) = con.sql(
        "SELECT d.archive_path FROM reports r JOIN documents d USING (sha256) WHERE r.report_id = $r",
        params={"r": report_id},
    ).fetchall()[0]
    pdf = pdfium.PdfDocument(str(default_archive(web_demo) / archived))
    plain = pdf[number - 1].render(scale=SCALE).to_pil().convert("RGB")
    pdf.close()
    shown = shown.convert("RGB")
    assert shown.size == plain.size  # the page the cells are on, at the app's scale
    # The only pixels drawn over the page are the boxes, and each box is drawn where its cell is.
    regions = [box_pixels(b) for (b,) in boxes]
    changed = ImageChops.difference(shown, plain).getbbox()
    assert changed is not None
    assert changed[0] >= min(r[0] for r in regions) - 1 and changed[1] >= min(r[1] for r in regions) - 1
    assert changed[2] <= max(r[2] for r in regions) + 2 and changed[3] <= max(r[3] for r in regions) + 2
    for left, top, right, bottom in regions:
        crop = shown.crop((int(left), int(top), int(right) + 1, int(bottom) + 1))
        drawn = sum(
            n for n, colour in crop.getcolors(maxcolors=crop.width * crop.height) if colour == BOX_COLOUR
        )
        assert drawn > 2 * (right - left)
    assert client.get(src.replace(f"/page/{number}.png", "/page/999.png")).status_code == 404


def test_an_html_finding_highlights_its_cells_in_the_rebuilt_table(client, con):
    finding_id, report_id = cell_of(con, "html")
    want = {m for (m,) in con.sql(
        "SELECT c.cell.metric FROM (SELECT unnest(cells) AS cell FROM findings WHERE finding_id = $f) c "
        "JOIN facts fe ON fe.report_id = c.cell.report_id AND fe.metric = c.cell.metric "
        "WHERE fe.report_id = $r AND fe.table_index IS NOT NULL",
        params={"f": finding_id, "r": report_id},
    ).fetchall()}  # fmt: skip
    page = html(client.get(f"/finding/{finding_id}"))
    section = next(s for s in page.css("section.evidence") if s.attributes["data-report"] == report_id)
    assert section.css("table.rebuilt")
    assert {td.attributes["data-metric"] for td in section.css("td.hit")} == want
    assert len(section.css("td[data-metric]")) > len(want)  # the table around them, not the cells alone
    archived = section.css_first("a.archived").attributes["href"]
    assert client.get(archived).status_code == 200


def test_archived_files_are_served_from_the_archive_only(client, con):
    (path,) = con.sql("SELECT archive_path FROM documents ORDER BY 1 LIMIT 1").fetchall()[0]
    served = client.get(f"/archive/{path}")
    assert served.status_code == 200 and served.content
    assert served.headers.get("content-security-policy") in ("sandbox", None)
    assert client.get("/archive/..%2F..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/archive/no/such/file").status_code == 404


def test_an_unknown_finding_is_a_404_in_chinese(client):
    response = client.get("/finding/nope")
    assert response.status_code == 404 and "没有这个问题" in response.text


# ---- decisions -------------------------------------------------------------------------------------------


def one_open_error(con) -> tuple[str, str, int]:
    """An error finding whose agency-year it alone keeps from being compliant: (finding, region, year)."""
    return con.sql(
        """
        SELECT f.finding_id, coalesce(s.region, '未填地区'), s.year
        FROM agency_year_scorecard s
        JOIN findings_reviewed f USING (agency_id, year)
        WHERE s.looked_at AND s.open_errors = 1 AND f.severity = 'error' AND f.review_status IS NULL
        ORDER BY f.finding_id LIMIT 1
        """
    ).fetchall()[0]


def reviews_of(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql("SELECT finding_id, status, reason FROM reviews ORDER BY 1").fetchall()
    finally:
        con.close()


def test_dismissing_a_finding_records_it_and_the_overview_counts_it(copy, con):
    db, c = copy
    finding_id, region, year = one_open_error(con)
    before = overview_figures(html(c.get("/")))
    response = c.post(f"/finding/{finding_id}/review", data={"status": "dismissed", "reason": "口径不同，已电话核实",
                                                             "by": "张三"})  # fmt: skip
    page = html(response)  # followed the redirect
    assert "已写入数据仓库" in page.css_first("#notice").text()
    assert "已排除" in page.css_first("#review-status").text()
    assert (finding_id, "dismissed", "口径不同，已电话核实") in reviews_of(db)
    after = overview_figures(html(c.get("/")))
    assert after[(region, year, "compliant")] == before[(region, year, "compliant")] + 1
    assert after[("", year, "compliant")] == before[("", year, "compliant")] + 1
    assert published_path(db).exists()  # what the app reads from now on, published with the decision


def test_an_empty_reason_is_refused_in_chinese(copy, con):
    db, c = copy
    finding_id, *_ = one_open_error(con)
    response = c.post(f"/finding/{finding_id}/review", data={"status": "dismissed", "reason": "   "})
    assert response.status_code == 400
    assert "请填写理由" in HTMLParser(response.text).css_first("#form-error").text()
    assert reviews_of(db) == [] and not inbox_path(db).exists()
    response = c.post(f"/finding/{finding_id}/review", data={"reason": "核实"})
    assert response.status_code == 400 and "请选择" in response.text


def test_a_correction_goes_through_the_inbox_into_the_warehouse(copy, con):
    db, c = copy
    finding_id, report_id = cell_of(con, "html")
    page = html(c.get(f"/finding/{finding_id}"))
    cell = page.css_first("#correct-form select[name=cell] option").attributes["value"]
    refused = c.post(
        f"/finding/{finding_id}/correct", data={"cell": cell, "value": "十二", "reason": "原文为12"}
    )
    assert refused.status_code == 400 and "数值无法识别" in refused.text
    done = html(
        c.post(f"/finding/{finding_id}/correct", data={"cell": cell, "value": "12", "reason": "原文为12"})
    )
    assert "下次核查" in done.css_first("#notice").text()
    report_id, metric = cell.split("|")
    check = duckdb.connect(str(db), read_only=True)
    rows = check.sql("SELECT value, reason FROM corrections WHERE report_id = $r AND metric = $m",
                     params={"r": report_id, "m": metric}).fetchall()  # fmt: skip
    check.close()
    assert rows == [(12.0, "原文为12")]


def test_a_decision_waits_in_the_inbox_while_an_ingest_holds_the_warehouse(copy, con):
    db, c = copy
    publish(db, db)  # an earlier run's copy: what the pages read while the ingest runs
    finding_id, *_ = one_open_error(con)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('holding', flush=True);"
         " sys.stdin.read(); con.close()", str(db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "holding"
        page = html(c.post(f"/finding/{finding_id}/review", data={"status": "dismissed", "reason": "非问题"}))
        assert "待写入" in page.css_first("#notice").text()
        assert "非问题" in page.css_first(".pending-decision").text()
        assert html(c.get("/")).css_first("#pending-banner") is not None
        with Inbox(inbox_path(db)) as inbox:
            assert [p.finding_id for p in inbox.pending()] == [finding_id]
    finally:
        holder.stdin.close()
        holder.wait(30)
    assert reviews_of(db) == []
    # The ingest has ended: the next page applies what waited.
    page = html(c.get(f"/finding/{finding_id}"))
    assert "已排除" in page.css_first("#review-status").text() and page.css_first("#pending-banner") is None
    assert [r[:2] for r in reviews_of(db)] == [(finding_id, "dismissed")]


def test_a_form_from_another_site_is_refused(copy, con):
    _, c = copy
    finding_id, *_ = one_open_error(con)
    response = c.post(f"/finding/{finding_id}/review", data={"status": "dismissed", "reason": "x"},
                      headers={"Origin": "http://evil.example"})  # fmt: skip
    assert response.status_code == 403


def test_document_strings_are_escaped(copy, con):
    db, c = copy
    finding_id, report_id = cell_of(con, "html")
    (agency_id,) = con.sql(
        "SELECT agency_id FROM reports WHERE report_id = $r", params={"r": report_id}
    ).fetchall()[0]
    edit = duckdb.connect(str(db))
    edit.execute(
        "UPDATE reports SET title = '<script>alert(\"年报\")</script>' WHERE report_id = ?", [report_id]
    )
    edit.close()
    for path in (f"/finding/{finding_id}", f"/agency/{agency_id}"):
        text = c.get(path).text
        assert "<script>alert" not in text and "&lt;script&gt;alert" in text, path


# ---- compare ---------------------------------------------------------------------------------------------


def test_the_compare_downloads_hold_exactly_the_table_shown(client, con):
    (region,) = con.sql("SELECT coalesce(region, '未填地区') FROM agencies ORDER BY 1 LIMIT 1").fetchall()[0]
    query = {"indicator": ["new_applications", "disclosure_rate", "reviews"], "region": region,
             "year_from": "2020", "year_to": "2024"}  # fmt: skip
    page = html(client.get("/compare", params=query))
    table = page.css_first("#compare-table")
    shown = [[th.text(strip=True) for th in table.css("thead th")]]
    shown += [[td.text(strip=True) for td in tr.css("td")] for tr in table.css("tbody tr")]
    assert shown[0][:4] == ["机关", "地区", "年度", "本年新收申请"] and "公开率（%）" in shown[0]
    assert len(shown) > 5 and all(row[1] == region and "2020" <= row[2] <= "2024" for row in shown[1:])
    assert page.css("svg.chart") and len(page.css("svg.chart")) == 3
    href = page.css_first("#download-csv").attributes["href"]
    downloaded = client.get(href)
    assert downloaded.status_code == 200 and downloaded.content.startswith(b"\xef\xbb\xbf")
    assert list(csv.reader(io.StringIO(downloaded.content.decode("utf-8-sig")))) == shown
    xlsx = client.get(page.css_first("#download-xlsx").attributes["href"])
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


def test_compare_some_agencies(client, con):
    agencies = [a for (a,) in con.sql("SELECT agency_id FROM agencies ORDER BY 1 LIMIT 2").fetchall()]
    page = html(client.get("/compare", params={"agency": agencies, "indicator": "handled"}))
    ids = {tr.css("td")[-1].text(strip=True) for tr in page.css("#compare-table tbody tr")}
    assert ids == set(agencies)


# ---- the command ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_nianbao_serve_serves_the_workspace(web_demo):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "nianbao.flows.cli", "serve", "--db", str(web_demo), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.2)
        assert response.status_code == 200 and "总览" in response.text
    finally:
        server.terminate()
        server.wait(30)
