"""Table values of two real published reports, as metric codes, for rule tests.

Numbers only (our own transcription): 宿迁市人民政府 2023 (2021 format, consistent) and
上海市人民政府办公厅 2019 (2019 format, the 总计 column blank below 二、, as printed).
"""

from __future__ import annotations

from nianbao.core.catalog import T3_COLUMNS, template_metrics

_T3_ROWS_2023 = {
    "new_received": [3402, 99, 0, 4, 5, 1, 3511],
    "carried_in": [91, 3, 0, 0, 2, 0, 96],
    "granted": [1175, 12, 0, 3, 1, 0, 1191],
    "partially_granted": [319, 7, 0, 0, 2, 0, 328],
    "withheld.state_secret": [0] * 7,
    "withheld.law_prohibited": [27, 0, 0, 0, 0, 0, 27],
    "withheld.security_stability": [6, 0, 0, 0, 0, 0, 6],
    "withheld.third_party": [38, 0, 0, 0, 0, 0, 38],
    "withheld.internal_affairs": [20, 0, 0, 0, 0, 0, 20],
    "withheld.process_info": [9, 0, 0, 0, 0, 0, 9],
    "withheld.enforcement_file": [21, 0, 0, 0, 0, 0, 21],
    "withheld.query_matter": [20, 1, 0, 0, 0, 0, 21],
    "unable.not_held": [968, 74, 0, 1, 3, 1, 1047],
    "unable.needs_creation": [26, 2, 0, 0, 0, 0, 28],
    "unable.unclear": [3, 0, 0, 0, 0, 0, 3],
    "rejected.petition": [305, 0, 0, 0, 0, 0, 305],
    "rejected.duplicate": [39, 0, 0, 0, 0, 0, 39],
    "rejected.publication": [0] * 7,
    "rejected.vexatious": [58, 0, 0, 0, 0, 0, 58],
    "rejected.confirmation": [4, 0, 0, 0, 0, 0, 4],
    "other.no_correction": [40, 0, 0, 0, 0, 0, 40],
    "other.no_fee": [10, 0, 0, 0, 0, 0, 10],
    "other.misc": [287, 3, 0, 0, 1, 0, 291],
    "total_handled": [3375, 99, 0, 4, 7, 1, 3486],
    "carried_out": [118, 3, 0, 0, 0, 0, 121],
}
_T4_2023 = [309, 17, 88, 26, 440, 1, 1, 16, 6, 24, 13, 0, 67, 9, 89]
_T2_2023 = {
    "t2.regulations.issued": 2, "t2.regulations.repealed": 0, "t2.regulations.in_force": 11,
    "t2.normative_docs.issued": 109, "t2.normative_docs.repealed": 489, "t2.normative_docs.in_force": 597,
    "t2.licensing.decisions": 1808595, "t2.penalty.decisions": 2822652, "t2.coercion.decisions": 20163,
    "t2.fees.amount": 59237.2449,
}  # fmt: skip

_B = None  # a blank cell
_T3_ROWS_2019 = {
    "new_received": [821, 35, _B, _B, 2, 1, 859],
    "carried_in": [18, _B, _B, _B, _B, _B, 18],
    "granted": [258, 12, _B, _B, 1, 1, _B],
    "partially_granted": [3, _B, _B, _B, _B, _B, _B],
    "withheld.state_secret": [14, _B, _B, _B, _B, _B, _B],
    "withheld.law_prohibited": [_B] * 7,
    "withheld.security_stability": [_B] * 7,
    "withheld.third_party": [_B] * 7,
    "withheld.internal_affairs": [5, _B, _B, _B, _B, _B, _B],
    "withheld.process_info": [3, 1, _B, _B, _B, _B, _B],
    "withheld.enforcement_file": [_B] * 7,
    "withheld.query_matter": [10, 2, _B, _B, _B, _B, _B],
    "unable.not_held": [252, 12, _B, _B, 1, _B, _B],
    "unable.needs_creation": [44, 3, _B, _B, _B, _B, _B],
    "unable.unclear": [25, _B, _B, _B, _B, _B, _B],
    "rejected.petition": [148, 1, _B, _B, _B, _B, _B],
    "rejected.duplicate": [5, 4, _B, _B, _B, _B, _B],
    "rejected.publication": [_B] * 7,
    "rejected.vexatious": [_B] * 7,
    "rejected.confirmation": [_B] * 7,
    "other.unitemised": [_B] * 7,
    "total_handled": [767, 35, _B, _B, 2, 1, 805],
    "carried_out": [72, _B, _B, _B, _B, _B, 72],
}
_T4_2019 = [5, _B, _B, 2, 7, 8, _B, _B, 1, 9, _B, _B, _B, _B, _B]
_T2_2019 = {
    "t2.regulations.new_made": 13, "t2.regulations.new_published": 13, "t2.regulations.total_published": 524,
    "t2.normative_docs.new_made": 60, "t2.normative_docs.new_published": 60,
    "t2.normative_docs.total_published": 368,
    "t2.procurement.items": 6, "t2.procurement.amount": 251000,
}  # fmt: skip


def _facts(t2: dict, t3: dict, t4: list, template: str, zero_t2: bool) -> dict[str, float | None]:
    facts: dict[str, float | None] = {}
    for row, values in t3.items():
        for col, value in zip(T3_COLUMNS, values, strict=True):
            facts[f"t3.{row}.{col}"] = value
    groups = ("review", "suit_direct", "suit_after_review")
    outcomes = ("upheld", "corrected", "other", "pending", "total")
    for i, value in enumerate(t4):
        facts[f"t4.{groups[i // 5]}.{outcomes[i % 5]}"] = value
    for code in template_metrics(template):
        if code.startswith("t2."):
            facts[code] = t2.get(code, 0 if zero_t2 else None)
    assert set(facts) == set(template_metrics(template)), set(facts) ^ set(template_metrics(template))
    return facts


def suqian_2023() -> dict[str, float | None]:
    return _facts(_T2_2023, _T3_ROWS_2023, _T4_2023, "2021", zero_t2=True)


def shanghai_2019() -> dict[str, float | None]:
    return _facts(_T2_2019, _T3_ROWS_2019, _T4_2019, "2019", zero_t2=True)
