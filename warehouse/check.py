"""Run the rule catalog: every ``rules/*.sql`` returns violating rows; they become ``findings``.

A rule file starts with ``-- key: value`` lines (id, severity, titles, basis, description) that fill the
``rules`` table and the user documentation; its query returns agency_id, year, report_id, metric,
expected, actual, message and cells: the cells the finding rests on, a list of
``{'report_id': …, 'metric': …}`` (last year's report's too for a cross-year rule; NULL: the finding's
own metric cell, if it names one), which ``nianbao explain`` prints with their raw text and position.
Findings are rebuilt on every check, with ids hashed from their natural keys, so a rerun gives the same
ids and reviews keep pointing at them. The tables the narrative rules read (sections found, stated
periods, claims) are derived per report when it is loaded; the check first derives the reports whose
derivation is missing or was made by other code, only those, then pairs each publication's stored
shingles with last year's (narrative_repeats; warehouse.derive).

A check whose inputs are those of the last one (every table it may read, row by row, the rules, the
code, the date and years) would write the same findings: it is skipped (``check_state``). A run that
changed nothing, or was killed after its check, does not check again; any change does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import duckdb

from nianbao.core.errors import NianbaoError
from nianbao.transform.version import source_digest
from nianbao.warehouse.db import transaction
from nianbao.warehouse.derive import PER_REPORT, catch_up, derive_repeats
from nianbao.warehouse.sql import bind, header, load_sql, sql_names

SEVERITIES = ("error", "warning", "info")
# What a check writes, and the rows derived per report from its inputs (at load, or by the check's
# catch-up, with the code the fingerprint covers); every other table is an input of it.
_OUTPUTS = ["findings", "rules", "check_state", "narrative_repeats", *PER_REPORT]
# The code findings depend on: readers and narrative (core, transform), rules, views and derivations.
_CODE = ("nianbao.core", "nianbao.transform", "nianbao.warehouse")

_WRAP = """
SELECT substr(sha256(concat_ws(chr(31), $rule_id, v.agency_id, CAST(v.year AS VARCHAR),
                               coalesce(v.report_id, ''), coalesce(v.metric, ''))), 1, 16) AS finding_id,
       $rule_id AS rule_id, $severity AS severity, v.agency_id, v.year, v.report_id, v.metric,
       CAST(v.expected AS VARCHAR), CAST(v.actual AS VARCHAR), v.message,
       r.source_url, d.archive_path, NULL AS page,  -- the cell's page: set for all rules at once (_PAGES)
       -- a rule that names no cells but a metric rests on that one cell
       CAST(coalesce(v.cells, CASE WHEN v.metric IS NOT NULL AND v.report_id IS NOT NULL
                                   THEN [{{'report_id': v.report_id, 'metric': v.metric}}] END)
            AS STRUCT(report_id VARCHAR, metric VARCHAR)[]) AS cells
