"""Discover and fetch one agency's reports, archiving every byte before anything is parsed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from nianbao.core.kinds import FetchPurpose
from nianbao.extract.collect.archive import Archive
from nianbao.extract.collect.discover import ReportLink, discover_reports
from nianbao.extract.collect.fetch import Fetcher, FetchResult
from nianbao.extract.records import FetchRecord


@dataclass(slots=True)
class FetchedReport:
    link: ReportLink
    fetch: FetchResult  # content dropped once archived: read it back by sha256

    @property
    def ok(self) -> bool:
        return self.fetch.ok


@dataclass(slots=True)
class Harvest:
    agency_id: str
    reports: list[FetchedReport] = field(default_factory=list)
    fetches: list[FetchRecord] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _archive(archive: Archive, result: FetchResult) -> None:
    if result.ok and not result.not_modified:  # a 304's bytes are the archived ones already
        result.sha256 = archive.put(result.content, result.sha256)
    result.content = b""  # keep task results small; the archive holds the bytes


def fetch_record(
    result: FetchResult, agency_id: str | None, purpose: FetchPurpose, fetched_at: str
) -> FetchRecord:
    return FetchRecord(
        url=result.url,
        agency_id=agency_id,
        purpose=purpose,
        fetched_at=fetched_at,
        status_code=result.status_code,
        sha256=result.sha256,
        content_type=result.content_type,
        n_bytes=result.n_bytes,
        attempts=result.attempts,
        error=result.error,
    )


def harvest_agency(
    fetcher: Fetcher,
    archive: Archive,
    agency_id: str,
    listing_url: str,
    years: tuple[int, int] | None = None,
) -> Harvest:
    """All reports of one agency within ``years`` (inclusive), fetched and archived. Never raises."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    harvest = Harvest(agency_id)
    found = discover_reports(fetcher, agency_id, listing_url)
    for page in found.pages:
        record = fetch_record(page, agency_id, FetchPurpose.LISTING, now)
        _archive(archive, page)
        record.sha256 = page.sha256
        harvest.fetches.append(record)
    harvest.errors += [f"{agency_id}: {e}" for e in found.errors]
    for link in found.links:
        if years and not (years[0] <= link.year <= years[1]):
            continue
        result = fetcher.fetch(link.url)
        record = fetch_record(result, agency_id, FetchPurpose.REPORT, now)
        _archive(archive, result)
        record.sha256 = result.sha256
        harvest.fetches.append(record)
        if not result.ok:
            harvest.errors.append(f"{agency_id}: report {link.title} ({link.url}): {result.error}")
        harvest.reports.append(FetchedReport(link, result))
    return harvest


def same_site_attachments(page_url: str, urls: list[str]) -> list[str]:
    """Attachment links worth fetching: on the page's own host (an agency's files live on its site)."""
    host = urlsplit(page_url).netloc
    return [u for u in urls if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc == host]


def fetch_attachment(
    fetcher: Fetcher, archive: Archive, agency_id: str, url: str
) -> tuple[FetchResult, FetchRecord]:
    """Fetch and archive one attachment of a report page. Never raises."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    result = fetcher.fetch(url)
    record = fetch_record(result, agency_id, FetchPurpose.ATTACHMENT, now)
    _archive(archive, result)
    record.sha256 = result.sha256
    return result, record
