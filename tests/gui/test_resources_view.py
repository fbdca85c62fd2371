"""Issue 18: the Resources view (opened from the cohort dashboard): the per-cycle table IV vs SC,
the bar chart, the assumptions with their sources, the IV bag length, and its PDF read back.
The data: the hand-computed case (tests/reports/resource_case.py) beside the GUI fixture's 044-0012,
whose cycle 1 has started with no dose given yet."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from gui import pdf_export
from gui.cohort.cohort_dashboard import CohortDashboard
from gui.cohort.resources_view import ResourcesView
from tests.gui.words import report_tr, tr
from tests.reports.pdftext import all_text
from tests.reports.resource_case import add_resource_case

from .test_pdf_export import _save_as, opened  # noqa: F401 (a fixture)


def _cells(view: ResourcesView) -> list[list[str]]:
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.fixture
def view(session: Any, today: Any, qtbot: Any) -> ResourcesView:
    add_resource_case(session.repo, today)
    dashboard = CohortDashboard(session)
    qtbot.addWidget(dashboard)
    qtbot.mouseClick(dashboard.resources_button, Qt.MouseButton.LeftButton)
    opened_view = dashboard.last_dialog
    assert isinstance(opened_view, ResourcesView)
    qtbot.waitUntil(lambda: opened_view.summary is not None, timeout=30000)
    return opened_view


def test_the_table_chart_and_assumptions(view: ResourcesView, qtbot: Any) -> None:
    headers = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
    assert [h.replace("\n(", " (").replace("\n（", "（") for h in headers] == [
        tr("ResourcesModel", "Cycle (patients)"),
        tr("ResourcesModel", "Doses SC"),
        tr("ResourcesModel", "Inpatient days SC"),
    ]
    # 044-0012's cycle 1 has started with no dose given and no stay: not counted (no IV need either)
    assert _cells(view) == [
        ["Cycle 1 (n=1)", "16", "9", "9", "8", "9", "0", "160 (8 of 16)", "28"],
        ["Cycle 2 (n=1)", "12", "0", "2", "0", "13", "12", "90 (6 of 12)", "28"],
        ["All cycles (n=1)", "28", "9", "11", "8", "22", "12", "250 (14 of 28)", "56"],
    ]
    assert view.canvas is not None
    axes = view.canvas.figure.axes[0]
    assert (
        axes.get_title() == report_tr("Charts", "IV vs SC per cycle") and len(axes.patches) == 8
    )  # 4 bars x 2 cycles
    notes = view.notes.text()
    assert "clinical-reference.md §5.1" in notes and "SC hospitalisation: no source gives" in notes
    assert view.status.text() == tr("ResourcesView", "Patients: %1, cycles counted: %2").replace(
        "%1", "1"
    ).replace("%2", "2")
    shots = os.environ.get("TOXTRACK_SHOTS")
    if shots:
        view.show()
        qtbot.waitExposed(view)
        view.grab().save(str(Path(shots) / "resources.png"))


def test_the_bag_length_changes_the_iv_visits(view: ResourcesView, qtbot: Any) -> None:
    view.bag.setCurrentIndex(view.bag.findData(168))
    qtbot.waitUntil(lambda: view.summary is not None and view.summary.iv.bag_hours == 168, timeout=30000)
    assert _cells(view)[0][5] == "2"  # 7-day bags: 2 of cycle 1's 4 changes after the 9 label days
    assert "Bag length 168 h" in view.notes.text()


def test_the_pdf_from_the_window(
    view: ResourcesView,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[Path],  # noqa: F811
) -> None:
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "resources", asked)
    qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    assert asked and Path(asked[0]).name.startswith("toxtrack-resources-")
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    text = all_text(opened[0])
    assert opened[0].name == "resources.pdf"
    assert "Cycle 1 (n=1) 16 9 9 8 9 0 160 (8 of 16) 28" in text
    assert "Bag length 48 h" in text and "SC hospitalisation: no source gives" in text
    assert pdf_export.resources_file_name().endswith(".pdf")
