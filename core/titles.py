"""Recognise an annual-report title and read the agency and year from it.

Real titles vary: ``青川市教育局2023年政府信息公开工作年度报告``, ``2023年度青川市教育局政府信息公开工作
年度报告``, ``…2020年度政府信息公开工作年报``, ``二〇二一年…``. Listings also hold look-alikes that are
not reports (``2023年政府信息公开工作要点``, ``关于做好2024年政府信息公开工作年度报告编制工作的通知``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "O": "0", "一": "1", "二": "2", "三": "3", "四": "4",
              "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip
_CN_YEAR = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})(?=年)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
# The report's own name, with the short form 年报 and the wording of some provinces.
_REPORT_NAME = re.compile(r"政府?信息公开(?:工作)?(?:年度报告|年报|工作报告)|政务公开(?:工作)?年度报告")
# Words that make a title about a report, not the report itself.
_NOT_A_REPORT = re.compile(
    r"图解|一图读懂|通知|要点|编制工作|报送|提纲|模板|解读|培训|考核|评估|征求意见|目录|指南|关于做好"
)


@dataclass(frozen=True, slots=True)
class ReportTitle:
    agency: str | None
    year: int


def normalize_title(title: str) -> str:
    text = unicodedata.normalize("NFKC", title)
    text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[ch] for ch in m.group(1)), text)
    return re.sub(r"\s+", "", text)


def parse_report_title(title: str) -> ReportTitle | None:
    """The agency and year of an annual-report title, or None when the title is not one."""
    text = normalize_title(title)
    name = _REPORT_NAME.search(text)
    if not name or _NOT_A_REPORT.search(text):
        return None
    year_match = _YEAR.search(text)
    if not year_match:
        return None
    year = int(year_match.group(1))
    before, after = text[: year_match.start()], text[year_match.end() : name.start()]
    agency = (before or after).strip("《》“”\"'（）()：: -—")
    agency = re.sub(r"^(关于)?", "", agency)
    return ReportTitle(agency=agency or None, year=year)


def opening_title(lines: list[str]) -> str:
    """The report title among the opening lines: one line, or two joined when the agency is printed
    on a line of its own above "2023年政府信息公开工作年度报告"."""
    opening = [line for line in lines[:10] if line]
    for i, line in enumerate(opening):
        alone = parse_report_title(line) if len(line) <= 80 else None
        if i + 1 < len(opening) and not alone:
            joined = line + opening[i + 1]
            title, below = parse_report_title(joined), parse_report_title(opening[i + 1])
            if len(joined) <= 80 and title and title.agency and (below is None or below.agency is None):
                return joined
        if alone:
            return line
    return ""
