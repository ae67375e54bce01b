"""The version of the code that turns bytes into a report row, so a rerun knows what it may reuse.

A digest of the source of ``nianbao.core``, ``nianbao.extract`` and ``nianbao.transform`` (and the
metric catalog): any change to a reader, the label matching or the mapping changes it, and every
document is parsed again on the next run; nothing else does.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

_PACKAGES = ("nianbao.core", "nianbao.extract", "nianbao.transform")


def _files(folder: Traversable, suffixes: tuple[str, ...], prefix: str = "") -> list[tuple[str, Traversable]]:
    out = []
    for entry in folder.iterdir():
        name = f"{prefix}{entry.name}"
        if entry.is_dir() and entry.name != "__pycache__":
            out += _files(entry, suffixes, name + "/")
        elif entry.name.endswith(suffixes):
            out.append((name, entry))
    return out


@cache
def source_digest(packages: tuple[str, ...], suffixes: tuple[str, ...] = (".py", ".csv")) -> str:
    """A digest of the files of ``packages`` (and their subfolders) ending in one of ``suffixes``."""
    digest = hashlib.sha256()
    for package in packages:
        for name, entry in sorted(_files(resources.files(package), suffixes), key=lambda item: item[0]):
            digest.update(f"{package}/{name}\0".encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]


def reader_version() -> str:
    return source_digest(_PACKAGES)
