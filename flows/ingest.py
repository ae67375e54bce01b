"""The Prefect flow that wires the stages: roster → discover/fetch → parse/map → load → check.

No parsing and no SQL here: each task calls a plain function of extract, transform or warehouse.
Fetching and parsing run concurrently on the task runner (threads by default; a DaskTaskRunner with a
Prefect server spreads them over workers); loading stays in one writer.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from nianbao.core.kinds import DocumentStatus
from nianbao.extract.collect.archive import Archive, default_archive
from nianbao.extract.collect.fetch import Fetcher, FetchResult, FetchSettings
from nianbao.extract.collect.harvest import Harvest, fetch_attachment, harvest_agency, same_site_attachments
from nianbao.extract.collect.local_files import ManifestEntry, collect_file, read_manifest
from nianbao.extract.collect.roster import read_roster
from nianbao.extract.records import FetchRecord
from nianbao.transform.build import BuiltReport, ReportSource, build_report, failed_report
from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.load import load_agencies, load_documents, load_fetches, load_metrics, load_reports


@dataclass
class IngestSummary:
    """What a run did. A publication is a report page or received file with its attachments."""

    agencies: int = 0
    statuses: Counter = field(default_factory=Counter)  # parse status of every source document
    publications: dict[str, list[str]] = field(default_factory=dict)  # page/file URL -> source statuses
    facts: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def reports_found(self) -> int:
        return len(self.publications)

    @property
    def parsed(self) -> int:
        return sum(
            any(DocumentStatus(s).has_facts for s in statuses) for statuses in self.publications.values()
        )

    @property
    def out_of_scope(self) -> int:
        return sum("out_of_scope" in statuses for statuses in self.publications.values())

    @property
    def failed(self) -> int:
        return self.reports_found - self.parsed - self.out_of_scope

    def add(self, record) -> None:
        self.statuses[record.parse_status] += 1
        self.publications.setdefault(record.page_url or record.source_url, []).append(record.parse_status)


@task(name="harvest-agency", cache_policy=NO_CACHE)
def harvest_task(
    agency: dict[str, str], archive_root: Path, years: tuple[int, int] | None, settings: FetchSettings | None
) -> Harvest:
    with Fetcher.of(settings) as fetcher:
        return harvest_agency(
            fetcher, Archive(archive_root), agency["agency_id"], agency["portal_url"], years
        )


@task(name="parse-report", cache_policy=NO_CACHE)
def build_task(source: ReportSource, fetched: FetchResult, archive_root: Path) -> BuiltReport:
    if not fetched.ok:
        return BuiltReport(failed_report(source, DocumentStatus.FETCH_FAILED, fetched.error), None, [])
    archive = Archive(archive_root)
    sha = fetched.sha256
    return build_report(
        source, archive.get(sha), sha, archive.relative_path(sha), header_charset=fetched.header_charset
    )


@task(name="fetch-attachment", cache_policy=NO_CACHE)
def attachment_task(
    agency_id: str, url: str, archive_root: Path, settings: FetchSettings | None
) -> tuple[FetchResult, FetchRecord]:
    with Fetcher.of(settings) as fetcher:
        return fetch_attachment(fetcher, Archive(archive_root), agency_id, url)


@task(name="receive-file", cache_policy=NO_CACHE)
def file_task(entry: ManifestEntry, archive_root: Path) -> tuple[BuiltReport, FetchRecord]:
    archive = Archive(archive_root)
    sha, record = collect_file(archive, entry)
    source = ReportSource(entry.agency_id, entry.year, entry.path.name, entry.url, entry.published_on)
    return build_report(source, archive.get(sha), sha, archive.relative_path(sha)), record


@task(name="load-warehouse", cache_policy=NO_CACHE)
def load_task(db_path: Path, roster: list[dict[str, str]], fetches: list[FetchRecord],
              built: list[BuiltReport]) -> int:  # fmt: skip
    con = connect(db_path)
    try:
        load_metrics(con)
        load_agencies(con, roster)
        load_fetches(con, fetches)
        load_documents(con, [b.document for b in built if b.document is not None])
        return load_reports(con, [b.record for b in built])
    finally:
        con.close()


@task(name="check-rules", cache_policy=NO_CACHE)
def check_task(db_path: Path, as_of: dt.date | None, years: tuple[int, int] | None) -> dict[str, int]:
    con = connect(db_path)
    try:
        return run_checks(con, as_of=as_of, years=years)
    finally:
        con.close()


def _collect(futures, stage: str, tick) -> list:
    """Results in submission order, ticking the progress display as tasks finish."""
    for done, _ in enumerate(as_completed(futures), start=1):
        tick(stage, done, len(futures))
    return [future.result() for future in futures]


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=8), log_prints=False)
def ingest(
    roster_path: Path,
    db_path: Path,
    years: tuple[int, int] | None = None,
    archive_dir: Path | None = None,
    as_of: dt.date | None = None,
    files: Path | None = None,
    progress=None,
    fetch: FetchSettings | None = None,
) -> IngestSummary:
    """Harvest every roster agency (and the files of a manifest), parse, load and check.

    ``progress(stage, done, total)`` is called as work completes, for a progress display; ``fetch``
    sets timeouts and retries.
    """
    roster = read_roster(roster_path)
    manifest = read_manifest(files) if files else []
    archive_root = archive_dir or default_archive(db_path)
    summary = IngestSummary(agencies=len(roster))
    tick = progress or (lambda *_: None)

    crawled = [a for a in roster if a["portal_url"]]
    harvests: list[Harvest] = _collect(
        [harvest_task.submit(a, archive_root, years, fetch) for a in crawled], "fetch", tick
    )
    fetches = [f for h in harvests for f in h.fetches]
    summary.errors = [e for h in harvests for e in h.errors]
    pages = [
        (ReportSource(r.link.agency_id, r.link.year, r.link.title, r.link.url, r.link.published_on), r.fetch)
        for h in harvests
        for r in h.reports
    ]
    built: list[BuiltReport] = _collect(
        [build_task.submit(source, fetched, archive_root) for source, fetched in pages], "parse", tick
    )

    # Report files linked from the pages (PDF/DOCX attachments): fetched, archived, then parsed alike.
    wanted = [
        (b.record, url)
        for b in built
        for url in same_site_attachments(b.record.source_url, b.attachments)
        if url != b.record.source_url
    ]
    fetched_files = _collect(
        [attachment_task.submit(r.agency_id, url, archive_root, fetch) for r, url in wanted],
        "attachments",
        tick,
    )
    attachment_sources = []
    for (page, url), (result, record) in zip(wanted, fetched_files, strict=True):
        fetches.append(record)
        if not result.ok:
            summary.errors.append(f"{page.agency_id}: attachment {url} of {page.source_url}: {result.error}")
        source = ReportSource(page.agency_id, page.year, page.title, url, page.published_on, page.source_url)
        attachment_sources.append((source, result))
    built += _collect(
        [build_task.submit(source, result, archive_root) for source, result in attachment_sources],
        "parse attachments",
        tick,
    )
    for received, record in _collect([file_task.submit(e, archive_root) for e in manifest], "files", tick):
        built.append(received)
        fetches.append(record)

    for b in built:
        summary.add(b.record)
    summary.facts = load_task(db_path, roster, fetches, built)
    tick("load", 1, 1)
    summary.findings = check_task(db_path, as_of, years)
    tick("check", 1, 1)
    return summary
