"""Issue 15 through the window: the lab form grades every lab term live from its value, the sample's
limit and the patient's baseline; the sample is saved with its ANC in one write, listed on the Labs
tab, charted beside the ANC and flagged; the lab source's limits are offered again. Real keys."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinical.choices import DoseStatus
from clinical.findings import FlagRule
from clinical.model import PatientId
from clinical.toxicities import ToxicityRecord
from gui.patient.lab_form import LabFormDialog

from .conftest import NOW, open_active_window

CTRL = Qt.KeyboardModifier.ControlModifier
PLT = "platelet_count_decreased"
ALT = "alanine_aminotransferase_increased"
SHOTS = os.environ.get("TOXTRACK_SHOTS", "")  # a folder: screenshots of the form and the Labs tab


@pytest.fixture
def treated(repo: Any, first_patient: PatientId) -> PatientId:
    """044-0012 with an ALT of 30 (ULN 40) drawn before the first dose, given three days ago."""
    baseline = ToxicityRecord(ALT, first_patient, NOW - dt.timedelta(days=4), {"alt": 30, "alt_uln": 40})
    repo.add_record(ALT, baseline)
    dose = repo.doses(first_patient)[0]
    repo.record_dose(
        dose.id, DoseStatus.GIVEN, given_at=NOW - dt.timedelta(days=3), amount_ug=dose.planned_ug
    )
    return first_patient


def _labs(qtbot: Any, session: Any, settings_path: Path) -> tuple[Any, Any]:
    win = open_active_window(qtbot, session, settings_path)
    qtbot.keyClick(win, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(win.patient_list.search, "0012")
    qtbot.keyClick(win.patient_list.search, Qt.Key.Key_Return)
    win.show_view("labs")
    return win, win.workspace.view("labs")


def _form(qtbot: Any, labs: Any) -> LabFormDialog:
    dialog = labs.open_new_form()
    assert isinstance(dialog, LabFormDialog)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_platelets_20_below_an_lln_of_150_is_grade_4_saved_listed_and_flagged(
    qtbot: Any, session: Any, repo: Any, treated: PatientId, settings_path: Path
) -> None:
    win, labs = _labs(qtbot, session, settings_path)
    form = _form(qtbot, labs)
    row = form.terms[PLT]
    qtbot.keyClicks(form.anc, "2.5")
    qtbot.keyClicks(form.source, "City lab")
    qtbot.keyClicks(form.platelets, "20")
    assert row.grade.text() == "Grade 4"  # below 25: grade 4 without the LLN
    qtbot.keyClicks(row.limit, "150")
    assert row.grade.text() == "Grade 4"  # live, before saving
    assert "Grade 4: platelet count 20 x10^9/L is below 25" in row.reasons.text()
    assert form.grade_label.text() == "Grade 0 (CTCAE v5.0)"  # the ANC keeps its own grade
    if SHOTS:
        form.grab().save(str(Path(SHOTS) / "lab-form.png"))
    qtbot.keyClick(row.limit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    [lab] = repo.labs(treated)
    [platelets] = repo.records(PLT, treated)
    assert (lab.anc, platelets.grade, platelets.assessed_at) == (2.5, 4, lab.drawn_at)
    assert platelets.values["lab_source"] == "City lab" and platelets.values["platelets_lln"] == 150
    # listed on the Labs tab, beside the ANC history
    qtbot.waitUntil(lambda: len(labs.terms.model.rows()) == 2)  # with the ALT baseline
    shown = [labs.terms.model.index(r, 1).data() for r in range(labs.terms.model.rowCount())]
    assert shown == ["ALT increased", "Platelet count decreased"]
    grade_cell = labs.terms.model.index(1, 6)
    assert grade_cell.data() == "4" and grade_cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    # flagged: a treatment-emergent grade >= 3, no trial comparator
    win.show_view("flags")
    flags = win.workspace.view("flags").model.rows()
    [flag] = [f for f in flags if f.toxicity == PLT]
    assert flag.rule is FlagRule.GRADE3_EPISODE and flag.trial_rate is None
    assert "no trial comparator" in flag.message.lower()
    # charted beside the ANC: platelets, ALT and AST
    win.show_view("labs")
    qtbot.waitUntil(lambda: len(labs.term_canvases) == 3)
    titles = {k: c.figure.axes[0].get_title() for k, c in labs.term_canvases.items()}
    assert titles[PLT].startswith("Platelets with CTCAE v5.0")
    assert titles[ALT] == "ALT"
    ast = labs.term_canvases["aspartate_aminotransferase_increased"].figure.axes[0]
    assert [t.get_text() for t in ast.texts] == ["No AST results in this period"]  # said, not blank
    if SHOTS:
        win.grab().save(str(Path(SHOTS) / "labs-tab.png"))
    # undo removes the whole sample
    QApplication.setActiveWindow(win)
    assert session.undo_last(win)
    assert repo.labs(treated) == [] and repo.records(PLT, treated) == []


def test_alt_at_six_times_the_uln_with_a_normal_baseline_is_grade_3(
    qtbot: Any, session: Any, repo: Any, treated: PatientId, settings_path: Path
) -> None:
    _win, labs = _labs(qtbot, session, settings_path)
    form = _form(qtbot, labs)
    row = form.terms[ALT]
    assert row.baseline.text().startswith("30 (")  # the last ALT before the first dose, shown
    qtbot.keyClicks(row.value, "240")
    qtbot.keyClicks(row.limit, "40")
    assert row.grade.text() == "Grade 3"
    assert "above 5 x ULN (200)" in row.reasons.text()
    assert "Baseline 30 was at or below the ULN (40)" in row.reasons.text()
    qtbot.keyClick(row.limit, Qt.Key.Key_Return)  # no ANC: the sample's other values alone
    qtbot.waitUntil(lambda: not form.isVisible())
    stored = [r for r in repo.records(ALT, treated) if r.assessed_at > NOW - dt.timedelta(days=1)]
    assert [(r.grade, r.values["alt_baseline"]) for r in stored] == [(3, 30)]
    assert repo.labs(treated) == []


def test_a_lab_sources_last_limits_are_offered_again(
    qtbot: Any, session: Any, repo: Any, treated: PatientId, settings_path: Path
) -> None:
    _win, labs = _labs(qtbot, session, settings_path)
    form = _form(qtbot, labs)
    qtbot.keyClicks(form.source, "City lab")
    qtbot.keyClicks(form.platelets, "180")
    qtbot.keyClicks(form.terms[PLT].limit, "150")
    qtbot.keyClick(form.terms[PLT].limit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    again = _form(qtbot, labs)
    qtbot.keyClicks(again.source, "City lab")
    assert again.terms[PLT].limit.text() == "150"
    assert again.terms[ALT].limit.text() == ""  # no ALT from City lab yet
    again.source.setText("Ward")
    again.source.editingFinished.emit()
    assert again.terms[PLT].limit.text() == ""  # the offered limit follows the source
    again.terms[PLT].limit.setText("140")  # typed by hand: kept whatever the source
    again.source.setText("City lab")
    again.source.editingFinished.emit()
    assert again.terms[PLT].limit.text() == "140"
    again.reject()
