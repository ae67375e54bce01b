"""Read a report published as a Word file (DOCX) into a ParsedDocument; name legacy .doc/.wps files.

The body is walked in order (paragraphs and tables interleaved), so each table gets the text above it
as caption and the narrative lines give the sections. Merged cells are read from the XML, not from
python-docx's cell API (which repeats a merged cell at every grid position): ``w:gridSpan`` is a
colspan, a ``w:vMerge`` run (restart, then continue) a rowspan, ``w:gridBefore``/``w:gridAfter`` leave
columns empty. A table split in two in the Word file (the author cut it at a page break, often
repeating the header) is joined back. A report whose tables were typed as lines of text, not as Word
tables, goes through the text-table reader.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO

from lxml import etree

from nianbao.core.errors import CorruptDocument, DocumentTooLarge
from nianbao.core.headings import find_sections
from nianbao.core.kinds import DocumentStatus, MediaType
from nianbao.core.titles import opening_title, parse_report_title
from nianbao.extract.document import Cell, ParsedDocument, Table, raised_inside, reader
from nianbao.extract.lines.tables import tables_from_lines

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _q(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("sdt"), _q("sdtContent"), _q("customXml"),
)  # fmt: skip
_T, _TAB, _BR, _CR, _NB_HYPHEN = _q("t"), _q("tab"), _q("br"), _q("cr"), _q("noBreakHyphen")
_VAL = _q("val")
# Text that is not printed: the fallback copy of a drawing, and text a tracked change moved away.
_NOT_PRINTED = (f"{{{_MC}}}Fallback", _q("moveFrom"), _q("del"))
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_PAGE_BREAK = etree.XPath(
    ".//w:br[@w:type='page'] | ./w:pPr/w:pageBreakBefore | .//w:lastRenderedPageBreak", namespaces={"w": _W}
)
# Lines between two parts of a split table that do not separate them: page numbers, "续表".
_FILLER = re.compile(r"^(?:[-—–－]*\s*[0-9]+\s*[-—–－]*|第\s*[0-9]+\s*页.*|续表?|[(（]续[)）]|续上表)$")


@dataclass(slots=True)
class _Block:
    kind: str  # "text" | "table"
    text: str = ""
    element: etree._Element | None = None
    page_break: bool = False


@dataclass(slots=True)
class _Package:
    body: etree._Element
    core_title: str
    parts: dict[str, tuple[str, bytes]]  # relationship id -> (content type or name, bytes)


def _open_package(data: bytes) -> _Package:
    """The document body through python-docx; else straight from the zip, for packages python-docx
    refuses that still hold a readable ``word/document.xml`` (.docm/.dotx content types, Strict OOXML).
    Raises ``CorruptDocument`` when neither works."""
    import docx  # python-docx; imported here so ``extract`` stays cheap to import

    _refuse_bombs(data)
    try:
        word = docx.Document(BytesIO(data))
        body = word.element.body
        if body is not None:
            parts = {
                rid: (part.content_type or "", part.blob) for rid, part in word.part.related_parts.items()
            }
            return _Package(body, word.core_properties.title or "", parts)
    except zipfile.BadZipFile as exc:
        raise CorruptDocument(
            f"a damaged ZIP container (a truncated DOCX?): cannot be opened ({exc})"
        ) from exc
    except Exception as exc:
        if not raised_inside(exc, _WORD_LIBRARIES):
            raise
        # python-docx is stricter than Word: try the XML itself
    return _raw_package(data)


# A report's Word body is a few MB; a part that unpacks past this (or packs 200 times smaller) is a bomb.
_MAX_PART_BYTES = 256 * 1024**2
_MAX_RATIO = 200


def _refuse_bombs(data: bytes) -> None:
    try:
        parts = zipfile.ZipFile(BytesIO(data)).infolist()
    except zipfile.BadZipFile:
        return  # said below, as a damaged container
    for part in parts:
        packed = max(part.compress_size, 1)
        if part.file_size > _MAX_PART_BYTES or (
            part.file_size > 10 * 1024**2 and part.file_size / packed > _MAX_RATIO
        ):
            raise DocumentTooLarge(
                f"{part.filename} unpacks to {part.file_size / 1024**2:,.0f} MB from {packed / 1024**2:,.1f} MB "
                "(a ZIP bomb?): not read"
            )


# What python-docx stands on: an error raised inside them is about the file, not about nianbao.
_WORD_LIBRARIES = ("docx", "lxml")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"


def _raw_package(data: bytes) -> _Package:
    try:
        package = zipfile.ZipFile(BytesIO(data))
        xml = package.read("word/document.xml").replace(_STRICT_W, _W.encode())
        root = etree.fromstring(xml, _SAFE_XML)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, OSError) as exc:
        raise CorruptDocument(f"not a readable DOCX file ({type(exc).__name__}: {exc})") from exc
    body = root.find(_q("body"))
    if body is None:
        raise CorruptDocument("not a readable DOCX file (word/document.xml has no body)")
    parts: dict[str, tuple[str, bytes]] = {}
    try:
        rels = etree.fromstring(package.read("word/_rels/document.xml.rels"), _SAFE_XML)
        for rel in rels:
            target = "word/" + (rel.get("Target") or "").lstrip("/").removeprefix("word/")
            if target in package.namelist():
                parts[rel.get("Id") or ""] = (target, package.read(target))
    except (KeyError, etree.XMLSyntaxError):
        pass
    return _Package(body, "", parts)


@reader(MediaType.DOCX)
def read_docx(data: bytes, source: str = "") -> ParsedDocument:
    """Parse one DOCX file; a broken file yields status ``corrupt`` and a message."""
    doc = ParsedDocument(source=source, media_type=MediaType.DOCX)
    package = _open_package(data)
    body = package.body
    blocks = list(_blocks(body))

    lines: list[str] = []
    narrative: list[str] = []
    typed: list[str] = []  # the narrative lines with their tabs and spaces, for tables typed as text
    caption, between = "", []
    previous: Table | None = None
    for block in blocks:
        if block.kind == "text":
            doc.n_pages += block.page_break
            for raw in block.text.split("\n"):
                line = _collapse(raw)
                if line:
                    lines.append(line)
                    narrative.append(line)
                    typed.append(raw.rstrip())
                    caption = line
                    between.append(line)
            continue
        table = _read_table(block.element, len(doc.tables), caption[-200:])
        caption = ""
        if not table.cells:
            continue
        if previous is not None and _continues(previous, table, between):
            _append_rows(previous, table)
        else:
            doc.tables.append(table)
            previous = table
        between = []
        lines.extend(_printed_rows(table))

    for chunk in _alt_chunks(package):  # parts imported whole (HTML saved into the DOCX)
        lines.extend(chunk.text.splitlines())
        narrative.extend(chunk.text.splitlines())
        typed.extend(chunk.text.splitlines())
        for table in chunk.tables:
            table.index = len(doc.tables)
            doc.tables.append(table)

    doc.text = "\n".join(lines)
    doc.title = _title(narrative, package.core_title)
    if not doc.tables:
        _tables_from_text(doc, typed, narrative)
    doc.sections = find_sections(narrative)
    if not doc.text.strip():
        doc.status, doc.message = DocumentStatus.UNREADABLE, "no text in the Word file (scanned pictures?)"
    elif not doc.tables:
        doc.message = "no tables in the Word file"
    return doc


# ---------------------------------------------------------------- body order


def _blocks(parent: etree._Element) -> Iterator[_Block]:
    """Paragraphs and tables in reading order. Content controls and custom XML are looked into; a
    table holding other tables is page layout: its cells' contents are read as body."""
    for child in parent.iterchildren():
        if child.tag == _P:
            yield _Block("text", text=_paragraph_text(child), page_break=_breaks_page(child))
        elif child.tag == _TBL:
            if _has_nested_table(child):
                for tr in _rows(child):
                    for tc in _row_cells(tr):
                        yield from _blocks(tc)
            else:
                yield _Block("table", element=child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content)
        elif child.tag == _CUSTOM_XML:
            yield from _blocks(child)


