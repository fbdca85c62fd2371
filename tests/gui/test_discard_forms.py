"""Every form asks before discarding typed input (issue 13, "Typed values"): Record dose, New
patient, Start cycle, Move dose, Correct and Void, as the assessment forms do (test_typed_values.py).

Each dialog is driven by keys: something typed (or chosen, or ticked), then Escape. The question
appears with "Keep editing" as its default; keeping leaves the dialog and the input; discarding
closes it with nothing saved. An untouched dialog closes on Escape without asking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.model import CrsAssessment, PatientId
from gui.dialogs.move_dose_dialog import MoveDoseDialog
from gui.dialogs.new_patient_dialog import NewPatientDialog
from gui.dialogs.start_cycle_dialog import StartCycleDialog
from gui.patient.correction_dialog import CorrectionDialog, VoidDialog
from gui.patient.record_dose_dialog import RecordDoseDialog


@dataclass
class Case:
    """How to open one dialog, what a user types into it, and what the file holds meanwhile."""

    open: Callable[[Any, PatientId], QDialog]
    name: str  # as the question names the form
    type_into: Callable[[Any, Any], QWidget]  # (qtbot, dialog) -> the widget typed into
    shown: Callable[[Any], object]  # what the typed widget shows (kept on "Keep editing")
    saved: Callable[[Any, PatientId], object]  # what the file holds: unchanged after discarding


def _first_dose(session: Any, pid: PatientId) -> Any:
    return session.repo.doses(pid)[0]


def _crs(session: Any, pid: PatientId) -> int:
    """A CRS assessment to void, recorded an hour ago."""
    at = session.now() - dt.timedelta(hours=1)
    return int(session.repo.add_crs(CrsAssessment(pid, at, 38.6, Hypotension.FLUIDS, Oxygen.NONE)).id)


def _typed(qtbot: Any, widget: QWidget, text: str) -> QWidget:
    widget.setFocus()
    qtbot.keyClicks(widget, text)
    return widget


def _date_up(qtbot: Any, edit: Any) -> QWidget:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)  # one day later (the day section is current)
    return edit


def _ticked_with_reason(qtbot: Any, dialog: Any) -> QWidget:
    _typed(qtbot, dialog.reason, "wrong patient")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    return dialog.confirm


CASES = {
    "record dose": Case(
        lambda s, p: RecordDoseDialog(s, _first_dose(s, p).id),
        "Record dose",
        lambda qtbot, d: _typed(qtbot, d.lot, "LOT-7"),
        lambda d: d.lot.text(),
        lambda s, p: _first_dose(s, p).status,
    ),
    "new patient": Case(
        lambda s, p: NewPatientDialog(s),
        "New patient",
        lambda qtbot, d: _typed(qtbot, d.subject_id, "044-0099"),
        lambda d: d.subject_id.text(),
        lambda s, p: s.repo.real_patient_count(),
    ),
    "start cycle": Case(
        lambda s, p: StartCycleDialog(s, p),
        "Start cycle 2",
        lambda qtbot, d: _date_up(qtbot, d.start),
        lambda d: d.start.date().toPython(),
        lambda s, p: [c.number for c in s.repo.cycles(p)],
    ),
    "move dose": Case(
        lambda s, p: MoveDoseDialog(s, s.repo.doses(p)[-1].id),
        "Move dose",
        lambda qtbot, d: _typed(qtbot, d.reason, "public holiday"),
        lambda d: d.reason.text(),
        lambda s, p: s.repo.doses(p)[-1].planned_date,
    ),
    "correct": Case(
        lambda s, p: CorrectionDialog(s, "patient", p),
        "Correct patient",
        lambda qtbot, d: _typed(qtbot, d.editors["notes"].widget, "moved to ward 4"),
        lambda d: d.editors["notes"].widget.text(),
        lambda s, p: s.repo.get_patient(p).notes,
    ),
    "void": Case(
        lambda s, p: VoidDialog(s, "crs", _crs(s, p), summary="CRS grade 2", patient_id=p),
        "Void CRS assessment",
        _ticked_with_reason,
        lambda d: (d.reason.text(), d.confirm.isChecked()),
        lambda s, p: len(s.repo.crs(p)),
    ),
}


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    """Answer the discard question with `answer` (Discard, or Cancel: "Keep editing")."""
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(f"{box.windowTitle()}: {box.text()}")
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # keep is default
        assert box.button(QMessageBox.StandardButton.Cancel).text() == "Keep editing"
        return int(answer)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def _open(case: Case, session: Any, pid: PatientId, qtbot: Any) -> QDialog:
    dialog = case.open(session, pid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.parametrize("form", list(CASES))
def test_escape_with_input_asks_keeps_or_discards(
    form: str, session: Any, first_patient: PatientId, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[form]
    dialog = _open(case, session, first_patient, qtbot)
    before = case.saved(session, first_patient)
    widget = case.type_into(qtbot, dialog)
    typed = case.shown(dialog)
    question = f"Discard?: {case.name} is not saved. Discard what you typed?"

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert asked == [question]
    assert dialog.isVisible() and case.shown(dialog) == typed  # kept: the dialog and the input
    dialog.close()  # the window's close button asks too
    assert asked == [question, question] and dialog.isVisible()

    asked = _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    qtbot.keyClick(widget, Qt.Key.Key_Escape)
    assert asked == [question]
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected
    assert case.saved(session, first_patient) == before  # nothing saved


@pytest.mark.parametrize("form", list(CASES))
def test_escape_on_an_untouched_dialog_closes_without_asking(
    form: str, session: Any, first_patient: PatientId, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[form]
    dialog = _open(case, session, first_patient, qtbot)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert asked == []
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_undoing_the_input_by_hand_counts_as_untouched(
    session: Any, first_patient: PatientId, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Input means a difference from the dialog as it opened: typed and erased again is none."""
    dialog = _open(CASES["move dose"], session, first_patient, qtbot)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    _typed(qtbot, dialog.reason, "ab")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert asked == [] and not dialog.isVisible()


