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

from .tables import Table, plain_text

_SEPARATORS = {"tab": "\t", "ideographic": "\u3000\u3000", "nbsp": "&nbsp;&nbsp;&nbsp;&nbsp;"}


@dataclass(frozen=True, slots=True)
class TextStyle:
    container: str  # pre | p
    separator: str  # spaces (pre) | tab | ideographic | nbsp (p)
    labels: str  # own_line | first_row


def draw_text_style(rng: random.Random) -> TextStyle:
    container = rng.choice(("pre", "p", "p"))
    separator = "spaces" if container == "pre" else rng.choice(("tab", "ideographic", "nbsp"))
    return TextStyle(container, separator, rng.choice(("own_line", "first_row")))


def text_table(table: Table, style: TextStyle) -> str:
    """The HTML of one table pasted as text."""
    rows: list[tuple[list[str], list[str]]] = [([], []) for _ in table.rows]  # (labels, values) per row
    lines: list[tuple[list[str], list[str]]] = []
    for r, _, cell in table.placed():
        text = html.escape(plain_text(cell.text), quote=False)
        rows[r][1 if cell.role == "value" else 0].append(text)
    for labels, values in rows:
        if values and style.labels == "own_line" and len(labels) > 1:
            lines += [([label], []) for label in labels[:-1]]
            labels = labels[-1:]
        lines.append((labels, values))
    if style.container == "pre":
        width = max(_display_width(" ".join(labels)) for labels, values in lines if values) + 2
        text = "\n".join(_aligned(labels, values, width) for labels, values in lines)
        return f'<pre style="font-family:宋体;">{text}</pre>'
    sep = _SEPARATORS[style.separator]
    return "\n".join(f"<p>{sep.join(labels + values)}</p>" for labels, values in lines)


def _aligned(labels: list[str], values: list[str], width: int) -> str:
    label = " ".join(labels)
    if not values:
        return label
    pad = " " * max(2, width - _display_width(label))
    return label + pad + "".join(" " * max(2, 8 - _display_width(v)) + v for v in values)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
