"""Each rule fires on the violation it names and on nothing else; real consistent reports stay clean."""

from __future__ import annotations

import datetime as dt

import pytest
from reportdata import shanghai_2019, suqian_2023

from nianbao.core.catalog import T3_COLUMNS
from nianbao.extract.document import Section
from nianbao.transform.mapped import Fact
from nianbao.transform.records import ReportRecord
from nianbao.warehouse.check import rule_catalog, run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.load import load_agencies, load_metrics, load_reports

AGENCIES = [
    {"agency_id": "dept", "name": "某市教育局", "region": "某市", "level": "city", "kind": "department",
     "portal_url": "http://127.0.0.1/x"},
    {"agency_id": "gov", "name": "某市人民政府", "region": "某市", "level": "city", "kind": "government",
     "portal_url": "http://127.0.0.1/y"},
]  # fmt: skip
AS_OF = dt.date(2026, 6, 30)
HEADINGS = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
            "存在的主要问题及改进情况", "其他需要报告的事项")  # fmt: skip


def six_sections(year):
    """The six sections of the format, each with a line of text (too short to judge as repeated)."""
    opening = Section("", "", f"本年度报告中所列数据统计期限从{year}年1月1日到12月31日止。")
    return [opening] + [
        Section(n, h, f"{year}年{h}。") for n, h in zip("一二三四五六", HEADINGS, strict=True)
    ]


def record(agency_id, year, facts, *, template="2021", other_shape="split", published_on=None, url=None,
           sections=None, page_url=None):  # fmt: skip
    return ReportRecord(
        agency_id=agency_id,
        year=year,
        source_url=url or f"http://127.0.0.1/{agency_id}/{year}.html",
        title=f"{year}年政府信息公开工作年度报告",
        published_on=published_on or f"{year + 1}-01-20",
        sha256=None,
        media_type="html",
        parse_status="ok",
        template=template,
        other_shape=other_shape,
        facts={m: Fact(m, v, "" if v is None else str(v)) for m, v in facts.items()},
        sections=six_sections(year) if sections is None else sections,
        page_url=page_url,
    )


def findings(tmp_path, records, years):
    """Findings over a warehouse holding ``records`` and the roster agencies they belong to."""
    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    load_agencies(con, [a for a in AGENCIES if a["agency_id"] in {r.agency_id for r in records}])
    load_reports(con, records)
    run_checks(con, as_of=AS_OF, years=years)
    rows = con.execute("SELECT rule_id, agency_id, year, metric FROM findings ORDER BY ALL").fetchall()
    con.close()
    return rows


def test_real_consistent_report_has_no_finding(tmp_path):
    assert findings(tmp_path, [record("dept", 2023, suqian_2023())], (2023, 2023)) == []


def test_real_report_with_blank_total_column_only_flags_the_blanks(tmp_path):
    rows = findings(tmp_path, [record("dept", 2019, shanghai_2019(), template="2019", other_shape="single",
                                      published_on="2020-01-31")], (2019, 2019))  # fmt: skip
    assert rows == [("blank_cells", "dept", 2019, None)]


def _mutated(**changes):
    facts = suqian_2023()
    for metric, delta in changes.items():
        facts[metric.replace("__", ".")] += delta
    return facts


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"t3.new_received.natural_person": 5, "t3.new_received.total": 5},
            {("t3_balance", "t3.carried_out.natural_person"), ("t3_balance", "t3.carried_out.total")},
        ),
        (
            {"t3.granted.commercial": 2, "t3.partially_granted.commercial": -2},
            {("t3_row_sum", "t3.granted.total"), ("t3_row_sum", "t3.partially_granted.total")},
        ),
        (
            {"t3.granted.natural_person": 3, "t3.granted.commercial": -3},
            {
                ("t3_column_sum", "t3.total_handled.natural_person"),
                ("t3_column_sum", "t3.total_handled.commercial"),
            },
        ),
        ({"t4.review.total": -440}, {("t4_group_total", "t4.review.total")}),
        ({"t2.penalty.decisions": -2822655}, {("count_not_natural", "t2.penalty.decisions")}),
        ({"t2.coercion.decisions": 0.5}, {("count_not_natural", "t2.coercion.decisions")}),
    ],
)
def test_each_identity_rule_fires_on_its_violation_only(tmp_path, changes, expected):
    rows = findings(tmp_path, [record("dept", 2023, _mutated(**changes))], (2023, 2023))
    assert {(rule, metric) for rule, _, _, metric in rows} == expected


def test_late_and_missing_reports(tmp_path):
    late_department = record("dept", 2023, suqian_2023(), published_on="2024-02-01")
    on_time_government = record("gov", 2023, suqian_2023(), published_on="2024-03-31")
    rows = findings(tmp_path, [late_department, on_time_government], (2022, 2023))
    assert rows == [
        ("late_publication", "dept", 2023, None),
        ("missing_report", "dept", 2022, None),
        ("missing_report", "gov", 2022, None),
    ]


