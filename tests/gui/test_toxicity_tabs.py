"""Tabs, corrections, history and wording come from the toxicity registry (issue 14), not from
tables of kinds in gui/."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from clinical.choices import Hypotension, Oxygen
from clinical.model import CrsAssessment, LabResult, PatientId
from clinical.toxicities import toxicities, toxicity
from gui.formatting import INPUT_WORDING
from gui.patient.correction_dialog import CorrectionDialog
from gui.patient.history_dialog import HistoryDialog


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


def test_cohort_table_lists_a_toxicity_without_trial_figure_as_not_compared(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    from clinical.choices import DoseStatus
    from gui.cohort.cohort_dashboard import compute_cohort, forest_rows
    from gui.cohort.cohort_model import cohort_model

    dose = session.repo.doses(first_patient)[0]
    session.repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=session.now(), amount_ug=dose.planned_ug)
    rows = compute_cohort(session.repo.path)
    model = cohort_model()
    model.set_rows(rows)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    table = [
        {h: model.data(model.index(r, c)) for c, h in enumerate(headers)} for r in range(model.rowCount())
    ]
    isr = [row for row in table if row["Toxicity"] == "Injection site reaction"]
    assert len(isr) == 3  # both regimens and the pooled row
    assert [row["Verdict"] for row in isr] == ["no trial comparator"] * 3
    treated = [row for row in isr if row["Grade 3-4\n/ treated"] == "0 / 1"]
    assert len(treated) == 2  # the patient's regimen and the pooled row
    for row in treated:
        assert row["Rate"] == "0.0\u00a0%"
        assert row["95 %\nexact CI"] == "" and row["p (exact,\ntwo-sided)"] == ""
        assert row["Trial rate\n(pooled,\ngrade 3-4)"] == "—"
    crs = next(row for row in table if row["Toxicity"] == "CRS")
    assert (
        crs["Verdict"] == "too few patients to compare" and crs["Trial rate\n(pooled,\ngrade 3-4)"] == "20 %"
    )
    assert not any("Injection site reaction" in label for label, *_ in forest_rows(rows))  # no trial rate


def test_about_names_the_registered_toxicities(
    qtbot: Any, session: Any, settings_path: Any, message_boxes: list[str]
) -> None:
    from gui.main_window import MainWindow
    from gui.settings import Settings

    window = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(window)
    window.do_about()
    assert message_boxes == [
        "About ToxTrack: ToxTrack: offline tracking of subcutaneous blinatumomab toxicity (CRS, ICANS, "
        "Neutropenia, Platelet count decreased, Lymphocyte count decreased, White blood cell decreased, "
        "Anaemia, ALT increased, AST increased, Bilirubin increased, Creatinine increased, Injection site "
        "reaction, Adverse event). Flags inform; they never tell anyone what dose to give."
    ]
