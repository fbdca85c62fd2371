"""The lab form checks counts against each other and against an obvious unit mix-up (issue 11, "ANC
plausibility"), and grades with the CTCAE version chosen (issue 11, "CTCAE version"); real keys."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from clinical.model import PatientId
from gui.patient.lab_form import UNIT_CELLS, LabFormDialog


@pytest.fixture
def lab(session: Any, first_patient: PatientId, qtbot: Any) -> LabFormDialog:
    dialog = LabFormDialog(session, first_patient)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(f"{title}: {text}")
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def _enter(qtbot: Any, widget: Any) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


# ---- ANC against WBC -------------------------------------------------------------------------------


def test_anc_above_the_wbc_is_refused(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    qtbot.keyClicks(lab.anc, "4.2")
    qtbot.keyClicks(lab.wbc, "1.1")
    _enter(qtbot, lab.wbc)
    assert session.repo.labs(first_patient) == []
    assert lab.isVisible()
    assert "WBC" in lab.error_label.text() and "4.2" in lab.error_label.text()


def test_anc_equal_to_the_wbc_is_saved(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    qtbot.keyClicks(lab.anc, "1.1")
    qtbot.keyClicks(lab.wbc, "1.1")
    _enter(qtbot, lab.wbc)
    [saved] = session.repo.labs(first_patient)
    # since issue 15 the WBC is its own graded record (White blood cell decreased), saved with the ANC
    [wbc] = session.repo.records("white_blood_cell_decreased", first_patient)
    assert (saved.anc, saved.wbc, wbc.values["wbc"], wbc.assessed_at) == (1.1, None, 1.1, saved.drawn_at)


# ---- a count that looks typed in another unit ------------------------------------------------------


def test_anc_80_in_10e9_asks_did_you_mean_cells(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's case: 80 cells/µL typed in the x10^9/L unit saved as grade 0."""
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClicks(lab.anc, "80")
    assert lab.grade_label.text() == "Grade 0 (CTCAE v5.0)"
    _enter(qtbot, lab.anc)
    assert len(asked) == 1 and "cells/µL" in asked[0] and "0.08" in asked[0]
    assert session.repo.labs(first_patient) == []  # nothing saved while asking
    assert lab.unit.currentData() == UNIT_CELLS and lab.anc.text() == "80"  # re-read, shown
    assert lab.grade_label.text() == "Grade 4 (CTCAE v5.0)"
    _enter(qtbot, lab.anc)  # saved as she now sees it (no question: the unit is cells/µL)
    assert len(asked) == 1
    [saved] = session.repo.labs(first_patient)
    assert saved.anc == pytest.approx(0.08) and saved.grade == 4


def test_anc_above_30_kept_when_the_user_says_no(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.keyClicks(lab.anc, "35")
    _enter(qtbot, lab.anc)
    assert len(asked) == 1
    [saved] = session.repo.labs(first_patient)
    assert saved.anc == 35.0


def test_cancel_keeps_the_form(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClicks(lab.anc, "80")
    _enter(qtbot, lab.anc)
    assert session.repo.labs(first_patient) == [] and lab.anc.text() == "80" and lab.isVisible()


@pytest.mark.parametrize("anc", ["30", "2.5"])
def test_ordinary_anc_saves_without_a_question(
    lab: LabFormDialog,
    qtbot: Any,
    session: Any,
    first_patient: PatientId,
    monkeypatch: pytest.MonkeyPatch,
    anc: str,
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClicks(lab.anc, anc)
    _enter(qtbot, lab.anc)
    assert asked == [] and len(session.repo.labs(first_patient)) == 1


@pytest.mark.parametrize(
    ("field", "typed", "unit", "converted"),
    [
        ("wbc", "800", "cells/µL", "0.8"),  # above 100 x10^9/L
        ("platelets", "4000", "cells/µL", "4"),  # above 1000 x10^9/L
        ("lln", "1800", None, None),  # above the 100 range: refused outright, no question
        ("haemoglobin", "9", "g/dL", "90"),  # below 30 g/L
    ],
)
def test_other_counts_ask_about_the_unit(
    lab: LabFormDialog,
    qtbot: Any,
    session: Any,
    first_patient: PatientId,
    monkeypatch: pytest.MonkeyPatch,
    field: str,
    typed: str,
    unit: str | None,
    converted: str | None,
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.keyClicks(lab.anc, "0.5")
    qtbot.keyClicks(getattr(lab, field), typed)
    _enter(qtbot, lab.anc)
    assert session.repo.labs(first_patient) == []
    if unit is None:
        assert asked == [] and "allowed range" in lab.error_label.text()
        return
    assert len(asked) == 1 and unit in asked[0]
    assert getattr(lab, field).text() == converted
    _enter(qtbot, lab.anc)
    assert len(session.repo.labs(first_patient)) == 1


# ---- CTCAE version ---------------------------------------------------------------------------------


def test_v5_is_the_default_and_v6_can_be_chosen_by_keyboard(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    """Reference §4.3 (secondary source): v6.0 grade 3 is <0.5-0.1, grade 4 <0.1 x10^9/L."""
    qtbot.keyClicks(lab.anc, "0.3")
    assert lab.grade_label.text() == "Grade 4 (CTCAE v5.0)"
    qtbot.keyClick(lab.version, Qt.Key.Key_Down)
    assert lab.grade_label.text() == "Grade 3 (CTCAE v6.0)"
    _enter(qtbot, lab.anc)
    [saved] = session.repo.labs(first_patient)
    assert (saved.grade, saved.ctcae_version) == (3, "6.0")


def test_each_stored_grade_keeps_its_version(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    for down in (0, 1):
        form = LabFormDialog(session, first_patient)
        qtbot.addWidget(form)
        form.when.setDateTime(form.when.dateTime().addSecs(-3600 * (down + 1)))
        qtbot.keyClicks(form.anc, "1.2")
        for _ in range(down):
            qtbot.keyClick(form.version, Qt.Key.Key_Down)
        assert form.save()
    stored = {(lab.ctcae_version, lab.grade) for lab in session.repo.labs(first_patient)}
    assert stored == {("5.0", 2), ("6.0", 1)}  # v5.0: <1.5-1.0 grade 2; v6.0: <1.5-1.0 grade 1
