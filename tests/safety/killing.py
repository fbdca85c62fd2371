"""Forked children killed with SIGKILL at chosen moments: the crash-test pattern of SQLite's own suite.

A fork costs milliseconds where a fresh interpreter costs half a second, which is what lets
hundreds of kills fit in `make test`. The parent must have no SQLite connection open when it forks.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from clinical.errors import ValidationError

CAN_FORK = hasattr(os, "fork") and hasattr(signal, "SIGKILL")
CHILD_FAILED = 3


def run_and_kill(target: Callable[[], None], delay: float) -> tuple[bool, int]:
    """Run `target` in a forked child and SIGKILL it after `delay` seconds.

    Returns (killed, exit code): killed is False when the child finished first; an exit code of
    CHILD_FAILED means the child raised (its traceback is on stderr).
    """
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        code = 0
        try:
            target()
        except BaseException:
            traceback.print_exc()
            code = CHILD_FAILED
        finally:
            sys.stderr.flush()
        os._exit(code)
    deadline = time.monotonic() + delay
    while True:  # wait for the moment, unless the child finishes first
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return False, os.waitstatus_to_exitcode(status)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        time.sleep(min(remaining, 0.005))
    with contextlib.suppress(ProcessLookupError):  # it may have exited just now; waitpid says how
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return True, -os.WTERMSIG(status)
    return False, os.WEXITSTATUS(status)


def time_in_child(target: Callable[[], None], timeout: float = 60.0) -> float:
    """Seconds a forked child takes to run `target` to completion, unkilled: kill windows are set
    from this, not from the parent's own timing, since a child also pays copy-on-write faults."""
    started = time.monotonic()
    assert run_and_kill(target, timeout) == (False, 0), "the timing child did not finish cleanly"
    return time.monotonic() - started


def ack_writer(ack_path: Path) -> Callable[[dict[str, object]], None]:
    """Append one JSON line per acknowledged action with a single write() (the page cache keeps it
    when the process is killed; only a power cut would need an fsync)."""
    fd = os.open(ack_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(ack: dict[str, object]) -> None:
        os.write(fd, (json.dumps(ack) + "\n").encode("utf-8"))

    return write


def writer_forever(db_path: Path, ack_path: Path, seed: int) -> None:
    """The killed process: open the repository and perform random user actions until killed.

    An expected refusal (a sixth cycle, say) is part of normal use and skipped; anything else
    propagates and marks the child as failed.
    """
    from storage import Repository

    from .workload import Workload

    repo = Repository.open(db_path)
    workload = Workload(repo, random.Random(seed), acks=ack_writer(ack_path))
    while True:
        try:
            workload.step()
        except ValidationError:
            continue
