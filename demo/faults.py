"""Fault mode of the sample portal: the misbehaviour of real government portals in February.

A ``FaultInjector`` picks, per path and deterministically from its seed, whether the path misbehaves
and how. Transient faults (``unavailable`` 503 bursts, ``slow`` answers past the client's timeout,
``reset`` connections, ``truncated`` bodies) last for the first 1 to ``burst`` requests of the path
(some pass within a run's retries, others outlast them) and all pass once ``end_outage`` is called,
so the next run recovers them.
Lasting faults (``redirect_loop`` on pages, ``missing`` report files) never pass; ``wrong_type``
serves the right bytes under a wrong Content-Type. It counts what it served, for the tests.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from dataclasses import dataclass, field

TRANSIENT = ("unavailable", "slow", "reset", "truncated")
PAGE_FAULTS = (*TRANSIENT, "wrong_type", "redirect_loop")
FILE_FAULTS = (*TRANSIENT, "wrong_type", "missing")
_FILES = (".pdf", ".doc", ".docx", ".wps", ".txt", ".xls", ".xlsx", "download.jsp")


@dataclass
class FaultInjector:
    share: float = 0.25  # of paths that misbehave
    seed: int = 0
    burst: int = 5  # requests a transient fault lasts at most: more than a run's retries
    slow_s: float = 2.0  # a slow answer takes this long: more than the client's timeout
    active: bool = True  # off: every answer is good (one server, and so one set of URLs, for all runs)
    outage_over: bool = False  # the transient faults have passed; the lasting ones remain
    requests: Counter = field(default_factory=Counter)  # per path
    served: Counter = field(default_factory=Counter)  # per fault kind ("" = a good answer)
    answers: Counter = field(default_factory=Counter)  # per (path, HTTP status) answered
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _digest(self, path: str) -> bytes:
        return hashlib.sha256(f"{self.seed}:{path}".encode()).digest()

    def kind(self, path: str) -> str | None:
        """The fault of this path, if it has one (the same for every request and every run)."""
        digest = self._digest(path)
        if digest[0] / 256 >= self.share:
            return None
        kinds = FILE_FAULTS if path.endswith(_FILES) else PAGE_FAULTS
        return kinds[digest[1] % len(kinds)]

    def end_outage(self) -> None:
        self.outage_over = True

    def next_fault(self, path: str) -> str | None:
        """The fault this request gets: a transient one only during its burst."""
        if not self.active:
            return None
        with self._lock:
            self.requests[path] += 1
            kind = self.kind(path)
            lasts = 1 + self._digest(path)[2] % self.burst
            if kind in TRANSIENT and (self.outage_over or self.requests[path] > lasts):
                kind = None
            self.served[kind or ""] += 1
            return kind

    def answered(self, path: str, code: int) -> None:
        with self._lock:
            self.answers[path, code] += 1

    @property
    def faulty_share(self) -> float:
        total = sum(self.served.values())
        return (total - self.served[""]) / total if total else 0.0
