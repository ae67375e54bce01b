"""Report tables printed as lines of text (a .txt report, a page pasted without table markup, a Word
file with tables typed as paragraphs) → cell grids that ``transform.map_document`` maps.

Each printed row is a line: its label, then its numbers, separated by tabs or spaces. Merged cells
leave gaps: a group label (（三）不予公开) on a line of its own or only on the first row of its group, the
vertical 三、本年度办理结果 as single characters at the start of lines, long labels wrapped onto the next
line (the numbers on the first, a middle or the last line), header cells split over several lines.
Rows are grown back from these pieces, then each row's numbers are put in their columns: tabs keep
the columns; aligned spaces give them by position; where separators were lost ("4 5 1" printed
"451", blanks dropped) the format's identities choose the one reading that adds up (FORMAT.md), and
when there is not exactly one, the numbers are left unassigned with a warning rather than guessed.

Tables 3 and 4 get the format's column names as header (their printed headers are split beyond
repair in text); table 2 keeps its printed header when it lines up with the numbers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import product

from extract.document import Cell, Table
from extract.sections import section_of_heading
from transform import labels
from transform.catalog import T3_COLUMNS, T3_RESULT_ROWS_COMMON, T3_ROWS

T3_HEADER_NAMES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T4_GROUP_NAMES = ("行政复议", "行政诉讼 未经复议直接起诉", "行政诉讼 复议后起诉")
T4_OUTCOME_NAMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_N3, _N4 = len(T3_COLUMNS), 15

_BOX = re.compile(r"\s*[|│┃]+\s*")
_SPACE = re.compile(r"[\s\u00a0\u3000]+")
_FURNITURE = re.compile(
    r"^(?:[-—–－]+\s*[0-9]+\s*[-—–－]+|第\s*[0-9]+\s*页(?:\s*[/,，]?\s*共\s*[0-9]+\s*页)?|[0-9]+\s*/\s*[0-9]+"
    r"|续表?|[(（]续[)）]|续上表)$"
)
_NUMBERED = re.compile(r"^(?:[一二三四五六七八九十]+[、.,]|\([一二三四五六七八九十]+\)|[0-9]+[.、,)])")
_TOP_ROW = re.compile(r"^[一二三四][、.,]")
_PARENS = re.compile(r"\([^()]*\)")
_STACK_CHARS = frozenset("三、本年度办理结果")
_GROUP_LABEL = re.compile(r"^\(([三四五六])\)(?:不予公开|无法提供|不予处理|其他处理|其它处理)?$")
_GROUP_NAMES = ("(三)不予公开", "(四)无法提供", "(五)不予处理", "(六)其他处理", "三、本年度办理结果")
_T4_WORDS = re.compile(r"行政复议|行政诉讼|复议后起诉|直接起诉|未经复议|结果维持|结果纠正|尚未审结|其他结果")


# ---------------------------------------------------------------- number cells


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


def _digits(token: Token) -> str | None:
    folded = unicodedata.normalize("NFKC", token.text)
    return folded if folded.isdigit() and folded.isascii() and len(folded) == len(token.text) else None


class _TooManyReadings(Exception):
    """More ways to read a run of numbers than are worth trying."""


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooManyReadings


def _splits(token: Token, max_pieces: int, budget: _Budget) -> Iterator[list[Token]]:
    """Ways to read one printed run of digits as up to ``max_pieces`` adjacent cells ("451" → 451,
    45|1, 4|51, 4|5|1). A piece never starts with 0 unless it is 0."""
    digits = _digits(token)
    if digits is None or len(digits) == 1:
        yield [token]
        return

    def walk(i: int, pieces: list[Token]) -> Iterator[list[Token]]:
        budget.spend()
        if i == len(digits):
            yield list(pieces)
            return
        if i == 0 and digits[0] != "0":
            yield [token]  # the run as printed, however long
        if len(pieces) == max_pieces or len(digits) - i > 6 * (max_pieces - len(pieces)):
            return  # a split into cells of more than six digits is no reading of these tables
        for j in range(i + 1, min(len(digits) - (i == 0), i + 6) + 1):
            if digits[i] == "0" and j > i + 1:
                break
            s, e = token.start + i, token.start + j
            pieces.append(Token(token.text[i:j], token.line, s, e, token.start_w + i, token.start_w + j))
            yield from walk(j, pieces)
            pieces.pop()

    yield from walk(0, [])


def readings(
    tokens: list[Token], n: int, holds: Callable[[list[Token | None]], bool], limit: int = 50_000
) -> list[list[Token | None]] | None:
    """Every way to read ``tokens`` as ``n`` cells for which ``holds(cells)`` is true: a token may
    stand for several adjacent cells (its separators lost) and blank cells may lie between tokens
    (their gaps lost). None when there are more than ``limit`` ways to try."""
    found: list[list[Token | None]] = []
    budget = _Budget(limit)

    def place(ti: int, cells: list[Token | None]) -> None:
        budget.spend()
        if ti == len(tokens):
            full = cells + [None] * (n - len(cells))
            if holds(full):
                found.append(full)
            return
        later = len(tokens) - ti - 1
        for pieces in _splits(tokens[ti], n - len(cells) - later, budget):
            for gap in range(n - len(cells) - len(pieces) - later + 1):
                place(ti + 1, cells + [None] * gap + pieces)

    try:
        place(0, [])
    except _TooManyReadings:
        return None
    return found


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where the columns of an aligned layout are: positions (by ``measure``/``ref``) → column."""

    measure: str  # "w": display columns (CJK counts 2, a monospace editor) | "c": characters
    ref: str  # which edge of a number lines up: "end", "mid" or "start"
    positions: tuple[tuple[float, int], ...]
    tolerance: float


