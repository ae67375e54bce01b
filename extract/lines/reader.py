"""Read a report delivered as plain text (a .txt attachment, text copied out of a page or a PDF)
into a ParsedDocument: title, sections 一…六, and the tables rebuilt from their lines of text
(``text_tables``)."""

from __future__ import annotations

import codecs
import re

from nianbao.core.dates import labelled_date
from nianbao.core.headings import find_sections
from nianbao.core.kinds import DocumentStatus, MediaType
from nianbao.core.titles import opening_title
from nianbao.extract.charset import decode_html, require_text
from nianbao.extract.document import ParsedDocument, reader
from nianbao.extract.lines.tables import tables_from_lines

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
# Formats that arrive named .doc or .txt but are neither Word binary nor plain text.
_NOT_PLAIN = (
    (re.compile(rb"^\s*\{\\rtf"), "an RTF document"),
    (re.compile(rb"^(?:[\x20-\x7e]*\r?\n){0,20}\s*MIME-Version:", re.IGNORECASE), "a MIME/MHT web archive"),
    (
        re.compile(rb"^\s*<\?xml[^>]*>\s*(?:<\?mso-application[^>]*Word)", re.IGNORECASE),
        "a Word 2003 XML file",
    ),
)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: byte-order mark, UTF-16 without one (every other byte NUL), then UTF-8
    and GB18030 by trial (``charset.decode_html``). Returns ``(text, encoding)``."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sample = data[:4000]
        if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
            odd_nuls = sample[1::2].count(0)
            encoding = "utf-16-le" if odd_nuls > sample[0::2].count(0) else "utf-16-be"
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                pass
    return decode_html(data)


@reader(MediaType.TEXT)
def read_text(data: bytes | str, source: str = "") -> ParsedDocument:
    """Parse one plain-text report; odd input yields a status and a message."""
    doc = ParsedDocument(source=source, media_type=MediaType.TEXT)
    if isinstance(data, bytes):
        for pattern, what in _NOT_PLAIN:
            if pattern.match(data[:4096]):
                doc.status = DocumentStatus.UNSUPPORTED
                doc.message = f"{what}, not plain text: not read; ask for DOCX or PDF"
                return doc
        text, doc.encoding = decode_text(data)
        if "errors replaced" in doc.encoding:
            doc.warnings.append(f"decoded as {doc.encoding}")
    else:
        text = data
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    require_text(text)

    lines = text.split("\n")
    doc.tables = tables_from_lines(lines, warnings=doc.warnings)
    used = {c.line for t in doc.tables for c in t.cells if c.line}
    narrative = [
        _SPACE.sub(" ", line).strip()
        for i, line in enumerate(lines, start=1)
        if i not in used and line.strip()
    ]
    doc.text = text
    doc.sections = find_sections(narrative)
    doc.title = opening_title(narrative)
    doc.published_on = labelled_date(text)
    if not doc.tables:
        doc.message = "no tables found in the text"
    return doc
