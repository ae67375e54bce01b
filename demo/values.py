"""Internally consistent table values of one agency for every report year.

Values are generated for both formats at once (a latent series per agency), so a year printed in the
other format (a seeded ``format_version`` defect) still continues its neighbours: the 2021 stock
现行有效件数 and the 2019 item counts are chains over all years, and table 3 carries 四、结转下年度
of Y into 二、上年结转 of Y+1. Every identity of FORMAT.md holds by construction.
"""

from __future__ import annotations

import random
from collections import Counter

from nianbao.core.catalog import (
    T3_OTHER_SINGLE,
    T3_OTHER_SPLIT,
    T3_PART_COLUMNS,
    T3_RESULT_ROWS_COMMON,
    T4_GROUPS,
)

from .roster import Agency

YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
Values = dict[str, int | float]

# How likely an application lands in each 办理结果 row (the split shape of （六）; single = their sum).
_RESULT_WEIGHTS = dict(
    zip(
        T3_RESULT_ROWS_COMMON + T3_OTHER_SPLIT,
        (30, 6, 0.3, 1, 0.5, 2, 2, 2, 1, 2, 22, 4, 2, 6, 3, 0.5, 1, 1, 4, 0.3, 6),
        strict=True,
    )
)
# Applicants are mostly natural persons; firms file about land, housing and markets.
_APPLICANT_WEIGHTS = {"default": (90, 6, 0.3, 0.7, 2, 1), "business": (72, 22, 0.5, 0.5, 3, 2)}
_BUSINESS_SECTORS = {"land", "housing", "market"}

# Yearly table-2 magnitudes per sector: (licensing, penalty, coercion) decision ranges.
_DECISIONS = {
    "government": ((0, 40), (0, 0), (0, 0)),
    "education": ((20, 400), (0, 8), (0, 0)),
    "police": ((800, 9000), (1000, 8000), (100, 1500)),
    "land": ((200, 2000), (20, 200), (0, 30)),
    "environment": ((100, 900), (50, 500), (5, 60)),
    "housing": ((500, 5000), (20, 300), (0, 40)),
    "transport": ((1000, 20000), (300, 3000), (10, 300)),
    "health": ((500, 5000), (50, 600), (0, 30)),
    "market": ((2000, 30000), (200, 3000), (10, 200)),
    "civil": ((50, 500), (0, 5), (0, 0)),
    "labour": ((100, 3000), (10, 100), (0, 5)),
    "agriculture": ((50, 800), (10, 200), (0, 20)),
    "finance": ((0, 20), (0, 5), (0, 0)),
    "emergency": ((20, 300), (20, 200), (0, 20)),
}
# Fees collected (万元) per sector; 0 for sectors that charge nothing.
_FEES_WAN = {"police": (50, 800), "land": (1000, 60000), "housing": (100, 5000), "transport": (50, 2000)}
_FEES_WAN.update({"market": (5, 200), "health": (10, 500), "civil": (0, 20), "agriculture": (0, 30)})


def agency_values(
    agency: Agency, rng: random.Random, carry_in_bumps: dict[int, tuple[str, int]]
) -> dict[int, Values]:
    """Values of every metric (both formats, both （六） shapes) for each year of ``YEARS``.

    ``carry_in_bumps`` maps a year to (column, d): that year's 二、上年结转 is d more than last
    year's 四 in that column and in 总计 (the seeded ``carry_over`` defect); the year is then built
    from the bumped 二, so its own balance and every later carry-over still hold.
    """
    size = _application_size(agency, rng)
    weights = _APPLICANT_WEIGHTS["business" if agency.sector in _BUSINESS_SECTORS else "default"]
    carried_in = dict.fromkeys(T3_PART_COLUMNS, 0)
    for col in T3_PART_COLUMNS:  # the first year's 二 is random: last year's backlog
        carried_in[col] = _binomial(rng, round(size * weights[T3_PART_COLUMNS.index(col)] / 100), 0.04)
    t2_chains = _T2Chains(agency, rng)
    out: dict[int, Values] = {}
    for year in YEARS:
        if year in carry_in_bumps:
            col, d = carry_in_bumps[year]
            carried_in[col] += d
        new_total = max(3, round(size * rng.uniform(0.7, 1.4)))
        values = _t3_year(rng, new_total, weights, carried_in)
        values.update(_t4_year(rng, agency))
        values.update(t2_chains.year(rng))
        out[year] = values
        carried_in = {col: int(values[f"t3.carried_out.{col}"]) for col in T3_PART_COLUMNS}
    return out


def _application_size(agency: Agency, rng: random.Random) -> float:
    """Typical yearly new applications: governments more, land/housing/police busy, others a few."""
    if agency.is_government:
        return rng.uniform(250, 600) if agency.level == "city" else rng.uniform(50, 180)
    if agency.sector in ("land", "housing", "police"):
        return rng.uniform(40, 260)
    return rng.uniform(3, 45)


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(rng.random() < p for _ in range(n))


