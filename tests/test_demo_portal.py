"""The sample portal: deterministic, internally consistent, its documents print its truth, its server works.

The identity checks and the readers here (HTML tables, text tables, DOCX tables, PDF text, narrative
claims, text repetition) are written out independently of ``demo``, so a bug in the generator cannot
hide behind a shared helper.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import struct
import time
import urllib.error
import urllib.request
import zipfile
from collections import Counter, defaultdict
from datetime import date
from functools import cache
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from nianbao.core.catalog import template_metrics
from nianbao.demo import generate_portal, serve, write_roster

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
T4_CODES = [f"t4.{g}.{o}" for g, parts in T4.items() for o in (*parts, "total")]
IDENTITY_RULES = {"t3_balance", "t3_row_sum", "t3_column_sum", "t4_group_total", "count_not_natural"}
SIGNED_OR_MONEY = {"t2.fees.amount", "t2.procurement.amount"} | {
    f"t2.{k}.change" for k in ("licensing", "other_services", "penalty", "coercion", "fees")
}
RULE_KINDS = IDENTITY_RULES | {
    "blank_cells",
    "late_publication",
    "missing_report",
    "format_version",
    "t3_other_single_row",
    "carry_over",
    "republished",
    "sections_missing",
    "statistical_period",
    "stock_continuity",
    "narrative_mismatch",
    "narrative_repeated",
    "source_disagreement",
}
MAGIC = {
    "pdf": b"%PDF-",
    "docx": b"PK\x03\x04",
    "doc": bytes.fromhex("D0CF11E0A1B11AE1"),
    "txt": b"\xef\xbb\xbf",
}


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    started = time.process_time()
    out = generate_portal(tmp_path_factory.mktemp("portal"), seed=2025)
    # About 5 s of CPU (PDF, DOCX and scans included); wall time depends on what else the machine runs.
    assert time.process_time() - started < 15
    return out


@pytest.fixture(scope="module")
def truth(portal: Path) -> dict:
    return json.loads((portal / "truth.json").read_text(encoding="utf-8"))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _ok_reports(truth: dict) -> list[dict]:
    """Readable reports that stand for their year (not a superseded original)."""
    return [r for r in truth["reports"] if r["status"] == "ok" and not r["superseded"]]


def _findings_of(truth: dict, report: dict) -> set[tuple[str, str | None]]:
    return {
        (f["rule_id"], f["metric"])
        for f in truth["expected_findings"]
        if (f["agency_id"], f["year"]) == (report["agency_id"], report["year"])
    }


def _findings(truth: dict, rule: str) -> list[dict]:
    return [f for f in truth["expected_findings"] if f["rule_id"] == rule]


def _stored(portal: Path, path: str) -> Path:
    """The file under site/ a root-relative link serves (``download.jsp`` maps to /download/ID/FILE)."""
    match = re.fullmatch(r"/([^/]+)/download\.jsp\?file=([^&]+)&id=(\d+)", path)
    if match:
        agency, name, ident = match.groups()
        path = f"/{agency}/download/{ident}/{name}"
    return portal / "site" / path.lstrip("/")


def _attachment(report: dict) -> dict | None:
    return next((s for s in report["sources"][1:]), None)


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
    assert set(by_kind) == RULE_KINDS
    for r in reports:
        if r["defect"] == "pre_2019":
            by_kind["pre_2019"].add(r["agency_id"])
    assert all(len(agency_ids) >= 2 for agency_ids in by_kind.values()), by_kind
    kinds_at = defaultdict(set)
    for f in truth["expected_findings"]:
        kinds_at[f["agency_id"], f["year"]].add(f["rule_id"])
    assert all(len(kinds) == 1 for kinds in kinds_at.values()), "one defect per agency-year"
    assert 2 <= len(truth["flaky"]) <= 3


def test_publication_forms_are_spread(truth: dict) -> None:
    standing = [r for r in truth["reports"] if r["status"] != "out_of_scope"]
    forms = Counter(r["form"] for r in standing)
    assert forms["html"] >= 0.4 * len(standing)
    assert forms["text"] >= 5 and forms["scan"] >= 2 and forms["html_doc"] >= 1
    assert forms["pdf"] >= 20 and forms["docx"] >= 10 and forms["both"] >= 4
    layouts = Counter(s["layout"] for r in standing for s in r["sources"] if s["media_type"] == "pdf")
    assert set(layouts) == {"word", "landscape", "plain", "scan"}
    assert all(n >= 2 for n in layouts.values()), layouts
    regions = {a["agency_id"]: a["region"] for a in truth["agencies"]}
    for form in ("pdf", "docx", "both", "text"):
        these = [r for r in standing if r["form"] == form]
        assert len({regions[r["agency_id"]] for r in these}) >= 3, form
        assert len({r["year"] for r in these}) >= 3, form
        assert {r["template"] for r in these} == {"2019", "2021"}, form
        assert len({r["page_template"] for r in these}) == 3, form


def test_sources_describe_each_publication(truth: dict) -> None:
    for r in truth["reports"]:
        page, *attachments = r["sources"]
        assert page["path"] == r["path"] and page["media_type"] == "html"
        assert len(attachments) <= 1
        holds = r["form"] in ("html", "both", "html_doc", "text")
        page_status = "out_of_scope" if r["status"] == "out_of_scope" else "ok" if holds else "no_tables"
        assert page["holds_tables"] == holds and page["status"] == page_status
        if not attachments:
            assert r["form"] in ("html", "text")
            continue
        (a,) = attachments
        expected = {
            "pdf": "pdf",
            "both": "pdf",
            "scan": "pdf",
            "docx": "docx",
            "html_doc": "doc",
            "txt": "txt",
        }[r["form"]]
        assert a["media_type"] == expected and a["holds_tables"]
        assert a["status"] == {"scan": "needs_ocr", "html_doc": "unsupported"}.get(r["form"], "ok")
        assert r["status"] == ("needs_ocr" if r["form"] == "scan" else "ok")
        if "facts" in a:
            assert r["defect"] == "source_disagreement"


def test_facts_cover_the_printed_format(truth: dict) -> None:
    for r in truth["reports"]:
        if r["status"] == "out_of_scope":
            assert r["facts"] == {} and r["year"] < 2019 and not _findings_of(truth, r)
            continue
        if r["status"] == "needs_ocr":
            assert r["facts"] == {} and r["sections"] == [] and not _findings_of(truth, r)
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
    clean = [r for r in truth["reports"] if r["status"] == "ok" and r["defect"] is None]
    assert len(clean) >= 120
    for r in clean:
        assert None not in r["facts"].values(), r["path"]
        assert not _violations(r["facts"], r["other_shape"]), r["path"]


def test_defects_break_exactly_their_listed_identities(truth: dict) -> None:
    for r in truth["reports"]:
        if r["status"] != "ok":
            continue
        listed = {(rule, metric) for rule, metric in _findings_of(truth, r) if rule in IDENTITY_RULES}
        assert _violations(r["facts"], r["other_shape"]) == listed, r["path"]
        assert (None in r["facts"].values()) == (r["defect"] == "blank_cells"), r["path"]


def test_carry_over_and_stock_continue(truth: dict) -> None:
    by_agency: dict[str, dict[int, dict]] = defaultdict(dict)
    for r in _ok_reports(truth):
        by_agency[r["agency_id"]][r["year"]] = r
    carry, stock = set(), set()
    pairs = stock_pairs = 0
    for agency_id, years in by_agency.items():
        for year, r in years.items():
            before = years.get(year - 1)
            if before is None:
                continue
            pairs += 1
            f, b = r["facts"], before["facts"]
            for col in COLUMNS:
                if f[f"t3.carried_in.{col}"] != b[f"t3.carried_out.{col}"]:
                    carry.add((agency_id, year, f"t3.carried_in.{col}"))
            if year - 1 >= 2021 and r["template"] == before["template"] == "2021":
                stock_pairs += 1
                for kind in ("regulations", "normative_docs"):
                    if f[f"t2.{kind}.in_force"] != (
                        b[f"t2.{kind}.in_force"] + f[f"t2.{kind}.issued"] - f[f"t2.{kind}.repealed"]
                    ):
                        stock.add((agency_id, year, f"t2.{kind}.in_force"))
    assert pairs > 100 and stock_pairs > 50
    assert carry == {(f["agency_id"], f["year"], f["metric"]) for f in _findings(truth, "carry_over")}
    assert stock == {(f["agency_id"], f["year"], f["metric"]) for f in _findings(truth, "stock_continuity")}


def test_publication_deadlines_and_missing_years(truth: dict) -> None:
    kinds = {a["agency_id"]: a["kind"] for a in truth["agencies"]}
    late = {(f["agency_id"], f["year"]) for f in _findings(truth, "late_publication")}
    first: dict[tuple[str, int], date] = {}
    for r in truth["reports"]:
        if r["status"] != "out_of_scope":  # the first publication of a year counts
            key = (r["agency_id"], r["year"])
            first[key] = min(first.get(key, date.max), date.fromisoformat(r["published_on"]))
    for (agency_id, year), published in first.items():
        deadline = date(year + 1, 3 if kinds[agency_id] == "government" else 1, 31)
        assert (published > deadline) == ((agency_id, year) in late), (agency_id, year)
    all_years = {(a["agency_id"], y) for a in truth["agencies"] for y in truth["years"]}
    missing = {(f["agency_id"], f["year"]) for f in _findings(truth, "missing_report")}
    assert all_years - set(first) == missing


def test_republished_reports_list_both_publications(portal: Path, truth: dict) -> None:
    findings = _findings(truth, "republished")
    assert len(findings) >= 2
    for f in findings:
        pubs = [r for r in truth["reports"] if (r["agency_id"], r["year"]) == (f["agency_id"], f["year"])]
        original, later = sorted(pubs, key=lambda r: r["published_on"])
        assert original["superseded"] and not later["superseded"] and later["replaces"] == original["path"]
        assert original["path"] != later["path"] and original["published_on"] < later["published_on"]
        assert f["metric"] is None
        page = _decode((portal / "site" / later["path"].lstrip("/")).read_bytes())
        assert "更正" in later["title"] + page or "修订" in later["title"] + page
        listed = {p for p, _ in _listing(portal, _listing_path(truth, f["agency_id"]))}
        assert {original["path"], later["path"]} <= listed
    superseded = [r for r in truth["reports"] if r["superseded"]]
    assert len(superseded) == len(findings)


def _listing_path(truth: dict, agency_id: str) -> str:
    return next(a["listing_path"] for a in truth["agencies"] if a["agency_id"] == agency_id)


# ---- reading the documents back --------------------------------------------------------------------

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
_VALUE = re.compile(r"-?[\d,.]+(?:（其中修订\d+件）|元)?|[—\-/无]|")


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


def _is_value(token: str) -> bool:
    return bool(token) and _VALUE.fullmatch(token.translate(_FULLWIDTH)) is not None


def _t3_codes(n_rows: int) -> tuple[str, ...]:
    shape = "split" if n_rows == 25 else "single"
    return ("new_received", "carried_in", *RESULT_ROWS, *OTHER_ROWS[shape], "total_handled", "carried_out")


def _facts_from_rows(
    t2_rows: list[list[str]], t3_rows: list[list[str]], t4_values: list[str], template: str
) -> dict[str, int | float | None]:
    """Facts from rows already split into cells: t2 rows (label first), t3 value rows, the t4 row."""
    facts: dict[str, int | float | None] = {}
    for cells in t2_rows:
        subject = _T2_ROWS.get(cells[0])
        if subject:
            columns = _T2_COLUMNS[template][subject]
            facts.update({f"t2.{subject}.{c}": _value(t) for c, t in zip(columns, cells[1:], strict=True)})
    for code, cells in zip(_t3_codes(len(t3_rows)), t3_rows, strict=True):
        facts.update({f"t3.{code}.{c}": _value(t) for c, t in zip(COLUMNS, cells[-7:], strict=True)})
    facts.update({c: _value(t) for c, t in zip(T4_CODES, t4_values, strict=True)})
    return facts


def _printed_facts(page: str, template: str) -> dict[str, int | float | None]:
    """Read the three HTML tables back from the page, independently of the generator's renderer."""
    tables = [t for t in re.findall(r"<table.*?</table>", page, re.S) if "xxgk_table" not in t[:80]]
    t3_at = next(i for i, t in enumerate(tables) if "勾稽关系" in t)
    t2_rows = [cells for table in tables[:t3_at] for cells in _rows(table)]
    return _facts_from_rows(t2_rows, _rows(tables[t3_at])[3:], _rows(tables[t3_at + 1])[-1], template)


