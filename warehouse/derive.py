"""Rows derived from each report, stored beside it: written in the transaction that loads the report,
deleted with it, and caught up by the check.

A report's narrative rows (report_format_sections, stated_periods, narrative_claims, and its shingles
in report_derivations) come from its section texts (``warehouse.report_narrative``, Python); its row of
report_indicators from its facts (``macros/report_indicator_pivot.sql``). report_derivations stamps
each report with the version of the code that made both: ``catch_up`` derives again only the reports
unstamped (a warehouse older than migration 014) or stamped by other code, and drops the rows of
reports that are gone. narrative_repeats pairs each publication with the agency's of the year before,
so it is computed at every check, in SQL over the stored shingles. The rules that judge all of it
stay SQL (rules/statistical_period, narrative_mismatch, narrative_repeated, sections_missing).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

import duckdb
import polars as pl

from nianbao.warehouse.db import definitions
from nianbao.warehouse.report_narrative import ReportNarrative, derive_report, judged, narrative_version
from nianbao.warehouse.sql import bind, load_sql

# The tables holding rows derived from one report each: its narrative rows first.
PER_REPORT = ("report_format_sections", "stated_periods", "narrative_claims", "report_indicators",
              "report_derivations")  # fmt: skip
# Judging repetition on a few lines is noise: below this many shingles (about as many characters)
# a report's 一 and 五 are not compared.
MIN_SHINGLES = 100

_SCHEMAS = {
    "report_format_sections": {"report_id": pl.String, "ordinal": pl.Int32, "section": pl.Int32,
                               "found_by": pl.String},
    "stated_periods": {"report_id": pl.String, "period_start": pl.Date, "period_end": pl.Date,
                       "quote": pl.String},
    "narrative_claims": {"report_id": pl.String, "ordinal": pl.Int32, "claim": pl.String, "metric": pl.String,
                         "cells": pl.List(pl.String), "label": pl.String, "value": pl.Float64,
                         "quote": pl.String},
    "report_derivations": {"report_id": pl.String, "narrative_with": pl.String, "shingles": pl.List(pl.UInt64)},
    "narrative_repeats": {"report_id": pl.String, "previous_report_id": pl.String, "share": pl.Float64,
                          "n_shingles": pl.Int32},
}  # fmt: skip
_SECTION = tuple[int, str | None, str | None, str | None]  # ordinal, numeral, heading, body


@cache
def indicators_version() -> str:
    """A digest of the pivot that makes report_indicators."""
    return hashlib.sha256(definitions("macros")["report_indicator_pivot"].encode()).hexdigest()[:16]


def narrative_of(
    report_id: str, year: int, parse_status: str, sections: Iterable[_SECTION]
) -> ReportNarrative:
    """A report's narrative rows; none for a report whose text the rules do not read."""
    if not judged(year, parse_status):
        return ReportNarrative(report_id)
    return derive_report(report_id, year, sections)


def narratives(
    reports: Iterable[tuple[str, int, str]], section_rows: Iterable[tuple]
) -> list[ReportNarrative]:
    """Each report's (id, year, parse status) narrative rows, from its rows among ``section_rows``
    (report id, ordinal, numeral, heading, body; in order): at load and at the check's catch-up alike."""
    by_report: dict[str, list[_SECTION]] = defaultdict(list)
    for report_id, *section in section_rows:
        by_report[report_id].append(tuple(section))
    return [narrative_of(r, year, status, by_report.get(r, ())) for r, year, status in reports]


def store_loaded(
    con: duckdb.DuckDBPyConnection,
    reports: Sequence[tuple[str, int, str]],
    sections: pl.DataFrame,
    facts: pl.DataFrame,
) -> None:
    """Derive and store the rows of reports just written, (id, year, parse status), from their section
    and fact frames; their earlier rows went with their earlier read (``forget``)."""
    section_rows = sections.select("report_id", "ordinal", "numeral", "heading", "body").iter_rows()
    store_narratives(con, narratives(reports, section_rows))
    con.register("loaded_facts", facts.select("report_id", "metric", "value"))
    try:
        store_indicators(con, "loaded_facts", [r for r, _, _ in reports])
    finally:
        con.unregister("loaded_facts")


