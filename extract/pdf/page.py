"""What surrounds the tables on PDF pages: running headers and footers, paragraphs, the title and the
printed date.

Running headers/footers ("- 3 -", "第 3 页 共 9 页", the report title repeated at the top of every page)
are recognised by where they sit (the top or bottom band of the page) and by what they say (a page
number) or by repeating on many pages. They are neither narrative nor table content: a table that
continues on the next page has only them between its parts.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from nianbao.core.normalize import normalize_text
from nianbao.core.titles import parse_report_title
from nianbao.extract.pdf.settings import LAYOUT
from nianbao.extract.pdf.text import TextLine, fold, join_wrapped

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–_~·]{0,2}[0-9]{1,4}[-—–_~·]{0,2}|第[0-9一二三四五六七八九十]+页(?:[,/]?共[0-9]+页)?"
    r"|共[0-9]+页第[0-9]+页|[0-9]+/[0-9]+|page[0-9]+(?:(?:of|/)[0-9]+)?)$",
    re.IGNORECASE,
)
_CONTINUED = re.compile(r"^\(?续表?[0-9一二三四五六七八九十]*\)?[:]?$")
_LETTERS = re.compile(r"[A-Za-z\u3400-\u9fff]")
_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}  # fmt: skip
_DATE = re.compile(r"((?:19|20)[0-9]{2})年([0-9]{1,2})月([0-9]{1,2})日")
_CN_DATE = re.compile(
    r"([〇○零O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日"
)
_LABELLED_DATE = re.compile(
    r"(?:发布时间|发布日期|发文日期|公开日期|印发日期|生成日期)[:]?((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})"
)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(re.sub(r"\s+", "", text)))


def is_continued_mark(text: str) -> bool:
    """ "续表", "（续表3）": a note that the table goes on, printed above its next part."""
    return bool(_CONTINUED.match(normalize_text(text)))


def running_lines(pages: list[list[TextLine]], heights: list[float]) -> list[set[int]]:
    """Per page, the indices of its running header/footer lines."""
    bands = []
    for lines, height in zip(pages, heights, strict=True):
        band = {
            i
            for i, line in enumerate(lines)
            if line.bottom <= LAYOUT.margin_band * height or line.top >= (1 - LAYOUT.margin_band) * height
        }
        bands.append(band)
    # Text repeated in the band of several pages (the title or agency at the top of each page).
    seen: Counter[str] = Counter()
    for lines, band in zip(pages, bands, strict=True):
        seen.update({_masked(lines[i].text) for i in band})
    repeated = {t for t, n in seen.items() if n >= max(2, 0.3 * len(pages)) and len(_LETTERS.findall(t)) >= 2}
    out = []
    for lines, band in zip(pages, bands, strict=True):
        out.append({i for i in band if is_page_number(lines[i].text) or _masked(lines[i].text) in repeated})
    return out


def _masked(text: str) -> str:
    return re.sub(r"[0-9]+", "#", normalize_text(text))


# ---------------------------------------------------------------- paragraphs


@dataclass(slots=True)
class Paragraph:
    lines: list[TextLine]
    text: str = ""  # the lines joined, kept up to date by ``append``

    def __post_init__(self) -> None:
        self.text = join_wrapped(line.text for line in self.lines)

    def append(self, line: TextLine) -> None:
        """Add a wrapped line. The text grows by one join, not a rejoin of every line: a paragraph
        running over hundreds of pages of appendix stays linear."""
        self.lines.append(line)
        self.text = join_wrapped((self.text, line.text))

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def top(self) -> float:
        return self.lines[0].top


def text_margins(lines: list[TextLine]) -> tuple[float, float]:
    """The left and right edges of the body text: where most full lines start and end."""
    full = [line for line in lines if line.n_glyphs >= 10] or lines
    if not full:
        return 0.0, 0.0
    left = Counter(round(line.x0) for line in full).most_common(1)[0][0]
    rights = sorted(line.x1 for line in full)
    return float(left), rights[int(0.9 * (len(rights) - 1))]


def continues_paragraph(previous: TextLine, line: TextLine, left: float, right: float) -> bool:
    """A line continues the paragraph above when the one above ran to the right margin, this one is
    not indented (a new paragraph starts two characters in) and nothing but line spacing is between."""
    size = previous.size
    if abs(line.size - size) > 1 or previous.x1 < right - 1.5 * size or line.x0 > left + 0.8 * size:
        return False
    if line.page == previous.page:
        return 0 <= line.top - previous.bottom <= 1.2 * size
    return line.page == previous.page + 1


# ---------------------------------------------------------------- title and date


def find_title(lines: list[TextLine]) -> str:
    """The report's title from the first lines of page 1: a run of lines in a larger font that reads
    as a report title (titles wrap: "宿迁市人民政府" / "2023年政府信息公开工作年度报告"), else the
    first line that reads as one, else the largest short line."""
    head = [line for line in lines if line.page == lines[0].page][:12] if lines else []
    if not head:
        return ""
    body = sorted(line.size for line in head)[len(head) // 2]
    runs: list[list[TextLine]] = []
    for line in head:
        if line.size >= body + 1 and runs and abs(runs[-1][-1].size - line.size) <= 0.5:
            runs[-1].append(line)
        else:
            runs.append([line])
    for run in runs:
        text = join_wrapped(line.text for line in run)
        if len(text) <= 120 and parse_report_title(text):
            return text
    for line in head:
        if len(line.text) <= 80 and parse_report_title(line.text):
            return line.text
    largest = max(head, key=lambda line: line.size)
    return largest.text if len(largest.text) <= 80 and largest.size > body else ""


def printed_date(paragraphs: list[str]) -> str | None:
    """ISO date the document prints for itself: a labelled date (发布日期：…), else the date line that
    signs the report off at its end, else a date line under the title."""
    flat = [re.sub(r"\s+", "", fold(p)) for p in paragraphs]
    for text in flat:
        m = _LABELLED_DATE.search(text)
        if m and (iso := _iso(*map(int, m.groups()))):
            return iso
    dated = [(i, _date_line(text)) for i, text in enumerate(flat)]
    dated = [(i, d) for i, d in dated if d]
    if not dated:
        return None
    last_i, last = dated[-1]
    if last_i >= len(flat) - 4:
        return last
    first_i, first = dated[0]
    return first if first_i < 5 else None


def _date_line(text: str) -> str | None:
    text = text.strip("()（）")
    m = _DATE.fullmatch(text)
    if m:
        return _iso(*map(int, m.groups()))
    m = _CN_DATE.fullmatch(text)
    if m:
        year = int("".join(str(_CN_DIGIT[ch]) for ch in m.group(1)))
        return _iso(year, _cn_number(m.group(2)), _cn_number(m.group(3)))
    return None


def _cn_number(text: str) -> int:
    if "十" not in text:
        return _CN_DIGIT.get(text, 0)
    tens, _, ones = text.partition("十")
    return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)


def _iso(year: int, month: int, day: int) -> str | None:
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None
