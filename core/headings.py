"""Section headings 一、…六、 of a report, for every reader (HTML, PDF, DOCX, text).

A reader passes the narrative lines (not table cells: a label such as 一、本年新收… is no heading)
and gets the sections as printed. Official wordings are trusted under any numeral, so renumbered
reports still read right; looser wordings (typos such as 行政法复议) count only where the numbering
agrees, so sub-points 一、二、 inside a section are not taken for headings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_HEADING = re.compile(r"^([一二三四五六七八九十]{1,2})[、.,]\s*(.+)$")
# Headings marked up as Markdown writes them, in text exported from a CMS editor: "#### 四、…", "**四、…**".
_MARKUP = re.compile(r"^\s*(?:#{1,6}[ \t]*(?P<heading>.+?)|(?P<mark>\*\*|__)(?P<bold>.+?)(?P=mark))\s*$")
_NUMERAL_VALUE = {n: i + 1 for i, n in enumerate("一二三四五六七八九十")}
# The six headings as the format words them (and common variants): such a line is a section heading
# under any numeral, so renumbered reports still read right.
_OFFICIAL_HEADINGS = (
    (re.compile(r"^(总体情况|概述|总体概况|基本情况)$"), 1),
    (re.compile(r"^主动公开(政府信息)?的?情况$"), 2),
    (re.compile(r"^(收到和处理政府信息公开申请|依申请公开(政府信息)?)的?情况$"), 3),
    (re.compile(r"^.{0,20}(复议|诉讼).{0,12}情况$"), 4),
    (
        re.compile(
            r"^.{0,12}(存在的?主要问题|存在问题).{0,12}(改进|整改)(情况|措施)?$|^.{0,12}存在的?主要问题$"
        ),
        5,
    ),
    (re.compile(r"^其他需要报告的?事项$|^其他事项$"), 6),
)
# Looser keywords (typos such as 行政法复议, shortened wording): trusted only when the numbering agrees.
_HEADING_KEYWORDS = (
    (re.compile(r"其他需要报告|其他事项|需要报告的"), 6),
    (re.compile(r"存在的?主要问题|问题及改进|改进情况|存在问题"), 5),
    (re.compile(r"复议|诉讼"), 4),
    (re.compile(r"收到和处理|处理政府信息公开申请|依申请公开|申请情况"), 3),
    (re.compile(r"主动公开"), 2),
    (re.compile(r"总体情况|概述|总体概况|基本情况|工作概况"), 1),
)


@dataclass(slots=True)
class Section:
    """One top-level section of a report as printed: part of the ParsedDocument contract."""

    numeral: str  # 一 … 六 as printed ("" for text before the first heading)
    heading: str
    text: str


@dataclass(slots=True)
class _HeadingCandidate:
    line: int
    numeral: str
    value: int
    heading: str
    rest: str
    official: int  # section of an official wording, else 0
    keyword: int  # section a looser keyword suggests, else 0


def _numeral_value(numeral: str) -> int:
    if len(numeral) == 1:
        return _NUMERAL_VALUE.get(numeral, 0)
    if numeral.startswith("十"):
        return 10 + _NUMERAL_VALUE.get(numeral[1], 0)
    return 0


def _split_heading(rest: str) -> tuple[str, str] | None:
    """Heading and the text run into the same paragraph ("一、总体情况2023年，…")."""
    if len(rest) <= 40 and not re.search(r"[。,;:]", rest):
        return rest, ""
    m = re.match(r"^(.{1,40}?(?:情况|事项|概述|概况))", rest)
    if m:
        return m.group(1), rest[m.end() :].lstrip("。:;,")
    m = re.match(r"^(.{1,40}?)[。,;:]", rest)
    if m:
        return m.group(1), rest[m.end() :]
    return None


def _original_tail(line: str, n_flat: int) -> str:
    """The part of ``line`` after its first ``n_flat`` normalized, non-space characters."""
    seen = 0
    for i, ch in enumerate(line):
        if seen >= n_flat:
            return line[i:].lstrip(" 。，,;；:：")
        seen += len(_SPACE.sub("", unicodedata.normalize("NFKC", ch)))
    return ""


def strip_markup(line: str) -> str:
    """A line without the Markdown heading or bold marks around it ("#### 四、…" → "四、…")."""
    m = _MARKUP.match(line)
    return (m.group("heading") or m.group("bold")) if m else line


def _heading_candidates(lines: list[str]) -> list[_HeadingCandidate]:
    out = []
    for i, line in enumerate(lines):
        line = strip_markup(line)
        flat = _SPACE.sub("", unicodedata.normalize("NFKC", line))
        m = _HEADING.match(flat)
        split = _split_heading(m.group(2)) if m else None
        if not m or not split:
            continue
        heading, rest = split
        rest = _original_tail(line, len(flat) - len(rest)) if rest else ""
        official = next((n for pattern, n in _OFFICIAL_HEADINGS if pattern.search(heading)), 0)
        keyword = next((n for pattern, n in _HEADING_KEYWORDS if pattern.search(heading)), 0)
        out.append(
            _HeadingCandidate(i, m.group(1), _numeral_value(m.group(1)), heading, rest, official, keyword)
        )
    return out


def _choose_headings(candidates: list[_HeadingCandidate]) -> list[_HeadingCandidate]:
    """Official wordings first (first occurrence of each); then other numbered lines that continue
    the numbering between two accepted headings. Sub-points 一、二、 inside a section do not."""
    chosen: dict[int, _HeadingCandidate] = {}
    for c in candidates:
        if c.official and c.official not in {h.official for h in chosen.values()}:
            chosen[c.line] = c
    for c in candidates:
        if c.line in chosen:
            continue
        before = [h.value for line, h in chosen.items() if line < c.line]
        after = [h.value for line, h in chosen.items() if line > c.line]
        taken = {h.official or h.keyword for h in chosen.values()}
        heading_like = c.keyword or (len(c.heading) <= 25 and not c.rest)
        if (
            heading_like
            and c.value == (before[-1] if before else 0) + 1
            and c.value < (min(after) if after else 99)
            and (not c.keyword or c.keyword not in taken)
        ):
            chosen[c.line] = c
            chosen = dict(sorted(chosen.items()))
    return [chosen[line] for line in sorted(chosen)]


def find_sections(lines: list[str]) -> list[Section]:
    """Top-level sections 一、…六、 in narrative lines (table cells are not passed in), in order;
    text before the first heading is a section with an empty numeral."""
    headings = _choose_headings(_heading_candidates(lines))
    sections = [Section(numeral="", heading="", text="")]
    texts: list[list[str]] = [[]]
    starts = {h.line: h for h in headings}
    for i, line in enumerate(lines):
        if i in starts:
            h = starts[i]
            sections.append(Section(numeral=h.numeral, heading=h.heading, text=""))
            texts.append([h.rest] if h.rest else [])
        else:
            texts[-1].append(line)
    for section, text in zip(sections, texts, strict=True):
        section.text = "\n".join(text)
    return [s for s in sections if s.numeral or s.text]


def section_of_heading(heading: str) -> int:
    """The format's section (1…6) a heading's words name, whatever numeral it is printed with; 0 if none."""
    flat = _SPACE.sub("", unicodedata.normalize("NFKC", heading))
    return next((n for pattern, n in _HEADING_KEYWORDS if pattern.search(flat)), 0)
