"""HTTP fetching with retries for transient failures only.

Timeouts, connection errors, 429 and 5xx are retried with backoff; other 4xx are final at once.
A fetch never raises for a bad URL or server: the outcome (status, bytes or error) is returned so
the caller records it and goes on with the next agency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import httpx
from tenacity import (
    RetryError,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from nianbao.core.errors import NianbaoError
from nianbao.extract.collect.archive import sha256_of

USER_AGENT = "nianbao/0.1 (government-information-disclosure annual report collector)"
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

    @property
    def ok(self) -> bool:
        return not self.error and self.status_code is not None and 200 <= self.status_code < 300

    @property
    def header_charset(self) -> str | None:
        match = _CHARSET.search(self.content_type or "")
        return match.group(1) if match else None


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How patiently a run fetches: seconds per request, tries per URL, the first backoff wait."""

    timeout: float = 20.0
    max_attempts: int = 4
    backoff_s: float = 0.5


@dataclass
class Fetcher:
    """One httpx client shared by a run; safe to use from several threads."""

    timeout: float = 20.0
    max_attempts: int = 4
    backoff_s: float = 0.5
    client: httpx.Client | None = None

    @classmethod
    def of(cls, settings: FetchSettings | None) -> Fetcher:
        s = settings or FetchSettings()
        return cls(timeout=s.timeout, max_attempts=s.max_attempts, backoff_s=s.backoff_s)

    def __post_init__(self) -> None:
        if self.client is None:
            self.client = httpx.Client(
                timeout=self.timeout,
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT},
                limits=httpx.Limits(max_connections=16),
            )

    def close(self) -> None:
        if self.client is not None:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _get_once(self, url: str) -> httpx.Response:
        try:
            response = self.client.get(url)
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
        return response

    def fetch(self, url: str) -> FetchResult:
        result = FetchResult(url=url)
        retrying = Retrying(
            retry=retry_if_exception_type(TransientFetchError),
            stop=stop_after_attempt(self.max_attempts),
            wait=wait_exponential(multiplier=self.backoff_s, max=8),
            reraise=False,
        )
        try:
            for attempt in retrying:
                with attempt:
                    result.attempts = attempt.retry_state.attempt_number
                    response = self._get_once(url)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            result.status_code = getattr(last, "status_code", None)
            result.error = f"gave up after {result.attempts} attempts: {last}"
            result.transient = True
            return result
        except TerminalFetchError as exc:  # invalid URL, unsupported scheme …: not worth retrying
            result.error = str(exc)
            return result
        result.final_url = str(response.url)
        result.status_code = response.status_code
        result.content_type = response.headers.get("content-type", "")
        result.history = [str(r.url) for r in response.history]
        if response.status_code >= 400:  # 4xx: terminal (429 and 5xx were retried above)
            result.error = f"HTTP {response.status_code}"
            return result
        result.content = response.content
        result.sha256 = sha256_of(result.content)
        return result