def _printed(el: etree._Element) -> bool:
    return not any(a.tag in _NOT_PRINTED for a in el.iterancestors())


def _paragraph_text(p: etree._Element) -> str:
    parts = []
    for el in p.iter(_T, _TAB, _BR, _CR, _NB_HYPHEN):
        if not _printed(el):
            continue
        if el.tag == _T:
            parts.append(el.text or "")
        elif el.tag == _TAB:
            parts.append("\t")
        elif el.tag == _NB_HYPHEN:
            parts.append("-")
        elif el.get(_q("type")) in (None, "textWrapping") or el.tag == _CR:
            parts.append("\n")
    return "".join(parts)


def _breaks_page(p: etree._Element) -> bool:
    return bool(_PAGE_BREAK(p))


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _has_nested_table(tbl: etree._Element) -> bool:
    return any(el is not tbl for el in tbl.iter(_TBL))


# ---------------------------------------------------------------- tables


def _rows(tbl: etree._Element) -> list[etree._Element]:
    """The table's rows, including those wrapped in content controls; deleted (tracked) rows dropped."""
    out = []
    for child in tbl.iterchildren():
        if child.tag == _TR:
            rows = [child]
        elif child.tag in (_SDT, _CUSTOM_XML):
            rows = [tr for tr in child.iter(_TR) if tr.getparent() is not None and _owner_table(tr) is tbl]
        else:
            continue
        out.extend(tr for tr in rows if tr.find(f"{_q('trPr')}/{_q('del')}") is None)
    return out


