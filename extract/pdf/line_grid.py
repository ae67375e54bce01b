"""Turn the lines of an unruled table (``pdf_lines.Region``, joined across pages) into the grid a ruled
table would give: one grid row per printed row, label cells then value cells, spans for merged cells.

- Vertical stacks of short fragments in the label zone (三/、/本/年/度…, （三）/不予/公开) are one label
  cell spanning the rows beside it, in a label column of their own.
- Rows: a label line with numbering (or a row name) starts a row; a line of values joins the label
  above when that label has none yet, so numbers printed on a wrapped label's first line, last line or
  between its lines all land in the label's row.
- Value columns come from the numbers and from the narrowest header words (a column printed blank
  everywhere still has its header). Header words span the columns they are centred over, nested under
  the header line above; a value under a header spanning several columns spans them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.core.normalize import normalize_text
from nianbao.extract.document import Cell, Table
from nianbao.extract.pdf.line_header import Columns, HeaderCell, layout_header, leaf_groups
from nianbao.extract.pdf.lines import LineInfo, Region, is_note, split_line
from nianbao.extract.pdf.text import Segment, join_wrapped, starts_row

Box = tuple[float, float, float, float]
_LEVELS = (
    (1, re.compile(r"^[一二三四五六七八九十]{1,3}[、.,]")),
    (2, re.compile(r"^\([一二三四五六七八九十]{1,3}\)")),
    (3, re.compile(r"^[0-9]{1,2}[.、,]")),
)


@dataclass(slots=True)
class _Stack:
    parts: list[Segment]
    page: int

    @property
    def text(self) -> str:
        return join_wrapped(s.text for s in self.parts)

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.parts)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.parts)

    @property
    def top(self) -> float:
        return self.parts[0].top

    @property
    def bottom(self) -> float:
        return self.parts[-1].bottom


@dataclass(slots=True)
class _Row:
    kind: str  # "header" | "data"
    lines: list[LineInfo] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.lines[0].line.page

    @property
    def top(self) -> float:
        return min(i.line.top for i in self.lines if i.line.page == self.page)

    @property
    def bottom(self) -> float:
        return max(i.line.bottom for i in self.lines if i.line.page == self.page)

    @property
    def has_values(self) -> bool:
        return any(i.numbers for i in self.lines)

    @property
    def labels(self) -> list[Segment]:
        return [s for i in self.lines for s in i.labels]

    @property
    def values(self) -> list[Segment]:
        return [s for i in self.lines for s in i.values]

    def segment_page(self, segment: Segment) -> int:
        return next(i.line.page for i in self.lines if any(s is segment for s in i.labels + i.values))


def build_unruled_table(regions: list[Region], index: int, caption: str) -> Table:
    """One Table from the regions of an unruled table, in page order."""
    bounds = [r.boundary for r in regions if r.boundary is not None]
    boundary = max(bounds) if bounds else None
    infos = _without_repeated_headers(regions, boundary)
    stacks = _take_stacks(infos)
    rows = _form_rows(infos)
    columns = Columns(_value_columns(rows))
    grid = _Grid(rows, columns, stacks, boundary)
    return Table(index=index, cells=grid.cells(), caption=caption)


# ---------------------------------------------------------------- lines


def _without_repeated_headers(regions: list[Region], boundary: float | None) -> list[LineInfo]:
    """All lines; a continuation's leading lines that repeat the first part's header are dropped."""
    first = [split_line(line, boundary) for line in regions[0].lines]
    header = set()
    for info in first:
        if info.numbers or (info.labels and not info.values and starts_row(info.label_text)):
            break
        header.add(normalize_text(info.line.text))
    out = list(first)
    for region in regions[1:]:
        leading = True
        for line in region.lines:
            info = split_line(line, boundary)
            if leading and not info.numbers and normalize_text(line.text) in header:
                continue
            leading = False
            out.append(info)
    return out


def _take_stacks(infos: list[LineInfo]) -> list[_Stack]:
    """Find vertical stacks of short label fragments and take them out of their lines."""
    candidates: list[tuple[LineInfo, Segment]] = []
    for info in infos:
        for j, s in enumerate(info.labels):
            short = len(s.text) <= 3 and s.x1 - s.x0 <= 3.2 * s.size
            if short and (j < len(info.labels) - 1 or len(info.labels) == 1):
                candidates.append((info, s))
    # A stack's pieces share an x-band and follow each other within two lines (other rows' labels may
    # sit between them when the stack is centred beside a tall group).
    bands: list[list[tuple[LineInfo, Segment]]] = []
    for info, s in sorted(candidates, key=lambda c: (c[0].line.page, c[1].top)):
        for band in bands:
            last_info, last = band[-1]
            same_band = abs(last.center - s.center) <= 0.8 * s.size and last_info.line.page == info.line.page
            if same_band and s.top - last.bottom <= 2.6 * s.size:
                band.append((info, s))
                break
        else:
            bands.append([(info, s)])
    stacks = []
    for band in bands:
        if len(band) < 2:
            continue
        for info, s in band:
            info.labels.remove(s)
        stacks.append(_Stack([s for _, s in band], band[0][0].line.page))
    return stacks


def _form_rows(infos: list[LineInfo]) -> list[_Row]:
    rows: list[_Row] = []
    in_header = True  # lines before the first row label or value are the header
    words_seen = False  # header words seen: label lines beside them are the header's corner
    live = [i for i in infos if i.labels or i.values]
    for n, info in enumerate(live):
        label = info.label_text
        row_label = bool(label) and not info.values and starts_row(label)
        if in_header and not info.numbers and not row_label and (info.values or words_seen):
            words_seen = True
            rows.append(_Row("header", [info]))
            continue
        in_header = in_header and not info.numbers and not row_label
        if info.words and not info.numbers and not all(is_note(s) for s in info.words):
            rows.append(_Row("header", [info]))  # a header further down (a table-2 block's)
            continue
        current = rows[-1] if rows and rows[-1].kind == "data" else None
        if in_header or current is None or _starts_new_row(current, info, live, n + 1):
            rows.append(_Row("data", [info]))  # a title line above the header is a row of its own
        else:
            current.lines.append(info)
    return rows


def _starts_new_row(current: _Row, info: LineInfo, live: list[LineInfo], after: int) -> bool:
    """Whether ``info`` begins a row rather than continuing ``current`` (``live[after]`` comes next)."""
    label = info.label_text
    last = current.lines[-1].line
    if last.page == info.line.page and info.line.top - last.bottom > 2 * info.line.size:
        return True
    if abs(info.line.size - last.size) > 1:  # another type size: a title, not this row's text
        return True
    if label and starts_row(label):
        return True
    if info.numbers:
        return current.has_values
    if not info.labels:  # a note under a value
        return False
    # A label without numbering after a complete row: the start of the next row when numbers follow
    # that do not begin a row of their own, else the rest of the row above.
    if not current.has_values:
        return False
    upcoming = live[after] if after < len(live) else None
    return bool(
        upcoming and upcoming.numbers and not (upcoming.label_text and starts_row(upcoming.label_text))
    )


# ---------------------------------------------------------------- columns


def _value_columns(rows: list[_Row]) -> list[tuple[float, float]]:
    """Value columns as x-intervals, left to right: the numbers' extents, then the narrowest header
    words where no number is (columns blank in every row)."""
    numbers: list[tuple[Segment, int]] = []
    words: list[Segment] = []
    for row in rows:
        for info in row.lines:
            for s in info.values:
                if s.is_value and row.kind == "data":
                    numbers.append((s, id(info)))
                elif row.kind == "header":
                    words.append(s)
    columns = _merge_intervals(numbers)
    for s in sorted(words, key=lambda s: s.x1 - s.x0):
        if not any(s.x0 - 1 < b and a < s.x1 + 1 for a, b in columns):
            columns.append((s.x0, s.x1))
    return sorted(columns)


def _merge_intervals(numbers: list[tuple[Segment, int]]) -> list[tuple[float, float]]:
    """Overlapping number extents are one column, unless one line has two numbers in it (then the
    column is split between them)."""
    clusters: list[list[tuple[Segment, int]]] = []
    right = 0.0
    for s, line in sorted(numbers, key=lambda n: n[0].x0):
        if clusters and s.x0 <= right + 1:
            clusters[-1].append((s, line))
            right = max(right, s.x1)
        else:
            clusters.append([(s, line)])
            right = s.x1
    out = []
    for cluster in clusters:
        out.extend(_split_crowded(cluster))
    return out


def _split_crowded(cluster: list[tuple[Segment, int]]) -> list[tuple[float, float]]:
    by_line: dict[int, list[Segment]] = {}
    for s, line in cluster:
        by_line.setdefault(line, []).append(s)
    widest = sorted(max(by_line.values(), key=len), key=lambda s: s.x0)
    if len(widest) == 1:
        return [(min(s.x0 for s, _ in cluster), max(s.x1 for s, _ in cluster))]
    cuts = [(a.x1 + b.x0) / 2 for a, b in zip(widest[:-1], widest[1:], strict=True)]
    bounds = [-1e9, *cuts, 1e9]
    out = []
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        members = [s for s, _ in cluster if lo <= s.center < hi]
        if members:
            out.append((min(s.x0 for s in members), max(s.x1 for s in members)))
    return out


# ---------------------------------------------------------------- the grid


class _Grid:
    """The cells of the table: label columns (one per stack band, then the leaf label), then the value
    columns; header lines become header rows, each data row one grid row."""

    def __init__(
        self, rows: list[_Row], columns: Columns, stacks: list[_Stack], boundary: float | None
    ) -> None:
        self.rows = rows
        self.columns = columns
        self.edges = self._edges(columns, boundary)
        self.stacks = stacks
        self.stack_cols = self._stack_columns(stacks)
        has_labels = bool(stacks) or any(row.labels for row in rows)
        self.n_label = (len(set(self.stack_cols.values())) + 1) if has_labels else 0
        self.left = min([s.x0 for row in rows for s in row.labels] + [s.x0 for s in stacks] + [self.edges[0]])

    @staticmethod
    def _edges(columns: Columns, boundary: float | None) -> list[float]:
        spans = columns.intervals
        if not spans:
            return [boundary or 0.0, (boundary or 0.0) + 1]
        inner = [(a[1] + b[0]) / 2 for a, b in zip(spans[:-1], spans[1:], strict=True)]
        first = boundary if boundary is not None else spans[0][0] - 2
        return [min(first, spans[0][0]), *inner, spans[-1][1] + 2]

    @staticmethod
    def _stack_columns(stacks: list[_Stack]) -> dict[int, int]:
        """Label column of each stack: stacks overlapping in x share one, left to right."""
        bands: list[tuple[float, float]] = []
        out = {}
        for stack in sorted(stacks, key=lambda s: s.x0):
            for b, (a0, a1) in enumerate(bands):
                if stack.x0 < a1 and a0 < stack.x1:
                    out[id(stack)] = b
                    bands[b] = (min(a0, stack.x0), max(a1, stack.x1))
                    break
            else:
                out[id(stack)] = len(bands)
                bands.append((stack.x0, stack.x1))
        return out

    # ------------------------------------------------------------ cells

    def cells(self) -> list[Cell]:
        out: list[Cell] = []
        grid_row: dict[int, int] = {}  # data row -> grid row
        g = 0
        groups = [(c, c) for c in range(len(self.columns))]
        r = 0
        while r < len(self.rows):
            if self.rows[r].kind == "header":
                block = [r]
                while block[-1] + 1 < len(self.rows) and self.rows[block[-1] + 1].kind == "header":
                    block.append(block[-1] + 1)
                cells, n_levels = layout_header([self.rows[b].values for b in block], self.columns)
                out += self._header_cells(g, [self.rows[b] for b in block], cells, n_levels)
                groups = leaf_groups(cells, n_levels, len(self.columns))
                g += n_levels
                r = block[-1] + 1
                continue
            grid_row[r] = g
            out += self._value_cells(g, self.rows[r], groups)
            g += 1
            r += 1
        occupied: dict[int, set[int]] = {}
        for stack, r0, r1 in self._stack_rows():
            col = self.stack_cols[id(stack)]
            g0, g1 = grid_row[r0], grid_row[r1]
            box = (stack.x0, stack.top, stack.x1, stack.bottom)
            out.append(Cell(stack.text, g0, col, g1 - g0 + 1, 1, page=stack.page, bbox=_round(box)))
            for row in range(g0, g1 + 1):
                occupied.setdefault(row, set()).add(col)
        if self.n_label:
            out += [self._label_cell(g, self.rows[r], occupied.get(g, set())) for r, g in grid_row.items()]
        return sorted(out, key=lambda c: (c.row, c.col))

    def _header_cells(self, g: int, rows: list[_Row], cells: list[HeaderCell], n_levels: int) -> list[Cell]:
        out = []
        page, top, bottom = rows[0].page, rows[0].top, rows[-1].bottom
        if self.n_label:  # the corner: the label-zone text beside the header, one cell over its rows
            labels = [s for row in rows for s in row.labels]
            box = _union(labels) if labels else (self.left, top, self.edges[0], bottom)
            text = join_wrapped(s.text for s in labels)
            out.append(Cell(text, g, 0, max(1, n_levels), self.n_label, page=page, bbox=_round(box)))
        covered = set()
        for cell in cells:
            box = _round(_union(cell.segments))
            col = self.n_label + cell.lo
            out.append(
                Cell(cell.text, g + cell.level, col, cell.rowspan, cell.hi - cell.lo + 1, page=page, bbox=box)
            )
            covered.update(
                (cell.level + k, c) for k in range(cell.rowspan) for c in range(cell.lo, cell.hi + 1)
            )
        for level in range(n_levels):
            for c in range(len(self.columns)):
                if (level, c) not in covered:
                    box = (self.edges[c], top, self.edges[c + 1], bottom)
                    out.append(Cell("", g + level, self.n_label + c, 1, 1, page=page, bbox=_round(box)))
        return out

    def _value_cells(self, g: int, row: _Row, groups: list[tuple[int, int]]) -> list[Cell]:
        by_group: dict[tuple[int, int], list[Segment]] = {group: [] for group in groups}
        group_of = {c: group for group in groups for c in range(group[0], group[1] + 1)}
        for s in row.values:
            by_group[group_of[self.columns.column_of(s.center)]].append(s)
        out = []
        for (lo, hi), segs in by_group.items():
            if segs:
                page = row.segment_page(segs[0])
                text = join_wrapped(s.text for s in segs)
                box = _union([s for s in segs if row.segment_page(s) == page])
            else:
                page, text = row.page, ""
                box = (self.edges[lo], row.top, self.edges[hi + 1], row.bottom)
            out.append(Cell(text, g, self.n_label + lo, 1, hi - lo + 1, page=page, bbox=_round(box)))
        return out

    def _label_cell(self, g: int, row: _Row, occupied: set[int]) -> Cell:
        leaf = self.n_label - 1
        start = leaf
        while start > 0 and start - 1 not in occupied:
            start -= 1
        labels = row.labels
        text = join_wrapped(s.text for s in labels)
        if labels:
            page = row.segment_page(labels[0])
            box = _union([s for s in labels if row.segment_page(s) == page])
        else:
            page, box = row.page, (self.left, row.top, self.edges[0], row.bottom)
        return Cell(text, g, start, 1, leaf - start + 1, page=page, bbox=_round(box))

    def _stack_rows(self) -> list[tuple[_Stack, int, int]]:
        """Rows beside each stack (a row beside two stacks of one column goes to the closer one), then
        widened over the neighbouring rows its numbering rules: a stack is centred on its group, so
        its text sits beside the middle rows only."""
        best: dict[tuple[int, int], tuple[float, int]] = {}
        for k, stack in enumerate(self.stacks):
            col = self.stack_cols[id(stack)]
            for r, row in enumerate(self.rows):
                if row.page != stack.page or row.kind != "data":
                    continue
                overlap = min(row.bottom, stack.bottom) - max(row.top, stack.top)
                if overlap > 0 and overlap > best.get((r, col), (0.0, -1))[0]:
                    best[(r, col)] = (overlap, k)
        owner = {key: k for key, (_, k) in best.items()}
        spans = {}
        for k, stack in enumerate(self.stacks):
            col = self.stack_cols[id(stack)]
            rows = [r for (r, c), owner_k in owner.items() if c == col and owner_k == k]
            if not rows:
                continue
            lo, hi = min(rows), max(rows)
            level = _level(stack.text)
            while lo > 0 and (lo - 1, col) not in owner and self._belongs(lo - 1, lo, level):
                lo -= 1
            while hi < len(self.rows) - 1 and (hi + 1, col) not in owner and self._belongs(hi + 1, hi, level):
                hi += 1
            for r in range(lo, hi + 1):
                owner[(r, col)] = k
            spans[k] = (lo, hi)
        return [(self.stacks[k], lo, hi) for k, (lo, hi) in sorted(spans.items())]

    def _belongs(self, r: int, neighbour: int, level: int) -> bool:
        """Whether row ``r`` (next to ``neighbour``, already in the group) is in a group of ``level``:
        a data row numbered one level deeper, its item number following on."""
        row = self.rows[r]
        if row.kind != "data" or not level:
            return False
        text = join_wrapped(s.text for s in row.labels)
        mine = _level(text)
        if mine and mine <= level:
            return False
        other = join_wrapped(s.text for s in self.rows[neighbour].labels)
        a, b = _item(text), _item(other)
        if level == 2 and a is not None and b is not None:  # items of one group number on
            return abs(a - b) == 1 and (a > b) == (r > neighbour)
        return True


def _level(label: str) -> int:
    """Depth of a label's numbering: 1 for 一、, 2 for （一）, 3 for 1. (0: no numbering)."""
    t = normalize_text(label)
    for level, pattern in _LEVELS:
        if pattern.match(t):
            return level
    return 0


def _item(label: str) -> int | None:
    m = re.match(r"^([0-9]{1,2})[.、,]", normalize_text(label))
    return int(m.group(1)) if m else None


def _union(segments: list[Segment]) -> Box:
    return (
        min(s.x0 for s in segments),
        min(s.top for s in segments),
        max(s.x1 for s in segments),
        max(s.bottom for s in segments),
    )


def _round(box: Box) -> Box:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))
