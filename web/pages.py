"""What each page shows, read from the warehouse: plain data for the templates (no HTML here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import duckdb
import polars as pl
from markupsafe import Markup

from nianbao.core.errors import NianbaoError
from nianbao.warehouse.explain import explain_finding
from nianbao.warehouse.queries import run_query
from nianbao.web.charts import Series, line_chart
from nianbao.web.labels import AGENCY_CHART_COUNTS, AGENCY_CHART_RATES, INDICATORS, STATUS_FILTERS
from nianbao.web.report_table import RebuiltTable, rebuild_tables

MAX_ROWS = 2000  # the agency-year list shown at once; a filter narrows it


class AgencyNotFound(NianbaoError, LookupError):
    """No roster agency has this id."""


def overview(con: duckdb.DuckDBPyConnection, year: str | None, region: str, status: str) -> dict:
    """``year`` None: the latest year; 'all' or '': every year."""
    matrix = run_query(con, "region_year_overview").to_dicts()
    years = sorted({r["year"] for r in matrix})
    if year is None:
        year = str(years[-1]) if years else ""
    year = "" if year == "all" else year
    status = status if status in STATUS_FILTERS else ""
    rows = run_query(con, "agency_year_status", {"year": year, "region": region, "status": status})
    return {
        "years": years,
        "regions": sorted({r["region"] for r in matrix if not r["all_regions"]}),
        "cells": {(None if r["all_regions"] else r["region"], r["year"]): r for r in matrix},
        "year": year,
        "region": region,
        "status": status,
        "rows": rows.head(MAX_ROWS).to_dicts(),
        "total": rows.height,
        "truncated": rows.height > MAX_ROWS,
    }


def _series(frame: pl.DataFrame, keys: tuple[str, ...]) -> list[Series]:
    return [Series(INDICATORS[k].label, dict(zip(frame["year"], frame[k], strict=True))) for k in keys
            if frame[k].drop_nulls().len()]  # fmt: skip


def agency_charts(indicators: pl.DataFrame) -> list[Markup]:
    """One agency's charts from its rows of query indicator_series: counts, then rates."""
    years = indicators["year"].to_list()
    charts = []
    for keys, title, percent in ((AGENCY_CHART_COUNTS, "申请与复议诉讼（件）", False),
                                 (AGENCY_CHART_RATES, "公开率与纠错率", True)):  # fmt: skip
        series = _series(indicators, keys)
        if series and years:
            charts.append(line_chart(series, years, title=title, percent=percent))
    return charts


def agency(con: duckdb.DuckDBPyConnection, agency_id: str) -> dict:
    found = run_query(con, "agency_list").filter(pl.col("agency_id") == agency_id).to_dicts()
    if not found:
        raise AgencyNotFound(f"no agency {agency_id!r} in the roster")
    return {
        "agency": found[0],
        "years": run_query(con, "agency_year_status", {"agency_id": agency_id}).sort("year").to_dicts(),
        "charts": agency_charts(run_query(con, "indicator_series", {"agencies": agency_id})),
        "findings": run_query(con, "agency_findings", {"agency_id": agency_id}).to_dicts(),
    }


@dataclass(slots=True)
class Source:
    """One report a finding is about or rests on, with its evidence: PDF pages, or rebuilt tables."""

    report_id: str
    year: int
    title: str | None
    source_url: str | None
    published_on: object
    media_type: str | None
    archive_path: str | None
    archive_url: str | None
    pages: list[int] = field(default_factory=list)
    tables: list[RebuiltTable] = field(default_factory=list)


def archive_url(archive: Path, archive_path: str | None) -> str | None:
    if archive_path and (archive / archive_path).is_file():
        return "/archive/" + quote(archive_path)
    return None


def finding(con: duckdb.DuckDBPyConnection, finding_id: str, archive: Path) -> dict:
    explanation = explain_finding(con, finding_id)  # FindingNotFound for an unknown id
    f, cells = explanation.finding, explanation.cells
    sources = []
    for s in run_query(con, "finding_sources", {"finding_id": finding_id}).iter_rows(named=True):
        mine = [c for c in cells if c["report_id"] == s["report_id"]]
        source = Source(s["report_id"], s["year"], s["title"], s["source_url"], s["published_on"], s["media_type"],
                        s["archive_path"], archive_url(archive, s["archive_path"]))  # fmt: skip
        if s["media_type"] == "pdf":
            source.pages = sorted({c["page"] for c in mine if c["page"]})
            if not source.pages and f["page"] and s["report_id"] == f["report_id"]:
                source.pages = [f["page"]]
        else:
            tables = sorted({c["table_index"] for c in mine if c["table_index"] is not None})
            if tables:
                grid = run_query(con, "report_table_cells",
                                 {"report_id": s["report_id"], "tables": ",".join(map(str, tables))})  # fmt: skip
                source.tables = rebuild_tables(grid, {c["metric"] for c in mine})
        sources.append(source)
    options = [(f"{c['report_id']}|{c['metric']}", f"{c['year']}年 {c['label'] or c['metric']}（读取值 {c['raw_text'] or '空'}）")
               for c in cells]  # fmt: skip
    label = next(
        (c["label"] for c in cells if c["metric"] == f["metric"] and c["report_id"] == f["report_id"]), None
    )
    return {"f": f, "cells": cells, "sources": sources, "cell_options": options, "metric_label": label}


def evidence_boxes(con: duckdb.DuckDBPyConnection, finding_id: str, report_id: str | None, page: int):
    """The archived PDF a finding's page image is drawn from and the boxes of its cells on that page:
    (archive_path, boxes), or None when the finding has no such PDF."""
    explanation = explain_finding(con, finding_id)
    sources = run_query(con, "finding_sources", {"finding_id": finding_id}).filter(
        pl.col("media_type") == "pdf"
    )
    report_id = report_id or explanation.finding["report_id"]
    chosen = sources.filter(pl.col("report_id") == report_id) if report_id else sources
    if chosen.is_empty():
        chosen = sources
    if chosen.is_empty():
        return None
    report_id, archive_path = chosen["report_id"][0], chosen["archive_path"][0]
    boxes = [tuple(c["bbox"]) for c in explanation.cells
             if c["report_id"] == report_id and c["page"] == page and c["bbox"]]  # fmt: skip
    return archive_path, boxes


def compare_choices(con: duckdb.DuckDBPyConnection) -> dict:
    agencies = run_query(con, "agency_list").to_dicts()
    years = sorted(run_query(con, "region_year_overview").filter(pl.col("all_regions"))["year"].to_list())
    return {"agencies": agencies, "regions": sorted({a["region"] for a in agencies}), "years": years}
