"""Compare: indicators of some agencies, or of a region's agencies, over a range of years.

The table shown, the CSV and the Excel download are one frame, so a download holds exactly what the
page shows: counts as whole numbers, rates in percent to one decimal (a heading says ``（%）``).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import duckdb
import polars as pl
import xlsxwriter

from nianbao.warehouse.queries import run_query
from nianbao.web.charts import Series
from nianbao.web.labels import DEFAULT_COMPARED, INDICATORS, Indicator

CHART_LINES = 10  # more lines than this and a chart is unreadable; the table holds them all
AGENCY, REGION, YEAR, AGENCY_ID = "机关", "地区", "年度", "机关编号"
SHEET = "指标比较"


@dataclass(frozen=True, slots=True)
class Selection:
    indicators: tuple[str, ...]
    agencies: tuple[str, ...]
    region: str
    year_from: int | None
    year_to: int | None

    @classmethod
    def from_query(
        cls, query: Mapping[str, str], lists: Mapping[str, Sequence[str]], default_region: str
    ) -> Selection:
        """From the GET form: ``indicator`` and ``agency`` repeated, ``region``, ``year_from``, ``year_to``.
        Unknown indicators are left out; nothing picked compares the default indicators of the first region."""
        indicators = tuple(dict.fromkeys(k for k in lists.get("indicator", ()) if k in INDICATORS))
        agencies = tuple(dict.fromkeys(a for a in lists.get("agency", ()) if a))
        region = query.get("region", "")
        if not agencies and not region:
            region = default_region
        return cls(indicators or DEFAULT_COMPARED, agencies, region, _year(query.get("year_from")),
                   _year(query.get("year_to")))  # fmt: skip

    @property
    def chosen(self) -> list[Indicator]:
        return [INDICATORS[k] for k in self.indicators]

    def query_string(self) -> str:
        pairs = [("indicator", k) for k in self.indicators] + [("agency", a) for a in self.agencies]
        pairs += [("region", self.region)] if self.region else []
        pairs += [(k, str(v)) for k, v in (("year_from", self.year_from), ("year_to", self.year_to)) if v]
        return urlencode(pairs)

    def params(self) -> dict[str, str]:
        return {"agencies": ",".join(self.agencies), "region": self.region if not self.agencies else "",
                "year_from": str(self.year_from or ""), "year_to": str(self.year_to or "")}  # fmt: skip


def _year(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def compare_frame(con: duckdb.DuckDBPyConnection, selection: Selection) -> pl.DataFrame:
    """The table the page shows: agency, region, year, each indicator chosen, the agency's id."""
    rows = run_query(con, "indicator_series", selection.params())
    shown = [
        (pl.col(i.key) * 100).round(1).alias(i.heading)
        if i.rate
        else pl.col(i.key).round(0).cast(pl.Int64).alias(i.heading)
        for i in selection.chosen
    ]
    return rows.select(pl.col("agency_name").alias(AGENCY), pl.col("region").alias(REGION), pl.col("year").alias(YEAR),
                       *shown, pl.col("agency_id").alias(AGENCY_ID))  # fmt: skip


def chart_series(frame: pl.DataFrame, indicator: Indicator) -> list[Series]:
    """One line per agency of the table (the first CHART_LINES)."""
    series = []
    for _, rows in frame.group_by(AGENCY_ID, maintain_order=True):
        values = {}
        for year, value in rows.select(YEAR, indicator.heading).iter_rows():
            values[year] = None if value is None else (value / 100 if indicator.rate else float(value))
        series.append(Series(rows[AGENCY][0], values))
        if len(series) == CHART_LINES:
            break
    return series


def csv_bytes(frame: pl.DataFrame) -> bytes:
    # With a byte-order mark: Excel opens a UTF-8 CSV of Chinese text as UTF-8 only with one.
    return frame.write_csv(include_bom=True).encode("utf-8")


def xlsx_bytes(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as workbook:
        frame.write_excel(workbook=workbook, worksheet=SHEET, autofit=True, freeze_panes=(1, 0))
    return out.getvalue()
