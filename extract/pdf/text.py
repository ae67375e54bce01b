"""Characters and lines of a PDF page, for every other ``pdf_*`` module.

pdfplumber hands out one dict per glyph drawn. Before any layout work the glyphs are cleaned: whitespace
glyphs are dropped (gaps say more than space glyphs), and glyphs drawn twice at almost the same place
(fake bold: Word and WPS draw the text again with a small offset) are kept once. Lines are glyphs sharing
a vertical centre; segments are the runs of a line separated by a wide gap (table columns). Every text
handed out is folded with ``transform.normalize.fold_characters`` (NFKC + the radical map), so ⾏, ⺠ and
full-width digits never leave this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from nianbao.core.normalize import fold_characters
from nianbao.extract.pdf.settings import LAYOUT

Char = dict[str, Any]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMBER = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
# A printed table value: a number with an optional unit and note, a dash-like, or a word meaning none.
_VALUE = re.compile(
    rf"^(?:{_NUMBER}\s*(?:万元|元|件|个|项|条|人次|次|%|‰)?\s*(?:\([^()]*\))?|[-—–‒―/\\~_·.]{{1,3}}|无|零)$"
)
# Numbering that begins a label: 一、 （一） 1. 1、 ①
_ROW_NUMBERING = re.compile(
    r"^(?:[(][一二三四五六七八九十0-9]{1,3}[)]|[一二三四五六七八九十]{1,3}[、.,]|[0-9]{1,2}[.、,]|[①-⑳])"
)
# Row names printed without numbering (table 2 rows, totals): they begin a row, never continue one.
_UNNUMBERED_ROW = re.compile(
    r"^(?:行政)?规范性文件|^(?:政府)?规章|^(?:行政)?(?:许可|处罚|强制)|^(?:行政)?事业性收费"
    r"|^(?:政府)?(?:集中)?采购|^其他对外管理服务|^(?:总计|合计|信息内容)"
)


def fold(text: str) -> str:
    """The folded form of printed text (NFKC + radicals), spacing kept."""
    return fold_characters(text)


def is_value_text(text: str) -> bool:
    """A number (with unit or note), a dash-like or 无: what a table's value cell prints."""
    t = re.sub(r"\s+", "", fold(text))
    return bool(t) and bool(_VALUE.match(t))


def starts_row(label: str) -> bool:
    """Whether a label line begins a table row (numbering or a row name) rather than continuing one."""
    t = re.sub(r"\s+", "", fold(label))
    return bool(_ROW_NUMBERING.match(t) or _UNNUMBERED_ROW.match(t))


# ---------------------------------------------------------------- glyph cleanup


def usable_chars(chars: Iterable[Char]) -> list[Char]:
    """Glyphs that print something, each once (fake-bold duplicates dropped)."""
    printing = [ch for ch in chars if (ch.get("text") or "").strip()]
    return drop_duplicate_chars(printing)


