"""The sample portal served from a process of its own, for the benchmarks.

A real portal runs on another machine: served from a thread of the benchmark's process, its request
handling would compete with the pipeline for the interpreter lock, and the figures would time the portal.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nianbao.demo.faults import FaultInjector
from nianbao.demo.server import serve


def _serve(site: Path, commands) -> None:
    """The portal's process: serves ``site``; answers "answers" (the counts since the last ask) and
    "stop" on its end of the pipe."""
    answers = FaultInjector(active=False)  # counts the server's answers, injects nothing
    with serve(site, faults=answers) as base_url:
        commands.send(base_url)
        while (command := commands.recv()) != "stop":
            assert command == "answers"
            commands.send(Counter(answers.answers))
            answers.answers.clear()


class Portal:
    def __init__(self, pipe, base_url: str) -> None:
        self._pipe, self.base_url = pipe, base_url

    def answers(self) -> Counter:
        """(path kind, status code) -> answers since the last call."""
        self._pipe.send("answers")
        return self._pipe.recv()


@contextmanager
def portal(site: Path) -> Iterator[Portal]:
    ours, theirs = mp.Pipe()
    process = mp.get_context("spawn").Process(target=_serve, args=(site, theirs), daemon=True)
    process.start()
    try:
        yield Portal(ours, ours.recv())
    finally:
        ours.send("stop")
        process.join(10)
