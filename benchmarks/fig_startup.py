"""startup_ratio and gui_rss_mb: the real app opened on the big database, against a bare Qt window."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from benchmarks.harness import ROOT, Figure, Settings, checked, paired_children, run_child

PROBE = ("-m", "benchmarks.startup_probe")
# A pair takes about a second, and on a shared VM single start-ups vary by +-30 %: twice the other
# figures' repeats (15 pairs in a full run) keep the median of ratios within a few per cent.
PAIRS_PER_REPEAT = 2


def measure_startup(settings: Settings, db: Path) -> Figure:
    """Spawn to exit of benchmarks/startup_probe.py, which runs the real `toxtrack --db BIG` (main.main,
    the same code path as `python main.py --db BIG`) and leaves with os._exit the moment the main window
    is visible with its patient list filled and painted; against the same probe with --bare (a
    QApplication + QMainWindow shown and painted, same interpreter and environment). Runs alternate
    (harness.paired_children) and the figure is the median of the per-pair ratios: a pair runs within
    a second, so load on a shared machine changes both of its sides, where it would skew a ratio of
    two separate medians."""
    bare, app = paired_children(
        [settings.python, *PROBE, "--bare"],
        [settings.python, *PROBE, "--db", str(db)],
        settings.env(),
        settings.repeats * PAIRS_PER_REPEAT + 1,
        "start-up probe",
    )
    bare_s = statistics.median(r.seconds for r in bare)
    app_s = statistics.median(r.seconds for r in app)
    ratio = statistics.median(a.seconds / b.seconds for a, b in zip(app, bare, strict=True))
    return Figure(
        "startup_ratio",
        ratio,
        "<= 1.5",
        f"toxtrack window + list {app_s:.2f} s",
        f"bare QMainWindow {bare_s:.2f} s",
    )


def measure_rss(settings: Settings, db: Path) -> Figure:
    """Peak RSS of `toxtrack --db BIG --screenshot` (database open, first patient selected and shown),
    started through benchmarks/launch.py so the figure is the app's own (see there); the largest of
    max(2, repeats // 2) runs."""
    shot = settings.cache / "shots" / "rss.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    peaks = []
    for i in range(max(2, settings.repeats // 2)):
        out = settings.cache / f"rss-{i}.txt"
        app = [settings.python, str(ROOT / "main.py"), "--db", str(db), "--screenshot", str(shot)]
        checked(
            run_child([settings.python, "-m", "benchmarks.launch", str(out), *app], settings.env()), "rss"
        )
        peaks.append(int(out.read_text()) / (1024 * 1024 if sys.platform == "darwin" else 1024))
    runs = ", ".join(f"{p:.0f}" for p in peaks)
    measured = f"peak RSS {max(peaks):.0f} MB (runs: {runs})"
    return Figure("gui_rss_mb", max(peaks), "<= 200", measured, "(absolute)")
