"""Exports for other tools: CSV (stable interface: facts.csv, findings.csv, reports.csv) and Parquet."""

from __future__ import annotations

from pathlib import Path

import duckdb

from nianbao.core.errors import NianbaoError
from nianbao.warehouse.sql import load_sql

EXPORTS = ("facts", "findings", "reports")
FORMATS = ("csv", "parquet")


class UnknownExportFormat(NianbaoError, ValueError):
    """--format names a format nianbao does not write."""


def export(con: duckdb.DuckDBPyConnection, fmt: str, out_dir: Path) -> list[Path]:
    if fmt not in FORMATS:
        raise UnknownExportFormat(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in EXPORTS:
        frame = con.sql(load_sql("exports", name)).pl()
        if fmt == "csv":
            path = out_dir / f"{name}.csv"
            frame.write_csv(path)
        else:
            # Partitioned by year so other engines read one year without scanning the rest.
            path = out_dir / name
            frame.write_parquet(path, partition_by="year")
        written.append(path)
    return written
