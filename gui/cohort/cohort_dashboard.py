"""The cohort dashboard: per regimen and pooled, grade 3-4 CRS, ICANS and neutropenia against the
trial, with exact 95 % intervals and a forest plot. Computed on the background helper (its own
read-only connection), so a large database never freezes the window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clinical.incidence import CohortComparison, cohort_comparisons
from clinical.model import DEMO_LABEL
from clinical.reference import trial
from clinical.treatment_window import WINDOW_TEXT
from gui.cohort.ae_panel import AdverseEventPanel, compute_adverse_events
from gui.cohort.cohort_model import cohort_columns, cohort_model, regimen_label
from gui.patient.toxicity_wording import toxicity_label
from gui.widgets.wrapping_table import WrappingTableView
from gui.worker import run_in_background

if TYPE_CHECKING:
    from gui.session import Session
    from gui.widgets.chart_canvas import ChartCanvas

# The last column (Verdict) takes the width left and wraps. Counted from the model: a fixed 7 was
# left behind when the Grade 5 column was added, and the narrow Verdict then wrapped to four lines.
VERDICT_COLUMN = len(cohort_columns()) - 1
VERDICT_MIN_WIDTH = 110  # px: "consistent with the trial" on two lines
MIN_PATIENTS = 10  # below this the verdict is "too few patients" (issue 3 default)
CONFIDENCE = 0.95


def compute_cohort(db_path: Path) -> list[CohortComparison]:
    """Background work: SQL aggregates from a read-only connection, then the exact statistics."""
    from storage import Repository

    with Repository.open(db_path, read_only=True, create=False) as repo:
        counts = repo.cohort_counts(doses=False)  # the comparisons count no dose
    return cohort_comparisons(counts, confidence=CONFIDENCE, min_patients=MIN_PATIENTS)


def forest_rows(rows: list[CohortComparison]) -> list[tuple[str, float, float, float, float]]:
    """(label, rate, CI low, CI high, trial rate) for the rows that have patients."""
    return [
        (
            f"{regimen_label(r.regimen)} · {toxicity_label(str(r.toxicity))} ({r.events}/{r.patients})",
            r.comparison.rate,
            r.comparison.ci_low,
            r.comparison.ci_high,
            r.trial_rate,
        )
        for r in rows
        if r.patients > 0 and r.comparison is not None and r.trial_rate is not None
    ]


class CohortDashboard(QWidget):
    """`refresh()` recomputes in the background; the table and plot update when it reports back."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = cohort_model(self)
        self.table = WrappingTableView()  # the verdict wraps rather than being cut
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().sectionResized.connect(lambda *_args: self._fit_table_height())
        self.table.set_wrap_column(VERDICT_COLUMN, VERDICT_MIN_WIDTH)
        self.status = QLabel()
        self.refresh_button = QPushButton(self.tr("Recalculate"))
        self.refresh_button.clicked.connect(self.refresh)
        self.pdf_button = QPushButton(self.tr("Cohort report PDF..."))
        self.pdf_button.clicked.connect(self.export_report)
        # Issue 18: the Resources view (SC delivery against the IV regimen), a window of its own.
        self.resources_button = QPushButton(self.tr("Resources (IV vs SC)..."))
        self.resources_button.clicked.connect(self.show_resources)
        reference = trial()
        self.source = QLabel(
            self.tr(
                "Patients treated = at least one dose given. Counted: grade ≥ 3 events %5 (values before "
                "the first dose are baseline, not counted). Exact (Clopper-Pearson) %1 % intervals and "
                "the exact two-sided binomial test that matches them; fewer than %2 patients: no verdict. "
                "Trial rates: %4; the trial reported pooled rates only, so each regimen is compared with "
                "the pooled rate. Trial: %3"
            )
            .replace("%1", f"{CONFIDENCE * 100:g}")
            .replace("%2", str(MIN_PATIENTS))
            .replace("%3", reference.source_text)
            .replace("%4", reference.basis)
            .replace("%5", WINDOW_TEXT)
        )
        self.source.setWordWrap(True)
        self.signals = QLabel()  # clinical.cohort_flags.cohort_flags: groups whose whole interval is above
        self.signals.setWordWrap(True)
        self.canvas: ChartCanvas | None = None
        self.rows: list[CohortComparison] = []
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.pdf_button)
        top.addWidget(self.resources_button)
        # Demo patients are invented: their counts are no clinic's experience (issue 11).
        self.demo = QLabel()
        self.demo.setObjectName("demoNotice")
        self.demo.setWordWrap(True)
        self.demo.setStyleSheet(
            "#demoNotice { background: #f8d7da; color: #58151c; padding: 4px; font-weight: bold; }"
        )
        self.layout_ = QVBoxLayout(self._scrolled_content())
        self.layout_.addWidget(self.demo)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.table)
        self.layout_.addWidget(self.signals)
        self.layout_.addWidget(self.source)
        # the trial-style adverse event table and the serious adverse event list (issue 15)
        self.adverse = AdverseEventPanel()
        self.layout_.addWidget(self.adverse)
        session.changed.connect(lambda _patient: self.refresh())
        self.refresh()

    def _scrolled_content(self) -> QWidget:
        """The widget the dashboard's parts go in, inside a scroll area that fills the tab. The
        table is as tall as its nine rows and the chart keeps its minimum: with the demo and anchor
        banners above, a 820 px window has less height than they need, and the labels under the
        table were drawn over its last rows. Now the tab scrolls instead."""
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the table fits
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        return content

    def export_report(self) -> None:
        """The cohort report PDF, made in the background and opened (gui.pdf_export)."""
        from gui.pdf_export import cohort_file_name, export_pdf, make_cohort_report

        build = make_cohort_report(Path(self.session.repo.path))
        export_pdf(self, self.tr("Cohort report PDF"), cohort_file_name(), build)

    def show_resources(self) -> QWidget:
        from gui.cohort.resources_view import ResourcesView
        from gui.dialog_open import open_dialog

        self.last_dialog = open_dialog(ResourcesView(self.session, self))
        return self.last_dialog

    def _fit_table_height(self) -> None:
        """Every row in view (only 6½ of 9 showed behind a scroll bar, issue 13): the table is as
        tall as its rows; the forest plot below takes the height left."""
        table = self.table
        rows = table.verticalHeader().length()
        table.setFixedHeight(table.horizontalHeader().height() + rows + 2 * table.frameWidth())
        # Lay the parts below out now: with a row per lab term (issue 15) the rows' wrapped heights
        # arrive one by one, and a posted relayout left the signals drawn over the table meanwhile.
        self.layout_.activate()

    def refresh(self) -> None:
        demo = self.session.repo.has_demo_patients()
        self.demo.setText(
            self.tr("%1: these counts include invented demo patients and describe no clinic.").replace(
                "%1", QCoreApplication.translate("wording", DEMO_LABEL)
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
        run_in_background(self, lambda: compute_adverse_events(path), self.adverse.show_result, self._failed)

    def _failed(self, exc: BaseException) -> None:
        from clinical.errors import ToxTrackError

        self.refresh_button.setEnabled(True)
        if not isinstance(exc, ToxTrackError):
            raise exc
        self.status.setText(self.tr("Could not calculate: %1").replace("%1", str(exc)))

    def show_signals(self, rows: list[CohortComparison]) -> None:
        """The cohort flag rule's sentences, or one line saying no group is above the trial."""
        from clinical.cohort_flags import cohort_flags  # flag rules load when first needed (start-up)

        messages = [flag.message for flag in cohort_flags(rows)]
        if messages:
            self.signals.setText("\n".join(f"⚠ {text}" for text in messages))
        else:
            self.signals.setText(
                self.tr("No regimen's grade ≥ 3 rate is above the trial's (whole interval).")
            )

    def show_rows(self, rows: list[CohortComparison]) -> None:
        from gui.translation import active_language
        from gui.widgets.chart_canvas import ChartCanvas
        from reports.charts import forest_plot
        from reports.i18n import load

        self.rows = rows
        self.refresh_button.setEnabled(True)
        self.model.set_rows(rows)
        for column in range(VERDICT_COLUMN):
            self.table.resizeColumnToContents(column)
        self.table.set_natural_widths()
        self._fit_table_height()
        treated = max((r.patients for r in rows if r.regimen == "All"), default=0)
        self.status.setText(self.tr("%n patient(s) treated.", "", treated))
        if self.canvas is None:
            self.canvas = ChartCanvas(self.layout_.parentWidget(), height=3.6)
            self.layout_.insertWidget(2, self.canvas, 2)
            self.canvas.show()
        self.show_signals(rows)
        data = forest_rows(rows)
        lang = load(active_language())  # the chart's words in the GUI's language (issue 20)
        self.canvas.show_chart(lambda ax: forest_plot(ax, data, lang))
