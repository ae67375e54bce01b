"""Scorecards on a small warehouse, `nianbao report` (xlsx + html), and the generated rule catalog."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest
from browser import CHROMIUM, chromium_page
from reportdata import suqian_2023
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from test_rules import record, six_sections
from typer.testing import CliRunner

from nianbao.extract.records import DocumentRecord
from nianbao.flows.cli import app
from nianbao.warehouse.check import rule_catalog, run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.load import load_agencies, load_documents, load_metrics, load_reports
from nianbao.warehouse.queries import run_query
from nianbao.warehouse.review import record_review
from nianbao.warehouse.rules_doc import rules_markdown

ROOT = Path(__file__).resolve().parents[1]
AGENCIES = [
    {"agency_id": "dept", "name": "某市教育局", "region": "某市", "level": "city", "kind": "department",
     "portal_url": "http://127.0.0.1/x"},
    {"agency_id": "gov", "name": "某市人民政府", "region": "某市", "level": "city", "kind": "government",
     "portal_url": "http://127.0.0.1/y"},
    {"agency_id": "county", "name": "某县人民政府", "region": "某县", "level": "county", "kind": "government",
     "portal_url": "http://127.0.0.1/z"},
]  # fmt: skip
AS_OF = dt.date(2026, 6, 30)
SHA = "ab" * 32


@pytest.fixture
def db(tmp_path):
    """某市教育局 clean and on time; 某市人民政府 late, a table-4 error, 五 missing; 某县 published nothing."""
    gov_facts = suqian_2023()
    gov_facts["t4.review.total"] = 0
    gov = record("gov", 2023, gov_facts, published_on="2024-04-10",
                 sections=[s for s in six_sections(2023) if s.numeral != "五"])  # fmt: skip
    gov.sha256 = SHA
    path = tmp_path / "w.duckdb"
    con = connect(path)
    load_metrics(con)
    load_agencies(con, AGENCIES)
    load_documents(con, [DocumentRecord(SHA, gov.source_url, "html", "utf-8", 10, f"ab/{SHA}.html")])
    load_reports(con, [record("dept", 2023, suqian_2023()), gov])
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    con.close()
    archive = tmp_path / "w_archive" / "ab"
    archive.mkdir(parents=True)
    (archive / f"{SHA}.html").write_text("<html></html>", encoding="utf-8")
    return path


def _cards(path):
    con = connect(path, read_only=True)
    agencies = con.sql(
        "SELECT agency_id, publications, on_time, complete, errors, open_errors, warnings, infos, reviewed_share,"
        " compliant, rank_in_region FROM agency_year_scorecard ORDER BY agency_id"
    ).fetchall()
    regions = con.sql(
        "SELECT region, agencies, published, on_time, share_on_time, compliant, share_compliant, errors,"
        " rank_in_year FROM region_year_scorecard ORDER BY region"
    ).fetchall()
    con.close()
    return agencies, regions


def test_scorecard_views(db):
    agencies, regions = _cards(db)
    assert agencies == [
        ("county", 0, False, False, 1, 1, 0, 0, 0.0, False, 1),
        ("dept", 1, True, True, 0, 0, 0, 0, None, True, 1),
        ("gov", 1, False, False, 2, 2, 1, 0, 0.0, False, 2),
    ]
    assert regions == [("某县", 1, 0, 0, 0.0, 0, 0.0, 1, 2), ("某市", 2, 2, 1, 0.5, 1, 0.5, 2, 1)]


def test_dismissed_errors_make_an_agency_compliant_accepted_ones_do_not(db):
    con = connect(db)
    errors = con.sql("SELECT finding_id, agency_id FROM findings WHERE severity = 'error'").fetchall()
    for finding_id, agency_id in errors:
        status = "dismissed" if agency_id == "gov" else "accepted"
        record_review(con, finding_id, status, "核实")
    con.close()
    agencies, regions = _cards(db)
    assert agencies[0][-6:] == (1, 0, 0, 1.0, False, 1)  # county: its error accepted, still open
    assert agencies[2][-6:] == (0, 1, 0, 0.6667, True, 2)  # gov: 2 of 3 reviewed, no open error; a warning
    assert regions[1][-4:] == (2, 1.0, 2, 1)


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_writes_the_workbook_and_the_page(db, tmp_path):
    before = _sha(db)
    out = tmp_path / "card"
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert _sha(db) == before  # read-only
    with zipfile.ZipFile(out / "scorecard.xlsx") as xlsx:
        workbook = xlsx.read("xl/workbook.xml").decode()
        strings = xlsx.read("xl/sharedStrings.xml").decode()
    assert [name in workbook for name in ("机关年度评分", "地区汇总", "问题清单")] == [True, True, True]
    for header in (
        "机关",
        "按时公布",
        "报告完整",
        "合规率",
        "问题编号",
        "说明",
        "来源网址",
        "存档文件",
        "审核状态",
    ):
        assert f">{header}<" in strings
    page = (out / "scorecard.html").read_text(encoding="utf-8")
    # One file to send by mail: nothing fetched (no src, no stylesheet link), one inline script.
    assert page.startswith("<!DOCTYPE html>") and "src=" not in page and "<link" not in page
    assert page.count("<script>") == 1
    tree = HTMLParser(page)
    assert [h.text() for h in tree.css("section.region > h2")] == ["某县", "某市"]
    assert len(tree.css("#summary svg.chart")) == 2  # share on time, share compliant per region
    gov = tree.css_first("section.agency#agency-gov")
    assert gov.css_first("h3").text() == "某市人民政府"
    assert gov.css("svg.chart"), "the agency's indicators over the years"
    messages = [td.text() for td in gov.css("table[id$=-findings] td")]
    assert any("2023年度报告应于2024-03-31前公布" in m for m in messages)
    assert '<a href="http://127.0.0.1/gov/2023.html">原文</a>' in gov.html
    assert f'<a href="../w_archive/ab/{SHA}.html" title="ab/{SHA}.html">存档文件</a>' in gov.html
    assert tree.css_first("section.agency#agency-county") is not None  # an agency with no report too
    listed = tree.css_first("section.region:nth-of-type(3) table.sortable")  # 某市's agency-years
    assert {a.attributes["href"] for a in listed.css("a")} == {"#agency-dept", "#agency-gov"}


def test_every_string_from_the_warehouse_is_escaped_on_the_page(tmp_path):
    """An agency's name, its region and a report's address are data: none becomes markup or a link."""
    hostile = {"agency_id": "x<y", "name": '某局<script>alert("名")</script>', "region": "某<b>区",
               "level": "city", "kind": "department", "portal_url": "http://127.0.0.1/x"}  # fmt: skip
    path = tmp_path / "w.duckdb"
    con = connect(path)
    load_metrics(con)
    load_agencies(con, [hostile])
    facts = suqian_2023()
    facts["t4.review.total"] = 0  # a finding, shown with the report's address
    load_reports(con, [record("x<y", 2023, facts, url="javascript:alert(1)")])
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    con.close()
    out = tmp_path / "card"
    assert CliRunner().invoke(app, ["report", "--db", str(path), "--out", str(out)]).exit_code == 0
    page = (out / "scorecard.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<b>区" not in page and 'href="javascript' not in page
    tree = HTMLParser(page)
    section = tree.css_first("section.agency")
    assert section.css_first("h3").text() == '某局<script>alert("名")</script>'
    assert section.attributes["id"] == "agency-x%3Cy"
    assert tree.css_first("section.region > h2").text() == "某<b>区"
    assert "javascript:alert(1)" in section.text()  # shown as text, not a link


def test_report_on_a_missing_warehouse_writes_nothing(tmp_path):
    result = CliRunner().invoke(
        app, ["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path)]
    )
    assert result.exit_code != 0 and not (tmp_path / "scorecard.html").exists()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_the_page_sorts_and_searches_in_a_browser_from_a_file(db, tmp_path):
    """Opened from disk as a mail attachment is: charts drawn, a header click sorts, a search narrows,
    and the browser reports no error. Screenshots stay in the test's folder."""
    pytest.importorskip("playwright.sync_api")
    out = tmp_path / "card"
    assert CliRunner().invoke(app, ["report", "--db", str(db), "--out", str(out)]).exit_code == 0
    with chromium_page(1300, 900) as (page, problems):
        page.goto((out / "scorecard.html").as_uri())
        page.screenshot(path=tmp_path / "scorecard.png", full_page=True)
        assert page.locator("#summary svg.chart").count() == 2
        region = page.locator("section.region", has=page.locator("h2", has_text="某市"))
        table = region.locator("table.sortable").first
        names = table.locator("tbody tr td:first-child")
        header = table.locator("th", has_text="机关")
        header.click()
        ascending = names.all_inner_texts()
        assert ascending == ["某市教育局", "某市人民政府"]  # in pinyin order (jiào before rén)
        header.click()
        assert names.all_inner_texts() == ascending[::-1]
        region.locator("input[type=search]").fill("教育")
        assert table.locator("tbody tr:visible").all_inner_texts()[0].startswith("某市教育局")
        assert table.locator("tbody tr:visible").count() == 1
        region.locator("input[type=search]").fill("")
        table.locator("a", has_text="某市人民政府").click()  # to the agency's section
        assert page.evaluate("location.hash") == "#agency-gov"
        page.screenshot(path=tmp_path / "scorecard-agency.png")
    assert problems == []


