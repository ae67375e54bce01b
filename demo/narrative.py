"""The words of a report: intro, sections 一 and 五 drawn from ``phrases``, and the report's block list.

A ``NarrativePlan`` is what an editor chose this year: which sentences, which topics, which minor
numbers. A clean report never reuses a sentence its agency used the year before (real editors rewrite;
the assessment rules penalise more than 50% repeated text), so two consecutive clean reports share
little but the official vocabulary. A ``narrative_repeated`` report reuses last year's plan: the
same text with the new year and this year's table numbers.

Numbers the narrative states about the tables (claims) are read from the printed facts, so narrative
and tables agree — unless a ``narrative_mismatch`` defect overrides one claim.

Blocks — ("h", heading), ("h2", sub-heading), ("p", paragraph), ("table", ``Table`` or html),
("sign", right-aligned line) — are dressed by each renderer (HTML page, PDF, DOCX, text page).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import phrases as ph
from .printing import PrintStyle
from .roster import Agency
from .values import Values

Block = tuple[str, Any]

# Claim placeholder -> the table cells it states (summed).
CLAIMS = {
    "new": ("t3.new_received.total",),
    "cin": ("t3.carried_in.total",),
    "cout": ("t3.carried_out.total",),
    "granted": ("t3.granted.total",),
    "partial": ("t3.partially_granted.total",),
    "rev": ("t4.review.total",),
    "suit": ("t4.suit_direct.total", "t4.suit_after_review.total"),
}
CLAIM_OF_METRIC = {metrics[0]: claim for claim, metrics in CLAIMS.items() if len(metrics) == 1}
SECTION_HEADS = ("一", "二", "三", "四", "五", "六")


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


_REQUEST_CLAIMS = [_placeholders(t) & set(CLAIMS) for t in ph.REQUESTS]


@dataclass(frozen=True, slots=True)
class NarrativePlan:
    intro: tuple[int, int, int, int]  # basis, scope, period, contact variants
    intro_order: int
    suffix: int  # of the five sub-headings
    subsections: tuple[tuple[int, ...], ...]  # sentence indices per pool of ``SUBSECTION_POOLS``
    problem_lead: int
    problems: tuple[int, ...]
    improvement_lead: int
    improvements: tuple[int, ...]
    enumeration: int
    numbers: tuple[int, int, int, int]  # n, k, k2, m
    topics: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Narrative:
    intro: str
    overview: list[tuple[str, str]]  # sub-heading, paragraph of section 一
    problems: list[str]  # paragraphs of section 五


def _pick(
    rng: random.Random, candidates: list[int], avoid: set[int] | tuple[int, ...], k: int
) -> tuple[int, ...]:
    fresh = [i for i in candidates if i not in avoid]
    return tuple(rng.sample(fresh, min(k, len(fresh))))


def plan_narrative(
    rng: random.Random,
    previous: NarrativePlan | None,
    available: set[str],
    must_claim: str | None = None,
) -> NarrativePlan:
    """A fresh plan sharing no sentence with ``previous``; claims only from ``available``."""

    def old(attr: str) -> Any:
        return getattr(previous, attr) if previous else ()

    def one(n: int, last: int | None) -> int:
        return rng.choice([i for i in range(n) if i != last])

    intro = tuple(
        one(len(pool), previous.intro[i] if previous else None)
        for i, pool in enumerate((ph.INTRO_BASIS, ph.INTRO_SCOPE, ph.INTRO_PERIOD, ph.INTRO_CONTACT))
    )
    subsections = []
    for i, pool in enumerate(ph.SUBSECTION_POOLS):
        avoid = previous.subsections[i] if previous else ()
        if pool is ph.REQUESTS:
            subsections.append(_request_picks(rng, available, avoid, must_claim))
        else:
            subsections.append(_pick(rng, list(range(len(pool))), avoid, rng.randint(2, 3)))
    return NarrativePlan(
        intro=intro,  # type: ignore[arg-type]
        intro_order=one(3, previous.intro_order if previous else None),
        suffix=one(len(ph.SUBHEAD_SUFFIXES), previous.suffix if previous else None),
        subsections=tuple(subsections),
        problem_lead=one(len(ph.PROBLEM_LEADS), previous.problem_lead if previous else None),
        problems=_pick(rng, list(range(len(ph.PROBLEMS))), old("problems"), rng.randint(2, 3)),
        improvement_lead=one(len(ph.IMPROVEMENT_LEADS), previous.improvement_lead if previous else None),
        improvements=_pick(rng, list(range(len(ph.IMPROVEMENTS))), old("improvements"), rng.randint(2, 3)),
        enumeration=one(len(ph.ENUMERATIONS), previous.enumeration if previous else None),
        numbers=(rng.randint(80, 4000), rng.randint(2, 60), rng.randint(2, 12), rng.randint(5, 300)),
        topics=_pick(rng, list(range(8)), old("topics"), 2),  # type: ignore[arg-type]
    )


def _request_picks(
    rng: random.Random, available: set[str], avoid: tuple[int, ...], must_claim: str | None
) -> tuple[int, ...]:
    """Sentences of （二）依申请公开: one stating 新收 (or ``must_claim``), one or two more."""
    usable = [i for i, claims in enumerate(_REQUEST_CLAIMS) if claims <= available and i not in avoid]
    lead_claim = must_claim or "new"
    leads = [i for i in usable if lead_claim in _REQUEST_CLAIMS[i]]
    if not leads:  # the only sentence stating this claim was used last year: say it again
        leads = [
            i for i, claims in enumerate(_REQUEST_CLAIMS) if lead_claim in claims and claims <= available
        ]
    first = rng.choice(leads)
    picks, said = [first], set(_REQUEST_CLAIMS[first])
    want = rng.randint(2, 3)
    for i in rng.sample(usable, len(usable)):  # more sentences, none repeating a claim already stated
        if len(picks) < want and i not in picks and not (_REQUEST_CLAIMS[i] & said):
            picks.append(i)
            said |= _REQUEST_CLAIMS[i]
    return tuple(picks)


def claim_values(facts: Values) -> dict[str, int | None]:
    """What each claim placeholder would print: the sum of its cells, None if a cell is absent or blank."""
    out: dict[str, int | None] = {}
    for claim, cells in CLAIMS.items():
        values = [facts.get(m) for m in cells]
        out[claim] = None if any(v is None for v in values) else int(sum(values))  # type: ignore[arg-type]
    return out


def self_name(agency: Agency) -> str:
    """How the report calls its own agency: 我市, 我区, 我局, 我委, 本机关."""
    if agency.is_government:
        return {"city": "我市", "district": "我区", "county": "我县"}[agency.level]
    if agency.name.endswith("局"):
        return "我局"
    return "我委" if agency.name.endswith("委员会") else "本机关"


def write_narrative(
    plan: NarrativePlan,
    agency: Agency,
    year: int,
    claims: dict[str, int | None],
    period: str | None = None,
) -> Narrative:
    """The text of ``plan`` for ``year``; ``period`` replaces the statistical-period sentence."""
    n, k, k2, m = plan.numbers
    topics = ph.TOPICS[agency.sector]
    fill: dict[str, Any] = {
        "a": agency.name,
        "we": self_name(agency),
        "y": year,
        "ny": year + 1,
        "n": n,
        "k": k,
        "k2": k2,
        "m": m,
        "t1": topics[plan.topics[0]],
        "t2": topics[plan.topics[1]],
        "tel": f"0579-8{random.Random(agency.agency_id).randint(1000000, 9999999)}",
        **{c: v for c, v in claims.items() if v is not None},
    }
    parts = [
        pool[i].format(**fill)
        for pool, i in zip(
            (ph.INTRO_BASIS, ph.INTRO_SCOPE, ph.INTRO_PERIOD, ph.INTRO_CONTACT), plan.intro, strict=True
        )
    ]
    if period is not None:
        parts[2] = period
    order = ((0, 1, 2, 3), (0, 2, 1, 3), (2, 0, 1, 3))[plan.intro_order]
    intro = "".join(parts[i] for i in order)
    suffix = ph.SUBHEAD_SUFFIXES[plan.suffix]
    overview = [
        (head + suffix, "".join(pool[i].format(**_counts(fill, p, i)) for i in picks))
        for p, (head, pool, picks) in enumerate(
            zip(ph.SUBHEADS, ph.SUBSECTION_POOLS, plan.subsections, strict=True)
        )
    ]
    marks = ph.ENUMERATIONS[plan.enumeration]
    problems = ph.PROBLEM_LEADS[plan.problem_lead].format(**fill) + _enumerate(
        marks, [ph.PROBLEMS[i] for i in plan.problems]
    )
    improvements = ph.IMPROVEMENT_LEADS[plan.improvement_lead].format(**fill) + _enumerate(
        marks, [ph.IMPROVEMENTS[i].format(**fill) for i in plan.improvements]
    )
    return Narrative(intro, overview, [problems, improvements])


def _counts(fill: dict[str, Any], pool: int, sentence: int) -> dict[str, Any]:
    """Each sentence its own minor counts (derived from the plan's, so a copied plan copies them)."""
    step = (sentence + 1) * (pool + 3)
    return {
        **fill,
        "n": fill["n"] + step * 37 % 500,
        "k": max(2, fill["k"] + step * 7 % 13 - 6),
        "k2": max(1, fill["k2"] + step % 5 - 2),
        "m": max(3, fill["m"] + step * 11 % 41 - 20),
    }


def _enumerate(marks: tuple[str, ...], items: list[str]) -> str:
    return "；".join(mark + item for mark, item in zip(marks, items, strict=False)) + "。"


def report_blocks(
    narrative: Narrative,
    tables: dict[str, list[Any]],
    style: PrintStyle,
    year: int,
    other_matters: str,
    signature: tuple[str, date],
    *,
    omit: str | None = None,
    note: str | None = None,
) -> list[Block]:
    """The full report: (note), intro, sections 一 … 六 (``omit`` one of them) with tables 2–4, signature."""
    blocks: list[Block] = [("p", note)] if note else []
    blocks += [("p", narrative.intro), ("h", "一、总体情况")]
    for head, text in narrative.overview:
        blocks += [("h2", head), ("p", text)]
    blocks.append(("h", "二、主动公开政府信息情况"))
    blocks += [("table", t) for t in tables["t2"]]
    blocks += [("h", "三、收到和处理政府信息公开申请情况"), ("table", tables["t3"][0])]
    blocks += [("h", _heading_four(style)), ("table", tables["t4"][0])]
    if omit != "五":
        blocks += [("h", _heading_five(style))] + [("p", text) for text in narrative.problems]
    if omit != "六":
        blocks += [("h", "六、其他需要报告的事项"), ("p", other_matters)]
    agency, signed_on = signature
    blocks += [("sign", agency), ("sign", f"{signed_on.year}年{signed_on.month}月{signed_on.day}日")]
    return blocks


def _heading_four(style: PrintStyle) -> str:
    if style.typo_label:
        return "四、政府信息公开行政法复议、行政诉讼情况"
    return (
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    )[style.heading_variant % 2]


def _heading_five(style: PrintStyle) -> str:
    return ("五、存在的主要问题及改进情况", "五、政府信息公开工作存在的主要问题及改进情况")[
        style.heading_variant // 2
    ]


def other_matters(year: int, rng: random.Random) -> str:
    """Since 2021 section 六 states the 信息处理费 collected."""
    if year < 2021:
        return rng.choice(("无。", "本年度无其他需要报告的事项。"))
    if rng.random() < 0.7:
        return f"{year}年，本机关未收取政府信息公开信息处理费。"
    cases = rng.randint(1, 3)
    return f"{year}年，本机关依据《政府信息公开信息处理费管理办法》对{cases}件申请收取信息处理费{cases * rng.choice((100, 140, 290, 420))}元。"


@dataclass(frozen=True, slots=True)
class ReportDoc:
    """A whole report as its author wrote it: the title and the blocks, before any renderer dresses them."""

    title: str
    agency: str
    blocks: list[Block]
