"""Publish a read-only copy of the warehouse for analysts, and Parquet files for other engines.

DuckDB allows one writing process or many readers, not both: analysts (and ``nianbao query``,
``nianbao report``) open the published copy while the pipeline keeps writing its own file; a reader
of the pipeline's file would stop the next ingest from opening it. The copy holds every table, view,
macro and comment. ``publish`` reads through the pipeline's open connection (its committed state, in
one statement), so it runs at the end of every ingest and check without closing the warehouse.

Nothing published is ever seen half-written: the copy is written under a temporary name and renamed
over the last one (a reader that has the last one open keeps reading it); the Parquet files go into a
new folder each time, and the link ``published/parquet`` is switched to it, the previous folder kept
for a reader still scanning it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb

from nianbao.core.errors import NianbaoError
from nianbao.warehouse.db import WarehouseNotFound
from nianbao.warehouse.sql import header, load_sql, sql_names

PUBLISHED = "published"
PARQUET = "parquet"
_TARGET = "nianbao_publish"  # the catalog the copy is attached as, beside the warehouse's own


class PublishFailed(NianbaoError, OSError):
    """The published copy could not be written (disk full, no permission); the warehouse is intact."""


def published_path(db: Path) -> Path:
    """Where the copy of the warehouse ``db`` is published: ``<db folder>/published/<db name>``."""
    return db.parent / PUBLISHED / db.name


def parquet_path(db: Path) -> Path:
    """The published Parquet files: ``<name>/year=YYYY/*.parquet`` per export, ``<name>.parquet``
    for one without a year (``parquet/*.sql``)."""
    return db.parent / PUBLISHED / PARQUET


def snapshot(db: Path, out: Path) -> Path:
    """Copy the warehouse file ``db`` (no process may be writing it) to ``out``."""
    con = _attached(db)
    try:
        _temporary(con, "src", out).replace(out)
    finally:
        con.close()
    return out


def publish(con_or_db: duckdb.DuckDBPyConnection | Path, db: Path) -> Path:
    """Publish the warehouse ``db``, read through ``con_or_db``: the pipeline's open connection, or
    the file itself when no process is writing it. Writes the copy at ``published_path(db)`` and the
    Parquet exports under ``parquet_path(db)``; returns the copy's path."""
    out = published_path(db)
    try:
        _clear_leftovers(out)
        if isinstance(con_or_db, duckdb.DuckDBPyConnection):
            (name,) = con_or_db.execute("SELECT current_database()").fetchone()
            tmp = _temporary(con_or_db, name, out)
        else:
            con = _attached(Path(con_or_db))
            try:
                tmp = _temporary(con, "src", out)
            finally:
                con.close()
        try:
            folder = _write_parquet(tmp, parquet_path(db))
            tmp.replace(out)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _switch(parquet_path(db), folder)
    except (OSError, duckdb.IOException) as exc:
        raise PublishFailed(f"could not publish {db} to {out.parent}: {exc}; the warehouse is intact, "
                            f"`nianbao check --db {db}` publishes it again") from exc  # fmt: skip
    return out


def _attached(db: Path) -> duckdb.DuckDBPyConnection:
    if not db.exists():
        raise WarehouseNotFound(f"no warehouse at {db}: run `nianbao ingest` or `nianbao demo` first")
    con = duckdb.connect()
    # Paths cannot be bound parameters in ATTACH; quoted as SQL string literals.
    con.execute(f"ATTACH {_literal(db)} AS src (READ_ONLY)")
    return con


def _temporary(con: duckdb.DuckDBPyConnection, source: str, out: Path) -> Path:
    """A complete copy of the catalog ``source`` beside ``out``, under a temporary name."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    con.execute(f"ATTACH {_literal(tmp)} AS {_TARGET}")
    try:
        con.execute(f"COPY FROM DATABASE {_identifier(source)} TO {_TARGET}")
        con.execute(f"CHECKPOINT {_TARGET}")  # all in the file itself: no write-ahead log beside it
    except BaseException:
        con.execute(f"DETACH {_TARGET}")
        tmp.unlink(missing_ok=True)
        raise
    con.execute(f"DETACH {_TARGET}")
    return tmp


def _write_parquet(copy: Path, link: Path) -> Path:
    """Every ``parquet/*.sql`` export of the copy, in a new folder beside ``link``."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = link.with_name(f"{link.name}-{stamp}")
    folder.mkdir(parents=True)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        for name in sql_names(PARQUET):
            sql = load_sql(PARQUET, name)
            if header(sql).get("partition_by") == "year":  # other engines read one year, not all
                con.execute(
                    f"COPY ({sql}\n) TO {_literal(folder / name)} (FORMAT parquet, PARTITION_BY (year))"
                )
            else:
                con.execute(f"COPY ({sql}\n) TO {_literal(folder / f'{name}.parquet')} (FORMAT parquet)")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        con.close()
    return folder


def _switch(link: Path, folder: Path) -> None:
    """Point ``link`` at ``folder`` in one rename; remove the folders older than the previous one."""
    previous = Path(os.readlink(link)).name if link.is_symlink() else None
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)
    tmp = link.with_name(f".{link.name}.link-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(folder.name, target_is_directory=True)  # relative: the published folder can move
    tmp.replace(link)
    for old in link.parent.glob(f"{link.name}-*"):
        if old.name not in (folder.name, previous):
            shutil.rmtree(old, ignore_errors=True)


def _clear_leftovers(out: Path) -> None:
    """Temporary copies of a publish that was killed (the warehouse has one writer, one publisher)."""
    for left in out.parent.glob(f"{out.name}.tmp-*"):
        left.unlink(missing_ok=True)


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
