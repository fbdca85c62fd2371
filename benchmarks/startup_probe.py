"""Child process of fig_startup: runs the real `toxtrack --db PATH` and exits the moment its main window is
shown with the patient list filled and painted; with --bare, a bare QMainWindow instead (the baseline)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

if sys.argv[1:2] == ["--db"]:  # the app's own entry imports its Qt-free layers before Qt, as here
    import main as _entry

    _entry.preload_core()

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def _window_ready() -> QMainWindow | None:
    """The app's visible main window once its patient list has rows, else None."""
    from gui.patient.patient_list_view import PatientListView  # already imported by the app at this point

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMainWindow) and widget.isVisible():
            patients = widget.findChild(PatientListView)
            if patients is not None and patients.model.rowCount() > 0:
                return widget
    return None


def _finish(window: QMainWindow) -> None:
    """Paint synchronously (the list's visible rows are read now), then leave without teardown: the
    figure ends at "shown", not at shutdown. The baseline leaves the same way."""
    window.repaint()
    sys.stdout.flush()
    os._exit(0)


def _poll() -> None:
    if "gui.patient.patient_list_view" not in sys.modules:
        return  # the app has not built its window yet
    window = _window_ready()
    if window is not None:
        _finish(window)


def run_app(db: str) -> int:
    """The QApplication is made here so the poll timer can be armed before the app takes over; run_app
    reuses an existing QApplication. The 0 ms timer runs each time the event loop is idle."""
    app = QApplication(sys.argv[:1])
    timer = QTimer(app)
    timer.setInterval(0)
    timer.timeout.connect(_poll)
    timer.start()
    import main

    code = main.main(["--db", db])
    print("the app exited before its patient list was filled", file=sys.stderr)
    return code or 3


def run_bare() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 800)
    window.show()
    app.processEvents()
    _finish(window)
    return 0


def main(argv: Sequence[str]) -> int:
    if argv and argv[0] == "--bare":
        return run_bare()
    if len(argv) != 2 or argv[0] != "--db":
        print("usage: python -m benchmarks.startup_probe (--bare | --db PATH)", file=sys.stderr)
        return 2
    return run_app(argv[1])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