def drop_duplicate_chars(chars: list[Char], tolerance: float = LAYOUT.duplicate_distance) -> list[Char]:
    """Keep the first of glyphs with the same text drawn within ``tolerance`` points of each other.

    A hash grid of cell ``tolerance`` makes this linear (pdfplumber's dedupe_chars is quadratic in the
    number of glyphs of a page). Legitimate repeats ("00") are a full glyph width apart.
    """
    kept: list[Char] = []
    # Glyphs kept, by text and band of ``tolerance`` points: a duplicate is in its band or the next.
    bands: dict[tuple[str, int], list[tuple[float, float]]] = {}
    for ch in chars:
        text, x, y = ch["text"], ch["x0"], ch["top"]
        band = int(y // tolerance)
        if any(
            abs(ox - x) <= tolerance and abs(oy - y) <= tolerance
            for b in (band - 1, band, band + 1)
            for ox, oy in bands.get((text, b), ())
        ):
            continue
        kept.append(ch)
        bands.setdefault((text, band), []).append((x, y))
    return kept


# ---------------------------------------------------------------- lines and segments


@dataclass(slots=True)
class Segment:
    """A run of glyphs of one line without a wide gap: one cell's worth of text."""

    text: str  # folded
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def is_value(self) -> bool:
        return is_value_text(self.text)


@dataclass(slots=True)
class TextLine:
    """Glyphs sharing a vertical centre, left to right."""

    chars: list[Char]
    page: int
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    _segments: list[Segment] | None = field(default=None, repr=False)
    _text: str | None = field(default=None, repr=False)  # a line's glyphs are fixed once it is made

    def __post_init__(self) -> None:
        self.x0 = min(ch["x0"] for ch in self.chars)
        self.x1 = max(ch["x1"] for ch in self.chars)
        self.top = min(ch["top"] for ch in self.chars)
        self.bottom = max(ch["bottom"] for ch in self.chars)
        self.size = median(_glyph_size(ch) for ch in self.chars)

    @property
    def n_glyphs(self) -> int:
        """Glyphs printed (a line read from PDFium holds runs of glyphs, not single glyphs)."""
        return sum(len(ch["text"]) for ch in self.chars)

    @property
    def center_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = _run_text(self.chars, self.size)
        return self._text

    def segments(self) -> list[Segment]:
        if self._segments is None:
            self._segments = _split_segments(self.chars, self.size)
        return self._segments


def _glyph_size(ch: Char) -> float:
    size = ch.get("size") or 0.0
    return float(size) if size > 0 else max(1.0, ch["bottom"] - ch["top"])


def group_lines(chars: list[Char], page: int) -> list[TextLine]:
    """Lines of glyphs, top to bottom. Glyphs join a line when their vertical centres are close, so
    numbers centred between two label lines form a line of their own instead of gluing both."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda ch: (ch["top"] + ch["bottom"]) / 2)
    groups: list[list[Char]] = []
    center = height = 0.0
    for ch in ordered:
        c = (ch["top"] + ch["bottom"]) / 2
        h = max(1.0, ch["bottom"] - ch["top"])
        if groups and abs(c - center) <= LAYOUT.same_line * min(h, height):
            groups[-1].append(ch)
            n = len(groups[-1])
            center += (c - center) / n
            continue
        groups.append([ch])
        center, height = c, h
    lines = []
    for group in groups:
        group.sort(key=_reading_key)
        lines.append(TextLine(group, page))
    return lines


def _reading_key(ch: Char) -> tuple[float, float]:
    return (ch["x0"], ch["top"])


def _run_text(chars: list[Char], size: float) -> str:
    out: list[str] = []
    previous = None
    for ch in chars:
        if previous is not None and ch["x0"] - previous["x1"] > LAYOUT.space_gap * size:
            out.append(" ")
        out.append(ch["text"])
        previous = ch
    return fold("".join(out)).strip()


def _split_segments(chars: list[Char], size: float) -> list[Segment]:
    runs: list[list[Char]] = []
    for ch in chars:
        if runs and ch["x0"] - runs[-1][-1]["x1"] <= max(2.5, LAYOUT.segment_gap * size):
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return [
        Segment(
            text=_run_text(run, size),
            x0=min(ch["x0"] for ch in run),
            x1=max(ch["x1"] for ch in run),
            top=min(ch["top"] for ch in run),
            bottom=max(ch["bottom"] for ch in run),
            size=size,
        )
        for run in runs
    ]


def join_wrapped(parts: Iterable[str]) -> str:
    """Join the lines of one cell or paragraph: nothing between CJK text ("商业"+"企业"), a space
    between two words or numbers of Latin script."""
    out: list[str] = []
    last = ""  # the last character so far
    for part in parts:
        part = part.strip()
        if not part:
            continue
        wrapped_number = last.isdigit() and part[0].isdigit()  # "340" + "2": one number wrapped
        if (
            last.isascii()
            and last.isalnum()
            and part[0].isascii()
            and part[0].isalnum()
            and not wrapped_number
        ):
            out.append(" ")
        out.append(part)
        last = part[-1]
    return "".join(out)


def cell_text(chars: list[Char]) -> str:
    """The text of the glyphs inside one ruled cell: its lines top to bottom, joined. A vertical stack
    of single characters (三/、/本/年/度…) comes out as one label."""
    if not chars:
        return ""
    upright = [ch for ch in chars if ch.get("upright", True)]
    if len(upright) < len(chars) / 2:
        return _rotated_text(chars)
    return join_wrapped(line.text for line in group_lines(chars, 0))


def _rotated_text(chars: list[Char]) -> str:
    """Text set vertically by rotating the glyphs (Word's "text direction"): one column, read in the
    direction the glyphs advance."""
    matrix = chars[0].get("matrix") or (1, 0, 0, 1, 0, 0)
    bottom_up = matrix[1] > 0  # rotated 90° counter-clockwise: the text reads upwards
    ordered = sorted(chars, key=lambda ch: ch["top"], reverse=bottom_up)
    return fold("".join(ch["text"] for ch in ordered)).strip()


# ---------------------------------------------------------------- text that cannot be read

# The commonest characters of Chinese prose and of these reports: real text is full of them, text
# decoded through a wrong font map (valid but random characters) is not.
_COMMON_CJK = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
    "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
    "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干做必"
    "战先回则任取据处府信息申请务"
)
_COMMON = re.compile(f"[{''.join(sorted(_COMMON_CJK))}]")


def unreadable_reason(texts: Iterable[str]) -> str | None:
    """Why the extracted text of a document cannot be trusted, or None when it reads.

    ``texts`` are glyph texts as pdfplumber gives them ("(cid:123)" for a glyph without a Unicode
    mapping) or whole extracted strings: both are counted per character. Counted on the joined
    string with regular expressions: this runs over every glyph of a long document.
    """
    joined = "".join(texts)
    cid = joined.count("(cid:")
    readable = _SPACES.sub("", _CID.sub("", joined) if cid else joined)
    n = cid + len(readable)
    if n == 0:
        return None
    if cid / n > 0.2:
        return f"{cid} of {n} glyphs have no Unicode mapping ((cid:…)): the PDF's fonts lack a ToUnicode map"
    folded = fold(readable)
    junk = len(_JUNK.findall(folded))
    if junk / n > 0.2:
        return f"{junk} of {n} characters are private-use, replacement or control characters (font encoding lost)"
    cjk = _CJK.findall(folded)
    latin_ext = len(_LATIN_EXTENDED.findall(folded))
    if latin_ext / n > 0.3 and len(cjk) / n < 0.2:
        return (
            f"{latin_ext} of {n} characters are accented Latin letters where Chinese is expected (mojibake)"
        )
    if len(cjk) >= 300 and len(_COMMON.findall(folded)) / len(cjk) < 0.12:
        return "the Chinese characters are not those of real text (the fonts map glyphs to wrong characters)"
    return None


def has_junk(text: str) -> bool:
    """Whether ``text`` holds a replacement, private-use, surrogate or control character."""
    return bool(_JUNK.search(text))


_CID = re.compile(r"\(cid:[0-9]+\)")
_SPACES = re.compile(r"\s+")
_LATIN_EXTENDED = re.compile("[\u0080-\u024f]")
# Replacement, private use (BMP, planes 15-16), surrogates, and control characters but \t \n \r \f.
_JUNK = re.compile("[\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff\ud800-\udfff\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
