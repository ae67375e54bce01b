"""The Prefect API a run of the CLI reports to.

With ``PREFECT_API_URL`` set, that server (a team's, or one started for Dask workers). Without it,
Prefect would start a temporary server in a subprocess that outlives a killed run; instead the CLI
starts ``prefect server start`` on 127.0.0.1 itself, bound to the run's life (``PR_SET_PDEATHSIG``):
it stops when the run ends, and dies with it when the run is killed.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from nianbao.core.errors import NianbaoError
from nianbao.flows.lifeline import die_with_parent


class PrefectServerDidNotStart(NianbaoError):
    """The run's own Prefect server did not answer in time."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def prefect_api() -> Iterator[str]:
    """Yield the API URL the run's flows report to, starting a private server when none is set."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port),
               "--no-services", "--no-ui", "--analytics-off", "--log-level", "WARNING"]  # fmt: skip
    with tempfile.TemporaryFile() as log:
        # preexec_fn runs in the child before exec: the death signal it asks for survives the exec.
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        try:
            _wait_until_up(server, url, log)
            # No heartbeats: they let a server's services notice a crashed run, and this server runs
            # none and dies with the run. Their thread sleeps in whole seconds, so the end of every
            # flow waited up to a second for it to notice the run was over.
            with temporary_settings(updates={PREFECT_API_URL: url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
                os.environ["PREFECT_API_URL"] = url  # for processes the run starts
                try:
                    yield url
                finally:
                    _flush_to(url)
                    os.environ.pop("PREFECT_API_URL", None)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _flush_to(url: str) -> None:
    """Send the logs and events still queued for the server while it is up: queued for a stopped
    server, Prefect retries them for a minute or more when the process exits."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        try:
            service.drain_all(timeout=5, at_exit=False)
        except Exception:  # noqa: BLE001 (a flush that fails loses log lines, never the run)
            logging.getLogger(__name__).debug(
                "flushing %s to %s failed", service.__name__, url, exc_info=True
            )


def _wait_until_up(server: subprocess.Popen, url: str, log) -> None:
    limit = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90"))
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    log.seek(0)
    tail = log.read()[-2000:].decode("utf-8", "replace")
    raise PrefectServerDidNotStart(
        f"the run's Prefect server on {url} did not answer within {limit:g} s:\n{tail}"
    )
