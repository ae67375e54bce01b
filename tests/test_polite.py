"""The crawl is polite: robots.txt, a few requests at a time per host and spaced out, the roster's
hosts only (redirects included), answers capped in size, and a User-Agent that says who we are."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from nianbao.extract.collect.fetch import Fetcher, FetchSettings


class _Portal(BaseHTTPRequestHandler):
    robots_status = 200  # what robots.txt answers
    starts: list[float]
    in_flight = 0
    most_in_flight = 0
    agents: list[str]
    lock = threading.Lock()

    def do_GET(self) -> None:  # noqa: N802
        cls = type(self)
        with cls.lock:
            cls.starts.append(time.monotonic())
            cls.agents.append(self.headers.get("User-Agent", ""))
            cls.in_flight += 1
            cls.most_in_flight = max(cls.most_in_flight, cls.in_flight)
        try:
            path = urlsplit(self.path).path
            if path == "/robots.txt" and cls.robots_status != 200:
                self._answer(b"", "text/plain", cls.robots_status)
            elif path == "/robots.txt":
                self._answer(b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/jump":
                self.send_response(302)
                self.send_header("Location", f"http://localhost:{self.server.server_address[1]}/public/a")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/big":
                self._answer(b"x" * 5000, "text/plain")
            else:
                time.sleep(0.15)
                self._answer(b"<html>ok</html>", "text/html")
        finally:
            with cls.lock:
                cls.in_flight -= 1

    def _answer(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def portal(robots_status: int = 200) -> Iterator[tuple[str, type[_Portal]]]:
    handler = type(
        "Portal",
        (_Portal,),
        {"starts": [], "agents": [], "in_flight": 0, "most_in_flight": 0, "robots_status": robots_status},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


def _settings(base: str, **options) -> FetchSettings:
    return FetchSettings(
        timeout=5, max_attempts=1, allowed_hosts=frozenset({urlsplit(base).netloc}), **options
    )


def _fetch_all(settings: FetchSettings, urls: list[str]):
    def one(url):
        with Fetcher.of(settings) as fetcher:  # a fetcher per task, as the flow has: one gate for all
            return fetcher.fetch(url)

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(one, urls))


def test_robots_txt_is_honoured_and_the_user_agent_names_a_contact():
    with portal() as (base, handler):
        settings = _settings(base, per_host=2, delay_s=0, contact="gongkai@example.gov.cn")
        private, public = _fetch_all(settings, [f"{base}/private/nb.html", f"{base}/public/nb.html"])
    assert not private.ok and f"disallowed by robots.txt of {urlsplit(base).netloc}" in private.error
    assert public.ok and public.attempts == 1
    assert all("nianbao/" in agent and "gongkai@example.gov.cn" in agent for agent in handler.agents)


def test_a_robots_txt_that_cannot_be_read_forbids_the_host_and_one_that_does_not_exist_forbids_nothing():
    # RFC 9309: 5xx (after the run's tries) means "disallow everything for now"; 4xx means "no rules".
    with portal(robots_status=503) as (base, handler):
        settings = _settings(base, per_host=2, delay_s=0)
        (refused,) = _fetch_all(settings, [f"{base}/public/nb.html"])
    assert not refused.ok and refused.transient  # the next run asks again
    assert f"robots.txt of {urlsplit(base).netloc} could not be read (HTTP 503)" in refused.error
    assert len(handler.starts) == settings.max_attempts  # robots.txt asked; the page never was
    with portal(robots_status=404) as (base, handler):
        private, public = _fetch_all(_settings(base, delay_s=0), [f"{base}/private/a", f"{base}/public/a"])
    assert private.ok and public.ok


def test_at_most_per_host_requests_in_flight():
    with portal() as (base, handler):
        results = _fetch_all(
            _settings(base, per_host=2, delay_s=0, robots=False), [f"{base}/p/{i}" for i in range(8)]
        )
    assert all(r.ok for r in results)
    assert handler.most_in_flight == 2  # the gate lets two through at once, never more


def test_request_starts_to_one_host_are_spaced():
    with portal() as (base, handler):
        _fetch_all(
            _settings(base, per_host=4, delay_s=0.3, robots=False), [f"{base}/p/{i}" for i in range(5)]
        )
    gaps = [b - a for a, b in zip(handler.starts, handler.starts[1:], strict=False)]
    assert len(gaps) == 4 and min(gaps) >= 0.28, gaps


def test_other_hosts_and_oversized_answers_are_refused():
    with portal() as (base, _):
        settings = _settings(base, per_host=2, delay_s=0, robots=False, max_bytes=1000)
        jump, elsewhere, big = _fetch_all(
            settings, [f"{base}/jump", "http://10.0.0.1/nb.html", f"{base}/big"]
        )
    assert not jump.ok and "is not one of the roster's portals" in jump.error  # the redirect's host
    assert not elsewhere.ok and "host 10.0.0.1 is not one of the roster's portals" in elsewhere.error
    assert not big.ok and "larger than the cap of" in big.error and not big.transient
