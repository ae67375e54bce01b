"""The compliance rules (sections, period, republication, stock, narrative) on a real DuckDB warehouse:
each fires on its violation and on nothing else; the two real reports stay clean."""

from __future__ import annotations

import random
import re

import pytest
from reportdata import shanghai_2019, suqian_2023
from test_rules import AGENCIES, AS_OF, HEADINGS, record, six_sections

from nianbao.core.headings import find_sections
from nianbao.extract.document import Section
from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.load import load_agencies, load_metrics, load_reports


def warehouse(tmp_path, records, years=None):
    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    load_agencies(con, AGENCIES)
    load_reports(con, records)
    run_checks(con, as_of=AS_OF, years=years or (min(r.year for r in records), max(r.year for r in records)))
    return con


def rows(con, *rules):
    """(rule, agency, year, report, metric, expected, actual, message) of the findings of ``rules``."""
    return con.sql(
        "SELECT rule_id, agency_id, year, report_id, metric, expected, actual, message FROM findings "
        "WHERE list_contains($rules, rule_id) ORDER BY ALL",
        params={"rules": list(rules)},
    ).fetchall()


def other_rules(con, *rules):
    return con.sql(
        "SELECT rule_id, agency_id, year FROM findings WHERE NOT list_contains($rules, rule_id) "
        "AND rule_id <> 'missing_report' ORDER BY ALL",
        params={"rules": list(rules)},
    ).fetchall()


def with_text(year, numeral, text):
    """The six sections, with ``text`` added to section ``numeral`` ('' = the opening)."""
    sections = six_sections(year)
    for s in sections:
        if s.numeral == numeral:
            s.text += text
    return sections


# ---- sections_missing ------------------------------------------------------------------------------


def test_sections_missing_lists_the_missing_headings(tmp_path):
    sections = [s for s in six_sections(2023) if s.numeral not in ("四", "五")]
    con = warehouse(tmp_path, [record("dept", 2023, suqian_2023(), sections=sections)])
    ((rule, agency, year, report, metric, expected, actual, message),) = rows(con, "sections_missing")
    assert (agency, year, metric, actual) == ("dept", 2023, None, "缺少第四、五部分")
    assert "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况" in message
    assert other_rules(con, "sections_missing") == []


def test_sections_are_judged_per_publication_and_by_their_words(tmp_path):
    page_url = "http://127.0.0.1/dept/2023.html"
    page = record(
        "dept", 2023, {}, url=page_url, sections=six_sections(2023)[:2]
    )  # 一 only, tables in the PDF
    page.parse_status = "no_tables"
    attachment = record("dept", 2023, suqian_2023(), url="http://127.0.0.1/dept/2023.pdf", page_url=page_url)
    # renumbered: 五 missing, 六 printed as 五 — recognised by its words
    renumbered = [s for s in six_sections(2022) if s.numeral != "五"]
    renumbered[-1] = Section("五", "其他需要报告的事项", "无。")
    con = warehouse(tmp_path, [page, attachment, record("gov", 2022, suqian_2023(), sections=renumbered)])
    ((rule, agency, year, *_, actual, message),) = rows(con, "sections_missing")
    assert (agency, year, actual) == ("gov", 2022, "缺少第五部分")


def test_a_heading_run_into_the_paragraph_before_counts(tmp_path):
    sections = [s for s in six_sections(2023) if s.numeral != "二"]  # the PDF text ran 二 into 一's last line
    sections[1].text += "全年未发生泄密事件。二、主动公开政府信息情况"
    con = warehouse(tmp_path, [record("dept", 2023, suqian_2023(), sections=sections)])
    assert rows(con, "sections_missing") == []
    assert con.sql("SELECT section FROM report_format_sections WHERE found_by = 'text'").fetchall() == [(2,)]


# ---- statistical_period ----------------------------------------------------------------------------


