"""The Resources view (issue 18): per cycle, what SC delivery used beside what the IV regimen would
have needed, as a table (model/view) and a bar chart, the IV assumptions with their sources and what
is not published under them, and the resource report PDF. Computed on the background helper (its
own read-only connection), as the cohort dashboard is; opened from the cohort dashboard."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinical.model import DEMO_LABEL
from gui.i18n import QT_TRANSLATE_NOOP
from gui.worker import run_in_background
from reports.resources_data import ResourceSummary, table_rows

if TYPE_CHECKING:
    from gui.session import Session
    from gui.widgets.chart_canvas import ChartCanvas

Index = QModelIndex | QPersistentModelIndex
# reports.resources_data.HEADER (the PDF's English headers), marked for lupdate; the GUI shows them
# translated (tests/gui/test_translations.py keeps the two equal).
COLUMN_TITLES = (
    QT_TRANSLATE_NOOP("ResourcesModel", "Cycle (patients)"),
    QT_TRANSLATE_NOOP("ResourcesModel", "Doses SC"),
    QT_TRANSLATE_NOOP("ResourcesModel", "Inpatient days SC"),
    QT_TRANSLATE_NOOP("ResourcesModel", "Inpatient days IV"),
    QT_TRANSLATE_NOOP("ResourcesModel", "Hospital visits SC"),
    QT_TRANSLATE_NOOP("ResourcesModel", "IV visits (bag changes)"),
    QT_TRANSLATE_NOOP("ResourcesModel", "Home doses SC"),
    QT_TRANSLATE_NOOP("ResourcesModel", "Nurse minutes SC (doses timed)"),
    QT_TRANSLATE_NOOP("ResourcesModel", "Pump and line days IV"),
)


def compute_resources(db_path: Path, bag_hours: int) -> ResourceSummary:
    """Background work: every patient's cycles from a read-only connection."""
    from reports.resources_data import build_resource_summary
    from storage import Repository

    with Repository.open(db_path, read_only=True, create=False) as repo:
        return build_resource_summary(repo, bag_hours=bag_hours)


class ResourcesModel(QAbstractTableModel):
    """The per-cycle rows and the cohort's total (reports.resources_data.table_rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cells: list[list[str]] = []

    def set_summary(self, summary: ResourceSummary) -> None:
        self.beginResetModel()
        self.cells = table_rows(summary.per_cycle, summary.cohort)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_TITLES)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            title = QCoreApplication.translate("ResourcesModel", COLUMN_TITLES[section])
            return title.replace(" (", "\n(").replace("（", "\n（")  # the note under its title
        return None


class ResourcesView(QDialog):
    """`refresh()` recomputes in the background with the chosen IV bag length."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Resources: SC delivery against the IV regimen"))
        self.summary: ResourceSummary | None = None
        self.model = ResourcesModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.bag = QComboBox()
        from clinical.resources import load_iv_assumptions

        assumed = load_iv_assumptions()
        for hours in assumed.bag_hours_allowed:
            self.bag.addItem(self.tr("%1 h bags").replace("%1", str(hours)), hours)
        self.bag.setCurrentIndex(self.bag.findData(assumed.bag_hours))
        self.bag.currentIndexChanged.connect(self.refresh)
        self.status = QLabel()
        self.pdf_button = QPushButton(self.tr("Resource report PDF..."))
        self.pdf_button.clicked.connect(self.export_report)
        self.demo = QLabel()
        self.demo.setWordWrap(True)
        self.demo.setStyleSheet("background: #f8d7da; color: #58151c; padding: 4px; font-weight: bold;")
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.canvas: ChartCanvas | None = None
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("IV bag length:")))
        top.addWidget(self.bag)
        top.addWidget(self.status, 1)
        top.addWidget(self.pdf_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.demo)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.table)
        self.layout_.addWidget(self.notes)
        self.resize(1000, 760)
        self.refresh()

    def bag_hours(self) -> int:
        return int(self.bag.currentData())

    def refresh(self) -> None:
        demo = self.session.repo.has_demo_patients()
        self.demo.setText(
            self.tr("%1: these figures include invented demo patients and describe no clinic.").replace(
                "%1", QCoreApplication.translate("wording", DEMO_LABEL)
            )
        )
        self.demo.setVisible(demo)
        self.status.setText(self.tr("Calculating..."))
        path, hours = Path(self.session.repo.path), self.bag_hours()
        run_in_background(self, lambda: compute_resources(path, hours), self.show_summary, self._failed)

    def _failed(self, exc: BaseException) -> None:
        from clinical.errors import ToxTrackError

        if not isinstance(exc, ToxTrackError):
            raise exc
        self.status.setText(self.tr("Could not calculate: %1").replace("%1", str(exc)))

    def show_summary(self, summary: ResourceSummary) -> None:
        from gui.translation import active_language
        from gui.widgets.chart_canvas import ChartCanvas
        from reports.charts import resource_bars
        from reports.i18n import load
        from reports.resources_report import chart_values

        self.summary = summary
        self.model.set_summary(summary)
        self.table.resizeColumnsToContents()
        cohort = summary.cohort
        self.status.setText(
            self.tr("Patients: %1, cycles counted: %2")
            .replace("%1", str(cohort.patients))
            .replace("%2", str(cohort.cycles))
        )
        self.notes.setText("\n".join(f"• {note}" for note in summary.notes))
        if self.canvas is None:
            self.canvas = ChartCanvas(self, width=7.0, height=3.2)
            self.layout_.insertWidget(self.layout_.indexOf(self.table) + 1, self.canvas, 1)
        values = chart_values(summary)
        lang = load(active_language())  # the chart's words in the GUI's language (issue 20)
        self.canvas.show_chart(lambda ax: resource_bars(ax, values, lang))

    def export_report(self) -> None:
        """The resource report PDF with the bag length shown, made in the background and opened."""
        from gui.pdf_export import export_pdf, make_resource_report, resources_file_name

        build = make_resource_report(Path(self.session.repo.path), self.bag_hours())
        export_pdf(self, self.tr("Resource report PDF"), resources_file_name(), build)
