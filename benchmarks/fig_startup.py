"""startup_ratio and gui_rss_mb: the real app opened on the big database, against a bare Qt window."""

from __future__ import annotations

import functools
import statistics
import sys
from pathlib import Path

from benchmarks.harness import ROOT, ChildRun, Figure, Settings, checked, median_child, run_child

PROBE = ("-m", "benchmarks.startup_probe")

# The --screenshot baseline ends where the app's --screenshot run ends: the window shown, rendered,
# grabbed to a PNG, then the process exits normally. Same interpreter, platform and environment.
BARE_SCREENSHOT = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)
window.show()
app.processEvents()
window.grab().save(sys.argv[1])
"""


@functools.cache
def _screenshot_runs(settings: Settings, db: Path) -> tuple[list[ChildRun], list[ChildRun]]:
    """(bare, app) runs of the --screenshot comparison."""
    env = settings.env()
    shots = settings.cache / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    bare_args = [settings.python, "-c", BARE_SCREENSHOT, str(shots / "bare.png")]
    app_args = [
        settings.python,
        str(ROOT / "main.py"),
        "--db",
        str(db),
        "--screenshot",
        str(shots / "app.png"),
    ]
    bare = median_child(bare_args, env, settings.repeats, "bare window")
    app = median_child(app_args, env, settings.repeats, "toxtrack --screenshot")
    return bare, app


def measure_startup(settings: Settings, db: Path) -> Figure:
    """The brief's fallback, since gui/app.py has no option to exit right after the window is shown with
    the list filled: spawn to exit of `toxtrack --db BIG --screenshot OUT.png` (window shown, list filled,
    Today filled, first patient selected and shown, background work settled (at least 0.5 s), PNG saved)
    against a bare QApplication + QMainWindow shown, grabbed to a PNG, exit."""
    bare, app = _screenshot_runs(settings, db)
    bare_s = statistics.median(r.seconds for r in bare)
    app_s = statistics.median(r.seconds for r in app)
    return Figure(
        "startup_ratio",
        app_s / bare_s,
        "<= 2.0",
        f"toxtrack --screenshot {app_s:.2f} s",
        f"bare QMainWindow + grab {bare_s:.2f} s",
    )


def measure_rss(settings: Settings, db: Path) -> Figure:
    """Peak RSS of `toxtrack --db BIG --screenshot` (database open, first patient selected and shown),
    started through benchmarks/launch.py so the figure is the app's own (see there); the largest of
    max(2, repeats // 2) runs after the --screenshot warm-up of startup_ratio."""
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
    return Figure("gui_rss_mb", max(peaks), "<= 400", measured, "(absolute)")


def measure_shown(settings: Settings, db: Path) -> Figure:
    """Extra figure (not in results.json): spawn to exit of benchmarks/startup_probe.py, which runs the
    real `toxtrack --db BIG` (main.main) and exits with os._exit the moment the main window is visible
    with its patient list filled and painted, against the same probe with --bare."""
    env = settings.env()
    bare = median_child([settings.python, *PROBE, "--bare"], env, settings.repeats, "bare window")
    app = median_child([settings.python, *PROBE, "--db", str(db)], env, settings.repeats, "toxtrack start")
    bare_s = statistics.median(r.seconds for r in bare)
    app_s = statistics.median(r.seconds for r in app)
    return Figure(
        "startup_shown_ratio",
        app_s / bare_s,
        "<= 2.0",
        f"toxtrack window + list {app_s:.2f} s",
        f"bare QMainWindow {bare_s:.2f} s",
    )
