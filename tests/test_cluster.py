"""The ingest flow on a real Dask cluster (a LocalCluster of two worker processes) reporting to a real
Prefect server (``prefect server start``): the warehouse equals the single-machine run's, table by
table, and the cluster saw the agencies' tasks."""

from __future__ import annotations

import os

import pytest
from test_kill_rerun import _tables

from nianbao.demo.generator import generate_portal, write_roster
from nianbao.demo.server import serve
from nianbao.extract.collect.fetch import FetchSettings
from nianbao.flows.cluster import ClusterNeedsPrefectServer, cluster_address, on_cluster
from nianbao.flows.ingest import ingest
from nianbao.flows.prefect_api import prefect_api

pytestmark = pytest.mark.e2e
LOCAL = FetchSettings(per_host=8, delay_s=0)


def test_the_demo_on_a_dask_cluster_equals_the_single_machine_run(tmp_path):
    from distributed import Client, LocalCluster

    generate_portal(tmp_path, seed=2025)
    with serve(tmp_path / "site") as base_url, prefect_api() as api:
        roster = write_roster(tmp_path, base_url)
        assert os.environ["PREFECT_API_URL"] == api  # the workers start with it: they report there too
        with (
            LocalCluster(
                n_workers=2, threads_per_worker=2, processes=True, host="127.0.0.1", dashboard_address=None
            ) as cluster,  # fmt: skip
            Client(cluster) as client,
        ):
            on_dask = on_cluster(ingest, cluster.scheduler_address)
            summary = on_dask(roster, tmp_path / "dask" / "nianbao.duckdb", fetch=LOCAL)
            ran = client.run(lambda dask_worker: len(dask_worker.data) + dask_worker.state.executed_count)
        alone = ingest(roster, tmp_path / "alone" / "nianbao.duckdb", fetch=LOCAL)
    assert len(ran) == 2 and all(n > 0 for n in ran.values())  # both worker processes ran tasks
    assert summary.errors == alone.errors == [] and summary.facts == alone.facts > 30_000
    assert summary.findings == alone.findings
    on_dask_tables = _tables(tmp_path / "dask" / "nianbao.duckdb")
    assert on_dask_tables == _tables(tmp_path / "alone" / "nianbao.duckdb")


def test_a_cluster_without_a_prefect_server_is_refused(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("NIANBAO_CLUSTER", "tcp://127.0.0.1:8786")
    assert cluster_address() == "tcp://127.0.0.1:8786" and cluster_address("tcp://h:1") == "tcp://h:1"
    with pytest.raises(ClusterNeedsPrefectServer, match="PREFECT_API_URL"):
        on_cluster(ingest, cluster_address())
    assert on_cluster(ingest, None) is ingest
