"""The CRS form after the merge of D's number field and G's explicit 'not measured' (Alt+N) and
'Signs due to another cause', driven by keys alone in an active window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinical.model import PatientId
from gui.patient.crs_form import CrsFormDialog
from tests.gui.words import graded

ALT = Qt.KeyboardModifier.AltModifier


def _shown(session: Any, patient: PatientId, qtbot: Any) -> CrsFormDialog:
    form = CrsFormDialog(session, patient)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def test_alt_n_from_a_typed_temperature_ticks_not_measured_and_saves_not_gradable(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    form = _shown(session, first_patient, qtbot)
    qtbot.keyClicks(QApplication.focusWidget(), "38,6")  # the form opens in the temperature
    assert form.grade_label.text().startswith(graded(1))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, ALT)
    qtbot.waitUntil(form.not_measured.isChecked)  # a mnemonic clicks after a short animation
    assert not form.temperature.isEnabled() and form.temperature.text() == ""
    assert form.grade_label.text() == "Not gradable: temperature not recorded"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, ALT)  # Alt+N again: measured after all
    qtbot.waitUntil(lambda: not form.not_measured.isChecked())
    assert form.temperature.isEnabled()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, ALT)
    qtbot.waitUntil(form.not_measured.isChecked)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert form.result() == form.DialogCode.Accepted
    [saved] = session.repo.crs(first_patient)
    assert (saved.temperature_c, saved.grade) == (None, None)


def test_tab_reaches_not_measured_last_after_the_other_cause(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    form = _shown(session, first_patient, qtbot)
    seen = [QApplication.focusWidget()]
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [
        form.temperature, form.fever_masked, form.hypotension, form.oxygen, form.treatment,
        form.attributed_to, form.not_measured,
    ]  # fmt: skip
