"""The ParsedDocument contract: what every reader (HTML, PDF, DOCX, text) hands to ``transform``.

A reader only says what the document prints: section headings and texts, and tables as grids of
cells with provenance. It never decides which metric a cell is; that is ``transform``'s job, written
once for all formats.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from nianbao.core.headings import Section

# One word naming the outcome of reading a document (DESIGN.md, `nianbao parse`).
STATUS_OK = "ok"
STATUS_PARTIAL = "partial"
STATUS_NEEDS_OCR = "needs_ocr"
STATUS_UNREADABLE = "unreadable"
STATUS_ENCRYPTED = "encrypted"
STATUS_CORRUPT = "corrupt"
STATUS_UNSUPPORTED = "unsupported"
STATUS_NOT_A_REPORT = "not_a_report"
STATUS_OUT_OF_SCOPE = "out_of_scope"
STATUS_UNKNOWN_LAYOUT = "unknown_layout"
# A report page whose tables are elsewhere (an attached PDF/DOCX, or pictures): no facts from it.
STATUS_NO_TABLES = "no_tables"


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
    media_type: str  # "html", "pdf", "docx", "text"
    encoding: str | None = None  # the text encoding the reader decoded (HTML, text)
    title: str = ""
    published_on: str | None = None  # ISO date printed on the page, if any
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    text: str = ""  # the whole readable text, for narrative checks and classification
    status: str = STATUS_OK
    message: str = ""
    warnings: list[str] = field(default_factory=list)
    n_pages: int = 1
    attachments: list[str] = field(default_factory=list)  # absolute URLs of linked report files

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_NAMES = {"html": "page", "pdf": "PDF", "docx": "Word file", "text": "text"}


def reader_failure(source: str, media_type: str, exc: Exception) -> ParsedDocument:
    """What a reader returns when it fails unexpectedly: one bad file must not stop a run of hundreds
    of agencies, so the failure becomes the document's status and message."""
    return ParsedDocument(
        source=source,
        media_type=media_type,
        status=STATUS_CORRUPT,
        message=f"cannot read the {_NAMES.get(media_type, media_type)} ({type(exc).__name__}: {exc})",
    )
