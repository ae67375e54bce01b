"""Report-table text lines → words: each line's label words and number cells, with their places
(character offsets and display columns, CJK counting 2) and whether the numbers are tabbed or spaced
apart; ``token_value`` reads the number a cell prints."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nianbao.core import labels
from nianbao.extract.document import Cell

_BOX = re.compile(r"\s*[|│┃]+\s*")
_SPACE = re.compile(r"[\s\u00a0\u3000]+")
_FURNITURE = re.compile(
    # A footer is "- 3 -": one or two dashes each side. A table row of dashes and numbers is not one.
    r"^(?:[-—–－]{1,2}\s*[0-9]{1,4}\s*[-—–－]{1,2}|第\s*[0-9]+\s*页(?:\s*[/,，]?\s*共\s*[0-9]+\s*页)?|[0-9]+\s*/\s*[0-9]+"
    r"|续表?|[(（]续[)）]|续上表)$"
)
NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|[0-9]+[.、,)])")


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a line with its place: character offsets and display columns (CJK counts 2)."""

    text: str
    line: int
    start: int
    end: int
    start_w: int
    end_w: int


_VALUE = re.compile(
    r"^(?P<sign>[+-])?(?P<num>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?"
    r"(?:万元|元|万|亿元|亿|件|个|项|次|条)?(?:\([^()]*\))?$"
)
_CHANGE = re.compile(r"^(增加|新增|增|减少|减)([0-9]+)$")
_ZERO_WORDS = frozenset({"-", "--", "---", "/", "//", "\\", "无", "-0-"})


def token_value(text: str) -> float | None:
    """The number a cell prints (dashes and 无 are 0), or None when it is not a number cell."""
    t = labels.label_text(text).replace("．", ".")
    if t in _ZERO_WORDS or re.fullmatch(r"-+", t):
        return 0.0
    m = _VALUE.match(t)
    if m:
        value = float(m.group("num").replace(",", "") + (m.group("frac") or ""))
        return -value if m.group("sign") == "-" else value
    m = _CHANGE.match(t)
    if m:
        return -float(m.group(2)) if m.group(1).startswith("减") else float(m.group(2))
    return None


# ---------------------------------------------------------------- lines


@dataclass(slots=True)
class Line:
    no: int  # 1-based line number
    labels: list[Token]  # label words (or tab cells) before the numbers
    values: list[Token | None]  # number cells; None is an empty tab cell (a printed blank)
    tabbed: bool
    spaced: bool  # two or more spaces between the numbers: an aligned layout
    glued: str = ""  # a number split off the end of the label ("予以公开1175")
    kind: str = ""
    furniture: bool = False  # a page number or 续表 between the parts of a table

    @property
    def label(self) -> str:
        return join_words([t.text for t in self.labels])


def join_words(words: list[str]) -> str:
    """Words of one label: nothing between CJK words ("商业"+"企业"), a space between Latin words."""
    out = ""
    for word in words:
        if out and out[-1].isascii() and out[-1].isalnum() and word[:1].isascii() and word[:1].isalnum():
            out += " "
        out += word
    return out


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_value(text: str) -> bool:
    """A number cell: digits (with a unit or a note), a dash or 无 — not a numbered label "1.当面"."""
    t = labels.label_text(text)
    if NUMBERED.match(t) and not re.fullmatch(r"[0-9]+[.,][0-9]+.*", t):
        return False
    return token_value(text) is not None


_GLUED = re.compile(r"^(.*[\u4e00-\u9fff”’)）」])([0-9０-９][0-9０-９,]*(?:[.．][0-9０-９]+)?)$")


def parse_line(raw: str, no: int) -> Line:
    line = _parse_words(raw, no)
    line.furniture = bool(_FURNITURE.match(_SPACE.sub("", raw)))
    return line


def _parse_words(raw: str, no: int) -> Line:
    text = raw.rstrip("\r\n")
    if len(_BOX.findall(text)) >= 2:
        if re.match(r"^\s*[|│┃]", text):  # a bar at both ends is the table's border
            text = re.sub(r"[|│┃]\s*$", "", re.sub(r"^\s*[|│┃]", "", text))
        text = _BOX.sub("\t", text)
    if "\t" in text.strip():
        return _parse_tabbed(text, no)
    words = []
    for m in re.finditer(r"\S+", text):
        start_w = _width(text[: m.start()])
        words.append(Token(m.group(), no, m.start(), m.end(), start_w, start_w + _width(m.group())))
    words = _attach_notes(words)
    k = len(words)
    while k and _is_value(words[k - 1].text):
        k -= 1
    line = Line(no, words[:k], list(words[k:]), tabbed=False, spaced=False)
    if not line.labels and len(line.values) == 1 and labels.label_text(line.values[0].text) == "无":
        line.labels, line.values = words, []  # a lone 无 is text ("六、… 无。"); a row of 无 is zeros
    _split_glued(line)
    words = line.values if len(line.values) > 1 else line.labels
    gaps = [b.start - a.end for a, b in zip(words, words[1:], strict=False) if a and b]
    line.spaced = bool(gaps) and min(gaps) >= 2
    return line


def _attach_notes(words: list[Token]) -> list[Token]:
    """A note or unit printed apart from its number ("420 （其中修订16件）", "251000 元") joins it."""
    out: list[Token] = []
    for w in words:
        t = labels.label_text(w.text)
        if out and _is_value(out[-1].text) and (re.fullmatch(r"\(.*\)", t) or t in ("元", "万元", "件")):
            prev = out.pop()
            out.append(Token(prev.text + w.text, prev.line, prev.start, w.end, prev.start_w, w.end_w))
        else:
            out.append(w)
    return out


def _parse_tabbed(text: str, no: int) -> Line:
    cells, pos = [], 0
    for part in text.split("\t"):
        stripped = part.strip()
        start = pos + (len(part) - len(part.lstrip()))
        cells.append(Token(stripped, no, start, start + len(stripped), start, start + len(stripped)))
        pos += len(part) + 1
    # Empty cells at the end are the rest of a merged cell (Word copies "行政许可\t0\t\t" from a value
    # spanning three columns) or of a header; a blank last column is restored where the columns are
    # known (``fit_tab_cells`` pads a short row with blanks).
    while cells and not cells[-1].text:
        cells.pop()
    last_label = max((i for i, c in enumerate(cells) if c.text and not _is_value(c.text)), default=-1)
    values = [c if c.text else None for c in cells[last_label + 1 :]]
    line = Line(no, [c for c in cells[: last_label + 1] if c.text], values, tabbed=True, spaced=False)
    _split_glued(line)
    return line


def _split_glued(line: Line) -> None:
    if not line.labels:
        return
    last = line.labels[-1]
    m = _GLUED.match(last.text)
    if not m or NUMBERED.fullmatch(labels.label_text(m.group(1))) or m.group(1)[-1] in "年月日第":
        return
    cut = last.start + len(m.group(1))
    line.labels[-1] = Token(
        m.group(1), line.no, last.start, cut, last.start_w, last.start_w + _width(m.group(1))
    )
    number = Token(m.group(2), line.no, cut, last.end, line.labels[-1].end_w, last.end_w)
    line.values.insert(0, number)
    line.glued = m.group(2)


def flat_label(text: str) -> str:
    return labels.label_text(text)


def make_cell(token: Token | None, row: int, col: int, line: int, **span: int) -> Cell:
    return Cell(
        text=token.text if token else "", row=row, col=col, line=token.line if token else line, **span
    )