def _text_lines(page: str) -> list[list[str]]:
    """The tables pasted as text: one token list per line (tabs, spaces, &nbsp; and 　 separate)."""
    body = page[page.index("二、主动公开政府信息情况") :]
    body = re.sub(r"</?(p|pre)[^>]*>", "\n", body)
    body = html.unescape(re.sub(r"<[^>]+>", "", body))
    return [re.split(r"[\s\u3000\xa0]+", line.strip()) for line in body.split("\n") if line.strip()]


def _text_facts(page: str, template: str) -> dict[str, int | float | None]:
    lines = _text_lines(page)
    t3_at = next(i for i, tokens in enumerate(lines) if "勾稽关系" in tokens[0])
    t4_at = next(i for i, tokens in enumerate(lines) if tokens[0] == "行政复议")
    t2_rows = [tokens for tokens in lines[:t3_at] if tokens[0] in _T2_ROWS]
    t3_rows = [
        tokens for tokens in lines[t3_at:t4_at] if len(tokens) >= 8 and all(map(_is_value, tokens[-7:]))
    ]
    t4_values = next(tokens for tokens in lines[t4_at:] if len(tokens) == 15 and all(map(_is_value, tokens)))
    return _facts_from_rows(t2_rows, t3_rows, t4_values, template)


