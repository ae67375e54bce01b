"""Seeded defects: where they go, how they change a report, and the findings they must produce.

Each defect kind is seeded on two different agencies, one defect per agency, so no two defects
interact (a missing report never sits before a carry-over defect, a balance defect never touches
四 and so never breaks next year's carry-over). Every change is chosen so that it breaks exactly
the identities listed in its findings and nothing else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from nianbao.core.catalog import T3_PART_COLUMNS, T3_RESULT_ROWS_COMMON, T4_GROUPS

from .roster import Agency
from .values import YEARS, Values

# Defects that change printed values, in the order they are planned.
VALUE_DEFECTS = (
    "t3_balance",
    "t3_row_sum",
    "t3_column_sum",
    "t4_group_total",
    "count_not_natural",
    "blank_cells",
)
# Defects about the report as a whole (its presence, date, format or layout).
REPORT_DEFECTS = ("late_publication", "missing_report", "format_version", "t3_other_single_row", "carry_over")
KINDS = VALUE_DEFECTS + REPORT_DEFECTS + ("pre_2019",)
PER_KIND = 2

# Years a defect may sit in: a carry-over needs a year before it; a missing report is an inner year
# (the listing shows a gap); a single （六） row is only a defect in the 2021 format.
_YEARS_FOR = {
    "carry_over": YEARS[1:],
    "missing_report": YEARS[1:-1],
    "t3_other_single_row": tuple(y for y in YEARS if y >= 2021),
}


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    agency_id: str
    year: int
    metric: str | None
    why: str

    def to_json(self) -> dict:
        return {
            "rule_id": self.rule_id,
            "agency_id": self.agency_id,
            "year": self.year,
            "metric": self.metric,
            "why": self.why,
        }


@dataclass(slots=True)
class DefectPlan:
    """Which defect sits at which (agency, year); ``instance`` tells the two seeds of a kind apart.

    ``report_defects.plan_publication_defects`` adds the publication defects and the scans later.
    """

    at: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)
    scans: set[tuple[str, int]] = field(default_factory=set)  # clean reports published as scanned PDFs

    def kind(self, agency_id: str, year: int) -> str | None:
        entry = self.at.get((agency_id, year))
        return entry[0] if entry else None

    def instance(self, agency_id: str, year: int) -> int:
        return self.at[agency_id, year][1]

    def carry_in_bumps(self, agency_id: str, rng: random.Random) -> dict[int, tuple[str, int]]:
        """The carry-over defects of one agency, as the value generator wants them."""
        return {
            year: (rng.choice(("natural_person", "commercial")), rng.randint(1, 4))
            for (aid, year), (kind, _) in sorted(self.at.items())
            if aid == agency_id and kind == "carry_over"
        }


def plan_defects(roster: list[Agency], rng: random.Random) -> DefectPlan:
    """Give each seeded defect its own agency; the 2018 reports go to agencies left clean."""
    order = list(roster)
    rng.shuffle(order)
    plan = DefectPlan()
    year_kinds = [k for k in KINDS if k != "pre_2019"]
    slots = iter(order)
    for kind in year_kinds:
        for instance in range(PER_KIND):
            agency = next(slots)
            plan.at[agency.agency_id, _defect_year(kind, instance, rng)] = (kind, instance)
    for instance in range(PER_KIND):
        plan.at[next(slots).agency_id, 2018] = ("pre_2019", instance)
    return plan


def _defect_year(kind: str, instance: int, rng: random.Random) -> int:
    if kind == "format_version":  # one early year printed in 2021 form, one late year in 2019 form
        return rng.choice((2019, 2020) if instance == 0 else (2021, 2022, 2023, 2024))
    year = rng.choice(_YEARS_FOR.get(kind, YEARS))  # drawn even when overridden: later draws stay put
    if kind == "late_publication" and instance == 0:
        return YEARS[-1]  # the latest year always has a late report, as a supervisor's first question
    return year


def apply_value_defect(
    kind: str, instance: int, facts: Values, rng: random.Random
) -> list[tuple[str | None, str]]:
    """Change ``facts`` (the printed values of one report) in place.

    Returns (metric, why) of each finding the change must produce.
    """
    return _VALUE_APPLIERS[kind](facts, rng, instance)


def _balance(facts: Values, rng: random.Random, _instance: int) -> list[tuple[str, str]]:
    # More 一、本年新收 in 自然人 and 总计: row sums hold, the balance of those two columns breaks.
    d = rng.randint(1, 5)
    for col in ("natural_person", "total"):
        facts[f"t3.new_received.{col}"] += d
    why = f"seeded: 一、本年新收 +{d} in 自然人 and 总计, 四 unchanged"
    return [(f"t3.carried_out.{col}", why) for col in ("natural_person", "total")]


def _row_sum(facts: Values, rng: random.Random, _instance: int) -> list[tuple[str, str]]:
    # Move d between two result rows within one column: that column's sum and every balance hold,
    # the 总计 of both rows no longer equals their parts.
    col, source = _nonzero_result_cell(facts, rng)
    target = rng.choice([r for r in T3_RESULT_ROWS_COMMON if r != source])
    d = rng.randint(1, int(facts[f"t3.{source}.{col}"]))
    facts[f"t3.{source}.{col}"] -= d
    facts[f"t3.{target}.{col}"] += d
    why = f"seeded: {d} moved from {source} to {target} in column {col}, row totals unchanged"
    return [(f"t3.{row}.total", why) for row in sorted((source, target))]


def _column_sum(facts: Values, rng: random.Random, _instance: int) -> list[tuple[str, str]]:
    # Move d between two columns of one result row: its row sum holds, the two columns' sums break.
    source_col, row = _nonzero_result_cell(facts, rng)
    target_col = rng.choice([c for c in T3_PART_COLUMNS if c != source_col])
    d = rng.randint(1, int(facts[f"t3.{row}.{source_col}"]))
    facts[f"t3.{row}.{source_col}"] -= d
    facts[f"t3.{row}.{target_col}"] += d
    why = f"seeded: {d} moved from {source_col} to {target_col} in row {row}, （七）总计 unchanged"
    return [(f"t3.total_handled.{col}", why) for col in (source_col, target_col)]


def _nonzero_result_cell(facts: Values, rng: random.Random) -> tuple[str, str]:
    """A (column, row) of 三、办理结果 holding at least 1, so d can be taken from it."""
    cells = [(c, r) for r in T3_RESULT_ROWS_COMMON for c in T3_PART_COLUMNS if facts[f"t3.{r}.{c}"] > 0]
    if not cells:
        raise ValueError("report has no handled application to move")
    return rng.choice(cells)


def _group_total(facts: Values, rng: random.Random, instance: int) -> list[tuple[str, str]]:
    # The real case: 总计 printed 0 beside non-zero parts.
    group = T4_GROUPS[instance % 2]
    facts[f"t4.{group}.upheld"] += rng.randint(1, 3)
    facts[f"t4.{group}.total"] = 0
    return [(f"t4.{group}.total", "seeded: 总计 printed 0 beside non-zero parts")]


def _not_natural(facts: Values, rng: random.Random, instance: int) -> list[tuple[str, str]]:
    # Table-2 decision counts are in no identity, so only the count rule fires.
    if instance == 0:
        metric, value = "t2.penalty.decisions", -rng.randint(1, 5)
    else:
        metric, value = "t2.coercion.decisions", rng.randint(1, 9) + 0.5
    facts[metric] = value
    return [(metric, f"seeded: count printed as {value}")]


def _blanks(facts: Values, rng: random.Random, _instance: int) -> list[tuple[str, str]]:
    # Only zero cells of 办理结果 rows go blank, so every sum reads the same with blank as 0 and
    # carry-over (二, 四) is untouched.
    zeros = [
        f"t3.{row}.{col}"
        for row in T3_RESULT_ROWS_COMMON
        for col in T3_PART_COLUMNS + ("total",)
        if facts[f"t3.{row}.{col}"] == 0
    ]
    if len(zeros) < 3:
        raise ValueError("report has too few zero cells to print blank")
    chosen = sorted(rng.sample(zeros, min(len(zeros), rng.randint(3, 8))))
    for metric in chosen:
        facts[metric] = None
    return [(None, f"seeded: {len(chosen)} zero cells printed blank ({', '.join(chosen)})")]


_VALUE_APPLIERS = {
    "t3_balance": _balance,
    "t3_row_sum": _row_sum,
    "t3_column_sum": _column_sum,
    "t4_group_total": _group_total,
    "count_not_natural": _not_natural,
    "blank_cells": _blanks,
}