def test_statistical_period_of_another_year(tmp_path):
    wrong = with_text(2023, "", "")
    wrong[0].text = "本年度报告中所列数据统计期限从2022年1月1日到12月31日止。"
    right = with_text(2022, "", "")
    right[0].text = "统计期限为2022年1月1日至2022年12月31日。"
    silent = with_text(2021, "", "")
    silent[0].text = "本报告由某市教育局编制。"
    con = warehouse(tmp_path, [record("dept", 2023, suqian_2023(), sections=wrong),
                               record("dept", 2022, suqian_2023(), sections=right),
                               record("dept", 2021, suqian_2023(), sections=silent)])  # fmt: skip
    ((rule, agency, year, report, metric, expected, actual, message),) = rows(con, "statistical_period")
    assert (agency, year, metric, expected, actual) == ("dept", 2023, None, "2023-01-01至2023-12-31",
                                                         "2022-01-01至2022-12-31")  # fmt: skip
    assert "2022年1月1日至2022年12月31日" in message and "统计期限从2022年1月1日到12月31日止" in message


def test_statistical_period_once_per_publication(tmp_path):
    page_url = "http://127.0.0.1/dept/2023.html"
    sections = six_sections(2023)
    sections[0].text = "统计期限为2023年2月1日至2023年12月31日。"
    page = record("dept", 2023, suqian_2023(), url=page_url, sections=sections)
    attachment = record("dept", 2023, suqian_2023(), url="http://127.0.0.1/dept/2023.pdf", page_url=page_url,
                        sections=[Section(s.numeral, s.heading, s.text) for s in sections])  # fmt: skip
    con = warehouse(tmp_path, [page, attachment])
    found = rows(con, "statistical_period")
    assert [(r[3], r[6]) for r in found] == [(page.report_id, "2023-02-01至2023-12-31")]


# ---- republished -----------------------------------------------------------------------------------


def test_republished_is_one_finding_per_later_publication(tmp_path):
    first_url, second_url = "http://127.0.0.1/dept/2023.html", "http://127.0.0.1/dept/2023-revised.html"
    first = record("dept", 2023, suqian_2023(), url=first_url, published_on="2024-01-20")
    its_pdf = record("dept", 2023, suqian_2023(), url="http://127.0.0.1/dept/2023.pdf", page_url=first_url,
                     published_on="2024-01-20")  # fmt: skip
    second = record("dept", 2023, suqian_2023(), url=second_url, published_on="2024-03-02")
    alone = [record("gov", 2023, suqian_2023()),
             record("gov", 2023, suqian_2023(), url="http://127.0.0.1/gov/2023.pdf", page_url="http://127.0.0.1/gov/2023.html")]  # fmt: skip
    con = warehouse(tmp_path, [first, its_pdf, second, *alone])
    ((rule, agency, year, report, metric, expected, actual, message),) = rows(con, "republished")
    assert (agency, year, report, expected, actual) == (
        "dept",
        2023,
        second.report_id,
        "2024-01-20",
        "2024-03-02",
    )
    assert first_url in message and second_url in message
    assert con.sql("SELECT source_url FROM primary_reports WHERE agency_id = 'dept'").fetchall() == [
        (second_url,)
    ]


# ---- stock_continuity ------------------------------------------------------------------------------


def _next_year(prev, issued=3, repealed=1):
    cur = suqian_2023()
    for kind in ("regulations", "normative_docs"):
        cur[f"t2.{kind}.issued"], cur[f"t2.{kind}.repealed"] = issued, repealed
        cur[f"t2.{kind}.in_force"] = prev[f"t2.{kind}.in_force"] + issued - repealed
    return cur


def test_stock_continuity(tmp_path):
    prev = suqian_2023()
    cur = _next_year(prev)
    cur["t2.normative_docs.in_force"] += 5  # five documents in force from nowhere
    con = warehouse(tmp_path, [record("dept", 2022, prev), record("dept", 2023, cur)])
    found = rows(con, "stock_continuity")
    assert [(r[2], r[4], r[5], r[6]) for r in found] == [(2023, "t2.normative_docs.in_force", "599", "604")]
    assert "597件＋本年制发3件－本年废止1件＝599件" in found[0][7]


