"""Tabs, corrections, history and wording come from the toxicity registry (issue 14), not from
tables of kinds in gui/."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clinical.model import CrsAssessment, Hypotension, LabResult, Oxygen, PatientId
from clinical.toxicities import toxicities, toxicity
from gui.correction_dialog import CorrectionDialog
from gui.formatting import INPUT_WORDING
from gui.history_dialog import HistoryDialog


def test_marked_input_wording_is_the_definitions_word_for_word() -> None:
    """lupdate reads gui/ only: the CRS/ICANS options are marked there. Each mark is a choice label
    of a registered input, and every CRS/ICANS choice label is marked (no drift either way)."""
    labels = {
        label
        for d in toxicities()
        for spec in d.inputs
        if spec.type == "choice"
        for _v, label in spec.choices
    }
    assert set(INPUT_WORDING) <= labels
    for identifier in ("crs", "icans"):
        for spec in toxicity(identifier).inputs:
            assert {label for _v, label in spec.choices} <= set(INPUT_WORDING), spec.name


def test_lab_correction_offers_the_definitions_inputs(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    lab = session.repo.add_lab(LabResult(first_patient, session.now() - dt.timedelta(hours=2), anc=1.2))
    dialog = CorrectionDialog(session, "lab", lab.id)
    qtbot.addWidget(dialog)
    definition = toxicity("neutropenia")
    assert list(dialog.editors) == ["drawn_at", *(spec.name for spec in definition.inputs)]
    version = dialog.editors["ctcae_version"].widget  # a choice held as text: the spec's combo
    assert [version.itemText(i) for i in range(version.count())] == ["CTCAE v5.0", "CTCAE v6.0"]  # type: ignore[attr-defined]
    assert version.currentText() == "CTCAE v5.0"  # type: ignore[attr-defined]
    assert dialog.changes() == {}
    version.setCurrentIndex(1)  # type: ignore[attr-defined]
    assert dialog.changes() == {"ctcae_version": "6.0"}
    assert dialog.windowTitle() == "Correct lab result"


def test_crs_correction_words_choices_as_the_definition(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    crs = session.repo.add_crs(
        CrsAssessment(
            first_patient, session.now() - dt.timedelta(hours=1), 38.6, Hypotension.FLUIDS, Oxygen.NONE
        )
    )
    dialog = CorrectionDialog(session, "crs", crs.id)
    qtbot.addWidget(dialog)
    assert set(dialog.editors) == {
        "assessed_at", "temperature_c", "fever_masked", "hypotension", "oxygen", "treatment", "attributed_to",
        "override_grade", "override_reason",
    }  # fmt: skip
    hypotension = dialog.editors["hypotension"].widget
    assert hypotension.currentText() == "Hypotension not needing vasopressors (fluids)"  # type: ignore[attr-defined]
    assert hypotension.currentData() == "fluids"  # type: ignore[attr-defined]
    history = HistoryDialog(session, "crs", crs.id)
    qtbot.addWidget(history)
    assert history.windowTitle() == f"History of CRS assessment {crs.id}"
    assert "Hypotension: Hypotension not needing vasopressors (fluids)" in str(
        history.model.data(history.model.index(0, 4))
    )
