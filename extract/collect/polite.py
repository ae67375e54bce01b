"""A polite crawl of shared, slow government portals.

Per host: robots.txt is honoured (protego; its Crawl-delay too, when longer than ours), read as RFC 9309
says: a robots.txt that does not exist (4xx, redirects past five) forbids nothing, one that cannot be read
(5xx, no answer, after a few tries) forbids everything until it can be read again. At most
``per_host`` requests are in flight, and request starts are at least ``delay_s`` apart. Only the hosts
of the roster's portals are fetched from, redirects included: a redirect into another host (a private
address, a login service) is refused. One ``Politeness`` serves every fetcher of a run in a process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlsplit

import httpx
from protego import Protego

from nianbao.core.errors import NianbaoError
from nianbao.extract.collect.settings import FetchSettings


class RefusedByRobots(NianbaoError):
    """robots.txt of the host disallows the URL for our User-Agent."""


class RobotsUnreachable(NianbaoError):
    """robots.txt of the host could not be read (5xx or no answer): the host is not crawled for now."""


class HostNotInRoster(NianbaoError):
    """A URL (or a redirect) on a host that is not one of the roster's portals."""


@dataclass
class _Host:
    slots: threading.BoundedSemaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0  # monotonic time before which no request may start
    robots: Protego | None = None
    robots_unreachable: str = ""  # why robots.txt could not be read: nothing is fetched from the host
    robots_read_at: float = 0.0  # monotonic time of the last reading; 0: not read yet
    robots_lock: threading.Lock = field(default_factory=threading.Lock)  # held while robots.txt is read


# A host whose robots.txt could not be read is asked again after this many seconds.
_ROBOTS_RECHECK_S = 60.0


class Politeness:
    _shared: ClassVar[dict[FetchSettings, Politeness]] = {}
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, settings: FetchSettings) -> None:
        self.settings = settings
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()

    @classmethod
    def of(cls, settings: FetchSettings) -> Politeness:
        """The one gate of these settings in this process, shared by every fetcher of a run."""
        with cls._shared_lock:
            if settings not in cls._shared:
                cls._shared[settings] = cls(settings)
            return cls._shared[settings]

    def _host(self, netloc: str) -> _Host:
        with self._lock:
            if netloc not in self._hosts:
                self._hosts[netloc] = _Host(threading.BoundedSemaphore(self.settings.per_host))
            return self._hosts[netloc]

    def check_host(self, url: str) -> None:
        netloc = urlsplit(url).netloc
        if self.settings.allowed_hosts is not None and netloc not in self.settings.allowed_hosts:
            raise HostNotInRoster(f"{url}: host {netloc} is not one of the roster's portals; not fetched")

    @contextmanager
    def slot(self, url: str, client: httpx.Client) -> Iterator[None]:
        """Wait for a turn on the URL's host (robots.txt first), hold it while the request runs."""
        self.check_host(url)
        parts = urlsplit(url)
        host = self._host(parts.netloc)
        if self.settings.robots:
            self._robots(host, f"{parts.scheme}://{parts.netloc}", client)
            if host.robots_unreachable:
                raise RobotsUnreachable(
                    f"{url}: {host.robots_unreachable}; nothing is fetched from the host until it can be read"
                )
            if host.robots is not None and not host.robots.can_fetch(url, self.settings.user_agent):
                raise RefusedByRobots(f"{url}: disallowed by robots.txt of {parts.netloc}; not fetched")
        with host.slots:
            with host.lock:
                delay = max(
                    self.settings.delay_s,
                    (host.robots.crawl_delay(self.settings.user_agent) or 0) if host.robots else 0,
                )
                wait = host.next_start - time.monotonic()
                host.next_start = max(host.next_start, time.monotonic()) + delay
            if wait > 0:
                time.sleep(wait)
            yield

    def _robots(self, host: _Host, origin: str, client: httpx.Client) -> None:
        """Read the host's robots.txt once (again after a while when it could not be read); requests to
        the host wait until it is read."""
        with host.robots_lock:
            stale = host.robots_unreachable and time.monotonic() - host.robots_read_at > _ROBOTS_RECHECK_S
            if host.robots_read_at and not stale:
                return
            answer = self._read_robots(origin, client)
            host.robots, host.robots_unreachable = None, ""
            if isinstance(answer, str):
                host.robots_unreachable = answer
            elif answer.status_code == 200 and "html" not in answer.headers.get("content-type", ""):
                host.robots = Protego.parse(answer.text)
            # any other answer (4xx, an HTML error page, a redirect loop) says there are no rules
            host.robots_read_at = time.monotonic()

    def _read_robots(self, origin: str, client: httpx.Client) -> httpx.Response | str:
        """robots.txt's answer, or why it could not be had after the run's tries (5xx, no answer)."""
        url, why = f"{origin}/robots.txt", ""
        for attempt in range(self.settings.max_attempts):
            if attempt:
                time.sleep(min(8.0, self.settings.backoff_s * 2 ** (attempt - 1)))
            try:
                response = client.get(url, follow_redirects=True)
            except httpx.TooManyRedirects:
                return httpx.Response(404)  # RFC 9309: past five redirects, as if there were none
            except httpx.HTTPError as exc:
                why = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code < 500:
                return response
            why = f"HTTP {response.status_code}"
        return f"robots.txt of {urlsplit(origin).netloc} could not be read ({why})"