def test_choosing_held_by_key_counts_as_input(
    session: Any, first_patient: PatientId, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A choice (the outcome, by its Alt+H mnemonic) is input as much as typed text."""
    dialog = _open(CASES["record dose"], session, first_patient, qtbot)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.outcome_buttons[DoseStatus.HELD].isChecked)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert asked == ["Discard?: Record dose is not saved. Discard what you typed?"]
    assert dialog.isVisible()


def test_a_grade_picked_in_a_correction_counts_as_input(
    session: Any, first_patient: PatientId, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CTCAE sentence picked by its digit is neither text, choice nor tick: still input."""
    from clinical.choices import InjectionSite
    from clinical.toxicities import ToxicityRecord

    isr = "injection_site_reaction"
    dose = _first_dose(session, first_patient)
    given = session.repo.record_dose(
        dose.id,
        DoseStatus.GIVEN,
        given_at=session.now() - dt.timedelta(hours=15),
        amount_ug=250.0,
        site=InjectionSite.ABDOMEN_LEFT,
    )
    at = session.now() - dt.timedelta(hours=1)
    saved = session.repo.add_record(
        isr, ToxicityRecord(isr, first_patient, at, {"grade": "3"}, dose_id=given.id)
    )
    dialog = CorrectionDialog(session, isr, saved.id)
    qtbot.addWidget(dialog)
    dialog.show()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    pick: Any = dialog.editors["grade"].widget.focusProxy()
    qtbot.keyClick(pick, Qt.Key.Key_2)
    qtbot.keyClick(pick, Qt.Key.Key_Escape)
    assert asked == ["Discard?: Correct injection site reaction is not saved. Discard what you typed?"]
    assert not dialog.isVisible()
    assert session.repo.get_record(isr, saved.id).values["grade"] == "3"  # nothing saved
