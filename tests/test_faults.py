"""A rerun while the portals fail: nothing an earlier run loaded is lost, and the failures are
recorded beside it; once the portals answer again, the warehouse is as a clean run leaves it."""

from __future__ import annotations

import duckdb
import pytest

from nianbao.demo.faults import TRANSIENT, FaultInjector
from nianbao.demo.generator import generate_portal, write_roster
from nianbao.demo.server import serve
from nianbao.extract.collect.fetch import FetchSettings

pytestmark = pytest.mark.e2e
# Patient enough for a slow test machine, impatient enough that a slow answer (1.5 s) times out;
# fewer tries than the longest faults last, so some outlast the retries of the run.
FETCH = FetchSettings(timeout=0.8, max_attempts=3, backoff_s=0.01, per_host=8, delay_s=0)


def rows(db, sql: str) -> set[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return set(con.execute(sql).fetchall())
    finally:
        con.close()


FACTS = "SELECT report_id, metric, value FROM facts"
FINDINGS = "SELECT finding_id, rule_id, message FROM findings"


def test_a_run_during_an_outage_loses_nothing_and_the_next_run_recovers(tmp_path, prefect_harness):
    from nianbao.flows.ingest import ingest

    generate_portal(tmp_path, seed=2025)
    db = tmp_path / "nianbao.duckdb"
    faults = FaultInjector(share=0.3, seed=7, burst=5, slow_s=1.5, active=False)
    with serve(tmp_path / "site", faults=faults) as base_url:  # one server: the URLs stay the same
        roster = write_roster(tmp_path, base_url)
        ingest(roster, db, fetch=FETCH)
        clean_facts, clean_findings = rows(db, FACTS), rows(db, FINDINGS)
        assert len(clean_facts) > 30000

        faults.active = True
        faulty = ingest(roster, db, fetch=FETCH)
        assert faults.faulty_share >= 0.2, faults.served
        assert set(faults.served) >= {"", *TRANSIENT, "wrong_type", "redirect_loop"}
        assert faulty.errors  # the listing pages that failed are named
        assert rows(db, FACTS) >= clean_facts
        assert rows(db, FINDINGS) >= clean_findings
        kept = rows(db, "SELECT source_url, refresh_error FROM reports WHERE refresh_error IS NOT NULL")
        assert kept and all(url.split(base_url)[1] in error for url, error in kept)  # the error names the URL

        faults.end_outage()  # the transient faults pass; the lasting ones (redirect loops …) remain
        faults.answers.clear()
        recovered = ingest(roster, db, fetch=FETCH)
    # The recovery run downloads only what failed before; the rest the server confirms unchanged (304),
    # except the old CMS's download servlet, which sends no Last-Modified; unchanged bytes are not parsed
    # again either way.
    downloaded = {path for (path, code), _ in faults.answers.items() if code == 200}
    assert all(faults.kind(path) or path.endswith("/download.jsp") for path in downloaded), downloaded
    assert sum(n for (_, code), n in faults.answers.items() if code == 304) > 5 * len(downloaded)
    assert recovered.reused > 150
    assert not [e for e in recovered.errors if "gave up" in e]
    assert rows(db, FACTS) == clean_facts
    assert rows(db, FINDINGS) >= clean_findings
    # What is still not refreshed is what the portal still fails: lasting faults, not transient ones.
    for url, error in rows(
        db, "SELECT source_url, refresh_error FROM reports WHERE refresh_error IS NOT NULL"
    ):
        path = url.split(base_url)[1]
        assert faults.kind(path) not in TRANSIENT, (path, error)


def test_a_fault_of_nianbao_in_one_agency_does_not_stop_the_others(tmp_path, prefect_harness, monkeypatch):
    import nianbao.flows.ingest as flow_module

    real = flow_module.harvest_agency

    def harvest(fetcher, archive, agency_id, *args, **kwargs):
        if agency_id == "qc-gov":
            raise RuntimeError("a bug met on qc-gov's portal")
        return real(fetcher, archive, agency_id, *args, **kwargs)

    monkeypatch.setattr(flow_module, "harvest_agency", harvest)
    generate_portal(tmp_path, seed=2025)
    db = tmp_path / "nianbao.duckdb"
    with serve(tmp_path / "site") as base_url:
        summary = flow_module.ingest(write_roster(tmp_path, base_url), db, fetch=FETCH, years=(2023, 2023))
    assert any(e.startswith("qc-gov: collecting it failed (RuntimeError: a bug met") for e in summary.errors)
    agencies = rows(db, "SELECT DISTINCT agency_id FROM reports")
    assert ("qc-gov",) not in agencies and len(agencies) > 20
    assert rows(db, "SELECT count(*) FROM findings") != {(0,)}  # the checks ran


def test_a_first_run_during_an_outage_loads_every_good_report_and_names_every_bad_one(
    tmp_path, prefect_harness
):
    from nianbao.flows.ingest import ingest

    generate_portal(tmp_path, seed=2025)
    clean_db, db = tmp_path / "clean.duckdb", tmp_path / "nianbao.duckdb"
    faults = FaultInjector(share=0.3, seed=11, burst=5, slow_s=1.5, active=False)
    reports = "SELECT report_id, agency_id, parse_status FROM reports"
    with serve(tmp_path / "site", faults=faults) as base_url:
        roster = write_roster(tmp_path, base_url)
        ingest(roster, clean_db, fetch=FETCH)
        faults.active = True
        faults.answers.clear()  # what the faulty run is answered
        faulty = ingest(roster, db, fetch=FETCH)  # a fresh warehouse: nothing to fall back on
        assert faults.faulty_share >= 0.2, faults.served

        # What was loaded is what a clean run loads: a truncated or mistyped answer never becomes facts.
        loaded = rows(db, FACTS)
        assert loaded and loaded <= rows(clean_db, FACTS)
        assert len(loaded) > 0.3 * len(rows(clean_db, FACTS))
        # Every report a clean run has and this one lacks (or read otherwise) is named in the run's
        # errors under its agency, with the cause.
        lost = rows(clean_db, reports) - rows(db, reports)
        assert lost
        failed_agencies = {e.split(":", 1)[0] for e in faulty.errors}
        assert {agency for _, agency, _ in lost} <= failed_agencies, faulty.errors
        causes = ("HTTP 5", "timed out", "reset", "truncated", "redirect", "404", "gave up", "Content-Length")
        assert all(any(c.lower() in e.lower() for c in causes) for e in faulty.errors), faulty.errors

        had = {path for (path, code), _ in faults.answers.items() if code == 200}
        faults.end_outage()
        faults.answers.clear()
        recovered = ingest(roster, db, fetch=FETCH)
    # The second run downloads only what it did not have (what failed, or what a failed listing page
    # hid); now only the lasting faults keep reports out.
    downloaded = {path for (path, code), _ in faults.answers.items() if code == 200}
    again = {p for p in downloaded & had if not (faults.kind(p) or p.endswith("/download.jsp"))}
    assert not again and downloaded - had, (again, downloaded)
    still_lost = rows(clean_db, reports) - rows(db, reports)
    assert len(still_lost) < len(lost)
    assert rows(db, FACTS) <= rows(clean_db, FACTS)
    lasting = {e.split(":", 1)[0] for e in recovered.errors}
    assert {agency for _, agency, _ in still_lost} <= lasting, recovered.errors
    assert not [e for e in recovered.errors if any(kind in e for kind in ("timed out", "reset", "HTTP 503"))]
