"""batch_speedup: `toxtrack report cycles` on all cores against one worker, same database, same cycles."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from benchmarks import cohort_db
from benchmarks.harness import ROOT, Figure, Settings, checked, run_child


def measure(settings: Settings) -> Figure:
    """Wall time of the whole command (process start to exit) on a database holding exactly 200
    patient-cycles (12 with --quick), once with --workers <cores> and then once with --workers 1, each
    into a fresh output folder. One run each: the single-worker run takes minutes at full size. The
    all-cores run goes first, so any cold-cache cost counts against the speedup, not for it. The target
    (0.9 x cores) holds only on an idle machine, so the 1-minute load average just before the runs is
    printed and saved with the figure (results.json `machine.load_average_before_batch`)."""
    cycles = 12 if settings.quick else 200
    db = cohort_db.batch_db(settings.cache, cycles)
    cores = os.cpu_count() or 1
    env = settings.env()
    load_before = os.getloadavg()[0]
    seconds: dict[int, float] = {}
    cpu: dict[int, float] = {}
    for workers in (cores, 1):
        out = settings.cache / "batch-out"
        shutil.rmtree(out, ignore_errors=True)
        run = checked(run_child(_args(settings, db, out, workers), env), f"report cycles x{workers}")
        seconds[workers] = run.seconds
        cpu[workers] = run.cpu_seconds
        made = len(list(out.glob("*.pdf")))
        if made != cycles:
            raise RuntimeError(f"report cycles made {made} PDFs for {cycles} patient-cycles")
    one, many = seconds[1], seconds[cores]
    return Figure(
        "batch_speedup",
        one / many,
        f">= {0.9 * cores:.1f}",
        f"{cores} workers {many:.1f} s",
        f"1 worker {one:.1f} s",
        # CPU seconds / wall seconds of the all-cores run: how many cores the machine actually gave it.
        note=f"{cycles} patient-cycles; {cores} workers got {cpu[cores] / many:.2f} cores; "
        f"1-minute load average before: {load_before:.2f} on {cores} cores",
        facts={"load_average_before_batch": round(load_before, 2)},
    )


def _args(settings: Settings, db: Path, out: Path, workers: int) -> list[str]:
    return [
        settings.python, str(ROOT / "main.py"), "report", "cycles",
        "--db", str(db), "--out-dir", str(out), "--workers", str(workers),
    ]  # fmt: skip
