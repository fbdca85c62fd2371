"""One patient's lab samples: the ANC history with its CTCAE grade, the other lab terms' records
(gui/patient/lab_terms_view.py, issue 15), and below them the ANC chart with, beside it, a chart of
each lab term whose definition charts its value (platelets, ALT, AST).

The chart module (matplotlib) is imported the first time the chart is actually visible, so the
main window never waits for it; a long history is rendered on the background helper.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from clinical.choices import DoseStatus
from clinical.model import LabResult, PatientId
from clinical.toxicities import ToxicityDefinition, all_definitions
from clinical.toxicities.lab_terms import lab_term_definitions
from clinical.treatment_window import TreatmentWindow, treatment_window
from gui.formatting import local_time, number
from gui.patient.lab_history_model import lab_columns
from gui.patient.lab_terms_view import LabTermsView
from gui.patient.record_list_view import RecordListView
from gui.worker import run_in_background

if TYPE_CHECKING:
    from gui.session import Session
    from gui.widgets.chart_canvas import ChartCanvas, RenderedChart
    from storage.repository import Repository

# Above this many points the chart is drawn off the GUI thread (a hundred points draw in ~0.1 s).
BACKGROUND_CHART_POINTS = 300


class LabsView(RecordListView[LabResult]):
    """Labs history + ANC chart with grade bands and dose days."""

    kind = "lab"
    # The patient's treatment window (first and last given dose), for the "baseline" label; a class
    # default so the columns can ask before the first refresh.
    treatment = TreatmentWindow(None, None)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        columns = lab_columns(lambda lab: self.treatment.is_baseline(lab.drawn_at))
        super().__init__(
            session, QCoreApplication.translate("LabsView", "New lab result..."), columns, parent
        )
        self.canvas: ChartCanvas | None = None
        self.term_canvases: dict[str, ChartCanvas] = {}
        self.terms = LabTermsView(session)
        self.terms.setObjectName("labTerms")
        self.chart_area = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_area)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_status = QLabel()
        self.chart_layout.addWidget(self.chart_status)
        self.chart_row = QHBoxLayout()
        self.chart_layout.addLayout(self.chart_row, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.layout_.removeWidget(self.table)
        splitter.addWidget(self.table)
        splitter.addWidget(self.terms)
        splitter.addWidget(self.chart_area)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([160, 140, 320])
        self.terms.set_patient(self.patient_id)
        # One "Show voided" (Alt+O) for the tab: the terms' own box is hidden and follows it.
        self.terms.show_voided.hide()
        self.show_voided.toggled.connect(self.terms.show_voided.setChecked)
        self.chart_area.setMinimumHeight(240)
        self.layout_.addWidget(splitter, 1)
        self.rows_changed(self.model.rows())

    def set_patient(self, patient_id: PatientId | None) -> None:
        if hasattr(self, "terms"):  # the base class sets the patient before this view is built
            self.terms.set_patient(patient_id)
        super().set_patient(patient_id)

    def fetch(self, repo: Repository, patient_id: PatientId) -> list[LabResult]:
        """The results, after the treatment window their "baseline" labels are read against, and the
        records of each charted lab term."""
        self.treatment = treatment_window(repo.doses(patient_id))
        self._term_records = {
            d.record_kind: list(repo.records(d.record_kind, patient_id)) for d in charted_terms()
        }
        return repo.labs(patient_id, include_voided=self.include_voided())

    def new_form(self, patient_id: PatientId) -> QDialog:
        from gui.patient.lab_form import LabFormDialog

        return LabFormDialog(self.session, patient_id, self)

    def summary(self, record: LabResult) -> str:
        return (
            QCoreApplication.translate("LabsView", "ANC %1 ×10⁹/L drawn %2")
            .replace("%1", number(record.anc, 3))
            .replace("%2", local_time(record.drawn_at))
        )

    def dose_dates(self) -> list[dt.date]:
        """Local dates of the doses given, for the chart's dose-day marks."""
        if self.patient_id is None:
            return []
        doses = self.session.repo.doses(self.patient_id)
        return [d.given_at.astimezone().date() for d in doses if d.status == DoseStatus.GIVEN and d.given_at]

    def rows_changed(self, rows: list[LabResult]) -> None:
        if not hasattr(self, "chart_area"):  # the base class refreshes before this view is built
            return
        self._pending = (rows, self.dose_dates())
        self._chart_dirty = True
        if self.isVisible():
            self.draw_chart()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._chart_dirty:
            self.draw_chart()

    def draw_chart(self) -> None:
        """Draw now for a short history; a long one goes to the background helper."""
        from gui.widgets.chart_canvas import ChartCanvas, render_rgba
        from reports.charts import anc_chart

        self._chart_dirty = False
        if self.canvas is None:
            self.canvas = ChartCanvas(self.chart_area, width=5.0)
            self.chart_row.addWidget(self.canvas, 1)
            self.canvas.show()
        labs, dates = self._pending
        self.draw_term_charts(dates)

        def draw(ax: object) -> None:
            anc_chart(ax, labs, dates)  # type: ignore[arg-type]

        if len(labs) <= BACKGROUND_CHART_POINTS:
            self.chart_status.clear()
            self.canvas.show_chart(draw)
            return
        self.chart_status.setText(
            QCoreApplication.translate("LabsView", "Drawing the ANC chart (%1 results)...").replace(
                "%1", str(len(labs))
            )
        )
        width, height = max(self.canvas.width(), 600), max(self.canvas.height(), 260)
        run_in_background(
            self,
            lambda: render_rgba(draw, width, height),
            self._show_rendered,
            progress_label=self.chart_status.text(),
        )

    def draw_term_charts(self, dates: list[dt.date]) -> None:
        """Beside the ANC, one chart per charted lab term (platelets, ALT, AST): a few records a
        patient, drawn here (reports/charts.py value_chart, from each definition's chart hint)."""
        from gui.widgets.chart_canvas import ChartCanvas

        records = getattr(self, "_term_records", {})
        for definition in charted_terms():
            canvas = self.term_canvases.get(definition.id)
            if canvas is None:
                canvas = ChartCanvas(self.chart_area, width=4.0)
                canvas.setObjectName(f"chart_{definition.id}")
                self.term_canvases[definition.id] = canvas
                self.chart_row.addWidget(canvas, 1)
                canvas.show()
            kept = records.get(definition.record_kind, []) if self.patient_id is not None else []
            canvas.show_chart(
                functools.partial(_term_chart, definition=definition, records=kept, dates=dates)
            )

    def _show_rendered(self, chart: RenderedChart) -> None:
        self.chart_status.clear()
        if self.canvas is not None:
            self.canvas.show_rendered(chart)


def _term_chart(
    ax: object, *, definition: ToxicityDefinition, records: list[object], dates: list[dt.date]
) -> None:
    from reports.charts import value_chart

    value_chart(ax, definition, records, dates)  # type: ignore[arg-type]


def charted_terms() -> tuple[ToxicityDefinition, ...]:
    """The lab terms whose definition charts a measured value, in the registry's order."""
    return tuple(
        d for d in lab_term_definitions(all_definitions()) if d.chart is not None and d.chart.value_field
    )
