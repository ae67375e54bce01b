"""The sample portal: deterministic, internally consistent, its pages print its truth, its server works.

The identity checks here are written out independently of ``demo`` (row lists, sums, carry-over), so
a bug in the generator's arithmetic cannot hide behind a shared helper.
"""

from __future__ import annotations

import csv
import json
import re
import time
import urllib.error
import urllib.request
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from demo import generate_portal, serve, write_roster
from transform.catalog import template_metrics

PARTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org")
COLUMNS = (*PARTS, "total")
RESULT_ROWS = (
    "granted",
    "partially_granted",
    *(
        f"withheld.{r}"
        for r in ("state_secret", "law_prohibited", "security_stability", "third_party")
        + ("internal_affairs", "process_info", "enforcement_file", "query_matter")
    ),
    *(f"unable.{r}" for r in ("not_held", "needs_creation", "unclear")),
    *(f"rejected.{r}" for r in ("petition", "duplicate", "publication", "vexatious", "confirmation")),
)
OTHER_ROWS = {"single": ("other.unitemised",), "split": ("other.no_correction", "other.no_fee", "other.misc")}
T4 = {g: ("upheld", "corrected", "other", "pending") for g in ("review", "suit_direct", "suit_after_review")}
IDENTITY_RULES = {"t3_balance", "t3_row_sum", "t3_column_sum", "t4_group_total", "count_not_natural"}
SIGNED_OR_MONEY = {"t2.fees.amount", "t2.procurement.amount"} | {
    f"t2.{k}.change" for k in ("licensing", "other_services", "penalty", "coercion", "fees")
}


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    started = time.perf_counter()
    out = generate_portal(tmp_path_factory.mktemp("portal"), seed=2025)
    assert time.perf_counter() - started < 10  # about 1 s; the bound only catches gross regressions
    return out


@pytest.fixture(scope="module")
def truth(portal: Path) -> dict:
    return json.loads((portal / "truth.json").read_text(encoding="utf-8"))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _ok_reports(truth: dict) -> list[dict]:
    return [r for r in truth["reports"] if r["status"] == "ok"]


def _findings_of(truth: dict, report: dict) -> set[tuple[str, str | None]]:
    return {
        (f["rule_id"], f["metric"])
        for f in truth["expected_findings"]
        if (f["agency_id"], f["year"]) == (report["agency_id"], report["year"])
    }


# ---- generator -------------------------------------------------------------------------------------


def test_same_seed_same_bytes(portal: Path, tmp_path: Path) -> None:
    again = generate_portal(tmp_path / "again", seed=2025)
    assert (again / "truth.json").read_bytes() == (portal / "truth.json").read_bytes()
    assert _files(again / "site") == _files(portal / "site")
    other = generate_portal(tmp_path / "other", seed=7)
    assert (other / "truth.json").read_bytes() != (portal / "truth.json").read_bytes()


def test_portal_shape(truth: dict) -> None:
    agencies = truth["agencies"]
    assert len(agencies) >= 30
    assert len({a["region"] for a in agencies}) >= 3
    assert {a["kind"] for a in agencies} == {"government", "department"}
    reports = truth["reports"]
    assert sum(r["encoding"] == "gbk" for r in reports) >= 0.2 * len(reports)
    assert len({r["page_template"] for r in reports}) >= 3
    by_kind: dict[str, set[str]] = defaultdict(set)
    for f in truth["expected_findings"]:
        by_kind[f["rule_id"]].add(f["agency_id"])
    for r in reports:
        if r["defect"] == "pre_2019":
            by_kind["pre_2019"].add(r["agency_id"])
    assert len(by_kind) == 12
    assert all(len(agency_ids) >= 2 for agency_ids in by_kind.values()), by_kind
    assert 2 <= len(truth["flaky"]) <= 3


def test_facts_cover_the_printed_format(truth: dict) -> None:
    for r in truth["reports"]:
        if r["status"] == "out_of_scope":
            assert r["facts"] == {} and r["year"] < 2019 and not _findings_of(truth, r)
            continue
        assert list(r["facts"]) == template_metrics(r["template"], other_shape=r["other_shape"])
        expected = "2019" if r["year"] <= 2020 else "2021"
        assert (r["template"] != expected) == (r["defect"] == "format_version")


