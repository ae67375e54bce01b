"""The warehouse schema: migrations keep the tables, every view and macro has one file and one
definition, recreated after the migrations."""

from __future__ import annotations

import re

import duckdb

from nianbao.warehouse.db import connect, definitions, migrations, view_order


def test_migrations_hold_tables_and_views_have_one_file_each():
    for version, sql in migrations():
        assert not re.search(r"CREATE (OR REPLACE )?(VIEW|MACRO)", sql), f"{version} defines a view or macro"
    for folder, kind in (("views", "VIEW"), ("macros", "MACRO")):
        for name, sql in definitions(folder).items():
            defined = re.findall(rf"CREATE OR REPLACE {kind} (\w+)", sql)
            assert defined == [name], f"{folder}/{name}.sql defines {defined}"
    for name, sql in definitions("views").items():
        assert f"COMMENT ON VIEW {name} IS" in sql, f"views/{name}.sql: analysts read the comment"


def test_views_come_after_the_views_they_read():
    order = view_order(definitions("views"))
    assert order.index("parsed_sources") < order.index("parsed_reports") < order.index("primary_reports")
    assert order.index("current_corrections") < order.index("facts_effective") < order.index("t3_cells")


def test_every_connection_recreates_the_views(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert views == set(definitions("views"))
    con.execute("DROP VIEW agency_year_comparison")  # a stale or missing view, as an old warehouse has
    con.close()
    con = connect(path)
    assert con.execute("SELECT count(*) FROM agency_year_comparison").fetchone() == (0,)
    assert con.execute("SELECT fmt_num(2.0), fmt_num(2.5)").fetchone() == ("2", "2.5")
    con.close()
    assert duckdb.connect(str(path), read_only=True).execute("SELECT count(*) FROM t3_cells").fetchone() == (
        0,
    )
