"""Reports received outside the web (upload, mail): a manifest CSV ``agency_id, year, published_on, path``
with ``path`` relative to the manifest. Each file is archived like a fetched page."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from nianbao.core.errors import NianbaoError
from nianbao.core.kinds import FetchPurpose
from nianbao.extract.collect.archive import Archive
from nianbao.extract.records import FetchRecord

MANIFEST_COLUMNS = ("agency_id", "year", "published_on", "path")


class InvalidManifest(NianbaoError, ValueError):
    """The manifest CSV lacks a column, has a bad year or date, or names a file that is not there."""


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    agency_id: str
    year: int
    published_on: str | None
    path: Path  # absolute

    @property
    def url(self) -> str:
        return self.path.as_uri()


def read_manifest(manifest: Path) -> list[ManifestEntry]:
    manifest = manifest.resolve()
    with open(manifest, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidManifest(f"{manifest}: missing column(s) {', '.join(missing)}")
        rows = list(reader)
    entries = []
    for line, row in enumerate(rows, start=2):
        where = f"{manifest} line {line} ({row.get('agency_id', '')})"
        try:
            year = int(row["year"])
        except ValueError:
            raise InvalidManifest(f"{where}: year {row['year']!r} is not a year") from None
        published = (row["published_on"] or "").strip() or None
        if published:
            try:
                dt.date.fromisoformat(published)
            except ValueError:
                raise InvalidManifest(f"{where}: published_on {published!r} is not YYYY-MM-DD") from None
        path = (manifest.parent / row["path"].strip()).resolve()
        if not path.is_file():
            raise InvalidManifest(f"{where}: file {row['path']!r} not found beside the manifest")
        entries.append(ManifestEntry(row["agency_id"].strip(), year, published, path))
    return entries


def collect_file(archive: Archive, entry: ManifestEntry) -> tuple[str, FetchRecord]:
    """Archive one received file; returns its sha256 and the record of its receipt."""
    data = entry.path.read_bytes()
    sha = archive.put(data)
    record = FetchRecord(
        url=entry.url,
        agency_id=entry.agency_id,
        purpose=FetchPurpose.FILE,
        fetched_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        status_code=None,
        sha256=sha,
        content_type="",
        n_bytes=len(data),
        attempts=1,
        error="",
    )
    return sha, record
