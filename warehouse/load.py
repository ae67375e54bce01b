"""Idempotent loading: a rerun with the same inputs leaves every table exactly as it was.

Reference rows (agencies, metrics) are upserted; fetches and documents are keyed by content so a
repeat adds nothing; a report's sections and facts are replaced as a whole in one transaction, with
the rows derived from them (narrative rows and indicators, ``warehouse.derive``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import duckdb
import polars as pl

from nianbao.core.catalog import metrics
from nianbao.core.kinds import DocumentStatus
from nianbao.extract.collect.fetch import Validator
from nianbao.extract.records import DocumentRecord, FetchRecord
from nianbao.transform.records import ReportRecord
from nianbao.warehouse.db import transaction
from nianbao.warehouse.derive import forget, store_loaded
from nianbao.warehouse.sql import load_sql

ROSTER_COLUMNS = ("agency_id", "name", "region", "level", "kind", "portal_url")

_FACT_SCHEMA = {
    "report_id": pl.String,
    "metric": pl.String,
    "value": pl.Float64,
    "raw_text": pl.String,
    "note": pl.String,
    "table_index": pl.Int32,
    "row_index": pl.Int32,
    "col_index": pl.Int32,
    "page": pl.Int32,
    "bbox": pl.List(pl.Float64),
}


def _insert(con: duckdb.DuckDBPyConnection, verb: str, table: str, rows: list[dict], tail: str = "") -> None:
    """Bulk insert through a polars frame: DuckDB's executemany costs milliseconds a row."""
    if not rows:
        return
    frame = pl.DataFrame(rows, infer_schema_length=None)  # noqa: F841 (read by DuckDB's replacement scan)
    columns = ", ".join(f'"{c}"' for c in rows[0])
    con.execute(f"{verb} INTO {table} ({columns}) SELECT {columns} FROM frame {tail}")


def load_metrics(con: duckdb.DuckDBPyConnection) -> None:
    rows = [
        {"metric": m.metric, "table": m.table, "templates": m.templates, "block": m.block,
         "row_label": m.row_label, "column_label": m.column_label, "kind": m.kind}
        for m in metrics().values()
    ]  # fmt: skip
    _insert(con, "INSERT OR REPLACE", "metrics", rows)


def load_agencies(con: duckdb.DuckDBPyConnection, roster: Sequence[dict[str, str]]) -> None:
    rows = []
    for agency in roster:
        row = {c: agency[c] or None for c in ROSTER_COLUMNS}
        row["extra"] = json.dumps(
            {k: v for k, v in agency.items() if k not in ROSTER_COLUMNS}, ensure_ascii=False
        )
        rows.append(row)
    _insert(con, "INSERT OR REPLACE", "agencies", rows)


def load_fetches(con: duckdb.DuckDBPyConnection, fetches: Iterable[FetchRecord]) -> None:
    # DO NOTHING on a known outcome keeps the time it was first seen: a repeat changes nothing.
    rows = [
        {"fetch_id": f.fetch_id, "url": f.url, "agency_id": f.agency_id, "purpose": f.purpose,
         "first_seen_at": f.fetched_at, "status_code": f.status_code, "sha256": f.sha256,
         "content_type": f.content_type, "n_bytes": f.n_bytes, "attempts": f.attempts, "error": f.error}
        for f in fetches
    ]  # fmt: skip
    unique = list({r["fetch_id"]: r for r in rows}.values())
    _insert(con, "INSERT", "fetches", unique, "ON CONFLICT DO NOTHING")


def load_documents(con: duckdb.DuckDBPyConnection, documents: Iterable[DocumentRecord]) -> None:
    rows = [
        {"sha256": d.sha256, "url": d.url, "media_type": d.media_type, "encoding": d.encoding,
         "n_bytes": d.n_bytes, "archive_path": d.archive_path}
        for d in documents
    ]  # fmt: skip
    unique = list({r["sha256"]: r for r in rows}.values())
    _insert(con, "INSERT", "documents", unique, "ON CONFLICT DO NOTHING")


def facts_frame(reports: Iterable[ReportRecord]) -> pl.DataFrame:
    rows = [
        {
            "report_id": r.report_id,
            "metric": f.metric,
            "value": f.value,
            "raw_text": f.raw,
            "note": f.note or None,
            "table_index": f.table_index,
            "row_index": f.row,
            "col_index": f.col,
            "page": f.page,
            "bbox": list(f.bbox) if f.bbox else None,
        }
        for r in reports
        for f in r.facts.values()
    ]
    return pl.DataFrame(rows, schema=_FACT_SCHEMA)


