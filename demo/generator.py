"""Build the sample portal: a static site of 年报 columns, its roster and its ground truth.

``generate_portal(out_dir, seed)`` writes, deterministically for a seed:
- ``site/``: the static website (listing pages, report and notice articles, some GBK-encoded, report
  attachments: PDF, DOCX, scanned PDF, legacy .doc);
- ``roster_paths.csv``: the roster with root-relative listing paths (``write_roster`` turns it into
  ``roster.csv`` once the server's base URL is known);
- ``truth.json``: every report with its sources and the facts its tables print, the seeded defects'
  expected findings, and the paths the server should answer 503 to at first (``flaky``).
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from nianbao.core.catalog import template_metrics

from .defects import VALUE_DEFECTS, DefectPlan, Finding, apply_value_defect, plan_defects
from .entry import Entry
from .forms import assign_forms, place_attachment
from .narrative import (
    CLAIM_OF_METRIC,
    NarrativePlan,
    claim_values,
    plan_narrative,
    write_narrative,
)
from .notices import NOTICES
from .pages import PAGE_TEMPLATES
from .report_defects import (
    MISMATCH_METRICS,
    apply_publication_defect,
    plan_publication_defects,
    stock_jumps,
    wrong_period,
)
from .roster import Agency, agencies, write_roster, write_roster_paths
from .site import render_site
from .truth import write_truth
from .values import YEARS, Values, agency_values

__all__ = ["Entry", "generate_portal", "write_roster"]

_CN_DIGITS = "〇一二三四五六七八九"


def generate_portal(
    out_dir: Path,
    seed: int = 2025,
    *,
    extra_regions: int = 0,
    years: tuple[int, ...] = YEARS,
    long_pdfs: float = 0.0,
) -> Path:
    """Write the site, ``roster_paths.csv`` and ``truth.json`` under ``out_dir``; return ``out_dir``.

    For a portal of a province's size (benchmarks): ``extra_regions`` invented counties more, reports
    of ``years`` only, and a share ``long_pdfs`` of the PDF reports published with 20-80 pages of
    appendix (prose) appended. The truth then lists findings of the defects planned in other years too."""
    out_dir = Path(out_dir)
    site = out_dir / "site"
    if site.exists():
        shutil.rmtree(site)  # a rerun must not keep pages of another seed
    site.mkdir(parents=True)
    roster = agencies(extra_regions)
    plan = plan_defects(roster, random.Random(f"{seed}:plan"))
    plan_publication_defects(plan, roster, random.Random(f"{seed}:plan:publication"))
    templates = _page_templates(roster, seed)
    entries: list[Entry] = []
    findings: list[Finding] = []
    for agency in roster:
        agency_entries, agency_findings = _agency_entries(agency, plan, seed, years)
        entries += agency_entries
        findings += agency_findings
    _assign_forms(entries, plan, seed)
    _assign_paths(entries, roster, templates, seed)
    files = render_site(entries, roster, templates, seed)
    if long_pdfs:
        _append_appendices(files, entries, long_pdfs, random.Random(f"{seed}:long"))
    _write_site(site, files)
    write_roster_paths(out_dir, roster)
    write_truth(out_dir / "truth.json", seed, roster, entries, findings, templates)
    return out_dir


def _write_site(site: Path, files: dict[str, bytes]) -> None:
    targets = {site / path.lstrip("/"): data for path, data in sorted(files.items())}
    # One mkdir per folder: creating folders dominates the run time on slow file systems.
    for folder in sorted({target.parent for target in targets}):
        folder.mkdir(parents=True, exist_ok=True)
    for target, data in targets.items():
        target.write_bytes(data)


def _append_appendices(
    files: dict[str, bytes], entries: list[Entry], share: float, rng: random.Random
) -> None:
    """A share of the PDF reports with 20-80 pages of appendix appended (``long_report``)."""
    from .long_report import with_appendix  # pypdfium2 work, only for a province-sized portal

    paths = sorted(
        e.pub.file_path for e in entries if e.blocks_key == "report" and e.pub.form in ("pdf", "both")
    )
    for path in rng.sample(paths, round(share * len(paths))):
        files[path] = with_appendix(files[path], rng.randint(20, 80))


def _page_templates(roster: list[Agency], seed: int) -> dict[str, str]:
    """Each agency's site runs one CMS; the three are spread evenly over the roster."""
    order = [a.agency_id for a in roster]
    random.Random(f"{seed}:cms").shuffle(order)
    return {aid: PAGE_TEMPLATES[i % len(PAGE_TEMPLATES)] for i, aid in enumerate(order)}