def _violations(facts: dict, other_shape: str) -> set[tuple[str, str]]:
    """Identity violations of one report, blank read as 0 (a blank is its own finding)."""

    def v(metric: str) -> float:
        return facts.get(metric) or 0

    rows = (
        "new_received",
        "carried_in",
        *RESULT_ROWS,
        *OTHER_ROWS[other_shape],
        "total_handled",
        "carried_out",
    )
    found = set()
    for col in COLUMNS:
        received = v(f"t3.new_received.{col}") + v(f"t3.carried_in.{col}")
        if received != v(f"t3.total_handled.{col}") + v(f"t3.carried_out.{col}"):
            found.add(("t3_balance", f"t3.carried_out.{col}"))
        if v(f"t3.total_handled.{col}") != sum(
            v(f"t3.{row}.{col}") for row in (*RESULT_ROWS, *OTHER_ROWS[other_shape])
        ):
            found.add(("t3_column_sum", f"t3.total_handled.{col}"))
    for row in rows:
        if v(f"t3.{row}.total") != sum(v(f"t3.{row}.{col}") for col in PARTS):
            found.add(("t3_row_sum", f"t3.{row}.total"))
    for group, parts in T4.items():
        if v(f"t4.{group}.total") != sum(v(f"t4.{group}.{p}") for p in parts):
            found.add(("t4_group_total", f"t4.{group}.total"))
    for metric, value in facts.items():
        if metric not in SIGNED_OR_MONEY and value is not None and (value < 0 or value != int(value)):
            found.add(("count_not_natural", metric))
    return found


def test_clean_reports_satisfy_every_identity(truth: dict) -> None:
    clean = [r for r in _ok_reports(truth) if r["defect"] is None]
    assert len(clean) >= 150
    for r in clean:
        assert None not in r["facts"].values(), r["path"]
        assert not _violations(r["facts"], r["other_shape"]), r["path"]


def test_defects_break_exactly_their_listed_identities(truth: dict) -> None:
    for r in _ok_reports(truth):
        listed = {(rule, metric) for rule, metric in _findings_of(truth, r) if rule in IDENTITY_RULES}
        assert _violations(r["facts"], r["other_shape"]) == listed, r["path"]
        assert (None in r["facts"].values()) == (r["defect"] == "blank_cells"), r["path"]


def test_carry_over_and_stock_continue(truth: dict) -> None:
    by_agency: dict[str, dict[int, dict]] = defaultdict(dict)
    for r in _ok_reports(truth):
        by_agency[r["agency_id"]][r["year"]] = r
    mismatches = set()
    pairs = 0
    for agency_id, years in by_agency.items():
        for year, r in years.items():
            before = years.get(year - 1)
            if before is None:
                continue
            pairs += 1
            for col in COLUMNS:
                if r["facts"][f"t3.carried_in.{col}"] != before["facts"][f"t3.carried_out.{col}"]:
                    mismatches.add((agency_id, year, f"t3.carried_in.{col}"))
            if "t2.normative_docs.in_force" in r["facts"] and "t2.normative_docs.in_force" in before["facts"]:
                for kind in ("regulations", "normative_docs"):
                    f, b = r["facts"], before["facts"]
                    assert (
                        f[f"t2.{kind}.in_force"]
                        == b[f"t2.{kind}.in_force"] + f[f"t2.{kind}.issued"] - f[f"t2.{kind}.repealed"]
                    )
    expected = {
        (f["agency_id"], f["year"], f["metric"])
        for f in truth["expected_findings"]
        if f["rule_id"] == "carry_over"
    }
    assert pairs > 100
    assert mismatches == expected


def test_publication_deadlines_and_missing_years(truth: dict) -> None:
    kinds = {a["agency_id"]: a["kind"] for a in truth["agencies"]}
    late = {
        (f["agency_id"], f["year"]) for f in truth["expected_findings"] if f["rule_id"] == "late_publication"
    }
    missing = {
        (f["agency_id"], f["year"]) for f in truth["expected_findings"] if f["rule_id"] == "missing_report"
    }
    present = {(r["agency_id"], r["year"]) for r in _ok_reports(truth)}
    for r in _ok_reports(truth):
        deadline = date(r["year"] + 1, 3 if kinds[r["agency_id"]] == "government" else 1, 31)
        is_late = date.fromisoformat(r["published_on"]) > deadline
        assert is_late == ((r["agency_id"], r["year"]) in late), r["path"]
    all_years = {(a["agency_id"], y) for a in truth["agencies"] for y in truth["years"]}
    assert all_years - present == missing


# ---- pages print the truth -------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_T2_ROWS = {
    "规章": "regulations",
    "行政规范性文件": "normative_docs",
    "规范性文件": "normative_docs",
    "行政许可": "licensing",
    "其他对外管理服务事项": "other_services",
    "行政处罚": "penalty",
    "行政强制": "coercion",
    "行政事业性收费": "fees",
    "政府集中采购": "procurement",
}
_DECISIONS_2019 = ("prior_items", "change", "decisions")
_T2_COLUMNS = {
    "2021": {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_docs": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount",),
    },
    "2019": {
        "regulations": ("new_made", "new_published", "total_published"),
        "normative_docs": ("new_made", "new_published", "total_published"),
        "licensing": _DECISIONS_2019,
        "other_services": _DECISIONS_2019,
        "penalty": _DECISIONS_2019,
        "coercion": _DECISIONS_2019,
        "fees": ("prior_items", "change"),
        "procurement": ("items", "amount"),
    },
}


def _decode(data: bytes) -> str:
    head = data[:400].decode("ascii", "replace")
    return data.decode("gbk" if "charset=gb2312" in head else "utf-8")


