"""scorecard.html: one self-contained page (no script, no external file) a supervisor opens anywhere.

The region summary, then per region a table of its agencies' years and, per agency, its findings with
the message, a link to the published source and the archived file. Everything printed is escaped.
"""

from __future__ import annotations

import datetime as dt
import os
from html import escape
from itertools import groupby
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl

TITLE = "政府信息公开工作年度报告核查评分"
_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:2px solid #b22;padding-bottom:.2em}
table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}th{background:#f3f3f3}
td.n{text-align:right}.bad{color:#b22;font-weight:bold}.ok{color:#282}.unchecked{color:#777;font-style:italic}
.error{background:#fde8e8}.warning{background:#fff6db}.info{background:#eef4fb}
details{margin:.4em 0}summary{cursor:pointer;font-weight:bold}.meta{color:#666}
"""
_AGENCY_COLUMNS = ("机关", "年度", "公布期限", "首次公布日期", "公布次数", "按时公布", "报告完整", "错误",
                   "未排除错误", "警告", "提示", "审核比例", "评定", "地区内排名")  # fmt: skip
_FINDING_COLUMNS = ("年度", "级别", "规则", "说明", "应为", "实际", "来源网址", "存档文件", "页码", "审核状态",
                    "审核意见")  # fmt: skip
_SEVERITY_CLASS = {"错误": "error", "警告": "warning", "提示": "info"}
NOT_LOOKED_AT = "未核查"  # an agency-year nobody looked for: neither 未公布 nor 合规


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if 0 <= value <= 1 else f"{value:g}"
    return escape(str(value))


def _cell(column: str, value: object, links: _Links) -> str:
    if column == "来源网址" and value:
        return f"<td>{links.source(str(value))}</td>"
    if column == "存档文件" and value:
        return f"<td>{links.archive(str(value))}</td>"
    css = ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        css = ' class="n"'
    if column in ("评定", "按时公布") and value == NOT_LOOKED_AT:
        css = ' class="unchecked"'
    elif column == "评定" or (column == "按时公布" and value in ("否", "未公布")):
        css = ' class="ok"' if value == "合规" else ' class="bad"'
    return f"<td{css}>{_text(value)}</td>"


class _Links:
    def __init__(self, out_dir: Path, archive_root: Path | None) -> None:
        self.out_dir, self.archive_root = out_dir, archive_root

    @staticmethod
    def source(url: str) -> str:
        # Only web addresses become links: a stored URL is data, never script.
        if urlsplit(url).scheme in ("http", "https"):
            return f'<a href="{escape(url)}">原文</a>'
        return escape(url)

    def archive(self, path: str) -> str:
        if self.archive_root is None:
            return escape(path)
        target = os.path.relpath(self.archive_root / path, self.out_dir)
        return f'<a href="{escape(Path(target).as_posix())}">{escape(path)}</a>'


def _table(frame: pl.DataFrame, columns: tuple[str, ...], links: _Links, row_class: str | None = None) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    rows = []
    for row in frame.select(
        columns + ((row_class,) if row_class and row_class not in columns else ())
    ).iter_rows(named=True):
        css = f' class="{_SEVERITY_CLASS.get(row[row_class], "")}"' if row_class else ""
        rows.append(f"<tr{css}>" + "".join(_cell(c, row[c], links) for c in columns) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _region_section(
    region: str, agencies: pl.DataFrame, findings: pl.DataFrame, links: _Links, n: int
) -> str:
    parts = [f'<section id="region-{n}"><h2>{escape(region)}</h2>', _table(agencies, _AGENCY_COLUMNS, links)]
    mine = findings.filter(pl.col("地区") == region)
    for (agency_id,), group in groupby(mine.iter_rows(named=True), key=lambda r: (r["机关编号"],)):
        rows = pl.DataFrame(list(group), schema=mine.schema)
        counts = " · ".join(
            f"{s} {rows.filter(pl.col('级别') == s).height}" for s in ("错误", "警告", "提示")
        )
        name = rows["机关"][0]
        parts.append(f'<details id="agency-{escape(agency_id)}"><summary>{escape(name)}：{counts}</summary>'
                     f"{_table(rows, _FINDING_COLUMNS, links, row_class='级别')}</details>")  # fmt: skip
    parts.append("</section>")
    return "".join(parts)


def render_scorecard(
    frames: dict[str, pl.DataFrame], *, out_dir: Path, archive_root: Path | None, generated_at: dt.datetime
) -> str:
    agencies, regions, findings = frames["机关年度评分"], frames["地区汇总"], frames["问题清单"]
    links = _Links(out_dir, archive_root)
    region_names = list(dict.fromkeys(agencies["地区"].to_list()))
    nav = " · ".join(f'<a href="#region-{i}">{escape(r)}</a>' for i, r in enumerate(region_names))
    severity = {s: findings.filter(pl.col("级别") == s).height for s in ("错误", "警告", "提示")}
    meta = (f"生成时间 {generated_at:%Y-%m-%d %H:%M} · 机关 {agencies['机关编号'].n_unique()} 个 · "
            f"问题 {findings.height} 条（错误 {severity['错误']}，警告 {severity['警告']}，提示 {severity['提示']}）"
            " · 评定“合规”：没有未被排除的错误"
            " · “未核查”：未检索该机关年报栏目、也未指定应公布年度的年份，不计为未公布，也不计为合规")  # fmt: skip
    region_columns = tuple(c for c in regions.columns)
    body = [
        f"<h1>{TITLE}</h1><p class='meta'>{escape(meta)}</p><nav>地区：{nav}</nav>",
        f"<section><h2>地区汇总</h2>{_table(regions, region_columns, links)}</section>",
    ]
    for i, region in enumerate(region_names):
        body.append(_region_section(region, agencies.filter(pl.col("地区") == region), findings, links, i))
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{TITLE}</title><style>{_STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )
