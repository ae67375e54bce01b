"""The Prefect flow that wires the stages: roster → discover/fetch → parse/map → load → check → publish.

No parsing and no SQL here: each task calls a plain function of extract, transform or warehouse.
One task per agency fetches its listing, reports and attachments and parses them (in the worker
processes of ``flows.workers``); agencies run concurrently on the task runner. Each agency's result
is loaded as soon as it is ready (those ready within a second together, in one transaction), by the
flow (the one writer): memory stays flat as the roster grows, and a killed run keeps every agency it
loaded. What the warehouse already has is skipped: a URL the server says is unchanged is not
downloaded (conditional GET), a document whose bytes and reader are unchanged is not parsed again. Decisions a supervisor submitted to the inbox
while the warehouse was busy are applied at the start and again before the check; the run ends by
publishing the read-only copy analysts open.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from nianbao.core.kinds import DocumentStatus
from nianbao.extract.collect.archive import Archive, default_archive
from nianbao.extract.collect.fetch import Fetcher, FetchResult, FetchSettings
from nianbao.extract.collect.harvest import fetch_attachment, harvest_agency, same_site_attachments
from nianbao.extract.collect.local_files import ManifestEntry, collect_file, read_manifest
from nianbao.extract.collect.roster import read_roster
from nianbao.extract.records import DocumentRecord
from nianbao.flows.workers import ParseLimits, Workers
from nianbao.transform.build import BuiltReport, ReportSource, build_report, failed_report
from nianbao.transform.records import ReportRecord
from nianbao.transform.version import reader_version
from nianbao.warehouse.check import run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.inbox import apply_pending
from nianbao.warehouse.load import Batch, Known, count_facts, known, load_agencies, load_batch, load_metrics
from nianbao.warehouse.publish import publish


@dataclass
class IngestSummary:
    """What a run did. A publication is a report page or received file with its attachments."""

    agencies: int = 0
    statuses: Counter = field(default_factory=Counter)  # parse status of every source document
    publications: dict[str, list[str]] = field(default_factory=dict)  # page/file URL -> source statuses
    facts: int = 0  # in the warehouse after the run
    reused: int = 0  # documents fetched again (or confirmed by the server) unchanged: not parsed again
    findings: dict[str, int] = field(default_factory=dict)
    decisions: int = 0  # reviews and corrections applied from the inbox
    published: Path | None = None  # the read-only copy of the warehouse, written at the end
    errors: list[str] = field(default_factory=list)
    # seconds per stage: fetch and parse summed over the agencies' tasks (they overlap), load, check
    # and publish as they ran (one writer)
    seconds: Counter = field(default_factory=Counter)

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


logger = logging.getLogger(__name__)


class _Parsing:
    """The run's parsing processes (flows.workers), shared by the task threads while ``ingest`` runs.
    A class attribute, not a module variable: a flow run on Dask ships the flow function to the
    workers, with the module variables it names, and a pool of processes does not pickle."""

    workers: Workers | None = None


def _build(
    source: ReportSource, archive: Archive, sha: str, header_charset: str | None = None
) -> BuiltReport:
    data, path = archive.get(sha), archive.relative_path(sha)
    workers = _Parsing.workers
    if workers is None:  # a task run on its own (tests) or on a Dask worker: in this process
        return build_report(source, data, sha, path, header_charset=header_charset)
    return workers.build(source, data, sha, path, header_charset=header_charset)


@contextmanager
def _timed(seconds: Counter, stage: str) -> Iterator[None]:
    """Add the seconds the block takes to ``seconds[stage]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] += time.perf_counter() - start


@dataclass(slots=True)
class AgencyResult:
    agency_id: str
    batch: Batch = field(default_factory=Batch)
    statuses: list[tuple[str, str]] = field(default_factory=list)  # (page or file URL, status) per source
    errors: list[str] = field(default_factory=list)
    seconds: Counter = field(default_factory=Counter)  # fetch, parse

    def add(self, record: ReportRecord, document: DocumentRecord | None = None) -> None:
        self.batch.reports.append(record)
        if document is not None:
            self.batch.documents.append(document)
        self.statuses.append((record.page_url or record.source_url, record.parse_status))


