"""Read a PDF report into a ParsedDocument.

A first pass with PDFium (``survey``) reads each page's text; pages of running text keep PDFium's
lines, table pages PDFium's glyphs and ruling lines (``pdfium_page``); pdfplumber opens the file only
for the pages PDFium leaves to it (and judges a file PDFium cannot open). Per page: the glyphs are
cleaned (``pdf_text``), ruled tables are read from their ruling lines (``pdf_tables``), the remaining lines lose their running header/footer (``pdf_page``) and are searched
for tables printed without lines (``pdf_lines``, ``pdf_line_grid``); what is left is the narrative.
Table parts that open a page right where a table of the same columns ended the page before are one
table. An unruled part too small to be found on its own page (a header alone at the foot of a page,
one row carried over to the next) is read together with the lines across the break. Like the HTML
reader, it reports what the document prints and never decides what a cell means.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from io import BytesIO
from typing import Any

import pdfplumber

from nianbao.core.errors import CorruptDocument
from nianbao.core.headings import find_sections
from nianbao.core.kinds import DocumentStatus, MediaType
from nianbao.extract.document import ParsedDocument, Table, raised_inside, reader
from nianbao.extract.pdf.line_grid import build_unruled_table
from nianbao.extract.pdf.lines import (
    Region,
    continues_region,
    find_regions,
    is_section_heading,
    join_over_break,
)
from nianbao.extract.pdf.page import (
    Paragraph,
    continues_paragraph,
    find_title,
    is_continued_mark,
    printed_date,
    running_lines,
    text_margins,
)
from nianbao.extract.pdf.ruled import RuledPart, build_ruled_table, continues, find_ruled_parts
from nianbao.extract.pdf.status import PageInventory, open_failure, page_warnings, text_layer_failure
from nianbao.extract.pdf.survey import Survey, survey_pdf
from nianbao.extract.pdf.text import Char, TextLine, group_lines, usable_chars


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    ruled: list[RuledPart]
    lines: list[TextLine]
    inventory: PageInventory
    prose: bool = False  # read from PDFium's glyphs: running text, not searched for tables


@dataclass(slots=True)
class _TableRun:
    """Parts of one table over consecutive pages: all ruled or all unruled."""

    ruled: bool
    parts: list[Any] = field(default_factory=list)


# A page these libraries fail on is a damaged page of the file; a failure in nianbao's own code is not.
_PDF_LIBRARIES = ("pdfminer", "pdfplumber", "PIL")


@reader(MediaType.PDF)
def read_pdf(data: bytes, source: str = "") -> ParsedDocument:
    """Parse one PDF. Damaged, encrypted, scanned or unreadable files get a status and a message."""
    doc = ParsedDocument(source=source, media_type=MediaType.PDF)
    survey = survey_pdf(data)
    pages: list[_Page] = []
    damaged: list[str] = []
    if survey is None or survey.rest:  # pages PDFium leaves to pdfplumber (all, when it cannot open it)
        doc.n_pages = _read_with_pdfplumber(data, survey, pages, damaged)
    else:
        doc.n_pages = survey.n_pages
        pages += [_prose_page(runs, number, survey.heights[number]) for number, runs in survey.prose.items()]
        pages += [_read_page(page, number) for number, page in survey.layout.items()]
        pages.sort(key=lambda p: p.number)
    if not pages:
        raise CorruptDocument(
            f"none of the {doc.n_pages} page(s) could be read: {'; '.join(damaged)}", n_pages=doc.n_pages
        )
    failure = text_layer_failure([p.inventory for p in pages])
    if failure:
        failure.n_pages = doc.n_pages
        raise failure
    doc.warnings += page_warnings([p.inventory for p in pages])
    if damaged:
        doc.status = DocumentStatus.PARTIAL
        doc.message = f"page(s) {', '.join(damaged)} of {doc.n_pages} could not be read (damaged file)"
    if b"%%EOF" not in data[-2048:]:
        doc.warnings.append("the file does not end with %%EOF: it may be truncated")
    _assemble(doc, pages)
    return doc


def _read_with_pdfplumber(data: bytes, survey: Survey | None, pages: list[_Page], damaged: list[str]) -> int:
    """Read with pdfplumber the pages PDFium left to it, take PDFium's reading of the others; returns
    the number of pages. A page pdfplumber's libraries fail on is added to ``damaged``."""
    try:
        pdf = pdfplumber.open(BytesIO(data))
    except Exception as exc:  # only pdfminer runs here: whatever it raises is about the bytes
        raise open_failure(exc) from exc
    prose = dict(survey.prose) if survey else {}
    layout = dict(survey.layout) if survey else {}
    try:
        try:
            page_objects = pdf.pages  # the page tree is parsed here
        except Exception as exc:
            raise open_failure(exc) from exc
        for number, page in enumerate(page_objects, 1):
            try:
                if number in prose:
                    pages.append(_prose_page(prose.pop(number), number, float(page.height)))
                    continue
                pages.append(_read_page(layout.pop(number, None) or page, number))
            except Exception as exc:
                if not raised_inside(exc, _PDF_LIBRARIES):
                    raise  # a fault of nianbao, not of the file: the report builder records it
                damaged.append(f"{number} ({type(exc).__name__}: {exc})")
            finally:
                page.close()  # drop the page's cached objects: long reports stay small in memory
    finally:
        pdf.stream.close()  # not pdf.close(): that walks the page tree again, which may be what broke
    return len(page_objects)


