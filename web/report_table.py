"""A report's table rebuilt from its facts, for the evidence of an HTML, DOCX or text report.

Facts keep each cell's table, row and column as the reader found them; the labels come from the
metric catalog (the row's label, the column's), so a supervisor sees the grid as printed, its
numbers as read, with the cells a finding rests on marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl


@dataclass(slots=True)
class Cell:
    metric: str
    raw_text: str | None
    value: float | None
    original_value: float | None
    corrected: bool
    hit: bool  # one of the cells the finding rests on


@dataclass(slots=True)
class Row:
    index: int
    label: str
    cells: dict[int, Cell] = field(default_factory=dict)


@dataclass(slots=True)
class RebuiltTable:
    index: int
    columns: list[tuple[int, str]]  # column index, label
    rows: list[Row]


def rebuild_tables(cells: pl.DataFrame, hits: set[str]) -> list[RebuiltTable]:
    """``cells``: the query report_table_cells for one report; ``hits``: metric codes to mark."""
    tables = []
    for (index,), frame in cells.sort("table_index").group_by("table_index", maintain_order=True):
        columns: dict[int, str] = {}
        rows: dict[int, Row] = {}
        for c in frame.iter_rows(named=True):
            columns.setdefault(c["col_index"], c["column_label"] or "")
            label = c["row_label"] or c["block"] or ""
            if c["block"] and c["row_label"] and c["block"] != c["row_label"]:
                label = f"{c['block']} {c['row_label']}"
            row = rows.setdefault(c["row_index"], Row(c["row_index"], label))
            row.cells[c["col_index"]] = Cell(c["metric"], c["raw_text"], c["value"], c["original_value"],
                                             bool(c["corrected"]), c["metric"] in hits)  # fmt: skip
        tables.append(RebuiltTable(index, sorted(columns.items()), [rows[i] for i in sorted(rows)]))
    return tables
