"""Issue 15: the cohort view's adverse event table (patients per term at any grade and grade >= 3, by
regimen or pooled, sortable, the trial's figure or "no trial comparator") and its serious adverse event
list, filled in the background from what was recorded through the storage API."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt

from clinical.choices import DoseStatus
from clinical.model import PatientId
from clinical.toxicities import ToxicityRecord
from gui.cohort.ae_panel import AdverseEventPanel, ae_columns, serious_columns
from gui.cohort.cohort_dashboard import CohortDashboard
from gui.patient.record_table_model import SORT_ROLE, RecordTableModel
from tests.gui.words import tr

AE = "adverse_event"
POOLED = ("CohortModel", "All regimens (pooled)")
NO_TRIAL = ("AdverseEventPanel", "no trial comparator")


@pytest.fixture
def events(session: Any, first_patient: PatientId) -> None:
    """044-0012 (SC 250/500): a serious grade 3 Tremor and a grade 1 Headache after a dose;
    044-0020 (SC 500/1000): a grade 2 Headache after its first dose."""
    repo, now = session.repo, session.now()
    first = repo.doses(first_patient)[0]
    repo.record_dose(first.id, DoseStatus.GIVEN, given_at=now - dt.timedelta(hours=5), amount_ug=250.0)
    values = {"term": "Tremor", "grade": "3", "serious": ["hospitalisation"], "relatedness": "possible"}
    repo.add_record(AE, ToxicityRecord(AE, first_patient, now - dt.timedelta(hours=2), values))
    headache = {"term": "Headache", "grade": "1"}
    repo.add_record(AE, ToxicityRecord(AE, first_patient, now - dt.timedelta(hours=3), headache))
    second = PatientId(repo.find_patient("044-0020").id)
    repo.start_cycle(second, session.today())
    dose = repo.doses(second)[0]
    repo.record_dose(
        dose.id, DoseStatus.GIVEN, given_at=now - dt.timedelta(hours=4), amount_ug=dose.planned_ug
    )
    worse = {"term": "Headache", "grade": "2"}
    repo.add_record(AE, ToxicityRecord(AE, second, now - dt.timedelta(hours=1), worse))


def _filled(session: Any, qtbot: Any) -> CohortDashboard:
    dashboard = CohortDashboard(session)
    qtbot.addWidget(dashboard)
    qtbot.waitUntil(lambda: bool(dashboard.adverse.rows), timeout=20000)
    return dashboard


def _shown(panel: AdverseEventPanel) -> list[list[str]]:
    """The table as the view shows it (through the sorting proxy)."""
    view = panel.table.model()
    return [
        [str(view.data(view.index(r, c))) for c in range(view.columnCount())] for r in range(view.rowCount())
    ]


def test_pooled_table_counts_patients_and_names_the_comparator(
    session: Any, events: None, qtbot: Any
) -> None:
    panel = _filled(session, qtbot).adverse
    assert panel.group.currentText() == tr(*POOLED)
    rows = {row[0]: row[1:] for row in _shown(panel)}
    assert rows["Headache"] == [
        "Nervous system disorders",
        "2 (100.0\u00a0%)",
        "0 (0.0\u00a0%)",
        tr(*NO_TRIAL),
    ]
    assert rows["Tremor"] == [
        "Nervous system disorders",
        "1 (50.0\u00a0%)",
        "1 (50.0\u00a0%)",
        tr(*NO_TRIAL),
    ]
    assert rows["Cytokine release syndrome (ASTCT 2019)"][1:] == [
        "0 (0.0\u00a0%)",
        "0 (0.0\u00a0%)",
        tr("AdverseEventPanel", "%1 % (grade %2, pooled)").replace("%1", "20").replace("%2", "3-4"),
    ]
    assert [row[0] for row in _shown(panel)][:2] == ["Headache", "Tremor"]  # by frequency


def test_picking_a_regimen_and_sorting_by_a_header(session: Any, events: None, qtbot: Any) -> None:
    panel = _filled(session, qtbot).adverse
    panel.group.setCurrentIndex(panel.group.findText("SC 500/1000"))
    rows = {row[0]: row[2:4] for row in _shown(panel)}
    assert rows["Headache"] == ["1 (100.0\u00a0%)", "0 (0.0\u00a0%)"] and "Tremor" not in rows
    panel.group.setCurrentIndex(panel.group.findText(tr(*POOLED)))
    grade3 = 3
    header = panel.table.horizontalHeader()
    centre = QPoint(
        header.sectionViewportPosition(grade3) + header.sectionSize(grade3) // 2, header.height() // 2
    )
    orders = []
    for _click in range(2):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        assert header.sortIndicatorSection() == grade3
        view = panel.table.model()
        counts = [view.data(view.index(r, grade3), SORT_ROLE) for r in range(view.rowCount())]
        assert all(isinstance(n, int) for n in counts)  # patients, not the "n (%)" text
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert counts == sorted(counts, reverse=descending)
        assert _shown(panel)[0 if descending else -1][0] == "Tremor"  # the only grade >= 3
        orders.append(descending)
    assert orders[0] != orders[1]  # a second click reverses
    panel.sort_by(0, Qt.SortOrder.AscendingOrder)
    terms = [r[0] for r in _shown(panel)]
    assert terms == sorted(terms, key=str.lower)


def test_serious_list_in_the_cohort_view(session: Any, events: None, qtbot: Any, tmp_path: Path) -> None:
    dashboard = _filled(session, qtbot)
    panel = dashboard.adverse
    model = panel.serious_table.model()
    (line,) = [
        [str(model.data(model.index(r, c))) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert line[:3] == ["044-0012", "Tremor", "3"]
    assert line[4:] == [
        tr("formatting", "Hospitalisation or its prolongation"),
        tr("formatting", "Possibly related"),
        tr("AdverseEventPanel", "not recorded"),
        tr("AdverseEventPanel", "not recorded"),
        tr("AdverseEventPanel", "yes"),
    ]
    assert tr("AdverseEventPanel", "ongoing") in line[3]
    assert not panel.serious_empty.isVisibleTo(dashboard)
    dashboard.resize(1100, 1400)
    dashboard.show()
    out = Path(os.environ.get("TOXTRACK_SHOTS", tmp_path)) / "cohort-ae.png"
    assert panel.grab().save(str(out))


def test_models_pass_the_model_tester(qtmodeltester: Any) -> None:
    qtmodeltester.check(RecordTableModel(ae_columns()))
    qtmodeltester.check(RecordTableModel(serious_columns()))


def test_without_events_the_list_says_none(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    dashboard = CohortDashboard(session)
    qtbot.addWidget(dashboard)
    dashboard.show()
    qtbot.waitUntil(lambda: panel_filled(dashboard), timeout=20000)
    assert dashboard.adverse.serious_empty.isVisible() and not dashboard.adverse.serious_table.isVisible()


def panel_filled(dashboard: CohortDashboard) -> bool:
    return dashboard.adverse.group.count() > 0
