"""Text and number normalization for report tables.

``normalize_text`` makes two printings of the same label compare equal (full-width forms, radicals
from PDF fonts, stray spaces, bracket and quote styles). ``parse_number`` reads one table cell of a
known kind (``metrics.csv``: count, signed_count, money_wan, money_yuan) the way a careful reader
would: a blank stays blank (None), dash-likes and 无 mean 0, notes and units beside the number are kept
apart as ``note``, and text that is not a number is reported as a ``problem`` instead of guessed.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

# CJK-radical code points NFKC leaves alone but some PDF fonts (and pages copied from them) use in
# place of the ordinary character. Only radicals that stand for a whole common character are mapped.
_RADICALS = str.maketrans(
    {
        "⺠": "民", "⻅": "见", "⻓": "长", "⻔": "门", "⻜": "飞", "⻢": "马", "⻋": "车", "⻉": "贝",
        "⻄": "西", "⻆": "角", "⻑": "長", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻝": "食",
        "⻡": "首", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄",
        "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙", "⺝": "月", "⺼": "月", "⺩": "王", "⻗": "雨",
        "⻫": "斉", "⻭": "歯", "⻯": "竜", "⻱": "亀", "⻲": "亀",
    }
)  # fmt: skip

# After NFKC: quotes and bracket styles that carry no meaning in a label.
_PUNCTUATION = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "「": '"', "」": '"', "『": '"', "』": '"', "＂": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'",
        "【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "〈": "(", "〉": ")",
        "《": "<", "》": ">", "〖": "(", "〗": ")", "﹙": "(", "﹚": ")",
        "—": "-", "–": "-", "―": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-", "─": "-", "━": "-",
        "～": "~", "〜": "~", "·": "·", "•": "·", "・": "·",
    }
)  # fmt: skip

# Whitespace, including NBSP, the ideographic space and zero-width characters that str.split misses.
_SPACE = re.compile(r"[\s\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\u2060]+")


_RADICAL = re.compile("[" + "".join(chr(c) for c in _RADICALS) + "]")


def fold_characters(s: str) -> str:
    """NFKC plus the radical map: the characters a label is made of, spacing kept.

    Cheap on text that is already folded (long section texts are folded at every check)."""
    s = s or ""
    if not unicodedata.is_normalized("NFKC", s):
        s = unicodedata.normalize("NFKC", s)
    return s.translate(_RADICALS) if _RADICAL.search(s) else s


def normalize_text(s: str | None) -> str:
    """The comparable form of a label: NFKC, radicals mapped, no whitespace, one bracket/quote style."""
    # NFC again: removing a space NFKC left before a combining mark ("´" → " ́") lets them compose.
    return unicodedata.normalize("NFC", _SPACE.sub("", fold_characters(s or "")).translate(_PUNCTUATION))


class ParsedNumber(NamedTuple):
    value: float | None  # None: blank, or not readable (then ``problem`` says why)
    note: str  # text beside the number ("其中修订16件", "元", "万元")
    problem: str | None  # why the cell could not be read as a number


NUMBER_KINDS = ("count", "signed_count", "money_wan", "money_yuan")

# A cell that prints one of these means zero / nothing to report (FORMAT.md "Cells").
_ZERO_WORDS = {"-", "--", "---", "/", "//", "\\", "无", "暂无", "没有", "零", "0", "一", "不适用", "空"}
_DASHES = re.compile(r"^[-/\\_~·.]+$")
# One number: optional sign, digits with optional thousands separators, optional decimals.
_NUMBER = re.compile(r"(?P<sign>[+-])?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?")
_SPACED_DIGITS = re.compile(r"[0-9]\s+[0-9]")
_SPACED_THOUSANDS = re.compile(r"[^0-9]*[0-9]{1,3}(?:\s[0-9]{3})+[^0-9]*")
_PAREN = re.compile(r"\(([^()]*)\)")
_NEGATIVE_WORDS = ("减少", "下降", "减")
_POSITIVE_WORDS = ("增加", "新增", "增")


def _clean_cell(text: str) -> str:
    s = fold_characters(text).translate(_PUNCTUATION)
    return s.strip()


def parse_number(text: str | None, kind: str = "count") -> ParsedNumber:
    """Read one table cell of ``kind`` (count, signed_count, money_wan, money_yuan). Never raises."""
    try:
        return _parse_number(text or "", kind)
    except (InvalidOperation, ValueError, OverflowError) as exc:  # defensive: odd digits, huge values
        return ParsedNumber(None, "", f"cannot read {text!r} as a number: {exc}")


def _parse_number(text: str, kind: str) -> ParsedNumber:
    s = _clean_cell(text)
    # Digits separated by spaces are two numbers glued by a bad join, unless they are thousands groups.
    if _SPACED_DIGITS.search(s) and not _SPACED_THOUSANDS.fullmatch(s):
        return ParsedNumber(None, "", f"several numbers in one cell: {text.strip()!r}")
    s = _SPACE.sub("", s)
    if not s:
        return ParsedNumber(None, "", None)
    if s in _ZERO_WORDS or _DASHES.match(s):
        return ParsedNumber(0.0, "" if s == "0" else _SPACE.sub("", text), None)

    notes = [n for n in _PAREN.findall(s) if n]
    rest = _PAREN.sub(" ", s).strip()
    if not rest.replace(" ", ""):  # only a parenthesised note, e.g. "(无)"
        inner = "".join(notes)
        if inner in _ZERO_WORDS or _DASHES.match(inner):
            return ParsedNumber(0.0, inner, None)
        return ParsedNumber(None, inner, f"no number in cell: {text.strip()!r}")

    matches = list(_NUMBER.finditer(rest))
    if not matches:
        return ParsedNumber(None, "；".join(notes), f"no number in cell: {text.strip()!r}")
    if len(matches) > 1:
        return ParsedNumber(None, "", f"several numbers in one cell: {text.strip()!r}")
    m = matches[0]
    prefix, suffix = rest[: m.start()].strip(), rest[m.end() :].strip()
    value = Decimal(m.group("int").replace(",", "") + (m.group("frac") or ""))
    if m.group("sign") == "-":
        value = -value
    elif (
        m.group("sign") is None and prefix.endswith(_NEGATIVE_WORDS) and not prefix.endswith(_POSITIVE_WORDS)
    ):
        value = -value  # "减少3" in a 本年增/减 cell

    value, unit_problem = _apply_unit(value, suffix, kind)
    if unit_problem:
        return ParsedNumber(None, suffix, unit_problem)
    note = "；".join(part for part in (prefix, suffix.strip(" ,;:"), *notes) if part)
    return ParsedNumber(float(value), note, None)


def _apply_unit(value: Decimal, suffix: str, kind: str) -> tuple[Decimal, str | None]:
    """Scale by a unit printed after the number (万, 亿, 元 vs 万元) to the unit of ``kind``."""
    unit = suffix.lstrip(" ,;:")
    if unit.startswith("亿"):
        value *= 100_000_000
        unit = unit[1:]
    elif unit.startswith("万") and not unit.startswith("万元"):
        value *= 10_000
        unit = unit[1:]
    if kind == "money_wan":
        if unit.startswith("万元"):
            return value, None
        if unit.startswith("元"):
            return value / 10_000, None
        if suffix.startswith(("亿", "万")):  # "1.2亿" without 元 in a 万元 column: amount in 元
            return value / 10_000, None
        return value, None
    if kind == "money_yuan" and unit.startswith("万元"):
        return value * 10_000, None
    return value, None
