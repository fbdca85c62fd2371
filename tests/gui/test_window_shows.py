"""What the main window shows (issue 13): flags in local time, voided records on a toggle, open
episodes on Today, the layout at the default 1400 px, the first run. Driven through the real
window with the keys a user presses."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinical.model import CrsAssessment, DoseStatus, Hypotension, Oxygen, PatientId
from gui.main_window import MainWindow
from gui.settings import Settings

CTRL = Qt.KeyboardModifier.ControlModifier


def _window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    return _window(qtbot, session, settings_path)


def _open_patient(qtbot: Any, win: MainWindow, typed: str) -> None:
    """Ctrl+F, the subject number, Enter."""
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(win.patient_list.search, typed)
    qtbot.keyClick(win.patient_list.search, Qt.Key.Key_Return)


@pytest.fixture
def berlin() -> Iterator[None]:
    """The process's local zone is Berlin (UTC+1 on the test's 2 March), restored afterwards."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX-only")
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    yield
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()


def test_flags_show_local_time_like_everything_else(
    qtbot: Any, berlin: None, session: Any, repo: Any, first_patient: PatientId, settings_path: Path
) -> None:
    now = session.now()  # 09:30 UTC, 10:30 in Berlin
    crs = CrsAssessment(
        first_patient, now - dt.timedelta(hours=2), 38.9, Hypotension.ONE_VASOPRESSOR, Oxygen.NONE
    )
    repo.add_crs(crs)  # grade 3 from 07:30 UTC = 08:30 Berlin
    dose = min(repo.doses(first_patient), key=lambda d: d.planned_date)
    repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=now, amount_ug=dose.planned_ug)
    win = _window(qtbot, session, settings_path)
    _open_patient(qtbot, win, "0012")
    win.show_view("flags")
    panel = win.workspace.view("flags")
    texts = [str(panel.model.index(r, 2).data()) for r in range(panel.model.rowCount())]
    protocol = next(t for t in texts if t.startswith("Protocol check"))
    assert "10:30" in protocol and "08:30" in protocol and "UTC" not in protocol
    since = [str(panel.model.index(r, 4).data()) for r in range(panel.model.rowCount())]
    assert any(s.startswith("2026-03-02 10:30") for s in since)  # the column, already local


@pytest.mark.parametrize("days", [3, 5, 12, 40])
def test_anc_chart_ticks_fall_on_calendar_days_each_named_once(
    qtbot: Any, window: MainWindow, session: Any, repo: Any, today: dt.date, days: int
) -> None:
    from matplotlib import dates as mdates

    from clinical.model import LabResult, Patient

    patient = repo.add_patient(Patient("044-0031", "SC 250/500", today - dt.timedelta(days=60)))
    for n in range(days + 1):
        drawn = session.now() - dt.timedelta(days=days - n, hours=n % 3)
        repo.add_lab(LabResult(patient.id, drawn, 0.4 + n / 10))
    _open_patient(qtbot, window, "0031")
    window.show_view("labs")
    labs = window.workspace.view("labs")
    qtbot.waitUntil(lambda: labs.canvas is not None and bool(labs.canvas.figure.axes))
    ax = labs.canvas.figure.axes[0]
    labs.canvas.draw()
    assert isinstance(ax.xaxis.get_major_locator(), mdates.DateLocator)
    low, high = ax.get_xlim()
    ticks = [t for t in ax.get_xticks() if low <= t <= high]
    assert len(ticks) >= 2 and all(t == int(t) for t in ticks)  # local midnights
    labels = [mdates.num2date(t).strftime("%d %b") for t in ticks]
    assert len(labels) == len(set(labels))


def test_voided_records_show_struck_through_on_a_toggle_with_their_history(
    qtbot: Any, window: MainWindow, session: Any, repo: Any, first_patient: PatientId
) -> None:
    from PySide6.QtWidgets import QApplication

    from clinical.model import LabResult
    from gui.history_dialog import HistoryDialog

    kept = repo.add_lab(LabResult(first_patient, session.now() - dt.timedelta(hours=5), 1.1))
    wrong = repo.add_lab(LabResult(first_patient, session.now() - dt.timedelta(hours=2), 0.42))
    repo.void("lab", wrong.id, "entered in error: wrong patient")
    _open_patient(qtbot, window, "0012")
    window.show_view("labs")
    labs = window.workspace.view("labs")
    assert [r.id for r in labs.model.rows()] == [kept.id]  # hidden by default
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(labs.model.rows()) == 2)
    row = [r.id for r in labs.model.rows()].index(wrong.id)
    cell = labs.model.index(row, 1)
    assert cell.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert not labs.model.index(1 - row, 1).data(Qt.ItemDataRole.FontRole)  # the live one is plain
    assert labs.model.index(row, 2).data(Qt.ItemDataRole.BackgroundRole) is None  # no grade colour
    correct, void, history = labs.menu.actions_for(row)
    assert not correct.isEnabled() and not void.isEnabled() and history.isEnabled()
    history.trigger()
    dialog = labs.menu.last_dialog
    assert isinstance(dialog, HistoryDialog)
    texts = [str(dialog.model.index(r, c).data()) for r in range(dialog.model.rowCount()) for c in range(6)]
    assert any("wrong patient" in t for t in texts)
    dialog.close()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(labs.model.rows()) == 1)
