"""Map a ParsedDocument's tables to facts keyed by metric code (``metrics.csv``).

Pages split and merge the three official tables freely (table 2 as one table or one per 第二十条
block, tables 3 and 4 in one grid, headers spread over several rows), so the tables are read as one
stream of rows. A row is a header (of table 2, 3 or 4), a table-2 block title, or a data row whose
label names a metric row; the header rows above a data row say which metric column each cell is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nianbao.core import labels
from nianbao.core.catalog import T3_COLUMNS, T4_GROUPS, T4_OUTCOMES, metrics
from nianbao.core.kinds import DocumentStatus
from nianbao.core.normalize import parse_number
from nianbao.extract.document import Cell, ParsedDocument, Table
from nianbao.transform.classify import describe_status, report_identity, section_numerals, template_and_shape
from nianbao.transform.mapped import Fact, MappedReport

_READ_FAILURES = {
    DocumentStatus.UNREADABLE,
    DocumentStatus.CORRUPT,
    DocumentStatus.ENCRYPTED,
    DocumentStatus.NEEDS_OCR,
    DocumentStatus.UNSUPPORTED,
}
_T4_POSITIONAL = tuple(f"{g}.{o}" for g in T4_GROUPS for o in T4_OUTCOMES)


def map_document(doc: ParsedDocument) -> MappedReport:
    """Template, agency, year and facts of one parsed document. An odd layout is a status; an
    exception here is a fault of nianbao (the report builder records it with its traceback)."""
    agency, year, identity_warnings = report_identity(doc)
    report = MappedReport(status=DocumentStatus.OK, agency_name=agency, year=year)
    report.warnings += list(doc.warnings) + identity_warnings
    if doc.status in _READ_FAILURES:
        report.status, report.message = doc.status, doc.message
        return report
    report.sections = section_numerals(doc.sections, report.warnings)

    mapper = _GridMapper(template_hint=_template_hint(doc, year))
    for table in doc.tables:
        mapper.read_table(table)
    report.facts, report.warnings = mapper.facts, report.warnings + mapper.warnings
    report.template, report.other_shape = template_and_shape(
        report.facts, mapper.blocks, year, report.warnings
    )
    report.status, report.message = describe_status(doc, report)
    if report.status in (DocumentStatus.OUT_OF_SCOPE, DocumentStatus.NOT_A_REPORT):
        report.warnings = list(doc.warnings) + identity_warnings  # row-by-row noise says nothing here
    return report


def _template_hint(doc: ParsedDocument, year: int | None) -> str:
    """A first guess of the format, only to read table-2 blocks printed without a header row."""
    text = "".join(labels.label_text(c.text) for t in doc.tables for c in t.cells)
    if re.search(r"新制作|对外管理服务|集中采购|上一年项目", text):
        return "2019"
    if re.search(r"制发|收费金额|现行有效", text):
        return "2021"
    return "2019" if year in (2019, 2020) else "2021"


@dataclass(slots=True)
class _Row:
    table: Table
    r: int
    cells: list[Cell | None]  # the expanded grid row

    def distinct(self) -> list[tuple[int, Cell]]:
        """Each cell of the row once, with the first column it covers here."""
        out, seen = [], set()
        for c, cell in enumerate(self.cells):
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                out.append((c, cell))
        return out

    def starting(self) -> list[str]:
        """Texts of the cells that begin on this row (not those reaching down from above)."""
        return [cell.text for _, cell in self.distinct() if cell.row == self.r]


def _is_value(text: str) -> bool:
    """Blank, a dash-like or a number (with a unit or note), but not a numbered label "1.当面申请"."""
    if re.match(r"^\s*[0-9０-９]+\s*[.、．)）]\s*[^0-9０-９\s]", text):
        return False
    return parse_number(text, "signed_count").problem is None


def _column_texts(rows: list[_Row], n_cols: int) -> list[str]:
    """Per column, the header texts stacked above it (a cell spanning rows counted once)."""
    out = []
    for c in range(n_cols):
        seen, parts = set(), []
        for row in rows:
            cell = row.cells[c] if c < len(row.cells) else None
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                parts.append(cell.text)
        out.append("".join(parts))
    return out


def _distinct_columns(columns: dict[int, tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Header column keys in printed order, each once (a header cell spanning columns counts once)."""
    out: list[tuple[str, str | None]] = []
    for _, (column, unit) in sorted(columns.items()):
        if all(column != seen for seen, _ in out):
            out.append((column, unit))
    return out


