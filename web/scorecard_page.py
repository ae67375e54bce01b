"""The scorecard sent by mail (``nianbao report``): scorecard.xlsx and scorecard.html.

The page is one self-contained file: inline style, the workspace's charts as inline SVG and its little
table script (sort by a header, search a region's agencies); nothing is fetched, and without script the
tables still read. The region summary with charts, then per region its agency-years, then a section per
agency: its years, its indicators over the years, its findings with the source and the archived file.
The tables are the named queries of the workbook, so the page and the sheets show the same rows.
Every string is escaped by the template (a report's words are data).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import quote, urlsplit

import duckdb
import polars as pl
from markupsafe import Markup, escape

from nianbao.warehouse.queries import run_query
from nianbao.warehouse.scorecard import scorecard_frames, write_xlsx
from nianbao.web.charts import Series, line_chart
from nianbao.web.labels import PUBLICATION, SEVERITY
from nianbao.web.pages import agency_charts
from nianbao.web.templating import environment

TITLE = "政府信息公开工作年度报告核查评分"
REGION_COLUMNS = ("机关", "年度", "公布期限", "首次公布日期", "公布次数", "按时公布", "报告完整", "错误",
                  "未排除错误", "警告", "提示", "审核比例", "评定", "地区内排名")  # fmt: skip
AGENCY_YEAR_COLUMNS = tuple(c for c in REGION_COLUMNS if c != "机关")
FINDING_COLUMNS = ("年度", "级别", "规则", "表格栏目", "说明", "应为", "实际", "来源网址", "存档文件", "页码",
                   "审核状态", "审核意见")  # fmt: skip
SEVERITIES = tuple(SEVERITY.values())  # as the sheets print them: 错误, 警告, 提示
SEVERITY_CLASS = {label: severity for severity, label in SEVERITY.items()}  # the style's row classes
NOT_LOOKED_AT = PUBLICATION["not_looked_at"]  # neither 未公布 nor 合规


def anchor(agency_id: str) -> str:
    return "agency-" + quote(agency_id, safe="")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if 0 <= value <= 1 else f"{value:g}"
    return str(value)


class Cells:
    """A table cell as the page shows it: numbers right-aligned, verdicts coloured, links where the
    value is an address, an archived file or an agency with a section below."""

    def __init__(self, out_dir: Path, archive_root: Path | None) -> None:
        self.out_dir, self.archive_root = out_dir, archive_root

    def __call__(self, column: str, row: dict) -> Markup:
        value = row.get(column)
        if column == "来源网址" and value:
            return Markup("<td>{}</td>").format(self.source(str(value)))
        if column == "存档文件" and value:
            return Markup("<td>{}</td>").format(self.archive(str(value)))
        if column == "机关" and row.get("机关编号"):
            return Markup('<td><a href="#{}">{}</a></td>').format(anchor(row["机关编号"]), value)
        css = ""
        if isinstance(value, int | float) and not isinstance(value, bool):
            css = "n"
        if column in ("评定", "按时公布") and value == NOT_LOOKED_AT:
            css = "unchecked"
        elif column == "评定" or (column == "按时公布" and value in ("否", "未公布")):
            css = "ok" if value == "合规" else "bad"
        if css:
            return Markup('<td class="{}">{}</td>').format(css, _text(value))
        return Markup("<td>{}</td>").format(_text(value))

    @staticmethod
    def source(url: str) -> Markup:
        # Only web addresses become links: a stored URL is data, never script.
        if urlsplit(url).scheme in ("http", "https"):
            return Markup('<a href="{}">原文</a>').format(url)
        return escape(url)

    def archive(self, path: str) -> Markup:
        if self.archive_root is None:
            return escape(path)
        target = Path(os.path.relpath(self.archive_root / path, self.out_dir)).as_posix()
        # The path is a content hash: a short name keeps the column narrow, the whole path in the tooltip.
        return Markup('<a href="{}" title="{}">存档文件</a>').format(target, path)


def _summary_charts(con: duckdb.DuckDBPyConnection, params: dict[str, str]) -> list[Markup]:
    """Share on time and share compliant per region over the years (of the regions shown)."""
    rows = run_query(con, "region_year_overview", {"year": params.get("year", "")}).filter(
        ~pl.col("all_regions")
    )
    if params.get("region"):
        rows = rows.filter(pl.col("region") == params["region"])
    years = sorted(set(rows["year"].to_list()))
    charts = []
    for column, title in (("share_on_time", "各地区按时公布比例"), ("share_compliant", "各地区合规比例")):
        series = [Series(region, dict(zip(group["year"], group[column], strict=True)))
                  for (region,), group in rows.group_by("region", maintain_order=True)]  # fmt: skip
        if series and years:
            charts.append(line_chart(series, years, title=title, percent=True))
    return charts


def _regions(frames: dict[str, pl.DataFrame], indicators: pl.DataFrame) -> list[dict]:
    agency_years, findings = frames["机关年度评分"], frames["问题清单"]
    charts_of = {aid: agency_charts(rows) for (aid,), rows in indicators.group_by("agency_id")}
    findings_of = {aid: rows.to_dicts() for (aid,), rows in findings.group_by("机关编号")}
    regions = []
    for (region,), rows in agency_years.group_by("地区", maintain_order=True):
        agencies = []
        for (agency_id,), mine in rows.sort("机关编号", maintain_order=True).group_by(
            "机关编号", maintain_order=True
        ):
            found = findings_of.get(agency_id, [])
            agencies.append({
                "agency_id": agency_id, "anchor": anchor(agency_id), "name": mine["机关"][0],
                "kind": mine["机关类型"][0], "rows": mine.sort("年度").to_dicts(),
                "charts": charts_of.get(agency_id, []), "findings": found,
                "counts": {s: sum(f["级别"] == s for f in found) for s in SEVERITIES},
            })  # fmt: skip
        regions.append({"name": region, "rows": rows.to_dicts(), "agencies": agencies})
    return regions


def render_scorecard(
    con: duckdb.DuckDBPyConnection,
    frames: dict[str, pl.DataFrame],
    *,
    out_dir: Path,
    archive_root: Path | None,
    generated_at: dt.datetime,
    params: dict[str, str] | None = None,
) -> str:
    params = params or {}
    agency_years, region_sheet, findings = frames["机关年度评分"], frames["地区汇总"], frames["问题清单"]
    # Each agency's charts show all its years (the trend), whatever year the tables are limited to.
    indicators = run_query(con, "indicator_series", {"region": params.get("region", "")})
    severity = {s: findings.filter(pl.col("级别") == s).height for s in SEVERITIES}
    meta = (f"生成时间 {generated_at:%Y-%m-%d %H:%M} · 机关 {agency_years['机关编号'].n_unique()} 个 · "
            f"问题 {findings.height} 条（错误 {severity['错误']}，警告 {severity['警告']}，提示 {severity['提示']}）"
            " · 评定“合规”：没有未被排除的错误"
            " · “未核查”：未检索该机关年报栏目、也未指定应公布年度的年份，不计为未公布，也不计为合规"
            " · 点击表头排序")  # fmt: skip
    template = environment().get_template("scorecard.html")
    return template.render(
        title=TITLE,
        meta=meta,
        cell=Cells(out_dir, archive_root),
        severity_class=SEVERITY_CLASS,
        summary_charts=_summary_charts(con, params),
        region_columns=tuple(region_sheet.columns),
        region_rows=region_sheet.to_dicts(),
        regions=_regions(frames, indicators),
        agency_columns=REGION_COLUMNS,
        agency_year_columns=AGENCY_YEAR_COLUMNS,
        finding_columns=FINDING_COLUMNS,
    )


def write_scorecard(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    *,
    archive_root: Path | None = None,
    params: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> list[Path]:
    """Write scorecard.xlsx and scorecard.html into ``out_dir``; returns their paths."""
    frames = scorecard_frames(con, params)
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx = write_xlsx(frames, out_dir / "scorecard.xlsx")
    page = render_scorecard(con, frames, out_dir=out_dir, archive_root=archive_root, params=params,
                            generated_at=now or dt.datetime.now().astimezone())  # fmt: skip
    html = out_dir / "scorecard.html"
    html.write_text(page, encoding="utf-8")
    return [xlsx, html]
