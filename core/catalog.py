"""The template catalog: every numeric cell of the 2019 and 2021 formats, from ``metrics.csv``.

``metrics.csv`` is package data kept in sync with ``shared/spec/metrics.csv``; a test checks that.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

TEMPLATES = ("2019", "2021")

# Table 3 columns in printed order: 自然人 | 法人或其他组织 ×5 | 总计.
T3_COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
T3_PART_COLUMNS = T3_COLUMNS[:-1]

# Table 3 rows of 三、本年度办理结果 that add up to （七）总计, per format shape of （六）.
T3_RESULT_ROWS_COMMON = (
    "granted",
    "partially_granted",
    "withheld.state_secret",
    "withheld.law_prohibited",
    "withheld.security_stability",
    "withheld.third_party",
    "withheld.internal_affairs",
    "withheld.process_info",
    "withheld.enforcement_file",
    "withheld.query_matter",
    "unable.not_held",
    "unable.needs_creation",
    "unable.unclear",
    "rejected.petition",
    "rejected.duplicate",
    "rejected.publication",
    "rejected.vexatious",
    "rejected.confirmation",
)
T3_OTHER_SINGLE = ("other.unitemised",)
T3_OTHER_SPLIT = ("other.no_correction", "other.no_fee", "other.misc")
T3_ROWS = (
    ("new_received", "carried_in")
    + T3_RESULT_ROWS_COMMON
    + T3_OTHER_SINGLE
    + T3_OTHER_SPLIT
    + ("total_handled", "carried_out")
)

T4_GROUPS = ("review", "suit_direct", "suit_after_review")
T4_OUTCOMES = ("upheld", "corrected", "other", "pending", "total")


@dataclass(frozen=True, slots=True)
class Metric:
    metric: str
    table: str  # t2 | t3 | t4
    templates: str  # 2019 | 2021 | both
    block: str
    row_label: str
    column_label: str
    kind: str  # count | signed_count | money_wan | money_yuan

    def in_template(self, template: str) -> bool:
        return self.templates in ("both", template)


@cache
def metrics() -> dict[str, Metric]:
    """All metrics by code, in the order of ``metrics.csv``."""
    text = resources.files(__package__).joinpath("metrics.csv").read_text(encoding="utf-8")
    return {row["metric"]: Metric(**row) for row in csv.DictReader(text.splitlines())}


def template_metrics(template: str, *, other_shape: str | None = None) -> list[str]:
    """Metric codes a report of ``template`` prints.

    ``other_shape`` overrides the shape of （六）其他处理: ``"single"`` or ``"split"`` (some 2021
    reports still print the single 2019 row).
    """
    shape = other_shape or ("single" if template == "2019" else "split")
    wanted_other = T3_OTHER_SINGLE if shape == "single" else T3_OTHER_SPLIT
    skipped_other = T3_OTHER_SPLIT if shape == "single" else T3_OTHER_SINGLE
    out = []
    for code, m in metrics().items():
        if m.table == "t3":
            row = code[3 : code.rindex(".")]
            if row in skipped_other:
                continue
            if row in wanted_other:
                out.append(code)
                continue
        if m.in_template(template):
            out.append(code)
    return out


def kind_of(metric: str) -> str:
    return metrics()[metric].kind
