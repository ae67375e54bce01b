"""Content-addressed archive of raw bytes: every fetched or received file lands here before parsing,
so parsing reruns offline and a supervisor can open the exact file a number came from."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


def default_archive(db_path: Path) -> Path:
    """Where the raw files of a warehouse go unless told otherwise: beside the database file."""
    return db_path.parent / f"{db_path.stem}_archive"


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Archive:
    """Files stored as ``<root>/<sha[:2]>/<sha>``; writing the same bytes twice is a no-op."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def relative_path(self, sha256: str) -> str:
        return f"{sha256[:2]}/{sha256}"

    def path(self, sha256: str) -> Path:
        return self.root / self.relative_path(sha256)

    def put(self, data: bytes, digest: str | None = None) -> str:
        """Store ``data`` and return its sha256 (``digest``: already computed by the caller)."""
        digest = digest or sha256_of(data)
        target = self.path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a crash never leaves a truncated file under a valid name.
            tmp = target.with_suffix(f".tmp{os.getpid()}")
            tmp.write_bytes(data)
            tmp.replace(target)
        return digest

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()