class _Reader:
    """Reads one agency's documents: parses what changed, reuses what the warehouse has."""

    def __init__(self, result: AgencyResult, archive: Archive, have: Known) -> None:
        self.result, self.archive, self.have, self.version = result, archive, have, reader_version()

    def read(self, source: ReportSource, fetched: FetchResult) -> list[str]:
        """Record one source document; returns the attachment URLs it links."""
        if not fetched.ok:
            self.result.add(failed_report(source, DocumentStatus.FETCH_FAILED, fetched.error))
            return []
        sha, version, status, page = self.have.reports.get(source.report_id, (None, None, "", ""))
        if sha == fetched.sha256 and version == self.version:  # read before, by this reader: reuse
            self.result.batch.unchanged.append(source.report_id)
            self.result.statuses.append((page, status))
            return self.have.attachments.get(source.url, [])
        with _timed(self.result.seconds, "parse"):
            built = _build(source, self.archive, fetched.sha256, fetched.header_charset)
        self.result.add(built.record, built.document)
        return built.attachments


@task(name="collect-agency", cache_policy=NO_CACHE)
def agency_task(
    agency: dict[str, str],
    archive_root: Path,
    years: tuple[int, int] | None,
    settings: FetchSettings | None,
    have: Known,
) -> AgencyResult:
    """One agency: its listing, reports and their attachments, fetched, archived and parsed."""
    start = time.perf_counter()
    archive = Archive(archive_root)
    result = AgencyResult(agency["agency_id"])
    reader = _Reader(result, archive, have)
    with Fetcher.of(settings, validators=have.validators, archive=archive) as fetcher:
        harvest = harvest_agency(fetcher, archive, agency["agency_id"], agency["portal_url"], years)
        result.batch.fetches += harvest.fetches
        result.errors += harvest.errors
        for fetched in harvest.reports:
            link = fetched.link
            source = ReportSource(link.agency_id, link.year, link.title, link.url, link.published_on)
            linked = reader.read(source, fetched.fetch)
            # Report files linked from the page (PDF/DOCX attachments): fetched, archived, parsed alike.
            for url in same_site_attachments(link.url, linked):
                if url == link.url:
                    continue
                got, record = fetch_attachment(fetcher, archive, link.agency_id, url)
                result.batch.fetches.append(record)
                if not got.ok:
                    result.errors.append(f"{link.agency_id}: attachment {url} of {link.url}: {got.error}")
                reader.read(
                    ReportSource(link.agency_id, link.year, link.title, url, link.published_on, link.url), got
                )
        result.batch.validators = dict(fetcher.seen)
    result.seconds["fetch"] += time.perf_counter() - start - result.seconds["parse"]
    return result


@task(name="receive-files", cache_policy=NO_CACHE)
def files_task(entries: list[ManifestEntry], archive_root: Path) -> AgencyResult:
    """The reports of a manifest (received by mail or upload), archived and parsed."""
    archive = Archive(archive_root)
    result = AgencyResult("manifest")
    for entry in entries:
        sha, record = collect_file(archive, entry)
        result.batch.fetches.append(record)
        source = ReportSource(entry.agency_id, entry.year, entry.path.name, entry.url, entry.published_on)
        with _timed(result.seconds, "parse"):
            built = _build(source, archive, sha)
        result.add(built.record, built.document)
    return result


class _Loading:
    """Loads the agencies' batches as they arrive, those that arrived within a second in one
    transaction: a statement costs about a millisecond whatever its rows, and a province's 2,000
    agencies loaded one by one would make the one writer the bottleneck. A killed run loses at most
    the last second's agencies, whose documents are archived and read again by the rerun."""

    EVERY_S = 1.0

    def __init__(self, con, have: Known, summary: IngestSummary) -> None:
        self.con, self.have, self.summary = con, have, summary
        self.pending: list[Batch] = []
        self.last = time.perf_counter()

    def add(self, batch: Batch) -> None:
        self.pending.append(batch)
        if time.perf_counter() - self.last >= self.EVERY_S:
            self.flush()

    def flush(self) -> None:
        with _timed(self.summary.seconds, "load"):
            if self.pending:
                load_batch(self.con, self.have.new_in(Batch.merged(self.pending)))
                self.pending = []
        self.last = time.perf_counter()


