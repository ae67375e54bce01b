"""Build the sample portal: a static site of 年报 columns, its roster and its ground truth.

``generate_portal(out_dir, seed)`` writes, deterministically for a seed:
- ``site/``: the static website (listing pages, report and notice articles, some GBK-encoded);
- ``roster_paths.csv``: the roster with root-relative listing paths (``write_roster`` turns it into
  ``roster.csv`` once the server's base URL is known);
- ``truth.json``: every report with the facts its tables print, the seeded defects' expected findings,
  and the paths the server should answer 503 to at first (``flaky``).
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from transform.catalog import template_metrics

from .defects import VALUE_DEFECTS, DefectPlan, Finding, apply_value_defect, plan_defects
from .legacy import legacy_blocks
from .narrative import NOTICES, explainer_blocks, notice_blocks, report_blocks, signed_before
from .pages import (
    PAGE_TEMPLATES,
    Article,
    ListingEntry,
    article_page,
    listing_pages,
    render_blocks,
    site_index,
)
from .printing import cell_text, draw_style
from .roster import Agency, agencies, write_roster, write_roster_paths
from .tables import Skin, render_t2, render_t3, render_t4
from .values import YEARS, Values, agency_values

__all__ = ["generate_portal", "write_roster"]

PORTAL_NAME = "青川市政务公开示范平台"
_CN_DIGITS = "〇一二三四五六七八九"
_CMS_B_MIGRATION = date(2021, 6, 1)
_SITE_CSS = "body{font-family:sans-serif;margin:0 auto;max-width:1200px}table{border-collapse:collapse}\n"


@dataclass(slots=True)
class Entry:
    """One article of an agency's 年报 column: a report (in or out of scope) or an unrelated notice."""

    agency: Agency
    title: str
    published_on: date
    blocks_key: str  # report | legacy | notice | explainer
    year: int | None = None
    template: str | None = None
    other_shape: str | None = None
    facts: Values = field(default_factory=dict)
    defect: str | None = None
    path: str = ""
    article_id: int = 0

    @property
    def is_report(self) -> bool:
        return self.blocks_key in ("report", "legacy")