def test_missing_report_waits_for_the_deadline(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    load_agencies(con, AGENCIES)
    run_checks(con, as_of=dt.date(2025, 2, 15), years=(2024, 2024))
    rows = con.execute("SELECT agency_id FROM findings WHERE rule_id = 'missing_report'").fetchall()
    assert rows == [("dept",)]  # the department's deadline (31 Jan) has passed, the government's not yet


def test_format_version_and_single_other_row(tmp_path):
    single = suqian_2023()
    for col in T3_COLUMNS:
        parts = [single.pop(f"t3.other.{k}.{col}") for k in ("no_correction", "no_fee", "misc")]
        single[f"t3.other.unitemised.{col}"] = sum(parts)
    rows = findings(tmp_path, [record("dept", 2023, single, other_shape="single"),
                               record("gov", 2020, suqian_2023(), published_on="2021-03-01")], (2020, 2023))  # fmt: skip
    assert {(r, a, y) for r, a, y, _ in rows if r != "missing_report"} == {
        ("t3_other_single_row", "dept", 2023),
        ("format_version", "gov", 2020),
    }


def test_carry_over_across_years(tmp_path):
    prev, cur = suqian_2023(), suqian_2023()
    for col in T3_COLUMNS:  # carry last year's 结转下年度 in, keeping this year's balance and row sums
        delta = prev[f"t3.carried_out.{col}"] - cur[f"t3.carried_in.{col}"]
        cur[f"t3.carried_in.{col}"] += delta
        cur[f"t3.new_received.{col}"] -= delta
    for kind in ("regulations", "normative_docs"):  # and last year's stock of documents in force
        cur[f"t2.{kind}.in_force"] = (
            prev[f"t2.{kind}.in_force"] + cur[f"t2.{kind}.issued"] - cur[f"t2.{kind}.repealed"]
        )
    assert findings(tmp_path, [record("dept", 2022, prev), record("dept", 2023, cur)], (2022, 2023)) == []
    for col in ("commercial", "total"):  # one more application carried in than last year carried out
        cur[f"t3.carried_in.{col}"] += 1
        cur[f"t3.new_received.{col}"] -= 1
    rows = findings(tmp_path / "again", [record("dept", 2022, prev), record("dept", 2023, cur)], (2022, 2023))
    assert rows == [
        ("carry_over", "dept", 2023, "t3.carried_in.commercial"),
        ("carry_over", "dept", 2023, "t3.carried_in.total"),
    ]


def test_finding_ids_are_stable_across_reruns(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    load_agencies(con, AGENCIES)
    load_reports(con, [record("dept", 2023, _mutated(**{"t4.review.total": 1}))])
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    first = con.execute("SELECT * FROM findings ORDER BY finding_id").fetchall()
    load_reports(con, [record("dept", 2023, _mutated(**{"t4.review.total": 1}))])
    run_checks(con, as_of=AS_OF, years=(2023, 2023))
    assert con.execute("SELECT * FROM findings ORDER BY finding_id").fetchall() == first
    assert sorted(row[1] for row in first) == ["missing_report", "t4_group_total"]


def test_rule_catalog_headers_are_complete():
    rules = rule_catalog()
    assert {r.rule_id for r in rules} >= {
        "t3_balance", "t3_row_sum", "t3_column_sum", "t4_group_total", "count_not_natural", "blank_cells",
        "late_publication", "missing_report", "format_version", "t3_other_single_row", "carry_over",
        "sections_missing", "statistical_period", "republished", "stock_continuity", "narrative_mismatch",
        "narrative_repeated",
    }  # fmt: skip
    for rule in rules:
        assert rule.title_zh and rule.title_en and rule.basis and rule.description


def test_page_and_attachment_that_disagree(tmp_path):
    page = record("dept", 2023, suqian_2023())
    same = record("dept", 2023, suqian_2023(), url="http://127.0.0.1/dept/2023.pdf")
    same.page_url = page.source_url
    assert findings(tmp_path, [page, same], (2023, 2023)) == []
    differing = record(
        "dept", 2023, _mutated(**{"t2.penalty.decisions": 10}), url="http://127.0.0.1/dept/2023.pdf"
    )
    differing.page_url = page.source_url
    rows = findings(tmp_path / "again", [page, differing], (2023, 2023))
    assert rows == [("source_disagreement", "dept", 2023, "t2.penalty.decisions")]


def test_a_publication_printed_twice_is_judged_once(tmp_path):
    """A page and its PDF printing the same inconsistent tables give one finding, not one per copy."""
    broken = _mutated(**{"t4.review.total": 1})
    page = record("dept", 2023, broken)
    pdf = record("dept", 2023, broken, url="http://127.0.0.1/dept/2023.pdf")
    pdf.page_url = page.source_url
    assert findings(tmp_path, [page, pdf], (2023, 2023)) == [
        ("t4_group_total", "dept", 2023, "t4.review.total")
    ]


def test_missing_report_says_when_the_column_could_not_be_fetched(tmp_path):
    from nianbao.extract.records import FetchRecord
    from nianbao.warehouse.load import load_fetches

    con = connect(tmp_path / "w.duckdb")
    load_agencies(con, AGENCIES[:1])
    url = AGENCIES[0]["portal_url"]
    load_fetches(con, [FetchRecord(url, "dept", "listing", "2026-01-01T00:00:00+00:00", 503, None, "", 0, 4,
                                   "gave up after 4 attempts: HTTP 503")])  # fmt: skip
    run_checks(con, as_of=AS_OF, years=(2024, 2024))
    [(message,)] = con.execute("SELECT message FROM findings WHERE rule_id = 'missing_report'").fetchall()
    assert "年报栏目" in message and "HTTP 503" in message
    load_fetches(
        con, [FetchRecord(url, "dept", "listing", "2026-02-01T00:00:00+00:00", 200, "ab", "", 10, 1, "")]
    )
    run_checks(con, as_of=AS_OF, years=(2024, 2024))  # the column answers again: a plain missing report
    [(message,)] = con.execute("SELECT message FROM findings WHERE rule_id = 'missing_report'").fetchall()
    assert "年报栏目" not in message
    con.close()


def test_a_check_with_nothing_changed_is_skipped_and_any_change_is_checked(tmp_path):
    """A rerun that loaded nothing new does not redo the check; a changed fact, a correction-like edit
    in any input table or another date does, and finds what the change makes."""
    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    load_agencies(con, AGENCIES[:1])
    load_reports(con, [record("dept", 2023, suqian_2023())])

    def check(as_of=AS_OF):
        counts = run_checks(con, as_of=as_of, years=(2023, 2023))
        when = con.execute("SELECT checked_at FROM check_state").fetchone()[0]
        return counts, when

    first, checked = check()
    assert sum(first.values()) == 0
    again, when = check()
    assert again == first and when == checked  # skipped: the same counts, no new check
    bad = suqian_2023()
    bad["t3.new_received.total"] += 7  # a broken total: findings the skip must not hide
    load_reports(con, [record("dept", 2023, bad)])
    changed, when = check()
    assert when > checked and sum(changed.values()) > 0
    assert changed == check()[0]  # the counts of a skipped check are those of the findings kept
    con.execute("UPDATE agencies SET name = '某市教育体育局'")  # any input table counts
    assert check()[1] > when
    later = check(AS_OF + dt.timedelta(days=1))[1]
    assert later > when
    con.close()


RECEIVED_ONLY = {"agency_id": "recv", "name": "某市档案馆", "region": "某市", "level": "city", "kind": "department",
                 "portal_url": ""}  # fmt: skip


def _judged_years(con, years):
    run_checks(con, as_of=AS_OF, years=years)
    return con.execute(
        "SELECT rule_id, agency_id, year FROM findings WHERE rule_id IN ('missing_report', 'year_not_looked_at')"
        " ORDER BY ALL"
    ).fetchall()


def test_a_year_nobody_looked_for_is_not_a_missing_report(tmp_path):
    """An agency whose reports only come as received files (no 年报 column crawled): a year of the
    warehouse's range it sent nothing for is 未核查, not 未公布; the crawled agencies are judged as before."""
    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    load_agencies(con, [*AGENCIES, RECEIVED_ONLY])
    load_reports(con, [record("dept", 2022, suqian_2023()), record("dept", 2023, suqian_2023()),
                       record("recv", 2023, suqian_2023(), url="file:///received/recv-2023.html")])  # fmt: skip
    assert _judged_years(con, None) == [  # the years are the warehouse's: 2022–2023
        ("missing_report", "gov", 2022),
        ("missing_report", "gov", 2023),
        ("year_not_looked_at", "recv", 2022),
    ]
    [(message, severity)] = con.execute(
        "SELECT message, severity FROM findings WHERE rule_id = 'year_not_looked_at'"
    ).fetchall()
    assert severity == "info"
    assert message.startswith("2022年度报告未核查") and "未检索其门户网站" in message and "未指定" in message
    # the supervisor says which years every agency must have: now a missing report
    assert _judged_years(con, (2022, 2023)) == [
        ("missing_report", "gov", 2022),
        ("missing_report", "gov", 2023),
        ("missing_report", "recv", 2022),
    ]
    con.close()


def test_whether_the_years_were_given_is_part_of_the_checks_inputs(tmp_path):
    """The same years, once found in the warehouse and once given: different findings, so the second
    check is not skipped as unchanged."""
    con = connect(tmp_path / "w.duckdb")
    load_metrics(con)
    load_agencies(con, [RECEIVED_ONLY])
    load_reports(con, [record("recv", 2022, suqian_2023()), record("recv", 2024, suqian_2023())])
    assert _judged_years(con, None) == [("year_not_looked_at", "recv", 2023)]
    assert _judged_years(con, (2022, 2024)) == [("missing_report", "recv", 2023)]
    run_checks(con, as_of=AS_OF, years=(2022, 2024), years_given=False)  # e.g. years a caller derived
    assert con.execute("SELECT rule_id FROM findings").fetchall() == [("year_not_looked_at",)]
    con.close()
