"""The record menu (Correct / Void / History) from the keyboard acts on the current row (issue 13,
story 7): Shift+F10, or the Menu key, which the platform turns into a keyboard context-menu event.
Qt gives that event in the table's coordinates, not its viewport's, so the menu used to open for
the row under the current one (one header height lower) and Void would void the wrong record."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication

from clinical.model import LabResult, PatientId
from gui.patient.correction_dialog import VoidDialog
from gui.patient.labs_view import LabsView


@pytest.fixture
def labs(session: Any, first_patient: PatientId, qtbot: Any) -> LabsView:
    """Three ANC results a day apart, listed in the Labs tab's view, the table focused."""
    for days, anc in ((3, 1.8), (2, 0.9), (1, 0.42)):
        session.repo.add_lab(LabResult(first_patient, session.now() - dt.timedelta(days=days), anc))
    view = LabsView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    view.resize(900, 400)
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.table.setFocus()
    assert view.model.rowCount() == 3
    return view


def _down_to_row(qtbot: Any, view: LabsView, row: int) -> int:
    """Down arrows to `row`; the id of the record shown there."""
    while view.table.currentIndex().row() != row:
        qtbot.keyClick(view.table, Qt.Key.Key_Down)
    return int(view.model.row_at(view.model.index(row, 0)).id)


def _menu_key(view: LabsView) -> None:
    """What the platform (xcb, Windows) sends for the Menu key: a keyboard context-menu event to
    the window, which Qt forwards to the focused widget."""
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), QPoint(0, 0))
    QApplication.sendEvent(view.window().windowHandle(), event)


def _void_from_menu(qtbot: Any, view: LabsView) -> VoidDialog:
    menu = view.menu.shown
    assert menu is not None and menu.isVisible()
    assert [a.text() for a in menu.actions()] == ["Correct...", "Void (entered in error)...", "History..."]
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    dialog = view.menu.last_dialog
    assert isinstance(dialog, VoidDialog)
    return dialog


@pytest.mark.parametrize("row", [0, 1])
def test_the_menu_key_opens_the_menu_of_the_current_row(labs: LabsView, qtbot: Any, row: int) -> None:
    record_id = _down_to_row(qtbot, labs, row)
    _menu_key(labs)
    assert _void_from_menu(qtbot, labs).row_id == record_id


def test_shift_f10_opens_the_menu_of_the_current_row(labs: LabsView, qtbot: Any) -> None:
    record_id = _down_to_row(qtbot, labs, 1)
    qtbot.keyClick(labs.table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert _void_from_menu(qtbot, labs).row_id == record_id


def test_a_right_click_opens_the_menu_of_the_row_under_the_pointer(labs: LabsView, qtbot: Any) -> None:
    _down_to_row(qtbot, labs, 0)  # the current row is not the one clicked
    clicked = labs.model.index(2, 0)
    point = labs.table.visualRect(clicked).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, labs.table.viewport().mapToGlobal(point))
    QApplication.sendEvent(labs.table.viewport(), event)
    assert _void_from_menu(qtbot, labs).row_id == int(labs.model.row_at(clicked).id)


def test_escape_closes_the_menu_without_an_action(labs: LabsView, qtbot: Any) -> None:
    _down_to_row(qtbot, labs, 1)
    qtbot.keyClick(labs.table, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    menu = labs.menu.shown
    assert menu is not None and menu.isVisible()
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert not hasattr(labs.menu, "last_dialog")
