"""What the main window shows (issue 13): flags in local time, voided records on a toggle, open
episodes on Today, the layout at the default 1400 px, the first run. Driven through the real
window with the keys a user presses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.model import CrsAssessment, PatientId
from clinical.toxicities import toxicities
from gui.main_window import MainWindow
from gui.settings import Settings
from tests.gui.words import tr

from .conftest import open_active_window

CTRL = Qt.KeyboardModifier.ControlModifier


def _window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    win: MainWindow = open_active_window(qtbot, session, settings_path)
    return win


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    return _window(qtbot, session, settings_path)


def _open_patient(qtbot: Any, win: MainWindow, typed: str) -> None:
    """Ctrl+F, the subject number, Enter."""
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(win.patient_list.search, typed)
    qtbot.keyClick(win.patient_list.search, Qt.Key.Key_Return)


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
    from gui.patient.history_dialog import HistoryDialog

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


def _fits_across(table: Any, column: int) -> bool:
    """The column ends inside the table's viewport and no sideways scroll bar is needed."""
    header = table.horizontalHeader()
    right = header.sectionViewportPosition(column) + header.sectionSize(column)
    return right <= table.viewport().width() and not table.horizontalScrollBar().isVisible()


def test_patient_list_status_is_not_cut_at_the_default_width(
    qtbot: Any, session: Any, repo: Any, settings_path: Path, today: dt.date
) -> None:
    from clinical.choices import PatientStatus
    from clinical.model import Patient

    for n, status in enumerate(PatientStatus):
        repo.add_patient(
            Patient(f"044-01{n:02d}", "SC 500/1000", today, status=status, name="Long Name " * 3)
        )
    win = _window(qtbot, session, settings_path)
    assert win.width() == 1400
    table = win.patient_list.table
    headers = [
        table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(table.model().columnCount())
    ]
    status = headers.index(tr("PatientListModel", "Status"))
    assert _fits_across(table, status)
    metrics = table.fontMetrics()
    for row in range(table.model().rowCount()):
        text = table.model().index(row, status).data()
        assert metrics.horizontalAdvance(text) + 6 <= table.columnWidth(status), text  # not elided


@pytest.mark.parametrize("width", [1400, 1024])
def test_crs_why_wraps_inside_the_view(
    qtbot: Any, window: MainWindow, session: Any, repo: Any, first_patient: PatientId, width: int
) -> None:
    """Long choices (one vasopressor, low-flow oxygen) and a treatment, as in the demo's grade 3."""
    window.resize(width, 700)
    rows = [
        (30, 37.1, Hypotension.NONE, Oxygen.NONE, ""),
        (20, 38.4, Hypotension.ONE_VASOPRESSOR, Oxygen.LOW_FLOW, "tocilizumab 8 mg/kg, paracetamol 1 g"),
        (10, 36.5, Hypotension.FLUIDS, Oxygen.NONE, ""),
    ]
    for hours, temp, hypotension, oxygen, treatment in rows:
        at = session.now() - dt.timedelta(hours=hours)
        repo.add_crs(CrsAssessment(first_patient, at, temp, hypotension, oxygen, treatment=treatment))
    _open_patient(qtbot, window, "0012")
    window.show_view("crs")
    view = window.workspace.view("crs")
    why = [c.header for c in view.model.columns()].index(tr("CrsView", "Why"))
    qtbot.waitUntil(lambda: _fits_across(view.table, why))
    longest = max(range(view.model.rowCount()), key=lambda r: len(view.model.index(r, why).data()))
    text = view.model.index(longest, why).data()
    assert view.table.fontMetrics().horizontalAdvance(text) > view.table.columnWidth(why)  # it wraps
    qtbot.waitUntil(lambda: view.table.rowHeight(longest) >= view.table.sizeHintForRow(longest))


def test_cohort_shows_all_rows_and_the_verdict_uncut(qtbot: Any, window: MainWindow) -> None:
    rows = 3 * len(toxicities())  # two regimens and the pooled row, one per registered toxicity
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)  # View > Cohort dashboard
    qtbot.waitUntil(
        lambda: window.cohort is not None and window.cohort.model.rowCount() == rows, timeout=20_000
    )
    table = window.cohort.table
    last = table.model().index(rows - 1, 0)
    qtbot.waitUntil(lambda: table.visualRect(last).bottom() < table.viewport().height())
    assert not table.verticalScrollBar().isVisible()
    verdict = table.model().columnCount() - 1
    assert _fits_across(table, verdict)
    for row in range(rows):
        qtbot.waitUntil(lambda row=row: table.rowHeight(row) >= table.sizeHintForRow(row))


