"""Table 3 (收到和处理政府信息公开申请情况) from text lines: rows grown back from label pieces
(the vertical 三、本年度办理结果, group labels, wrapped labels) and number lines, their numbers placed in
the seven columns — by tabs, by position, or by the row total and the column identities when
separators were lost."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import product

from nianbao.core import labels
from nianbao.core.catalog import T3_COLUMNS, T3_RESULT_ROWS_COMMON, T3_ROWS
from nianbao.extract.document import Cell, Table
from nianbao.extract.lines.numbers import (
    aligned_columns,
    describe_reading,
    fit_tab_cells,
    number_of,
    place_by_position,
    readings,
    row_sum_holds,
    show_tokens,
)
from nianbao.extract.lines.tokens import NUMBERED, Line, Token, flat_label, join_words, make_cell

T3_HEADER_NAMES = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
_N3 = len(T3_COLUMNS)

_TOP_ROW = re.compile(r"^[一二三四][、.,]")
_STACK_CHARS = frozenset("三、本年度办理结果")
_GROUP_LABEL = re.compile(r"^\(([三四五六])\)(?:不予公开|无法提供|不予处理|其他处理|其它处理)?$")
_GROUP_NAMES = ("(三)不予公开", "(四)无法提供", "(五)不予处理", "(六)其他处理", "三、本年度办理结果")


def is_t3_keyword(text: str) -> bool:
    match = labels.t3_row_key([text])
    return match is not None and match.how == "keyword"


def leaf_of(words: list[Token]) -> tuple[list[Token], str]:
    """Split label words into the words before the row's own label (stack characters, group labels
    or their fragments) and the row label: from the last word that starts with a numbering."""
    words = [w for w in words if w.text]
    start = max((i for i, w in enumerate(words) if NUMBERED.match(flat_label(w.text))), default=0)
    prefix, leaf = words[:start], words[start:]
    while len(leaf) > 1 and (
        (len(leaf[0].text) == 1 and leaf[0].text in _STACK_CHARS) or _is_group_fragment(leaf[0].text)
    ):
        prefix.append(leaf.pop(0))
    return prefix, join_words([w.text for w in leaf])


def _is_stack(words: list[Token]) -> bool:
    return bool(words) and all(len(w.text) == 1 and w.text in _STACK_CHARS for w in words)


def _is_group_fragment(text: str) -> bool:
    t = flat_label(text)
    return (
        bool(t) and not NUMBERED.match(t) and (len(t) >= 2 or t == "、") and any(t in g for g in _GROUP_NAMES)
    )


@dataclass(slots=True)
class _T3Row:
    label: list[Token]  # the row label's pieces in print order (first line first)
    values: list[Token | None]
    tabbed: bool
    spaced: bool
    group: Token | None = None
    cells: list[Token | None] | None = None  # the 7 cells once placed; None: not assigned
    candidates: list[list[Token | None]] = field(default_factory=list)
    key: str | None = None

    @property
    def text(self) -> str:
        return join_words([t.text for t in self.label])


class Table3Builder:
    """Grows table-3 rows back from label pieces and number lines, then places the numbers."""

    def __init__(self, warnings: list[str]) -> None:
        self.warnings = warnings
        self.rows: list[_T3Row] = []
        self.pending: list[Token] = []  # label pieces waiting for their numbers
        self.orphan: Line | None = None  # numbers printed above their label
        self.group: Token | None = None  # a group label line, given to the rows of its group
        self.group_candidate: Token | None = None
        self.header: list[Line] = []

    def build(self, lines: list[Line]) -> Table | None:
        in_header = True
        last_data: _T3Row | None = None
        for line in lines:
            if line.kind == "t3_header" or (in_header and not self._starts_rows(line)):
                if not self.rows:
                    self.header.append(line)
                in_header = True
                continue
            in_header = False
            last_data = self._read_line(line, last_data)
        self._flush_pending(None)
        if self.orphan is not None:
            self.warnings.append(f"table 3: numbers on line {self.orphan.no} have no row label; not used")
        if not self.rows:
            return None
        self._key_rows()
        self._place_numbers()
        return self._grid()

    def _starts_rows(self, line: Line) -> bool:
        if line.kind == "t3_header":
            return False
        if line.values:
            return True
        _, leaf = leaf_of(line.labels)
        return bool(leaf) and (bool(NUMBERED.match(flat_label(leaf))) or is_t3_keyword(leaf))

    # ------------------------------------------------------------ rows from lines

    def _read_line(self, line: Line, last_data: _T3Row | None) -> _T3Row | None:
        prefix, leaf = leaf_of(line.labels)
        group = next((w for w in prefix if _GROUP_LABEL.match(flat_label(w.text))), None)
        leaf_words = [w for w in line.labels if w not in prefix]
        if group is not None:
            self.group, self.group_candidate = group, None
        if not line.values and not line.tabbed:
            self._label_only(leaf, leaf_words)
            return None
        numbered = bool(NUMBERED.match(flat_label(leaf)))
        if leaf and not numbered and _is_group_fragment(leaf):
            leaf, leaf_words = "", []
        if numbered:
            self._flush_pending(None)
            return self._new_row(leaf_words, line)
        start = max(
            (i for i, w in enumerate(self.pending) if NUMBERED.match(flat_label(w.text))), default=None
        )
        if start is not None:
            self._flush_pending(start)
            words, self.pending = self.pending + leaf_words, []
            return self._new_row(words, line)
        if leaf and is_t3_keyword(join_words([w.text for w in self.pending]) + leaf):
            words, self.pending = self.pending + leaf_words, []
            return self._new_row(words, line)
        self._flush_pending(None)
        if leaf_words and self.rows:
            self.rows[-1].label.extend(leaf_words)
        if last_data is not None and not line.labels and len(last_data.values) < _N3:
            last_data.values.extend(line.values)  # one cell per line: the row goes on
            return last_data
        if self.orphan is not None:
            self.warnings.append(f"table 3: numbers on line {self.orphan.no} have no row label; not used")
        self.orphan = line
        return None

    def _label_only(self, leaf: str, words: list[Token]) -> None:
        flat = flat_label(leaf)
        if not leaf or _is_stack(words) or "办理结果" in flat:
            return  # the vertical 三、本年度办理结果, whole or in pieces, heads no row
        if _GROUP_LABEL.match(flat):
            if len(flat) > 3:  # a whole group label closes the rows above (a bare （四） may sit mid-row)
                self._flush_pending(None)
            self.group_candidate = words[0] if len(words) == 1 else Token(leaf, words[0].line, 0, 0, 0, 0)
            return
        if _is_group_fragment(leaf):
            return
        if NUMBERED.match(flat) and self.orphan is not None:
            orphan, self.orphan = self.orphan, None
            self._flush_pending(None)
            self._new_row(words, orphan)
            return
        self.pending.extend(words)

    def _flush_pending(self, upto: int | None) -> None:
        """Label pieces before ``upto`` (all when None): a numbered piece is a row printed without
        numbers (all blank); an unnumbered piece continues the label of the row above."""
        pieces, self.pending = self.pending[:upto], self.pending[upto:] if upto is not None else []
        for piece in pieces:
            if NUMBERED.match(flat_label(piece.text)):
                blank = Line(piece.line, [], [None] * _N3, tabbed=True, spaced=False)
                self._new_row([piece], blank)
            elif self.rows:
                self.rows[-1].label.append(piece)

    def _new_row(self, words: list[Token], line: Line) -> _T3Row:
        text = flat_label(join_words([w.text for w in words]))
        if self.group_candidate is not None:
            # A group label on its own line heads the rows below it only if they start at item 1.
            starts_group = re.match(r"^1[.、,)]", text)
            candidate, self.group_candidate = self.group_candidate, None
            if starts_group:
                self.group = candidate
            elif flat_label(candidate.text).endswith(("其他处理", "其它处理")):
                self.rows.append(_T3Row([candidate], [None] * _N3, tabbed=True, spaced=False))
        if self.group is not None and not re.match(r"^[0-9]+[.、,)]", text):
            self.group = None
        row = _T3Row(list(words), list(line.values), line.tabbed, line.spaced, group=self.group)
        if line.glued:
            self.warnings.append(f"table 3 row {row.text}: number {line.glued} printed against its label")
        self.rows.append(row)
        return row

    # ------------------------------------------------------------ numbers into columns

    def _key_rows(self) -> None:
        previous = None
        for row in self.rows:
            path = ([row.group.text] if row.group else []) + [row.text]
            match = labels.t3_row_key(path, previous=previous)
            row.key = match.key if match else None
            previous = row.key or previous

    def _place_numbers(self) -> None:
        aligned = [
            [v for v in r.values if v] for r in self.rows if not r.tabbed and (r.spaced or len(r.values) == 1)
        ]
        columns = aligned_columns(aligned, _N3, self._header_words())
        for row in self.rows:
            if row.tabbed:
                row.cells = fit_tab_cells(row.values, _N3)
            elif len(row.values) == _N3:
                row.cells = list(row.values)
            elif (placed := place_by_position(row.values, columns, _N3)) is not None:
                row.cells = placed
            else:
                self._solve_row(row)
        self._solve_by_columns()

    def _solve_row(self, row: _T3Row) -> None:
        tokens = [v for v in row.values if v is not None]
        found = readings(tokens, _N3, row_sum_holds)
        if found is None:
            self.warnings.append(
                f"table 3 row {row.text}: numbers {show_tokens(tokens)} have too many readings; not assigned"
            )
        elif len(found) == 1:
            row.cells = found[0]
            self.warnings.append(
                f"table 3 row {row.text}: {describe_reading(tokens, found[0], T3_HEADER_NAMES)}"
                f" by the row total {_total_text(found[0])}"
            )
        elif found:
            row.candidates = found
        else:
            self.warnings.append(
                f"table 3 row {row.text}: numbers {show_tokens(tokens)} do not fit the 7 columns in any reading"
                " that adds up; not assigned"
            )

    def _solve_by_columns(self) -> None:
        """Rows with several readings: keep the combination for which the column identities hold
        (一+二 = （七）+四; （七） = the sum of the result rows)."""
        open_rows = [r for r in self.rows if r.candidates]
        if not open_rows:
            return
        combos = 1
        for row in open_rows:
            combos *= len(row.candidates)
        by_key = {r.key: r for r in self.rows if r.key}
        passing: list[tuple[list[Token | None], ...]] = []
        if combos <= 20000 and _column_identities_checkable(by_key, open_rows):
            for combo in product(*(r.candidates for r in open_rows)):
                chosen = {id(r): cells for r, cells in zip(open_rows, combo, strict=True)}
                if _column_identities_hold(by_key, chosen):
                    passing.append(combo)
        for i, row in enumerate(open_rows):
            choices = {tuple(id(t) if t else None for t in combo[i]) for combo in passing}
            tokens = [v for v in row.values if v is not None]
            if passing and len(choices) == 1:
                row.cells = passing[0][i]
                self.warnings.append(
                    f"table 3 row {row.text}: {describe_reading(tokens, row.cells, T3_HEADER_NAMES)}"
                    " by the column identities"
                )
            else:
                left = f"; the column identities leave {len(choices)}" if len(choices) > 1 else ""
                self.warnings.append(
                    f"table 3 row {row.text}: numbers {show_tokens(tokens)} fit the 7 columns in "
                    f"{len(row.candidates)} ways that add up (separators or blanks lost{left}); not assigned"
                )
            row.candidates = []

    def _header_words(self) -> list[Token]:
        """The seven column names in the printed header, left to right, when they can be told."""
        by_key: dict[str, Token] = {}
        for line in self.header:
            for w in line.labels:
                key = labels.t3_column_key(w.text)
                if key and not re.search(r"法人|申请人", flat_label(w.text)):
                    by_key.setdefault(key, w)  # 商业 above 企业: the first line names the column
        return sorted(by_key.values(), key=lambda w: w.start_w) if len(by_key) == _N3 else []

    # ------------------------------------------------------------ the grid

    def _grid(self) -> Table:
        cells: list[Cell] = []
        first = self.header[0].no if self.header else self.rows[0].label[0].line if self.rows[0].label else 1
        corner = next(
            (ln.label for ln in self.header if "勾稽" in ln.label or "申请人" in ln.label), "申请人情况"
        )
        cells.append(Cell(text=corner, row=0, col=0, colspan=2, line=first))
        header_line = self.header[0].no if self.header else first
        for i, name in enumerate(T3_HEADER_NAMES):
            cells.append(Cell(text=name, row=0, col=2 + i, line=header_line))
        group_cell: Cell | None = None
        for r, row in enumerate(self.rows, start=1):
            line = row.label[0].line if row.label else header_line
            top = row.key in ("new_received", "carried_in", "carried_out") or _TOP_ROW.match(
                flat_label(row.text)
            )
            if row.group is not None and not top:
                if (
                    group_cell is not None
                    and group_cell.text == row.group.text
                    and group_cell.line == row.group.line
                ):
                    group_cell.rowspan += 1
                else:
                    group_cell = make_cell(row.group, r, 0, line)
                    cells.append(group_cell)
            else:
                group_cell = None
            cells.append(Cell(text=row.text, row=r, col=0 if top else 1, colspan=2 if top else 1, line=line))
            if row.cells is None:
                continue
            for c, token in enumerate(row.cells):
                cells.append(make_cell(token, r, 2 + c, line))
        return Table(index=0, cells=cells, caption="三、收到和处理政府信息公开申请情况")


def _column_identities_checkable(by_key: dict[str, _T3Row], open_rows: list[_T3Row]) -> bool:
    keys = {r.key for r in open_rows}
    balance = {"new_received", "carried_in", "total_handled", "carried_out"}
    return (balance <= by_key.keys() and bool(keys & balance)) or "total_handled" in by_key


def _column_identities_hold(by_key: dict[str, _T3Row], chosen: dict[int, list[Token | None]]) -> bool:
    def cells(key: str) -> list[Token | None] | None:
        row = by_key.get(key)
        if row is None:
            return None
        return chosen.get(id(row), row.cells)

    balance = [cells(k) for k in ("new_received", "carried_in", "total_handled", "carried_out")]
    results = [
        cells(k) for k in T3_ROWS if k in by_key and (k in T3_RESULT_ROWS_COMMON or k.startswith("other."))
    ]
    total = cells("total_handled")
    for c in range(_N3):
        if all(b is not None for b in balance):
            a, b, t, o = (number_of(x[c]) for x in balance)  # type: ignore[index]
            if a + b != t + o:
                return False
        sums = total is not None and results and all(x is not None for x in results)
        if sums and number_of(total[c]) != sum(number_of(x[c]) for x in results):  # type: ignore[index]
            return False
    return True


def _total_text(cells: list[Token | None]) -> str:
    total = cells[-1]
    return total.text if total else "(blank)"
