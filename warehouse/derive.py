"""Tables derived from the report texts at check time, for the narrative rules.

Rebuilt whole on every check, like findings: they depend only on the sections loaded, so a reload or a
reader fix is picked up by the next ``nianbao check``. Text work is Python (transform.narrative) over
the queries of ``derive/*.sql``; the rules that judge it stay SQL (rules/statistical_period,
narrative_mismatch, narrative_repeated, sections_missing).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import duckdb
import polars as pl

from nianbao.core.headings import section_of_heading
from nianbao.transform.narrative import (
    containment,
    headings_in_text,
    narrative_claims,
    normalize,
    shingles,
    stated_period,
)
from nianbao.warehouse.sql import load_sql

_NUMERALS = {n: i + 1 for i, n in enumerate("一二三四五六")}
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
    "narrative_repeats": {"report_id": pl.String, "previous_report_id": pl.String, "share": pl.Float64,
                          "n_shingles": pl.Int32},
}  # fmt: skip


def format_section(numeral: str, heading: str) -> int:
    """The format section (1…6) a printed heading stands for: its words first, else its numeral."""
    return section_of_heading(heading or "") or _NUMERALS.get(numeral or "", 0)


def _replace(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    frame = pl.DataFrame(rows, schema=_SCHEMAS[table])  # noqa: F841 (read by DuckDB's replacement scan)
    # ``table`` is one of the four names of _SCHEMAS (an identifier cannot be a bound parameter)
    con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} SELECT * FROM frame")


def derive_narrative(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rebuild the four narrative tables; returns their row counts."""
    texts = con.sql(load_sql("derive", "section_texts")).fetchall()
    sections, periods, claims = [], [], []
    by_report: dict[str, list[tuple[int, str]]] = defaultdict(list)  # report -> (format section, body)
    opening: dict[str, tuple[int, list[str]]] = {}  # report -> (year, texts of the opening and 一)
    for report_id, year, ordinal, numeral, heading, body in texts:
        section = format_section(numeral, heading) if numeral else 0
        flat = normalize(body or "")  # once per section: the readers below find it normalized
        found = [(section, "heading")] if 1 <= section <= 6 else []
        found += [(s, "text") for s in headings_in_text(flat) if s != section]
        sections += [
            {"report_id": report_id, "ordinal": ordinal, "section": s, "found_by": how} for s, how in found
        ]
        by_report[report_id].append((section, flat))
        if section in (0, 1):
            opening.setdefault(report_id, (year, []))[1].append(flat)
    years = {report_id: year for report_id, year, *_ in texts}
    for report_id, (year, parts) in opening.items():
        period = stated_period("。".join(parts), year)
        if period:
            periods.append({"report_id": report_id, "period_start": period.start, "period_end": period.end,
                            "quote": period.quote})  # fmt: skip
    for report_id, parts in by_report.items():
        found = narrative_claims("。".join(body for _, body in parts), years[report_id])
        claims += [
            {"report_id": report_id, "ordinal": i, "claim": c.kind, "metric": c.metric, "cells": list(c.cells),
             "label": c.label, "value": c.value, "quote": c.quote}
            for i, c in enumerate(found)
        ]  # fmt: skip
    repeats = _repeats(con, by_report)
    for table, rows in (("report_format_sections", sections), ("stated_periods", periods),
                        ("narrative_claims", claims), ("narrative_repeats", repeats)):  # fmt: skip
        _replace(con, table, rows)
    return {
        "sections": len(sections),
        "periods": len(periods),
        "claims": len(claims),
        "repeats": len(repeats),
    }


def _repeats(con: duckdb.DuckDBPyConnection, by_report: dict[str, list[tuple[int, str]]]) -> list[dict]:
    """Share of each standing report's 一 and 五 found in the agency's standing report of the year before.
    A publication's text is that of all its sources (the page may hold the narrative, its PDF the tables)."""
    standing = con.sql(load_sql("derive", "standing_sources")).fetchall()
    by_year = {
        (agency_id, year): (report_id, tuple(sources)) for agency_id, year, report_id, sources in standing
    }

    @cache  # a publication is this year's and next year's previous: shingle it once
    def shingled(sources: tuple[str, ...]) -> frozenset[str]:
        texts = (
            "".join(body for section, body in by_report.get(r, []) if section in (1, 5)) for r in sources
        )
        return frozenset().union(*(shingles(text) for text in texts))

    rows = []
    for (agency_id, year), (report_id, sources) in sorted(by_year.items()):
        previous = by_year.get((agency_id, year - 1))
        if previous is None:
            continue
        current = shingled(sources)
        if len(current) < MIN_SHINGLES:
            continue
        rows.append({"report_id": report_id, "previous_report_id": previous[0],
                     "share": round(containment(current, shingled(previous[1])), 4), "n_shingles": len(current)})  # fmt: skip
    return rows