FROM ({query}) v
LEFT JOIN reports r ON r.report_id = v.report_id
LEFT JOIN documents d ON d.sha256 = r.sha256
"""
# The page of each finding's cell: one pass over the facts for all rules, not one per rule.
_PAGES = """
UPDATE findings SET page = f.page
FROM facts f
WHERE f.report_id = findings.report_id AND f.metric = findings.metric AND f.page IS NOT NULL
"""


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    severity: str
    title_zh: str
    title_en: str
    basis: str
    description: str
    query: str


class InvalidRuleFile(NianbaoError, ValueError):
    """A rule .sql file lacks its header lines or names an unknown severity."""


def rule_catalog() -> list[Rule]:
    rules = []
    for name in sql_names("rules"):
        sql = load_sql("rules", name)
        meta = header(sql)
        try:
            rule = Rule(meta["id"], meta["severity"], meta["title_zh"], meta["title_en"], meta.get("basis", ""),
                        meta.get("description", ""), sql)  # fmt: skip
        except KeyError as missing:
            raise InvalidRuleFile(f"rules/{name}.sql: header line {missing} is missing") from None
        if rule.rule_id != name or rule.severity not in SEVERITIES:
            raise InvalidRuleFile(f"rules/{name}.sql: id must be {name!r}, severity one of {SEVERITIES}")
        rules.append(rule)
    return rules


def sync_rules(con: duckdb.DuckDBPyConnection, rules: list[Rule]) -> None:
    rows = [(r.rule_id, r.severity, r.title_zh, r.title_en, r.basis, r.description) for r in rules]
    con.execute("DELETE FROM rules")
    con.executemany("INSERT INTO rules VALUES (?, ?, ?, ?, ?, ?)", rows)


def default_years(con: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    """The in-scope years the warehouse holds reports for."""
    row = con.execute("SELECT min(year), max(year) FROM reports WHERE year >= 2019").fetchone()
    return None if row is None or row[0] is None else (row[0], row[1])


def run_checks(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: dt.date | None = None,
    years: tuple[int, int] | None = None,
    years_given: bool | None = None,
) -> dict[str, int]:
    """Bring the derived tables up to date and rebuild ``findings`` from every rule; returns the number
    of findings per rule id. Reviews and corrections are never touched: findings come back with the
    same ids. Skipped when nothing it reads has changed since the last check.

    ``years_given`` says the user named the years (``--years``; by default: ``years`` is passed): every
    agency is then expected to have a report for each of them. Otherwise the years are the range the
    warehouse holds, and only agencies whose 年报 column was crawled are judged missing a report; the
    others' empty years are findings of ``year_not_looked_at``."""
    as_of = as_of or dt.date.today()
    years_given = years is not None if years_given is None else years_given
    years = years or default_years(con) or (2019, as_of.year - 1)
    params = {"as_of": as_of, "first_year": years[0], "last_year": years[1], "years_given": years_given}
    rules = rule_catalog()
    counts: dict[str, int] = {}
    with transaction(con):
        fingerprint = inputs_fingerprint(con, params)
        last = con.execute("SELECT fingerprint FROM check_state").fetchone()
        if last is not None and last[0] == fingerprint:
            counts = dict(con.execute("SELECT rule_id, count(*) FROM findings GROUP BY rule_id").fetchall())
            return {rule.rule_id: counts.get(rule.rule_id, 0) for rule in rules}
        sync_rules(con, rules)
        catch_up(con)
        derive_repeats(con)
        con.execute("DELETE FROM findings")
        for rule in rules:
            query = rule.query.strip().rstrip(";")
            wrapped = _WRAP.format(query=query)
            bound = bind(wrapped, {**params, "rule_id": rule.rule_id, "severity": rule.severity})
            con.execute(f"INSERT INTO findings {wrapped}", bound)
            counts[rule.rule_id] = con.execute(
                "SELECT count(*) FROM findings WHERE rule_id = ?", [rule.rule_id]
            ).fetchone()[0]
        con.execute(_PAGES)
        con.execute("DELETE FROM check_state")
        con.execute("INSERT INTO check_state VALUES (?, now())", [fingerprint])
    return counts


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, params: dict[str, object]) -> str:
    """A digest of everything a check's findings depend on: the parameters, the code (rules, views and
    derivations are files of ``nianbao.warehouse``) and the rows of every table a check may read."""
    digest = hashlib.sha256(repr(sorted(params.items())).encode())
    digest.update(source_digest(_CODE, (".py", ".sql", ".csv")).encode())
    for (table,) in con.execute(load_sql("derive", "check_inputs"), {"outputs": _OUTPUTS}).fetchall():
        # ``table`` comes from the catalog (an identifier cannot be a bound parameter); a sum of row
        # hashes, unlike an xor, does not cancel out two equal rows
        rows, total = con.execute(
            f'SELECT count(*), sum(hash(check_input_row)) FROM "{table}" AS check_input_row'
        ).fetchone()
        digest.update(f"{table}\0{rows}\0{total}\0".encode())
    return digest.hexdigest()
