"""Publish a read-only snapshot of the warehouse for analysts.

DuckDB allows one writing process or many readers, not both: analysts open the snapshot while the
pipeline keeps writing its own file. The copy holds every table, view, macro and comment.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from nianbao.warehouse.db import WarehouseNotFound


def snapshot(db: Path, out: Path) -> Path:
    if not db.exists():
        raise WarehouseNotFound(f"no warehouse at {db}: run `nianbao ingest` or `nianbao demo` first")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect()
    try:
        # Paths cannot be bound parameters in ATTACH; quote them as SQL string literals.
        con.execute(f"ATTACH {_literal(db)} AS src (READ_ONLY)")
        con.execute(f"ATTACH {_literal(tmp)} AS snap")
        con.execute("COPY FROM DATABASE src TO snap")
        con.execute("DETACH snap")
    finally:
        con.close()
    tmp.replace(out)  # readers never see a half-written snapshot
    return out


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