def test_patient_header_wraps_and_never_widens_the_window(
    qtbot: Any, session: Any, repo: Any, first_patient: PatientId, settings_path: Path
) -> None:
    from clinical.choices import Consciousness
    from clinical.model import IcansAssessment

    repo.update_patient(
        first_patient,
        {"name": "Maria-Fernanda de los Santos Rodríguez-Hernández y Villalobos " * 2},
        "full name",
    )
    crs = CrsAssessment(
        first_patient, session.now() - dt.timedelta(hours=1), 38.9, Hypotension.FLUIDS, Oxygen.NONE
    )
    repo.add_crs(crs)
    ice = (True,) * 7 + (False,) * 3  # ICE 7: grade 1
    repo.add_icans(
        IcansAssessment(first_patient, session.now() - dt.timedelta(hours=1), Consciousness.ALERT, ice)
    )
    win = _window(qtbot, session, settings_path)
    _open_patient(qtbot, win, "0012")
    qtbot.wait(50)
    header = win.workspace.header
    assert (
        tr("Workspace", "{0} episode open, peak grade {1}").format(tr("toxicities", "CRS"), 2)
        in header.text()
    )
    assert header.minimumSizeHint().width() < win.width()  # it asks for no width of its own
    win.layout().activate()
    assert win.width() == 1400 and win.minimumSizeHint().width() < 1400
    assert header.width() < win.width() and header.height() >= header.heightForWidth(header.width())


def test_first_run_new_patient_row_fits_cycle_1_is_started_and_messages_clear(
    qtbot: Any, tmp_path: Path, settings_path: Path, message_boxes: list[str]
) -> None:
    """An empty file ("No" to the demo): Ctrl+N, Enter, an id, Enter, Ctrl+D."""
    from gui.session import Session
    from storage.repository import Repository

    with Repository.open(tmp_path / "first.db", create=True) as empty:
        session = Session(empty)
        win = _window(qtbot, session, settings_path)
        qtbot.keyClick(win, Qt.Key.Key_N, CTRL)
        dialog = win.last_dialog
        qtbot.waitUntil(dialog.isActiveWindow)
        assert dialog.start_cycle.isChecked()  # ticked by default
        qtbot.keyClick(dialog.subject_id, Qt.Key.Key_Return)  # no id yet
        required = dialog.errors["subject_id"]
        assert (
            required.isVisibleTo(dialog)
            and tr("NewPatientDialog", "a subject id is required").lower() in required.text().lower()
        )
        qtbot.keyClicks(dialog.subject_id, "044-0001")
        assert not required.isVisibleTo(dialog)  # gone once an id is typed
        qtbot.keyClick(dialog.subject_id, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: win.patient_list.model.total_count() == 1)
        table = win.patient_list.table
        text = table.model().index(0, 0).data()
        assert text == "044-0001"
        assert table.fontMetrics().horizontalAdvance(text) + 6 <= table.columnWidth(0)  # not "044-0…"
        qtbot.waitUntil(lambda: QApplication.activeWindow() is None)
        win.activateWindow()
        qtbot.waitUntil(win.isActiveWindow)
        qtbot.keyClick(win, Qt.Key.Key_D, CTRL)
        assert not message_boxes  # no "start a cycle first"
        assert type(win.last_dialog).__name__ == "RecordDoseDialog"
        win.last_dialog.reject()
        win.close()


