"""Label matching: which table, row and column a printed label names.

Every function takes raw or normalized label text and answers with a key of ``catalog.py`` (or None).
Rules are keywords, not exact strings, because real tables abbreviate (1.逾期不补正), wrap (商业\\n企业),
mistype (其他法律行政止公开) and annotate labels. The rules are ordered so that look-alikes do not
collide: 不予公开 before 予以公开, 逾期不补正 before 补正后…不明确, 大量反复申请 before 重复申请, the
（六） sub-rows before the bare 其他.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from nianbao.core.headings import section_of_heading
from nianbao.core.normalize import normalize_text

_CN_NUMERALS = "一二三四五六七八九十"


@lru_cache(maxsize=1 << 16)  # a document asks for the same few hundred labels thousands of times
def label_text(s: str | None) -> str:
    """Normalized label for matching: ``normalize_text`` without quotes and trailing colons."""
    return re.sub(r"[\"'<>]", "", normalize_text(s)).rstrip(":")


# Leading numbering: 一、 (一) 1. 1、 1) ① — removed to see what a row says.
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十0-9]+\)[、.]?|[0-9]+[.、,)]|[①-⑳])"
)


def strip_numbering(label: str) -> str:
    return _NUMBERING.sub("", label, count=1)


def _first(rules: tuple[tuple[str, str], ...], text: str) -> str | None:
    for pattern, key in rules:
        if re.search(pattern, text):
            return key
    return None


# ---------------------------------------------------------------- which table a row belongs to

_T4_HEADER = re.compile(
    r"行政复议|行政诉讼|复议后起诉|直接起诉|未经复议|结果维持|结果纠正|尚未审结|其他结果|行政法复议"
)
_T3_HEADER = re.compile(
    r"自然人|商业企业|申请人情况|法人或(?:者)?其他组织|科研机构|社会公益|法律服务机构|勾稽"
)
_T2_BLOCK = re.compile(r"第二十条|^第\(?[一二三四五六七八九十0-9]+\)?项$")


# Words only the official tables print (headers and row names), for finding their pages in a long
# document. Generous on purpose: a page found wrongly costs a slower read, a page missed costs a table.
_OFFICIAL_TABLE_WORDS = re.compile(
    rf"{_T4_HEADER.pattern}|{_T3_HEADER.pattern}|第二十条|信息内容|制发件数|废止件数|现行有效|处理决定数量"
    r"|本年新收|上年结转|结转下年|予以公开|不予公开|部分公开|无法提供|不予处理|办理结果|国家秘密|总计"
)


def names_official_table(text: str) -> bool:
    """Whether ``text`` (a page's text, say) prints a word of one of the official tables."""
    return bool(_OFFICIAL_TABLE_WORDS.search(label_text(text)))


def is_t4_header(text: str) -> bool:
    return bool(_T4_HEADER.search(label_text(text)))


def is_t3_header(text: str) -> bool:
    return bool(_T3_HEADER.search(label_text(text)))


def t2_block(text: str) -> str | None:
    """The 第二十条 item a block-header cell names ("第二十条第（一）项" → "一"), else None."""
    t = label_text(text)
    if not _T2_BLOCK.search(t):
        return None
    m = re.search(r"第\(?([一二三四五六七八九十]+|[0-9]+)\)?项", t.replace("第二十条", ""))
    if not m:
        return "?"
    item = m.group(1)
    return _CN_NUMERALS[int(item) - 1] if item.isdigit() and 0 < int(item) <= 10 else item


def table_kinds(texts: Iterable[str]) -> set[str]:
    """Which official tables ("t2", "t3", "t4") a grid's cell texts belong to: several when a page
    merges tables, none for other tables. Only keyword evidence counts (no numbering guesses)."""
    kinds: set[str] = set()
    for text in texts:
        if t2_block(text) or is_t2_header(text) or t2_row_key(text):
            kinds.add("t2")
        match = t3_row_key([text])
        if is_t3_header(text) or (match is not None and match.how == "keyword"):
            kinds.add("t3")
        if is_t4_header(text):
            kinds.add("t4")
    return kinds


# ---------------------------------------------------------------- table 2 (主动公开)

_T2_ROWS = (  # anchored: the label is the row's name, perhaps with a note after it
    (r"^(行政)?规范性文件", "normative_docs"),
    (r"^(政府)?规章", "regulations"),
    (r"^(其他)?对外管理服务", "other_services"),
    (r"^(行政)?许可", "licensing"),
    (r"^(行政)?处罚", "penalty"),
    (r"^(行政)?强制", "coercion"),
    (r"^(行政)?事业性收费|^(行政)?收费", "fees"),
    (r"^(政府)?(集中)?采购", "procurement"),
)
_T2_COLUMNS = (
    (r"制发", "issued"),
    (r"废止", "repealed"),
    (r"现行有效|有效件数", "in_force"),
    (r"新制作", "new_made"),
    (r"新公开", "new_published"),
    (r"公开总数|公开总量", "total_published"),
    (r"采购项目|^项目数量", "items"),
    (r"上一?年度?项目|上年项目|上一年", "prior_items"),
    (r"增/?减|增加/?减少|增减", "change"),
    (r"处理决定", "decisions"),
    (r"金额", "amount"),
)
# Block (第二十条第…项) each table-2 row belongs to, to flag a row printed under the wrong block.
T2_ROW_BLOCK = {"regulations": "一", "normative_docs": "一", "licensing": "五", "other_services": "五",
                "penalty": "六", "coercion": "六", "fees": "八", "procurement": "九"}  # fmt: skip
# Columns of each row in printed order, for a block table printed without its header row.
_BLOCK_2019 = ("prior_items", "change", "decisions")
T2_DEFAULT_COLUMNS = {
    "2021": {"regulations": ("issued", "repealed", "in_force"), "normative_docs": ("issued", "repealed", "in_force"),
             "licensing": ("decisions",), "penalty": ("decisions",), "coercion": ("decisions",), "fees": ("amount",)},
    "2019": {"regulations": ("new_made", "new_published", "total_published"),
             "normative_docs": ("new_made", "new_published", "total_published"),
             "licensing": _BLOCK_2019, "other_services": _BLOCK_2019, "penalty": _BLOCK_2019, "coercion": _BLOCK_2019,
             "fees": ("prior_items", "change"), "procurement": ("items", "amount")},
}  # fmt: skip


def t2_row_key(text: str) -> str | None:
    """Table-2 row of a label cell (规章, 行政规范性文件, 行政许可 …)."""
    t = strip_numbering(label_text(text))
    if not t or len(t) > 20 or re.search(r"[0-9]", t):
        return None
    return _first(_T2_ROWS, t)


@lru_cache(maxsize=1 << 14)
def t2_column_key(text: str) -> str | None:
    """Table-2 column of a header cell (本年制发件数, 本年增/减, 采购总金额 …)."""
    t = label_text(text)
    if not t or t == "信息内容" or len(t) > 30:
        return None
    return _first(_T2_COLUMNS, t)


def is_t2_header(text: str) -> bool:
    t = label_text(text)
    return t == "信息内容" or t2_column_key(t) is not None


def header_unit(text: str) -> str | None:
    """The money unit a header states: "本年收费金额（单位：万元）" → "万元"."""
    m = re.search(r"(?:单位:?|\()(万元|元)\)?", label_text(text))
    return m.group(1) if m else None


# ---------------------------------------------------------------- table 3 (申请)

_T3_COLUMNS = (
    (r"自然人", "natural_person"),
    (r"商业|企业", "commercial"),
    (r"科研", "research"),
    (r"公益", "social_welfare"),
    (r"法律服务|律师", "legal_services"),
    (r"总计|合计|总数", "total"),
    (r"其他|其它", "other_org"),
)


def t3_column_key(text: str) -> str | None:
    """Table-3 applicant column from the header text above it (all header rows joined)."""
    t = label_text(text)
    if re.search(r"勾稽|第一项|第三项", t):
        return None  # the corner cell stating the identity
    t = re.sub(r"申请人情况|法人或(?:者)?其他组织", "", t)
    return _first(_T3_COLUMNS, t) if t else None


# Leaf rules, most specific first. Keys are T3 row keys of catalog.py.
_T3_LEAF_RULES = (
    (r"本年(?:度)?新收|新收|本年(?:度)?收到", "new_received"),
    (r"上一?年(?:度)?结转|上年转入|上年度?未办结", "carried_in"),
    (r"结转下一?年|转下一?年|下一?年度?继续|结转至下", "carried_out"),
    (r"不补正|逾期未补正|补正逾期", "other.no_correction"),
    (r"缴费|缴纳|收费通知|未付费|交费|不缴", "other.no_fee"),
    (r"不明确|补正后", "unable.unclear"),
    (r"不掌握|未掌握|不存在", "unable.not_held"),
    (r"另行制作|现成信息|没有现成", "unable.needs_creation"),
    (r"国家秘密", "withheld.state_secret"),
    (r"法律行政|行政法规|法规禁止|禁止公开|止公开|法律法规", "withheld.law_prohibited"),
    (r"三安全|一稳定|危及", "withheld.security_stability"),
    (r"第三方", "withheld.third_party"),
    (r"内部事务", "withheld.internal_affairs"),
    (r"过程性", "withheld.process_info"),
    (r"执法案卷", "withheld.enforcement_file"),
    (r"查询事项|行政查询", "withheld.query_matter"),
    (r"信访|举报|投诉", "rejected.petition"),
    (r"大量反复|反复申请", "rejected.vexatious"),
    (r"重复申请", "rejected.duplicate"),
    (r"出版物", "rejected.publication"),
    (r"确认|重新出具|已获取", "rejected.confirmation"),
    (r"部分公开", "partially_granted"),
    (r"不予公开", None),  # a group label, never a data row by itself
    (r"予以公开|^公开$", "granted"),
    (r"其他处理|其它处理", "other.unitemised"),
    (r"总计|合计", "total_handled"),
)
# Row order inside each numbered group, for labels no keyword recognises (numbering fallback).
_T3_GROUP_ITEMS = {
    "三": ("withheld.state_secret", "withheld.law_prohibited", "withheld.security_stability",
          "withheld.third_party", "withheld.internal_affairs", "withheld.process_info",
          "withheld.enforcement_file", "withheld.query_matter"),
    "四": ("unable.not_held", "unable.needs_creation", "unable.unclear"),
    "五": ("rejected.petition", "rejected.duplicate", "rejected.publication", "rejected.vexatious",
          "rejected.confirmation"),
    "六": ("other.no_correction", "other.no_fee", "other.misc"),
}  # fmt: skip
_T3_GROUP_SINGLE = {
    "一": "granted",
    "二": "partially_granted",
    "六": "other.unitemised",
    "七": "total_handled",
}
_T3_TOP_SINGLE = {"一": "new_received", "二": "carried_in", "四": "carried_out"}


class T3RowMatch(NamedTuple):
    """A table-3 row key and how it was recognised: "keyword" or "numbering" (a weaker guess)."""

    key: str
    how: str


def _group_numeral(path: list[str]) -> str | None:
    for part in reversed(path):
        m = re.match(r"^\(([一二三四五六七])\)", part)
        if m:
            return m.group(1)
    return None


def t3_row_key(path: list[str], *, previous: str | None = None, context: str = "") -> T3RowMatch | None:
    """Table-3 row key from the row's label path (group cells left to right, then the leaf).

    ``previous`` is the key of the row above (so a bare "3.其他" after 逾期不缴费 is （六）'s third
    sub-row even when the group cell is missing) and ``context`` the last group label printed on a
    row of its own.
    """
    parts = [label_text(p) for p in path if label_text(p)]
    if not parts:
        return None
    leaf = parts[-1]
    groups = "".join(parts[:-1]) + label_text(context)
    core = strip_numbering(leaf)

    in_other = "其他处理" in groups or "其它处理" in groups or (previous or "").startswith("other.")
    if re.match(r"^(其他|其它)(?!处理|法律)", core) and in_other:
        return T3RowMatch("other.misc", "keyword")
    for pattern, key in _T3_LEAF_RULES:
        if re.search(pattern, core):
            return T3RowMatch(key, "keyword") if key else None
    return _t3_row_by_numbering(([label_text(context)] if context else []) + parts, leaf)


def _t3_row_by_numbering(parts: list[str], leaf: str) -> T3RowMatch | None:
    """Fallback for garbled labels: the printed numbering says where the row sits in the format."""
    item = re.match(r"^([0-9]+)[.、,)]", leaf)
    group = _group_numeral(parts[:-1]) if item else _group_numeral([leaf])
    if item and group in _T3_GROUP_ITEMS:
        items = _T3_GROUP_ITEMS[group]
        n = int(item.group(1))
        return T3RowMatch(items[n - 1], "numbering") if 0 < n <= len(items) else None
    if not item and group in _T3_GROUP_SINGLE:
        return T3RowMatch(_T3_GROUP_SINGLE[group], "numbering")
    top = re.match(r"^([一二三四])[、.,]", leaf)
    if top and top.group(1) in _T3_TOP_SINGLE:
        return T3RowMatch(_T3_TOP_SINGLE[top.group(1)], "numbering")
    return None


# ---------------------------------------------------------------- table 4 (复议/诉讼)

_T4_OUTCOMES = (
    (r"维持", "upheld"),
    (r"纠正", "corrected"),
    (r"尚未审结|未审结|未结", "pending"),
    (r"其他|其它", "other"),
    (r"总计|合计|小计", "total"),
)


def t4_column_key(text: str) -> str | None:
    """Table-4 ``group.outcome`` from the header text above a column (all header rows joined)."""
    t = label_text(text)
    if re.search(r"未经复议|直接起诉", t):
        group = "suit_direct"
    elif re.search(r"复议后", t):
        group = "suit_after_review"
    elif "复议" in t:
        group = "review"
    else:
        return None
    outcome = _first(_T4_OUTCOMES, re.sub(r"行政复议|行政法复议|行政诉讼|未经复议直接起诉|复议后起诉", "", t))
    return f"{group}.{outcome}" if outcome else None


# ---------------------------------------------------------------- sections and templates


def section_numeral(heading: str) -> str | None:
    """The format's numeral (一…六) of a section heading, whatever numeral it was printed with."""
    number = section_of_heading(heading)
    return _CN_NUMERALS[number - 1] if number else None
