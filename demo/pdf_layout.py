"""Lay out a report on pages the way Word or WPS does, for any drawing surface.

``Flow`` places paragraphs and ruled (or unruled) tables top-down, breaks pages, draws the page footer,
repeats a table's header rows on a new page when asked, and lets a merged cell continue across the
break (its text sits where vertical centring puts it, so the stacked 三、本年度办理结果 can start on
one page and end on the next). Text wraps by character width with the Chinese line-breaking rule
(a closing mark never starts a line) except in columns one character wide, where Word stacks
characters one per line. A ``Surface`` draws: ``pdf_report`` on a reportlab canvas, ``scan`` on an image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from .tables import Table, plain_text

FONT = "STSong-Light"
_CLOSING = set("，。、；：！？）》”’」』%")
_TOKEN = re.compile(r"[0-9A-Za-z.,%/+\-]+|.", re.S)


@cache
def register_font() -> str:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


@cache
def _char_width(ch: str) -> float:
    register_font()
    return pdfmetrics.stringWidth(ch, FONT, 1.0)


def text_width(text: str, size: float) -> float:
    return sum(_char_width(ch) for ch in text) * size


@cache
def wrap(text: str, width: float, size: float) -> tuple[str, ...]:
    """Lines of ``text`` in ``width`` points; forced breaks at ``\\n``; numbers never split."""
    kinsoku = width >= 1.6 * size
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = "", 0.0
        for token in _TOKEN.findall(part):
            w = text_width(token, size)
            if line and used + w > width and not (kinsoku and token in _CLOSING):
                lines.append(line)
                line, used = "", 0.0
            line += token
            used += w
        lines.append(line)
    return tuple(lines)


class Surface(Protocol):
    def text(self, x: float, y: float, s: str, size: float) -> None: ...
    def line(self, x1: float, y1: float, x2: float, y2: float, width: float) -> None: ...
    def end_page(self) -> None: ...


@dataclass(frozen=True, slots=True)
class PageStyle:
    width: float
    height: float
    margins: tuple[float, float, float, float]  # left, right, top, bottom
    body_size: float
    table_size: float
    footer: str  # e.g. "- {n} -"; "" for none
    fake_bold: bool  # headings drawn twice, 0.3 pt apart, as Word does for a font without bold
    ruled: bool
    valign: str  # middle | top: where merged-cell text sits
    cell_pad: float = 2.0


class Flow:
    def __init__(self, surface: Surface, style: PageStyle) -> None:
        self.s = surface
        self.st = style
        self.page = 1
        self.left, right, self.top, self.bottom = style.margins
        self.right = style.width - right
        self.y = style.height - self.top

    @property
    def text_width(self) -> float:
        return self.right - self.left

    def _draw(self, x: float, y: float, s: str, size: float, bold: bool) -> None:
        self.s.text(x, y, s, size)
        if bold:
            self.s.text(x + 0.3, y, s, size)

    def new_page(self) -> None:
        if self.st.footer:
            label = self.st.footer.format(n=self.page)
            size = self.st.body_size * 0.8
            x = (self.st.width - text_width(label, size)) / 2
            self.s.text(x, self.bottom * 0.45, label, size)
        self.s.end_page()
        self.page += 1
        self.y = self.st.height - self.top

    def skip(self, h: float) -> None:
        self.y -= h

    def paragraph(
        self,
        text: str,
        size: float,
        *,
        indent: int = 2,
        align: str = "left",
        bold: bool = False,
        after: float = 0,
    ) -> None:
        lead = size * 1.55
        first = indent * size if align == "left" else 0
        lines = wrap(text, self.text_width - first, size)
        if len(lines) > 1 and first:  # later lines use the full width
            rest = wrap(text[len(lines[0]) :], self.text_width, size)
            lines = (lines[0], *rest)
        for i, line in enumerate(lines):
            if self.y - lead < self.bottom:
                self.new_page()
            self.y -= lead
            w = text_width(line, size)
            if align == "center":
                x = self.left + (self.text_width - w) / 2
            elif align == "right":
                x = self.right - w - 2 * size
            else:
                x = self.left + (first if i == 0 else 0)
            self._draw(x, self.y + lead * 0.3, line, size, bold)
        self.y -= after

    def table(
        self,
        table: Table,
        widths: list[float],
        *,
        repeat_header: bool,
        size: float | None = None,
        break_before: int | None = None,
    ) -> None:
        """Draw ``table``; ``break_before``: the row that starts a new page whatever the room left (the
        text above filled the page: Word moves the rest of the table over, header not repeated)."""
        _TableLayout(self, table, widths, size or self.st.table_size).draw(repeat_header, break_before)

    def fill_page_to(self, room: float) -> None:
        """Leave only ``room`` points above the bottom margin, on a new page if less is left: where
        the report's text before a table would have ended."""
        if self.y - room < self.bottom:
            self.new_page()
        self.y = self.bottom + room

    def row_heights(self, table: Table, widths: list[float], size: float | None = None) -> list[float]:
        return _TableLayout(self, table, widths, size or self.st.table_size).h


