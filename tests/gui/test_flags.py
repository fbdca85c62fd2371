"""Flags panel: a grade 3 CRS episode raises a critical-or-warning flag citing the trial's 20 %."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinical.choices import Hypotension, Oxygen
from clinical.findings import FlagRule
from clinical.model import CrsAssessment, PatientId
from clinical.reference import trial
from gui.patient.flags_model import flags_model
from gui.patient.flags_panel import FlagsPanel
from tests.gui.words import tr


@pytest.fixture
def panel(session: Any, first_patient: PatientId, qtbot: Any) -> FlagsPanel:
    widget = FlagsPanel(session)
    qtbot.addWidget(widget)
    widget.set_patient(first_patient)
    return widget


def _crs(session: Any, patient: PatientId, hypotension: Hypotension, hours_ago: int) -> None:
    """Through the form's path: session.write, so the panel hears `changed`."""
    record = CrsAssessment(
        patient_id=patient,
        assessed_at=session.now() - dt.timedelta(hours=hours_ago),
        temperature_c=38.9,
        hypotension=hypotension,
        oxygen=Oxygen.NONE,
    )
    session.write("add crs", lambda repo: repo.add_crs(record), patient_id=patient)


def _rules(panel: FlagsPanel) -> list[FlagRule]:
    return [FlagRule(f.rule) for f in panel.model.rows()]


def _give_first_dose(session: Any, patient: PatientId, hours_ago: int) -> None:
    """The first planned dose, given: what follows is treatment-emergent (clinical.treatment_window)."""
    from clinical.choices import DoseStatus

    first = session.repo.doses(patient)[0]
    given_at = session.now() - dt.timedelta(hours=hours_ago)
    session.write(
        "give",
        lambda repo: repo.record_dose(
            first.id, DoseStatus.GIVEN, given_at=given_at, amount_ug=first.planned_ug
        ),
        patient_id=patient,
    )


def test_grade3_crs_episode_raises_the_flag(
    panel: FlagsPanel, session: Any, first_patient: PatientId
) -> None:
    _give_first_dose(session, first_patient, hours_ago=5)
    assert FlagRule.GRADE3_EPISODE not in _rules(panel)
    _crs(session, first_patient, Hypotension.FLUIDS, hours_ago=3)  # grade 2: no grade-3 flag
    assert FlagRule.GRADE3_EPISODE not in _rules(panel)
    _crs(session, first_patient, Hypotension.ONE_VASOPRESSOR, hours_ago=1)  # grade 3
    flag = next(f for f in panel.model.rows() if f.rule == FlagRule.GRADE3_EPISODE)
    row = panel.model.rows().index(flag)
    expected = tr("FlagsModel", "%1 % in the trial").replace("%1", f"{trial().rate('crs') * 100:.0f}")
    assert panel.model.data(panel.model.index(row, 3)) == expected
    assert "CRS" in str(panel.model.data(panel.model.index(row, 2)))
    assert panel.model.data(panel.model.index(row, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert flag.record_kind == "crs" and flag.record_id is not None


def test_grade3_crs_before_any_dose_is_shown_but_not_compared_with_the_trial(
    panel: FlagsPanel, session: Any, first_patient: PatientId
) -> None:
    """Issue 11: outside the treatment-emergent window the event is shown, never against the trial."""
    _crs(session, first_patient, Hypotension.ONE_VASOPRESSOR, hours_ago=1)
    assert FlagRule.GRADE3_EPISODE not in _rules(panel)
    flag = next(f for f in panel.model.rows() if f.rule == FlagRule.GRADE3_NOT_EMERGENT)
    row = panel.model.rows().index(flag)
    assert not panel.model.data(panel.model.index(row, 3))  # no trial figure beside it
    assert "if a dose was given, record it" in str(panel.model.data(panel.model.index(row, 2)))


def test_overdue_doses_are_flagged_and_open_the_dose_dialog(panel: FlagsPanel, qtbot: Any) -> None:
    overdue = [f for f in panel.model.rows() if f.rule == FlagRule.OVERDUE_DOSE]
    assert overdue, "conftest starts cycle 1 four days ago: its first doses are overdue"
    with qtbot.waitSignal(panel.record_requested) as signal:
        panel.open_record(overdue[0])
    assert signal.args == ["dose", overdue[0].record_id]
    from gui.patient.record_dose_dialog import RecordDoseDialog

    assert isinstance(panel.last_dialog, RecordDoseDialog)
    assert panel.last_dialog.dose.id == overdue[0].record_id
    panel.last_dialog.reject()


def test_no_patient_no_flags(session: Any, qtbot: Any, qtmodeltester: Any) -> None:
    panel = FlagsPanel(session)
    qtbot.addWidget(panel)
    assert panel.model.rowCount() == 0
    assert panel.summary.text() == tr("FlagsPanel", "Select a patient.")
    qtmodeltester.check(flags_model())


def test_model_and_screenshot(
    panel: FlagsPanel, session: Any, first_patient: PatientId, qtmodeltester: Any, tmp_path: Path
) -> None:
    _crs(session, first_patient, Hypotension.MULTIPLE_VASOPRESSORS, hours_ago=1)
    qtmodeltester.check(panel.model)
    panel.resize(1000, 400)
    panel.show()
    out = Path(os.environ.get("TOXTRACK_SHOTS", tmp_path)) / "flags_panel.png"
    assert panel.grab().save(str(out))
