"""Benchmark plumbing: run settings, medians, timed subprocesses with their peak memory, machine facts."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storage.engine import sqlite3

# The benchmark's synthetic files are unencrypted by this explicit choice (new databases are encrypted
# by default, issue 17), inherited by the app processes it starts; fig_encrypted keys its own file.
os.environ.setdefault("TOXTRACK_NO_ENCRYPT", "1")

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "benchmarks" / "cache"


@dataclass(frozen=True)
class Settings:
    """How big and how often: the full run is the issue's network scale, `--quick` a reduced pass."""

    quick: bool
    patients: int
    repeats: int
    cache: Path = CACHE
    python: str = sys.executable

    @classmethod
    def make(cls, quick: bool, patients: int | None = None) -> Settings:
        default = 1_000 if quick else 10_000
        return cls(quick=quick, patients=patients or default, repeats=3 if quick else 7)

    @property
    def home(self) -> Path:
        """A private HOME/XDG tree for app subprocesses: no run touches the user's real settings or data."""
        path = self.cache / "home"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for app subprocesses: offscreen Qt, private config/data/cache folders, repo on path."""
        home = self.home
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM="offscreen",
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CACHE_HOME=str(home / "cache"),
            MPLCONFIGDIR=str(home / "mpl"),
            PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
        )
        env.pop("TOXTRACK_DB", None)
        # An installed app runs from bytecode caches (pip compiles them; the first run writes them): a
        # PYTHONDONTWRITEBYTECODE inherited from a developer shell made every start compile ~100 modules.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.update(extra)
        return env


@dataclass(frozen=True)
class Figure:
    """One line of the result table. `value` is None when the figure could not be measured."""

    key: str
    value: float | None
    target: str
    measured: str
    baseline: str
    note: str = ""
    # Facts about the machine while this figure ran, saved under results.json's `machine`.
    facts: Mapping[str, float] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        if self.value is None:
            return "not measured"
        if len(self.target.split()) != 2:  # a figure reported without a target (export_s)
            return "reported"
        op, limit = self.target.split()
        if op == "in":  # a range, "in 200-1000" (login_ms: neither too fast nor too slow)
            low, high = (float(x) for x in limit.split("-"))
            return "ok" if low <= self.value <= high else "MISSED"
        bound = float(limit)
        ok = self.value <= bound if op == "<=" else self.value >= bound
        return "ok" if ok else "MISSED"


def paired_seconds(
    first: Callable[[], object], second: Callable[[], object], repeats: int
) -> tuple[float, float, float]:
    """(median of the per-pair ratios first / second, median seconds of first, of second): one untimed
    run of each, then `repeats` pairs timed back to back. Load that comes and goes on a shared machine
    then falls on both sides of each ratio; with separate medians, a busy minute on one side moved
    cohort_stats_ratio between 0.84 and 1.34 in two runs a minute apart (issue 14)."""
    first()
    second()
    pairs = []
    for _ in range(repeats):
        start = time.perf_counter()
        first()
        middle = time.perf_counter()
        second()
        pairs.append((middle - start, time.perf_counter() - middle))
    ratio = statistics.median(a / b for a, b in pairs)
    return ratio, statistics.median(a for a, _ in pairs), statistics.median(b for _, b in pairs)


@dataclass(frozen=True)
class ChildRun:
    """A finished subprocess: wall time from spawn to exit, its own peak RSS (MB), its output, and the
    CPU seconds of it and of the descendants it waited for (worker pools included)."""

    seconds: float
    max_rss_mb: float
    returncode: int
    stdout: str
    stderr: str
    cpu_seconds: float = 0.0


def run_child(args: Sequence[str], env: dict[str, str], timeout: float = 600.0) -> ChildRun:
    """Run one subprocess and reap it with os.wait4, which gives this child's own rusage (ru_maxrss is in
    KiB on Linux); RUSAGE_CHILDREN would mix in every child reaped so far."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(args), env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        stdout, stderr = _communicate(proc, timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes
    cpu = usage.ru_utime + usage.ru_stime
    return ChildRun(seconds, usage.ru_maxrss / scale, proc.returncode, stdout, stderr, cpu)


def _communicate(proc: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    """Read both pipes to EOF without reaping the child (so os.wait4 still sees it)."""
    import threading

    chunks: dict[str, str] = {}

    def drain(name: str, stream: object) -> None:
        chunks[name] = stream.read()  # type: ignore[attr-defined]

    threads = [
        threading.Thread(target=drain, args=("out", proc.stdout)),
        threading.Thread(target=drain, args=("err", proc.stderr)),
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            raise subprocess.TimeoutExpired(proc.args, timeout)
    return chunks.get("out", ""), chunks.get("err", "")


def checked(run: ChildRun, what: str) -> ChildRun:
    """A benchmark built on a failed run would time an error path: stop with the child's own message."""
    if run.returncode != 0:
        tail = (run.stderr or run.stdout).strip().splitlines()[-15:]
        raise RuntimeError(f"{what} exited with {run.returncode}:\n" + "\n".join(tail))
    return run


def median_child(args: Sequence[str], env: dict[str, str], repeats: int, what: str) -> list[ChildRun]:
    """One warm-up run (page cache, .pyc files, font caches), then `repeats` timed runs."""
    checked(run_child(args, env), what)
    return [checked(run_child(args, env), what) for _ in range(repeats)]


def paired_children(
    first: Sequence[str], second: Sequence[str], env: dict[str, str], repeats: int, what: str
) -> tuple[list[ChildRun], list[ChildRun]]:
    """One untimed warm-up pair, then `repeats` timed pairs run alternately, so load that comes and goes
    on a shared machine falls on both sides of a ratio instead of on whichever side ran later."""
    checked(run_child(first, env), what)
    checked(run_child(second, env), what)
    runs: tuple[list[ChildRun], list[ChildRun]] = ([], [])
    for _ in range(repeats):
        runs[0].append(checked(run_child(first, env), what))
        runs[1].append(checked(run_child(second, env), what))
    return runs


def machine() -> dict[str, object]:
    """The facts a reader needs to compare results.json across machines."""
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "qt": _qt_versions(),
        "platform": platform.platform(),
    }


def _qt_versions() -> str:
    """Asked from a child so the harness process itself never loads Qt."""
    code = "import PySide6, PySide6.QtCore as c; print(f'PySide6 {PySide6.__version__}, Qt {c.qVersion()}')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    return result.stdout.strip() or f"unknown ({result.stderr.strip()[-200:]})"