def test_stock_continuity_needs_two_consecutive_2021_format_years(tmp_path):
    prev, cur = suqian_2023(), suqian_2023()  # 597 + 109 − 489 ≠ 597, but the years are not consecutive
    con = warehouse(tmp_path, [record("dept", 2021, prev), record("dept", 2023, cur)])
    assert rows(con, "stock_continuity") == []


# ---- narrative_mismatch ----------------------------------------------------------------------------


def test_narrative_mismatch_points_at_the_table_cell(tmp_path):
    text = "2023年共受理政府信息公开申请3500件，予以公开1191件，被申请行政复议440件，行政诉讼24件。"
    con = warehouse(tmp_path, [record("dept", 2023, suqian_2023(), sections=with_text(2023, "一", text))])
    found = rows(con, "narrative_mismatch")
    assert [(r[4], r[5], r[6]) for r in found] == [("t3.new_received.total", "3511", "3500"),
                                                   ("t4.suit_direct.total", "113", "24")]  # fmt: skip
    assert "正文称“2023年共受理政府信息公开申请3500件" in found[0][7] and "总计为3511件" in found[0][7]
    assert other_rules(con, "narrative_mismatch") == []


def test_narrative_on_the_page_is_compared_with_the_attachments_table(tmp_path):
    page_url = "http://127.0.0.1/dept/2023.html"
    page = record("dept", 2023, {}, url=page_url, sections=with_text(2023, "一", "本年度予以公开1190件。"))
    page.parse_status = "no_tables"
    attachment = record("dept", 2023, suqian_2023(), url="http://127.0.0.1/dept/2023.pdf", page_url=page_url,
                        sections=with_text(2023, "一", "本年度予以公开1190件。"))  # fmt: skip
    con = warehouse(tmp_path, [page, attachment])
    found = rows(con, "narrative_mismatch")
    assert [(r[3], r[4], r[5], r[6]) for r in found] == [
        (attachment.report_id, "t3.granted.total", "1191", "1190")
    ]


def test_narrative_that_states_the_table_somewhere_is_no_mismatch(tmp_path):
    text = "本年度予以公开1191件。在办理结果中，予以公开20件为当场答复。"  # the second is a part
    con = warehouse(tmp_path, [record("dept", 2023, suqian_2023(), sections=with_text(2023, "一", text))])
    assert rows(con, "narrative_mismatch") == []


# ---- narrative_repeated ----------------------------------------------------------------------------


def _chars(seed, n):
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n))


def _narrative(year, one, five):
    sections = six_sections(year)
    sections[1].text, sections[5].text = one, five
    return sections


def test_narrative_repeated_from_last_year(tmp_path):
    one, five = _chars(1, 300), _chars(2, 100)
    copied = _narrative(2023, one.replace(one[250:], _chars(3, 50)), five)  # 350 of 400 characters kept
    rewritten = _narrative(2023, _chars(4, 300), five)  # only 五 kept
    con = warehouse(tmp_path, [record("dept", 2022, suqian_2023(), sections=_narrative(2022, one, five)),
                               record("dept", 2023, suqian_2023(), sections=copied),
                               record("gov", 2022, suqian_2023(), sections=_narrative(2022, one, five)),
                               record("gov", 2023, suqian_2023(), sections=rewritten)])  # fmt: skip
    found = rows(con, "narrative_repeated")
    assert [(r[1], r[2], r[4], r[5], r[6]) for r in found] == [
        ("dept", 2023, None, "≤0.50", "0.86")
    ]  # (246 + 96) of 396 shingles
    assert "约86%与2022年度报告相同" in found[0][7]
    shares = dict(
        con.sql(
            "SELECT p.agency_id, n.share FROM narrative_repeats n JOIN reports p USING (report_id)"
        ).fetchall()
    )
    assert shares["gov"] < 0.3


def test_short_narratives_are_not_judged(tmp_path):
    con = warehouse(tmp_path, [record("dept", 2022, suqian_2023(), sections=_narrative(2022, "无。", "无。")),
                               record("dept", 2023, suqian_2023(), sections=_narrative(2023, "无。", "无。"))])  # fmt: skip
    assert con.sql("SELECT count(*) FROM narrative_repeats").fetchall() == [(0,)]