# ---- content of one agency -------------------------------------------------------------------------


def _agency_entries(
    agency: Agency, plan: DefectPlan, seed: int, years: tuple[int, ...] = YEARS
) -> tuple[list[Entry], list[Finding]]:
    rng = random.Random(f"{seed}:{agency.agency_id}")
    bumps = plan.carry_in_bumps(agency.agency_id, rng)
    series = agency_values(agency, rng, bumps)
    findings = stock_jumps(agency.agency_id, series, plan, seed)
    entries: list[Entry] = []
    originals: list[Entry] = []
    last_plan: NarrativePlan | None = None
    for year in YEARS:
        if year not in years:
            continue
        kind = plan.kind(agency.agency_id, year)
        if kind == "missing_report":
            findings.append(Finding(kind, agency.agency_id, year, None, "seeded: no report for this year"))
            continue
        entry, entry_findings = _report_entry(agency, year, series[year], plan, rng)
        last_plan = _write_narrative(entry, plan, last_plan, seed)
        entry_findings += apply_publication_defect(entry, plan, seed, originals)
        entries.append(entry)
        findings += entry_findings
        if year in bumps:
            col, d = bumps[year]
            why = f"seeded: 二、上年结转 is {d} more than last year's 四 in {col} and 总计"
            findings += [
                Finding("carry_over", agency.agency_id, year, f"t3.carried_in.{c}", why)
                for c in (col, "total")
            ]
    if plan.kind(agency.agency_id, 2018) == "pre_2019":
        published = date(2019, 3, rng.randint(5, 28))
        title = f"{agency.name}2018年政府信息公开工作年度报告"
        entries.append(Entry(agency, title, published, "legacy", year=2018, defect="pre_2019"))
    entries += _notices(agency, rng)
    if agency.is_government:  # a 图解 beside one report: names the report, is not one
        report = rng.choice([e for e in entries if e.blocks_key == "report"])
        next_day = report.published_on + timedelta(days=1)
        entries.append(Entry(agency, f"图解：{report.title}", next_day, "explainer"))
    return entries + originals, findings


def _report_entry(
    agency: Agency, year: int, values: Values, plan: DefectPlan, rng: random.Random
) -> tuple[Entry, list[Finding]]:
    """The report of ``year``; a defect planned there changes its format, its values or its date."""
    kind = plan.kind(agency.agency_id, year)
    seeded: list[tuple[str | None, str]] = []  # (metric, why) of each finding the defect causes
    template = "2019" if year <= 2020 else "2021"
    if kind == "format_version":
        template = "2021" if template == "2019" else "2019"
        seeded.append((None, f"seeded: year {year} printed in the {template} format"))
    other_shape = "single" if template == "2019" else "split"
    if kind == "t3_other_single_row":
        other_shape = "single"
        seeded.append((None, "seeded: 2021 format with （六）其他处理 as one row"))
    facts: Values = {m: values[m] for m in template_metrics(template, other_shape=other_shape)}
    if kind in VALUE_DEFECTS:
        seeded += apply_value_defect(kind, plan.instance(agency.agency_id, year), facts, rng)
    published = _publication_date(agency, year, late=kind == "late_publication", rng=rng)
    if kind == "late_publication":
        seeded.append((None, f"seeded: published {published.isoformat()}, after the deadline"))
    title = _report_title(agency, year, rng)
    entry = Entry(agency, title, published, "report", year, template, other_shape, facts, kind)
    findings = [Finding(kind, agency.agency_id, year, metric, why) for metric, why in seeded] if kind else []
    return entry, findings


def _write_narrative(entry: Entry, plan: DefectPlan, last: NarrativePlan | None, seed: int) -> NarrativePlan:
    """Sections 一 and 五 of ``entry`` (and its intro); returns the plan the next year must not repeat."""
    aid, year = entry.agency.agency_id, entry.year or 0
    kind = plan.kind(aid, year)
    instance = plan.instance(aid, year) if kind else 0
    rng = random.Random(f"{seed}:{aid}:{year}:narrative")
    claims = claim_values(entry.facts)
    available = {c for c, v in claims.items() if v is not None}
    if kind == "t4_group_total":  # no claim about a table-4 total printed wrong
        available -= {"rev", "suit"}
    period = wrong_period(year, instance) if kind == "statistical_period" else None
    must_claim = None
    if kind == "narrative_mismatch":
        must_claim = CLAIM_OF_METRIC[MISMATCH_METRICS[instance]]
    if kind == "narrative_repeated" and last is not None:
        this = last
    else:
        this = plan_narrative(rng, last, available, must_claim)
    if must_claim:
        claims[must_claim] = entry.stated = (claims[must_claim] or 0) + rng.randint(1, 6)
    entry.narrative = write_narrative(this, entry.agency, year, claims, period)
    return this


