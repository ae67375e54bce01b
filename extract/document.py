"""The ParsedDocument contract: what every reader (HTML, PDF, DOCX, text) hands to ``transform``.

A reader only says what the document prints: section headings and texts, and tables as grids of
cells with provenance. It never decides which metric a cell is; that is ``transform``'s job, written
once for all formats.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from nianbao.core.errors import ReaderError
from nianbao.core.headings import Section
from nianbao.core.kinds import DocumentStatus, MediaType


@dataclass(slots=True)
class Cell:
    """One printed cell. ``row``/``col`` are its top-left position in the expanded grid."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    page: int | None = None  # 1-based page number (PDF)
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom in PDF points
    line: int | None = None  # 1-based line number (plain text)


@dataclass(slots=True)
class Table:
    """A table as printed, joined across pages.

    ``cells`` lists each printed cell once. ``grid()`` expands spans so that every position of the
    table holds the cell covering it, which is what label matching walks.
    """

    index: int  # 0-based order of the table in the document
    cells: list[Cell]
    caption: str = ""  # nearest heading or text before the table, if any

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def grid(self) -> list[list[Cell | None]]:
        rows: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    rows[r][c] = cell
        return rows

    def text_rows(self) -> list[list[str]]:
        """The expanded grid as text: handy in tests and when debugging a layout."""
        return [[c.text if c else "" for c in row] for row in self.grid()]


@dataclass(slots=True)
class ParsedDocument:
    source: str  # file path or URL the bytes came from
    media_type: MediaType
    encoding: str | None = None  # the text encoding the reader decoded (HTML, text)
    title: str = ""
    published_on: str | None = None  # ISO date printed on the page, if any
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    text: str = ""  # the whole readable text, for narrative checks and classification
    status: DocumentStatus = DocumentStatus.OK
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    n_pages: int = 1
    attachments: list[str] = field(default_factory=list)  # absolute URLs of linked report files

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def reader(media_type: MediaType) -> Callable[[Callable[..., ParsedDocument]], Callable[..., ParsedDocument]]:
    """The entry point of a reader: a ``ReaderError`` (a condition of the bytes: damaged, encrypted,
    scanned …) becomes the document's status and message. Any other exception is a fault of nianbao
    and propagates: the report builder records it as ``parser_error`` with its traceback."""

    def decorate(read: Callable[..., ParsedDocument]) -> Callable[..., ParsedDocument]:
        @functools.wraps(read)
        def entry(data: Any, source: str = "", **options: Any) -> ParsedDocument:
            try:
                return read(data, source, **options)
            except ReaderError as exc:
                return ParsedDocument(
                    source=source,
                    media_type=media_type,
                    status=exc.status,
                    message=str(exc),
                    n_pages=exc.n_pages,
                )

        return entry

    return decorate


def raised_inside(exc: BaseException, packages: tuple[str, ...]) -> bool:
    """Whether ``exc`` comes from code of these third-party ``packages`` (a parser choking on the
    bytes) rather than from nianbao's own code. The innermost frame outside the standard library
    decides, so a ``ValueError`` that pdfminer gets from ``int()`` counts as pdfminer's."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_globals.get("__name__", ""))
        tb = tb.tb_next
    for module in reversed(frames):
        top = module.partition(".")[0]
        if top not in sys.stdlib_module_names:
            return top in packages
    return False
