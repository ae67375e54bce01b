"""What the CLI prints: run summaries, parsed documents and query results."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.table import Table

out = Console()


def print_frame(frame: pl.DataFrame, fmt: str = "table", title: str | None = None) -> None:
    if fmt == "csv":
        sys.stdout.write(frame.write_csv())
        return
    if fmt == "json":
        sys.stdout.write(frame.write_json() + "\n")
        return
    table = Table(title=title, show_lines=False)
    for column in frame.columns:
        table.add_column(column, overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    out.print(table)


def print_summary(summary, db: Path) -> None:
    from nianbao.warehouse.db import connect
    from nianbao.warehouse.queries import run_query

    out.print()
    out.print(f"[bold]Agencies[/] {summary.agencies}   [bold]reports found[/] {summary.reports_found}   "
              f"[bold]parsed[/] {summary.parsed}   [bold]failed[/] {summary.failed}   "
              f"[bold]out of scope[/] {summary.out_of_scope}   [bold]facts[/] {summary.facts}")  # fmt: skip
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.statuses.items()))
    out.print(
        f"documents read ({sum(summary.statuses.values())}, pages and attachments) by status: {statuses}"
        + (f"; {summary.reused} unchanged since the last run, not parsed again" if summary.reused else "")
    )
    if summary.seconds:
        spent = summary.seconds
        out.print(f"time: fetch {spent['fetch']:.1f} s and parse {spent['parse']:.1f} s (summed over the agencies, "
                  f"which run side by side), load {spent['load']:.1f} s, check {spent['check']:.1f} s, "
                  f"publish {spent['publish']:.1f} s")  # fmt: skip
    if summary.decisions:
        out.print(
            f"decisions applied from the inbox (made while the warehouse was busy): {summary.decisions}"
        )
    for error in summary.errors[:10]:
        out.print(f"[yellow]! {error}[/]")
    if len(summary.errors) > 10:
        out.print(f"[yellow]… and {len(summary.errors) - 10} more fetch errors (see the fetches table)[/]")
    con = connect(db, read_only=True)
    try:
        print_frame(run_query(con, "findings_by_rule"), title="Findings by rule")
        print_frame(
            run_query(con, "worst_agencies", {"limit": "10"}), title="Agencies with the most findings"
        )
    finally:
        con.close()
    out.print(f"Warehouse: {db}   — try: nianbao query compare_agencies --param year=2023 --db {db}")
    if summary.published:
        out.print(
            f"Published for analysts (read-only; nianbao query and report read it): {summary.published}"
        )


def print_parsed(mapped, source: Path) -> None:
    out.print(f"[bold]{source}[/]: status {mapped.status}"
              + (f" — {mapped.message}" if mapped.message else ""))  # fmt: skip
    out.print(f"agency {mapped.agency_name}  year {mapped.year}  template {mapped.template}  "
              f"sections {' '.join(mapped.sections)}")  # fmt: skip
    rows = [(code, _number(f.value), f.raw) for code, f in mapped.facts.items()]
    frame = pl.DataFrame(rows, schema=["metric", "value", "printed"], orient="row")
    print_frame(frame, title=f"{len(rows)} facts")
    if mapped.unread:
        shown = ", ".join(mapped.unread[:12]) + (" …" if len(mapped.unread) > 12 else "")
        out.print(f"[yellow]{len(mapped.unread)} cells the format prints were not read: {shown}[/]")
    for warning in mapped.warnings:
        out.print(f"[yellow]! {warning}[/]")


def _number(value) -> str:
    return "" if value is None else f"{value:g}"


def _archived(path, archive_root: Path | None) -> str:
    """An archived file's path, absolute when the archive is here."""
    if not path:
        return ""
    if archive_root is not None and (archive_root / path).exists():
        return str((archive_root / path).resolve())
    return str(path)


def print_explanation(explanation, archive_root: Path | None = None) -> None:
    """A finding and the cells it rests on, with the official Chinese labels (`nianbao explain`)."""
    from rich.markup import escape

    f = explanation.finding
    lines = [
        ("问题编号", f["finding_id"]),
        ("规则", f"{f['rule_id']}  {f['rule_title'] or ''}"),
        ("级别", f["severity_zh"]),
        ("机关", f"{f['agency_name'] or ''}（{f['agency_id']}）"),
        ("年度", f["year"]),
        ("应为", f["expected"]),
        ("实际", f["actual"]),
        ("说明", f["message"]),
        ("来源网址", f["source_url"]),
        ("存档文件", _archived(f["archive_path"], archive_root)),
        ("审核状态", f["review_status"] + (f"（{f['review_reason']}）" if f["review_reason"] else "")),
    ]
    for label, value in lines:
        if value not in (None, ""):
            out.print(f"[bold]{label}[/]  {escape(str(value))}")
    cells = explanation.cells
    if not cells:
        out.print("该问题不涉及表格单元格（例如未公布、逾期公布、缺少组成部分）")
        return
    table = Table(title=f"所依据的单元格（{len(cells)}个）", show_lines=False)
    for column in ("年度", "报告编号", "指标", "栏目", "数值", "原文", "页码", "位置（bbox）", "表/行/列"):
        table.add_column(column, overflow="fold")
    for c in cells:
        value = _number(c["value"])
        if c["corrected"]:
            value += f"（已更正，原为{_number(c['original_value']) or '空白'}）"
        elif c["value"] is None and c["raw_text"] is not None:
            value = "空白"
        bbox = ", ".join(f"{x:.1f}" for x in c["bbox"]) if c["bbox"] else ""
        indexes = [c["table_index"], c["row_index"], c["col_index"]]
        position = "" if indexes == [None] * 3 else "/".join("" if i is None else str(i) for i in indexes)
        row = [
            c["year"],
            c["report_id"],
            c["metric"],
            c["label"],
            value,
            c["raw_text"],
            c["page"],
            bbox,
            position,
        ]
        table.add_row(*(escape("" if v is None else str(v)) for v in row))
    out.print(table)
    seen = {}
    for c in cells:
        seen.setdefault(c["report_id"], c)
    for report_id, c in seen.items():
        archived = _archived(c["archive_path"], archive_root)
        out.print(f"{c['year']}年度 {escape(report_id)}：{escape(c['source_url'] or '')}"
                  + (f"（存档文件 {escape(archived)}）" if archived else ""))  # fmt: skip