class _GridMapper:
    """Walks table rows in order, keeping which table (2/3/4) and which header it is in."""

    def __init__(self, template_hint: str) -> None:
        self.template_hint = template_hint
        self.facts: dict[str, Fact] = {}
        self.warnings: list[str] = []
        self.blocks: set[str] = set()
        self.mode: str | None = None  # "t2" | "t3" | "t3_header" | "t4_header"
        self.header_rows: list[_Row] = []
        self.t2_block: str | None = None
        self.t2_columns: dict[int, tuple[str, str | None]] = {}  # col -> (column key, unit)
        self.t3_columns: dict[int, str] = {}
        self.t3_width = 0
        self.t3_previous: str | None = None
        self.t3_context = ""

    # ------------------------------------------------------------ stream of rows

    def read_table(self, table: Table) -> None:
        self.t2_columns = {}
        caption_block = labels.t2_block(table.caption) if len(table.caption) <= 40 else None
        if caption_block:
            self.t2_block, self.mode = caption_block, "t2"
            self.blocks.add(caption_block)
        for r, cells in enumerate(table.grid()):
            self._read_row(_Row(table, r, cells))

    def _read_row(self, row: _Row) -> None:
        starting = row.starting()
        if self.mode == "t4_header":
            if not starting or any(labels.is_t4_header(t) for t in starting):
                self.header_rows.append(row)
                return
            self.mode = None
            if sum(_is_value(cell.text) for _, cell in row.distinct()) >= 5:
                self._t4_data(row)
                return
        if any(labels.is_t4_header(t) for t in starting):
            self.mode, self.header_rows = "t4_header", [row]
            return
        if all(not cell.text.strip() for _, cell in row.distinct()):
            return
        if self.mode != "t3_header" and any(labels.is_t3_header(t) for t in starting):
            self.mode, self.header_rows = "t3_header", [row]
            self.t3_previous, self.t3_context = None, ""
            return
        if self.mode == "t3_header":
            columns = self._t3_header_columns()
            if self._t3_row(row, columns, dry_run=True):
                self.t3_columns, self.t3_width, self.mode = columns, row.table.n_cols, "t3"
            else:
                self.header_rows.append(row)
                return
        blocks = [b for b in (labels.t2_block(t) for t in starting) if b]
        if blocks:
            self.t2_block, self.mode = blocks[0], "t2"
            self.blocks.add(blocks[0])
        if any(labels.is_t2_header(t) for t in starting):
            self._t2_header(row)
            return
        if self.mode == "t2" and self._t2_row(row):
            return
        if self._t3_row(row, self._t3_layout(row.table)):
            return
        if self._t2_row(row) or self._t4_positional(row) or blocks:
            return
        self._unmatched(row)

    def _unmatched(self, row: _Row) -> None:
        cells = row.distinct()
        label = next((cell.text for _, cell in cells if cell.text.strip() and not _is_value(cell.text)), "")
        if label and any(cell.text.strip() and _is_value(cell.text) for _, cell in cells):
            self.warnings.append(f"unmatched row {label!r} (table {row.table.index}, row {row.r})")

    # ------------------------------------------------------------ facts

    def _emit(self, code: str, row: _Row, c: int, unit: str | None = None) -> None:
        if code not in metrics():
            self.warnings.append(f"no metric {code} (table {row.table.index}, row {row.r}, col {c})")
            return
        cell = row.cells[c] if c < len(row.cells) else None
        if cell is None:
            return
        where = f"table {row.table.index}, row {cell.row}, col {cell.col}"
        if (cell.row != row.r or cell.col != c) and cell.text.strip():
            self.warnings.append(f"{code}: cell {cell.text!r} spans several metric cells ({where}); not used")
            return
        kind = metrics()[code].kind
        parsed = parse_number(_with_unit(cell.text, unit, kind), kind)
        if parsed.problem:
            self.warnings.append(f"{code}: {parsed.problem} ({where})")
        fact = Fact(
            metric=code,
            value=parsed.value,
            raw=cell.text,
            table_index=row.table.index,
            row=cell.row,
            col=cell.col,
            page=cell.page,
            bbox=cell.bbox,
            line=cell.line,
            note=parsed.note,
        )
        earlier = self.facts.get(code)
        if earlier is None:
            self.facts[code] = fact
        elif earlier.value != fact.value:
            self.warnings.append(
                f"{code} printed twice with different values: {earlier.raw!r} (table {earlier.table_index}, "
                f"row {earlier.row}) and {fact.raw!r} ({where}); the first is kept"
            )

    # ------------------------------------------------------------ table 2

    def _t2_header(self, row: _Row) -> None:
        self.mode, self.t2_columns = "t2", {}
        for c, cell in row.distinct():
            key = labels.t2_column_key(cell.text)
            if key:
                self.t2_columns.setdefault(c, (key, labels.header_unit(cell.text)))

    def _t2_row(self, row: _Row) -> bool:
        cells = row.distinct()
        for i, (_, cell) in enumerate(cells):
            if labels.t2_block(cell.text) or not cell.text.strip():
                continue
            key = labels.t2_row_key(cell.text)
            if not key:
                return False
            self.mode = "t2"
            expected = labels.T2_ROW_BLOCK[key]
            if self.t2_block not in (None, "?", expected):
                self.warnings.append(
                    f"table 2 row {cell.text!r} printed under 第二十条第（{self.t2_block}）项"
                )
            label_end = cell.col + cell.colspan
            header = _distinct_columns(self.t2_columns)
            values = [(c, v) for c, v in cells[i + 1 :] if c >= label_end]
            if header and len(values) == len(header):
                # As many value cells as header labels: pair them in order. Real pages misalign spans
                # between the header and the data rows (上一年项目数量 colspan 1 above a value of colspan 2).
                for (column, unit), (c, _) in zip(header, values, strict=True):
                    self._emit(f"t2.{key}.{column}", row, c, unit)
            elif self.t2_columns:
                used: set[str] = set()
                for c, (column, unit) in sorted(self.t2_columns.items()):
                    if c >= label_end and column not in used:
                        used.add(column)
                        self._emit(f"t2.{key}.{column}", row, c, unit)
            else:
                self._t2_row_by_position(row, key, cells[i + 1 :])
            return True
        return False

    def _t2_row_by_position(self, row: _Row, key: str, values: list[tuple[int, Cell]]) -> None:
        columns = labels.T2_DEFAULT_COLUMNS[self.template_hint].get(key, ())
        if not columns or len(values) < len(columns):
            self.warnings.append(
                f"table 2 row {key} has no header to read its cells (table {row.table.index})"
            )
            return
        for column, (c, _) in zip(columns, values, strict=False):
            self._emit(f"t2.{key}.{column}", row, c)

    # ------------------------------------------------------------ table 3

    def _t3_header_columns(self) -> dict[int, str]:
        if not self.header_rows:
            return {}
        n_cols = self.header_rows[0].table.n_cols
        columns: dict[int, str] = {}
        for c, text in enumerate(_column_texts(self.header_rows, n_cols)):
            key = labels.t3_column_key(text)
            if key and key not in columns.values():
                columns[c] = key
        # Fill columns the header left unnamed when the named ones sit where the format puts them.
        first = n_cols - len(T3_COLUMNS)
        in_place = all(c - first == T3_COLUMNS.index(k) for c, k in columns.items())
        if len(columns) < len(T3_COLUMNS) and first >= 1 and in_place:
            columns = {first + i: k for i, k in enumerate(T3_COLUMNS)}
        return columns

    def _t3_layout(self, table: Table) -> dict[int, str]:
        if self.t3_columns and self.t3_width == table.n_cols:
            return self.t3_columns
        first = table.n_cols - len(T3_COLUMNS)
        return {first + i: k for i, k in enumerate(T3_COLUMNS)} if first >= 1 else {}

    def _t3_row(self, row: _Row, columns: dict[int, str], *, dry_run: bool = False) -> bool:
        if not columns:
            return False
        first_value = min(columns)
        path, labels_seen = [], set()
        for c in range(first_value):
            cell = row.cells[c] if c < len(row.cells) else None
            if cell is not None and id(cell) not in labels_seen and cell.text.strip():
                labels_seen.add(id(cell))
                path.append(cell.text)
        # A label cell stretched over the value columns is a label, not a value.
        value_columns = {
            c: k for c, k in columns.items() if c < len(row.cells) and id(row.cells[c]) not in labels_seen
        }
        match = labels.t3_row_key(path, previous=self.t3_previous, context=self.t3_context)
        values = [row.cells[c] for c in value_columns]
        if match is None:
            # A group label on a row of its own ("（三）不予公开" with no numbers) sets the context.
            if not dry_run and self.mode == "t3" and path and not any(v and v.text.strip() for v in values):
                self.t3_context = path[-1]
                return True
            return False
        if dry_run:
            return True
        if match.key.startswith("other.") and match.key != "other.unitemised":
            self._drop_group_label_row("other.unitemised")
        if match.how == "numbering":
            self.warnings.append(f"table 3 row {''.join(path)!r} read as {match.key} from its numbering")
        self.mode, self.t3_previous = "t3", match.key
        for c, column in self._t3_pairs(row, value_columns, labels_seen):
            self._emit(f"t3.{match.key}.{column}", row, c)
        return True

    @staticmethod
    def _t3_pairs(row: _Row, value_columns: dict[int, str], labels_seen: set[int]) -> list[tuple[int, str]]:
        """(grid column, metric column) of a row's values. By the header's columns, unless a value
        cell covers a header column it does not start in: Word-pasted pages give the values of a
        column two grid columns under a header of one (or the reverse). Then, when the row prints as
        many value cells as the header names, they are paired in order, as for table 2."""
        by_header = sorted(value_columns.items())
        if all(row.cells[c] is None or row.cells[c].col == c for c, _ in by_header):
            return by_header
        first = min(value_columns)
        starts = [c for c, cell in row.distinct() if c >= first and id(cell) not in labels_seen]
        if len(starts) != len(by_header):
            return by_header  # not one value per header: the mismatches are reported cell by cell
        return [(c, column) for c, (_, column) in zip(starts, by_header, strict=True)]

    def _drop_group_label_row(self, row_key: str) -> None:
        """（六）其他处理 read as a row of blanks right above its sub-rows was their group label."""
        codes = [c for c in self.facts if c.startswith(f"t3.{row_key}.")]
        if self.t3_previous == row_key and all(self.facts[c].value is None for c in codes):
            for code in codes:
                del self.facts[code]

    # ------------------------------------------------------------ table 4

    def _t4_data(self, row: _Row) -> None:
        n_cols = row.table.n_cols
        columns: dict[int, str] = {}
        for c, text in enumerate(_column_texts(self.header_rows, n_cols)):
            key = labels.t4_column_key(text)
            if key and key not in columns.values():
                columns[c] = key
        if len(columns) < len(_T4_POSITIONAL) and self._t4_positional(row, warn=False):
            return
        if not columns:
            self.warnings.append(f"table 4 header not understood (table {row.table.index}, row {row.r})")
            return
        if len(columns) < len(_T4_POSITIONAL):
            self.warnings.append(
                f"table 4 header names {len(columns)} of 15 columns (table {row.table.index})"
            )
        for c, key in sorted(columns.items()):
            self._emit(f"t4.{key}", row, c)

    def _t4_positional(self, row: _Row, warn: bool = True) -> bool:
        """A row of 15 numbers (after an optional label) is table 4 even without its header."""
        cells = row.distinct()
        if cells and not _is_value(cells[0][1].text):
            cells = cells[1:]
        if len(cells) != len(_T4_POSITIONAL) or not all(_is_value(cell.text) for _, cell in cells):
            return False
        if not any(cell.text.strip() for _, cell in cells):
            return False
        if warn:
            self.warnings.append(
                f"table 4 read by position: 15 numbers without a header (table {row.table.index})"
            )
        for key, (c, _) in zip(_T4_POSITIONAL, cells, strict=True):
            self._emit(f"t4.{key}", row, c)
        self.mode = None
        return True


def _with_unit(text: str, unit: str | None, kind: str) -> str:
    """Append the unit a header states to a bare number so ``parse_number`` converts it."""
    if not unit or re.search(r"元", text) or not re.search(r"[0-9]", text):
        return text
    if (kind == "money_wan" and unit == "元") or (kind == "money_yuan" and unit == "万元"):
        return text + unit
    return text
