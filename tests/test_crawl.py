"""discover + fetch against a real local HTTP server: pagination, dates, retries, failures."""

from __future__ import annotations

import hashlib
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from nianbao.core.titles import parse_report_title
from nianbao.extract.collect.archive import Archive
from nianbao.extract.collect.discover import discover_reports, iso_date, parse_listing
from nianbao.extract.collect.fetch import Fetcher, FetchSettings
from nianbao.extract.collect.harvest import harvest_agency

LISTING_1 = """<html><head><meta charset="gb2312"></head><body><ul class="list">
<li><a href="/a/art/2024/1/20/art_1.html" title="某区教育局2023年政府信息公开工作年度报告">某区教育局2023年政府信息…</a>
    <span>2024-01-20</span></li>
<li><a href="/a/art/2024/2/1/art_2.html">2024年政务公开工作要点</a><span>2024-02-01</span></li>
<li><a href="/a/art/2023/1/18/art_3.html">2022年度某区教育局政府信息公开工作年度报告</a><span>[2023.01.18]</span></li>
</ul><div class="page"><a href="index_1.html">下一页</a> <a href="index_1.html">2</a> <a href="/other/index_9.html">9</a></div>
</body></html>"""
LISTING_2 = """<html><body><table><tr><td><a href="/a/art/2022/1/10/art_4.html">某区教育局2021年政府信息公开工作年度报告</a></td>
<td>2022年01月10日</td></tr><tr><td><a href="/a/art/2021/3/5/art_5.html">关于做好2021年政府信息公开工作年度报告编制工作的通知</a></td><td>2021-03-05</td></tr></table>
<script>createPageHTML(3, 1, "index", "html");</script></body></html>"""
LISTING_3 = """<html><body><a href="/a/art/2021/1/10/art_6.html">某区教育局2020年度政府信息公开工作年报</a> 2021-01-10</body></html>"""


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        hits = Handler.hits
        hits[self.path] = hits.get(self.path, 0) + 1
        pages = {"/a/index.html": LISTING_1, "/a/index_1.html": LISTING_2, "/a/index_2.html": LISTING_3}
        if self.path in pages:
            body = pages[self.path].encode("gb18030")
            status = 200
        elif self.path == "/a/art/2024/1/20/art_1.html" and hits[self.path] <= 2:
            body, status = b"busy", 503  # transient: retried
        elif self.path == "/broken/index.html":
            body, status = b"gone", 404  # final: not retried
        elif self.path.startswith("/a/art/"):
            body, status = f"<html><body>report {self.path}</body></html>".encode(), 200
        else:
            body, status = b"not found", 404
        etag = f'"{hashlib.sha1(body).hexdigest()[:12]}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            body, status = b"", 304
        self.send_response(status)
        self.send_header("ETag", etag)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def server():
    Handler.hits = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def fetcher():
    with Fetcher(FetchSettings(backoff_s=0.01, max_attempts=4, timeout=5)) as f:
        yield f


def test_discovery_follows_pagination_and_keeps_only_reports(fetcher):
    with server() as base:
        found = discover_reports(fetcher, "a", f"{base}/a/index.html")
    got = sorted((link.year, link.published_on, link.url.removeprefix(base)) for link in found.links)
    assert got == [
        (2020, "2021-01-10", "/a/art/2021/1/10/art_6.html"),
        (2021, "2022-01-10", "/a/art/2022/1/10/art_4.html"),
        (2022, "2023-01-18", "/a/art/2023/1/18/art_3.html"),
        (2023, "2024-01-20", "/a/art/2024/1/20/art_1.html"),
    ]
    assert not found.errors  # the pager link outside the column's folder was not followed


def test_transient_errors_are_retried_and_final_ones_are_not(fetcher, tmp_path):
    with server() as base:
        harvest = harvest_agency(fetcher, Archive(tmp_path), "a", f"{base}/a/index.html", years=(2023, 2023))
        hits = dict(Handler.hits)
        broken = harvest_agency(fetcher, Archive(tmp_path), "b", f"{base}/broken/index.html")
    [report] = harvest.reports
    assert report.ok and report.fetch.attempts == 3
    assert Archive(tmp_path).get(report.fetch.sha256).startswith(b"<html>")
    assert hits["/a/art/2024/1/20/art_1.html"] == 3
    assert broken.reports == [] and broken.errors == [f"b: listing page {base}/broken/index.html: HTTP 404"]
    assert broken.fetches[0].attempts == 1


