"""Named queries for analysts and the CLI: ``queries/<name>.sql`` with ``-- params:`` / ``-- defaults:``."""

from __future__ import annotations

import duckdb
import polars as pl

from nianbao.core.errors import NianbaoError
from nianbao.warehouse.sql import bind, header, load_sql, sql_names


class UnknownQuery(NianbaoError, KeyError):
    """No ``queries/<name>.sql``; the message lists the names there are."""


def query_names() -> list[str]:
    return sql_names("queries")


def describe(name: str) -> dict[str, str]:
    return header(load_sql("queries", name))


def defaults(name: str) -> dict[str, str]:
    text = describe(name).get("defaults", "")
    pairs = (item.split("=", 1) for item in text.split(";") if "=" in item)
    return {k.strip(): v.strip() for k, v in pairs}


def run_query(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, str] | None = None
) -> pl.DataFrame:
    if name not in query_names():
        raise UnknownQuery(f"no query named {name!r}; known: {', '.join(query_names())}")
    sql = load_sql("queries", name)
    values = {**defaults(name), **(params or {})}
    return con.sql(sql, params=bind(sql, values)).pl()