def _t3_year(rng: random.Random, new_total: int, weights: tuple, carried_in: dict[str, int]) -> Values:
    new = Counter(rng.choices(T3_PART_COLUMNS, weights=weights, k=new_total))
    rows = T3_RESULT_ROWS_COMMON + T3_OTHER_SPLIT
    cells: dict[tuple[str, str], int] = {}
    backlog_share = rng.uniform(0.0, 0.08)
    for col in T3_PART_COLUMNS:
        available = new[col] + carried_in[col]
        carried_out = _binomial(rng, available, backlog_share)
        handled = Counter(
            rng.choices(rows, weights=[_RESULT_WEIGHTS[r] for r in rows], k=available - carried_out)
        )
        cells["new_received", col] = new[col]
        cells["carried_in", col] = carried_in[col]
        cells["carried_out", col] = carried_out
        cells["total_handled", col] = available - carried_out
        for row in rows:
            cells[row, col] = handled[row]
        cells[T3_OTHER_SINGLE[0], col] = sum(handled[r] for r in T3_OTHER_SPLIT)
    values: Values = {f"t3.{row}.{col}": n for (row, col), n in cells.items()}
    for row in {row for row, _ in cells}:
        values[f"t3.{row}.total"] = sum(cells[row, col] for col in T3_PART_COLUMNS)
    return values


def _t4_year(rng: random.Random, agency: Agency) -> Values:
    """Reviews and lawsuits: rare for departments, a handful for governments."""
    scale = 12 if agency.is_government else 3
    values: Values = {}
    for group, share in zip(T4_GROUPS, (1.0, 0.5, 0.3), strict=True):
        n = rng.randint(0, round(scale * share)) if rng.random() < 0.6 else 0
        parts = Counter(
            rng.choices(("upheld", "corrected", "other", "pending"), weights=(55, 10, 20, 15), k=n)
        )
        for outcome in ("upheld", "corrected", "other", "pending"):
            values[f"t4.{group}.{outcome}"] = parts[outcome]
        values[f"t4.{group}.total"] = n
    return values


class _T2Chains:
    """Table 2 series of one agency: stocks and item counts continue from year to year."""

    def __init__(self, agency: Agency, rng: random.Random) -> None:
        self.agency = agency
        city_gov = agency.is_government and agency.level == "city"
        self.makes_regulations = city_gov  # only a city government may issue 规章 here
        self.in_force = {
            "regulations": rng.randint(40, 90) if city_gov else 0,
            "normative_docs": rng.randint(80, 300) if agency.is_government else rng.randint(5, 60),
        }
        # 对外公开总数量 counts every document ever published, repealed ones too.
        self.published = {
            kind: stock + rng.randint(0, 40) if stock else 0 for kind, stock in self.in_force.items()
        }
        self.items = {
            kind: rng.randint(*span)
            for kind, span in (
                ("licensing", (5, 120)),
                ("other_services", (0, 40)),
                ("penalty", (20, 900)),
                ("coercion", (0, 60)),
                ("fees", (0, 15)),
            )
        }
        # A government's own office neither penalises nor coerces: those series stay at 0.
        self.frozen = {"penalty", "coercion"} if agency.is_government else set()
        for kind in self.frozen:
            self.items[kind] = 0

    def year(self, rng: random.Random) -> Values:
        values: Values = {}
        for kind in ("regulations", "normative_docs"):
            values.update(self._documents(rng, kind))
        decisions = dict(
            zip(("licensing", "penalty", "coercion"), _DECISIONS[self.agency.sector], strict=True)
        )
        for kind, span in decisions.items():
            values[f"t2.{kind}.decisions"] = rng.randint(*span)
        values["t2.other_services.decisions"] = rng.randint(0, 300)
        low, high = _FEES_WAN.get(self.agency.sector, (0, 0))
        values["t2.fees.amount"] = round(rng.uniform(low, high), rng.choice((2, 4))) if high else 0
        for kind, items in self.items.items():
            change = 0 if kind in self.frozen else rng.randint(-min(items, 5), 5)
            values[f"t2.{kind}.prior_items"] = items
            values[f"t2.{kind}.change"] = change
            self.items[kind] = items + change
        values["t2.procurement.items"] = rng.randint(0, 30)
        values["t2.procurement.amount"] = rng.randint(2, 5000) * 1000 if values["t2.procurement.items"] else 0
        return values

    def _documents(self, rng: random.Random, kind: str) -> Values:
        """2021: 制发/废止/现行有效 (a stock); 2019: 新制作/新公开/对外公开总数 (a running total)."""
        if kind == "regulations" and not self.makes_regulations:
            issued = repealed = 0
        elif kind == "regulations":
            issued, repealed = rng.randint(0, 4), rng.randint(0, 2)
        else:
            top = 30 if self.agency.is_government else 8
            issued, repealed = rng.randint(0, top), rng.randint(0, top // 2)
        repealed = min(repealed, self.in_force[kind] + issued)
        self.in_force[kind] += issued - repealed
        self.published[kind] += issued
        return {
            f"t2.{kind}.issued": issued,
            f"t2.{kind}.repealed": repealed,
            f"t2.{kind}.in_force": self.in_force[kind],
            f"t2.{kind}.new_made": issued,
            f"t2.{kind}.new_published": issued,
            f"t2.{kind}.total_published": self.published[kind],
        }