@pytest.mark.parametrize(("hours", "overdue", "after"), [(None, False, 4), ("6", False, 6), ("1", True, 1)])
def test_today_lists_an_open_crs_episode_with_its_next_assessment_due(
    qtbot: Any,
    session: Any,
    repo: Any,
    settings_path: Path,
    today: dt.date,
    hours: str | None,
    overdue: bool,
    after: int,
) -> None:
    """Cycle 1 day 21, no dose in the last 24 h: no routine check is expected, but the open grade
    2 CRS episode is on Today, due its latest assessment + the clinic's setting (4 h unless set)."""
    from clinical.model import Patient
    from gui.formatting import local_time
    from gui.patient.crs_form import CrsFormDialog
    from gui.settings import EPISODE_REASSESS_HOURS

    if hours is not None:
        Settings(settings_path).set_text(EPISODE_REASSESS_HOURS, hours)
    patient = repo.add_patient(Patient("044-0040", "SC 250/500", today - dt.timedelta(days=30)))
    repo.start_cycle(patient.id, today - dt.timedelta(days=20))
    at = session.now() - dt.timedelta(hours=2)  # 07:30 UTC
    repo.add_crs(CrsAssessment(patient.id, at, 38.6, Hypotension.FLUIDS, Oxygen.NONE))  # grade 2
    win = _window(qtbot, session, settings_path)
    qtbot.keyClick(win, Qt.Key.Key_T, CTRL)  # View > Today
    win.today.refresh()
    model = win.today.model
    qtbot.waitUntil(lambda: not win.today.loading and model.rowCount() > 0)
    lines = [model.item(r) for r in range(model.rowCount())]
    mine = [i for i in lines if i.subject_id == "044-0040"]
    assert [i.kind.name for i in mine if i.toxicity == "crs"] == ["EPISODE"]  # no routine check
    template = (
        "{0} episode open since {1}, peak grade {2}: next assessment overdue since {3}"
        if overdue
        else "{0} episode open since {1}, peak grade {2}: next assessment due {3}"
    )
    expected = tr("TodayModel", template).format(
        tr("toxicities", "CRS"), local_time(at), 2, local_time(at + dt.timedelta(hours=after))
    )
    episode = next(i for i in mine if (i.kind.name, i.toxicity) == ("EPISODE", "crs"))
    assert episode.text == expected
    row = lines.index(episode)
    win.today.table.setFocus()
    win.today.table.selectRow(row)
    qtbot.keyClick(win.today.table, Qt.Key.Key_Return)  # opens the form that resolves it
    assert isinstance(win.today.last_dialog, CrsFormDialog)
    win.today.last_dialog.reject()


def test_every_view_fits_a_1024_by_700_screen(qtbot: Any, window: MainWindow) -> None:
    """On a 1024 x 700 screen no view makes the window wider than the screen (the dose calendar's one
    row of controls did: 1039 px, and it squeezed the patient list to its first column)."""
    _open_patient(qtbot, window, "0012")
    window.resize(1024, 700)
    for view in ["today", "cohort", *window.workspace.tab_names()]:
        assert window.show_view(view), view
        window.layout().activate()
        qtbot.wait(10)
        assert window.minimumSizeHint().width() <= 1024, view
        assert window.width() == 1024, view
    assert window.patient_list.width() >= 200  # the list keeps its subject and cycle columns


def test_the_divider_follows_the_window_until_the_user_moves_it(qtbot: Any, window: MainWindow) -> None:
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.splitter.sizes()[1] >= 670, timeout=2000)  # the pages keep their room
    window.resize(1400, 820)
    qtbot.waitUntil(
        lambda: window.splitter.sizes()[0] >= window.patient_list.preferred_width() - 10, timeout=2000
    )
    window.splitter.setSizes([300, 1088])
    window.splitter.splitterMoved.emit(300, 1)  # as a drag of the divider reports it
    window.resize(1300, 820)
    qtbot.wait(20)
    assert window.splitter.sizes()[0] < 320  # the user's choice is kept, not recomputed


def test_patient_page_is_made_when_first_shown_with_the_patient_chosen_meanwhile(
    qtbot: Any, window: MainWindow
) -> None:
    """The window opens on Today without building the Patient page (issue 14, start-up); a patient
    selected before the page exists is the one it shows when its tab is clicked."""
    from PySide6.QtWidgets import QTabWidget

    page = window.workspace
    assert window.pages.currentIndex() == 0  # Today
    assert page.findChild(QTabWidget) is None and not page.isVisible()
    second = window.session.repo.find_patient("044-0020").id
    window.session.select_patient(second)  # as the new-patient dialog or Today does, page unchanged
    qtbot.waitUntil(lambda: window.patient_list.table.currentIndex().row() == 1)  # the list follows
    assert window.pages.currentIndex() == 0 and page.findChild(QTabWidget) is None
    bar = window.pages.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert window.pages.currentWidget() is page and page.isVisible()
    tabs = page.findChild(QTabWidget)
    assert tabs is not None and tabs.isVisible() and page.header.isVisible()
    assert "044-0020" in page.header.text()
    assert page.tab_names()[0] == "doses" and len(page.tab_names()) == len(page.tab_list) >= 6
