"""The temperature vital sign in the real window (issue 11): its tab, a form with no grade, a typed
38.6 saved, and febrile neutropenia on the Flags tab from that temperature and an ANC alone (no CRS
assessment recorded)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinical.findings import FlagRule
from clinical.model import LabResult, PatientId
from gui.main_window import MainWindow
from gui.patient.toxicity_form import ToxicityFormDialog
from gui.patient.toxicity_view import ToxicityView

from .conftest import open_active_window

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    return open_active_window(qtbot, session, settings_path)


def _press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)


def _open_form(qtbot: Any, window: MainWindow) -> tuple[ToxicityView, ToxicityFormDialog]:
    _press(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "0012")
    _press(qtbot, Qt.Key.Key_Return)
    assert window.show_view("temperature")
    view = window.workspace.view("temperature")
    assert isinstance(view, ToxicityView)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    form = view.last_dialog
    assert isinstance(form, ToxicityFormDialog)
    qtbot.waitUntil(form.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.editors["temperature_c"].control)
    return view, form


def test_a_temperature_typed_in_its_tab_is_saved_ungraded_and_listed(
    qtbot: Any, window: MainWindow, session: Any, first_patient: PatientId
) -> None:
    view, form = _open_form(qtbot, window)
    assert form.grade_box.isHidden()  # an observation shows no grade
    qtbot.keyClicks(QApplication.focusWidget(), "38.6")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    [saved] = session.repo.records("temperature", first_patient)
    assert saved.values["temperature_c"] == 38.6 and saved.grade is None
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Grade" not in headers and "Why" not in headers
    row = " ".join(str(model.data(model.index(0, c))) for c in range(model.columnCount()))
    assert "38.6" in row


def test_an_out_of_range_temperature_is_not_saved(
    qtbot: Any, window: MainWindow, session: Any, first_patient: PatientId
) -> None:
    _view, form = _open_form(qtbot, window)
    qtbot.keyClicks(QApplication.focusWidget(), "55")
    assert not form.save()
    assert "30" in form.error_label.text() and "45" in form.error_label.text()  # the allowed range
    assert form.isVisible()  # what was typed stays to be corrected
    assert session.repo.records("temperature", first_patient) == []


def test_febrile_neutropenia_from_the_vital_sign_shows_on_the_flags_tab(
    qtbot: Any, window: MainWindow, session: Any, first_patient: PatientId
) -> None:
    drawn = session.now() - dt.timedelta(hours=3)
    session.repo.add_lab(LabResult(first_patient, drawn, 0.4))
    assert session.repo.crs(first_patient) == []
    _view, form = _open_form(qtbot, window)
    qtbot.keyClicks(QApplication.focusWidget(), "38.6")
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert window.show_view("flags")
    panel: Any = window.workspace.view("flags")
    panel.refresh()
    febrile = [f for f in panel.flags() if f.rule is FlagRule.FEBRILE_NEUTROPENIA]
    assert len(febrile) == 1 and "38.6 °C" in febrile[0].message
