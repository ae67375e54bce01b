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

from extract.archive import Archive
from extract.fetch import Fetcher
from extract.harvest import FetchedReport, Harvest, harvest_agency
from extract.records import DocumentRecord
from extract.roster import read_roster
from transform.build import STATUS_FETCH_FAILED, ReportSource, build_report, failed_report
from transform.records import ReportRecord
from warehouse.check import run_checks
from warehouse.db import connect
from warehouse.load import load_agencies, load_documents, load_fetches, load_metrics, load_reports


@dataclass
class IngestSummary:
    agencies: int = 0
    reports_found: int = 0
    statuses: Counter = field(default_factory=Counter)
    facts: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def parsed(self) -> int:
        return self.statuses["ok"] + self.statuses["partial"]

    @property
    def failed(self) -> int:
        return self.reports_found - self.parsed - self.statuses["out_of_scope"]


@task(name="harvest-agency", cache_policy=NO_CACHE)
def harvest_task(agency: dict[str, str], archive_root: Path, years: tuple[int, int] | None) -> Harvest:
    with Fetcher() as fetcher:
        return harvest_agency(
            fetcher, Archive(archive_root), agency["agency_id"], agency["portal_url"], years
        )


@task(name="parse-report", cache_policy=NO_CACHE)
def build_task(fetched: FetchedReport, archive_root: Path) -> tuple[ReportRecord, DocumentRecord | None]:
    link = fetched.link
    source = ReportSource(link.agency_id, link.year, link.title, link.url, link.published_on)
    if not fetched.ok:
        return failed_report(source, STATUS_FETCH_FAILED, fetched.fetch.error), None
    archive = Archive(archive_root)
    sha = fetched.fetch.sha256
    data = archive.get(sha)
    return build_report(
        source, data, sha, archive.relative_path(sha), header_charset=fetched.fetch.header_charset
    )


@task(name="load-warehouse", cache_policy=NO_CACHE)
def load_task(db_path: Path, roster: list[dict[str, str]], harvests: list[Harvest],
              built: list[tuple[ReportRecord, DocumentRecord | None]]) -> int:  # fmt: skip
    con = connect(db_path)
    try:
        load_metrics(con)
        load_agencies(con, roster)
        load_fetches(con, [f for h in harvests for f in h.fetches])
        load_documents(con, [d for _, d in built if d is not None])
        return load_reports(con, [r for r, _ in built])
    finally:
        con.close()


@task(name="check-rules", cache_policy=NO_CACHE)
def check_task(db_path: Path, as_of: dt.date | None, years: tuple[int, int] | None) -> dict[str, int]:
    con = connect(db_path)
    try:
        return run_checks(con, as_of=as_of, years=years)
    finally:
        con.close()


def default_archive(db_path: Path) -> Path:
    return db_path.parent / f"{db_path.stem}_archive"


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=8), log_prints=False)
def ingest(
    roster_path: Path,
    db_path: Path,
    years: tuple[int, int] | None = None,
    archive_dir: Path | None = None,
    as_of: dt.date | None = None,
    progress=None,
) -> IngestSummary:
    """Harvest every roster agency, parse, load and check. ``progress(stage, done, total)`` is optional."""
    roster = read_roster(roster_path)
    archive_root = archive_dir or default_archive(db_path)
    summary = IngestSummary(agencies=len(roster))
    tick = progress or (lambda *_: None)

    harvests: list[Harvest] = []
    futures = [harvest_task.submit(agency, archive_root, years) for agency in roster]
    for future in as_completed(futures):
        harvests.append(future.result())
        tick("fetch", len(harvests), len(roster))
    fetched = [r for h in harvests for r in h.reports]
    summary.errors = [e for h in harvests for e in h.errors]
    summary.reports_found = len(fetched)

    built = []
    futures = [build_task.submit(f, archive_root) for f in fetched]
    for future in as_completed(futures):
        built.append(future.result())
        tick("parse", len(built), len(fetched))
    summary.statuses = Counter(record.parse_status for record, _ in built)

    summary.facts = load_task(db_path, roster, harvests, built)
    tick("load", 1, 1)
    summary.findings = check_task(db_path, as_of, years)
    tick("check", 1, 1)
    return summary
