"""startup_ratio and gui_rss_mb: the real app opened on the big database, against a bare Qt window."""

from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks.harness import ROOT, Figure, Settings, median_child

PROBE = ("-m", "benchmarks.startup_probe")


def _app_args(settings: Settings, db: Path, shot: Path, view: str = "") -> list[str]:
    args = [settings.python, str(ROOT / "main.py"), "--db", str(db), "--screenshot", str(shot)]
    return args + (["--view", view] if view else [])


def measure_startup(settings: Settings, db: Path) -> Figure:
    """Spawn to exit of benchmarks/startup_probe.py, which runs the real `toxtrack --db BIG` (main.main)
    and exits with os._exit the moment the main window is visible with its patient list filled and
    painted; the baseline is the same probe with --bare (QApplication + QMainWindow shown, painted,
    os._exit). Same interpreter and environment; medians of `repeats` after one warm-up each."""
    env = settings.env()
    bare = median_child([settings.python, *PROBE, "--bare"], env, settings.repeats, "bare window")
    app = median_child([settings.python, *PROBE, "--db", str(db)], env, settings.repeats, "toxtrack start")
    bare_s = statistics.median(r.seconds for r in bare)
    app_s = statistics.median(r.seconds for r in app)
    return Figure(
        "startup_ratio",
        app_s / bare_s,
        "<= 2.0",
        f"toxtrack window + list {app_s:.3f} s",
        f"bare QMainWindow {bare_s:.3f} s",
    )


def measure_rss(settings: Settings, db: Path) -> Figure:
    """Peak RSS of the GUI process with the big database open and the first patient shown (the
    --screenshot run selects it and renders its workspace); the largest of the timed runs."""
    env = settings.env()
    shot = settings.cache / "shots" / "rss.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    runs = median_child(_app_args(settings, db, shot), env, max(2, settings.repeats // 2), "toxtrack")
    peak = max(r.max_rss_mb for r in runs)
    return Figure("gui_rss_mb", peak, "<= 400", f"peak RSS {peak:.0f} MB", "(absolute)")
