"""Find tables printed without ruling lines: text aligned in columns (borderless Word tables, pages
printed from HTML or spreadsheets).

A line whose right part is a run of numbers set apart by wide gaps is a table line. Consecutive table
lines, with the label-only lines between them (wrapped labels, group labels) and the header lines above
them, form a region. The numbers' x-positions give the value columns; everything left of them is the
label zone. A header line after table lines starts a new region (the next table or table-2 block), as
does a section heading or a wide vertical gap. Turning a region into a grid is ``pdf_line_grid``'s job.

A page break can leave a part too small to be a region on its own: a block's header alone at the foot
of a page (its rows open the next page), or one row carried over to the top of the next page.
``join_over_break`` reads the lines on both sides of the break as one run and keeps the region that
straddles it when the rows below fit the columns above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.core.normalize import normalize_text
from nianbao.extract.pdf.settings import LAYOUT
from nianbao.extract.pdf.text import Segment, TextLine, starts_row

_NOTE = re.compile(r"^[(（].*|^(?:万元|元|件|个|项|条|次|人次)$")
_SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}[、.．]\S{2,40}(?:情况|事项|措施|问题)$")


@dataclass(slots=True)
class LineInfo:
    """One line seen against a table's label/value layout."""

    line: TextLine
    labels: list[Segment]  # label-zone segments
    values: list[Segment]  # value-zone segments (numbers and header words)

    @property
    def label_text(self) -> str:
        return "".join(s.text for s in self.labels)

    @property
    def numbers(self) -> list[Segment]:
        return [s for s in self.values if s.is_value]

    @property
    def words(self) -> list[Segment]:
        return [s for s in self.values if not s.is_value]


@dataclass(slots=True)
class Region:
    """The lines of one unruled table on one page (several pages once joined)."""

    lines: list[TextLine]
    boundary: float | None  # x between label zone and value zone; None: no label zone
    columns: list[tuple[float, float]] = field(default_factory=list)  # value columns seen so far
    header: list[str] = field(default_factory=list)  # header lines above the first values, normalized

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def last_page(self) -> int:
        return self.lines[-1].page

    @property
    def top(self) -> float:
        return self.lines[0].top


def trailing_values(line: TextLine) -> tuple[list[Segment], list[Segment]]:
    """The line's segments split into the text before and the run of values that ends the line."""
    segs = line.segments()
    i = len(segs)
    while i > 0 and segs[i - 1].is_value:
        i -= 1
    return segs[:i], segs[i:]


def is_table_line(line: TextLine) -> bool:
    """Two or more values set apart, or a label and one value far from it ("行政许可      1808595")."""
    labels, values = trailing_values(line)
    if len(values) >= 2:
        return True
    return len(values) == 1 and bool(labels) and values[0].x0 - labels[-1].x1 >= 1.5 * line.size


def is_section_heading(text: str) -> bool:
    return bool(_SECTION_HEADING.match(re.sub(r"\s+", "", text)))


def split_line(line: TextLine, boundary: float | None) -> LineInfo:
    """The line's segments on either side of the label/value boundary (by their centres)."""
    if boundary is None:
        return LineInfo(line, [], list(line.segments()))
    labels = [s for s in line.segments() if s.center < boundary]
    values = [s for s in line.segments() if s.center >= boundary]
    return LineInfo(line, labels, values)


def is_note(segment: Segment) -> bool:
    """A value cell's second line: its note in brackets or its unit ("（其中修订16件）", "元")."""
    return bool(_NOTE.match(segment.text))


# ---------------------------------------------------------------- regions of one page


