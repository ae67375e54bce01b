"""How a run fetches, in one frozen object: handed to every fetch task of the run."""

from __future__ import annotations

from dataclasses import dataclass

USER_AGENT = "nianbao/0.1 (government-information-disclosure annual report collector)"


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """How a run fetches: patience (seconds per request, tries per URL, the first backoff wait) and
    politeness (``extract.collect.polite``: requests in flight per host, seconds between their starts,
    robots.txt, the hosts it may fetch from, who to contact)."""

    timeout: float = 20.0
    max_attempts: int = 4
    backoff_s: float = 0.5
    per_host: int = 2
    delay_s: float = 0.5
    robots: bool = True
    contact: str = ""  # an address for portal operators, sent in the User-Agent
    max_bytes: int = 100 * 1024**2
    allowed_hosts: frozenset[str] | None = None  # None: any host

    @property
    def user_agent(self) -> str:
        return f"{USER_AGENT[:-1]}; {self.contact})" if self.contact else USER_AGENT
