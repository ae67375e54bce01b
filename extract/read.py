"""Pick the reader for a document by its bytes (not its URL or name, which often lie)."""

from __future__ import annotations

import zipfile
from io import BytesIO

from extract.document import STATUS_UNSUPPORTED, ParsedDocument

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.wps container


def sniff_media_type(data: bytes, name: str = "") -> str:
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK"):
        try:
            names = zipfile.ZipFile(BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "unknown"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(_OLE2):
        return "doc"
    lowered = head[:1024].lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or b"<table" in lowered or b"<body" in lowered:
        return "html"
    if name.lower().endswith((".htm", ".html", ".shtml")):
        return "html"
    return "text"


def read_document(
    data: bytes,
    source: str = "",
    *,
    header_charset: str | None = None,
    base_url: str | None = None,
) -> ParsedDocument:
    """Read any supported document into a ParsedDocument; never raises for bad input."""
    media_type = sniff_media_type(data, source)
    if media_type == "html":
        from extract.html_reader import read_html

        return read_html(data, source, header_charset=header_charset, base_url=base_url)
    return ParsedDocument(
        source=source,
        media_type=media_type,
        status=STATUS_UNSUPPORTED,
        message=f"{source or 'document'}: {media_type} documents are not read yet",
    )
