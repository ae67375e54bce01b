"""Rows that record what was fetched and archived, with their deterministic ids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from nianbao.core.kinds import FetchPurpose


def stable_id(*keys: object) -> str:
    """A short hash of natural keys: the same inputs give the same id on every run."""
    joined = "\x1f".join("" if k is None else str(k) for k in keys)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class FetchRecord:
    url: str
    agency_id: str | None
    purpose: FetchPurpose
    fetched_at: str  # ISO timestamp of this run's fetch
    status_code: int | None
    sha256: str | None
    content_type: str
    n_bytes: int
    attempts: int
    error: str

    @property
    def fetch_id(self) -> str:
        return stable_id(self.url, self.status_code, self.sha256, self.error)


@dataclass(slots=True)
class DocumentRecord:
    sha256: str
    url: str
    media_type: str
    encoding: str | None
    n_bytes: int
    archive_path: str
