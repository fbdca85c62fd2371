"""Messages and the history dialog speak the forms' language (issue 13, "Messages show code"): field labels,
local times, yes/no and words, the subject id; never `voided 0 -> 1`, `void_reason`, JSON reasons or
`patient_id=1`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from clinical.choices import DoseStatus, InjectionSite
from clinical.model import LabResult, PatientId
from gui.formatting import local_time, qdatetime_from_utc
from gui.patient.history_dialog import HistoryDialog

SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
ISO_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")


def _cells(dialog: HistoryDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [str(model.data(model.index(row, column)) or "") for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def _assert_readable(dialog: HistoryDialog) -> list[list[str]]:
    cells = _cells(dialog)
    for row in cells:
        text = " | ".join(row)
        assert not SNAKE.search(text), text
        assert not ISO_SECONDS.search(text), text
        assert "=" not in text and '["' not in text and " 0 → 1" not in text, text
    assert not SNAKE.search(dialog.windowTitle())
    return cells


def test_lab_history_shows_labels_and_formatted_values(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    lab = session.repo.add_lab(LabResult(first_patient, session.now() - dt.timedelta(hours=2), anc=1.2))
    session.repo.correct("lab", lab.id, {"anc": 0.45}, "re-read the print-out")
    session.repo.void("lab", lab.id, "entered in error: wrong patient")
    dialog = HistoryDialog(session, "lab", lab.id)
    qtbot.addWidget(dialog)
    cells = _assert_readable(dialog)
    assert dialog.windowTitle() == f"History of lab result {lab.id}"
    created = cells[0][4]
    assert "Patient: 044-0012" in created and "ANC (×10⁹/L): 1.2" in created
    assert "Why: Grade 2" in created
    fields = {row[3]: row for row in cells}
    assert fields["ANC (×10⁹/L)"][4] == "1.2 → 0.45"
    assert fields["Why"][4].startswith("Grade 2") and "→ Grade 4" in fields["Why"][4]
    voided = fields["Voided (entered in error)"]
    assert voided[2] == "Voided" and voided[4] == "no → yes"
    assert voided[5] == "entered in error: wrong patient"  # the reason once, in its column
    assert "Reason voided" not in fields


def test_dose_history_shows_local_time_and_words(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    dose = session.repo.doses(first_patient)[0]
    given = session.now() - dt.timedelta(hours=1)
    session.repo.record_dose(
        dose.id, DoseStatus.GIVEN, given_at=given, amount_ug=250.0, site=InjectionSite.ABDOMEN_LEFT
    )
    dialog = HistoryDialog(session, "dose", dose.id)
    qtbot.addWidget(dialog)
    cells = _assert_readable(dialog)
    fields = {row[3]: row for row in cells if row[2] == "Recorded"}
    assert fields["Time (local)"][4] == f"— → {local_time(given)}"  # "2026-03-02 08:30 (UTC+01:00)"
    assert fields["Status"][4] == "Planned → Given"
    assert fields["Injection site"][4] == "— → Abdomen, left"
    assert fields["Amount given (µg)"][4] == "— → 250"


def test_a_storage_refusal_in_a_form_names_the_label_and_local_time(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    """The issue's example, seen where a nurse sees it: beside the form, after Enter."""
    from PySide6.QtCore import Qt

    from gui.patient.crs_form import CrsFormDialog

    form = CrsFormDialog(session, first_patient)
    qtbot.addWidget(form)
    form.show()
    future = session.repo.now().replace(second=0, microsecond=0) + dt.timedelta(days=3)  # storage's clock
    form.when.setDateTime(qdatetime_from_utc(future))
    qtbot.keyClicks(form.temperature, "38,2")
    qtbot.keyClick(form.temperature, Qt.Key.Key_Return)
    message = form.error_label.text()
    shown = local_time(future)
    assert message.startswith(f"Not saved: Time (local): {shown} is not allowed"), message
    assert not SNAKE.search(message) and "datetime" not in message and not ISO_SECONDS.search(message)


def test_new_patient_refusal_quotes_the_value_not_its_repr(session: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialogButtonBox

    from gui.dialogs.new_patient_dialog import NewPatientDialog

    dialog = NewPatientDialog(session)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.subject_id, "044-0012")  # already used
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    shown = [v.text() for v in [*dialog.errors.values(), dialog.general_error] if v.isVisibleTo(dialog)]
    assert shown == ["“044-0012” is not allowed: a subject id not already used."]