def _docx_facts(data: bytes, template: str) -> dict[str, int | float | None]:
    """Facts from the DOCX tables: each row's own cells (a merged cell counts once)."""
    document = docx.Document(io.BytesIO(data))

    def cells(row) -> list[str]:
        return ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in row._tr.tc_lst]

    t2_rows, t3_rows, t4_values = [], [], []
    for table in document.tables:
        rows = [cells(row) for row in table.rows]
        if "勾稽关系" in rows[0][0]:
            t3_rows += rows[3:]
        elif rows[0][:2] == ["行政复议", "行政诉讼"]:
            t4_values = rows[-1]
        else:
            t2_rows += rows
    return _facts_from_rows(t2_rows, t3_rows, t4_values, template)


@cache
def _pdf_text(path: Path) -> str:
    """pdfplumber's text, fake-bold doubled characters undone, page footers dropped."""
    lines = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for line in (page.extract_text() or "").split("\n"):
                if len(line) > 1 and len(line) % 2 == 0 and line[0::2] == line[1::2]:
                    line = line[0::2]
                if not re.fullmatch(r"-\s*\d+\s*-|第\s*\d+\s*页|\d+", line.strip()):
                    lines.append(line)
    return "\n".join(lines)


def _page(portal: Path, report: dict) -> str:
    return _decode((portal / "site" / report["path"].lstrip("/")).read_bytes())


