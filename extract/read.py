"""Pick the reader for a document by its bytes (not its URL or name, which often lie)."""

from __future__ import annotations

import zipfile
from io import BytesIO

from nianbao.core.kinds import DocumentStatus, MediaType
from nianbao.extract.document import ParsedDocument

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.wps container


def sniff_media_type(data: bytes, name: str = "") -> MediaType:
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return MediaType.PDF
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return MediaType.DOCX  # a ZIP cut short is most often a truncated DOCX: its reader says so
        return MediaType.DOCX if "word/document.xml" in names else MediaType.ZIP
    if data.startswith(_OLE2):
        return MediaType.DOC
    lowered = head[:1024].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<table" in lowered or b"<body" in lowered:
        return MediaType.HTML
    if name.lower().endswith((".htm", ".html", ".shtml")):
        return MediaType.HTML
    return MediaType.TEXT


def read_document(
    data: bytes,
    source: str = "",
    *,
    header_charset: str | None = None,
    base_url: str | None = None,
) -> ParsedDocument:
    """Read any supported document into a ParsedDocument; bad input is a status, never an exception
    (an exception is a fault of nianbao)."""
    media_type = sniff_media_type(data, source)
    if media_type == MediaType.HTML:
        from nianbao.extract.html.reader import read_html

        doc = read_html(data, source, header_charset=header_charset, base_url=base_url)
        return _tables_from_page_text(doc)
    if media_type == MediaType.PDF:
        from nianbao.extract.pdf.reader import read_pdf

        return read_pdf(data, source)
    if media_type == MediaType.DOCX:
        from nianbao.extract.docx.reader import read_docx

        return read_docx(data, source)
    if media_type == MediaType.DOC:
        from nianbao.extract.docx.reader import read_legacy_word

        return read_legacy_word(data, source)
    if media_type == MediaType.TEXT:
        from nianbao.extract.lines.reader import read_text

        return read_text(data, source)
    return ParsedDocument(
        source=source,
        media_type=media_type,
        status=DocumentStatus.UNSUPPORTED,
        message=f"{source or 'document'}: {media_type} documents are not read yet",
    )


def _tables_from_page_text(doc: ParsedDocument) -> ParsedDocument:
    """A page whose report tables were pasted as paragraphs (no table markup): read them from the
    page's text lines. The page is returned unchanged when no report table is found there."""
    if doc.status != DocumentStatus.OK or not doc.text:
        return doc
    from nianbao.core.headings import find_sections
    from nianbao.core.labels import table_kinds
    from nianbao.extract.lines.tables import tables_from_lines

    if any(table_kinds(c.text for c in table.cells) for table in doc.tables):
        return doc  # the page has report tables as markup (a CMS's 索引号 box does not count)

    lines = doc.text.split("\n")
    warnings: list[str] = []
    tables = tables_from_lines(lines, warnings=warnings)
    if not tables:
        return doc
    used = {c.line for t in tables for c in t.cells if c.line}
    doc.tables = tables
    doc.sections = find_sections([line for i, line in enumerate(lines, start=1) if i not in used])
    doc.warnings += ["the page has no table markup: its tables were read from the text lines", *warnings]
    doc.message = ""
    return doc