def _prose_page(runs: list[Char], number: int, height: float) -> _Page:
    """A page of running text (no table words, no column of values), from PDFium's lines of text."""
    inventory = PageInventory.of_text(number, "".join(run["text"] for run in runs))  # runs hold no spaces
    return _Page(number, height, [], group_lines(usable_chars(runs), number), inventory, prose=True)


def _read_page(page: Any, number: int) -> _Page:
    raw = page.chars
    chars = usable_chars(raw)
    ruled, free = find_ruled_parts(page, chars, number)
    inventory = PageInventory(number, [ch["text"] for ch in raw], len(page.images), len(page.curves))
    return _Page(number, float(page.height), ruled, group_lines(free, number), inventory)


# ---------------------------------------------------------------- the document


def _assemble(doc: ParsedDocument, pages: list[_Page]) -> None:
    flow = _reading_flow(pages)
    narrative = [item for item in flow if isinstance(item, TextLine)]
    left, right = text_margins(narrative)

    paragraphs: list[str] = []  # narrative paragraphs, for sections and the printed date
    text: list[str] = []  # everything in reading order, table rows tab-separated
    current: Paragraph | None = None
    caption = ""
    for item in flow:
        if isinstance(item, TextLine):
            heading = is_section_heading(item.text)  # a heading line starts anew, however full the line above
            if (
                current is not None
                and not heading
                and continues_paragraph(current.lines[-1], item, left, right)
            ):
                current.append(item)
                paragraphs[-1] = text[-1] = current.text
            else:
                current = Paragraph([item])
                paragraphs.append(current.text)
                text.append(current.text)
            caption = paragraphs[-1]
            continue
        current = None
        table = _build_table(item, len(doc.tables), caption[-200:])
        caption = ""  # text above one table is not the caption of the next
        heading = _take_heading_row(table)
        if heading:  # a section heading printed as the table's first row is narrative
            paragraphs.append(heading)
            text.append(heading)
        if table.cells:
            doc.tables.append(table)
            text.extend(_printed_rows(table))

    doc.text = "\n".join(text)
    doc.sections = find_sections(paragraphs)
    doc.title = find_title(narrative)
    doc.published_on = printed_date(paragraphs)
    if not doc.tables and not doc.message:
        doc.message = "no tables found in the PDF"


def _take_heading_row(table: Table) -> str:
    """Remove and return a first row that is one cell over the full width printing a section heading
    (二、主动公开政府信息情况 typed into the table): narrative, not table content."""
    first = [c for c in table.cells if c.row == 0]
    if len(first) != 1 or first[0].colspan != table.n_cols or first[0].rowspan != 1:
        return ""
    if not is_section_heading(first[0].text):
        return ""
    table.cells = [replace(c, row=c.row - 1) for c in table.cells if c.row > 0]
    return first[0].text


