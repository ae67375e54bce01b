"""Tables pasted as text: what an editor gets by pasting a Word table into the CMS as plain text.

No ``<table>`` markup: one line per table row, in ``<pre>`` (columns aligned with spaces) or in one
``<p>`` per line (cells separated by tabs, ideographic spaces or runs of ``&nbsp;``). A merged label
(三、本年度办理结果, （三）不予公开 …) prints once: on its own line before its first row, or as the
first field of that row only. Header rows print one line each, their merged cells once.
"""

from __future__ import annotations

import html
import random
import unicodedata
from dataclasses import dataclass

from .narrative import ReportDoc
from .tables import Table, plain_text

_SEPARATORS = {"tab": "\t", "ideographic": "\u3000\u3000", "nbsp": "&nbsp;&nbsp;&nbsp;&nbsp;"}


@dataclass(frozen=True, slots=True)
class TextStyle:
    container: str  # pre | p
    separator: str  # spaces (pre) | tab | ideographic | nbsp (p)
    labels: str  # own_line | first_row
    # Tab-separated copies of Word tables keep a merged header or value cell's other columns as empty
    # cells: "行政许可\t0\t\t" for the one value under 本年处理决定数量 (three columns wide).
    merged_tabs: bool = False


def draw_text_style(rng: random.Random) -> TextStyle:
    container = rng.choice(("pre", "p", "p"))
    separator = "spaces" if container == "pre" else rng.choice(("tab", "ideographic", "nbsp"))
    labels = rng.choice(("own_line", "first_row"))
    return TextStyle(container, separator, labels, separator == "tab" and rng.random() < 0.6)


def text_table(table: Table, style: TextStyle) -> str:
    """The HTML of one table pasted as text."""
    lines = _table_lines(table, style, escape=True)
    if style.container == "pre":
        width = max(_display_width(" ".join(labels)) for labels, values in lines if values) + 2
        text = "\n".join(_aligned(labels, values, width) for labels, values in lines)
        return f'<pre style="font-family:宋体;">{text}</pre>'
    sep = _SEPARATORS[style.separator]
    return "\n".join(f"<p>{sep.join(labels + values)}</p>" for labels, values in lines)


def render_text_file(doc: ReportDoc, rng: random.Random) -> bytes:
    """The report as a .txt file: Word's "save as plain text" (UTF-8 with a byte-order mark, CRLF),
    tables as tab-separated lines keeping merged cells' empty columns. Some copies mark the headings
    as Markdown does (``#### 四、…`` or ``**四、…**``): text exported from a CMS editor."""
    style = TextStyle("txt", "tab", rng.choice(("own_line", "first_row")), merged_tabs=True)
    headings = rng.choice(("plain", "markdown", "bold"))
    out = [doc.title, ""]
    for kind, content in doc.blocks:
        if kind == "table":
            out += [
                "\t".join(labels + values) for labels, values in _table_lines(content, style, escape=False)
            ]
        elif kind == "h":
            out.append({"markdown": f"#### {content}", "bold": f"**{content}**"}.get(headings, content))
        elif kind == "h2":
            out.append(content)
        else:
            out.append(plain_text(content))
    return ("\ufeff" + "\r\n".join(out) + "\r\n").encode("utf-8")


def _table_lines(table: Table, style: TextStyle, *, escape: bool) -> list[tuple[list[str], list[str]]]:
    """(labels, values) of each printed line of a table: a merged label once, on a line of its own
    (``own_line``) or as the first field of its first row."""
    rows: list[tuple[list[str], list[str]]] = [([], []) for _ in table.rows]  # (labels, values) per row
    lines: list[tuple[list[str], list[str]]] = []
    for r, _, cell in table.placed():
        text = html.escape(plain_text(cell.text), quote=False) if escape else plain_text(cell.text)
        part = rows[r][1 if cell.role == "value" else 0]
        part.append(text)
        if style.merged_tabs and cell.role in ("value", "head"):
            part.extend([""] * (cell.colspan - 1))
    for labels, values in rows:
        if values and style.labels == "own_line" and len(labels) > 1:
            lines += [([label], []) for label in labels[:-1]]
            labels = labels[-1:]
        lines.append((labels, values))
    return lines


def _aligned(labels: list[str], values: list[str], width: int) -> str:
    label = " ".join(labels)
    if not values:
        return label
    pad = " " * max(2, width - _display_width(label))
    return label + pad + "".join(" " * max(2, 8 - _display_width(v)) + v for v in values)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
