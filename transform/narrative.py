"""What a report's narrative states, read from its section texts: the statistical period, numbers that
the tables also print (claims), and 5-character shingles for measuring text repeated from last year.

Pure functions over text; ``warehouse.derive`` runs them at check time and stores what they find.
Claims are read conservatively: a number is taken only in the exact wordings real reports use for a
table cell, and skipped whenever its clause hints at another scope (全市, 其中, 网上, another year, a
comparison, 含…), because a narrative figure of a different scope is no disagreement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set
from dataclasses import dataclass

from nianbao.core.normalize import fold_characters

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def normalize(text: str) -> str:
    """Folded characters (full-width forms, Kangxi radicals, PDF leftovers) and no whitespace: PDF line
    breaks fall inside numbers and words."""
    return _SPACE.sub("", fold_characters(text))


# ---- headings run into the text -------------------------------------------------------------------

# A numbered heading in the format's own words, found inside a section's text: PDF text often runs a
# heading into the paragraph before it ("…联系电话。一、总体情况"), so the reader cannot see it as a line.
_RUN_IN_HEADING = re.compile(
    r"(?<![(\[【])[一二三四五六]、"
    r"(总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|[^。;,]{0,20}?(?:复议|诉讼)[^。;,]{0,12}?情况"
    r"|(?:政府信息公开工作)?存在的主要问题及改进情况|其他需要报告的事项)"
)
_RUN_IN_SECTION = {"总体情况": 1, "主动公开政府信息情况": 2, "收到和处理政府信息公开申请情况": 3,
                   "其他需要报告的事项": 6}  # fmt: skip


def headings_in_text(text: str) -> list[int]:
    """Format sections (1…6) whose official heading appears, numbered, inside ``text``."""
    found = []
    for match in _RUN_IN_HEADING.finditer(normalize(text)):
        words = match.group(1)
        section = _RUN_IN_SECTION.get(words) or (5 if words.endswith("改进情况") else 4)
        if section not in found:
            found.append(section)
    return found


# ---- statistical period ---------------------------------------------------------------------------

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_Y = r"(\d{4}|[〇零一二三四五六七八九]{4})"
_MD = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATE = rf"(?:{_Y}年)?{_MD}月{_MD}日"
_KEYWORD = r"(?:统计|数据)(?:期限|时限|期间|时间|区间|周期|时段|范围)"
_PERIOD = re.compile(rf"{_KEYWORD}[^。;\d]{{0,10}}?{_DATE}(?:起)?(?:到|至|—+|―+|-+|~|–){_DATE}")
_PERIOD_END = re.compile(rf"{_KEYWORD}[^。;\d]{{0,10}}?(?:截至|截止(?:到|至)?){_DATE}")


@dataclass(frozen=True, slots=True)
class StatedPeriod:
    start: dt.date | None  # None: only the end is stated ("统计期限截至…")
    end: dt.date
    quote: str


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4:  # 二〇二三 (a year, digit by digit)
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    tens, _, ones = text.rpartition("十")  # 十二, 三十一, 十
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _date(year: str | None, month: str, day: str, default_year: int) -> dt.date | None:
    try:
        return dt.date(_number(year) if year else default_year, _number(month), _number(day))
    except (ValueError, KeyError):
        return None


def stated_period(text: str, year: int) -> StatedPeriod | None:
    """The first statistical period the text states; a date without its year takes the other date's
    year ("从2023年1月1日到12月31日止"), or the report's when neither has one."""
    flat = normalize(text)
    match = _PERIOD.search(flat)
    if match:
        y1, m1, d1, y2, m2, d2 = match.groups()
        y1, y2 = y1 or y2, y2 or y1
        start, end = _date(y1, m1, d1, year), _date(y2, m2, d2, year)
        if start and end:
            return StatedPeriod(start, end, _sentence(flat, match.start(), match.end()))
    match = _PERIOD_END.search(flat)
    if match:
        end = _date(*match.groups(), year)
        if end:
            return StatedPeriod(None, end, _sentence(flat, match.start(), match.end()))
    return None


# ---- claims ---------------------------------------------------------------------------------------

_NUM = r"(\d{1,3}(?:,\d{3})+|\d+)"


@dataclass(frozen=True, slots=True)
class ClaimKind:
    name: str
    metric: str  # the cell a finding points at
    cells: tuple[str, ...]  # the cells whose sum the claim states
    label: str  # the cell(s) as a supervisor reads them
    pattern: re.Pattern