def _content(page: str) -> str:
    """The article body: after ``id="zoom"`` (cms_a, cms_c) or ``TRS_Editor`` (cms_b)."""
    at = page.find('id="zoom"') if 'id="zoom"' in page else page.index("TRS_Editor")
    return page[page.index(">", at) + 1 :]


def test_report_pages_print_their_facts(portal: Path, truth: dict) -> None:
    read = Counter()
    for r in truth["reports"]:
        page = _page(portal, r)
        assert ("charset=gb2312" in page) == (r["encoding"] == "gbk")
        assert html.escape(r["title"], quote=False) in page and r["published_on"] in page
        if r["status"] != "ok":
            continue
        layout = r["sources"][0].get("layout")
        if layout == "table":
            assert _printed_facts(page, r["template"]) == r["facts"], r["path"]
        elif layout == "text":
            assert "<table" not in _content(page)
            assert _text_facts(page, r["template"]) == r["facts"], r["path"]
        else:
            assert "勾稽关系" not in page and "详见附件" in page, r["path"]
        read[layout] += 1
    assert read["text"] >= 5 and read["table"] >= 80 and read[None] >= 40


def test_docx_attachments_print_their_facts(portal: Path, truth: dict) -> None:
    split = headed = 0
    for r in truth["reports"]:
        if r["form"] != "docx":
            continue
        data = _stored(portal, _attachment(r)["path"]).read_bytes()
        assert _docx_facts(data, r["template"]) == r["facts"], r["path"]
        document = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
        assert "w:gridSpan" in document and 'w:vMerge w:val="restart"' in document
        headed += "w:tblHeader" in document
        split += document.count("勾稽关系") == 2
    assert split >= 2 and headed >= 2


def _pdf_rows(text: str, width: int) -> list[tuple]:
    """Trailing runs of ``width`` values on each line of PDF text."""
    out = []
    for line in text.split("\n"):
        tokens = line.split()
        if len(tokens) >= width and all(map(_is_value, tokens[-width:])):
            out.append(tuple(_value(t) for t in tokens[-width:]))
    return out