def aligned_columns(
    rows: list[list[Token]], n: int, header: list[Token] | None = None, header_alone: bool = False
) -> _Columns | None:
    """The columns of numbers printed aligned with spaces: the positions the numbers of all rows
    share, matched to the header words above them when some columns are blank in every row.
    None when the numbers are not aligned (single spaces between them). With ``header_alone``, an
    aligned header places the numbers by itself when no row shows the columns."""
    rows = [r for r in rows if r]
    header = header or []
    best: tuple[int, str, str, list[float]] | None = None
    if sum(len(r) > 1 for r in rows) >= 2:
        for measure in ("w", "c"):
            for ref in ("end", "mid", "start"):
                centres = _clusters(sorted(_position(t, measure, ref) for r in rows for t in r))
                fits = all(
                    _increasing([_nearest(centres, _position(t, measure, ref)) for t in r]) for r in rows
                )
                if centres and fits and (best is None or len(centres) < best[0]):
                    best = (len(centres), measure, ref, centres)
    if best is not None and best[0] == n:
        _, measure, ref, centres = best
        return _Columns(measure, ref, tuple((x, i) for i, x in enumerate(centres)), _half_gap(centres))
    if best is not None and len(header) != n:
        _, measure, ref, centres = best
        lattice = _on_a_lattice(centres, n)
        return (
            _Columns(measure, ref, tuple(zip(centres, lattice, strict=True)), _half_gap(centres))
            if lattice
            else None
        )
    if len(header) != n:
        return None
    measure, ref = (best[1], best[2]) if best else ("w", "mid")
    heads = [_position(h, measure, "mid") for h in header]
    tolerance = _half_gap(heads)
    if best is None:  # no aligned rows to learn from: numbers sit under their header words
        if not header_alone:
            return None
        return _Columns(measure, "mid", tuple((x, i) for i, x in enumerate(heads)), tolerance)
    matched = [_nearest(heads, x) for x in best[3]]
    if not _increasing(matched) or any(
        abs(heads[i] - x) > tolerance for i, x in zip(matched, best[3], strict=True)
    ):
        return None
    return _Columns(
        measure, ref, tuple(zip(best[3], matched, strict=True)), min(_half_gap(best[3]), tolerance)
    )


def _on_a_lattice(centres: list[float], n: int) -> list[int] | None:
    """Columns of evenly spaced clusters spanning exactly ``n`` columns (blank columns between them
    are the gaps in the spacing); None unless every cluster sits on the spacing."""
    if len(centres) < 3:
        return None
    pitch = min(b - a for a, b in zip(centres, centres[1:], strict=False))
    steps = [(x - centres[0]) / pitch for x in centres]
    if pitch < 3 or any(abs(k - round(k)) > 0.15 for k in steps) or round(steps[-1]) != n - 1:
        return None
    return [round(k) for k in steps]


def _clusters(positions: list[float]) -> list[float]:
    groups: list[list[float]] = []
    for x in positions:
        if groups and x - groups[-1][-1] <= 1.0 and x - groups[-1][0] <= 2.0:
            groups[-1].append(x)
        else:
            groups.append([x])
    return [sum(g) / len(g) for g in groups]


def _nearest(anchors: list[float], x: float) -> int:
    return min(range(len(anchors)), key=lambda i: abs(anchors[i] - x))


def _increasing(columns: list[int]) -> bool:
    return all(a < b for a, b in zip(columns, columns[1:], strict=False))


def _half_gap(anchors: list[float]) -> float:
    return min((b - a for a, b in zip(anchors, anchors[1:], strict=False)), default=4.0) / 2


def place_by_position(
    values: list[Token | None], columns: _Columns | None, n: int
) -> list[Token | None] | None:
    """The numbers of one row put under the columns they are printed under; None when one of them
    sits under no column (or two under one)."""
    tokens = [v for v in values if v is not None]
    if columns is None or not tokens:
        return None
    cells: list[Token | None] = [None] * n
    anchors = [x for x, _ in columns.positions]
    last = -1
    for token in tokens:
        pos = _position(token, columns.measure, columns.ref)
        i = _nearest(anchors, pos)
        column = columns.positions[i][1]
        if abs(anchors[i] - pos) > columns.tolerance or column <= last:
            return None
        cells[column], last = token, column
    return cells


def _position(token: Token, measure: str, ref: str) -> float:
    start, end = (token.start_w, token.end_w) if measure == "w" else (token.start, token.end)
    return {"start": start, "end": end}.get(ref, (start + end) / 2)


# ---------------------------------------------------------------- lines


@dataclass(slots=True)
class _Line:
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
    if _NUMBERED.match(t) and not re.fullmatch(r"[0-9]+[.,][0-9]+.*", t):
        return False
    return token_value(text) is not None