CLAIM_KINDS = (
    ClaimKind("new_received", "t3.new_received.total", ("t3.new_received.total",),
              "表三“一、本年新收政府信息公开申请数量”总计",
              re.compile(rf"(?:收到|新收|受理)了?(?:各类)?(?:政府)?信息公开申请(?:共|合计|总计|总数|数量)?(?:为|达)?{_NUM}件")),
    ClaimKind("carried_in", "t3.carried_in.total", ("t3.carried_in.total",),
              "表三“二、上年结转政府信息公开申请数量”总计",
              re.compile(rf"上一?年度?结转的?(?:政府信息公开)?(?:申请)?(?:共)?{_NUM}件")),
    ClaimKind("granted", "t3.granted.total", ("t3.granted.total",), "表三“（一）予以公开”总计",
              re.compile(rf"(?<!不)予以公开(?:共|的)?{_NUM}件")),
    # "予以公开及部分公开258件" is a combined figure, not 部分公开 alone.
    ClaimKind("partially_granted", "t3.partially_granted.total", ("t3.partially_granted.total",),
              "表三“（二）部分公开”总计",
              re.compile(rf"(?<!公开[及和与、或])(?<!公开并)部分公开(?:共|的)?{_NUM}件")),
    ClaimKind("review", "t4.review.total", ("t4.review.total",), "表四“行政复议”总计",
              re.compile(rf"(?:被申请)?行政复议(?:案件|申请)?(?:共)?{_NUM}[件起]")),
    # "行政复议和行政诉讼N件" is a combined figure, not 行政诉讼 alone.
    ClaimKind("lawsuits", "t4.suit_direct.total", ("t4.suit_direct.total", "t4.suit_after_review.total"),
              "表四“行政诉讼”（未经复议直接起诉与复议后起诉）总计",
              re.compile(rf"(?<!复议[和及与、或])(?<!复议[和及与、或]行政)(?<!复议)诉讼(?:案件)?(?:共)?{_NUM}[件起]")),
    ClaimKind("carried_out", "t3.carried_out.total", ("t3.carried_out.total",), "表三“四、结转下年度继续办理”总计",
              re.compile(rf"(?:结转|转)(?:至|到|入)?下一?年度(?:继续)?(?:办理)?的?(?:申请)?(?:共)?{_NUM}件")),
)  # fmt: skip
CLAIMS_BY_NAME = {k.name: k for k in CLAIM_KINDS}

# Words that put a figure in another scope than the agency's own table: the region, a channel, a part.
_SCOPE = re.compile(
    r"全市|全区|全县|全省|全州|全旗|全盟|全镇|全乡|全国|各级|各部门|各单位|各地|各县|各区|所属|下属|系统|本级|"
    r"市级|区级|县级|乡镇|街道|其中|网上|网络|在线|当面|信函|邮寄|传真|电子邮件|线上|线下|累计|以来"
)
_COMPARISON = re.compile(r"较|比上|同比|环比|去年|同期|上年同")
_AFTER_SKIP = re.compile(r"^(?:次|[（(]?(?:含|包含|包括))")
_YEAR = re.compile(r"(\d{4})年")
# Line breaks are gone (in PDFs they fall mid-sentence): clauses end at these marks only.
_CLAUSE_END = "。;!?"
_SUBCLAUSE_END = "。;!?,:、"


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    metric: str
    cells: tuple[str, ...]
    label: str
    value: float
    quote: str
    position: int  # offset in the normalized text: claims keep their printed order


def _tail_since(text: str, end: int, marks: str) -> str:
    """text[…:end] from just after the last of ``marks`` before ``end``."""
    return text[max(text.rfind(mark, 0, end) for mark in marks) + 1 : end]


def _sentence(text: str, start: int, end: int, limit: int = 120) -> str:
    """The sentence around text[start:end], cut to ``limit`` characters around the match."""
    left = max(text.rfind(mark, 0, start) for mark in _CLAUSE_END) + 1
    ends = [i + 1 for i in (text.find(mark, end) for mark in _CLAUSE_END) if i >= 0]
    right = min(ends, default=len(text))
    left = max(left, start - limit // 2)
    right = min(right, end + limit // 2)
    return text[left:right]


def _in_other_scope(text: str, start: int, end: int, year: int) -> bool:
    clause = _tail_since(text, start, _CLAUSE_END)
    subclause = _tail_since(text, start, _SUBCLAUSE_END)
    if _SCOPE.search(clause) or _COMPARISON.search(subclause) or _AFTER_SKIP.match(text[end:]):
        return True
    return any(int(y) != year for y in _YEAR.findall(clause))


def narrative_claims(text: str, year: int) -> list[Claim]:
    """Numbers the text states for a table cell, in printed order (see the module docstring)."""
    flat = normalize(text)
    claims = []
    for kind in CLAIM_KINDS:
        for match in kind.pattern.finditer(flat):
            if _in_other_scope(flat, match.start(), match.end(), year):
                continue
            value = float(match.group(1).replace(",", ""))
            quote = _sentence(flat, match.start(), match.end())
            claims.append(Claim(kind.name, kind.metric, kind.cells, kind.label, value, quote, match.start()))
    return sorted(claims, key=lambda c: c.position)


# ---- repeated text --------------------------------------------------------------------------------

SHINGLE = 5
_NOT_TEXT = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """Character k-grams of the text without spaces and punctuation, every number masked as '#': a
    paragraph copied with only its year and figures updated still counts as repeated."""
    flat = _DIGITS.sub("#", _NOT_TEXT.sub("", normalize(text)))
    return {flat[i : i + k] for i in range(len(flat) - k + 1)}


def containment(current: Set[str], previous: Set[str]) -> float:
    """Share of this year's shingles found in last year's text (0 when this year has none)."""
    return len(current & previous) / len(current) if current else 0.0