def generate_portal(out_dir: Path, seed: int = 2025) -> Path:
    """Write the site, ``roster_paths.csv`` and ``truth.json`` under ``out_dir``; return ``out_dir``."""
    out_dir = Path(out_dir)
    site = out_dir / "site"
    if site.exists():
        shutil.rmtree(site)  # a rerun must not keep pages of another seed
    site.mkdir(parents=True)
    roster = agencies()
    plan = plan_defects(roster, random.Random(f"{seed}:plan"))
    templates = _page_templates(roster, seed)
    entries: list[Entry] = []
    findings: list[Finding] = []
    for agency in roster:
        agency_entries, agency_findings = _agency_entries(agency, plan, seed)
        entries += agency_entries
        findings += agency_findings
    _assign_paths(entries, roster, templates)
    _write_site(site, _render_site(entries, roster, templates, seed))
    write_roster_paths(out_dir, roster)
    truth = _truth(seed, roster, entries, findings, templates)
    (out_dir / "truth.json").write_text(
        json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    return out_dir


def _write_site(site: Path, files: dict[str, bytes]) -> None:
    targets = {site / path.lstrip("/"): data for path, data in sorted(files.items())}
    # One mkdir per folder: creating folders dominates the run time on slow file systems.
    for folder in sorted({target.parent for target in targets}):
        folder.mkdir(parents=True, exist_ok=True)
    for target, data in targets.items():
        target.write_bytes(data)


def _page_templates(roster: list[Agency], seed: int) -> dict[str, str]:
    """Each agency's site runs one CMS; the three are spread evenly over the roster."""
    order = [a.agency_id for a in roster]
    random.Random(f"{seed}:cms").shuffle(order)
    return {aid: PAGE_TEMPLATES[i % len(PAGE_TEMPLATES)] for i, aid in enumerate(order)}


def _encoding(template: str, published_on: date) -> str:
    """cms_c is an old GB2312 platform; cms_b moved to UTF-8 in mid-2021, its older pages stayed GBK."""
    if template == "cms_c" or (template == "cms_b" and published_on < _CMS_B_MIGRATION):
        return "gbk"
    return "utf-8"


# ---- content of one agency -------------------------------------------------------------------------


def _agency_entries(agency: Agency, plan: DefectPlan, seed: int) -> tuple[list[Entry], list[Finding]]:
    rng = random.Random(f"{seed}:{agency.agency_id}")
    bumps = plan.carry_in_bumps(agency.agency_id, rng)
    series = agency_values(agency, rng, bumps)
    entries: list[Entry] = []
    findings: list[Finding] = []
    for year in YEARS:
        kind = plan.kind(agency.agency_id, year)
        if kind == "missing_report":
            findings.append(Finding(kind, agency.agency_id, year, None, "seeded: no report for this year"))
            continue
        entry, entry_findings = _report_entry(agency, year, series[year], plan, rng)
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
    return entries, findings


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


# ---- paths and pages -------------------------------------------------------------------------------


def _assign_paths(entries: list[Entry], roster: list[Agency], templates: dict[str, str]) -> None:
    """Article ids grow with publication date across the site, as in a real CMS."""
    position = {a.agency_id: i for i, a in enumerate(roster)}
    entries.sort(key=lambda e: (e.published_on, position[e.agency.agency_id], e.title))
    for i, entry in enumerate(entries):
        entry.article_id = 10000 + 3 * i
        entry.path = _article_path(
            templates[entry.agency.agency_id], entry, 2000 + 7 * position[entry.agency.agency_id]
        )


def _article_path(template: str, entry: Entry, column_id: int) -> str:
    d, aid, n = entry.published_on, entry.agency.agency_id, entry.article_id
    if template == "cms_a":
        return f"/{aid}/art/{d.year}/{d.month}/{d.day}/art_{column_id}_{n}.html"
    if template == "cms_b":
        return f"/{aid}/xxgk/{d:%Y%m}/t{d:%Y%m%d}_{n}.html"
    return f"/{aid}/zwgk/{d:%Y-%m}/{d:%d}/content_{n}.html"


def _render_site(
    entries: list[Entry], roster: list[Agency], templates: dict[str, str], seed: int
) -> dict[str, bytes]:
    files: dict[str, bytes] = {"/static/site.css": _SITE_CSS.encode()}
    for entry in entries:
        template = templates[entry.agency.agency_id]
        encoding = _encoding(template, entry.published_on)
        rng = random.Random(f"{seed}:{entry.path}")
        article = Article(
            entry.title,
            entry.agency.name,
            entry.published_on,
            entry.agency.listing_path,
            encoding,
            f"QC{entry.article_id:08d}",
        )
        body = render_blocks(template, _blocks(entry, template, rng))
        files[entry.path] = article_page(template, article, body, entry.agency.name).encode(encoding)
    for agency in roster:
        template = templates[agency.agency_id]
        own = sorted(
            (e for e in entries if e.agency is agency),
            key=lambda e: (e.published_on, e.article_id),
            reverse=True,
        )
        listed = [ListingEntry(e.title, e.path, e.published_on) for e in own]
        per_page = random.Random(f"{seed}:{agency.agency_id}:pager").randint(8, 10)
        encoding = "gbk" if template == "cms_c" else "utf-8"
        for path, page in listing_pages(
            template, agency.name, agency.listing_path, listed, per_page, encoding
        ).items():
            files[path] = page.encode(encoding)
    regions: dict[str, list[tuple[str, str]]] = {}
    for agency in roster:
        regions.setdefault(agency.region, []).append((agency.name, agency.listing_path))
    files["/index.html"] = site_index(regions, PORTAL_NAME).encode("utf-8")
    return files


def _blocks(entry: Entry, template: str, rng: random.Random) -> list[tuple[str, str]]:
    skin = Skin(template, rng)
    if entry.blocks_key == "legacy":
        return legacy_blocks(entry.agency.name, skin, rng)
    if entry.blocks_key == "notice":
        return notice_blocks(entry.title, entry.agency.name, entry.published_on, rng)
    if entry.blocks_key == "explainer":
        return explainer_blocks(entry.title.removeprefix("图解："), entry.agency.name)
    style = draw_style(rng, t2_split=template == "cms_b")
    texts = {metric: cell_text(metric, value, style, rng) for metric, value in entry.facts.items()}
    tables = {
        "t2": render_t2(entry.template or "", texts, skin, style),
        "t3": [render_t3(entry.other_shape or "", texts, skin, style)],
        "t4": [render_t4(texts, skin)],
    }
    signed_on = signed_before(entry.published_on, rng)
    return report_blocks(entry.agency.name, entry.year or 0, entry.facts, style, tables, rng, signed_on)


# ---- truth ----------------------------------------------------------------------------------------


def _truth(
    seed: int, roster: list[Agency], entries: list[Entry], findings: list[Finding], templates: dict[str, str]
) -> dict:
    position = {a.agency_id: i for i, a in enumerate(roster)}
    reports = sorted(
        (e for e in entries if e.is_report), key=lambda e: (position[e.agency.agency_id], e.year)
    )
    clean = [e.path for e in reports if e.defect is None]
    flaky_rng = random.Random(f"{seed}:flaky")
    flaky = {path: flaky_rng.choice((1, 2)) for path in sorted(flaky_rng.sample(clean, 3))}
    findings = sorted(findings, key=lambda f: (position[f.agency_id], f.year, f.rule_id, f.metric or ""))
    return {
        "seed": seed,
        "years": list(YEARS),
        "agencies": [
            {
                "agency_id": a.agency_id,
                "name": a.name,
                "region": a.region,
                "level": a.level,
                "kind": a.kind,
                "parent_id": a.parent_id,
                "listing_path": a.listing_path,
            }
            for a in roster
        ],
        "reports": [_report_json(e, templates) for e in reports],
        "expected_findings": [f.to_json() for f in findings],
        "flaky": flaky,
    }


def _report_json(entry: Entry, templates: dict[str, str]) -> dict:
    template = templates[entry.agency.agency_id]
    in_scope = entry.blocks_key == "report"
    return {
        "agency_id": entry.agency.agency_id,
        "year": entry.year,
        "path": entry.path,
        "title": entry.title,
        "published_on": entry.published_on.isoformat(),
        "template": entry.template,
        "other_shape": entry.other_shape,
        "encoding": _encoding(template, entry.published_on),
        "page_template": template,
        "status": "ok" if in_scope else "out_of_scope",
        "defect": entry.defect,
        "facts": {m: _plain(v) for m, v in entry.facts.items()},
    }


def _plain(value: int | float | None) -> int | float | None:
    """JSON ints where integral: 37.0 prints as 37 in the table, so it is 37 in truth."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
