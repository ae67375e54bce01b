"""What the workspace reads: the published copy of the warehouse when there is one, else the
warehouse itself, read-only.

Every request opens its own connection and closes it when the page is rendered. The pipeline
replaces the published copy by a rename at the end of every run, so the next request reads the new
one; and a reader that kept the warehouse itself open would stop the next ingest from writing it.
Each connection is a fresh in-memory database with the file attached: ``duckdb.connect(path)`` would
hand back a database instance this process still holds for that path, the copy before the rename.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from nianbao.core.errors import NianbaoError
from nianbao.warehouse.db import WarehouseNotFound
from nianbao.warehouse.publish import published_path


class WarehouseBusy(NianbaoError, RuntimeError):
    """Nothing is published yet and an ingest is writing the warehouse: the pages can be read when
    it ends (it publishes a copy)."""


def is_lock_conflict(exc: duckdb.Error) -> bool:
    """DuckDB's answer when another process writes the file (its message names the lock)."""
    return isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower()


class WarehouseReader:
    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        # The warehouse itself is opened by one thread at a time, reading or writing: file locks are
        # per process, so DuckDB would not keep this process's reader and writer apart.
        self.warehouse_lock = threading.Lock()

    @property
    def published(self) -> Path:
        return published_path(self.db)

    def source(self) -> Path:
        """The file the next request reads."""
        return self.published if self.published.exists() else self.db

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        path = self.source()
        if path == self.published:
            con = _attach(path)
            try:
                yield con
            finally:
                con.close()
            return
        if not path.exists():
            raise WarehouseNotFound(f"no warehouse at {path}: run `nianbao ingest` or `nianbao demo` first")
        with self.warehouse_lock:
            try:
                con = _attach(path)
            except duckdb.Error as exc:
                if is_lock_conflict(exc):
                    raise WarehouseBusy(
                        f"{path} is being written by an ingest and nothing is published yet"
                    ) from exc
                raise
            try:
                yield con
            finally:
                con.close()


def _attach(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    try:
        # Paths cannot be bound parameters in ATTACH: quoted as an SQL string literal.
        con.execute(f"ATTACH {_literal(path)} AS warehouse (READ_ONLY)")
        con.execute("USE warehouse")
    except BaseException:
        con.close()
        raise
    return con


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"
