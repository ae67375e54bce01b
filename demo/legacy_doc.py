"""A legacy Word 97–2003 ``.doc`` attachment: an OLE2 compound file with a ``WordDocument`` stream.

The pipeline does not read this binary format (status ``unsupported``); the file only has to be what
such an attachment is on the wire: a valid compound file (version 3, 512-byte sectors) whose
``WordDocument`` stream starts with the Word FIB magic and holds the report text in UTF-16.
"""

from __future__ import annotations

import struct

from .narrative import ReportDoc
from .tables import plain_text

_SECTOR = 512
_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def render_doc(doc: ReportDoc) -> bytes:
    lines = [doc.title]
    for kind, content in doc.blocks:
        if kind == "table":
            lines += ["\t".join(plain_text(c.text) for c in row) for row in content.rows]
        else:
            lines.append(content)
    text = "\r".join(lines).encode("utf-16-le")
    fib = struct.pack("<HHH", 0xA5EC, 0x00C1, 0x0409) + bytes(0x200 - 6)  # wIdent, nFib, lid
    stream = fib + text
    stream += bytes(-len(stream) % _SECTOR or 0)
    stream += bytes(max(0, 4096 - len(stream)))  # above the mini-stream cutoff: plain sectors
    return _compound_file(stream)


def _compound_file(stream: bytes) -> bytes:
    n_stream = len(stream) // _SECTOR
    n_fat = 1
    while n_fat * (_SECTOR // 4) < n_fat + 1 + n_stream:
        n_fat += 1
    directory_at = n_fat
    first_data = n_fat + 1
    fat = [_FAT] * n_fat + [_END] + [first_data + i + 1 for i in range(n_stream - 1)] + [_END]
    fat += [_FREE] * (n_fat * (_SECTOR // 4) - len(fat))
    difat = list(range(n_fat)) + [_FREE] * (109 - n_fat)
    header = (
        MAGIC
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, n_fat, directory_at, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", *difat)
    )
    directory = _entry("Root Entry", 5, child=1, start=_END, size=0)
    directory += _entry("WordDocument", 2, child=_FREE, start=first_data, size=len(stream))
    directory += (_entry("", 0, child=_FREE, start=0, size=0)) * 2
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + stream


def _entry(name: str, kind: int, *, child: int, start: int, size: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0" if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1 if kind else 0)
        + struct.pack("<III", _FREE, _FREE, child)
        + bytes(16 + 4 + 16)  # CLSID, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )
