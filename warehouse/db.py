"""Open the DuckDB warehouse and bring its schema up to date.

Migrations (``migrations/NNN_*.sql``, applied once each, in order) hold the tables. Macros and views
(``macros/<name>.sql``, ``views/<name>.sql``, one object per file) hold no data: they are recreated
after the migrations on every pipeline connection, in the order their references require, so each
has one definition that is always the one in force.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from graphlib import TopologicalSorter
from importlib import resources
from pathlib import Path

import duckdb

from nianbao.core.errors import NianbaoError


class WarehouseNotFound(NianbaoError, FileNotFoundError):
    """A read-only command was pointed at a database file that does not exist."""


def migrations() -> list[tuple[str, str]]:
    folder = resources.files(__package__).joinpath("migrations")
    files = sorted(f for f in folder.iterdir() if f.name.endswith(".sql"))
    return [(f.name[:-4], f.read_text(encoding="utf-8")) for f in files]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet recorded in ``schema_migrations``, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ)"
    )
    con.execute("COMMENT ON TABLE schema_migrations IS 'Migrations applied to this warehouse, in order'")
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, sql in migrations():
        if version in done:
            continue
        con.execute("BEGIN")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations VALUES (?, now())", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def definitions(folder: str) -> dict[str, str]:
    """The SQL of each macro or view, by name (its file name)."""
    files = resources.files(__package__).joinpath(folder).iterdir()
    return {f.name[:-4]: f.read_text(encoding="utf-8") for f in files if f.name.endswith(".sql")}


def view_order(views: dict[str, str]) -> list[str]:
    """Views ordered so that each comes after the views it reads."""
    words = {name: set(re.findall(r"\w+", re.sub(r"--[^\n]*", "", sql))) for name, sql in views.items()}
    graph = {name: {other for other in views if other != name and other in words[name]} for name in views}
    return list(TopologicalSorter(graph).static_order())


def create_views(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every macro and view from its file, in one transaction."""
    macros, views = definitions("macros"), definitions("views")
    with transaction(con):
        for name in sorted(macros):
            con.execute(macros[name])
        for name in view_order(views):
            con.execute(views[name])


def connect(path: Path | str, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The pipeline's connection (migrated) or, with ``read_only``, an analyst's."""
    path = Path(path)
    if read_only:
        if not path.exists():
            raise WarehouseNotFound(f"no warehouse at {path}: run `nianbao ingest` or `nianbao demo` first")
        return duckdb.connect(str(path), read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    create_views(con)
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection):
    con.execute("BEGIN")
    try:
        yield con
    except Exception:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
