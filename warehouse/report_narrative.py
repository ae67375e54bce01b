"""What one report's narrative states, derived from its section rows alone: once, when it is loaded.

A pure function: (report id, year, section rows) in; the report's rows of ``report_format_sections``,
``stated_periods`` and ``narrative_claims`` and the shingle set of its 一 and 五 out. The loader runs
it for every report it writes, the check for the reports whose derivation is missing or was made by
other code (``narrative_version``); ``warehouse.derive`` stores what it returns.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from nianbao.core.headings import section_of_heading
from nianbao.transform.narrative import headings_in_text, narrative_claims, normalize, shingles, stated_period

_NUMERALS = {n: i + 1 for i, n in enumerate("一二三四五六")}
# Documents the narrative rules do not read: out of the 2019 条例's scope, or no report at all.
_NOT_JUDGED = ("out_of_scope", "not_a_report")


@dataclass(frozen=True, slots=True)
class ReportNarrative:
    report_id: str
    sections: list[dict] = field(default_factory=list)  # rows of report_format_sections
    period: dict | None = None  # its row of stated_periods
    claims: list[dict] = field(default_factory=list)  # rows of narrative_claims
    shingles: list[int] = field(default_factory=list)  # digests of the shingles of 一 and 五, sorted


def judged(year: int, parse_status: str) -> bool:
    """Whether the narrative rules read this report's text (others derive nothing)."""
    return year >= 2019 and parse_status not in _NOT_JUDGED


def format_section(numeral: str, heading: str) -> int:
    """The format section (1…6) a printed heading stands for: its words first, else its numeral."""
    return section_of_heading(heading or "") or _NUMERALS.get(numeral or "", 0)


def shingle_digest(shingle: str) -> int:
    """A shingle as a 64-bit number, the same in every process (``hash()`` of a str is not): stored
    sets stay comparable, and two shingles share a digest about once in 10^19 pairs."""
    return int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little")


def derive_report(
    report_id: str, year: int, sections: Iterable[tuple[int, str | None, str | None, str | None]]
) -> ReportNarrative:
    """The narrative rows of one report from its sections (ordinal, numeral, heading, body), in order."""
    found, bodies, opening = [], [], []  # format sections found; (section, normalized body); 一 and before
    for ordinal, numeral, heading, body in sections:
        section = format_section(numeral, heading) if numeral else 0
        flat = normalize(body or "")  # once per section: the readers below find it normalized
        here = [(section, "heading")] if 1 <= section <= 6 else []
        here += [(s, "text") for s in headings_in_text(flat) if s != section]
        found += [
            {"report_id": report_id, "ordinal": ordinal, "section": s, "found_by": how} for s, how in here
        ]
        bodies.append((section, flat))
        if section in (0, 1):
            opening.append(flat)
    stated = stated_period("。".join(opening), year) if opening else None
    period = stated and {"report_id": report_id, "period_start": stated.start, "period_end": stated.end,
                         "quote": stated.quote}  # fmt: skip
    claims = [
        {"report_id": report_id, "ordinal": i, "claim": c.kind, "metric": c.metric, "cells": list(c.cells),
         "label": c.label, "value": c.value, "quote": c.quote}
        for i, c in enumerate(narrative_claims("。".join(body for _, body in bodies), year))
    ] if bodies else []  # fmt: skip
    repeated = shingles("".join(body for section, body in bodies if section in (1, 5)))
    return ReportNarrative(report_id, found, period, claims, sorted(map(shingle_digest, repeated)))


@cache
def narrative_version() -> str:
    """A digest of the source of this module and of every nianbao module it imports, transitively: the
    code a report's narrative rows depend on. A change to any of them derives every report again."""
    digest = hashlib.sha256()
    for name in sorted(derived_from(__name__)):
        digest.update(f"{name}\0".encode())
        digest.update(_source(name).read_bytes())
    return digest.hexdigest()[:16]


def derived_from(module: str) -> set[str]:
    """``module`` and the nianbao modules it imports (``from nianbao.x import y``), transitively."""
    seen: set[str] = set()
    todo = [module]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse(_source(name).read_bytes())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module or "").startswith("nianbao.")
            ):
                # ``from nianbao.core import headings`` names a module; ``from nianbao.core.headings import x`` a name
                subs = [
                    f"{node.module}.{a.name}" for a in node.names if _is_module(f"{node.module}.{a.name}")
                ]
                todo += subs or [node.module]
            elif isinstance(node, ast.Import):
                todo += [a.name for a in node.names if a.name.startswith("nianbao.")]
    return seen


def _is_module(name: str) -> bool:
    try:
        return find_spec(name) is not None
    except ModuleNotFoundError:  # a name inside a module (its parent has no __path__)
        return False


def _source(module: str) -> Path:
    return Path(find_spec(module).origin)