# ---- the rule catalog ------------------------------------------------------------------------------


def test_docs_rules_md_is_the_generated_catalog():
    committed = (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "regenerate: nianbao rules --markdown > docs/RULES.md"


def test_rules_command_prints_the_catalog():
    result = CliRunner().invoke(app, ["rules"])
    assert result.exit_code == 0
    assert all(rule.rule_id in result.output for rule in rule_catalog())
    markdown = CliRunner().invoke(app, ["rules", "--markdown"])
    assert markdown.output == rules_markdown()


# ---- an agency-year nobody looked for ----------------------------------------------------------------


def test_a_year_not_looked_at_is_neither_missing_nor_compliant(tmp_path):
    """某市档案馆 sends its reports as files (no 年报 column crawled) and sent none for 2022; the years
    were not given. Its 2022 is 未核查: not counted as 未公布 nor as 合规, not ranked. 某县 (crawled,
    nothing found) stays 未公布 and 不合规."""
    received_only = {"agency_id": "recv", "name": "某市档案馆", "region": "某市", "level": "city",
                     "kind": "department", "portal_url": ""}  # fmt: skip
    path = tmp_path / "w.duckdb"
    con = connect(path)
    load_metrics(con)
    load_agencies(con, [AGENCIES[0], AGENCIES[2], received_only])
    load_reports(con, [record("dept", 2022, suqian_2023()), record("dept", 2023, suqian_2023()),
                       record("recv", 2023, suqian_2023(), url="file:///received/recv-2023.html")])  # fmt: skip
    run_checks(con, as_of=AS_OF)  # no years given: the warehouse's 2022–2023
    cards = con.sql(
        "SELECT agency_id, publications, looked_at, on_time, compliant, rank_in_region, infos"
        " FROM agency_year_scorecard WHERE year = 2022 ORDER BY agency_id"
    ).fetchall()
    assert cards == [
        ("county", 0, True, False, False, 1, 0),
        ("dept", 1, True, True, True, 1, 0),
        ("recv", 0, False, None, None, None, 1),
    ]
    regions = con.sql(
        "SELECT region, agencies, published, not_published, not_looked_at, share_on_time, compliant,"
        " share_compliant FROM region_year_scorecard WHERE year = 2022 ORDER BY region"
    ).fetchall()
    assert regions == [("某县", 1, 0, 1, 0, 0.0, 0, 0.0), ("某市", 2, 1, 0, 1, 1.0, 1, 1.0)]
    sheet = run_query(con, "scorecard_agencies", {"year": "2022"})
    states = {r["机关编号"]: (r["按时公布"], r["评定"]) for r in sheet.iter_rows(named=True)}
    assert states == {"county": ("未公布", "不合规"), "dept": ("是", "合规"), "recv": ("未核查", "未核查")}
    region_sheet = run_query(con, "scorecard_regions", {"year": "2022"})
    assert region_sheet.select("地区", "未公布", "未核查").rows() == [("某市", 0, 1), ("某县", 1, 0)]
    con.close()
    out = tmp_path / "card"
    assert CliRunner().invoke(app, ["report", "--db", str(path), "--out", str(out)]).exit_code == 0
    page = (out / "scorecard.html").read_text(encoding="utf-8")
    assert '<td class="unchecked">未核查</td>' in page and "2022年度报告未核查" in page
