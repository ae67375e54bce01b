"""Serve the sample portal on 127.0.0.1 for the quick start and the end-to-end tests.

A real ``ThreadingHTTPServer`` on a free port, in a daemon thread. ``.html`` goes out as ``text/html``
with no charset, as many real CMSs do, so the fetcher has to read ``<meta charset>``. An old CMS's
``/AGENCY/download.jsp?file=NAME&id=ID`` answers the file stored at ``/AGENCY/download/ID/NAME`` as
``application/octet-stream`` with a ``Content-Disposition`` header, as such servlets do (the type must
be told from the bytes). ``flaky`` paths
answer 503 to their first N requests, to exercise the fetcher's retries; the fault mode
(``demo.faults``) makes a share of all paths misbehave as failing portals do. The server stops when the
``with`` block ends, or by itself after ``lifetime_s`` so a forgotten demo never lingers.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .faults import FaultInjector
from .forms import download_path


class _FlakyCounter:
    """Counts requests per path; says whether this one should fail."""

    def __init__(self, flaky: dict[str, int]) -> None:
        self._left = dict(flaky)
        self._lock = threading.Lock()

    def should_fail(self, path: str) -> bool:
        with self._lock:
            left = self._left.get(path, 0)
            if left <= 0:
                return False
            self._left[path] = left - 1
            return True


class _PortalHandler(SimpleHTTPRequestHandler):
    flaky: _FlakyCounter
    faults: FaultInjector | None

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        path = unquote(urlsplit(self.path).path)
        if self.flaky.should_fail(path):
            self.send_error(503, "Service Unavailable")
            return
        fault = self.faults.next_fault(path) if self.faults else None
        if fault and self._misbehave(fault):
            return
        if urlsplit(self.path).path.endswith("/download.jsp"):
            self._download()
            return
        super().do_GET()

    def send_response(self, code: int, message: str | None = None) -> None:
        if self.faults is not None:
            self.faults.answered(unquote(urlsplit(self.path).path), code)
        super().send_response(code, message)

    def _misbehave(self, fault: str) -> bool:
        """Answer as a failing portal does; False when the answer goes on normally (wrong_type)."""
        if fault == "unavailable":
            self.send_error(503, "Service Unavailable")
        elif fault == "slow":
            time.sleep(self.faults.slow_s)  # the client has given up by now
            self.close_connection = True
        elif fault == "reset":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif fault == "truncated":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<html><body>" + b"x" * 500)
            self.close_connection = True
        elif fault == "redirect_loop":
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif fault == "missing":
            self.send_error(404, "File not found")
        else:  # wrong_type: the right bytes under a wrong Content-Type
            self._wrong_type = True
            return False
        return True

    def _download(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        name, ident = query.get("file", [""])[0], query.get("id", [""])[0]
        agency = parts.path.removesuffix("/download.jsp").strip("/")
        if not (name and ident.isdigit() and "/" not in name and ".." not in name and "/" not in agency):
            self.send_error(404, "File not found")
            return
        stored = Path(self.directory) / download_path(agency, name, ident).lstrip("/")
        if not stored.is_file():
            self.send_error(404, "File not found")
            return
        data = stored.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Disposition", f'attachment; filename="{name}"')
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def guess_type(self, path: str | Path) -> str:
        if getattr(self, "_wrong_type", False):
            return "application/vnd.ms-excel" if str(path).endswith((".html", ".htm")) else "text/html"
        if str(path).endswith((".html", ".htm")):
            return "text/html"  # deliberately no charset
        return super().guess_type(path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (signature of the base class)
        pass  # quiet: tests and the demo print their own summaries


@contextmanager
def serve(
    site_dir: Path,
    *,
    flaky: dict[str, int] | None = None,
    faults: FaultInjector | None = None,
    lifetime_s: float = 900,
) -> Iterator[str]:
    """Serve ``site_dir``; yield the base URL ``http://127.0.0.1:PORT``.

    ``flaky`` maps a root-relative path to N: its first N GET requests answer 503. ``faults`` turns
    on the fault mode (``demo.faults``).
    """
    attributes = {"flaky": _FlakyCounter(flaky or {}), "faults": faults}
    handler = type("PortalHandler", (_PortalHandler,), attributes)
    server = _PortalServer(("127.0.0.1", 0), partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    stop = _Stopper(server, thread)
    timer = threading.Timer(lifetime_s, stop)
    timer.daemon = True
    timer.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        timer.cancel()
        stop()


class _PortalServer(ThreadingHTTPServer):
    # A listen backlog of a real server's size: with the default of 5, connections queued while the
    # accepting thread waits for the interpreter lock (a busy test machine) are dropped, and the
    # crawler sees connect timeouts that no portal caused.
    request_queue_size = 128
    daemon_threads = True


class _Stopper:
    """Stops the server once, from the ``with`` exit or the lifetime timer, whichever comes first.

    Closing the socket too matters: a shut-down server whose socket still listens would accept
    connections into its backlog and leave clients hanging instead of refusing them.
    """

    def __init__(self, server: ThreadingHTTPServer, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread
        self._lock = threading.Lock()
        self._stopped = False

    def __call__(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