def _t3_value_rows(report: dict) -> list[tuple]:
    codes = ("new_received", "carried_in", *RESULT_ROWS, *OTHER_ROWS[report["other_shape"]])
    codes += ("total_handled", "carried_out")
    return [tuple(report["facts"][f"t3.{code}.{c}"] for c in COLUMNS) for code in codes]


def test_pdf_attachments_print_their_tables(portal: Path, truth: dict) -> None:
    """Tables 3 and 4 of a few PDFs of each layout read back from pdfplumber's text, row by row."""
    sample: dict[str, list[dict]] = defaultdict(list)
    for r in truth["reports"]:
        a = _attachment(r)
        if a and a["media_type"] == "pdf" and a["status"] == "ok" and "facts" not in a:
            sample[a["layout"]].append(r)
    for layout, reports in sample.items():
        for r in reports[:3]:
            text = _pdf_text(_stored(portal, _attachment(r)["path"]))
            assert r["title"] in text.replace("\n", ""), r["path"]
            found = Counter(_pdf_rows(text, 7))
            assert not Counter(_t3_value_rows(r)) - found, (layout, r["path"])
            assert tuple(r["facts"][c] for c in T4_CODES) in _pdf_rows(text, 15), (layout, r["path"])


def test_word_layout_pdfs_look_like_word(portal: Path, truth: dict) -> None:
    word = [
        _stored(portal, _attachment(r)["path"])
        for r in truth["reports"]
        if (_attachment(r) or {}).get("layout") == "word"
    ]
    assert len(word) >= 10
    with pdfplumber.open(word[0]) as pdf:
        words = [w["text"] for page in pdf.pages for w in page.extract_words()]
        assert "-" in words and any(page.lines for page in pdf.pages)  # "- N -" footers, ruled tables
    continued = bold = 0
    for path in word[:8]:
        with pdfplumber.open(path) as pdf:
            texts = [page.extract_text() or "" for page in pdf.pages]
            continued += sum("勾稽关系" in text for text in texts) == 2  # header repeated on the next page
            firsts = "".join(line[0] for text in texts for line in text.split("\n") if line)
            assert re.search("本.?年.?度.?办.?理.?结.?果", firsts), path  # a column of characters
            drawn = defaultdict(list)
            for c in pdf.pages[0].chars:
                drawn[c["text"], round(c["top"], 1)].append(c["x0"])
            bold += any(abs(b - a - 0.3) < 0.01 for xs in drawn.values() for a in xs for b in xs)
    assert continued >= 6, "table 3 continues on the next page under its repeated header"
    assert bold >= 2, "some Word PDFs draw headings twice, 0.3 pt apart"


def test_attachments_exist_with_their_magic_bytes(portal: Path, truth: dict) -> None:
    seen = Counter()
    for r in truth["reports"]:
        a = _attachment(r)
        if a is None:
            continue
        assert html.escape(a["path"]) in _page(portal, r), r["path"]
        data = _stored(portal, a["path"]).read_bytes()
        assert data.startswith(MAGIC[a["media_type"]]), a["path"]
        if a["media_type"] == "doc":
            assert _ole_stream_magic(data) == 0xA5EC
        seen[a["media_type"]] += 1
        seen["download.jsp"] += "download.jsp?" in a["path"]
    assert seen["pdf"] >= 40 and seen["docx"] >= 10 and seen["doc"] >= 1 and seen["download.jsp"] >= 10