class _TableLayout:
    def __init__(self, flow: Flow, table: Table, widths: list[float], size: float) -> None:
        self.f = flow
        self.t = table
        self.size = size
        self.lead = size * 1.3
        self.pad = flow.st.cell_pad
        total = sum(widths)
        self.xs = [flow.left + (flow.text_width - total) / 2]
        for w in widths:
            self.xs.append(self.xs[-1] + w)
        self.cells = []
        heights = [size * 1.3 + 2 * self.pad + 2] * len(table.rows)
        spanning = []
        for r, c, cell in table.placed():
            width = self.xs[c + cell.colspan] - self.xs[c] - 2 * self.pad
            lines = wrap(plain_text(cell.text), width, size)
            self.cells.append((r, c, cell, lines))
            need = len(lines) * self.lead + 2 * self.pad + 2
            if cell.rowspan == 1:
                heights[r] = max(heights[r], need)
            else:
                spanning.append((r, cell.rowspan, need))
        for r, span, need in spanning:
            have = sum(heights[r : r + span])
            if need > have:
                for i in range(r, r + span):
                    heights[i] += (need - have) / span
        self.h = heights

    def draw(self, repeat_header: bool, break_before: int | None = None) -> None:
        f, head = self.f, self.t.header_rows
        keep = sum(self.h[: head + 2] if break_before is None else self.h[:break_before])
        if f.y - keep < f.bottom:
            f.new_page()
        placed: dict[int, float] = {}
        for r in range(len(self.h)):
            full = r >= head and f.y - self.h[r] < f.bottom
            if placed and (r == break_before or full):
                self._segment(placed)
                f.new_page()
                placed = {}
                if repeat_header:
                    for hr in range(head):
                        placed[hr] = f.y
                        f.y -= self.h[hr]
            placed[r] = f.y
            f.y -= self.h[r]
        self._segment(placed)
        f.y -= self.size

    def _segment(self, tops: dict[int, float]) -> None:
        """Draw the rows of one page: ``tops`` maps a row to the y of its top edge on this page."""
        for r, c, cell, lines in self.cells:
            rows = range(r, r + cell.rowspan)
            shown = [i for i in rows if i in tops]
            if not shown:
                continue
            x0, x1 = self.xs[c], self.xs[c + cell.colspan]
            top, bottom = tops[shown[0]], tops[shown[-1]] - self.h[shown[-1]]
            if self.f.st.ruled:
                for a, b, cc, d in (
                    (x0, top, x1, top),
                    (x0, bottom, x1, bottom),
                    (x0, top, x0, bottom),
                    (x1, top, x1, bottom),
                ):
                    self.f.s.line(a, b, cc, d, 0.5)
            self._text(cell, rows, lines, tops, x0, x1)

    def _text(
        self, cell, rows: range, lines: list[str], tops: dict[int, float], x0: float, x1: float
    ) -> None:
        full = sum(self.h[i] for i in rows)
        block = len(lines) * self.lead
        middle = self.f.st.valign == "middle" or cell.rowspan == 1
        start = (full - block) / 2 if middle else self.pad + 1
        for k, line in enumerate(lines):
            offset = start + k * self.lead + self.size * 0.95  # baseline below the cell's top edge
            above = 0.0
            for i in rows:  # the row this baseline falls in, on whatever page that row is
                if offset < above + self.h[i] or i == rows[-1]:
                    break
                above += self.h[i]
            if i not in tops:
                continue
            y = tops[i] - (offset - above)
            w = text_width(line, self.size)
            left_aligned = cell.role == "label" and self.t.name == "t3"
            x = x0 + self.pad + 1 if left_aligned else x0 + (x1 - x0 - w) / 2
            self.f.s.text(x, y, line, self.size)
