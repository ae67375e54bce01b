"""The `nianbao` command line.

Commands that touch one document or only read the warehouse (parse, query, export) import neither
Prefect nor the crawler, so they answer in about a second; ingest and demo start the Prefect flow.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from typer.core import TyperGroup

from nianbao.core.errors import NianbaoError


class _Commands(TyperGroup):
    """Every command's one boundary: a ``NianbaoError`` (a condition of the input or setup, whose
    message says what and where) is printed and exits 2. Anything else is a fault and shows its
    traceback."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except NianbaoError as exc:
            console.print(f"[red]error:[/] {exc.args[0] if exc.args else exc}")
            raise typer.Exit(2) from None


app = typer.Typer(
    cls=_Commands,
    name="nianbao",
    help="Collect, parse, check and compare 政府信息公开工作年度报告 (government-information-disclosure annual reports).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True)
DEFAULT_DB = Path(os.environ.get("NIANBAO_DB", "nianbao.duckdb"))

DbOption = Annotated[Path, typer.Option("--db", help="DuckDB warehouse file (env NIANBAO_DB).")]
YearsOption = Annotated[str | None, typer.Option("--years", help="Report years to collect, e.g. 2019-2024.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Date the deadlines are judged at (YYYY-MM-DD; default today).")
]


def parse_years(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    try:
        first, _, last = text.partition("-")
        years = (int(first), int(last or first))
    except ValueError:
        raise typer.BadParameter(f"--years {text!r}: expected YEAR or FIRST-LAST, e.g. 2019-2024") from None
    if years[0] > years[1]:
        raise typer.BadParameter(f"--years {text!r}: the first year is after the last")
    return years


def parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"--as-of {text!r}: expected a date as YYYY-MM-DD") from None


def _prefect_defaults() -> None:
    """Quiet, offline-friendly defaults for the embedded Prefect (no server needed)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def _run_ingest(roster: Path, db: Path, years, archive: Path | None, as_of, files: Path | None = None,
                limits=None, fetch=None, cluster: str | None = None):  # fmt: skip
    _prefect_defaults()
    from nianbao.flows.cluster import on_cluster
    from nianbao.flows.ingest import ingest
    from nianbao.flows.prefect_api import prefect_api
    from nianbao.flows.progress import stage_progress

    flow = on_cluster(ingest, cluster)  # before any server starts: a cluster needs PREFECT_API_URL
    with prefect_api(), stage_progress(console) as tick:
        return flow(roster, db, years=years, archive_dir=archive, as_of=as_of, files=files, progress=tick,
                    limits=limits, fetch=fetch)  # fmt: skip


@app.command()
def ingest(
    roster: Annotated[Path, typer.Option("--roster", exists=True, dir_okay=False, help="Roster CSV.")],
    db: DbOption = DEFAULT_DB,
    years: YearsOption = None,
    archive: Annotated[
        Path | None, typer.Option("--archive", help="Raw-file archive (default beside the db).")
    ] = None,
    as_of: AsOfOption = None,
    files: Annotated[
        Path | None,
        typer.Option(
            "--files", exists=True, dir_okay=False, help="Manifest CSV of reports received as files."
        ),
    ] = None,
    parse_timeout: Annotated[
        float,
        typer.Option("--parse-timeout", help="Seconds one document may take to parse (status timeout)."),
    ] = 120.0,
    parse_memory: Annotated[
        int, typer.Option("--parse-memory", help="MiB of memory one document may take (status too_large).")
    ] = 2048,
    workers: Annotated[int, typer.Option("--workers", help="Parsing processes (default: one per core).")] = 0,
    per_host: Annotated[int, typer.Option("--per-host", help="Requests in flight per portal host.")] = 2,
    delay: Annotated[
        float, typer.Option("--delay", help="Seconds between the starts of two requests to one host.")
    ] = 0.5,
    contact: Annotated[
        str, typer.Option("--contact", help="E-mail or URL for portal operators, sent in the User-Agent.")
    ] = "",
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="Dask scheduler (tcp://HOST:PORT) to fetch and parse on; "
            "default $NIANBAO_CLUSTER, else this machine. Needs PREFECT_API_URL.",
        ),
    ] = None,
) -> None:
    """Crawl every roster agency's 年报 column (and take the files of a manifest), parse the reports,
    load the warehouse and run the checks."""
    from nianbao.extract.collect.fetch import FetchSettings
    from nianbao.flows.summary import print_summary
    from nianbao.flows.workers import ParseLimits

    limits = ParseLimits(parse_timeout, parse_memory * 1024**2, *([workers] if workers else []))
    fetch = FetchSettings(per_host=per_host, delay_s=delay, contact=contact)
    from nianbao.flows.cluster import cluster_address

    summary = _run_ingest(roster, db, parse_years(years), archive, parse_date(as_of), files, limits, fetch,
                          cluster_address(cluster))  # fmt: skip
    print_summary(summary, db)


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Where the sample portal and warehouse go.")] = Path(
        "demo-output"
    ),
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sample portal.")] = 2025,
) -> None:
    """Generate the sample portal, serve it on 127.0.0.1, ingest it and print the summary."""
    from nianbao.demo.generator import generate_portal, write_roster
    from nianbao.demo.server import serve
    from nianbao.extract.collect.fetch import FetchSettings
    from nianbao.flows.summary import print_summary

    console.print(f"[bold]nianbao demo[/]: generating the sample portal in {out}/ (seed {seed})")
    generate_portal(out, seed=seed)
    flaky = json.loads((out / "truth.json").read_text(encoding="utf-8")).get("flaky")  # shows retries at work
    db = out / "nianbao.duckdb"
    db.unlink(missing_ok=True)  # the portal's port changes every run, and with it every report URL
    with serve(out / "site", flaky=flaky) as base_url:
        roster = write_roster(out, base_url)
        console.print(f"serving it at {base_url}; roster {roster}")
        # Our own server on this machine: no need to wait between requests as on a shared portal.
        summary = _run_ingest(roster, db, None, None, None, fetch=FetchSettings(per_host=8, delay_s=0))
    print_summary(summary, db)
    console.print(
        "\nOpen the supervisor's workspace (overview, findings with their evidence, review, compare):"
    )
    console.print(
        f"  {_own_command()} serve --db {shlex.quote(str(db))}", markup=False, highlight=False, soft_wrap=True
    )


def _own_command() -> str:
    """This program as the user can type it again: ``nianbao`` when that is on PATH, else the path it was
    run by (``make demo`` runs .venv/bin/nianbao), else the interpreter with ``-m``."""
    invoked = Path(sys.argv[0])
    if invoked.name != "nianbao":  # python -m nianbao.flows.cli, or a test runner
        return f"{shlex.quote(sys.executable)} -m nianbao.flows.cli"
    on_path = shutil.which("nianbao")
    if on_path and Path(on_path).resolve() == invoked.resolve():
        return "nianbao"
    return shlex.quote(str(invoked))


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A saved report (HTML page, …).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the DESIGN.md JSON.")] = False,
) -> None:
    """Parse one local document and print its facts. A bad document still prints its status (exit 0)."""
    from nianbao.transform.build import parse_and_map

    _, mapped = parse_and_map(file.read_bytes(), str(file))
    if as_json:
        sys.stdout.write(json.dumps(mapped.to_json_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    from nianbao.flows.summary import print_parsed

    print_parsed(mapped, file)


@app.command()
def check(db: DbOption = DEFAULT_DB, years: YearsOption = None, as_of: AsOfOption = None) -> None:
    """Apply the decisions inbox, rerun every rule over the warehouse (findings are rebuilt; reviews are
    kept) and publish the read-only copy."""
    from nianbao.warehouse.check import run_checks
    from nianbao.warehouse.db import connect
    from nianbao.warehouse.inbox import apply_pending
    from nianbao.warehouse.publish import publish

    con = connect(db)
    try:
        applied = apply_pending(con, db)  # decisions made in the web app while the warehouse was busy
        counts = run_checks(con, as_of=parse_date(as_of), years=parse_years(years))
        published = publish(con, db)
    finally:
        con.close()
    if applied:
        console.print(f"applied {applied} decision(s) from the inbox")
    for rule_id, n in counts.items():
        console.print(f"{rule_id:24} {n}")
    console.print(f"published {published}")


LiveOption = Annotated[
    bool,
    typer.Option(
        "--live", help="Read the warehouse itself, not the copy the last ingest or check published."
    ),
]


def _readable(db: Path, live: bool) -> Path:
    """The published copy of ``db``, unless --live or none is published: a reader of the pipeline's
    own file would stop the next ingest from opening it."""
    from nianbao.warehouse.publish import published_path

    published = published_path(db)
    if live or not published.exists():
        return db
    when = dt.datetime.fromtimestamp(published.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    console.print(f"[dim]reading the copy published {when}: {published} (--live: the warehouse itself)[/]")
    return published


@app.command()
def query(
    name: Annotated[str | None, typer.Argument(help="Query name; omit to list them.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="k=v, repeatable.")] = None,
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json")] = "table",
    live: LiveOption = False,
) -> None:
    """Run a named query against the published copy of the warehouse (--live: the warehouse; read-only)."""
    from nianbao.warehouse.queries import describe, query_names, run_query

    if name is None:
        for n in query_names():
            meta = describe(n)
            params = ", ".join(p for p in [meta.get("params", ""), meta.get("defaults", "")] if p)
            console.print(
                f"[bold]{n}[/]  {meta.get('description', '')}" + (f"  [dim]({params})[/]" if params else "")
            )
        return
    values = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"--param {item!r}: expected key=value")
        values[key.strip()] = value
    from nianbao.warehouse.db import connect

    con = connect(_readable(db, live), read_only=True)
    frame = run_query(con, name, values)
    con.close()
    from nianbao.flows.summary import print_frame

    print_frame(frame, fmt)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv | parquet")] = "csv",
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("export"),
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write facts, findings and reports for other tools (CSV: UTF-8 with header)."""
    from nianbao.warehouse.db import connect
    from nianbao.warehouse.export import export as write_export

    con = connect(db, read_only=True)
    paths = write_export(con, fmt, out)
    con.close()
    for path in paths:
        console.print(str(path))


@app.command()
def snapshot(
    out: Annotated[Path, typer.Option("--out", help="Snapshot file to write.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Copy the warehouse to a snapshot file that analysts open read-only while the pipeline writes."""
    from nianbao.warehouse.publish import snapshot as write_snapshot

    console.print(str(write_snapshot(db, out)))


def _existing(db: Path) -> Path:
    """A decision goes into a warehouse that exists: a mistyped --db must not create an empty one."""
    from nianbao.warehouse.db import WarehouseNotFound

    if not db.exists():
        raise WarehouseNotFound(f"no warehouse at {db}: run `nianbao ingest` or `nianbao demo` first")
    return db


ByOption = Annotated[str | None, typer.Option("--by", help="Who decides (kept in the history).")]
ReasonOption = Annotated[
    str, typer.Option("--reason", help="Why, in a sentence the next reviewer understands.")
]


@app.command()
def review(
    finding_id: Annotated[str, typer.Argument(help="Finding id (nianbao query findings).")],
    status: Annotated[str, typer.Option("--status", help="accepted (a real problem) | dismissed (not one)")],
    reason: ReasonOption,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
) -> None:
    """Record a decision on a finding; a later review replaces it (history in review_log). Kept across checks."""
    from nianbao.warehouse.db import connect
    from nianbao.warehouse.inbox import apply_pending
    from nianbao.warehouse.review import record_review

    con = connect(_existing(db))
    try:
        apply_pending(con, db)  # decisions submitted earlier (the web app) come first: order holds
        decision = record_review(con, finding_id, status, reason, by=by)
    finally:
        con.close()
    console.print(f"reviewed {decision.summary}; `nianbao check --db {db}` publishes it for query and report")


@app.command()
def explain(
    finding_id: Annotated[str, typer.Argument(help="Finding id (nianbao query findings).")],
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the finding and its cells as JSON.")] = False,
) -> None:
    """Show why a finding was made: the finding and every cell it rests on, with its raw text and position
    (read-only)."""
    from nianbao.extract.collect.archive import default_archive
    from nianbao.warehouse.db import connect
    from nianbao.warehouse.explain import explain_finding

    con = connect(db, read_only=True)
    try:
        explanation = explain_finding(con, finding_id)
    finally:
        con.close()
    if as_json:
        text = json.dumps(explanation.to_json_dict(), ensure_ascii=False, indent=1, default=str)
        sys.stdout.write(text + "\n")
        return
    from nianbao.flows.summary import print_explanation

    print_explanation(explanation, default_archive(db))


@app.command()
def correct(
    report_id: Annotated[str, typer.Argument(help="Report id (reports.csv of nianbao export).")],
    metric: Annotated[str, typer.Argument(help="Metric code, e.g. t3.granted.total.")],
    value: Annotated[str | None, typer.Argument(help="The true value; 'blank' for an empty cell.")] = None,
    reason: ReasonOption = "",
    revert: Annotated[bool, typer.Option("--revert", help="Back to the value as read.")] = False,
    db: DbOption = DEFAULT_DB,
    by: ByOption = None,
) -> None:
    """Correct a misread cell. The fact stays as read; the rules use the correction from the next check."""
    from nianbao.warehouse.db import connect
    from nianbao.warehouse.inbox import apply_pending
    from nianbao.warehouse.review import (
        InvalidDecision,
        parse_value,
        record_correction,
    )

    con = connect(_existing(db))
    try:
        if value is None and not revert:
            raise InvalidDecision("give the true VALUE (or 'blank'), or --revert")
        number = None if revert else parse_value(value)
        apply_pending(con, db)  # decisions submitted earlier (the web app) come first: order holds
        decision = record_correction(con, report_id, metric, number, reason, revert=revert, by=by)
    finally:
        con.close()
    console.print(f"corrected {decision.summary}; run `nianbao check --db {db}` to update the findings")


@app.command()
def report(
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("scorecard"),
    archive: Annotated[
        Path | None, typer.Option("--archive", help="Raw-file archive, for links (default beside the db).")
    ] = None,
    year: Annotated[str, typer.Option("--year", help="Only this report year.")] = "",
    region: Annotated[str, typer.Option("--region", help="Only this region.")] = "",
    live: LiveOption = False,
) -> None:
    """Write scorecard.xlsx and scorecard.html from the published copy of the warehouse (--live: the
    warehouse; read-only)."""
    from nianbao.extract.collect.archive import default_archive
    from nianbao.warehouse.db import connect
    from nianbao.web.scorecard_page import write_scorecard

    con = connect(_readable(db, live), read_only=True)
    archive_root = archive or default_archive(db)
    try:
        paths = write_scorecard(con, out, archive_root=archive_root.resolve() if archive_root.exists() else None,
                                params={"year": year, "region": region})  # fmt: skip
    finally:
        con.close()
    for path in paths:
        console.print(str(path))


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    archive: Annotated[
        Path | None,
        typer.Option("--archive", help="Raw-file archive, for the evidence (default beside the db)."),
    ] = None,
) -> None:
    """Open the supervisor's workspace in the browser: overview, agencies, findings with their evidence,
    review and correction (through the decisions inbox), compare. Reads the published copy."""
    import uvicorn

    from nianbao.warehouse.db import WarehouseNotFound
    from nianbao.warehouse.publish import published_path
    from nianbao.web.app import create_app

    if not db.exists() and not published_path(db).exists():
        raise WarehouseNotFound(f"no warehouse at {db}: run `nianbao ingest` or `nianbao demo` first")
    console.print(f"nianbao workspace on http://{host}:{port}/ (Ctrl-C stops it)")
    uvicorn.run(create_app(db, archive=archive), host=host, port=port, log_level="warning")


@app.command()
def rules(markdown: Annotated[bool, typer.Option("--markdown", help="Print docs/RULES.md.")] = False) -> None:
    """Print the rule catalog (id, severity, titles; --markdown: the full catalog as docs/RULES.md)."""
    from nianbao.warehouse.rules_doc import rules_markdown, rules_text

    sys.stdout.write(rules_markdown() if markdown else rules_text())


def main() -> None:
    app()


if __name__ == "__main__":
    main()
