"""Run the ingest flow's tasks (fetch and parse, one agency each) on a Dask cluster.

Selected by ``nianbao ingest --cluster tcp://HOST:PORT`` or ``NIANBAO_CLUSTER``; without either, tasks
run on the flow's own thread pool and parse in its worker processes (``flows.workers``). On a cluster
each Dask worker process fetches and parses its agencies itself (the cluster's processes are the
parallelism; Dask's nanny enforces the worker's memory limit), and the warehouse stays one writer: the
flow, which loads each agency's result as it arrives. The archive directory must be one the workers
share with the flow (same machine, or a shared file system), and every process reports to one real
Prefect server (``PREFECT_API_URL``), where the runs can be watched in its UI.
"""

from __future__ import annotations

import os

from prefect import Flow

from nianbao.core.errors import NianbaoError

CLUSTER_ENV = "NIANBAO_CLUSTER"


class ClusterNeedsPrefectServer(NianbaoError):
    """Dask workers report their task runs to a Prefect server: a private one started for this run
    only would not be reachable from them."""


def cluster_address(option: str | None = None) -> str | None:
    """The Dask scheduler to run on: the option, else ``NIANBAO_CLUSTER``, else None (this machine)."""
    return option or os.environ.get(CLUSTER_ENV) or None


def on_cluster(flow: Flow, address: str | None) -> Flow:
    """``flow`` with its tasks submitted to the Dask scheduler at ``address`` (unchanged for None)."""
    if not address:
        return flow
    if not os.environ.get("PREFECT_API_URL"):
        raise ClusterNeedsPrefectServer(
            f"--cluster {address}: set PREFECT_API_URL to a Prefect server the Dask workers also "
            "report to (start one with `prefect server start`; see README, Running on a cluster)"
        )
    from prefect_dask import DaskTaskRunner

    return flow.with_options(task_runner=DaskTaskRunner(address=address))
