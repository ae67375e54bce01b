"""The sample portal at a province's size (the scale benchmark's corpus), and the flow's loading of many
agencies: grouped into few transactions, every agency's rows loaded."""

from __future__ import annotations

import json
from collections import Counter

import pypdfium2

from nianbao.demo.generator import generate_portal
from nianbao.demo.roster import agencies
from nianbao.extract.records import FetchRecord
from nianbao.flows.ingest import IngestSummary, _Loading
from nianbao.warehouse.db import connect
from nianbao.warehouse.load import Batch, Known


def test_a_province_roster_adds_invented_counties_each_with_its_government_and_departments():
    sample = agencies()
    province = agencies(282)
    assert province[: len(sample)] == sample
    assert len(province) == len(sample) + 282 * 7 >= 2000
    assert len({a.agency_id for a in province}) == len(province)
    assert len({a.name for a in province}) == len(province)
    extra = province[len(sample) :]
    per_region = Counter(a.region for a in extra)
    assert set(per_region.values()) == {7}
    for agency in extra:
        government = f"{agency.agency_id.split('-')[0]}-gov"
        assert agency.parent_id == ("qc-gov" if agency.is_government else government)
        assert agency.name.startswith(agency.region) or "分局" in agency.name


def test_a_portal_of_one_year_publishes_that_years_reports_and_long_pdfs(tmp_path):
    generate_portal(tmp_path, extra_regions=2, years=(2024,), long_pdfs=0.5)
    truth = json.loads((tmp_path / "truth.json").read_text(encoding="utf-8"))
    years = Counter(r["year"] for r in truth["reports"])
    assert set(years) <= {2024, 2018} and years[2024] >= 40  # 2018: the legacy reports kept apart
    pdfs = [p for p in (tmp_path / "site").rglob("*") if p.is_file() and p.read_bytes()[:5] == b"%PDF-"]
    pages = [len(pypdfium2.PdfDocument(p.read_bytes())) for p in pdfs]
    long = [n for n in pages if n >= 20]
    assert long and len(long) < len(pages)  # half the text PDFs (scans are not given an appendix)


def _fetch(agency: str) -> FetchRecord:
    return FetchRecord(f"http://portal/{agency}/", agency, "listing", "2025-01-01T00:00:00+00:00", 200, None,
                       "text/html", 10, 1, "")  # fmt: skip


def test_batches_arriving_together_are_loaded_in_one_transaction_and_none_is_lost(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    summary = IngestSummary()
    loading = _Loading(con, Known({}, {}, {}), summary)
    loading.EVERY_S = 3600.0  # nothing is due before the end
    for agency in ("a", "b", "c"):
        loading.add(Batch(fetches=[_fetch(agency)]))
    assert con.execute("SELECT count(*) FROM fetches").fetchone()[0] == 0
    loading.flush()  # the end of the run
    assert sorted(r[0] for r in con.execute("SELECT agency_id FROM fetches").fetchall()) == ["a", "b", "c"]
    assert summary.seconds["load"] > 0
    loading.EVERY_S = 0.0  # due at once: each batch loads as it arrives
    loading.add(Batch(fetches=[_fetch("d")]))
    assert con.execute("SELECT count(*) FROM fetches").fetchone()[0] == 4
    con.close()