# ---- existing rules, reviewed ----------------------------------------------------------------------


def test_a_listed_document_that_is_no_report_neither_publishes_nor_is_late(tmp_path):
    notice = record("dept", 2022, {}, url="http://127.0.0.1/dept/notice.html", published_on="2023-06-01")
    notice.parse_status = "not_a_report"
    con = warehouse(tmp_path, [notice, record("dept", 2023, suqian_2023())], years=(2022, 2023))
    found = con.sql("SELECT rule_id, year FROM findings WHERE agency_id = 'dept' ORDER BY ALL").fetchall()
    assert found == [("missing_report", 2022)]


# ---- the real reports ------------------------------------------------------------------------------

_TABLE_LINE = re.compile(r"\|| \d+( \d+){2,}|^\[TABLE|^SOURCE:|^--- |^\(重复率|^发布日期")


def _real_sections(path):
    """Section texts of a reference transcription, as a reader hands them over (table rows left out)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not _TABLE_LINE.search(ln)]
    return find_sections(lines)


def test_real_reports_with_their_narrative_stay_clean(tmp_path, shared_dir):
    reference = shared_dir / "reference"
    shanghai = _real_sections(reference / "shanghai_office_2019_tables.txt")
    assert [s.numeral for s in shanghai if s.numeral] == list("一二三四五六")
    suqian = _real_sections(reference / "suqian_2023_pdf_text.txt")
    present = {s.numeral for s in suqian}
    assert {"一", "二", "三", "五", "六"} <= present
    if "四" not in present:  # the comparison PDF prints table 4 apart, without its heading
        suqian.append(Section("四", HEADINGS[3], ""))
    records = [
        record("dept", 2019, shanghai_2019(), template="2019", other_shape="single", published_on="2020-01-31",
               sections=shanghai),
        record("gov", 2023, suqian_2023(), sections=suqian),
    ]  # fmt: skip
    con = warehouse(tmp_path, records, years=(2019, 2023))
    assert other_rules(con) == [("blank_cells", "dept", 2019)]
    claims = con.sql("SELECT claim, value FROM narrative_claims ORDER BY report_id, ordinal").fetchall()
    assert set(claims) == {("new_received", 859), ("carried_in", 18), ("review", 7), ("lawsuits", 9),
                           ("granted", 1191), ("partially_granted", 328), ("carried_out", 121)}  # fmt: skip
    periods = con.sql("SELECT period_start, period_end FROM stated_periods").fetchall()
    assert [(str(a), str(b)) for a, b in periods] == [("2019-01-01", "2019-12-31")]


@pytest.mark.parametrize("rule", ["sections_missing", "statistical_period", "republished", "stock_continuity",
                                  "narrative_mismatch", "narrative_repeated"])  # fmt: skip
def test_new_rules_are_in_the_catalog_with_their_severity(tmp_path, rule):
    from nianbao.warehouse.check import rule_catalog

    severity = {r.rule_id: r.severity for r in rule_catalog()}[rule]
    assert severity == {"sections_missing": "warning", "statistical_period": "warning"}.get(rule, "info")


def test_repeated_text_is_judged_on_the_publication_when_its_pdf_lost_the_headings(tmp_path):
    one, five = _chars(1, 300), _chars(2, 100)
    reports = []
    for year in (2022, 2023):
        page_url = f"http://127.0.0.1/dept/{year}.html"
        page = record("dept", year, {}, url=page_url, sections=_narrative(year, one, five))
        page.parse_status = "no_tables"
        pdf = record("dept", year, suqian_2023(), url=f"http://127.0.0.1/dept/{year}.pdf", page_url=page_url,
                     sections=[Section("", "", "")])  # fmt: skip
        reports += [page, pdf]
    con = warehouse(tmp_path, reports)
    assert [(r[2], r[6]) for r in rows(con, "narrative_repeated")] == [(2023, "1.00")]