_GLUED = re.compile(r"^(.*[\u4e00-\u9fff”’)）」])([0-9０-９][0-9０-９,]*(?:[.．][0-9０-９]+)?)$")


def parse_line(raw: str, no: int) -> _Line:
    line = _parse_words(raw, no)
    line.furniture = bool(_FURNITURE.match(_SPACE.sub("", raw)))
    return line


def _parse_words(raw: str, no: int) -> _Line:
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
    line = _Line(no, words[:k], list(words[k:]), tabbed=False, spaced=False)
    if not line.labels and all(labels.label_text(v.text) == "无" for v in line.values if v):
        line.labels, line.values = words, []  # a lone 无 is text, not a row of numbers
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


def _parse_tabbed(text: str, no: int) -> _Line:
    cells, pos = [], 0
    for part in text.split("\t"):
        stripped = part.strip()
        start = pos + (len(part) - len(part.lstrip()))
        cells.append(Token(stripped, no, start, start + len(stripped), start, start + len(stripped)))
        pos += len(part) + 1
    last_label = max((i for i, c in enumerate(cells) if c.text and not _is_value(c.text)), default=-1)
    values = [c if c.text else None for c in cells[last_label + 1 :]]
    line = _Line(no, [c for c in cells[: last_label + 1] if c.text], values, tabbed=True, spaced=False)
    _split_glued(line)
    return line


def _split_glued(line: _Line) -> None:
    if not line.labels:
        return
    last = line.labels[-1]
    m = _GLUED.match(last.text)
    if not m or _NUMBERED.fullmatch(labels.label_text(m.group(1))) or m.group(1)[-1] in "年月日第":
        return
    cut = last.start + len(m.group(1))
    line.labels[-1] = Token(
        m.group(1), line.no, last.start, cut, last.start_w, last.start_w + _width(m.group(1))
    )
    number = Token(m.group(2), line.no, cut, last.end, line.labels[-1].end_w, last.end_w)
    line.values.insert(0, number)
    line.glued = m.group(2)


# ---------------------------------------------------------------- which table a line belongs to


def _flat(text: str) -> str:
    return labels.label_text(text)


def _is_narrative(label: str) -> bool:
    t = _PARENS.sub("", _flat(label))
    return "。" in t or len(t) > 80 or (len(t) > 30 and bool(re.search(r"[,;:!?]", t)))


def _is_heading(label: str) -> bool:
    t = _flat(label)
    return (
        bool(re.match(r"^[一二三四五六七八九十]{1,2}[、.,]", t))
        and section_of_heading(t) > 0
        and not _t3_keyword(t)
    )


def _t3_keyword(text: str) -> bool:
    match = labels.t3_row_key([text])
    return match is not None and match.how == "keyword"


def _is_t4_header(label: str) -> bool:
    t = _PARENS.sub("", _flat(label))
    words = set(_T4_WORDS.findall(t))
    return len(words) >= 2 and not re.search(r"[,。;]", t) or (len(words) == 1 and len(t) <= 12)


def _classify(line: _Line) -> str:
    label = line.label
    flat = _flat(label)
    has_numbers = any(v is not None for v in line.values)
    if not flat and not line.values:
        return "blank"
    if line.furniture:
        return "skip"
    if not flat:
        return "data"
    if _is_heading(label):
        return "heading"
    if labels.t2_block(flat) and len(flat) <= 30:
        return "t2_block"
    if not has_numbers and _is_t4_header(label):
        return "t4_header"
    if labels.is_t3_header(flat) and not _is_narrative(label):
        return "t3_header"
    if _is_narrative(label):
        return "narrative"
    if not line.values and (flat.startswith("信息内容") or _t2_header_words(line)):
        return "t2_header"
    if labels.t2_row_key(flat) and len(line.labels) <= 2:
        return "t2_row"
    if _t3_keyword(_leaf_of(line.labels)[1]):
        return "t3_row"
    return "data" if line.values else "label"


def _t2_header_words(line: _Line) -> bool:
    return any(labels.t2_column_key(w.text) for w in line.labels) and not any(
        labels.t2_row_key(w.text) for w in line.labels
    )


@dataclass(slots=True)
class _Segment:
    kind: str  # "t2" | "t3" | "t4"
    lines: list[_Line] = field(default_factory=list)


def _segments(lines: list[_Line]) -> list[_Segment]:
    out: list[_Segment] = []
    cur: _Segment | None = None
    for line in lines:
        k = line.kind = _classify(line)
        if k in ("blank", "skip"):
            continue
        if k in ("heading", "narrative"):
            cur = None
            continue
        want = {
            "t2_block": "t2",
            "t2_header": "t2",
            "t2_row": "t2",
            "t3_header": "t3",
            "t4_header": "t4",
        }.get(k)
        if k == "t3_row" and line.values and (cur is None or cur.kind == "t2"):
            want = "t3"  # a table 3 printed without its header
        if k == "t2_header" and cur is not None and cur.kind == "t3":
            want = None  # 处理 etc. inside table 3 are labels, not a table-2 header
        if want and (cur is None or cur.kind != want):
            cur = _Segment(want)
            out.append(cur)
        if cur is not None:
            cur.lines.append(line)
    return [s for s in out if _looks_like_table(s)]


