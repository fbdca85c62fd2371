"""Lab form and view: ANC in cells/µL is stored in 10^9/L with its grade; history, chart, model."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clinical.model import PatientId
from gui.patient.lab_form import UNIT_10E9, UNIT_CELLS, LabFormDialog
from gui.patient.lab_history_model import lab_history_model
from gui.patient.labs_view import LabsView
from tests.gui.words import tr


@pytest.fixture
def form(session: Any, first_patient: PatientId, qtbot: Any) -> LabFormDialog:
    dialog = LabFormDialog(session, first_patient)
    qtbot.addWidget(dialog)
    return dialog


def _unit(form: LabFormDialog, unit: str) -> None:
    form.unit.setCurrentIndex(form.unit.findData(unit))


def test_anc_in_cells_per_ul_is_stored_in_10e9_with_grade_4(
    form: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    _unit(form, UNIT_CELLS)
    qtbot.keyClicks(form.anc, "420")
    assert form.grade_label.text() == tr("AssessmentFormDialog", "Grade %1 (%2)").replace("%1", "4").replace(
        "%2", "CTCAE v5.0"
    )
    assert "0.42" in form.stored_label.text()
    assert form.save()
    [saved] = session.repo.labs(first_patient)
    assert saved.anc == pytest.approx(0.42)
    assert saved.grade == 4 and saved.ctcae_version == "5.0"


@pytest.mark.parametrize(
    ("anc", "lln", "grade"), [("1.6", "", 0), ("1.6", "2.0", 1), ("1.49", "", 2), ("0.99", "", 3)]
)
def test_live_grade_in_10e9(form: LabFormDialog, anc: str, lln: str, grade: int) -> None:
    form.anc.setText(anc)
    form.lln.setText(lln)
    assert form.current_grade is not None and form.current_grade.grade == grade


def test_switching_unit_rereads_the_typed_value(form: LabFormDialog) -> None:
    """Issue 13: the unit says how the typed number is read; switching never rewrites it (it used to
    turn 420 into 420000). Was test_switching_unit_converts_the_typed_value, the old behaviour."""
    form.anc.setText("420")
    _unit(form, UNIT_CELLS)
    assert form.anc.text() == "420"
    assert form.anc_10e9() == pytest.approx(0.42)
    _unit(form, UNIT_10E9)
    assert form.anc.text() == "420"
    assert form.current_grade is None  # 420 x10^9/L is outside the allowed range


def test_missing_anc_is_not_saved(form: LabFormDialog, session: Any, first_patient: PatientId) -> None:
    assert form.current_grade is None
    assert not form.save()
    assert "ANC" in form.error_label.text()
    assert session.repo.labs(first_patient) == []


def test_out_of_range_anc_names_the_range(
    form: LabFormDialog, session: Any, first_patient: PatientId
) -> None:
    form.anc.setText("150")
    assert form.current_grade is None
    assert "100" in form.reasons_label.text()
    assert not form.save()
    assert session.repo.labs(first_patient) == []


def test_history_and_chart(
    session: Any, first_patient: PatientId, qtbot: Any, qtmodeltester: Any, tmp_path: Path
) -> None:
    view = LabsView(session)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    view.set_patient(first_patient)
    for days_ago, value in ((3, "2.1"), (2, "0.9"), (1, "0.3")):
        form = LabFormDialog(session, first_patient)
        qtbot.addWidget(form)
        form.when.setDateTime(form.when.dateTime().addDays(-days_ago))
        form.anc.setText(value)
        assert form.save()
    assert view.model.rowCount() == 3
    grades = {view.model.data(view.model.index(row, 2)) for row in range(3)}
    # 044-0012 has no dose given yet: every count is a baseline value (issue 11).
    baseline = tr("LabHistoryModel", ", baseline")
    assert grades == {f"{g} (CTCAE v5.0){baseline}" for g in (0, 3, 4)}
    assert view.canvas is not None  # drawn once visible
    qtmodeltester.check(view.model)
    out = Path(os.environ.get("TOXTRACK_SHOTS", tmp_path)) / "labs_view.png"
    assert view.grab().save(str(out))


def test_lab_history_model_empty(qtmodeltester: Any) -> None:
    qtmodeltester.check(lab_history_model())


def test_form_screenshot(form: LabFormDialog, tmp_path: Path) -> None:
    _unit(form, UNIT_CELLS)
    form.anc.setText("420")
    form.show()
    out = Path(os.environ.get("TOXTRACK_SHOTS", tmp_path)) / "lab_form.png"
    assert form.grab().save(str(out))


def test_long_history_chart_is_drawn_in_the_background(
    session: Any, first_patient: PatientId, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gui.patient.labs_view

    monkeypatch.setattr(gui.patient.labs_view, "BACKGROUND_CHART_POINTS", 0)
    form = LabFormDialog(session, first_patient)
    qtbot.addWidget(form)
    form.anc.setText("0.8")
    assert form.save()
    view = LabsView(session)
    qtbot.addWidget(view)
    view.show()
    view.set_patient(first_patient)
    assert view.chart_status.text().startswith(
        tr("LabsView", "Drawing the ANC chart (%1 results)...").split("%1")[0]
    )
    qtbot.waitUntil(lambda: view.chart_status.text() == "", timeout=20000)
    assert view.canvas is not None and view.canvas.figure.axes


def test_views_do_not_import_chart_libraries() -> None:
    """The window must appear before matplotlib, reportlab or scipy load (issue 4, start-up)."""
    code = (
        "import sys; import gui.patient.labs_view, gui.cohort.cohort_dashboard, "
        "gui.patient.flags_panel, gui.patient.dose_calendar; "
        "print(sorted(m for m in ('matplotlib', 'scipy', 'reportlab') if m in sys.modules))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.strip() == "[]"


def test_counts_before_the_first_dose_are_labelled_baseline(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    """Issue 11: a grade 4 ANC drawn before the first given dose is shown labelled "baseline"; the
    counts after it are not."""
    import datetime as dt

    from clinical.choices import DoseStatus
    from clinical.model import LabResult

    repo = session.repo
    first = repo.doses(first_patient)[0]
    repo.record_dose(
        first.id, DoseStatus.GIVEN, given_at=session.now() - dt.timedelta(days=2), amount_ug=250.0
    )
    repo.add_lab(LabResult(first_patient, session.now() - dt.timedelta(days=3), anc=0.3))
    repo.add_lab(LabResult(first_patient, session.now() - dt.timedelta(days=1), anc=0.3))
    view = LabsView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    texts = {
        view.model.data(view.model.index(row, 0)): view.model.data(view.model.index(row, 2))
        for row in range(view.model.rowCount())
    }
    assert sorted(texts.values()) == [
        "4 (CTCAE v5.0)",
        "4 (CTCAE v5.0)" + tr("LabHistoryModel", ", baseline"),
    ]
