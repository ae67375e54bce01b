"""How one report prints its numbers and labels: the quirks real CMS pages show.

A ``PrintStyle`` is drawn once per report; ``cell_text`` turns a value into the text of its cell.
The printed text always reads back to the value kept in truth.json (a note beside the number, a
thousands separator or full-width digits never change it; a blank is ``None``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from nianbao.core.catalog import kind_of

BLANK_TEXTS = ("", "&nbsp;")
ZERO_TOKENS = ("0", "0", "0", "0", "—", "-", "/", "无")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True, slots=True)
class PrintStyle:
    zero_t2: str  # how a zero prints in table 2
    zero_t34: str  # … and in tables 3 and 4
    thousands: bool  # 2,822
    fullwidth_share: float  # share of small numbers printed in full-width digits
    in_force_note: bool  # 420（其中修订16件）
    yuan_suffix: bool  # 251000元
    spaced_labels: bool  # 总 计, 情 形
    short_labels: bool  # 1.逾期不补正, （二）部分公开 without its note
    typo_label: bool  # 其他法律行政止公开
    heading_variant: int  # which wording of headings 四 and 五
    t2_split: bool  # table 2 as one small table per block


def draw_style(rng: random.Random, *, t2_split: bool) -> PrintStyle:
    return PrintStyle(
        zero_t2=rng.choice(ZERO_TOKENS),
        zero_t34=rng.choice(ZERO_TOKENS),
        thousands=rng.random() < 0.5,
        fullwidth_share=rng.choice((0.0, 0.0, 0.0, 0.15)),
        in_force_note=rng.random() < 0.25,
        yuan_suffix=rng.random() < 0.6,
        spaced_labels=rng.random() < 0.25,
        short_labels=rng.random() < 0.35,
        typo_label=rng.random() < 0.1,
        heading_variant=rng.randrange(3),
        t2_split=t2_split,
    )


def cell_text(metric: str, value: int | float | None, style: PrintStyle, rng: random.Random) -> str:
    """The cell text of ``value``; blank cells print as nothing or a lone ``&nbsp;``."""
    if value is None:
        return rng.choice(BLANK_TEXTS)
    if value == 0:
        return style.zero_t2 if metric.startswith("t2.") else style.zero_t34
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    number = int(value)
    if abs(number) >= 1000 and style.thousands and kind_of(metric) != "money_yuan":
        text = f"{number:,}"
    elif 0 < number < 100 and rng.random() < style.fullwidth_share:
        text = str(number).translate(_FULLWIDTH)
    else:
        text = str(number)
    return text + _note(metric, number, style, rng)


def _note(metric: str, number: int, style: PrintStyle, rng: random.Random) -> str:
    """Notes real reports write inside a number cell."""
    if metric == "t2.procurement.amount" and style.yuan_suffix:
        return "元"
    if metric == "t2.normative_docs.in_force" and style.in_force_note and number > 0:
        return f"（其中修订{rng.randint(1, min(number, 20))}件）"
    return ""
