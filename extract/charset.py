"""Decode the bytes of an HTML page: Chinese government sites still serve GB2312/GBK pages.

Order of evidence: byte-order mark, the HTTP header's charset, the page's own ``<meta>`` (or XML)
declaration, then UTF-8 and GB18030 by trial. GB2312 and GBK are decoded as GB18030, their superset,
so a rare character outside GB2312 does not break a page that claims GB2312.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from nianbao.core.errors import CorruptDocument, UnreadableText

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "euc-cn", "csgb2312", "gb_2312-80",
              "gb_2312", "x-euc-cn", "windows-936", "chinese", "iso-ir-58", "csiso58gb231280"}  # fmt: skip
# Header values servers send by default, not because they know the page: they never win over <meta>.
_WEAK_HEADER = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252", "iso8859-1"}
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_:.\-]+)", re.IGNORECASE)
_SNIFF_BYTES = 4096
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def canonical_encoding(name: str | None) -> str | None:
    """Python's codec name for a declared charset, GB2312/GBK folded into gb18030; None if unknown."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _GB_FAMILY:
        return "gb18030"
    if label in ("big5", "big5-hkscs", "x-x-big5", "cn-big5"):
        return "big5hkscs"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first few KB (``<meta charset>``, http-equiv or XML)."""
    head = data[:_SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _looks_utf8(data: bytes) -> bool:
    """Valid UTF-8 with multi-byte sequences: a GBK page is practically never that by accident."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return any(b >= 0x80 for b in data)


def decode_html(data: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Decode page bytes; returns ``(text, encoding used)``. Never raises.

    A page that declares a legacy charset but is valid multi-byte UTF-8 is decoded as UTF-8 (CMS
    migrations leave stale declarations behind). When nothing decodes cleanly, the candidate with the
    fewest replacement characters wins and the encoding name says ``(errors replaced)``.
    """
    if not data:
        return "", "utf-8"
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break

    candidates: list[str] = []
    header = canonical_encoding(header_charset)
    if header and (header_charset or "").strip().lower() not in _WEAK_HEADER:
        candidates.append(header)
    meta = canonical_encoding(declared_charset(data))
    if meta:
        candidates.append(meta)
    if candidates and candidates[0] not in ("utf-8", "utf-8-sig") and _looks_utf8(data):
        candidates.insert(0, "utf-8")
    candidates += ["utf-8", "gb18030"]
    candidates = list(dict.fromkeys(candidates))

    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            # A page cut short inside a multi-byte character is still in this encoding.
            if exc.end >= len(data) and exc.start >= len(data) - 3:
                try:
                    return data[: exc.start].decode(encoding), encoding
                except UnicodeDecodeError:
                    continue
        except LookupError:
            continue

    def damage(encoding: str) -> int:
        return data.decode(encoding, "replace").count("\ufffd")

    best = min(candidates, key=damage)
    return data.decode(best, "replace"), f"{best} (errors replaced)"


def require_text(text: str) -> None:
    """Raise when decoded bytes hold no text to read: empty, or binary/badly damaged."""
    if not text.strip():
        raise UnreadableText("empty document")
    if garbage_ratio(text) > 0.1:
        raise CorruptDocument("the bytes are not text (binary or badly damaged)")


def garbage_ratio(text: str) -> float:
    """Share of replacement and control characters in the text's start: high when bytes were decoded
    with the wrong charset or are not text at all."""
    sample = text[:20000]
    bad = sum(
        1 for ch in sample if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    )
    return bad / max(1, len(sample))
