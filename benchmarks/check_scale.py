"""`nianbao check` at a province's scale: 2,000 agencies × 6 years.

    .venv/bin/python benchmarks/check_scale.py [--agencies 2000] [--base BASE.duckdb] [--keep DIR]

The sample portal (32 agencies × 6 years) is ingested once, its reports derived at load as any
ingest's are; its agencies are then copied under new ids (``_scale.replicate``) up to the agencies
asked for. Timed:

(a) the load-time derivation, per report: every report of the sample portal derived again through the
    code path the loader runs (narrative rows from the texts, indicators from the facts), scaled to
    the province;
(b) the first check of the province's warehouse;
(c) a check after one agency's report is loaded again (its text edited: derived at load, so the check
    derives none), and after one report's derivation is stamped by other code (the check derives it);
(d) a check with nothing changed (skipped);
(e) a check after a change that every rule must see but no derivation (the date: ``as_of`` + 1 day).

Target: (b) and (c) under 10 s. ``--base`` reuses an ingested sample portal (its ``base.duckdb``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import shutil
import tempfile
import time
from pathlib import Path

from _scale import base_warehouse, replicate

from nianbao.extract.document import Section
from nianbao.transform.mapped import Fact
from nianbao.transform.records import ReportRecord
from nianbao.warehouse import derive
from nianbao.warehouse.check import default_years, inputs_fingerprint, run_checks
from nianbao.warehouse.db import connect
from nianbao.warehouse.load import load_reports
from nianbao.warehouse.report_narrative import narrative_version
from nianbao.warehouse.sql import load_sql

TARGET_S = 10.0
AS_OF = dt.date(2026, 6, 30)


def _stale(con) -> int:
    """How many reports the next check derives (missing or other code's derivation)."""
    versions = {"narrative": narrative_version(), "indicators": derive.indicators_version()}
    return len(con.execute(load_sql("derive", "stale_reports"), versions).fetchall())


def _timed(run):
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def _report_as_read(con, report_id: str) -> ReportRecord:
    """The report as the loader was handed it, rebuilt from its rows."""
    fields = ("agency_id", "year", "source_url", "title", "published_on", "sha256", "media_type",
              "parse_status", "parse_message", "template", "other_shape", "stated_agency", "stated_year",
              "warnings", "unread", "page_url", "parse_traceback", "reader_version")  # fmt: skip
    row = con.execute(f"SELECT {', '.join(fields)} FROM reports WHERE report_id = ?", [report_id]).fetchall()[
        0
    ]
    report = ReportRecord(**dict(zip(fields, row, strict=True)))
    report.published_on = str(report.published_on) if report.published_on else None
    report.parse_message = report.parse_message or ""
    sections = "SELECT numeral, heading, body FROM sections WHERE report_id = ? ORDER BY ordinal"
    report.sections = [Section(n, h, b) for n, h, b in con.execute(sections, [report_id]).fetchall()]
    facts = "SELECT metric, value, raw_text, table_index, row_index, col_index, page, bbox, note FROM facts WHERE report_id = ?"
    report.facts = {
        m: Fact(m, v, raw, t, r, c, p, tuple(bbox) if bbox else None, note=note or "")
        for m, v, raw, t, r, c, p, bbox, note in con.execute(facts, [report_id]).fetchall()
    }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=2000)
    parser.add_argument("--base", type=Path, help="An ingested sample portal (base.duckdb) to start from.")
    parser.add_argument("--keep", type=Path, help="Keep the province's warehouse here.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if args.base:
            base = args.base
        else:
            seconds, base = _timed(lambda: base_warehouse(out))
            print(f"sample portal ingested in {seconds:.1f} s")
        db = args.keep / "province.duckdb" if args.keep else out / "province.duckdb"
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(base, db)
        con = connect(db)

        # (a) the derivation every load runs, for every report of the sample portal (rolled back)
        (n_base,) = con.execute("SELECT count(*) FROM reports").fetchall()[0]
        con.execute("BEGIN")
        con.execute("DELETE FROM report_derivations")
        seconds, derived = _timed(lambda: derive.catch_up(con))
        con.execute("ROLLBACK")
        assert derived["narrative"] == n_base, derived
        per_report = seconds / n_base

        (n_agencies,) = con.execute("SELECT count(*) FROM agencies").fetchall()[0]
        copies = math.ceil(args.agencies / n_agencies)
        seconds, _ = _timed(lambda: replicate(con, copies))
        con.execute("CHECKPOINT")
        agencies, agency_years, reports, sections, facts = con.execute(
            "SELECT (SELECT count(*) FROM agencies), (SELECT count(DISTINCT (agency_id, year)) FROM reports), "
            "(SELECT count(*) FROM reports), (SELECT count(*) FROM sections), (SELECT count(*) FROM facts)"
        ).fetchall()[0]
        print(f"scaled ×{copies} in {seconds:.1f} s: {agencies:,} agencies, {agency_years:,} agency-years, "
              f"{reports:,} reports, {sections:,} sections, {facts:,} facts")  # fmt: skip
        years = default_years(con)
        params = {"as_of": AS_OF, "first_year": years[0], "last_year": years[1], "years_given": False}
        fingerprint, _ = _timed(lambda: inputs_fingerprint(con, params))

        rows = [
            ("(a) derivation at load, per report", per_report, None,
             f"{per_report * 1000:.1f} ms × {reports:,} reports = {per_report * reports:.0f} s over the ingest"),
            ("    inputs fingerprint", fingerprint, None, "part of every check, (d) is little else"),
        ]  # fmt: skip

        def check(label: str, as_of: dt.date = AS_OF, target: float | None = TARGET_S) -> None:
            stale = _stale(con)
            seconds, _ = _timed(lambda: run_checks(con, as_of=as_of))
            rows.append((label, seconds, target, f"{stale:,} report(s) derived"))

        check("(b) first check")
        [(agency_id, report_id)] = con.execute(
            "SELECT agency_id, report_id FROM primary_reports WHERE agency_id LIKE '%~7' ORDER BY report_id LIMIT 1"
        ).fetchall()
        report = _report_as_read(con, report_id)
        report.sections[-1].text += "本年度无其他需要报告的事项。"
        seconds, _ = _timed(lambda: load_reports(con, [report]))
        rows.append((f"    reload of one report of {agency_id}", seconds, None, "derived in its load"))
        check("(c) check after that reload")
        con.execute(
            "UPDATE report_derivations SET narrative_with = 'other code' WHERE report_id = ?", [report_id]
        )
        con.execute("UPDATE check_state SET fingerprint = 'stale'")  # a stamp is no input: force the check
        check("(c') check, one report stamped by other code")
        check("(d) unchanged check (skipped)")
        check("(e) check, every rule (as_of + 1 day)", AS_OF + dt.timedelta(days=1))
        con.close()

    print(f"\n{'step':46} {'s':>8}  target")
    for label, seconds, target, note in rows:
        verdict = "" if target is None else f"< {target:g} s {'ok' if seconds < target else 'OVER'}"
        print(f"{label:46} {seconds:8.3f}  {verdict:14} {note}")


if __name__ == "__main__":
    main()
