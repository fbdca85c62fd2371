"""Corrections: edit a saved record with a required reason, void with confirmation, see the history."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from clinical.model import LabResult, PatientId
from gui.patient.correction_dialog import CorrectionDialog, VoidDialog
from gui.patient.history_dialog import HistoryDialog, history_model
from gui.patient.labs_view import LabsView


@pytest.fixture
def lab(session: Any, first_patient: PatientId) -> LabResult:
    record = LabResult(patient_id=first_patient, drawn_at=session.now() - dt.timedelta(hours=2), anc=1.2)
    saved: LabResult = session.repo.add_lab(record)
    return saved


def test_correct_with_reason_then_history(
    session: Any, lab: LabResult, qtbot: Any, qtmodeltester: Any
) -> None:
    assert lab.id is not None
    dialog = CorrectionDialog(session, "lab", lab.id)
    qtbot.addWidget(dialog)
    dialog.editors["anc"].widget.setText("0.45")  # type: ignore[attr-defined]
    dialog.save()
    assert "reason" in dialog.error.text()
    assert session.repo.get_lab(lab.id).anc == 1.2  # nothing written without a reason
    dialog.reason.setText("transcription error")
    dialog.save()
    corrected = session.repo.get_lab(lab.id)
    assert corrected.anc == pytest.approx(0.45) and corrected.grade == 4  # regraded
    history = HistoryDialog(session, "lab", lab.id)
    qtbot.addWidget(history)
    lines = history.model.rows()
    anc_line = [line for line in lines if line.field == "anc"][-1]  # the insert lists anc too
    assert anc_line.entry.action == "correct" and anc_line.entry.reason == "transcription error"
    row = lines.index(anc_line)
    assert history.model.data(history.model.index(row, 4)) == "1.2 → 0.45"
    assert "(UTC" in str(history.model.data(history.model.index(row, 0)))
    qtmodeltester.check(history.model)


def test_unchanged_correction_is_refused(session: Any, lab: LabResult, qtbot: Any) -> None:
    assert lab.id is not None
    dialog = CorrectionDialog(session, "lab", lab.id)
    qtbot.addWidget(dialog)
    dialog.reason.setText("no reason to change")
    dialog.save()
    assert dialog.error.text() == "Nothing was changed."


def test_void_needs_reason_and_confirmation_and_undo_restores(
    session: Any, lab: LabResult, first_patient: PatientId, qtbot: Any
) -> None:
    assert lab.id is not None
    dialog = VoidDialog(session, "lab", lab.id, summary="ANC 1.2")
    qtbot.addWidget(dialog)
    assert not dialog.void_button.isEnabled()
    dialog.reason.setText("entered in error: wrong patient")
    assert not dialog.void_button.isEnabled()
    dialog.confirm.setChecked(True)
    assert dialog.void_button.isEnabled()
    dialog.save()
    assert session.repo.labs(first_patient) == []
    actions = [entry.action for entry in session.repo.history("lab", lab.id)]
    assert actions[-1] == "void"
    assert session.undo_last()
    assert [x.id for x in session.repo.labs(first_patient)] == [lab.id]


def test_view_context_menu_has_the_three_actions(
    session: Any, lab: LabResult, first_patient: PatientId, qtbot: Any
) -> None:
    view = LabsView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    actions = view.menu.actions_for(0)
    assert [a.text() for a in actions] == ["Correct...", "Void (entered in error)...", "History..."]
    actions[2].trigger()
    assert isinstance(view.menu.last_dialog, HistoryDialog)
    view.menu.last_dialog.close()


def test_history_model_empty(qtmodeltester: Any) -> None:
    qtmodeltester.check(history_model())


def test_screenshots(session: Any, lab: LabResult, qtbot: Any, tmp_path: Path) -> None:
    assert lab.id is not None
    out = Path(os.environ.get("TOXTRACK_SHOTS", tmp_path))
    dialog = CorrectionDialog(session, "lab", lab.id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.grab().save(str(out / "correction.png"))
    session.repo.correct("lab", lab.id, {"anc": 0.9}, "re-read the print-out")
    history = HistoryDialog(session, "lab", lab.id)
    qtbot.addWidget(history)
    history.show()
    assert history.grab().save(str(out / "history.png"))
    void = VoidDialog(session, "lab", lab.id, summary="ANC 0.9")
    qtbot.addWidget(void)
    void.show()
    assert void.grab().save(str(out / "void.png"))


def test_a_long_reason_wraps_inside_the_history_dialog(session: Any, lab: LabResult, qtbot: Any) -> None:
    assert lab.id is not None
    reason = (
        "Transcription error: the analyser printout shows a different value than the one typed at "
        "the bedside; corrected after checking with the laboratory by phone."
    )
    session.repo.correct("lab", lab.id, {"anc": 0.45}, reason)
    history = HistoryDialog(session, "lab", lab.id)
    qtbot.addWidget(history)
    history.show()
    qtbot.waitExposed(history)
    table = history.table
    row = next(r for r, line in enumerate(history.model.rows()) if line.entry.reason == reason)
    reason_column = history.model.columnCount() - 1
    right_edge = table.columnViewportPosition(reason_column) + table.columnWidth(reason_column)
    assert right_edge <= table.viewport().width()  # all of it in view, no scrolling sideways
    qtbot.waitUntil(lambda: table.rowHeight(row) == table.sizeHintForRow(row), timeout=2000)
    assert table.rowHeight(row) >= 2 * table.fontMetrics().height()  # on two lines or more


def test_a_crs_assessment_can_be_attributed_to_another_cause_by_correction(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    """Issue 11: the attribution is correctable like any observation; the record is kept, not graded."""
    from clinical.choices import Hypotension, Oxygen
    from clinical.model import CrsAssessment

    at = session.now() - dt.timedelta(hours=1)
    saved = session.repo.add_crs(CrsAssessment(first_patient, at, 38.9, Hypotension.FLUIDS, Oxygen.NONE))
    assert saved.id is not None and saved.grade == 2
    dialog = CorrectionDialog(session, "crs", saved.id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.editors["attributed_to"].widget, "urinary infection")
    dialog.reason.setText("cultures positive, reviewed")
    dialog.save()
    corrected = session.repo.get_crs(saved.id)
    assert (corrected.attributed_to, corrected.grade) == ("urinary infection", None)