def sections_frame(reports: Iterable[ReportRecord]) -> pl.DataFrame:
    rows = [
        {"report_id": r.report_id, "ordinal": i, "numeral": s.numeral, "heading": s.heading, "body": s.text}
        for r in reports
        for i, s in enumerate(r.sections)
    ]
    schema = {"report_id": pl.String, "ordinal": pl.Int32, "numeral": pl.String, "heading": pl.String,
              "body": pl.String}  # fmt: skip
    return pl.DataFrame(rows, schema=schema)


def reports_frame(reports: Iterable[ReportRecord]) -> pl.DataFrame:
    rows = [
        {
            "report_id": r.report_id,
            "agency_id": r.agency_id,
            "year": r.year,
            "source_url": r.source_url,
            "title": r.title,
            "published_on": r.published_on,
            "sha256": r.sha256,
            "media_type": r.media_type,
            "parse_status": r.parse_status,
            "parse_message": r.parse_message or None,
            "template": r.template,
            "other_shape": r.other_shape,
            "stated_agency": r.stated_agency,
            "stated_year": r.stated_year,
            "sections": [s.numeral for s in r.sections if s.numeral],
            "warnings": list(r.warnings),
            "page_url": r.page_url or r.source_url,
            "parse_traceback": r.parse_traceback,
            "reader_version": r.reader_version,
            "unread": r.unread,
        }
        for r in reports
    ]
    schema = {
        "report_id": pl.String, "agency_id": pl.String, "year": pl.Int32, "source_url": pl.String,
        "title": pl.String, "published_on": pl.String, "sha256": pl.String, "media_type": pl.String,
        "parse_status": pl.String, "parse_message": pl.String, "template": pl.String,
        "other_shape": pl.String, "stated_agency": pl.String, "stated_year": pl.Int32,
        "sections": pl.List(pl.String), "warnings": pl.List(pl.String), "page_url": pl.String,
        "parse_traceback": pl.String, "reader_version": pl.String, "unread": pl.List(pl.String),
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema)


@dataclass(slots=True)
class Batch:
    """What one agency's harvest (or a batch of received files) adds: loaded in one transaction, so a
    killed run leaves whole agencies or none of one."""

    fetches: list[FetchRecord] = field(default_factory=list)
    documents: list[DocumentRecord] = field(default_factory=list)
    reports: list[ReportRecord] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # report ids read again, bytes and reader unchanged
    validators: dict[str, Validator] = field(default_factory=dict)  # url -> its last good answer's

    @property
    def empty(self) -> bool:
        return not (self.fetches or self.documents or self.reports or self.unchanged or self.validators)

    @classmethod
    def merged(cls, batches: list[Batch]) -> Batch:
        """One batch adding what each of ``batches`` adds (loaded in one transaction)."""
        return cls(
            fetches=[f for b in batches for f in b.fetches],
            documents=[d for b in batches for d in b.documents],
            reports=[r for b in batches for r in b.reports],
            unchanged=[u for b in batches for u in b.unchanged],
            validators={u: v for b in batches for u, v in b.validators.items()},
        )


class Known:
    """What the warehouse holds already, read at the start of a run, so the run skips unchanged work:
    ``reports`` (id -> sha256, reader version, status, page), ``attachments`` (page URL -> the URLs of
    its attachments), ``validators`` (URL -> ETag / Last-Modified of its last good answer), ``fetch_ids``
    (fetch outcomes already in the log), ``refresh_errors`` (reports an earlier run could not refresh).

    A plain class, not a dataclass: handed to every agency's task, it is one opaque parameter, where
    Prefect would walk (and a task runner copy) every entry of a dataclass's dicts for each task."""

    __slots__ = ("reports", "attachments", "validators", "fetch_ids", "refresh_errors")

    def __init__(
        self,
        reports: dict[str, tuple[str | None, str | None, str, str]],
        attachments: dict[str, list[str]],
        validators: dict[str, Validator],
        fetch_ids: frozenset[str] = frozenset(),
        refresh_errors: frozenset[str] = frozenset(),
    ) -> None:
        self.reports, self.attachments, self.validators = reports, attachments, validators
        self.fetch_ids, self.refresh_errors = fetch_ids, refresh_errors

    def new_in(self, batch: Batch) -> Batch:
        """A copy of the batch without what the warehouse has already (fetch outcomes, validators,
        unchanged reports with nothing to clear): an agency where nothing changed writes nothing."""
        return replace(
            batch,
            fetches=[f for f in batch.fetches if f.fetch_id not in self.fetch_ids],
            validators={u: v for u, v in batch.validators.items() if self.validators.get(u) != v},
            unchanged=[r for r in batch.unchanged if r in self.refresh_errors],
        )