def _ole_stream_magic(data: bytes) -> int:
    """The first word of the compound file's WordDocument stream (a minimal, independent CFB read)."""
    (shift,) = struct.unpack_from("<H", data, 30)
    size = 1 << shift
    directory = struct.unpack_from("<I", data, 48)[0]
    at = size * (directory + 1)
    for i in range(size // 128):
        entry = data[at + 128 * i : at + 128 * (i + 1)]
        name = entry[: struct.unpack_from("<H", entry, 64)[0]].decode("utf-16-le").rstrip("\0")
        if name == "WordDocument":
            start = struct.unpack_from("<I", entry, 116)[0]
            return struct.unpack_from("<H", data, size * (start + 1))[0]
    raise AssertionError("no WordDocument stream")


def test_scanned_reports_have_no_text(portal: Path, truth: dict) -> None:
    scans = [r for r in truth["reports"] if r["status"] == "needs_ocr"]
    assert len(scans) >= 2
    for r in scans:
        assert not _findings_of(truth, r) and r["facts"] == {}
        with pdfplumber.open(_stored(portal, _attachment(r)["path"])) as pdf:
            assert len(pdf.pages) >= 2
            assert all(not page.chars and page.images for page in pdf.pages)


def test_source_disagreement_is_in_the_pdf_only(portal: Path, truth: dict) -> None:
    findings = _findings(truth, "source_disagreement")
    assert 1 <= len(findings) <= 2
    for f in findings:
        (r,) = [r for r in _ok_reports(truth) if (r["agency_id"], r["year"]) == (f["agency_id"], f["year"])]
        a = _attachment(r)
        assert r["form"] == "both" and a["media_type"] == "pdf"
        differ = {m for m in r["facts"] if a["facts"][m] != r["facts"][m]}
        assert differ == {f["metric"]}
        assert _printed_facts(_page(portal, r), r["template"]) == r["facts"]
        label = {"licensing": "行政许可", "penalty": "行政处罚"}[f["metric"].split(".")[1]]
        text = _pdf_text(_stored(portal, a["path"]))
        line = next(line for line in text.split("\n") if line.startswith(label))
        assert _value(line.split()[-1]) == a["facts"][f["metric"]]


# ---- narrative -------------------------------------------------------------------------------------

_CLAIMS = (
    (r"(?:收到|新收)政府信息公开申请(\d+)件", ("t3.new_received.total",)),
    (r"上年结转(\d+)件", ("t3.carried_in.total",)),
    (r"予以公开(\d+)件", ("t3.granted.total",)),
    (r"部分公开(\d+)件", ("t3.partially_granted.total",)),
    (r"行政复议(\d+)件", ("t4.review.total",)),
    (r"行政诉讼(\d+)件", ("t4.suit_direct.total", "t4.suit_after_review.total")),
    (r"(?:结转下年度|转下年度办理)(\d+)件", ("t3.carried_out.total",)),
)
_FIVE = re.compile(r"五、[^。\n]{0,16}改进情况")


def _report_text(portal: Path, report: dict, *, pdf: bool = False) -> str | None:
    """The report's words as a reader gets them: the page, the DOCX paragraphs, the text file or (``pdf``)
    the PDF text."""
    a = _attachment(report)
    if report["sources"][0]["holds_tables"]:
        page = _page(portal, report)
        body = page[
            page.index(">", page.index('id="zoom"') if 'id="zoom"' in page else page.index("TRS_Editor")) :
        ]
        body = re.sub(r"</(p|pre|h3|td|tr)>", "\n", body)
        return html.unescape(re.sub(r"<[^>]+>", "", body))
    if a["media_type"] == "docx":
        document = docx.Document(io.BytesIO(_stored(portal, a["path"]).read_bytes()))
        return "\n".join(p.text for p in document.paragraphs)
    if a["media_type"] == "txt":
        return _stored(portal, a["path"]).read_bytes().decode("utf-8-sig")
    if a["media_type"] == "pdf" and a["status"] == "ok" and pdf:
        return _pdf_text(_stored(portal, a["path"]))
    return None


def _sections_one_five(text: str) -> str:
    one = text[text.index("一、总体情况") : text.index("二、主动公开政府信息情况")]
    five = _FIVE.search(text)
    if five:
        rest = text[five.start() :]
        end = min(i for i in (rest.find("六、其他需要报告的事项"), len(rest)) if i >= 0)
        one += rest[:end]
    return re.sub(r"\s+", "", one)


def _shingles(text: str) -> set[str]:
    return {text[i : i + 5] for i in range(len(text) - 4)}


def _repetition(this: str, last: str) -> tuple[float, float]:
    """(Jaccard, containment) of character 5-gram shingles: how much of ``this`` repeats ``last``."""
    a, b = _shingles(this), _shingles(last)
    return len(a & b) / len(a | b), len(a & b) / len(a)


def test_narratives_are_rewritten_every_year_unless_seeded(portal: Path, truth: dict) -> None:
    standing = {(r["agency_id"], r["year"]): r for r in _ok_reports(truth)}
    seeded = {(f["agency_id"], f["year"]) for f in _findings(truth, "narrative_repeated")}
    assert len(seeded) >= 2
    clean_pairs = []
    for (agency_id, year), r in sorted(standing.items()):
        before = standing.get((agency_id, year - 1))
        if before is None:
            continue
        use_pdf = (agency_id, year) in seeded
        this, last = _report_text(portal, r, pdf=use_pdf), _report_text(portal, before, pdf=use_pdf)
        if this is None or last is None:
            continue
        jaccard, containment = _repetition(_sections_one_five(this), _sections_one_five(last))
        if (agency_id, year) in seeded:
            assert jaccard > 0.8 and containment > 0.8, (agency_id, year, jaccard, containment)
            seeded.discard((agency_id, year))
        else:
            assert jaccard < 0.3 and containment < 0.3, (agency_id, year, jaccard, containment)
            whole = _repetition(
                re.sub(r"\s+", "", this[: this.index("二、")]), re.sub(r"\s+", "", last[: last.index("二、")])
            )
            assert max(whole) < 0.3, (agency_id, year, whole)  # the intro is rewritten too
            clean_pairs.append(containment)
    assert not seeded, "every seeded repetition was measured"
    assert len(clean_pairs) > 50


def _claims(text: str) -> dict[tuple[str, ...], set[int]]:
    one = text[text.index("一、总体情况") : text.index("二、主动公开政府信息情况")]
    found: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for pattern, metrics in _CLAIMS:
        for number in re.findall(pattern, re.sub(r"\s+", "", one)):
            found[metrics].add(int(number))
    return found


def test_narrative_numbers_agree_with_the_tables_unless_seeded(portal: Path, truth: dict) -> None:
    seeded = {(f["agency_id"], f["year"]): f["metric"] for f in _findings(truth, "narrative_mismatch")}
    assert len(seeded) >= 2
    checked = 0
    for r in _ok_reports(truth):
        key = (r["agency_id"], r["year"])
        text = _report_text(portal, r, pdf=key in seeded)
        if text is None:
            continue
        claims = _claims(text)
        assert ("t3.new_received.total",) in claims or key in seeded, r["path"]
        wrong = set()
        for metrics, numbers in claims.items():
            table = sum(r["facts"][m] or 0 for m in metrics)
            if numbers != {table}:
                wrong.add(metrics[0])
        assert wrong == ({seeded[key]} if key in seeded else set()), (r["path"], claims)
        seeded.pop(key, None)
        checked += 1
    assert not seeded and checked > 100


_PERIOD = re.compile(r"统计(?:期限|时间)[^。]*?(\d{4})年1月1日[^。]*?(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")


def test_statistical_period_and_sections(portal: Path, truth: dict) -> None:
    wrong_period = {(f["agency_id"], f["year"]) for f in _findings(truth, "statistical_period")}
    missing = {(f["agency_id"], f["year"]) for f in _findings(truth, "sections_missing")}
    assert len(wrong_period) >= 2 and len(missing) >= 2
    checked = 0
    for r in _ok_reports(truth):
        key = (r["agency_id"], r["year"])
        text = _report_text(portal, r, pdf=key in wrong_period | missing)
        if text is None:
            continue
        start, end, month, day = _PERIOD.search(re.sub(r"\s+", "", text)).groups()
        whole_year = int(start) == int(end or start) == r["year"] and (month, day) == ("12", "31")
        assert whole_year == (key not in wrong_period), (r["path"], start, end, month, day)
        sections = [
            s for s, there in (("五", _FIVE.search(text)), ("六", "六、其他需要报告的事项" in text)) if there
        ]
        assert set(sections) == set(r["sections"]) & {"五", "六"}, r["path"]
        assert (len(r["sections"]) == 5) == (key in missing)
        checked += 1
    assert checked > 100


# ---- listings and roster ---------------------------------------------------------------------------


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


def test_server_serves_every_path(portal: Path, truth: dict) -> None:
    site = portal / "site"
    stored_by_link = {
        a["path"]: _stored(portal, a["path"]) for r in truth["reports"] if (a := _attachment(r))
    }
    with serve(site) as base:
        for path in sorted(site.rglob("*")):
            if path.is_file() and "/download/" not in path.as_posix():
                status, body, _ = _get(base + "/" + path.relative_to(site).as_posix())
                assert status == 200 and body == path.read_bytes(), path
        for link, stored in stored_by_link.items():
            status, body, content_type = _get(base + link)
            assert status == 200 and body == stored.read_bytes(), link
            if "download.jsp" in link:
                assert content_type == "application/octet-stream"
        assert _get(base + "/qc-gov/download.jsp?file=none.pdf&id=1")[0] == 404
        assert _get(base + "/qc-gov/download.jsp?file=../../truth.json&id=1")[0] == 404


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
