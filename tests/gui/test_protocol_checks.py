"""Protocol checks in the real dialogs (issue 11): an amount other than planned, a dose < 24 h after
another and an early cycle start open a "Protocol check" box and save only with a reason; a move
past the next dose is refused with the neighbours' dates; a patient under 18 is refused beside the
birth year; the start-cycle dialog says the thrice-weekly days are inferred and lists weekend doses;
the premedication field gives no IV example."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from clinical.choices import DoseStatus
from clinical.model import PatientId
from gui.dialogs.move_dose_dialog import MoveDoseDialog
from gui.dialogs.new_patient_dialog import NewPatientDialog
from gui.dialogs.start_cycle_dialog import StartCycleDialog
from gui.patient.dose_calendar import DoseCalendarView
from gui.patient.record_dose_dialog import RecordDoseDialog


def _record_dialog(session: Any, dose_id: Any, qtbot: Any) -> RecordDoseDialog:
    dialog = RecordDoseDialog(session, dose_id)
    qtbot.addWidget(dialog)
    dialog.show()  # Enter reaches the default Save button only in a shown dialog
    return dialog


def test_amount_other_than_planned_saves_only_with_a_reason(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    view = DoseCalendarView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    first = session.repo.doses(first_patient)[0]  # 250 µg lead-in
    dialog = _record_dialog(session, first.id, qtbot)
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "2000")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert not dialog.protocol_box.isHidden()
    assert "2000 µg" in dialog.protocol_text.text() and "250 µg planned" in dialog.protocol_text.text()
    assert session.repo.get_dose(first.id).status is DoseStatus.PLANNED
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.focusWidget() is dialog.deviation_reason
    qtbot.keyClicks(dialog.deviation_reason, "prescribed as a single 2000 µg dose by Dr X")
    qtbot.keyClick(dialog.deviation_reason, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = session.repo.get_dose(first.id)
    assert saved.amount_ug == 2000.0 and "Dr X" in saved.deviation
    # the calendar shows the exception on the dose's row
    row = next(i for i, d in enumerate(view.model.rows()) if d.id == first.id)
    texts = [str(view.model.data(view.model.index(row, c))) for c in range(view.model.columnCount())]
    assert any("Protocol check" in t and "Dr X" in t for t in texts), texts


def test_second_dose_within_24_h_opens_the_protocol_check(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    day1, day2 = session.repo.doses(first_patient)[:2]
    _record_dialog(session, day1.id, qtbot).save()  # given now (the dialog's default time)
    dialog = _record_dialog(session, day2.id, qtbot)
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)  # also now: 0 h after day 1's dose
    assert not dialog.protocol_box.isHidden() and "less than 24 h" in dialog.protocol_text.text()
    assert session.repo.get_dose(day2.id).status is DoseStatus.PLANNED
    qtbot.keyClicks(dialog.deviation_reason, "catch-up of a missed day")
    qtbot.keyClick(dialog.deviation_reason, Qt.Key.Key_Return)
    assert "catch-up" in session.repo.get_dose(day2.id).deviation


def test_premedication_has_no_iv_example(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    dialog = _record_dialog(session, session.repo.doses(first_patient)[0].id, qtbot)
    hint = dialog.premedication.placeholderText()
    assert "IV" not in hint and "dexamethasone" not in hint.lower() and "20 mg" not in hint


def test_early_cycle_start_needs_a_reason(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    first_start = session.repo.cycles(first_patient)[0].start_date
    dialog = StartCycleDialog(session, first_patient)
    qtbot.addWidget(dialog)
    dialog.start.setDate(dialog.start.date().addDays(-20))  # day 16 of cycle 1
    dialog.save()
    assert not dialog.protocol_box.isHidden()
    assert (first_start + dt.timedelta(days=33)).isoformat() in dialog.protocol_text.text()
    assert len(session.repo.cycles(first_patient)) == 1
    qtbot.keyClicks(dialog.deviation_reason, "restaging showed progression")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    cycles = session.repo.cycles(first_patient)
    assert len(cycles) == 2 and "restaging" in cycles[1].deviation
    view = DoseCalendarView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    view.cycle_combo.setCurrentIndex(view.cycle_combo.findData(cycles[1].id))
    assert "Protocol check" in view.note.text() and "restaging" in view.note.text()
    assert "inferred from the published schedule" in view.note.text()
    view.cycle_combo.setCurrentIndex(view.cycle_combo.findData(cycles[0].id))
    assert "Protocol check" not in view.note.text() and "inferred" in view.note.text()


def test_start_cycle_says_the_days_are_inferred_and_lists_weekend_doses(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    dialog = StartCycleDialog(session, first_patient)
    qtbot.addWidget(dialog)
    assert "inferred" in dialog.inference.text() and "published schedule" in dialog.inference.text()
    start = dialog.start.date().toPython()
    assert start.weekday() == 3  # a Thursday: days 1, 3, 5 are Thu, Sat, Mon
    saturday = start + dt.timedelta(days=2)
    assert not dialog.weekend.isHidden() and saturday.isoformat() in dialog.weekend.text()
    assert "day 3" in dialog.weekend.text()
    dialog.start.setDate(dialog.start.date().addDays(4))  # a Monday: Mon/Wed/Fri, no weekend dose
    assert dialog.weekend.isHidden() and dialog.weekend.text() == ""


def test_move_past_the_next_dose_is_refused(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    doses = session.repo.doses(first_patient)
    day8, day10 = doses[7], doses[8]
    dialog = MoveDoseDialog(session, day8.id)
    qtbot.addWidget(dialog)
    dialog.new_date.setDate(dialog.new_date.date().addDays(3))
    qtbot.keyClicks(dialog.reason, "clinic closed")
    dialog.save()
    assert (
        "next planned dose" in dialog.error.text() and day10.planned_date.isoformat() in dialog.error.text()
    )
    assert session.repo.get_dose(day8.id).planned_date == day8.planned_date


def test_new_patient_under_18_is_refused_beside_the_birth_year(qtbot: Any, session: Any, repo: Any) -> None:
    dialog = NewPatientDialog(session)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.subject_id, "044-0077")
    qtbot.keyClicks(dialog.birth_year, str(session.today().year - 16))
    before = repo.patient_ids()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    label = dialog.errors["birth_year"]
    assert label.isVisibleTo(dialog) and "18" in label.text() and "adults" in label.text()
    assert repo.patient_ids() == before


def test_new_patient_shows_cycle_1_weekend_doses_before_saving(qtbot: Any, session: Any) -> None:
    dialog = NewPatientDialog(session)
    qtbot.addWidget(dialog)
    # 'Start cycle 1' is ticked by default (E, issue 13): the plan shows from the start, goes with
    # the tick and comes back with it.
    assert dialog.start_cycle.isChecked() and not dialog.plan_note.isHidden()
    dialog.start_cycle.setChecked(False)
    assert dialog.plan_note.isHidden()  # no cycle to be started
    dialog.start_cycle.setChecked(True)
    monday = session.today()  # 2026-03-02: the lead-in is daily, so days 6 and 7 are Sat and Sun
    assert monday.weekday() == 0
    text = dialog.plan_note.text()
    assert not dialog.plan_note.isHidden() and "inferred from the published schedule" in text
    assert "day 6" in text and (monday + dt.timedelta(days=5)).isoformat() in text
    assert (monday + dt.timedelta(days=7)).isoformat() not in text  # day 8, a Monday