def known(con: duckdb.DuckDBPyConnection) -> Known:
    reports = {r[0]: tuple(r[1:]) for r in con.execute(load_sql("load", "known_reports")).fetchall()}
    attachments = dict(con.execute(load_sql("load", "known_attachments")).fetchall())
    validators = {
        url: Validator(etag, modified, sha, content_type or "")
        for url, etag, modified, sha, content_type in con.execute(
            load_sql("load", "known_validators")
        ).fetchall()
    }
    fetch_ids = frozenset(r[0] for r in con.execute(load_sql("load", "known_fetches")).fetchall())
    stale = frozenset(r[0] for r in con.execute(load_sql("load", "known_refresh_errors")).fetchall())
    return Known(reports, attachments, validators, fetch_ids, stale)


def count_facts(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM facts").fetchone()[0]


def load_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> int:
    """Load one batch in one transaction; returns the number of facts loaded."""
    if batch.empty:  # nothing new: no commit (each costs a flush of the log to disk)
        return 0
    with transaction(con):
        load_fetches(con, batch.fetches)
        load_documents(con, batch.documents)
        _insert(con, "INSERT OR REPLACE", "http_validators", [
            {"url": url, "etag": v.etag, "last_modified": v.last_modified, "content_type": v.content_type,
             "sha256": v.sha256} for url, v in batch.validators.items()
        ])  # fmt: skip
        if batch.unchanged:
            con.execute(load_sql("load", "refreshed"), {"ids": batch.unchanged})
        return _replace_reports(con, batch.reports)


def load_reports(con: duckdb.DuckDBPyConnection, reports: Sequence[ReportRecord]) -> int:
    """Replace the given reports with their sections and facts; returns the number of facts loaded."""
    with transaction(con):
        return _replace_reports(con, reports)


def _replace_reports(con: duckdb.DuckDBPyConnection, reports: Sequence[ReportRecord]) -> int:
    """A report this run could not fetch, but an earlier run read, keeps that read (its ``refresh_error``
    says why it was not refreshed): a rerun during a portal outage never loses loaded data."""
    kept = _keep_last_good(con, reports)
    fresh = [r for r in reports if r.report_id not in kept]
    if not fresh:  # a rerun that reused everything: no statement to run
        return 0
    report_df = reports_frame(fresh)  # noqa: F841 (read by DuckDB's replacement scan)
    facts_df = facts_frame(fresh)
    sections_df = sections_frame(fresh)
    forget(con, [r.report_id for r in fresh])  # the rows derived from their earlier read
    con.execute("DELETE FROM facts WHERE report_id IN (SELECT report_id FROM report_df)")
    con.execute("DELETE FROM sections WHERE report_id IN (SELECT report_id FROM report_df)")
    con.execute("DELETE FROM reports WHERE report_id IN (SELECT report_id FROM report_df)")
    columns = ", ".join(report_df.columns)
    con.execute(f"INSERT INTO reports ({columns}) SELECT * REPLACE (CAST(published_on AS DATE) AS published_on) "
                "FROM report_df")  # fmt: skip
    con.execute("INSERT INTO sections SELECT * FROM sections_df")
    con.execute("INSERT INTO facts SELECT * FROM facts_df")
    # derived once here, not at every check: the narrative rows and indicators of each report
    store_loaded(con, [(r.report_id, r.year, r.parse_status) for r in fresh], sections_df, facts_df)
    return facts_df.height


def _keep_last_good(con: duckdb.DuckDBPyConnection, reports: Sequence[ReportRecord]) -> set[str]:
    failed = [r for r in reports if r.parse_status == DocumentStatus.FETCH_FAILED]
    if not failed:
        return set()
    params = {"ids": [r.report_id for r in failed], "messages": [r.parse_message for r in failed]}
    return {row[0] for row in con.execute(load_sql("load", "keep_last_good"), params).fetchall()}
