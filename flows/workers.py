"""Parse documents in worker processes, each document under a time and a memory limit.

Parsing is CPU-bound Python: threads share one core (the GIL), processes use them all. A document
that runs past the time limit is abandoned, its worker killed and replaced (pebble); one that needs
more memory than the limit fails inside its worker (``RLIMIT_AS``) with ``MemoryError``. Either way the
document gets its own status (``timeout``, ``too_large``) with a message naming the limit, its bytes
stay archived, and the run goes on. Workers die with the process that started them
(``PR_SET_PDEATHSIG``; the fork server they come from ends with the run): a killed ingest leaves
none behind.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from pebble import ProcessExpired, ProcessPool

from nianbao.core.errors import NianbaoError
from nianbao.core.kinds import DocumentStatus
from nianbao.extract.read import sniff_media_type
from nianbao.extract.records import DocumentRecord
from nianbao.flows.lifeline import die_with_parent
from nianbao.transform.build import BuiltReport, ReportSource, build_report, failed_report


class InvalidParseLimits(NianbaoError, ValueError):
    """A per-document limit that no document could meet."""


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """Per document: seconds of parsing and bytes of memory; how many worker processes."""

    seconds: float = 120.0
    memory_bytes: int = 2 * 1024**3
    workers: int = max(1, os.cpu_count() or 1)

    def __post_init__(self) -> None:
        if self.seconds <= 0 or self.workers < 1 or self.memory_bytes < 256 * 1024**2:
            raise InvalidParseLimits(
                f"parse limits {self.seconds} s, {self.memory_bytes} bytes, {self.workers} workers: the time "
                "must be positive, the memory at least 256 MiB (Python and the readers need that), one worker "
                "or more"
            )

    @property
    def memory_text(self) -> str:
        gib = self.memory_bytes / 1024**3
        return f"{gib:g} GiB" if gib >= 1 else f"{self.memory_bytes / 1024**2:g} MiB"


logger = logging.getLogger(__name__)


def _start_worker(memory_bytes: int) -> None:
    die_with_parent()  # the fork server's death (and so the run's) ends this worker
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


class Workers:
    """A pool of parsing processes, shared by the threads of a run. Use as a context manager."""

    def __init__(self, limits: ParseLimits | None = None) -> None:
        self.limits = limits or ParseLimits()
        self._lock = threading.Lock()
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPool:
        # Workers fork from a clean server process with the readers imported (fast to start, and no
        # fork of this process's threads); one is replaced now and then (max_tasks), so what a parse
        # leaks does not accumulate.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            [
                "nianbao.flows.forkserver_preload",  # first: the fork server dies with this process
                "nianbao.transform.build",
                "nianbao.extract.pdf.reader",
                "nianbao.extract.html.reader",
                "nianbao.extract.docx.reader",
            ]
        )
        return ProcessPool(
            max_workers=self.limits.workers,
            max_tasks=50,
            initializer=_start_worker,
            initargs=(self.limits.memory_bytes,),
            context=context,
        )

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.stop()  # a parse still running belongs to a run that is ending: do not wait for it
        self._pool.join(timeout=10)

    def build(
        self,
        source: ReportSource,
        data: bytes,
        sha256: str,
        archive_path: str,
        *,
        header_charset: str | None = None,
    ) -> BuiltReport:
        """``transform.build_report`` in a worker, under the limits. A pool broken by a worker that
        died between two documents (pebble then fails every document) is replaced, once per document."""
        for attempt in (1, 2):
            pool = self._pool
            try:
                return self._build(pool, source, data, sha256, archive_path, header_charset)
            except (BrokenProcessPool, RuntimeError):  # RuntimeError: scheduling on a broken pool
                if attempt == 2 or pool.active:
                    raise
                with self._lock:
                    if self._pool is pool:  # the first thread to see it replaces it, the others reuse
                        logger.warning("the parsing pool broke (a worker died between documents): replaced")
                        pool.stop()
                        self._pool = self._new_pool()
        raise AssertionError("unreachable")

    def _build(
        self,
        pool: ProcessPool,
        source: ReportSource,
        data: bytes,
        sha256: str,
        archive_path: str,
        header_charset: str | None,
    ) -> BuiltReport:
        future = pool.schedule(
            build_report,
            args=(source, data, sha256, archive_path),
            kwargs={
                "header_charset": header_charset,
                "too_large": f"parsing needed more than the memory limit of {self.limits.memory_text} per document "
                "(raise it with --parse-memory)",
            },
            timeout=self.limits.seconds,
        )
        try:
            return future.result()
        except FutureTimeout:
            return self._limited(
                source, data, sha256, archive_path, DocumentStatus.TIMEOUT,
                f"parsing took longer than the limit of {self.limits.seconds:g} s per document; the worker was "
                "replaced (raise it with --parse-timeout)",
            )  # fmt: skip
        except ProcessExpired as exc:  # killed from outside (the kernel's OOM killer …) or crashed
            return self._limited(
                source, data, sha256, archive_path, DocumentStatus.TOO_LARGE
                if exc.exitcode == -signal.SIGKILL else DocumentStatus.PARSER_ERROR,
                f"the parsing process died ({exc}); the worker was replaced",
            )  # fmt: skip

    @staticmethod
    def _limited(
        source: ReportSource,
        data: bytes,
        sha256: str,
        archive_path: str,
        status: DocumentStatus,
        message: str,
    ) -> BuiltReport:
        record = failed_report(source, status, message)
        record.sha256 = sha256
        record.media_type = str(sniff_media_type(data, source.url))
        document = DocumentRecord(sha256, source.url, record.media_type, None, len(data), archive_path)
        return BuiltReport(record, document, [])
