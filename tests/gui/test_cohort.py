"""Cohort dashboard: per regimen and pooled rows computed off the GUI thread, verdicts, forest plot."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.incidence import Verdict, compare_to_trial
from clinical.model import CrsAssessment, PatientId
from clinical.reference import trial
from gui.cohort.cohort_dashboard import CohortDashboard, compute_cohort, forest_rows
from gui.cohort.cohort_model import cohort_model
from tests.gui.words import tr


@pytest.fixture
def treated(session: Any, first_patient: PatientId) -> PatientId:
    """Patient 044-0012: one dose given and a grade 3 CRS (one vasopressor, fever)."""
    repo = session.repo
    first = repo.doses(first_patient)[0]
    repo.record_dose(
        first.id, DoseStatus.GIVEN, given_at=session.now() - dt.timedelta(hours=5), amount_ug=250.0
    )
    repo.add_crs(
        CrsAssessment(
            patient_id=first_patient,
            assessed_at=session.now() - dt.timedelta(hours=1),
            temperature_c=38.8,
            hypotension=Hypotension.ONE_VASOPRESSOR,
            oxygen=Oxygen.NONE,
        )
    )
    return first_patient


def test_compute_cohort_from_a_read_only_connection(session: Any, treated: PatientId) -> None:
    rows = compute_cohort(Path(session.repo.path))
    pooled_crs = next(r for r in rows if r.regimen == "All" and r.toxicity == "crs")
    assert (pooled_crs.events, pooled_crs.patients) == (1, 1)
    assert pooled_crs.trial_rate == trial().rate("crs")
    assert pooled_crs.comparison == compare_to_trial(1, 1, pooled_crs.trial_rate)
    assert pooled_crs.comparison.verdict == Verdict.TOO_FEW  # one patient is not evidence
    assert {r.regimen for r in rows} >= {"SC 250/500", "All"}


def test_dashboard_fills_in_the_background(
    session: Any, treated: PatientId, qtbot: Any, qtmodeltester: Any
) -> None:
    dashboard = CohortDashboard(session)
    qtbot.addWidget(dashboard)
    qtbot.waitUntil(lambda: bool(dashboard.rows), timeout=20000)
    model = dashboard.model
    texts = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())
    ]
    crs_all = next(t for t in texts if t[0] == tr("CohortModel", "All regimens (pooled)") and t[1] == "CRS")
    assert crs_all[2] == "1 / 1"
    assert crs_all[-1] == tr("CohortModel", "too few patients to compare")
    assert dashboard.canvas is not None
    qtmodeltester.check(model)


def test_forest_rows_skip_regimens_without_patients(session: Any, treated: PatientId) -> None:
    rows = compute_cohort(Path(session.repo.path))
    labels = [label for label, *_ in forest_rows(rows)]
    assert labels and all("(0/0)" not in label for label in labels)
    assert not any("SC 500/1000" in label for label in labels)  # 044-0020 has no dose given


def test_empty_model(qtmodeltester: Any) -> None:
    qtmodeltester.check(cohort_model())


def test_screenshot(session: Any, treated: PatientId, qtbot: Any, tmp_path: Path) -> None:
    dashboard = CohortDashboard(session)
    qtbot.addWidget(dashboard)
    dashboard.resize(1100, 700)
    dashboard.show()
    qtbot.waitUntil(lambda: bool(dashboard.rows), timeout=20000)
    out = Path(os.environ.get("TOXTRACK_SHOTS", tmp_path)) / "cohort.png"
    assert dashboard.grab().save(str(out))


SOURCE_TEXT = (
    "Patients treated = at least one dose given. Counted: grade ≥ 3 events %5 (values before "
    "the first dose are baseline, not counted). Exact (Clopper-Pearson) %1 % intervals and "
    "the exact two-sided binomial test that matches them; fewer than %2 patients: no verdict. "
    "Trial rates: %4; the trial reported pooled rates only, so each regimen is compared with "
    "the pooled rate. Trial: %3"
)


def _header(source: str) -> str:
    """A column header as _filled_dashboard reads it: translated, on one line."""
    return tr("CohortModel", source).replace("\n", " ")


def _filled_dashboard(session: Any, qtbot: Any) -> tuple[CohortDashboard, list[str]]:
    """A dashboard once its background computation has reported, and its headers on one line each."""
    dashboard = CohortDashboard(session)
    qtbot.addWidget(dashboard)
    qtbot.waitUntil(lambda: bool(dashboard.rows), timeout=20000)
    model = dashboard.model
    headers = [
        str(model.headerData(c, Qt.Orientation.Horizontal)).replace("\n", " ")
        for c in range(model.columnCount())
    ]
    return dashboard, headers


def test_dashboard_says_two_sided_pooled_and_shows_the_cohort_flag_rule(
    session: Any, treated: PatientId, qtbot: Any
) -> None:
    """Issue 11: the p-value column says two-sided, the trial rate says pooled, the source says what
    the figures are, and the cohort flag rule's result is on screen."""
    dashboard, headers = _filled_dashboard(session, qtbot)
    assert (
        _header("p (exact,\ntwo-sided)") in headers and _header("Trial rate\n(pooled,\ngrade 3-4)") in headers
    )
    assert "post-hoc analysis" in dashboard.source.text() and "[SEED]" not in dashboard.source.text()
    said = tr("CohortDashboard", SOURCE_TEXT)
    assert "each regimen is compared with the pooled rate" in SOURCE_TEXT
    assert said.split("%4")[1].split("%3")[0] in dashboard.source.text()  # that sentence, translated
    assert dashboard.signals.text() == tr(
        "CohortDashboard", "No regimen's grade ≥ 3 rate is above the trial's (whole interval)."
    )
    above = [
        dataclasses.replace(row, events=9, patients=10, comparison=compare_to_trial(9, 10, row.trial_rate))
        for row in dashboard.rows
        if row.toxicity == "crs"
    ]
    dashboard.show_signals(above)
    assert dashboard.signals.text().count("grade 3 or more CRS in 9 of 10 patients") == len(above)


def test_grade_5_has_its_own_column_and_is_not_in_the_grade_3_to_4_count(
    session: Any, treated: PatientId, qtbot: Any
) -> None:
    """Issue 11: a death (grade 5) is shown apart, never folded into the trial's grade 3-4 count."""
    [crs] = session.repo.crs(treated)
    session.repo.correct("crs", crs.id, {"override_grade": 5, "override_reason": "died of CRS"}, "death")
    dashboard, headers = _filled_dashboard(session, qtbot)
    model = dashboard.model
    texts = [
        dict(zip(headers, (model.data(model.index(r, c)) for c in range(model.columnCount())), strict=True))
        for r in range(model.rowCount())
    ]
    crs_all = next(
        t
        for t in texts
        if t[_header("Regimen")] == tr("CohortModel", "All regimens (pooled)")
        and t[_header("Toxicity")] == "CRS"
    )
    assert crs_all[_header("Grade 3-4\n/ treated")] == "0 / 1"
    assert crs_all[_header("Grade 5\n(death), not\ncompared")] == "1 / 1"
