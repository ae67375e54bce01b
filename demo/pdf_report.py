"""A report as a PDF attachment, in the page layouts real agencies' PDFs show.

- ``word``: A4 portrait saved from Word — ruled tables, merged cells, the 三、本年度办理结果 label a
  one-character-wide column of stacked characters, long labels wrapped over two lines with the numbers
  centred beside them, table 3 continuing on the next page under its repeated header, "- N -" footers,
  and (in some) fake-bold headings drawn twice 0.3 pt apart;
- ``landscape``: A4 landscape from WPS, compact tables with wide label columns, no repeated header,
  "第 N 页" footers;
- ``plain``: portrait with tables printed without ruling lines: columns aligned by position only, merged
  labels on the first row of their group.
Text uses reportlab's built-in CID font STSong-Light (no font file); ``invariant=1`` keeps the bytes
identical from run to run.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.pdfgen import canvas

from .narrative import ReportDoc
from .pdf_layout import FONT, Flow, PageStyle, Surface, register_font
from .tables import Table

PDF_LAYOUTS = ("word", "landscape", "plain")
_A4 = (595.27, 841.89)
_STYLES = {
    "word": PageStyle(*_A4, (79, 74, 90, 80), 12, 9, "- {n} -", True, True, "middle"),
    "landscape": PageStyle(_A4[1], _A4[0], (56, 56, 50, 45), 10.5, 8.5, "第 {n} 页", False, True, "middle"),
    "plain": PageStyle(*_A4, (72, 72, 72, 72), 11, 9, "{n}", False, False, "top", 2.5),
}
_WIDTHS = {
    "word": {"t2": [130, 104, 104, 104], "t3": [18, 24, 158] + [34] * 7, "t4": [29] * 15},
    "landscape": {"t2": [200, 170, 170, 170], "t3": [40, 60, 250] + [52] * 7, "t4": [47] * 15},
    "plain": {"t2": [150, 100, 100, 100], "t3": [56, 52, 130] + [30] * 7, "t4": [30] * 15},
}
_CREATORS = {"word": "Microsoft® Word 2016", "landscape": "WPS 文字", "plain": "WPS Office"}


class _CanvasSurface:
    """Draws through one text object and one batch of lines per page: far fewer PDF operators."""

    def __init__(self, c: canvas.Canvas) -> None:
        self.c = c
        self._start()

    def _start(self) -> None:
        self.words = self.c.beginText()
        self.size = 0.0
        self.rules: list[tuple[float, float, float, float]] = []

    def text(self, x: float, y: float, s: str, size: float) -> None:
        if size != self.size:
            self.words.setFont(FONT, size)
            self.size = size
        # What setTextOrigin and textOut write, without reportlab's slow pure-Python formatting:
        # the CID font takes UTF-16BE code units, here as a hex string as Word writes them.
        self.words._code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm <{s.encode('utf-16-be').hex().upper()}> Tj")

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float) -> None:
        self.rules.append((round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2)))

    def end_page(self) -> None:
        if self.rules:
            self.c.setLineWidth(0.5)
            code = self.c._code  # the operators canvas.lines() writes, formatted once
            code.append("n")
            code += [f"{a:.2f} {b:.2f} m {c:.2f} {d:.2f} l" for a, b, c, d in merge_rules(self.rules)]
            code.append("S")
        self.c.drawText(self.words)
        self.c.showPage()
        self._start()


def merge_rules(rules: list[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Cell borders joined into table rules: touching collinear segments become one, duplicates go."""
    rows: dict[float, list[tuple[float, float]]] = {}
    columns: dict[float, list[tuple[float, float]]] = {}
    for x1, y1, x2, y2 in rules:
        if y1 == y2:
            rows.setdefault(y1, []).append((min(x1, x2), max(x1, x2)))
        else:
            columns.setdefault(x1, []).append((min(y1, y2), max(y1, y2)))
    out = []
    for horizontal, groups in ((True, rows), (False, columns)):
        for at, spans in sorted(groups.items()):
            spans.sort()
            start, end = spans[0]
            for a, b in spans[1:] + [(float("inf"), float("inf"))]:
                if a <= end + 0.01:
                    end = max(end, b)
                    continue
                out.append((start, at, end, at) if horizontal else (at, start, at, end))
                start, end = a, b
    return out


def page_style(layout: str) -> PageStyle:
    return _STYLES[layout]


def lay_out(
    surface: Surface, doc: ReportDoc, layout: str, rng: random.Random, t4_rows: int | None = None
) -> None:
    """Draw ``doc`` on ``surface`` page after page in ``layout``; ends the last page. ``t4_rows``:
    cut table 4 after that many rows (else drawn: about one Word or plain PDF in three is cut)."""
    style = _STYLES[layout]
    flow = Flow(surface, style)
    bold_headings = style.fake_bold and rng.random() < 0.7
    body = style.body_size
    flow.paragraph(doc.title, body * 1.5, align="center", bold=style.fake_bold, after=body)
    repeat_t3 = layout == "word" or (layout == "plain" and rng.random() < 0.5)
    # Table 4 cut by the page break: its first rows (group labels, perhaps the outcomes) end one page,
    # the rest starts the next without the header repeated.
    if t4_rows is None and layout in ("word", "plain") and rng.random() < 0.3:
        t4_rows = rng.choice((1, 2, 3))
    # Headings set in Word with no space after and kept with the table below: the table's top rule
    # runs a point under the heading's baseline, the descenders of its glyphs across it.
    tight = layout == "word" and rng.random() < 0.5
    for i, (kind, content) in enumerate(doc.blocks):
        following = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else ("", None)
        if t4_rows and kind == "h" and following[0] == "table" and following[1].name == "t4":
            heights = flow.row_heights(following[1], _WIDTHS[layout]["t4"])
            flow.fill_page_to(body * 1.55 + sum(heights[:t4_rows]) + 1)
        if kind == "table":
            table: Table = content
            cut = t4_rows if table.name == "t4" else None
            repeat = (table.name != "t3" or repeat_t3) and cut is None
            flow.table(table, _WIDTHS[layout][table.name], repeat_header=repeat, break_before=cut)
        elif kind == "h":
            on_table = tight and following[0] == "table"
            after = -(body * 1.55 * 0.3 - 1) if on_table else 0  # back up to a point under the baseline
            flow.paragraph(
                content, body, indent=2 if layout == "word" else 0, bold=bold_headings, after=after
            )
        elif kind == "sign":
            flow.paragraph(content, body, align="right")
        else:
            flow.paragraph(content, body)
    flow.new_page()


def render_pdf(doc: ReportDoc, layout: str, rng: random.Random, t4_rows: int | None = None) -> bytes:
    register_font()
    with binary_streams():
        return _render(doc, layout, rng, t4_rows)


@contextmanager
def binary_streams() -> Iterator[None]:
    """Flate-compressed streams without reportlab's ASCII85 layer: as Word writes them, and faster."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


def _render(doc: ReportDoc, layout: str, rng: random.Random, t4_rows: int | None) -> bytes:
    out = io.BytesIO()
    size = (_STYLES[layout].width, _STYLES[layout].height)
    c = canvas.Canvas(out, pagesize=size, invariant=1, pageCompression=1)
    c.setTitle(doc.title)
    c.setAuthor(rng.choice(("Administrator", "User", doc.agency, "微软用户")))
    c.setCreator(_CREATORS[layout])
    lay_out(_CanvasSurface(c), doc, layout, rng, t4_rows)
    c.save()
    return out.getvalue()
