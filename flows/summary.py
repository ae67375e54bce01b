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


def print_parsed(mapped, source: Path) -> None:
    out.print(f"[bold]{source}[/]: status {mapped.status}"
              + (f" — {mapped.message}" if mapped.message else ""))  # fmt: skip
    out.print(f"agency {mapped.agency_name}  year {mapped.year}  template {mapped.template}  "
              f"sections {' '.join(mapped.sections)}")  # fmt: skip
    rows = [(code, "" if f.value is None else f"{f.value:g}", f.raw) for code, f in mapped.facts.items()]
    frame = pl.DataFrame(rows, schema=["metric", "value", "printed"], orient="row")
    print_frame(frame, title=f"{len(rows)} facts")
    for warning in mapped.warnings:
        out.print(f"[yellow]! {warning}[/]")