def _rows(table: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).replace("&nbsp;", "").strip() for c in cells])
    return rows


def _value(text: str) -> int | float | None:
    text = text.translate(_FULLWIDTH)
    if text == "":
        return None
    if text in ("—", "-", "/", "无"):
        return 0
    number = float(re.sub(r"（.*）$", "", text).removesuffix("元").replace(",", ""))
    return int(number) if number.is_integer() else number


def _printed_facts(page: str, template: str) -> dict[str, int | float | None]:
    """Read the three tables back from the page, independently of the generator's renderer."""
    tables = [t for t in re.findall(r"<table.*?</table>", page, re.S) if "xxgk_table" not in t[:80]]
    t3_at = next(i for i, t in enumerate(tables) if "勾稽关系" in t)
    facts: dict[str, int | float | None] = {}
    for table in tables[:t3_at]:
        for cells in _rows(table):
            subject = _T2_ROWS.get(cells[0])
            if subject:
                columns = _T2_COLUMNS[template][subject]
                facts.update(
                    {f"t2.{subject}.{c}": _value(t) for c, t in zip(columns, cells[1:], strict=True)}
                )
    t3_rows = _rows(tables[t3_at])[3:]
    shape = "split" if len(t3_rows) == 25 else "single"
    row_codes = (
        "new_received",
        "carried_in",
        *RESULT_ROWS,
        *OTHER_ROWS[shape],
        "total_handled",
        "carried_out",
    )
    for code, cells in zip(row_codes, t3_rows, strict=True):
        facts.update({f"t3.{code}.{c}": _value(t) for c, t in zip(COLUMNS, cells[-7:], strict=True)})
    t4_values = _rows(tables[t3_at + 1])[-1]
    codes = [f"t4.{g}.{o}" for g, parts in T4.items() for o in (*parts, "total")]
    facts.update({c: _value(t) for c, t in zip(codes, t4_values, strict=True)})
    return facts


def test_report_pages_print_their_facts(portal: Path, truth: dict) -> None:
    for r in truth["reports"]:
        data = (portal / "site" / r["path"].lstrip("/")).read_bytes()
        page = _decode(data)
        assert ("charset=gb2312" in page) == (r["encoding"] == "gbk")
        assert r["title"] in page and r["published_on"] in page
        if r["status"] == "ok":
            assert "统计期限" in page and f"{r['year']}年1月1日" in page
            assert _printed_facts(page, r["template"]) == r["facts"], r["path"]


def _listing(portal: Path, first: str) -> list[tuple[str, str]]:
    """(path, date) of every entry, following 下一页 from the first page."""
    entries, path = [], first
    while path:
        page = _decode((portal / "site" / path.lstrip("/")).read_bytes())
        entries += re.findall(
            r'<a href="(/[^"]+)" target="_blank" title="[^"]*">.*?</a>.*?<span[^>]*>(\d{4}-\d\d-\d\d)</span>',
            page,
        )
        following = re.search(r'<a href="([^"]+)">下一页</a>', page)
        path = following.group(1) if following else ""
    return entries


def test_listings_link_each_report_once(portal: Path, truth: dict) -> None:
    for agency in truth["agencies"]:
        listed = _listing(portal, agency["listing_path"])
        assert len(listed) == len(set(listed)) > 10
        reports = {
            (r["path"], r["published_on"]) for r in truth["reports"] if r["agency_id"] == agency["agency_id"]
        }
        assert reports <= set(listed)
        assert all((portal / "site" / p.lstrip("/")).is_file() for p, _ in listed)


def test_roster_has_absolute_portal_urls(portal: Path, truth: dict) -> None:
    path = write_roster(portal, "http://127.0.0.1:8123/")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:6] == ["agency_id", "name", "region", "level", "kind", "portal_url"]
    assert [r["portal_url"] for r in rows] == [
        "http://127.0.0.1:8123" + a["listing_path"] for a in truth["agencies"]
    ]


# ---- server ----------------------------------------------------------------------------------------


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def test_server_serves_404s_flakes_and_stops(portal: Path, truth: dict) -> None:
    report = truth["reports"][0]["path"]
    flaky_path, n = next(iter(truth["flaky"].items()))
    with serve(portal / "site", flaky=truth["flaky"]) as base:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        status, body, content_type = _get(base + report)
        assert status == 200 and content_type == "text/html"
        assert body == (portal / "site" / report.lstrip("/")).read_bytes()
        assert _get(base + "/no-such-agency/nianbao/index.html")[0] == 404
        assert [_get(base + flaky_path)[0] for _ in range(n + 1)] == [503] * n + [200]
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(base + report, timeout=2)


def test_server_stops_after_its_lifetime(portal: Path) -> None:
    with serve(portal / "site", lifetime_s=0.2) as base:
        assert _get(base + "/index.html")[0] == 200
        time.sleep(0.6)
        with pytest.raises(urllib.error.URLError):
            urllib.request.urlopen(base + "/index.html", timeout=2)