# How the stages' tasks run: ``submit(task, *args)`` starts one, ``completed(futures)`` yields them as
# they finish. The flow runs them on Prefect's task runner; a benchmark may run the same plain
# functions on a thread pool, to measure what the orchestration costs.
Submit = Callable[..., object]
Completed = Callable[[Iterable], Iterator]


def _on_task_runner(task_, *args):
    return task_.submit(*args)


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
    limits: ParseLimits | None = None,
) -> IngestSummary:
    """Harvest every roster agency (and the files of a manifest), parse, load and check.

    ``progress(stage, done, total)`` is called as work completes, for a progress display; ``fetch``
    sets timeouts and retries, ``limits`` the time and memory a document may take to parse.
    """
    return run_stages(roster_path, db_path, years=years, archive_dir=archive_dir, as_of=as_of, files=files,
                      progress=progress, fetch=fetch, limits=limits, submit=_on_task_runner,
                      completed=as_completed)  # fmt: skip


def run_stages(
    roster_path: Path,
    db_path: Path,
    *,
    submit: Submit,
    completed: Completed,
    years: tuple[int, int] | None = None,
    archive_dir: Path | None = None,
    as_of: dt.date | None = None,
    files: Path | None = None,
    progress=None,
    fetch: FetchSettings | None = None,
    limits: ParseLimits | None = None,
) -> IngestSummary:
    """The body of ``ingest``, its tasks started by ``submit`` (see ``Submit``)."""
    roster = read_roster(roster_path)
    fetch = fetch or FetchSettings()
    if fetch.allowed_hosts is None:  # fetch only from the roster's portals (redirects included)
        fetch = replace(
            fetch,
            allowed_hosts=frozenset(urlsplit(a["portal_url"]).netloc for a in roster if a["portal_url"]),
        )
    manifest = read_manifest(files) if files else []  # a bad manifest stops the run before any fetch
    archive_root = archive_dir or default_archive(db_path)
    summary = IngestSummary(agencies=len(roster))
    tick = progress or (lambda *_: None)
    con = connect(db_path)
    try:
        load_metrics(con)
        load_agencies(con, roster)
        summary.decisions += apply_pending(con, db_path)
        have = known(con)
        with Workers(limits) as workers:
            _Parsing.workers = workers
            try:
                crawled = [a for a in roster if a["portal_url"]]
                owners = {
                    submit(agency_task, a, archive_root, years, fetch, have): a["agency_id"] for a in crawled
                }
                if manifest:
                    owners[submit(files_task, manifest, archive_root)] = f"manifest {files}"
                total = len(owners)
                loading = _Loading(con, have, summary)
                # A finished future holds its agency's result (facts, texts): each is let go once loaded,
                # so memory stays flat however many agencies the roster has (no list of them is kept).
                for done, future in enumerate(completed(iter(list(owners))), start=1):
                    owner = owners.pop(future)
                    try:
                        result: AgencyResult = future.result()
                    except Exception as exc:  # a fault of nianbao in one agency: the others go on
                        logger.exception("collecting %s failed", owner)
                        summary.errors.append(f"{owner}: collecting it failed ({type(exc).__name__}: {exc}); "
                                              "its reports keep what an earlier run loaded")  # fmt: skip
                        tick("agencies", done, total)
                        continue
                    summary.reused += len(result.batch.unchanged)
                    summary.seconds.update(result.seconds)
                    loading.add(result.batch)
                    summary.errors += result.errors
                    for page, status in result.statuses:
                        summary.publications.setdefault(page, []).append(status)
                        summary.statuses[status] += 1
                    tick("agencies", done, total)
                    del future, result
                loading.flush()
            finally:
                _Parsing.workers = None
        summary.facts = count_facts(con)
        with _timed(summary.seconds, "check"):
            summary.decisions += apply_pending(con, db_path)  # those made in the browser during the run
            summary.findings = run_checks(con, as_of=as_of, years=years)
        tick("check", 1, 1)
        with _timed(summary.seconds, "publish"):
            summary.published = publish(con, db_path)
        tick("publish", 1, 1)
    finally:
        con.close()
    return summary