def _reading_flow(pages: list[_Page]) -> list[Any]:
    """Narrative lines and table runs in reading order, table parts joined across page breaks."""
    furniture = running_lines([p.lines for p in pages], [p.height for p in pages])
    lines_by_page = [
        [ln for i, ln in enumerate(page.lines) if i not in drop and not is_continued_mark(ln.text)]
        for page, drop in zip(pages, furniture, strict=True)
    ]
    found = [
        region
        for page, lines in zip(pages, lines_by_page, strict=True)
        if not page.prose
        for region in find_regions(lines)
    ]
    regions = _join_over_breaks(pages, lines_by_page, found)
    in_tables = {id(ln) for region in regions for ln in region.lines}
    items: list[tuple[int, float, int, Any]] = []
    for page, lines in zip(pages, lines_by_page, strict=True):
        items += [(page.number, ln.top, 0, ln) for ln in lines if id(ln) not in in_tables]
        items += [(page.number, part.top, 1, part) for part in page.ruled]
    items += [(region.page, region.top, 1, region) for region in regions]
    items.sort(key=lambda item: item[:3])

    flow: list[Any] = []
    for *_, obj in items:
        if isinstance(obj, TextLine):
            flow.append(obj)
            continue
        ruled = isinstance(obj, RuledPart)
        last = flow[-1] if flow else None
        if isinstance(last, _TableRun) and last.ruled == ruled and _continues(last.parts[-1], obj):
            last.parts.append(obj)
        else:
            flow.append(_TableRun(ruled, [obj]))
    return flow


def _join_over_breaks(
    pages: list[_Page], lines_by_page: list[list[TextLine]], regions: list[Region]
) -> list[Region]:
    """The regions with the unruled parts cut by page breaks joined: at each break, the end of one
    page (its last region, or the lines after it) and the start of the next (the lines before its first
    region, or that region when it has no header) are read as one run. Two whole regions on either side
    are left to ``continues_region``."""
    for n in range(len(pages) - 1):
        if pages[n + 1].number != pages[n].number + 1:
            continue  # a damaged page between them
        if pages[n].prose or pages[n + 1].prose:
            continue  # running text on one side: no table crosses this break
        owner = {id(ln): region for region in regions for ln in region.lines}
        end = _page_end(lines_by_page[n], pages[n].ruled, owner)
        start = _page_start(lines_by_page[n + 1], pages[n + 1].ruled, owner)
        if end is None or start is None:
            continue
        (above, previous), (below, following) = end, start
        if previous is not None and following is not None:
            continue
        joined = join_over_break(above, below)
        if joined is None:
            continue
        used = [r for r in (previous, following) if r is not None]
        inside = {id(ln) for ln in joined.lines}
        if any(id(ln) not in inside for r in used for ln in r.lines):
            continue  # it would cut a part found on its page: keep the parts as they are
        regions = [r for r in regions if all(r is not u for u in used)] + [joined]
    return regions


def _page_end(
    lines: list[TextLine], ruled: list[RuledPart], owner: dict[int, Region]
) -> tuple[list[TextLine], Region | None] | None:
    """What ends a page's text: the lines after its last region and ruled table, else the region
    holding its last line (None: a ruled table or nothing)."""
    floor = max((part.bbox[3] for part in ruled), default=float("-inf"))
    tail: list[TextLine] = []
    for line in reversed(lines):
        if id(line) in owner or line.top < floor:
            break
        tail.insert(0, line)
    if tail:
        return tail, None
    if lines and id(lines[-1]) in owner and lines[-1].top >= floor:
        region = owner[id(lines[-1])]
        return region.lines, region
    return None


def _page_start(
    lines: list[TextLine], ruled: list[RuledPart], owner: dict[int, Region]
) -> tuple[list[TextLine], Region | None] | None:
    """What begins a page's text: the lines before its first region and ruled table, else its first
    region when that has no header of its own (None: a ruled table, a region with a header, nothing)."""
    ceiling = min((part.top for part in ruled), default=float("inf"))
    head: list[TextLine] = []
    for line in lines:
        if id(line) in owner or line.bottom > ceiling:
            break
        head.append(line)
    if head:
        return head, None
    if lines and id(lines[0]) in owner and lines[0].bottom <= ceiling:
        region = owner[id(lines[0])]
        if not region.header:
            return region.lines, region
    return None


def _continues(previous: RuledPart | Region, part: RuledPart | Region) -> bool:
    if isinstance(previous, RuledPart) and isinstance(part, RuledPart):
        return continues(previous, part)
    if isinstance(previous, Region) and isinstance(part, Region):
        return continues_region(previous, part)
    return False


def _build_table(run: _TableRun, index: int, caption: str) -> Table:
    if run.ruled:
        return build_ruled_table(run.parts, index, caption)
    return build_unruled_table(run.parts, index, caption)


def _printed_rows(table: Table) -> list[str]:
    """The table as text lines, each merged cell once (on its first row), cells tab-separated."""
    rows: list[list[str]] = [[] for _ in range(table.n_rows)]
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell.text)
    return ["\t".join(row) for row in rows if any(row)]
