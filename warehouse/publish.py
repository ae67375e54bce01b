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
PUBLISHING = "publishing"  # its SQL files
REVIEW_TABLES = ("reviews", "review_log")  # what a review writes (warehouse.review.record_review)
# The Parquet exports that show reviews: findings with their latest review, and the scorecard, whose
# compliant counts dismissed errors out. tests/test_publish.py holds this to what a full publish writes.
SHOWS_REVIEWS = ("findings", "agency_year_scorecard")
DIGESTED_TABLES = ("agencies", "reports", "documents", "corrections", "check_state", "report_derivations")


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
        _install(tmp, db)
    except (OSError, duckdb.IOException) as exc:
        raise _failed(db, out, exc) from exc
    return out


def publish_reviews(con: duckdb.DuckDBPyConnection, db: Path) -> Path:
    """Publish after reviews only (the workspace's accept and dismiss), through the writer's ``con``:
    the last copy, copied as a file, with its review tables replaced, and only the Parquet exports that
    show reviews written again (the others linked from the last folder). A full copy of a province's
    warehouse takes seconds; a supervisor waits for this one after every decision.

    When anything but the reviews differs between the warehouse and the last copy (a correction, an
    ingest killed before it published, no copy yet), this is a full ``publish``."""
    out, link = published_path(db), parquet_path(db)
    previous = link.resolve() if link.is_symlink() else None
    if not out.exists() or previous is None or not previous.is_dir():
        return publish(con, db)
    (name,) = con.execute("SELECT current_database()").fetchone()
    try:
        _clear_leftovers(out)
        tmp = _copy_with_reviews(con, name, out)
        if tmp is not None:
            _install(tmp, db, only=SHOWS_REVIEWS, reuse=previous)
    except (OSError, duckdb.IOException) as exc:
        raise _failed(db, out, exc) from exc
    return out if tmp is not None else publish(con, db)


def _copy_with_reviews(con: duckdb.DuckDBPyConnection, source: str, out: Path) -> Path | None:
    """The last copy ``out`` as a temporary file with the review tables of the catalog ``source``, or
    None (nothing left behind) when anything else differs between them."""
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    try:
        shutil.copyfile(out, tmp)
        con.execute(f"ATTACH {_literal(tmp)} AS {_TARGET}")
        try:
            same = _stamp(con, _TARGET) == _stamp(con, source)
            if same:
                for table in REVIEW_TABLES:
                    target, rows = f"{_TARGET}.main.{table}", f"{_identifier(source)}.main.{table}"
                    con.execute(f"DELETE FROM {target}")
                    con.execute(f"INSERT INTO {target} SELECT * FROM {rows}")
                con.execute(f"CHECKPOINT {_TARGET}")
        finally:
            con.execute(f"DETACH {_TARGET}")
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if not same:
        tmp.unlink()
        return None
    return tmp


def _install(tmp: Path, db: Path, only: tuple[str, ...] | None = None, reuse: Path | None = None) -> None:
    """Make the complete copy ``tmp`` the published one: its Parquet exports written (``only``: just
    those, the others linked from ``reuse``), the copy renamed over the last, the link switched."""
    try:
        folder = _write_parquet(tmp, parquet_path(db), only=only, reuse=reuse)
        tmp.replace(published_path(db))
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _switch(parquet_path(db), folder)


def _stamp(con: duckdb.DuckDBPyConnection, catalog: str) -> list[tuple]:
    """What tells two states of the warehouse apart, reviews aside: every table's row count (cheap in
    DuckDB, even for facts) and a digest of the rows of the small tables a load or check rewrites in place
    (a report reloaded keeps its count but not its sha256 or reader version)."""
    tables = [t for (t,) in con.execute(load_sql(PUBLISHING, "tables"), {"catalog": catalog}).fetchall()]
    stamp = []
    for table in tables:  # names from the catalog (an identifier cannot be a bound parameter)
        if table in REVIEW_TABLES:
            continue
        qualified = f"{_identifier(catalog)}.main.{_identifier(table)}"
        if table in DIGESTED_TABLES:
            stamp.append(
                (table, *con.execute(f"SELECT count(*), sum(hash(t)) FROM {qualified} AS t").fetchone())
            )
        else:
            stamp.append((table, *con.execute(f"SELECT count(*) FROM {qualified}").fetchone()))
    return stamp


def _failed(db: Path, out: Path, exc: Exception) -> PublishFailed:
    return PublishFailed(f"could not publish {db} to {out.parent}: {exc}; the warehouse is intact, "
                         f"`nianbao check --db {db}` publishes it again")  # fmt: skip


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


def _write_parquet(
    copy: Path, link: Path, only: tuple[str, ...] | None = None, reuse: Path | None = None
) -> Path:
    """Every ``parquet/*.sql`` export of the copy, in a new folder beside ``link``; with ``only``, just
    those, the others hard-linked from the folder ``reuse`` (unchanged files, no second copy on disk)."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    folder = link.with_name(f"{link.name}-{stamp}")
    folder.mkdir(parents=True)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        for name in sql_names(PARQUET):
            if only is not None and name not in only and reuse is not None:
                _link_export(reuse, folder, name)
                continue
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


def _link_export(source: Path, folder: Path, name: str) -> None:
    if (source / name).is_dir():  # partitioned by year
        shutil.copytree(source / name, folder / name, copy_function=os.link)
    else:
        os.link(source / f"{name}.parquet", folder / f"{name}.parquet")


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
