"""Start-up work the first paint does not need waits for it (issue 14, start-up <= 1.5x a bare window):
the backup menu and its modules, the log file's folder (platformdirs) and the checks of a large file
start after the main window's first paint, and still happen; the Patient page's tabs (the window opens
on Today) with the toxicity definitions they list are made when first shown, and the everyday
`toxtrack --db FILE` builds no argparse parser (whose gettext imports `locale`)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from gui import errors as gui_errors
from tests.gui.child_app import first_paint_report
from tests.signed_in import TESTER, TESTER_PASSWORD

# Runs the real `toxtrack --db FILE`; at the main window's first paint it notes what is loaded and done,
# then waits until the postponed checks have finished and notes the same again.
CHILD = r"""
import json, os, sys, time
import main
main.preload_core()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
import gui.app
import gui.dialogs.accounts
gui.app.DEFER_CHECKS_ABOVE_BYTES = 0  # this small file's checks wait as a network file's do
# the sign-in dialog answered as "tester" would (issue 16: it comes before the window)
gui.dialogs.accounts.ensure_signed_in = lambda repo, parent=None: bool(repo.sign_in(*sys.argv[2:4]))
WATCH = (
    "gui.dialogs.backup_menu",
    "storage.backup",
    "storage.rotation",
    "platformdirs",
    # ("platform" is not watched: argon2 imports it for the sign-in, which precedes the window.)
    # (The toxicity definitions are read before the first paint since the patient list's worst-grade
    # columns come from the registry, issue 14; the Patient page's tab helpers still wait.)
    "gui.patient.toxicity_gui",
    "locale",
)
seen = {}

def state(window):
    return {
        "loaded": sorted(m for m in WATCH if m in sys.modules),
        "backup_label": window.findChild(QLabel, "lastBackupLabel") is not None,
        "checks_pending": window.session.repo.checks_pending,
        "read_only": window.session.read_only,
    }

def later(window, deadline):
    if window.session.repo.checks_pending and time.monotonic() < deadline:
        QTimer.singleShot(50, lambda: later(window, deadline))
        return
    seen["after"] = state(window)
    print(json.dumps(seen), flush=True)
    os._exit(0)

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if "paint" not in seen and isinstance(watched, QMainWindow) and event.type() == QEvent.Type.Paint:
            seen["paint"] = state(watched)
            QTimer.singleShot(0, lambda: later(watched, time.monotonic() + 60))
        return False

app = QApplication(sys.argv[:1])
spy = FirstPaint()
app.installEventFilter(spy)
main.main(["--db", sys.argv[1]])
print("the app exited before its first paint", file=sys.stderr)
sys.exit(3)
"""


def test_backup_menu_log_folder_and_checks_wait_for_the_first_paint(
    repo: Any, db_path: Path, tmp_path: Path
) -> None:
    repo.close()  # the child opens it for writing, as a user would
    seen = first_paint_report(CHILD, tmp_path, str(db_path), TESTER, TESTER_PASSWORD)
    assert seen["paint"] == {"loaded": [], "backup_label": False, "checks_pending": True, "read_only": True}
    after = seen["after"]
    assert after["backup_label"] and not after["checks_pending"] and not after["read_only"]
    assert {"gui.dialogs.backup_menu", "storage.backup"} <= set(after["loaded"])


def test_log_file_is_made_at_its_first_record_not_at_start(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    previous = gui_errors.install_excepthook(folder, show_dialog=False)
    try:
        assert not folder.exists()  # installing the hook made nothing yet
        gui_errors.log.log(logging.ERROR, "a record")
        assert "a record" in (folder / "toxtrack.log").read_text(encoding="utf-8")
    finally:
        sys.excepthook = previous
        for handler in list(gui_errors.log.handlers):
            gui_errors.log.removeHandler(handler)
            handler.close()


# Runs the real `toxtrack --db FILE` and notes, at the main window's first paint, whether PySide has
# made the Python classes of event types no view receives. It watches the paint through the window's
# own signal, polling for the window with a 0 ms timer as benchmarks/startup_probe.py does: an event
# filter of its own would make those classes itself.
PAINT_CHILD = r"""
import json, os, sys
import main
main.preload_core()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import gui.dialogs.accounts
gui.dialogs.accounts.ensure_signed_in = lambda repo, parent=None: bool(repo.sign_in(*sys.argv[2:4]))
seen = {}

def painted():
    widgets = sys.modules["PySide6.QtWidgets"].__dict__
    seen["made"] = sorted(n for n in ("QGraphicsSceneMouseEvent", "QGestureEvent") if n in widgets)
    seen["backup_started"] = "gui.dialogs.backup_menu" in sys.modules
    QTimer.singleShot(0, done)

def done():
    seen["backup_after"] = "gui.dialogs.backup_menu" in sys.modules
    print(json.dumps(seen), flush=True)
    os._exit(0)

def poll():
    from gui.main_window import MainWindow
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and "hooked" not in seen:
            seen["hooked"] = True
            timer.stop()
            if getattr(widget, "_painted", True):  # no signal to wait for, or painted already
                print("cannot watch the first paint", file=sys.stderr)
                os._exit(4)
            widget.first_painted.connect(painted)

app = QApplication(sys.argv[:1])
timer = QTimer(app)
timer.setInterval(0)
timer.timeout.connect(poll)
timer.start()
main.main(["--db", sys.argv[1]])
print("the app exited before its first paint", file=sys.stderr)
sys.exit(3)
"""


def test_first_paint_is_seen_without_making_every_event_class(
    repo: Any, db_path: Path, tmp_path: Path
) -> None:
    """AfterFirstPaint waits for the window's `first_painted` signal: an event filter on the window
    received each event as a QEvent, and PySide then made the Python classes of all ~50 event types
    (graphics-scene and gesture events included) before the first paint, ~2-4 ms (issue 14). The
    start-up work still follows the paint."""
    repo.close()
    seen = first_paint_report(PAINT_CHILD, tmp_path, str(db_path), TESTER, TESTER_PASSWORD)
    assert seen["made"] == []
    assert not seen["backup_started"]  # the start-up work waits for the paint...
    assert seen["backup_after"]  # ...and runs in the event-loop turn after it