class _Layout:
    """The label/value layout of a region as its table lines are added."""

    def __init__(self, line: TextLine) -> None:
        self.label_right: float | None = None
        self.value_left = self.value_right = 0.0
        self.columns: list[tuple[float, float]] = []
        self.pitch = line.size * 1.5
        self.size = line.size
        self.first = True
        self.add(line)

    @property
    def boundary(self) -> float | None:
        if self.label_right is None:
            return None
        if self.label_right < self.value_left:
            return (self.label_right + self.value_left) / 2
        return self.value_left - 1

    def add(self, line: TextLine) -> None:
        labels, values = trailing_values(line)
        if not values:
            return
        if labels:
            right = max(s.x1 for s in labels)
            self.label_right = right if self.label_right is None else max(self.label_right, right)
        left, right = min(s.x0 for s in values), max(s.x1 for s in values)
        if self.first:
            self.value_left, self.value_right, self.first = left, right, False
        else:
            self.value_left, self.value_right = min(self.value_left, left), max(self.value_right, right)
        for s in values:
            self.columns.append((s.x0, s.x1))

    def aligned(self, line: TextLine) -> bool:
        """A table line of the same table: its values fall on or near the columns seen so far."""
        _, values = trailing_values(line)
        slack = 2 * line.size
        hits = sum(1 for s in values if any(a - slack <= s.center <= b + slack for a, b in self.columns))
        return hits >= max(1, len(values) // 2)

    def fits(self, line: TextLine) -> bool:
        """No segment runs from the label zone into the columns, and none is as wide as a paragraph:
        the line can be part of the table."""
        boundary = self.boundary
        tolerance = 0.5 * line.size
        widest = max(0.6 * (self.value_right - self.value_left), 16 * line.size)
        for s in line.segments():
            if boundary is None:
                if s.x0 < self.value_left - 3 * line.size:
                    return False
            elif s.x0 < boundary - tolerance:
                if s.x1 > self.value_left + tolerance:
                    return False
                continue
            if s.x1 - s.x0 > widest:
                return False
        return True

    def kind(self, line: TextLine) -> str:
        """ "label" (label zone only), "data" (values in the value zone), "note" (a value's note) or
        "header" (words over the columns)."""
        info = split_line(line, self.boundary)
        if not info.values:
            return "label"
        if info.numbers:
            return "data"
        if all(is_note(s) for s in info.values) and not info.labels:
            return "note"
        return "header"


def find_regions(lines: list[TextLine]) -> list[Region]:
    """The unruled tables among a page's lines (lines top to bottom, running header/footer removed)."""
    regions: list[Region] = []
    taken: set[int] = set()
    i = 0
    while i < len(lines):
        if i in taken or not is_table_line(lines[i]) or is_section_heading(lines[i].text):
            i += 1
            continue
        layout = _Layout(lines[i])
        members = _grow_down(lines, i, layout, taken)
        members = _grow_up(lines, i, layout, taken) + members
        if sum(1 for k in members if is_table_line(lines[k])) >= 2 or _is_one_row_table(lines, members):
            taken.update(members)
            header = [
                normalize_text(lines[k].text) for k in members if k < i and layout.kind(lines[k]) == "header"
            ]
            regions.append(Region([lines[k] for k in members], layout.boundary, layout.columns, header))
        i = max(members) + 1
    return regions


def _is_one_row_table(lines: list[TextLine], members: list[int]) -> bool:
    """A single table line counts when a header is above it (table 4, a one-row table-2 block)."""
    return any(not is_table_line(lines[k]) and len(lines[k].segments()) >= 2 for k in members)


def _gap(upper: TextLine, lower: TextLine) -> float:
    if upper.page != lower.page:
        return 0.0
    return lower.top - upper.bottom


def _grow_down(lines: list[TextLine], i: int, layout: _Layout, taken: set[int]) -> list[int]:
    members, pending = [i], []
    k = i + 1
    while k < len(lines) and k not in taken:
        line = lines[k]
        if _gap(lines[k - 1], line) > LAYOUT.max_line_gap * layout.pitch or is_section_heading(line.text):
            break
        fits = layout.fits(line)
        kind = layout.kind(line) if fits else ""
        if is_table_line(line) or kind == "data":
            if not fits or not layout.aligned(line):
                break
            members += pending + [k]
            pending = []
            layout.add(line)
        elif fits and kind != "header":
            pending.append(k)
        else:
            break  # a paragraph, or a header line: the next table begins
        k += 1
    # After the last table line: the rest of a wrapped label, a value's note, or rows printed blank.
    for k in pending:
        if k - 1 not in members or not _trailing_row(lines[k - 1], lines[k], layout):
            break
        members.append(k)
    return members


def label_core(line: TextLine) -> str:
    """A line's text without the short fragments of a vertical stack in front of it (本/（三）…)."""
    segs = line.segments()
    while len(segs) > 1 and len(segs[0].text) <= 3:
        segs = segs[1:]
    return "".join(s.text for s in segs)


def _row_like(line: TextLine, layout: _Layout) -> bool:
    """A label-only line that can be a table row printed blank: the table's type size, a row label
    (numbered, or a row name), no sentence."""
    text = label_core(line)
    return (
        abs(line.size - layout.size) <= 0.6
        and layout.kind(line) == "label"
        and starts_row(text)
        and len(text) <= 60
        and "。" not in text
        and not is_section_heading(text)
    )


def _trailing_row(previous: TextLine, line: TextLine, layout: _Layout) -> bool:
    kind = layout.kind(line)
    if kind == "note":
        return True
    tight = _gap(previous, line) <= 0.8 * layout.pitch
    continuation = (
        kind == "label" and not starts_row(label_core(line)) and tight and abs(line.size - layout.size) <= 0.6
    )
    return continuation or _row_like(line, layout)


def _grow_up(lines: list[TextLine], i: int, layout: _Layout, taken: set[int]) -> list[int]:
    """Header lines above the first table line, the labels beside them (a corner cell), and the first
    row's own wrapped label."""
    members: list[int] = []
    header_top = header_bottom = None
    header_page = 0
    k = i - 1
    while k >= 0 and k not in taken:
        line, below = lines[k], lines[k + 1]
        if _gap(line, below) > LAYOUT.max_line_gap * layout.pitch or is_section_heading(line.text):
            break
        if is_table_line(line) or not layout.fits(line):
            break
        kind = layout.kind(line)
        if kind in ("header", "note"):
            header_top, header_page = line.top, line.page
            header_bottom = header_bottom if header_bottom is not None else line.bottom
        elif kind == "label" and header_top is not None:
            if line.page != header_page or line.bottom < header_top - layout.pitch:
                break  # above the header block: a title or the text before the table
        elif kind == "label":
            # Rows above the first line of values: blank rows, a label whose numbers are below it,
            # the rest of a label from the page before.
            tight = _gap(line, below) <= 0.8 * layout.pitch
            same_size = abs(line.size - layout.size) <= 0.6
            if not (_row_like(line, layout) or (tight and same_size and "。" not in line.text)):
                break
        else:
            break
        members.insert(0, k)
        k -= 1
    return members


def continues_region(previous: Region, region: Region) -> bool:
    """Whether ``region`` (first thing on its page) continues ``previous`` (last thing on the page
    before): the same label boundary and its values on the columns seen before."""
    if region.page != previous.last_page + 1:
        return False
    if (previous.boundary is None) != (region.boundary is None):
        return False
    if region.header and not set(region.header) <= set(previous.header):
        return False  # a header of its own: the next table (or table-2 block), not the rest of this one
    size = region.lines[0].size
    centers = [(x0 + x1) / 2 for x0, x1 in region.columns]
    if not centers:
        return False
    hits = sum(1 for c in centers if any(x0 - size <= c <= x1 + size for x0, x1 in previous.columns))
    return hits >= 0.8 * len(centers)


# ---------------------------------------------------------------- a part cut by a page break


def join_over_break(above: list[TextLine], below: list[TextLine]) -> Region | None:
    """The region running over a page break, or None.

    ``above`` ends a page: its last region's lines, or the lines after its last region (a block's
    header left alone at the foot of the page). ``below`` begins the next page: the lines before its
    first region (a row carried over, even a single line), or its first region when that has no
    header of its own. Both are read as one run of lines (a page break is no vertical gap), so a
    section heading or a paragraph between them still ends the table. The region found must hold lines
    of both pages, and the values below the break must sit in the columns above it: under the numbers
    of the rows above, or under the words of a header with no rows yet.
    """
    if not above or not below:
        return None
    page = below[0].page
    for region in find_regions(above + below):
        upper = [ln for ln in region.lines if ln.page != page]
        lower = [ln for ln in region.lines if ln.page == page]
        if upper and lower and _fits_columns(region, upper, lower):
            return region
    return None


def _fits_columns(region: Region, upper: list[TextLine], lower: list[TextLine]) -> bool:
    values = [s for line in lower for s in split_line(line, region.boundary).numbers]
    if not values:
        return False  # only labels or notes below the break: no row was carried over
    infos = [split_line(line, region.boundary) for line in upper]
    columns = [(s.x0, s.x1) for info in infos for s in info.numbers]
    if not columns:  # a header alone: its words stand over the columns
        columns = [(s.x0, s.x1) for info in infos for s in info.words]
    size = lower[0].size
    hits = sum(1 for s in values if any(a - size <= s.center <= b + size for a, b in columns))
    return hits >= 0.8 * len(values)
