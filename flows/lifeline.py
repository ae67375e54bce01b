"""Processes that must not outlive the run that started them.

``die_with_parent`` asks Linux to kill the calling process when its parent dies, ``kill -9`` included
(``PR_SET_PDEATHSIG``). The parsing workers call it when they start, and their fork server when it
imports ``forkserver_preload``: the chain run → fork server → workers ends as a whole.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before the call: nobody waits for this process
        os._exit(0)