def _owner_table(el: etree._Element) -> etree._Element | None:
    return next((a for a in el.iterancestors(_TBL)), None)


def _row_cells(tr: etree._Element) -> list[etree._Element]:
    return [tc for tc in tr.iter(_TC) if next(tc.iterancestors(_TR), None) is tr]


def _int_prop(el: etree._Element | None, path: str, default: int) -> int:
    found = el.find(path) if el is not None else None
    if found is None:
        return default
    try:
        return max(0, int(found.get(_VAL, default)))
    except ValueError:
        return default


def _cell_text(tc: etree._Element) -> str:
    """The cell's paragraphs joined: nothing between CJK lines ("商业"+"企业"), a space between words."""
    lines = []
    for p in tc.iter(_P):
        if next(p.iterancestors(_TC), None) is tc:
            lines.extend(_collapse(part) for part in _paragraph_text(p).split("\n"))
    out = ""
    for line in filter(None, lines):
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def _read_table(tbl: etree._Element, index: int, caption: str) -> Table:
    """Cells with their true spans. A ``vMerge`` continuation extends the cell above it in the same
    grid column; ``hMerge`` (older Word files) continues the cell on its left."""
    cells: list[Cell] = []
    open_merges: dict[int, Cell] = {}  # grid column -> the cell a vMerge run started there
    for r, tr in enumerate(_rows(tbl)):
        tr_pr = tr.find(_q("trPr"))
        col = _int_prop(tr_pr, _q("gridBefore"), 0)
        still_open: dict[int, Cell] = {}
        left: Cell | None = None
        for tc in _row_cells(tr):
            tc_pr = tc.find(_q("tcPr"))
            span = max(1, _int_prop(tc_pr, _q("gridSpan"), 1))
            v_merge = tc_pr.find(_q("vMerge")) if tc_pr is not None else None
            h_merge = tc_pr.find(_q("hMerge")) if tc_pr is not None else None
            if h_merge is not None and h_merge.get(_VAL) != "restart" and left is not None:
                left.colspan += span
                col += span
                continue
            above = open_merges.get(col)
            if v_merge is not None and v_merge.get(_VAL) != "restart" and above is not None:
                above.rowspan = r - above.row + 1
                still_open[col] = above
                left = above
                col += span
                continue
            cell = Cell(text=_cell_text(tc), row=r, col=col, colspan=span)
            cells.append(cell)
            if v_merge is not None and v_merge.get(_VAL) == "restart":
                still_open[col] = cell
            left = cell
            col += span
        open_merges = still_open
    if not any(c.text for c in cells):
        cells = []
    return Table(index=index, cells=cells, caption=caption)


def _printed_rows(table: Table) -> list[str]:
    """The table as text lines, each merged cell once (on its first row), cells tab-separated."""
    rows: list[list[str]] = [[] for _ in range(table.n_rows)]
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell.text)
    return ["\t".join(row) for row in rows if any(row)]


# ---------------------------------------------------------------- tables split in the Word file


def _row_texts(table: Table, r: int) -> list[str]:
    return [c.text for c in sorted(table.cells, key=lambda c: c.col) if c.row == r]


