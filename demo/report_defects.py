"""Seeded defects about a publication and its text (compliance checks), planned after the value defects.

Each kind goes to two different agencies at years whose neighbours (Y−1, Y+1) carry no other defect,
so every defect changes exactly what its findings name: a repeated narrative is compared with a clean
previous report, a stock jump is not next to a year printed in another format, a scanned (unreadable)
report never sits beside a cross-year defect.

- ``republished``: published twice (an original, then a 更正版/修订版 replacing it); the later stands;
- ``sections_missing``: no 五 (instance 0) or no 六 (instance 1) heading and text;
- ``statistical_period``: the intro states last year's period (0) or 1 January – 30 November (1);
- ``stock_continuity``: 现行有效件数 of 行政规范性文件 jumps from Y on (2022+), so Y's stock ≠ last stock +
  issued − repealed while every later year continues from the jumped stock;
- ``narrative_mismatch``: （二）依申请公开 states 新收 (0) or 行政复议 (1) different from the table;
- ``narrative_repeated``: sections 一 and 五 copy last year's (new year and numbers only);
- ``source_disagreement``: the page's HTML tables and its PDF attachment differ in one cell.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from .defects import PER_KIND, DefectPlan, Finding
from .entry import Entry
from .roster import Agency
from .values import YEARS, Values

PUBLICATION_KINDS = (
    "republished",
    "sections_missing",
    "statistical_period",
    "stock_continuity",
    "narrative_mismatch",
    "narrative_repeated",
    "source_disagreement",
)
_YEARS_FOR = {
    "stock_continuity": tuple(y for y in YEARS if y >= 2022),
    "narrative_repeated": YEARS[1:],
}
MISMATCH_METRICS = ("t3.new_received.total", "t4.review.total")
DISAGREEING_METRICS = ("t2.licensing.decisions", "t2.penalty.decisions")
SCANS = 3


def plan_publication_defects(plan: DefectPlan, roster: list[Agency], rng: random.Random) -> None:
    """Add the publication defects and the scanned reports to ``plan``."""
    for kind in PUBLICATION_KINDS:
        used: set[str] = set()
        years: set[int] = set()
        for instance in range(PER_KIND):
            aid, year = _free_slot(plan, roster, _YEARS_FOR.get(kind, YEARS), used, years, rng)
            plan.at[aid, year] = (kind, instance)
            used.add(aid)
            years.add(year)
    used, years = set(), set()
    for _ in range(SCANS):
        aid, year = _free_slot(plan, roster, YEARS, used, years, rng)
        plan.scans.add((aid, year))
        used.add(aid)
        years.add(year)


def _free_slot(
    plan: DefectPlan,
    roster: list[Agency],
    years: tuple[int, ...],
    used: set[str],
    used_years: set[int],
    rng: random.Random,
) -> tuple[str, int]:
    """A slot with no defect or scan within a year of it, on the least busy agency, in a fresh year."""
    taken = set(plan.at) | plan.scans
    busy = {a.agency_id: sum(aid == a.agency_id for aid, _ in taken) for a in roster}
    candidates = [
        (busy[a.agency_id], y in used_years, rng.random(), a.agency_id, y)
        for a in roster
        for y in years
        if a.agency_id not in used and not any((a.agency_id, y + d) in taken for d in (-1, 0, 1))
    ]
    *_, aid, year = min(candidates)
    return aid, year


def stock_jumps(agency_id: str, series: dict[int, Values], plan: DefectPlan, seed: int) -> list[Finding]:
    """``stock_continuity``: the 行政规范性文件 stock jumps by d from Y on (every later year continues)."""
    findings = []
    for (aid, year), (kind, _) in sorted(plan.at.items()):
        if aid != agency_id or kind != "stock_continuity":
            continue
        d = random.Random(f"{seed}:{aid}:{year}:stock").randint(3, 12)
        for later in YEARS:
            if later >= year:
                series[later]["t2.normative_docs.in_force"] += d
        why = f"seeded: 现行有效件数 is {d} more than last year's + 本年制发 − 本年废止"
        findings.append(Finding(kind, aid, year, "t2.normative_docs.in_force", why))
    return findings


def apply_publication_defect(
    entry: Entry, plan: DefectPlan, seed: int, originals: list[Entry]
) -> list[Finding]:
    """Apply a publication defect planned at the entry's year; its findings."""
    aid, year = entry.agency.agency_id, entry.year or 0
    kind = plan.kind(aid, year)
    if kind not in PUBLICATION_KINDS or kind == "stock_continuity":  # the stock jumps in the values
        return []
    instance = plan.instance(aid, year)
    rng = random.Random(f"{seed}:{aid}:{year}:{kind}")
    metric: str | None = None
    if kind == "sections_missing":
        entry.omit = "五六"[instance]
        why = f"seeded: section {entry.omit} is missing (heading and text)"
    elif kind == "statistical_period":
        why = "seeded: the intro states a statistical period other than 1 January – 31 December"
    elif kind == "narrative_mismatch":
        metric = MISMATCH_METRICS[instance]
        why = f"seeded: （二）依申请公开 states {entry.stated} where the table's {metric} is {entry.facts[metric]}"
    elif kind == "narrative_repeated":
        why = "seeded: sections 一 and 五 copy last year's report (new year and numbers only)"
    elif kind == "source_disagreement":
        metric = DISAGREEING_METRICS[instance]
        value = int(entry.facts[metric] or 0)
        other = value + rng.randint(1, 40)
        entry.attachment_facts = {**entry.facts, metric: other}
        why = f"seeded: the PDF attachment prints {other} where the page prints {value}"
    else:
        original = republish(entry, instance, rng)
        originals.append(original)
        why = f"seeded: first published {original.published_on.isoformat()}, replaced on {entry.published_on.isoformat()}"
    return [Finding(kind, aid, year, metric, why)]


def republish(entry: Entry, instance: int, rng: random.Random) -> Entry:
    """Turn ``entry`` into the 更正版/修订版 of an original published a few days earlier; return the original."""
    deadline = date(entry.year + 1, 3 if entry.agency.is_government else 1, 31)  # type: ignore[operator]
    first = min(entry.published_on, deadline - timedelta(days=rng.randint(6, 12)))
    second = first + timedelta(days=rng.randint(2, (deadline - first).days))
    original = replace(entry, published_on=first, superseded=True, facts=dict(entry.facts))
    when = f"{first.year}年{first.month}月{first.day}日"
    if instance == 0:
        metric = "t2.licensing.decisions"
        original.facts[metric] = int(entry.facts[metric] or 0) + rng.randint(10, 90)
        entry.title += "（更正版）"
        entry.note = f"更正说明：{when}发布的本报告中，第二十条第（五）项“行政许可”本年处理决定数量有误，现予更正，原报告同时废止。"
    else:
        entry.title += "（修订版）"
        entry.note = f"修订说明：本报告对{when}发布版本中的部分文字表述进行了修订，原报告同时废止。"
    entry.published_on = second
    entry.replaces = original
    return original


def wrong_period(year: int, instance: int) -> str:
    if instance == 0:  # last year's sentence left in place
        return f"本年度报告中所列数据统计期限从{year - 1}年1月1日到{year - 1}年12月31日止。"
    return f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年11月30日止。"
