"""A row's printed numbers → its n cells: tabs keep the columns (``fit_tab_cells``); numbers
aligned with spaces are placed by position (``aligned_columns``, ``place_by_position``); where
separators or blanks were lost, ``readings`` lists the ways to read them that satisfy a table
identity (a row or group total), and ``describe_reading`` says how the chosen reading differs from print."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from nianbao.extract.lines.tokens import Token, token_value

# ---------------------------------------------------------------- run-together numbers


def _digits(token: Token) -> str | None:
    folded = unicodedata.normalize("NFKC", token.text)
    return folded if folded.isdigit() and folded.isascii() and len(folded) == len(token.text) else None


class _TooManyReadings(Exception):
    """More ways to read a run of numbers than are worth trying."""


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooManyReadings


def _splits(token: Token, max_pieces: int, budget: _Budget) -> Iterator[list[Token]]:
    """Ways to read one printed run of digits as up to ``max_pieces`` adjacent cells ("451" → 451,
    45|1, 4|51, 4|5|1). A piece never starts with 0 unless it is 0."""
    digits = _digits(token)
    if digits is None or len(digits) == 1:
        yield [token]
        return

    def walk(i: int, pieces: list[Token]) -> Iterator[list[Token]]:
        budget.spend()
        if i == len(digits):
            yield list(pieces)
            return
        if i == 0 and digits[0] != "0":
            yield [token]  # the run as printed, however long
        if len(pieces) == max_pieces or len(digits) - i > 6 * (max_pieces - len(pieces)):
            return  # a split into cells of more than six digits is no reading of these tables
        for j in range(i + 1, min(len(digits) - (i == 0), i + 6) + 1):
            if digits[i] == "0" and j > i + 1:
                break
            s, e = token.start + i, token.start + j
            pieces.append(Token(token.text[i:j], token.line, s, e, token.start_w + i, token.start_w + j))
            yield from walk(j, pieces)
            pieces.pop()

    yield from walk(0, [])


def readings(
    tokens: list[Token], n: int, holds: Callable[[list[Token | None]], bool], limit: int = 50_000
) -> list[list[Token | None]] | None:
    """Every way to read ``tokens`` as ``n`` cells for which ``holds(cells)`` is true: a token may
    stand for several adjacent cells (its separators lost) and blank cells may lie between tokens
    (their gaps lost). None when there are more than ``limit`` ways to try."""
    found: list[list[Token | None]] = []
    budget = _Budget(limit)

    def place(ti: int, cells: list[Token | None]) -> None:
        budget.spend()
        if ti == len(tokens):
            full = cells + [None] * (n - len(cells))
            if holds(full):
                found.append(full)
            return
        later = len(tokens) - ti - 1
        for pieces in _splits(tokens[ti], n - len(cells) - later, budget):
            for gap in range(n - len(cells) - len(pieces) - later + 1):
                place(ti + 1, cells + [None] * gap + pieces)

    try:
        place(0, [])
    except _TooManyReadings:
        return None
    return found


# ---------------------------------------------------------------- aligned columns


@dataclass(frozen=True, slots=True)
class Columns:
    """Where the columns of an aligned layout are: positions (by ``measure``/``ref``) → column."""

    measure: str  # "w": display columns (CJK counts 2, a monospace editor) | "c": characters
    ref: str  # which edge of a number lines up: "end", "mid" or "start"
    positions: tuple[tuple[float, int], ...]
    tolerance: float


def aligned_columns(
    rows: list[list[Token]], n: int, header: list[Token] | None = None, header_alone: bool = False
) -> Columns | None:
    """The columns of numbers printed aligned with spaces: the positions the numbers of all rows
    share, matched to the header words above them when some columns are blank in every row.
    None when the numbers are not aligned (single spaces between them). With ``header_alone``, an
    aligned header places the numbers by itself when no row shows the columns."""
    rows = [r for r in rows if r]
    header = header or []
    best: tuple[int, str, str, list[float]] | None = None
    if sum(len(r) > 1 for r in rows) >= 2:
        for measure in ("w", "c"):
            for ref in ("end", "mid", "start"):
                centres = _clusters(sorted(_position(t, measure, ref) for r in rows for t in r))
                fits = all(
                    _increasing([_nearest(centres, _position(t, measure, ref)) for t in r]) for r in rows
                )
                if centres and fits and (best is None or len(centres) < best[0]):
                    best = (len(centres), measure, ref, centres)
    if best is not None and best[0] == n:
        _, measure, ref, centres = best
        return Columns(measure, ref, tuple((x, i) for i, x in enumerate(centres)), _half_gap(centres))
    if best is not None and len(header) != n:
        _, measure, ref, centres = best
        lattice = _on_a_lattice(centres, n)
        return (
            Columns(measure, ref, tuple(zip(centres, lattice, strict=True)), _half_gap(centres))
            if lattice
            else None
        )
    if len(header) != n:
        return None
    measure, ref = (best[1], best[2]) if best else ("w", "mid")
    heads = [_position(h, measure, "mid") for h in header]
    tolerance = _half_gap(heads)
    if best is None:  # no aligned rows to learn from: numbers sit under their header words
        if not header_alone:
            return None
        return Columns(measure, "mid", tuple((x, i) for i, x in enumerate(heads)), tolerance)
    matched = [_nearest(heads, x) for x in best[3]]
    if not _increasing(matched) or any(
        abs(heads[i] - x) > tolerance for i, x in zip(matched, best[3], strict=True)
    ):
        return None
    return Columns(
        measure, ref, tuple(zip(best[3], matched, strict=True)), min(_half_gap(best[3]), tolerance)
    )


def _on_a_lattice(centres: list[float], n: int) -> list[int] | None:
    """Columns of evenly spaced clusters spanning exactly ``n`` columns (blank columns between them
    are the gaps in the spacing); None unless every cluster sits on the spacing."""
    if len(centres) < 3:
        return None
    pitch = min(b - a for a, b in zip(centres, centres[1:], strict=False))
    steps = [(x - centres[0]) / pitch for x in centres]
    if pitch < 3 or any(abs(k - round(k)) > 0.15 for k in steps) or round(steps[-1]) != n - 1:
        return None
    return [round(k) for k in steps]


def _clusters(positions: list[float]) -> list[float]:
    groups: list[list[float]] = []
    for x in positions:
        if groups and x - groups[-1][-1] <= 1.0 and x - groups[-1][0] <= 2.0:
            groups[-1].append(x)
        else:
            groups.append([x])
    return [sum(g) / len(g) for g in groups]


def _nearest(anchors: list[float], x: float) -> int:
    return min(range(len(anchors)), key=lambda i: abs(anchors[i] - x))


def _increasing(columns: list[int]) -> bool:
    return all(a < b for a, b in zip(columns, columns[1:], strict=False))


def _half_gap(anchors: list[float]) -> float:
    return min((b - a for a, b in zip(anchors, anchors[1:], strict=False)), default=4.0) / 2


def place_by_position(
    values: list[Token | None], columns: Columns | None, n: int
) -> list[Token | None] | None:
    """The numbers of one row put under the columns they are printed under; None when one of them
    sits under no column (or two under one)."""
    tokens = [v for v in values if v is not None]
    if columns is None or not tokens:
        return None
    cells: list[Token | None] = [None] * n
    anchors = [x for x, _ in columns.positions]
    last = -1
    for token in tokens:
        pos = _position(token, columns.measure, columns.ref)
        i = _nearest(anchors, pos)
        column = columns.positions[i][1]
        if abs(anchors[i] - pos) > columns.tolerance or column <= last:
            return None
        cells[column], last = token, column
    return cells


def _position(token: Token, measure: str, ref: str) -> float:
    start, end = (token.start_w, token.end_w) if measure == "w" else (token.start, token.end)
    return {"start": start, "end": end}.get(ref, (start + end) / 2)


# ---------------------------------------------------------------- tab cells, totals and what was read


def fit_tab_cells(values: list[Token | None], n: int) -> list[Token | None]:
    """Tab cells to ``n`` columns: trailing tabs an editor dropped are blanks; extra empty cells
    at either end are gaps of merged label cells."""
    cells = list(values)
    while len(cells) > n and cells[-1] is None:
        cells.pop()
    while len(cells) > n and cells[0] is None:
        cells.pop(0)
    return (cells + [None] * n)[:n] if len(cells) <= n else cells[-n:]


def number_of(token: Token | None) -> float:
    if token is None:
        return 0.0
    value = token_value(token.text)
    return value if value is not None else float("nan")


def row_sum_holds(cells: list[Token | None]) -> bool:
    return number_of(cells[-1]) == sum(number_of(c) for c in cells[:-1])


def show_tokens(tokens: list[Token]) -> str:
    return "'" + " ".join(t.text for t in tokens) + "'"


def describe_reading(tokens: list[Token], cells: list[Token | None], names: tuple[str, ...]) -> str:
    """How a reading differs from the printed tokens: splits, and blanks restored."""
    parts = []
    for token in tokens:
        pieces = [c.text for c in cells if c is not None and c.start >= token.start and c.end <= token.end]
        if len(pieces) > 1:
            parts.append(f"split '{token.text}' as {'|'.join(pieces)}")
    blanks = [names[i] for i, c in enumerate(cells) if c is None]
    if blanks:
        parts.append(f"blank {', '.join(blanks)}")
    return "; ".join(parts) or "read"