def _repeated_header_rows(first: Table, second: Table) -> int:
    """How many leading rows of ``second`` repeat the leading rows of ``first`` (0 if none)."""
    n = 0
    while (
        n < min(first.n_rows, second.n_rows - 1, 4)
        and any(_row_texts(second, n))
        and [_SPACE.sub("", t) for t in _row_texts(second, n)]
        == [_SPACE.sub("", t) for t in _row_texts(first, n)]
    ):
        n += 1
    return n


def _continues(first: Table, second: Table, between: list[str]) -> bool:
    """``second`` is the rest of ``first``: nothing but page furniture between them, and the same
    columns or a repeated header."""
    if any(not _FILLER.match(_SPACE.sub("", line)) for line in between):
        return False
    return second.n_cols == first.n_cols or _repeated_header_rows(first, second) > 0


def _append_rows(first: Table, second: Table) -> None:
    skip = _repeated_header_rows(first, second)
    offset = first.n_rows - skip
    for cell in second.cells:
        if cell.row < skip:
            continue
        cell.row += offset
        first.cells.append(cell)


# ---------------------------------------------------------------- title, text tables, imported parts


def _title(lines: list[str], core_title: str) -> str:
    """The report title among the opening lines, else the file's Title property if it is one."""
    return opening_title(lines) or (core_title if parse_report_title(core_title) else "")


def _tables_from_text(doc: ParsedDocument, typed: list[str], narrative: list[str]) -> None:
    """Tables typed as tab- or space-separated paragraphs instead of Word tables."""
    tables = tables_from_lines(typed, warnings=doc.warnings)
    if not tables:
        return
    doc.tables = tables
    used = {c.line for t in tables for c in t.cells if c.line}
    narrative[:] = [line for i, line in enumerate(narrative, start=1) if i not in used]
    doc.warnings.append("the tables are typed as lines of text in the Word file; read from the text")


def _alt_chunks(package: _Package) -> list[ParsedDocument]:
    """HTML parts imported whole into the document (``w:altChunk``), read with the HTML reader."""
    from nianbao.extract.html.reader import read_html

    out = []
    for chunk in package.body.iter(_q("altChunk")):
        kind, blob = package.parts.get(chunk.get(f"{{{_R}}}id") or "", ("", b""))
        if "htm" in kind.lower():
            out.append(read_html(blob, "altChunk"))
    return out


# ---------------------------------------------------------------- legacy binary Word files

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in the OLE2 directory (UTF-16LE): enough to tell the container's format.
_OLE_STREAMS = (
    ("EncryptedPackage", "encrypted"),  # a password-protected DOCX/XLSX is an OLE2 file
    ("WordDocument", "doc"),
    ("WpsContent", "wps"),  # Kingsoft WPS Writer
    ("CONTENTS", "wps"),  # Microsoft Works word processor
    ("Workbook", "xls"),
    ("PowerPoint Document", "ppt"),
)


def legacy_word_kind(data: bytes, name: str = "") -> str:
    """What an OLE2 file holds: "doc", "wps", "encrypted", "xls", "ppt" or "ole"."""
    kind = "ole"
    for stream, found in _OLE_STREAMS:
        if stream.encode("utf-16-le") in data:
            kind = found
            break
    if kind == "doc" and name.lower().split("?")[0].endswith(".wps"):
        kind = "wps"  # WPS saves its .wps files in the Word 97-2003 layout
    return kind


def read_legacy_word(data: bytes, source: str = "") -> ParsedDocument:
    """A legacy OLE2 file (.doc, .wps, encrypted DOCX): named and not read — no maintained library
    reads the Word 97-2003 binary format offline."""
    kind = legacy_word_kind(data, source)
    doc = ParsedDocument(source=source, media_type=MediaType.DOC, status=DocumentStatus.UNSUPPORTED)
    if kind == "encrypted":
        doc.status = DocumentStatus.ENCRYPTED
        doc.message = "password-protected Word/Office file: not read; ask for an unprotected DOCX or PDF"
    elif kind in ("doc", "wps"):
        name = "WPS binary (.wps)" if kind == "wps" else "Word 97-2003 binary (.doc)"
        doc.message = f"legacy {name}: not read; ask for DOCX or PDF (or convert it with LibreOffice)"
    else:
        doc.message = f"OLE2 compound file ({kind}), not a Word document: not read"
    return doc
