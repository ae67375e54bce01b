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
from dataclasses import dataclass, field

from nianbao.core import labels
from nianbao.core.headings import section_of_heading, strip_markup
from nianbao.extract.document import Cell, Table
from nianbao.extract.lines.numbers import (
    Columns,
    aligned_columns,
    describe_reading,
    fit_tab_cells,
    place_by_position,
    readings,
    row_sum_holds,
    show_tokens,
)
from nianbao.extract.lines.table3 import Table3Builder, is_t3_keyword, leaf_of
from nianbao.extract.lines.tokens import Line, Token, flat_label, join_words, make_cell, parse_line

T4_GROUP_NAMES = ("行政复议", "行政诉讼 未经复议直接起诉", "行政诉讼 复议后起诉")
T4_OUTCOME_NAMES = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
_N4 = 15

_PARENS = re.compile(r"\([^()]*\)")
_T4_WORDS = re.compile(r"行政复议|行政诉讼|复议后起诉|直接起诉|未经复议|结果维持|结果纠正|尚未审结|其他结果")


# ---------------------------------------------------------------- which table a line belongs to


def _is_narrative(label: str) -> bool:
    t = _PARENS.sub("", flat_label(label))
    return "。" in t or len(t) > 80 or (len(t) > 30 and bool(re.search(r"[,;:!?]", t)))


def _is_heading(label: str) -> bool:
    t = flat_label(strip_markup(label))
    return (
        bool(re.match(r"^[一二三四五六七八九十]{1,2}[、.,]", t))
        and section_of_heading(t) > 0
        and not is_t3_keyword(t)
    )


def _is_t4_header(label: str) -> bool:
    t = _PARENS.sub("", flat_label(label))
    words = set(_T4_WORDS.findall(t))
    return len(words) >= 2 and not re.search(r"[,。;]", t) or (len(words) == 1 and len(t) <= 12)


def _classify(line: Line) -> str:
    label = line.label
    flat = flat_label(label)
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
    if is_t3_keyword(leaf_of(line.labels)[1]):
        return "t3_row"
    return "data" if line.values else "label"


def _t2_header_words(line: Line) -> bool:
    return any(labels.t2_column_key(w.text) for w in line.labels) and not any(
        labels.t2_row_key(w.text) for w in line.labels
    )


@dataclass(slots=True)
class _Segment:
    kind: str  # "t2" | "t3" | "t4"
    lines: list[Line] = field(default_factory=list)


def _segments(lines: list[Line]) -> list[_Segment]:
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
            built = [t] if (t := Table3Builder(notes).build(segment.lines)) else []
        else:
            built = [t] if (t := _build_t4(segment.lines, notes)) else []
        for table in built:
            table.index = len(tables)
            tables.append(table)
    return tables


# ---------------------------------------------------------------- table 4


def _t4_group_of(label: str, single: bool = False) -> int | None:
    """Which group of table 4 a label names (0 复议, 1 直接起诉, 2 复议后起诉); with ``single``, only
    a label naming one group and no outcome ("行政诉讼（复议后起诉）", not a header row)."""
    t = flat_label(label)
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
    return all(row_sum_holds(cells[g * 5 : g * 5 + 5]) for g in range(len(cells) // 5))


def _build_t4(lines: list[Line], warnings: list[str]) -> Table | None:
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
        slots: list[Token | None] | None = fit_tab_cells(data[0].values, _N4)
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
            cells.append(make_cell(token, 3, g * 5 + i, data[min(g, len(data) - 1)].no))
    return Table(index=0, cells=cells, caption="四、政府信息公开行政复议、行政诉讼情况")


def _t4_slots(tokens: list[Token], header: list[Line], warnings: list[str]) -> list[Token | None] | None:
    if len(tokens) == _N4:
        return list(tokens)
    heads = [w for ln in header if ln.spaced for w in ln.labels if labels.t4_column_key("行政复议" + w.text)]
    if (placed := place_by_position(list(tokens), aligned_columns([], _N4, heads, True), _N4)) is not None:
        return placed
    found = readings(tokens, _N4, _t4_total_holds)
    if found is not None and len(found) == 1:
        warnings.append(
            f"table 4: {describe_reading(tokens, found[0], T4_OUTCOME_NAMES * 3)} by the group totals"
        )
        return found[0]
    why = "too many readings to try" if found is None else f"{len(found)} readings add up"
    warnings.append(
        f"table 4: numbers {show_tokens(tokens)} do not fit the 15 cells uniquely ({why}); not assigned"
    )
    return None


def _t4_group(
    line: Line, columns: Columns | None, warnings: list[str], name: str
) -> list[Token | None] | None:
    if line.tabbed or not line.values:
        return fit_tab_cells(line.values, 5)
    tokens = [v for v in line.values if v]
    if len(tokens) == 5:
        return tokens
    if (placed := place_by_position(tokens, columns, 5)) is not None:
        return placed
    found = readings(tokens, 5, row_sum_holds)
    if found is not None and len(found) == 1:
        warnings.append(
            f"table 4 {name}: {describe_reading(tokens, found[0], T4_OUTCOME_NAMES)} by the group total"
        )
        return found[0]
    warnings.append(
        f"table 4 {name}: numbers {show_tokens(tokens)} do not fit 5 columns uniquely; not assigned"
    )
    return None


# ---------------------------------------------------------------- table 2


@dataclass(slots=True)
class _T2Block:
    title: Line | None
    header: list[Token] = field(default_factory=list)  # column header cells (after 信息内容)
    header_label: Token | None = None
    header_spaced: bool = False
    rows: list[tuple[list[Token], list[Token | None], Line]] = field(default_factory=list)


class _T2Builder:
    """Table 2: one grid per 第二十条 block (title row, header row, data rows)."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.blocks: list[_T2Block] = []

    def build(self, lines: list[Line]) -> list[Table]:
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
            blank = Line(pending[0].line, pending, [None] * max(1, len(block.header)), True, False)
            block.rows.append((list(pending), blank.values, blank))

    def _header(self, block: _T2Block, line: Line) -> None:
        words = [w for w in line.labels if w.text]
        if words and flat_label(words[0].text).startswith("信息内容"):
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
                make_cell(label, r, 0, line) if label else Cell(text="信息内容", row=r, col=0, line=line)
            )
            cells += [make_cell(h, r, 1 + i, line) for i, h in enumerate(block.header[:n])]
            r += 1
        for words, values, line in block.rows:
            label = join_words([w.text for w in words])
            cells.append(Cell(text=label, row=r, col=0, line=words[0].line if words else line.no))
            placed: list[Token | None] | None
            if line.tabbed:
                placed = fit_tab_cells(values, n)
            elif len(values) == n:
                placed = list(values)
            else:
                placed = place_by_position(values, columns, n)
            if placed is None:
                self.warnings.append(
                    f"table 2 row {label}: {len(values)} numbers for {n} columns ({show_tokens([v for v in values if v])});"
                    " not assigned"
                )
            else:
                cells += [make_cell(t, r, 1 + i, line.no) for i, t in enumerate(placed)]
            if line.glued:
                self.warnings.append(f"table 2 row {label}: number {line.glued} printed against its label")
            r += 1
        caption = block.title.label if block.title else ""
        return Table(index=0, cells=cells, caption=caption)


def _joined(a: Token, b: Token) -> Token:
    return Token(a.text + b.text, a.line, a.start, a.end, a.start_w, a.end_w)