def _publication_date(agency: Agency, year: int, *, late: bool, rng: random.Random) -> date:
    """Departments publish in January of Y+1, governments in February–March; late ones after that."""
    if agency.is_government:
        start, spread = (date(year + 1, 4, 8), 50) if late else (date(year + 1, 2, 1), 57)
    else:
        start, spread = (date(year + 1, 2, 20), 60) if late else (date(year + 1, 1, 5), 26)
    return start + timedelta(days=rng.randint(0, spread))


def _report_title(agency: Agency, year: int, rng: random.Random) -> str:
    cn_year = "".join(_CN_DIGITS[int(d)] for d in str(year))
    forms = [
        f"{agency.name}{year}年政府信息公开工作年度报告",
        f"{agency.name}{year}年政府信息公开工作年度报告",
        f"{year}年度{agency.name}政府信息公开工作年度报告",
        f"{agency.name}{year}年度政府信息公开工作年报",
        f"{agency.name}{cn_year}年政府信息公开工作年度报告",
    ]
    if agency.is_government:  # the region-wide report is often titled by the region alone
        region = agency.name.removesuffix("人民政府")
        forms.append(f"{region}{year}年政府信息公开工作年度报告")
    return rng.choice(forms)


def _notices(agency: Agency, rng: random.Random) -> list[Entry]:
    """Unrelated articles of the same column, some with titles that look like reports."""
    candidates = [(fmt, months, next_year, y) for fmt, months, next_year in NOTICES for y in YEARS]
    out = []
    for fmt, months, next_year, y in rng.sample(candidates, rng.randint(10, 16)):
        month = rng.randint(*months)
        published = date(y + 1 if next_year else y, month, rng.randint(1, 28))
        out.append(Entry(agency, fmt.format(a=agency.name, y=y), published, "notice"))
    return out


# ---- forms and paths -------------------------------------------------------------------------------


def _assign_forms(entries: list[Entry], plan: DefectPlan, seed: int) -> None:
    reports = [e for e in entries if e.blocks_key == "report"]
    forced = {e.key: "scan" for e in reports if (e.agency.agency_id, e.year) in plan.scans}
    forced.update({e.key: "both" for e in reports if e.defect == "source_disagreement"})
    no_text = {e.key for e in reports if e.defect == "blank_cells"}  # a blank cell is invisible in text
    publications = assign_forms([e.key for e in reports], forced, no_text, random.Random(f"{seed}:forms"))
    for e in reports:
        e.pub = publications[e.key]


def _assign_paths(entries: list[Entry], roster: list[Agency], templates: dict[str, str], seed: int) -> None:
    """Article ids grow with publication date across the site, as in a real CMS."""
    position = {a.agency_id: i for i, a in enumerate(roster)}
    entries.sort(key=lambda e: (e.published_on, position[e.agency.agency_id], e.title))
    for i, entry in enumerate(entries):
        entry.article_id = 10000 + 3 * i
        template = templates[entry.agency.agency_id]
        entry.path = _article_path(template, entry, 2000 + 7 * position[entry.agency.agency_id])
        rng = random.Random(f"{seed}:{entry.path}:attachment")
        place_attachment(
            entry.pub,
            template,
            entry.agency.agency_id,
            entry.published_on,
            entry.article_id,
            entry.title,
            rng,
        )


def _article_path(template: str, entry: Entry, column_id: int) -> str:
    d, aid, n = entry.published_on, entry.agency.agency_id, entry.article_id
    if template == "cms_a":
        return f"/{aid}/art/{d.year}/{d.month}/{d.day}/art_{column_id}_{n}.html"
    if template == "cms_b":
        return f"/{aid}/xxgk/{d:%Y%m}/t{d:%Y%m%d}_{n}.html"
    return f"/{aid}/zwgk/{d:%Y-%m}/{d:%d}/content_{n}.html"
