"""Child process of fig_filter: types into the real patient list's search field, offscreen, and prints
the time from each keystroke to the view updated, as JSON on stdout."""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QTableView, QWidget

# Signals by which a model (or the proxy in front of it) tells its view that the rows changed.
CHANGE_SIGNALS = ("modelReset", "layoutChanged", "rowsRemoved", "rowsInserted")
NO_CHANGE_S = 2.0  # a keystroke whose results did not change may emit nothing; give up waiting then


def make_list(session: object) -> QWidget:
    """The app's own patient list widget (search field + table), constructed as the main window does."""
    from gui.patient.patient_list_view import PatientListView

    return PatientListView(session)  # type: ignore[arg-type]


class Watcher(QObject):
    """Records that the table's model announced a change since `arm()`, and whether the table's
    viewport has been painted since that change."""

    def __init__(self, model: QAbstractItemModel, viewport: QWidget) -> None:
        super().__init__(viewport)
        self.fired = False
        self.painted = False
        for name in CHANGE_SIGNALS:
            getattr(model, name).connect(self._fire)
        viewport.installEventFilter(self)

    def _fire(self, *_: object) -> None:
        self.fired = True
        self.painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.fired:
            self.painted = True  # the paint runs when this returns, inside processEvents
        return False

    def arm(self) -> None:
        self.fired = False
        self.painted = False


def keystroke_ms(
    app: QApplication, search: QLineEdit, table: QTableView, watcher: Watcher, key: str
) -> float | None:
    """Milliseconds from the key press to the model's change signal, the queued events it caused and
    the table's first paint after it (the one processEvents runs, or a synchronous repaint if none
    was due); None when nothing changed within NO_CHANGE_S (that keystroke is not counted)."""
    watcher.arm()
    start = time.perf_counter()
    if key == "\b":
        QTest.keyClick(search, Qt.Key.Key_Backspace)
    else:
        QTest.keyClicks(search, key)  # one character
    while not watcher.fired:
        if time.perf_counter() - start > NO_CHANGE_S:
            return None
        QTest.qWait(1)  # runs the event loop, so a debounce timer can fire
    app.processEvents()  # queued work the change caused (fetchMore, selection, the paint)
    if not watcher.painted:
        table.viewport().repaint()  # the visible rows painted: the view is updated
    return (time.perf_counter() - start) * 1000


def keystrokes(subject_ids: Sequence[str], count: int, seed: int) -> list[str]:
    """Type the last four characters of random subject ids one by one (each narrows the list), then
    delete them one by one (each widens it): every keystroke changes what the list shows."""
    rng = random.Random(seed)
    keys: list[str] = []
    while len(keys) < count:
        tail = rng.choice(list(subject_ids))[-4:]
        keys += list(tail) + ["\b"] * len(tail)
    return keys[:count]


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True, type=Path)
    parser.add_argument("--keys", type=int, default=40)
    options = parser.parse_args(argv)
    from gui.gc_guard import GarbageCollector
    from gui.session import Session
    from storage import Repository

    app = QApplication([])
    GarbageCollector(app)  # the app's garbage collection regime (gui/app.py run_app)
    repo = Repository.open(options.db, read_only=True, create=False)
    widget = make_list(Session(repo))
    widget.resize(1000, 700)
    widget.show()
    search = widget.findChild(QLineEdit)
    table = widget.findChild(QTableView)
    if search is None or table is None:
        raise RuntimeError("the patient list widget has no QLineEdit or no QTableView")
    deadline = time.perf_counter() + 30
    while table.model().rowCount() == 0 and time.perf_counter() < deadline:
        QTest.qWait(10)  # the first fill of the list is start-up, not filtering
    QTest.qWait(300)
    watcher = Watcher(table.model(), table.viewport())
    subject_ids = [repo.get_patient(pid).subject_id for pid in repo.patient_ids()[:500]]
    times = []
    for key in keystrokes(subject_ids, options.keys, seed=7):
        ms = keystroke_ms(app, search, table, watcher, key)
        if ms is not None:
            times.append(ms)
        QTest.qWait(20)
    print(json.dumps({"times_ms": times, "patients": len(repo.patient_ids())}), flush=True)
    repo.close()
    # Leave without interpreter teardown: garbage-collecting the widget tree at finalization has
    # aborted this probe ("none_dealloc: deallocating None", a shiboken refcount error of the kind
    # reported as PYSIDE-585); the measurement is complete by now.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
