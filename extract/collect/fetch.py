"""HTTP fetching with retries for transient failures only.

Timeouts, connection errors, 429 and 5xx are retried with backoff; other 4xx are final at once.
A fetch never raises for a bad URL or server: the outcome (status, bytes or error) is returned so
the caller records it and goes on with the next agency.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache

import certifi
import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from nianbao.core.errors import NianbaoError
from nianbao.extract.collect.archive import Archive, sha256_of
from nianbao.extract.collect.polite import HostNotInRoster, Politeness, RefusedByRobots, RobotsUnreachable
from nianbao.extract.collect.settings import FetchSettings


@cache
def _tls() -> ssl.SSLContext:
    """The certificate store, loaded once per process: loading it (about 30 ms, holding the interpreter
    lock) for each agency's client cost an unchanged rerun a second. A context is safe to share."""
    return ssl.create_default_context(cafile=certifi.where())


_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.I)


class FetchError(NianbaoError):
    """A URL that gave no document; ``status_code`` is the server's answer, if there was one."""

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class TransientFetchError(FetchError):
    """A timeout, a dropped connection, a 429 or a 5xx: worth another try, now or in a later run."""


class TerminalFetchError(FetchError):
    """A 4xx answer or a URL that cannot be fetched at all: another try gives the same answer."""


@dataclass(slots=True)
class FetchResult:
    url: str  # the URL asked for
    final_url: str = ""  # after redirects
    status_code: int | None = None
    content: bytes = b""
    content_type: str = ""
    attempts: int = 0
    error: str = ""
    sha256: str | None = None
    history: list[str] = field(default_factory=list)
    transient: bool = False  # the failure may pass (timeouts, 429, 5xx): a later run may get it
    not_modified: bool = False  # the server confirmed the archived bytes (304): nothing downloaded
    n_bytes: int = 0  # the size of the answer's bytes (a 304's: of the archived bytes it confirms)

    @property
    def ok(self) -> bool:
        return not self.error and self.status_code is not None and 200 <= self.status_code < 300

    @property
    def header_charset(self) -> str | None:
        match = _CHARSET.search(self.content_type or "")
        return match.group(1) if match else None


@dataclass(frozen=True, slots=True)
class Validator:
    """What a server said of a URL's last good answer, to ask next time whether it changed."""

    etag: str | None
    last_modified: str | None
    sha256: str  # the archived bytes it stands for
    content_type: str = ""


@dataclass
class Fetcher:
    """One httpx client shared by a run; safe to use from several threads."""

    settings: FetchSettings = field(default_factory=FetchSettings)
    client: httpx.Client | None = None
    # Conditional GET: the validators of URLs fetched before, and the archive holding their bytes.
    validators: Mapping[str, Validator] = field(default_factory=dict)
    archive: Archive | None = None
    seen: dict[str, Validator] = field(default_factory=dict)  # validators of this fetcher's good answers
    polite: Politeness | None = None  # per-host turns, robots.txt, allowed hosts (None: none of that)

    @classmethod
    def of(
        cls, settings: FetchSettings | None, *, validators: Mapping[str, Validator] | None = None,
        archive: Archive | None = None,
    ) -> Fetcher:  # fmt: skip
        """A fetcher of a run: with the run's shared per-host gate and what earlier runs fetched."""
        s = settings or FetchSettings()
        return cls(s, validators=validators or {}, archive=archive, polite=Politeness.of(s))

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.Client(
                timeout=self.settings.timeout,
                verify=_tls(),
                follow_redirects=True,
                headers={"User-Agent": self.settings.user_agent},
                limits=httpx.Limits(max_connections=16),
                event_hooks={"request": [self._check_host]},
            )

    def _check_host(self, request: httpx.Request) -> None:
        """Every request, redirects included, goes to a host of the roster."""
        if self.polite is not None:
            self.polite.check_host(str(request.url))

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _known(self, url: str) -> Validator | None:
        known = self.validators.get(url)
        if known and self.archive is not None and self.archive.path(known.sha256).exists():
            return known
        return None

    def _get_once(self, url: str, known: Validator | None) -> tuple[httpx.Response, bytes]:
        headers = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        turn = self.polite.slot(url, self.client) if self.polite is not None else nullcontext()
        try:
            with turn, self.client.stream("GET", url, headers=headers) as response:
                body = (
                    b""
                    if response.status_code in (304, 429) or response.status_code >= 500
                    else self._body(response)
                )
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            if isinstance(exc, httpx.UnsupportedProtocol):
                raise TerminalFetchError(f"{type(exc).__name__}: {exc}") from exc
            raise TransientFetchError(f"{type(exc).__name__}: {exc}") from exc
        except httpx.HTTPError as exc:  # an invalid URL …
            raise TerminalFetchError(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientFetchError(
                f"HTTP {response.status_code} from {response.url}", response.status_code
            )
        return response, body

    def _body(self, response: httpx.Response) -> bytes:
        """The answer's bytes, refused past ``max_bytes`` (a report is megabytes, not gigabytes)."""
        max_bytes = self.settings.max_bytes
        cap = f"the answer is larger than the cap of {max_bytes / 1024**2:g} MB"
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise TerminalFetchError(f"{cap} (Content-Length {declared})", response.status_code)
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise TerminalFetchError(cap, response.status_code)
            chunks.append(chunk)
        return b"".join(chunks)

    def body(self, result: FetchResult) -> bytes:
        """The bytes of a good answer: as downloaded, or the archived ones a 304 confirmed (not read
        for documents that are not parsed again: most of an unchanged rerun)."""
        if result.not_modified:
            return self.archive.get(result.sha256)
        return result.content

    def fetch(self, url: str) -> FetchResult:
        result = FetchResult(url=url)
        known = self._known(url)
        retrying = Retrying(
            retry=retry_if_exception_type(TransientFetchError),
            stop=stop_after_attempt(self.settings.max_attempts),
            wait=wait_exponential(multiplier=self.settings.backoff_s, max=8),
            reraise=False,
        )
        try:
            for attempt in retrying:
                with attempt:
                    result.attempts = attempt.retry_state.attempt_number
                    response, body = self._get_once(url, known)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            result.status_code = getattr(last, "status_code", None)
            result.error = f"gave up after {result.attempts} attempts: {last}"
            result.transient = True
            return result
        except RobotsUnreachable as exc:  # the host may answer next run: transient, not retried now
            result.error, result.transient = str(exc), True
            return result
        except (TerminalFetchError, RefusedByRobots, HostNotInRoster) as exc:  # not worth retrying
            result.error = str(exc)
            return result
        result.final_url = str(response.url)
        result.status_code = response.status_code
        result.content_type = response.headers.get("content-type", "")
        result.history = [str(r.url) for r in response.history]
        if response.status_code == 304 and known:  # unchanged: the archived bytes are the answer
            result.status_code, result.not_modified = 200, True  # recorded as the outcome it confirms
            result.content_type = known.content_type
            result.sha256 = known.sha256  # the bytes stay in the archive: ``body`` reads them if needed
            result.n_bytes = self.archive.path(known.sha256).stat().st_size
            self.seen[url] = known
            return result
        if response.status_code >= 300:  # 4xx: terminal (429 and 5xx were retried above)
            result.error = f"HTTP {response.status_code}"
            return result
        result.content, result.n_bytes = body, len(body)
        result.sha256 = sha256_of(body)
        etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
        if etag or modified:
            self.seen[url] = Validator(etag, modified, result.sha256, result.content_type)
        return result
