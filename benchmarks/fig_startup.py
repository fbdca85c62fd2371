"""startup_ratio and gui_rss_mb: the real app opened on the big database, against a bare Qt window."""

from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks.harness import ROOT, Figure, Settings, median_child

# The baseline ends where the app's --screenshot run ends: the window shown, rendered, grabbed to a PNG,
# then the process exits. Same interpreter, same offscreen platform, same environment.
BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 800)
window.show()
app.processEvents()
window.grab().save(sys.argv[1])
"""


def _app_args(settings: Settings, db: Path, shot: Path, view: str = "") -> list[str]:
    args = [settings.python, str(ROOT / "main.py"), "--db", str(db), "--screenshot", str(shot)]
    return args + (["--view", view] if view else [])


def measure_startup(settings: Settings, db: Path) -> Figure:
    """Process start to exit of `toxtrack --db BIG --screenshot`, which shows the main window, fills the
    patient list, selects the first patient, renders and saves a PNG, then exits (gui/app.py offers no
    other way to stop right after the list is filled). Median of repeats after one warm-up run."""
    env = settings.env()
    shots = settings.cache / "shots"
    shots.mkdir(parents=True, exist_ok=True)
    bare = median_child(
        [settings.python, "-c", BARE_WINDOW, str(shots / "bare.png")], env, settings.repeats, "bare window"
    )
    app = median_child(_app_args(settings, db, shots / "app.png"), env, settings.repeats, "toxtrack")
    bare_s = statistics.median(r.seconds for r in bare)
    app_s = statistics.median(r.seconds for r in app)
    return Figure(
        "startup_ratio",
        app_s / bare_s,
        "<= 2.0",
        f"toxtrack --screenshot {app_s:.3f} s",
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