def _looks_like_table(segment: _Segment) -> bool:
    """Numbers under a header (or a 第二十条 title), or table-3 rows enough not to be a sentence."""
    kinds = [line.kind for line in segment.lines]
    rows = sum(1 for line in segment.lines if any(v is not None for v in line.values))
    if segment.kind == "t3":
        return rows >= 1 and ("t3_header" in kinds or rows >= 3)
    if segment.kind == "t2":
        return rows >= 1 and ("t2_block" in kinds or "t2_header" in kinds)
    return rows >= 1


# ---------------------------------------------------------------- public entry


def tables_from_lines(
    lines: list[str], first_line: int = 1, warnings: list[str] | None = None
) -> list[Table]:
    """The report tables (2, 3, 4) printed in ``lines`` as grids; ``line`` provenance on every cell
    counts from ``first_line``. Warnings about how numbers were placed go to ``warnings``."""
    notes: list[str] = [] if warnings is None else warnings
    parsed = [parse_line(raw, first_line + i) for i, raw in enumerate(lines)]
    tables: list[Table] = []
    for segment in _segments(parsed):
        if segment.kind == "t2":
            built = _T2Builder(notes).build(segment.lines)
        elif segment.kind == "t3":
            built = [t] if (t := _T3Builder(notes).build(segment.lines)) else []
        else:
            built = [t] if (t := _build_t4(segment.lines, notes)) else []
        for table in built:
            table.index = len(tables)
            tables.append(table)
    return tables


def _cell(token: Token | None, row: int, col: int, line: int, **span: int) -> Cell:
    return Cell(
        text=token.text if token else "", row=row, col=col, line=token.line if token else line, **span
    )


# ---------------------------------------------------------------- table 3


def _leaf_of(words: list[Token]) -> tuple[list[Token], str]:
    """Split label words into the words before the row's own label (stack characters, group labels
    or their fragments) and the row label: from the last word that starts with a numbering."""
    words = [w for w in words if w.text]
    start = max((i for i, w in enumerate(words) if _NUMBERED.match(_flat(w.text))), default=0)
    prefix, leaf = words[:start], words[start:]
    while len(leaf) > 1 and (
        (len(leaf[0].text) == 1 and leaf[0].text in _STACK_CHARS) or _is_group_fragment(leaf[0].text)
    ):
        prefix.append(leaf.pop(0))
    return prefix, join_words([w.text for w in leaf])


def _is_stack(words: list[Token]) -> bool:
    return bool(words) and all(len(w.text) == 1 and w.text in _STACK_CHARS for w in words)


def _is_group_fragment(text: str) -> bool:
    t = _flat(text)
    return (
        bool(t)
        and not _NUMBERED.match(t)
        and (len(t) >= 2 or t == "、")
        and any(t in g for g in _GROUP_NAMES)
    )


@dataclass(slots=True)
class _T3Row:
    label: list[Token]  # the row label's pieces in print order (first line first)
    values: list[Token | None]
    tabbed: bool
    spaced: bool
    group: Token | None = None
    cells: list[Token | None] | None = None  # the 7 cells once placed; None: not assigned
    candidates: list[list[Token | None]] = field(default_factory=list)
    key: str | None = None

    @property
    def text(self) -> str:
        return join_words([t.text for t in self.label])


