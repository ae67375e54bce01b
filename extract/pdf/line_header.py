"""The header of an unruled table: words over the value columns, nested like merged cells
(行政诉讼 over 未经复议直接起诉 over 结果/维持), rebuilt as the cells a ruled table would have.

Without ruling lines a header word's extent is a guess. A word is taken to span the columns it is
centred over: it widens one column on each side at a time while the new columns have header words of
their own further down and it stays inside the word above it. Words wrapped over several lines of one
column ("结果" over "维持") are one cell. Each cell's row is one below the lowest cell above it, and it
reaches down to the next cell under it, as merged header cells do.
"""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.extract.pdf.text import Segment, join_wrapped


@dataclass(slots=True)
class Columns:
    """Value columns as x-intervals, left to right."""

    intervals: list[tuple[float, float]]

    def __len__(self) -> int:
        return len(self.intervals)

    @property
    def centers(self) -> list[float]:
        return [(a + b) / 2 for a, b in self.intervals]

    def bounds(self) -> list[float]:
        """Column boundaries: midway between neighbouring columns, the outer ones as far out."""
        spans = self.intervals
        if not spans:
            return [0.0]
        inner = [(a[1] + b[0]) / 2 for a, b in zip(spans[:-1], spans[1:], strict=True)]
        left = spans[0][0] - (inner[0] - spans[0][1] if inner else 2.0)
        right = spans[-1][1] + (spans[-1][0] - inner[-1] if inner else 2.0)
        return [left, *inner, right]

    def column_of(self, x: float) -> int:
        def distance(c: int) -> float:
            a, b = self.intervals[c]
            return 0.0 if a <= x <= b else min(abs(a - x), abs(b - x))

        return min(range(len(self.intervals)), key=distance)


@dataclass(slots=True)
class HeaderCell:
    lo: int  # first value column
    hi: int  # last value column
    segments: list[Segment]
    level: int = 0
    rowspan: int = 1

    @property
    def text(self) -> str:
        return join_wrapped(s.text for s in self.segments)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)


def layout_header(lines: list[list[Segment]], columns: Columns) -> tuple[list[HeaderCell], int]:
    """Cells and number of grid rows of a header printed as ``lines`` (value-zone words of each line,
    top to bottom)."""
    cells = _merge_wrapped([cell for words in lines for cell in _initial_spans(words, columns)], columns)
    _widen_groups(cells, columns)
    return cells, _assign_levels(cells)


def _initial_spans(words: list[Segment], columns: Columns) -> list[HeaderCell]:
    """The columns each word is printed over (at least the one under its centre)."""
    cells: list[HeaderCell] = []
    for s in sorted(words, key=lambda s: s.x0):
        inside = [c for c, x in enumerate(columns.centers) if s.x0 <= x <= s.x1]
        lo, hi = (min(inside), max(inside)) if inside else (columns.column_of(s.center),) * 2
        if cells and lo <= cells[-1].hi:  # two words over one column: one cell
            cells[-1].hi = max(cells[-1].hi, hi)
            cells[-1].segments.append(s)
            continue
        cells.append(HeaderCell(lo, hi, [s]))
    return cells


def _merge_wrapped(cells: list[HeaderCell], columns: Columns) -> list[HeaderCell]:
    """Words over the same columns on consecutive lines are one cell's wrapped text, when the upper
    one fits its columns (a word wider than its column was centred over a group, not wrapped)."""
    bounds = columns.bounds()
    out: list[HeaderCell] = []
    for cell in sorted(cells, key=lambda c: c.top):
        size = cell.segments[0].size
        upper = next((o for o in reversed(out) if o.lo <= cell.hi and cell.lo <= o.hi), None)
        if (
            upper
            and (upper.lo, upper.hi) == (cell.lo, cell.hi)
            and cell.top - upper.bottom <= 0.9 * size
            and max(s.x1 - s.x0 for s in upper.segments) <= 1.3 * (bounds[upper.hi + 1] - bounds[upper.lo])
        ):
            upper.segments.extend(cell.segments)
            continue
        out.append(cell)
    return out


def _widen_groups(cells: list[HeaderCell], columns: Columns) -> None:
    """A group header (words under it in its own columns) names every column of its group: widen it
    to the widest run of columns centred under it that have words further down, stay inside the
    header above it and take no column of a header beside it. Leaf headers keep their column."""
    n = len(columns)
    bounds = columns.bounds()
    pitch = sorted(b - a for a, b in zip(bounds[:-1], bounds[1:], strict=True))[n // 2] if n else 0.0
    for cell in sorted(cells, key=lambda c: c.top):
        slack = 0.3 * cell.segments[0].size
        below = {c for o in cells if o.top >= cell.bottom - slack for c in range(o.lo, o.hi + 1)}
        if not any(cell.lo <= c <= cell.hi for c in below):
            continue
        beside = {
            c
            for o in cells
            if o is not cell and min(o.bottom, cell.bottom) - max(o.top, cell.top) > slack
            for c in range(o.lo, o.hi + 1)
        }
        p0, p1 = _parent(cell, cells, n, slack)
        center = sum(s.center for s in cell.segments) / len(cell.segments)
        best = (cell.lo, cell.hi)
        for lo in range(p0, cell.lo + 1):
            for hi in range(cell.hi, p1 + 1):
                if (
                    hi - lo <= best[1] - best[0]
                    or abs((bounds[lo] + bounds[hi + 1]) / 2 - center) > 0.3 * pitch
                ):
                    continue
                added = [c for c in range(lo, hi + 1) if not cell.lo <= c <= cell.hi]
                if all(c in below and c not in beside for c in added):
                    best = (lo, hi)
        cell.lo, cell.hi = best


def _parent(cell: HeaderCell, cells: list[HeaderCell], n: int, slack: float) -> tuple[int, int]:
    """Columns of the lowest header above this one over its middle column (all columns if none)."""
    middle = (cell.lo + cell.hi) // 2
    above = [o for o in cells if o.bottom <= cell.top + slack and o.lo <= middle <= o.hi and o is not cell]
    if not above:
        return 0, n - 1
    parent = max(above, key=lambda o: o.bottom)
    return parent.lo, parent.hi


def _assign_levels(cells: list[HeaderCell]) -> int:
    """Grid row of each cell (one below the lowest cell above it over the same columns) and its
    rowspan (down to the next cell under it, or to the header's last row)."""
    placed: list[HeaderCell] = []
    for cell in sorted(cells, key=lambda c: c.top):
        over = [o.level for o in placed if o.lo <= cell.hi and cell.lo <= o.hi]
        cell.level = max(over) + 1 if over else 0
        placed.append(cell)
    n_levels = max((c.level for c in cells), default=-1) + 1
    for cell in cells:
        under = [o.level for o in cells if o.level > cell.level and o.lo <= cell.hi and cell.lo <= o.hi]
        cell.rowspan = (min(under) if under else n_levels) - cell.level
    return n_levels


def leaf_groups(cells: list[HeaderCell], n_levels: int, n_columns: int) -> list[tuple[int, int]]:
    """Value spans under a header: each column takes the cell reaching the header's last row over it
    (a value under a header merged over three columns spans them too)."""
    groups: list[tuple[int, int]] = []
    for c in range(n_columns):
        owner = next(
            (
                (cell.lo, cell.hi)
                for cell in cells
                if cell.lo <= c <= cell.hi and cell.level + cell.rowspan == n_levels
            ),
            (c, c),
        )
        if not groups or groups[-1] != owner:
            groups.append(owner)
    return groups