def forget(con: duckdb.DuckDBPyConnection, ids: Sequence[str], tables: Sequence[str] = PER_REPORT) -> None:
    """Delete the rows derived from these reports (of ``tables``, names of PER_REPORT)."""
    for table in tables:  # an identifier cannot be a bound parameter
        con.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT unnest($ids))", {"ids": list(ids)})


def store_narratives(con: duckdb.DuckDBPyConnection, narratives: Sequence[ReportNarrative]) -> None:
    """Insert the narrative rows of reports that have none and stamp them with this code's version."""
    if not narratives:
        return
    rows = {
        "report_format_sections": [row for n in narratives for row in n.sections],
        "stated_periods": [n.period for n in narratives if n.period],
        "narrative_claims": [row for n in narratives for row in n.claims],
    }
    for table, table_rows in rows.items():
        _insert(con, table, table_rows)
    stamps = [{"report_id": n.report_id, "narrative_with": narrative_version(), "shingles": n.shingles}
              for n in narratives]  # fmt: skip
    frame = pl.DataFrame(stamps, schema=_SCHEMAS["report_derivations"])  # noqa: F841 (DuckDB's replacement scan)
    con.execute(load_sql("derive", "stamp_narratives"))


def store_indicators(con: duckdb.DuckDBPyConnection, cells: str, ids: Sequence[str]) -> None:
    """Insert the indicator rows of reports that have none, pivoted from the table or view named
    ``cells``, and stamp them (their narrative stamp comes first)."""
    params = {"cells": cells, "ids": list(ids), "version": indicators_version()}
    for name in ("store_indicators", "stamp_indicators"):
        sql = load_sql("derive", name)
        con.execute(sql, bind(sql, params))


def catch_up(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Derive the reports whose derivation is missing or was made by other code, only those, and drop
    the rows of reports that no longer exist; returns how many reports were derived of each kind."""
    for table in PER_REPORT:  # an identifier cannot be a bound parameter
        con.execute(f"DELETE FROM {table} WHERE report_id NOT IN (SELECT report_id FROM reports)")
    stale = con.execute(
        load_sql("derive", "stale_reports"),
        {"narrative": narrative_version(), "indicators": indicators_version()},
    ).fetchall()
    narrative = [(r, year, status) for r, year, status, text, _ in stale if text]
    indicators = [r for r, _, _, _, cells in stale if cells]
    if narrative:
        ids = [r for r, _, _ in narrative]
        section_rows = con.execute(load_sql("derive", "report_sections"), {"ids": ids}).fetchall()
        forget(con, ids, PER_REPORT[:3])  # the narrative rows; the stamp is updated in place
        store_narratives(con, narratives(narrative, section_rows))
    if indicators:
        forget(con, indicators, ["report_indicators"])
        store_indicators(con, "facts", indicators)
    return {"narrative": len(narrative), "indicators": len(indicators)}


def derive_repeats(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild narrative_repeats from the stored shingles; returns its row count."""
    pairs = con.execute(load_sql("derive", "narrative_repeats"), {"min_shingles": MIN_SHINGLES}).fetchall()
    # the share rounded in Python, as transform.narrative.containment's always was (DuckDB's round of
    # a double may differ on a tie)
    rows = [{"report_id": r, "previous_report_id": previous, "share": round(shared / n, 4), "n_shingles": n}
            for r, previous, shared, n in pairs]  # fmt: skip
    con.execute("DELETE FROM narrative_repeats")
    _insert(con, "narrative_repeats", rows)
    return len(rows)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    frame = pl.DataFrame(rows, schema=_SCHEMAS[table])  # noqa: F841 (read by DuckDB's replacement scan)
    # ``table`` is one of the names of _SCHEMAS (an identifier cannot be a bound parameter)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")