class _T3Builder:
    """Grows table-3 rows back from label pieces and number lines, then places the numbers."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.rows: list[_T3Row] = []
        self.pending: list[Token] = []  # label pieces waiting for their numbers
        self.orphan: _Line | None = None  # numbers printed above their label
        self.group: Token | None = None  # a group label line, given to the rows of its group
        self.group_candidate: Token | None = None
        self.header: list[_Line] = []

    def build(self, lines: list[_Line]) -> Table | None:
        in_header = True
        last_data: _T3Row | None = None
        for line in lines:
            if line.kind == "t3_header" or (in_header and not self._starts_rows(line)):
                if not self.rows:
                    self.header.append(line)
                in_header = True
                continue
            in_header = False
            last_data = self._read_line(line, last_data)
        self._flush_pending(None)
        if self.orphan is not None:
            self.warnings.append(f"table 3: numbers on line {self.orphan.no} have no row label; not used")
        if not self.rows:
            return None
        self._key_rows()
        self._place_numbers()
        return self._grid()

    def _starts_rows(self, line: _Line) -> bool:
        if line.kind == "t3_header":
            return False
        if line.values:
            return True
        _, leaf = _leaf_of(line.labels)
        return bool(leaf) and (bool(_NUMBERED.match(_flat(leaf))) or _t3_keyword(leaf))

    # ------------------------------------------------------------ rows from lines

    def _read_line(self, line: _Line, last_data: _T3Row | None) -> _T3Row | None:
        prefix, leaf = _leaf_of(line.labels)
        group = next((w for w in prefix if _GROUP_LABEL.match(_flat(w.text))), None)
        leaf_words = [w for w in line.labels if w not in prefix]
        if group is not None:
            self.group, self.group_candidate = group, None
        if not line.values and not line.tabbed:
            self._label_only(leaf, leaf_words)
            return None
        numbered = bool(_NUMBERED.match(_flat(leaf)))
        if leaf and not numbered and _is_group_fragment(leaf):
            leaf, leaf_words = "", []
        if numbered:
            self._flush_pending(None)
            return self._new_row(leaf_words, line)
        start = max((i for i, w in enumerate(self.pending) if _NUMBERED.match(_flat(w.text))), default=None)
        if start is not None:
            self._flush_pending(start)
            words, self.pending = self.pending + leaf_words, []
            return self._new_row(words, line)
        if leaf and _t3_keyword(join_words([w.text for w in self.pending]) + leaf):
            words, self.pending = self.pending + leaf_words, []
            return self._new_row(words, line)
        self._flush_pending(None)
        if leaf_words and self.rows:
            self.rows[-1].label.extend(leaf_words)
        if last_data is not None and not line.labels and len(last_data.values) < _N3:
            last_data.values.extend(line.values)  # one cell per line: the row goes on
            return last_data
        if self.orphan is not None:
            self.warnings.append(f"table 3: numbers on line {self.orphan.no} have no row label; not used")
        self.orphan = line
        return None

    def _label_only(self, leaf: str, words: list[Token]) -> None:
        flat = _flat(leaf)
        if not leaf or _is_stack(words) or "办理结果" in flat:
            return  # the vertical 三、本年度办理结果, whole or in pieces, heads no row
        if _GROUP_LABEL.match(flat):
            if len(flat) > 3:  # a whole group label closes the rows above (a bare （四） may sit mid-row)
                self._flush_pending(None)
            self.group_candidate = words[0] if len(words) == 1 else Token(leaf, words[0].line, 0, 0, 0, 0)
            return
        if _is_group_fragment(leaf):
            return
        if _NUMBERED.match(flat) and self.orphan is not None:
            orphan, self.orphan = self.orphan, None
            self._flush_pending(None)
            self._new_row(words, orphan)
            return
        self.pending.extend(words)

    def _flush_pending(self, upto: int | None) -> None:
        """Label pieces before ``upto`` (all when None): a numbered piece is a row printed without
        numbers (all blank); an unnumbered piece continues the label of the row above."""
        pieces, self.pending = self.pending[:upto], self.pending[upto:] if upto is not None else []
        for piece in pieces:
            if _NUMBERED.match(_flat(piece.text)):
                blank = _Line(piece.line, [], [None] * _N3, tabbed=True, spaced=False)
                self._new_row([piece], blank)
            elif self.rows:
                self.rows[-1].label.append(piece)

    def _new_row(self, words: list[Token], line: _Line) -> _T3Row:
        text = _flat(join_words([w.text for w in words]))
        if self.group_candidate is not None:
            # A group label on its own line heads the rows below it only if they start at item 1.
            starts_group = re.match(r"^1[.、,)]", text)
            candidate, self.group_candidate = self.group_candidate, None
            if starts_group:
                self.group = candidate
            elif _flat(candidate.text).endswith(("其他处理", "其它处理")):
                self.rows.append(_T3Row([candidate], [None] * _N3, tabbed=True, spaced=False))
        if self.group is not None and not re.match(r"^[0-9]+[.、,)]", text):
            self.group = None
        row = _T3Row(list(words), list(line.values), line.tabbed, line.spaced, group=self.group)
        if line.glued:
            self.warnings.append(f"table 3 row {row.text}: number {line.glued} printed against its label")
        self.rows.append(row)
        return row

    # ------------------------------------------------------------ numbers into columns

    def _key_rows(self) -> None:
        previous = None
        for row in self.rows:
            path = ([row.group.text] if row.group else []) + [row.text]
            match = labels.t3_row_key(path, previous=previous)
            row.key = match.key if match else None
            previous = row.key or previous

    def _place_numbers(self) -> None:
        aligned = [
            [v for v in r.values if v] for r in self.rows if not r.tabbed and (r.spaced or len(r.values) == 1)
        ]
        columns = aligned_columns(aligned, _N3, self._header_words())
        for row in self.rows:
            if row.tabbed:
                row.cells = _fit_tab_cells(row.values, _N3)
            elif len(row.values) == _N3:
                row.cells = list(row.values)
            elif (placed := place_by_position(row.values, columns, _N3)) is not None:
                row.cells = placed
            else:
                self._solve_row(row)
        self._solve_by_columns()

    def _solve_row(self, row: _T3Row) -> None:
        tokens = [v for v in row.values if v is not None]
        found = readings(tokens, _N3, _row_sum_holds)
        if found is None:
            self.warnings.append(
                f"table 3 row {row.text}: numbers {_show(tokens)} have too many readings; not assigned"
            )
        elif len(found) == 1:
            row.cells = found[0]
            self.warnings.append(
                f"table 3 row {row.text}: {_describe(tokens, found[0], T3_HEADER_NAMES)}"
                f" by the row total {_total_text(found[0])}"
            )
        elif found:
            row.candidates = found
        else:
            self.warnings.append(
                f"table 3 row {row.text}: numbers {_show(tokens)} do not fit the 7 columns in any reading"
                " that adds up; not assigned"
            )

    def _solve_by_columns(self) -> None:
        """Rows with several readings: keep the combination for which the column identities hold
        (一+二 = （七）+四; （七） = the sum of the result rows)."""
        open_rows = [r for r in self.rows if r.candidates]
        if not open_rows:
            return
        combos = 1
        for row in open_rows:
            combos *= len(row.candidates)
        by_key = {r.key: r for r in self.rows if r.key}
        passing: list[tuple[list[Token | None], ...]] = []
        if combos <= 20000 and _column_identities_checkable(by_key, open_rows):
            for combo in product(*(r.candidates for r in open_rows)):
                chosen = {id(r): cells for r, cells in zip(open_rows, combo, strict=True)}
                if _column_identities_hold(by_key, chosen):
                    passing.append(combo)
        for i, row in enumerate(open_rows):
            choices = {tuple(id(t) if t else None for t in combo[i]) for combo in passing}
            tokens = [v for v in row.values if v is not None]
            if passing and len(choices) == 1:
                row.cells = passing[0][i]
                self.warnings.append(
                    f"table 3 row {row.text}: {_describe(tokens, row.cells, T3_HEADER_NAMES)}"
                    " by the column identities"
                )
            else:
                left = f"; the column identities leave {len(choices)}" if len(choices) > 1 else ""
                self.warnings.append(
                    f"table 3 row {row.text}: numbers {_show(tokens)} fit the 7 columns in "
                    f"{len(row.candidates)} ways that add up (separators or blanks lost{left}); not assigned"
                )
            row.candidates = []

    def _header_words(self) -> list[Token]:
        """The seven column names in the printed header, left to right, when they can be told."""
        by_key: dict[str, Token] = {}
        for line in self.header:
            for w in line.labels:
                key = labels.t3_column_key(w.text)
                if key and not re.search(r"法人|申请人", _flat(w.text)):
                    by_key.setdefault(key, w)  # 商业 above 企业: the first line names the column
        return sorted(by_key.values(), key=lambda w: w.start_w) if len(by_key) == _N3 else []

    # ------------------------------------------------------------ the grid

    def _grid(self) -> Table:
        cells: list[Cell] = []
        first = self.header[0].no if self.header else self.rows[0].label[0].line if self.rows[0].label else 1
        corner = next(
            (ln.label for ln in self.header if "勾稽" in ln.label or "申请人" in ln.label), "申请人情况"
        )
        cells.append(Cell(text=corner, row=0, col=0, colspan=2, line=first))
        header_line = self.header[0].no if self.header else first
        for i, name in enumerate(T3_HEADER_NAMES):
            cells.append(Cell(text=name, row=0, col=2 + i, line=header_line))
        group_cell: Cell | None = None
        for r, row in enumerate(self.rows, start=1):
            line = row.label[0].line if row.label else header_line
            top = row.key in ("new_received", "carried_in", "carried_out") or _TOP_ROW.match(_flat(row.text))
            if row.group is not None and not top:
                if (
                    group_cell is not None
                    and group_cell.text == row.group.text
                    and group_cell.line == row.group.line
                ):
                    group_cell.rowspan += 1
                else:
                    group_cell = _cell(row.group, r, 0, line)
                    cells.append(group_cell)
            else:
                group_cell = None
            cells.append(Cell(text=row.text, row=r, col=0 if top else 1, colspan=2 if top else 1, line=line))
            if row.cells is None:
                continue
            for c, token in enumerate(row.cells):
                cells.append(_cell(token, r, 2 + c, line))
        return Table(index=0, cells=cells, caption="三、收到和处理政府信息公开申请情况")


def _fit_tab_cells(values: list[Token | None], n: int) -> list[Token | None]:
    """Tab cells to ``n`` columns: trailing tabs an editor dropped are blanks; extra empty cells
    at either end are gaps of merged label cells."""
    cells = list(values)
    while len(cells) > n and cells[-1] is None:
        cells.pop()
    while len(cells) > n and cells[0] is None:
        cells.pop(0)
    return (cells + [None] * n)[:n] if len(cells) <= n else cells[-n:]


def _number(token: Token | None) -> float:
    if token is None:
        return 0.0
    value = token_value(token.text)
    return value if value is not None else float("nan")


def _row_sum_holds(cells: list[Token | None]) -> bool:
    return _number(cells[-1]) == sum(_number(c) for c in cells[:-1])


def _column_identities_checkable(by_key: dict[str, _T3Row], open_rows: list[_T3Row]) -> bool:
    keys = {r.key for r in open_rows}
    balance = {"new_received", "carried_in", "total_handled", "carried_out"}
    return (balance <= by_key.keys() and bool(keys & balance)) or "total_handled" in by_key


def _column_identities_hold(by_key: dict[str, _T3Row], chosen: dict[int, list[Token | None]]) -> bool:
    def cells(key: str) -> list[Token | None] | None:
        row = by_key.get(key)
        if row is None:
            return None
        return chosen.get(id(row), row.cells)

    balance = [cells(k) for k in ("new_received", "carried_in", "total_handled", "carried_out")]
    results = [
        cells(k) for k in T3_ROWS if k in by_key and (k in T3_RESULT_ROWS_COMMON or k.startswith("other."))
    ]
    total = cells("total_handled")
    for c in range(_N3):
        if all(b is not None for b in balance):
            a, b, t, o = (_number(x[c]) for x in balance)  # type: ignore[index]
            if a + b != t + o:
                return False
        sums = total is not None and results and all(x is not None for x in results)
        if sums and _number(total[c]) != sum(_number(x[c]) for x in results):  # type: ignore[index]
            return False
    return True


def _show(tokens: list[Token]) -> str:
    return "'" + " ".join(t.text for t in tokens) + "'"


def _total_text(cells: list[Token | None]) -> str:
    total = cells[-1]
    return total.text if total else "(blank)"


def _describe(tokens: list[Token], cells: list[Token | None], names: tuple[str, ...]) -> str:
    """How a reading differs from the printed tokens: splits, and blanks restored."""
    parts = []
    for token in tokens:
        pieces = [c.text for c in cells if c is not None and c.start >= token.start and c.end <= token.end]
        if len(pieces) > 1:
            parts.append(f"split '{token.text}' as {'|'.join(pieces)}")
    blanks = [names[i] for i, c in enumerate(cells) if c is None]
    if blanks:
        parts.append(f"blank {', '.join(blanks)}")
    return "; ".join(parts) or "read"


# ---------------------------------------------------------------- table 4


def _t4_group_of(label: str, single: bool = False) -> int | None:
    """Which group of table 4 a label names (0 复议, 1 直接起诉, 2 复议后起诉); with ``single``, only
    a label naming one group and no outcome ("行政诉讼（复议后起诉）", not a header row)."""
    t = _flat(label)
    if single and (re.search(r"结果|审结|总计", t) or len(re.findall(r"复议", t)) > 1 + ("复议后" in t)):
        return None
    if re.search(r"未经复议|直接起诉", t):
        return 1
    if "复议后" in t:
        return 2
    if "复议" in t:
        return 0
    return None


def _t4_total_holds(cells: list[Token | None]) -> bool:
    return all(_row_sum_holds(cells[g * 5 : g * 5 + 5]) for g in range(len(cells) // 5))


def _build_t4(lines: list[_Line], warnings: list[str]) -> Table | None:
    """One row of 15 cells: on one line, on three lines of five (one per group, perhaps labelled),
    or broken anywhere between; header lines are replaced by the format's names."""
    first_data = next((i for i, ln in enumerate(lines) if ln.kind != "t4_header" and ln.values), None)
    if first_data is None:
        return None
    header = [ln for ln in lines[:first_data] if ln.kind == "t4_header"]
    # After the first row, a line naming one group and printing no number is that group, all blank.
    data = [
        ln
        for ln in lines[first_data:]
        if (ln.kind != "t4_header" and ln.values)
        or (not ln.values and _t4_group_of(ln.label, single=True) is not None)
    ][:3]
    groups: list[list[Token | None] | None] = [None, None, None]
    named = [_t4_group_of(ln.label) for ln in data]
    if len(data) == 1 and data[0].tabbed:
        slots: list[Token | None] | None = _fit_tab_cells(data[0].values, _N4)
    elif len(data) > 1 and (all(g is not None for g in named) or all(len(ln.values) <= 5 for ln in data)):
        slots = None
        heads = [
            w for ln in header if ln.spaced for w in ln.labels if labels.t4_column_key("行政复议" + w.text)
        ]
        spaced = all(ln.spaced for ln in header if ln.labels)
        columns = aligned_columns(
            [[v for v in ln.values if v] for ln in data], 5, heads if len(heads) == 5 else None, spaced
        )
        for i, ln in enumerate(data):
            g = named[i] if named[i] is not None else i
            groups[g] = _t4_group(ln, columns, warnings, T4_GROUP_NAMES[g])
    else:
        slots = _t4_slots([v for ln in data for v in ln.values if v is not None], header, warnings)
    if slots is not None:
        groups = [slots[0:5], slots[5:10], slots[10:15]]
    first = header[0].no if header else data[0].no
    cells = [
        Cell(text="行政复议", row=0, col=0, rowspan=2, colspan=5, line=first),
        Cell(text="行政诉讼", row=0, col=5, colspan=10, line=first),
        Cell(text="未经复议直接起诉", row=1, col=5, colspan=5, line=first),
        Cell(text="复议后起诉", row=1, col=10, colspan=5, line=first),
    ]
    cells += [Cell(text=name, row=2, col=c, line=first) for c, name in enumerate(T4_OUTCOME_NAMES * 3)]
    for g, group in enumerate(groups):
        for i, token in enumerate(group or []):
            cells.append(_cell(token, 3, g * 5 + i, data[min(g, len(data) - 1)].no))
    return Table(index=0, cells=cells, caption="四、政府信息公开行政复议、行政诉讼情况")


