"""Ruled tables of a PDF page (tables drawn with lines, as Word and WPS print them), and their joining
across pages.

pdfplumber finds the cell rectangles from the ruling lines; a merged cell is one rectangle over several
grid positions. The grid is rebuilt from the distinct rectangle edges, so each rectangle becomes one
``Cell`` with its row/column span and its own bounding box. Glyphs go to the cell holding their centre,
and a cell's lines are joined into one text (wrapped labels, stacked characters).

A table that runs over a page break comes as one part per page. Parts are joined on a common set of
column edges; a repeated header is dropped, a merged label cell cut by the page break is made whole
again, and a row Word split over the break (label on one page, the rest on the next) becomes one row.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Any

from nianbao.core.normalize import normalize_text
from nianbao.extract.document import Cell, Table
from nianbao.extract.pdf.settings import LAYOUT
from nianbao.extract.pdf.text import Char, cell_text, group_lines, is_value_text, join_wrapped, starts_row

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass(slots=True)
class PartCell:
    text: str
    row: int
    col: int
    rowspan: int
    colspan: int
    page: int
    bbox: Box


@dataclass(slots=True)
class RuledPart:
    """The piece of a ruled table printed on one page."""

    page: int
    bbox: Box
    col_edges: list[float]
    n_rows: int
    cells: list[PartCell]

    @property
    def top(self) -> float:
        return self.bbox[1]


def cluster_positions(values: list[float], tolerance: float = LAYOUT.edge_tolerance) -> list[float]:
    """Positions closer than ``tolerance`` to their neighbour are one position (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tolerance:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


def _nearest(edges: list[float], value: float) -> int:
    i = bisect_right(edges, value)
    if i == 0:
        return 0
    if i == len(edges):
        return len(edges) - 1
    return i if edges[i] - value < value - edges[i - 1] else i - 1


# ---------------------------------------------------------------- one page


def find_ruled_parts(page: Any, chars: list[Char], page_no: int) -> tuple[list[RuledPart], list[Char]]:
    """The ruled tables of one page, and the glyphs outside them (for line-based reading)."""
    if len(page.edges) < 4:
        return [], chars
    tables = page.find_tables(_TABLE_SETTINGS)
    closing = _closing_edges(page.edges, [t.bbox for t in tables])
    if closing:
        tables = page.find_tables({**_TABLE_SETTINGS, "explicit_vertical_lines": closing})
    parts: list[RuledPart] = []
    free = chars
    for found in tables:
        inside, outside = _split_by_box(free, found.bbox)
        part = _build_part(found.cells, inside, page_no)
        if part is not None:
            parts.append(part)
            free = outside
    return parts, free


def _closing_edges(edges: list[dict], boxes: list[Box]) -> list[dict]:
    """Vertical edges for the open sides of tables drawn without outer left/right borders (a common
    Word style): the rows' horizontal rules reach past the outermost vertical rule there. A row the
    first pass lost for want of those sides (a header row whose inner rules reach up to a rule of the
    table's full width) is taken back."""
    horizontal = _rules(edges)
    vertical = [e for e in edges if e["orientation"] == "v"]
    out = []
    for x0, top, x1, bottom in boxes:
        rules = [r for r in horizontal if top - 1 <= r[0] <= bottom + 1 and r[2] > x0 and r[1] < x1]
        if not rules:
            continue
        left, right = min(r[1] for r in rules), max(r[2] for r in rules)
        if left >= x0 - 5 and right <= x1 + 5:
            continue
        same = [r[0] for r in horizontal if abs(r[1] - left) <= 3 and abs(r[2] - right) <= 3]
        inner = [e for e in vertical if left < e["x0"] < right]
        for y in sorted((y for y in same if y < top - 1), reverse=True):
            if not _spanned(inner, y, top):
                break
            top = y
        for y in sorted(y for y in same if y > bottom + 1):
            if not _spanned(inner, bottom, y):
                break
            bottom = y
        for x in (left,) * (left < x0 - 5) + (right,) * (right > x1 + 5):
            out.append(
                {
                    "object_type": "line_edge",
                    "orientation": "v",
                    "x0": x,
                    "x1": x,
                    "top": top,
                    "bottom": bottom,
                    "width": 0,
                    "height": bottom - top,
                    "doctop": top,
                }  # fmt: skip
            )
    return out


def _spanned(vertical: list[dict], a: float, b: float) -> bool:
    """Whether one of the vertical rules runs from y=a down to y=b."""
    return any(e["top"] <= a + 1 and e["bottom"] >= b - 1 for e in vertical)


def _rules(edges: list[dict]) -> list[tuple[float, float, float]]:
    """Horizontal rules as (y, x0, x1), the segments Word draws cell by cell joined into one rule."""
    segments = sorted(
        ((round(e["top"]), e["x0"], e["x1"]) for e in edges if e["orientation"] == "h"),
        key=lambda r: (r[0], r[1]),
    )
    out: list[list[float]] = []
    for y, a, b in segments:
        if out and abs(out[-1][0] - y) <= 1 and a <= out[-1][2] + 2:
            out[-1][2] = max(out[-1][2], b)
        else:
            out.append([y, a, b])
    return [(y, a, b) for y, a, b in out if b - a > 20]


def _split_by_box(chars: list[Char], box: Box) -> tuple[list[Char], list[Char]]:
    x0, top, x1, bottom = box
    inside, outside = [], []
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        (inside if x0 <= cx <= x1 and top <= cy <= bottom else outside).append(ch)
    return inside, outside


def _build_part(rects: list[Box], chars: list[Char], page_no: int) -> RuledPart | None:
    xs = cluster_positions([r[0] for r in rects] + [r[2] for r in rects])
    ys = cluster_positions([r[1] for r in rects] + [r[3] for r in rects])
    if len(xs) < 3 or (len(ys) < 3 and len(xs) < 6):
        # One column, or one row of a few cells: a frame around text, not a table. One row of five
        # cells or more is a table's row: the values of table 4 alone on the page after its header.
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    owner: list[list[int | None]] = [[None] * n_cols for _ in range(n_rows)]
    boxes: list[tuple[int, int, int, int]] = []  # row, col, rowspan, colspan
    for rect in sorted(rects, key=lambda r: (r[1], r[0])):
        r0, r1 = _nearest(ys, rect[1]), _nearest(ys, rect[3])
        c0, c1 = _nearest(xs, rect[0]), _nearest(xs, rect[2])
        if r1 <= r0 or c1 <= c0 or any(owner[r][c] is not None for r in range(r0, r1) for c in range(c0, c1)):
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner[r][c] = len(boxes)
        boxes.append((r0, c0, r1 - r0, c1 - c0))
    for r in range(n_rows):  # positions no rectangle covers (broken rules) become 1×1 cells
        for c in range(n_cols):
            if owner[r][c] is None:
                owner[r][c] = len(boxes)
                boxes.append((r, c, 1, 1))

    glyphs: list[list[Char]] = [[] for _ in boxes]
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        r = min(max(bisect_right(ys, cy) - 1, 0), n_rows - 1)
        c = min(max(bisect_right(xs, cx) - 1, 0), n_cols - 1)
        glyphs[owner[r][c]].append(ch)  # type: ignore[index]
    if any(_misses_rules(g, xs[c + cs] - xs[c]) for (r, c, rs, cs), g in zip(boxes, glyphs, strict=True)):
        return None  # several columns or rows of numbers in one cell: read it as an unruled table
    if n_cols <= 2 and any(len(g) >= 150 for g in glyphs):
        return None  # paragraphs in a frame of one or two columns: page layout, not a data table
    cells = [
        PartCell(
            text=cell_text(g),
            row=r,
            col=c,
            rowspan=rs,
            colspan=cs,
            page=page_no,
            bbox=(xs[c], ys[r], xs[c + cs], ys[r + rs]),
        )
        for (r, c, rs, cs), g in zip(boxes, glyphs, strict=True)
    ]
    return RuledPart(page_no, (xs[0], ys[0], xs[-1], ys[-1]), xs, n_rows, cells)


def _misses_rules(chars: list[Char], width: float) -> bool:
    """A cell holding two numbers side by side, or two short lines that are both numbers, spans
    columns or rows whose ruling lines were not drawn. (A number wrapped because the column is
    narrow fills its first line.)"""
    if len(chars) < 2:
        return False
    numbers = []
    for line in group_lines(chars, 0):
        values = [s for s in line.segments() if s.is_value]
        if len(values) >= 2 and len(values) == len(line.segments()):
            return True
        if len(values) == 1 and len(line.segments()) == 1 and any(c.isdigit() for c in line.text):
            numbers.append(line)
    return len(numbers) >= 2 and numbers[0].x1 - numbers[0].x0 < 0.6 * width


# ---------------------------------------------------------------- joining parts across pages


def continues(previous: RuledPart, part: RuledPart) -> bool:
    """Whether ``part`` (first thing on its page) continues ``previous`` (last thing on the page before):
    same outer edges and nearly the same column edges."""
    if part.page != previous.page + 1:
        return False
    a, b = previous.col_edges, part.col_edges
    if abs(a[0] - b[0]) > 2 * LAYOUT.edge_tolerance or abs(a[-1] - b[-1]) > 2 * LAYOUT.edge_tolerance:
        return False

    def share(xs: list[float], ys: list[float]) -> float:
        return sum(1 for x in xs if any(abs(x - y) <= LAYOUT.edge_tolerance for y in ys)) / len(xs)

    return share(b, a) >= 0.8 and share(a, b) >= 0.6


def build_ruled_table(parts: list[RuledPart], index: int, caption: str) -> Table:
    """One Table from the parts of a ruled table, in page order."""
    edges = cluster_positions([x for part in parts for x in part.col_edges])
    rows: list[PartCell] = []
    n_rows = 0
    header: list[PartCell] = []
    for i, part in enumerate(parts):
        cells = [_on_edges(cell, part.col_edges, edges) for cell in part.cells]
        height = part.n_rows
        if i == 0:
            header = cells
        else:
            cells, height = _drop_repeated_header(header, cells, height)
            cells, height = _mend_page_break(rows, n_rows, cells, height)
        rows.extend(replace(cell, row=cell.row + n_rows) for cell in cells)
        n_rows += height
    table_cells = [
        Cell(
            text=c.text,
            row=c.row,
            col=c.col,
            rowspan=c.rowspan,
            colspan=c.colspan,
            page=c.page,
            bbox=tuple(round(v, 2) for v in c.bbox),  # type: ignore[arg-type]
        )
        for c in sorted(rows, key=lambda c: (c.row, c.col))
    ]
    return Table(index=index, cells=table_cells, caption=caption)


def _on_edges(cell: PartCell, own: list[float], edges: list[float]) -> PartCell:
    c0 = _nearest(edges, own[cell.col])
    c1 = _nearest(edges, own[cell.col + cell.colspan])
    return replace(cell, col=c0, colspan=max(1, c1 - c0))


def _row_signature(cells: list[PartCell], r: int) -> tuple:
    return tuple(
        (c.col, c.colspan, c.rowspan, normalize_text(c.text))
        for c in sorted(cells, key=lambda c: c.col)
        if c.row == r
    )


def _drop_repeated_header(
    header: list[PartCell], cells: list[PartCell], height: int
) -> tuple[list[PartCell], int]:
    """Rows at the top of a continuation that repeat the first part's top rows are the header again."""
    k = 0
    while k < height - 1:
        signature = _row_signature(cells, k)
        if not signature or signature != _row_signature(header, k):
            break
        k += 1
    if k == 0 or not any(text for r in range(k) for *_, text in _row_signature(cells, r)):
        return cells, height
    kept = [replace(c, row=c.row - k) for c in cells if c.row >= k]
    return kept, height - k


def _mend_page_break(
    above: list[PartCell], n_above: int, cells: list[PartCell], height: int
) -> tuple[list[PartCell], int]:
    """Undo what the page break did to the rows on either side of it (``above`` holds the rows so far,
    ``cells`` the continuation, rows counted from 0)."""
    if not above or height == 0:
        return cells, height
    last = n_above - 1
    ending = {(c.col, c.colspan): c for c in above if c.row <= last < c.row + c.rowspan}
    # A merged label cell cut by the break: its text stays above, an empty rest opens the next page.
    cut: list[tuple[PartCell, PartCell]] = []
    kept = []
    for cell in cells:
        upper = ending.get((cell.col, cell.colspan))
        if (
            cell.row == 0
            and not cell.text
            and upper is not None
            and upper.text
            and not is_value_text(upper.text)
            and (upper.rowspan > 1 or cell.rowspan > 1)
        ):
            cut.append((upper, cell))
        else:
            kept.append(cell)
    split_row = _continues_split_row(above, last, kept)
    for upper, cell in cut:
        upper.rowspan += cell.rowspan - (1 if split_row else 0)
    if split_row:
        return _merge_first_row(above, last, kept, height)
    return kept, height


def _continues_split_row(above: list[PartCell], last: int, cells: list[PartCell]) -> bool:
    """Word lets a row break over pages: the rest of its label (and maybe its numbers) opens the next
    page. Such a first row has no label of its own (no numbering, no row name) and fills only what
    the row above left empty."""
    if any(c.row == 0 and c.rowspan > 1 for c in cells):
        return False
    first = [c for c in cells if c.row == 0]
    upper = {(c.col, c.colspan): c for c in above if c.row == last and c.rowspan == 1}
    if not first or any((c.col, c.colspan) not in upper for c in first):
        return False
    if not any(c.text for c in first):
        return False
    has_label = False
    for cell in first:
        a, b = upper[(cell.col, cell.colspan)].text, cell.text
        if b and not is_value_text(b) and starts_row(b):
            return False
        if a and b and (is_value_text(a) or is_value_text(b)):
            return False  # both halves print a value, or a value meets a header word: two rows
        has_label = has_label or bool(a and not is_value_text(a))
    return has_label


def _merge_first_row(
    above: list[PartCell], last: int, cells: list[PartCell], height: int
) -> tuple[list[PartCell], int]:
    upper = {(c.col, c.colspan): c for c in above if c.row == last and c.rowspan == 1}
    for cell in cells:
        if cell.row != 0 or cell.rowspan != 1 or not cell.text:
            continue
        target = upper[(cell.col, cell.colspan)]
        if target.text:
            target.text = join_wrapped([target.text, cell.text])
        else:  # the value printed on the next page: its provenance is that page
            target.text, target.page, target.bbox = cell.text, cell.page, cell.bbox
    rest = [replace(c, row=c.row - 1) for c in cells if c.row > 0]
    return rest, height - 1