def test_an_unchanged_rerun_downloads_nothing_and_still_reads_its_listings(tmp_path):
    archive = Archive(tmp_path / "archive")
    settings = FetchSettings(backoff_s=0.01, max_attempts=4, timeout=5)
    with server() as base:
        with Fetcher.of(settings, archive=archive) as first:
            before = harvest_agency(first, archive, "edu", f"{base}/a/index.html")
        with Fetcher.of(settings, validators=first.seen, archive=archive) as again:
            after = harvest_agency(again, archive, "edu", f"{base}/a/index.html")
    # The listings were confirmed (304) and read from the archive: the same reports are found.
    assert [r.link for r in after.reports] == [r.link for r in before.reports] and len(after.reports) == 4
    assert all(f.status_code == 200 for f in after.fetches)  # a 304 is recorded as what it confirms
    assert all(r.fetch.not_modified and r.fetch.content == b"" for r in after.reports)
    assert [f.n_bytes for f in after.fetches] == [f.n_bytes for f in before.fetches]
    report = after.reports[0].fetch
    assert again.body(report) == archive.get(report.sha256) and b"report /a/art/" in again.body(report)


def test_unreachable_server_is_an_error_not_a_crash(tmp_path):
    with Fetcher(FetchSettings(backoff_s=0.01, max_attempts=2, timeout=1)) as f:
        harvest = harvest_agency(f, Archive(tmp_path), "x", "http://127.0.0.1:9/none.html")
    assert harvest.reports == [] and "gave up after 2 attempts" in harvest.errors[0]


def test_listing_dates_in_several_forms():
    assert iso_date("[2023.01.18]") == "2023-01-18"
    assert iso_date("2022年1月10日") == "2022-01-10"
    assert iso_date("no date") is None
    links, pager = parse_listing(LISTING_2, "http://h/a/index_1.html", "a")
    assert [link.year for link in links] == [2021]
    assert pager == ["http://h/a/index_1.html", "http://h/a/index_2.html"]


def test_hanweb_listing_records_in_script_cdata():
    """Hanweb (大汉) columns render their entries from XML records in a script block."""
    page = """<html><body><div id="4411"><script type="text/xml"><datastore><nextgroup><![CDATA[
<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=4411">]]></nextgroup>
<recordset><record><![CDATA[<li><a href="/art/2024/1/22/art_4411_1.html" target="_blank"
title="某县卫生健康局2023年政府信息公开工作年度报告">某县卫生健康局2023年…</a><span>2024-01-22</span></li>]]></record>
<record><![CDATA[<li><a href="/art/2024/1/5/art_4411_2.html">2024年卫生健康工作要点</a><span>2024-01-05</span></li>]]></record>
</recordset></datastore></script></div></body></html>"""
    links, _ = parse_listing(page, "http://h/col/col4411/index.html", "wjw")
    assert [(link.year, link.published_on, link.url) for link in links] == [
        (2023, "2024-01-22", "http://h/art/2024/1/22/art_4411_1.html")
    ]


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("青川市教育局2023年政府信息公开工作年度报告", "青川市教育局", 2023),
        ("2023年度青川市教育局政府信息公开工作年度报告", "青川市教育局", 2023),
        ("青川市教育局2020年度政府信息公开工作年报", "青川市教育局", 2020),
        ("二〇二一年临江区人民政府政府信息公开工作年度报告", "临江区人民政府", 2021),
        ("宿迁市人民政府2023年政府信息公开工作年度报告", "宿迁市人民政府", 2023),
        ("青川市２０２２年政府信息公开工作年度报告", "青川市", 2022),
    ],
)
def test_report_titles(title, agency, year):
    parsed = parse_report_title(title)
    assert parsed is not None and (parsed.agency, parsed.year) == (agency, year)


@pytest.mark.parametrize(
    "title",
    [
        "2023年政府信息公开工作要点",
        "关于做好2024年政府信息公开工作年度报告编制工作的通知",
        "青川市2023年部门决算公开",
        "政府信息公开工作年度报告",  # no year: cannot be placed
        "图解：青川市教育局2023年政府信息公开工作年度报告",
    ],
)
def test_titles_that_are_not_reports(title):
    assert parse_report_title(title) is None