def _t4_slots(tokens: list[Token], header: list[_Line], warnings: list[str]) -> list[Token | None] | None:
    if len(tokens) == _N4:
        return list(tokens)
    heads = [w for ln in header if ln.spaced for w in ln.labels if labels.t4_column_key("行政复议" + w.text)]
    if (placed := place_by_position(list(tokens), aligned_columns([], _N4, heads, True), _N4)) is not None:
        return placed
    found = readings(tokens, _N4, _t4_total_holds)
    if found is not None and len(found) == 1:
        warnings.append(f"table 4: {_describe(tokens, found[0], T4_OUTCOME_NAMES * 3)} by the group totals")
        return found[0]
    why = "too many readings to try" if found is None else f"{len(found)} readings add up"
    warnings.append(
        f"table 4: numbers {_show(tokens)} do not fit the 15 cells uniquely ({why}); not assigned"
    )
    return None


def _t4_group(
    line: _Line, columns: _Columns | None, warnings: list[str], name: str
) -> list[Token | None] | None:
    if line.tabbed or not line.values:
        return _fit_tab_cells(line.values, 5)
    tokens = [v for v in line.values if v]
    if len(tokens) == 5:
        return tokens
    if (placed := place_by_position(tokens, columns, 5)) is not None:
        return placed
    found = readings(tokens, 5, _row_sum_holds)
    if found is not None and len(found) == 1:
        warnings.append(f"table 4 {name}: {_describe(tokens, found[0], T4_OUTCOME_NAMES)} by the group total")
        return found[0]
    warnings.append(f"table 4 {name}: numbers {_show(tokens)} do not fit 5 columns uniquely; not assigned")
    return None


