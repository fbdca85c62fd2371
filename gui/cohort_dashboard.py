"""The cohort dashboard: per regimen and pooled, grade >= 3 CRS, ICANS and neutropenia against the
trial, with exact 95 % intervals and a forest plot. Computed on the background helper (its own
read-only connection), so a large database never freezes the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinical.incidence import CohortComparison, cohort_comparisons
from clinical.model import DEMO_LABEL
from clinical.reference import trial
from gui.cohort_model import cohort_model, regimen_label
from gui.formatting import choice_label
from gui.worker import run_in_background

if TYPE_CHECKING:
    from gui.chart_canvas import ChartCanvas
    from gui.session import Session

MIN_PATIENTS = 10  # below this the verdict is "too few patients" (issue 3 default)
CONFIDENCE = 0.95


def compute_cohort(db_path: Path) -> list[CohortComparison]:
    """Background work: SQL aggregates from a read-only connection, then the exact statistics."""
    from storage import Repository

    with Repository.open(db_path, read_only=True, create=False) as repo:
        counts = repo.cohort_counts()
    return cohort_comparisons(counts, confidence=CONFIDENCE, min_patients=MIN_PATIENTS)


def forest_rows(rows: list[CohortComparison]) -> list[tuple[str, float, float, float, float]]:
    """(label, rate, CI low, CI high, trial rate) for the rows that have patients."""
    return [
        (
            f"{regimen_label(r.regimen)} · {choice_label(r.toxicity)} ({r.events}/{r.patients})",
            r.comparison.rate,
            r.comparison.ci_low,
            r.comparison.ci_high,
            r.trial_rate,
        )
        for r in rows
        if r.patients > 0
    ]


class CohortDashboard(QWidget):
    """`refresh()` recomputes in the background; the table and plot update when it reports back."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = cohort_model(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status = QLabel()
        self.refresh_button = QPushButton(self.tr("Recalculate"))
        self.refresh_button.clicked.connect(self.refresh)
        reference = trial()
        self.source = QLabel(
            self.tr(
                "Patients treated = at least one dose given. Exact (Clopper-Pearson) %1 % intervals; "
                "fewer than %2 patients: no verdict. Trial: %3"
            )
            .replace("%1", f"{CONFIDENCE * 100:g}")
            .replace("%2", str(MIN_PATIENTS))
            .replace("%3", reference.source_text)
        )
        self.source.setWordWrap(True)
        self.canvas: ChartCanvas | None = None
        self.rows: list[CohortComparison] = []
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        # Demo patients are invented: their counts are no clinic's experience (issue 11).
        self.demo = QLabel()
        self.demo.setObjectName("demoNotice")
        self.demo.setWordWrap(True)
        self.demo.setStyleSheet(
            "#demoNotice { background: #f8d7da; color: #58151c; padding: 4px; font-weight: bold; }"
        )
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.demo)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.source)
        session.changed.connect(lambda _patient: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        demo = self.session.repo.has_demo_patients()
        self.demo.setText(
            self.tr("%1: these counts include invented demo patients and describe no clinic.").replace(
                "%1", DEMO_LABEL
            )
            if demo
            else ""
        )
        self.demo.setVisible(demo)
        self.status.setText(self.tr("Calculating..."))
        self.refresh_button.setEnabled(False)
        path = Path(self.session.repo.path)
        run_in_background(
            self, lambda: compute_cohort(path), self.show_rows, self._failed, self.status.text()
        )

    def _failed(self, exc: BaseException) -> None:
        from clinical.errors import ToxTrackError

        self.refresh_button.setEnabled(True)
        if not isinstance(exc, ToxTrackError):
            raise exc
        self.status.setText(self.tr("Could not calculate: %1").replace("%1", str(exc)))

    def show_rows(self, rows: list[CohortComparison]) -> None:
        from gui.chart_canvas import ChartCanvas
        from reports.charts import forest_plot

        self.rows = rows
        self.refresh_button.setEnabled(True)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        treated = max((r.patients for r in rows if r.regimen == "All"), default=0)
        self.status.setText(self.tr("%n patient(s) treated.", "", treated))
        if self.canvas is None:
            self.canvas = ChartCanvas(self, height=3.6)
            self.layout_.insertWidget(2, self.canvas, 2)
            self.canvas.show()
        data = forest_rows(rows)
        self.canvas.show_chart(lambda ax: forest_plot(ax, data))
