"""Read a published report page (HTML) into a ParsedDocument.

The reader reports what the page prints: title, publication date, section headings 一…六 with their
text, every data table of the article as a cell grid (spans resolved on an occupancy grid, so merged
label cells sit where a browser draws them), and links to report files. It never decides what a cell
means: ``transform`` does that, once for all readers.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from nianbao.core.headings import find_sections
from nianbao.core.kinds import DocumentStatus, MediaType
from nianbao.extract.charset import decode_html, require_text
from nianbao.extract.document import Cell, ParsedDocument, Table, reader
from nianbao.extract.html.page import (
    article_body,
    attachment_links,
    collapse,
    page_metas,
    page_title,
    published_on,
)

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# Elements that end a line of text; the rest flow inline.
_BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th",
    "table", "tbody", "thead", "tfoot", "section", "article", "header", "footer", "nav", "aside", "main",
    "blockquote", "pre", "center", "form", "hr", "address", "figure", "figcaption", "caption", "fieldset",
    "legend", "details", "summary",
})  # fmt: skip
# Elements whose text is not part of the page as read.
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "embed",
    "select", "option", "textarea", "button", "svg", "canvas", "map", "area", "input",
})  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@reader(MediaType.HTML)
def read_html(
    data: bytes | str,
    source: str = "",
    *,
    header_charset: str | None = None,
    base_url: str | None = None,
) -> ParsedDocument:
    """Parse one HTML page; odd input yields a status and a message."""
    doc = ParsedDocument(source=source, media_type=MediaType.HTML)
    if isinstance(data, bytes):
        kind = _binary_kind(data)
        if kind:
            doc.status, doc.message = (
                DocumentStatus.UNSUPPORTED,
                f"not an HTML page but {kind}: use the matching reader",
            )
            return doc
        text, encoding = decode_html(data, header_charset)
        if "errors replaced" in encoding:
            doc.warnings.append(f"decoded as {encoding}")
    else:
        text = data
    require_text(text)

    tree = LexborHTMLParser(text)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        doc.status, doc.message = DocumentStatus.UNREADABLE, "no document body"
        return doc

    data_tables = _data_tables(root)
    body = article_body(tree, root, data_tables)
    items = _reading_order(body, set(data_tables))

    lines: list[str] = []
    narrative: list[str] = []
    caption = ""
    for kind, value in items:
        if kind == "text":
            lines.append(value)
            narrative.append(value)
            caption = value
            continue
        table = _read_table(value, len(doc.tables), caption[-200:])
        caption = ""  # text above one table is not the caption of the next
        if table.cells:
            doc.tables.append(table)
            lines.extend(_printed_rows(table))

    metas = page_metas(tree)
    doc.text = "\n".join(lines)
    doc.sections = find_sections(narrative)
    doc.title = page_title(tree, body, metas, narrative)
    doc.published_on = published_on(metas, tree.body.text(separator="\n") if tree.body else doc.text)
    doc.attachments = attachment_links(tree, body, base_url or (source if "://" in source else None))
    if not doc.text.strip():
        doc.status, doc.message = DocumentStatus.UNREADABLE, "no readable text in the page"
    elif not doc.tables:
        doc.message = "no tables in the page"
        images = len(body.css("img"))
        if images:
            doc.message += f"; {images} image(s) in the article (tables printed as pictures?)"
        if doc.attachments:
            doc.message += f"; linked report files: {', '.join(doc.attachments[:3])}"
    return doc


def _binary_kind(data: bytes) -> str | None:
    head = data[:8].lstrip()
    if head.startswith(b"%PDF"):
        return "a PDF file"
    if head.startswith(b"PK\x03\x04"):
        return "a ZIP container (DOCX/XLSX/OFD)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an OLE file (DOC/XLS/WPS)"
    return None


def _is_hidden(node: LexborNode) -> bool:
    attrs = node.attributes
    return "hidden" in attrs or bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))


# ---------------------------------------------------------------- reading order


def _reading_order(node: LexborNode, data_tables: set[int]) -> list[tuple[str, object]]:
    """Lines of text and data tables in reading order: ("text", line) | ("table", node)."""
    out: list[tuple[str, object]] = []
    buf: list[str] = []

    def flush() -> None:
        line = collapse("".join(buf))
        buf.clear()
        if line:
            out.append(("text", line))

    stack: list[tuple[LexborNode, bool]] = [(node, False)]
    while stack:
        cur, leaving = stack.pop()
        if leaving:
            flush()
            continue
        if cur.is_text_node:
            buf.append(cur.text_content or "")
            continue
        tag = cur.tag or ""
        if tag.startswith("-") or tag in _SKIP_TAGS or _is_hidden(cur):
            continue
        if tag == "br":
            flush()
            continue
        if cur.mem_id in data_tables and cur.mem_id != node.mem_id:
            flush()
            out.append(("table", cur))
            continue
        if tag == "pre":
            # Preformatted text keeps its lines and the spaces that align its columns: a report pasted
            # as text is read as a table from exactly these lines.
            flush()
            for line in (cur.text() or "").replace("\u00a0", " ").split("\n"):
                if line.strip():
                    out.append(("text", line.rstrip()))
            continue
        if tag in _BLOCK_TAGS:
            flush()
            stack.append((cur, True))
        stack.extend((child, False) for child in reversed(list(cur.iter(include_text=True))))
    flush()
    return out


def _join_cell_lines(lines: list[str]) -> str:
    """Join the lines of one cell: nothing between CJK text ("商业"+"企业"), a space between words."""
    out = ""
    for line in lines:
        if (
            out
            and line
            and out[-1].isascii()
            and out[-1].isalnum()
            and line[0].isascii()
            and line[0].isalnum()
        ):
            out += " "
        out += line
    return out


# ---------------------------------------------------------------- tables


def _data_tables(root: LexborNode) -> dict[int, int]:
    """Tables that hold data, by node id, weighted by cell count. A table wrapping other tables,
    or a one-or-two-column table holding long prose, is page layout: its inner tables are used."""
    out: dict[int, int] = {}
    for table in root.css("table"):
        if len(table.css("table")) > 1:
            continue
        cells = table.css("td, th")
        if not cells:
            continue
        width = max(
            (len([c for c in tr.iter() if c.tag in ("td", "th")]) for tr in table.css("tr")), default=0
        )
        if width == 1 or (width == 2 and any(len(_SPACE.sub("", c.text())) >= 200 for c in cells)):
            continue  # no report table has one column; two columns of prose are a layout
        out[table.mem_id] = len(cells)
    return out


def _span(value: str | None, limit: int) -> int:
    """A rowspan/colspan attribute as browsers read it: leading digits, else 1; 0 kept (to the end)."""
    m = re.match(r"\s*([0-9]+)", value or "")
    if not m:
        return 1
    return min(int(m.group(1)), limit)


def _read_table(node: LexborNode, index: int, caption: str) -> Table:
    rows = [[c for c in tr.iter() if c.tag in ("td", "th")] for tr in node.css("tr")]
    n_rows = len(rows)
    occupied: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        c = 0
        for td in row:
            while (r, c) in occupied:
                c += 1
            rowspan = _span(td.attributes.get("rowspan"), 65534)
            colspan = _span(td.attributes.get("colspan"), 1000) or 1  # colspan="0" means 1
            rowspan = n_rows - r if rowspan == 0 else min(rowspan, n_rows - r)  # 0: to the last row
            lines = [text for kind, text in _reading_order(td, set()) if kind == "text"]
            cells.append(Cell(text=_join_cell_lines(lines), row=r, col=c, rowspan=rowspan, colspan=colspan))
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    occupied.add((rr, cc))
            c += colspan
    _clamp_overlong_colspans(cells)
    caption_node = node.css_first("caption")
    if caption_node is not None:
        caption = collapse(caption_node.text())
    return Table(index=index, cells=cells if any(c.text for c in cells) else [], caption=caption)


def _printed_rows(table: Table) -> list[str]:
    """The table as text lines, each merged cell once (on its first row), cells tab-separated."""
    rows: list[list[str]] = [[] for _ in range(table.n_rows)]
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        rows[cell.row].append(cell.text)
    return ["\t".join(row) for row in rows if any(row)]


def _clamp_overlong_colspans(cells: list[Cell]) -> None:
    """A colspan reaching past every other row's last column adds phantom columns: trim it."""
    width = max((c.col + c.colspan for c in cells if c.colspan == 1), default=0)
    if not width:
        return
    for cell in cells:
        if cell.colspan > 1 and cell.col + cell.colspan > width:
            cell.colspan = max(1, width - cell.col)