# ---------------------------------------------------------------- table 2


@dataclass(slots=True)
class _T2Block:
    title: _Line | None
    header: list[Token] = field(default_factory=list)  # column header cells (after 信息内容)
    header_label: Token | None = None
    header_spaced: bool = False
    rows: list[tuple[list[Token], list[Token | None], _Line]] = field(default_factory=list)


class _T2Builder:
    """Table 2: one grid per 第二十条 block (title row, header row, data rows)."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.blocks: list[_T2Block] = []

    def build(self, lines: list[_Line]) -> list[Table]:
        block: _T2Block | None = None
        pending: list[Token] = []
        for line in lines:
            if line.kind == "t2_block":
                if block is not None:
                    self._close_pending(block, pending)
                pending = []
                block = _T2Block(title=line)
                self.blocks.append(block)
                continue
            if block is None:
                block = _T2Block(title=None)
                self.blocks.append(block)
            if not line.values and (
                line.kind == "t2_header" or (not block.rows and not pending and block.header)
            ):
                self._header(block, line)
                continue
            if not line.values:
                if labels.t2_row_key(line.label) or not pending:
                    self._close_pending(block, pending)
                    pending = list(line.labels)
                else:
                    pending.extend(line.labels)
                continue
            words = line.labels
            if pending and not labels.t2_row_key(line.label):
                words = pending + words
            elif pending:
                self._close_pending(block, pending)
            pending = []
            if not words and block.rows and len(block.rows[-1][1]) < max(1, len(block.header)):
                block.rows[-1][1].extend(line.values)  # one cell per line: the row goes on
                continue
            block.rows.append((list(words), list(line.values), line))
        if block is not None:
            self._close_pending(block, pending)
        return [t for b in self.blocks if (t := self._grid(b)) is not None]

    def _close_pending(self, block: _T2Block, pending: list[Token]) -> None:
        if pending and labels.t2_row_key(join_words([w.text for w in pending])):
            blank = _Line(pending[0].line, pending, [None] * max(1, len(block.header)), True, False)
            block.rows.append((list(pending), blank.values, blank))

    def _header(self, block: _T2Block, line: _Line) -> None:
        words = [w for w in line.labels if w.text]
        if words and _flat(words[0].text).startswith("信息内容"):
            block.header_label, words = words[0], words[1:]
        if not block.header:
            block.header, block.header_spaced = words, line.spaced
        elif len(words) == len(block.header):  # a header split over two lines, cell by cell
            block.header = [_joined(a, b) for a, b in zip(block.header, words, strict=True)]
        elif words:  # a unit or note under the last header cell ("（单位：万元）")
            block.header[-1] = _joined(block.header[-1], words[0]) if len(words) == 1 else block.header[-1]

    def _grid(self, block: _T2Block) -> Table | None:
        if not block.rows:
            return None
        n = len(block.header) or max((len(v) for _, v, _ in block.rows), default=0)
        aligned = [
            [t for t in v if t] for _, v, ln in block.rows if not ln.tabbed and (ln.spaced or len(v) == 1)
        ]
        columns = aligned_columns(aligned, n, block.header, block.header_spaced)
        cells: list[Cell] = []
        r = 0
        if block.title is not None:
            cells.append(Cell(text=block.title.label, row=0, col=0, colspan=n + 1, line=block.title.no))
            r = 1
        if block.header:
            label = block.header_label
            line = block.header[0].line
            cells.append(
                _cell(label, r, 0, line) if label else Cell(text="信息内容", row=r, col=0, line=line)
            )
            cells += [_cell(h, r, 1 + i, line) for i, h in enumerate(block.header[:n])]
            r += 1
        for words, values, line in block.rows:
            label = join_words([w.text for w in words])
            cells.append(Cell(text=label, row=r, col=0, line=words[0].line if words else line.no))
            placed: list[Token | None] | None
            if line.tabbed:
                placed = _fit_tab_cells(values, n)
            elif len(values) == n:
                placed = list(values)
            else:
                placed = place_by_position(values, columns, n)
            if placed is None:
                self.warnings.append(
                    f"table 2 row {label}: {len(values)} numbers for {n} columns ({_show([v for v in values if v])});"
                    " not assigned"
                )
            else:
                cells += [_cell(t, r, 1 + i, line.no) for i, t in enumerate(placed)]
            if line.glued:
                self.warnings.append(f"table 2 row {label}: number {line.glued} printed against its label")
            r += 1
        caption = block.title.label if block.title else ""
        return Table(index=0, cells=cells, caption=caption)


def _joined(a: Token, b: Token) -> Token:
    return Token(a.text + b.text, a.line, a.start, a.end, a.start_w, a.end_w)
