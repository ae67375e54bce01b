"""Parsing in worker processes: a document over a limit gets its own status, the worker is replaced,
the run goes on, and no process outlives the run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nianbao.core.kinds import DocumentStatus
from nianbao.flows.workers import InvalidParseLimits, ParseLimits, Workers
from nianbao.transform.build import ReportSource

SOURCE = ReportSource("sq", 2023, "宿迁市教育局2023年政府信息公开工作年度报告", "http://x/nb.txt", None)
# A plain-text "report" of 114 MB: reading it takes seconds and several times its size in memory.
HUGE = ("收到申请数 12 件\t予以公开 3\n" * 3_000_000).encode()
SMALL = "宿迁市教育局2023年政府信息公开工作年度报告\n一、总体情况\n本年度收到申请12件。\n".encode()


def test_a_document_over_the_memory_limit_is_too_large_and_the_next_one_parses():
    with Workers(ParseLimits(seconds=60, memory_bytes=512 * 1024**2, workers=1)) as workers:
        big = workers.build(SOURCE, HUGE, "a" * 64, "aa/a.txt")
        after = workers.build(SOURCE, SMALL, "b" * 64, "bb/b.txt")
    assert big.record.parse_status == DocumentStatus.TOO_LARGE
    assert "memory limit of 512 MiB" in big.record.parse_message and big.record.facts == {}
    assert big.document is not None and big.document.n_bytes == len(HUGE)  # the bytes stay linked
    assert after.record.parse_status not in (DocumentStatus.TOO_LARGE, DocumentStatus.PARSER_ERROR)


def test_a_document_over_the_time_limit_times_out_and_the_worker_is_replaced():
    with Workers(ParseLimits(seconds=0.3, memory_bytes=8 * 1024**3, workers=1)) as workers:
        slow = workers.build(SOURCE, HUGE, "a" * 64, "aa/a.txt")
        after = workers.build(SOURCE, SMALL, "b" * 64, "bb/b.txt")
    assert slow.record.parse_status == DocumentStatus.TIMEOUT
    assert slow.record.parse_message == (
        f"sq 2023 {SOURCE.url}: parsing took longer than the limit of 0.3 s per document; the worker was "
        "replaced (raise it with --parse-timeout)"
    )
    assert slow.record.media_type == "text"
    assert after.record.parse_status not in (DocumentStatus.TIMEOUT, DocumentStatus.PARSER_ERROR)


def test_limits_no_document_could_meet_are_refused():
    with pytest.raises(InvalidParseLimits, match="at least 256 MiB"):
        ParseLimits(memory_bytes=1024)
    with pytest.raises(InvalidParseLimits, match="time"):
        ParseLimits(seconds=0)


def _descendants(pid: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_die_with_a_killed_run():
    code = (
        "import sys, time\n"
        "from nianbao.flows.workers import ParseLimits, Workers\n"
        "from nianbao.transform.build import ReportSource\n"
        "if __name__ == '__main__':\n"
        "    w = Workers(ParseLimits(seconds=600, memory_bytes=8 * 1024**3, workers=2))\n"
        "    source = ReportSource('sq', 2023, 't', 'http://x/a.txt', None)\n"
        "    print('ready', flush=True)\n"
        "    w.build(source, ('收到申请数 12 件\\n' * 3_000_000).encode(), 'a' * 64, 'a')  # busy for long\n"
    )
    run = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert run.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 30
        while (
            len(_descendants(run.pid)) < 4 and time.monotonic() < deadline
        ):  # tracker, fork server, 2 workers
            time.sleep(0.1)
        started = _descendants(run.pid)
        assert len(started) >= 4, started
        time.sleep(1)  # a worker is parsing
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in started if _alive(pid)], "worker processes outlived the killed run"
    finally:
        if run.poll() is None:
            run.kill()


def test_a_worker_dying_between_documents_does_not_stop_the_parsing():
    """pebble breaks the whole pool when a worker dies with no document in hand (killed from outside
    while idle): the pool is replaced and the next documents parse."""
    with Workers(ParseLimits(seconds=60, workers=1)) as workers:
        first = workers.build(SOURCE, SMALL, "a" * 64, "aa/a.txt")
        servers = [
            p for p in _descendants(os.getpid()) if b"forkserver" in Path(f"/proc/{p}/cmdline").read_bytes()
        ]
        for pid in _descendants(servers[0]):
            os.kill(pid, signal.SIGKILL)  # the idle worker (the fork server stays)
        time.sleep(1.0)  # pebble's manager notices the death
        after = [workers.build(SOURCE, SMALL, f"{n}" * 64, f"{n}/b.txt") for n in range(3)]
    assert first.record.parse_status == after[0].record.parse_status
    assert all(b.record.parse_status == first.record.parse_status for b in after)
