"""The cohort view's adverse events (issue 15): the trial-style table (patients per term, any grade and
grade >= 3, n (%), for the group picked: pooled or one regimen; sortable by any column) and the serious
adverse event list. Computed on the background helper from a read-only connection, as the comparison
table above it is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinical.ae_table import ALL, NO_SOC, AeTableRow, EventLine, n_percent
from gui.cohort.cohort_model import regimen_label
from gui.formatting import local_time
from gui.patient.record_table_model import SORT_ROLE, Column, RecordTableModel

AeResult = tuple[list[AeTableRow], list[EventLine]]


def compute_adverse_events(db_path: Path) -> AeResult:
    """Background work: the table's and the list's storage reads, then clinical.ae_table."""
    from clinical.ae_table import ae_table, serious_events
    from storage import Repository

    with Repository.open(db_path, read_only=True, create=False) as repo:
        counts = repo.cohort_counts(doses=False)  # the table needs the patients treated only
        events = repo.cohort_events()
        rows = ae_table(counts, repo.worst_grade_counts(), events)
    return rows, serious_events(events)


def _worded(label: str) -> str:
    """A choice label of the adverse event definition (a seriousness criterion, relatedness, action,
    outcome) in the chosen language: gui/registry_strings.py marks them under "formatting", as the
    patient's own adverse event tab shows them (gui.patient.toxicity_wording.choice_text)."""
    return QCoreApplication.translate("formatting", label)


def _soc(row: AeTableRow) -> str:
    """The MedDRA system organ class stays in English with its CTCAE term; the marker of a term
    outside CTCAE (CRS, ICANS: ASTCT 2019) is ToxTrack's own wording and is translated."""
    return (
        QCoreApplication.translate("AdverseEventPanel", "not a CTCAE v5.0 term")
        if row.soc == NO_SOC
        else row.soc
    )


def _trial(row: AeTableRow) -> str:
    """The trial's comparator in the chosen language (clinical words it in English for the PDF)."""
    if row.trial_rate is None:
        return QCoreApplication.translate("AdverseEventPanel", "no trial comparator")
    text = QCoreApplication.translate("AdverseEventPanel", "%1 % (grade %2, pooled)")
    return text.replace("%1", f"{row.trial_rate * 100:.0f}").replace("%2", row.trial_grades)


def ae_columns() -> list[Column[AeTableRow]]:
    return [
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Term"),
            lambda r: r.term,
            sort=lambda r: r.term.lower(),
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "System organ class"),
            _soc,
            sort=lambda r: r.soc.lower(),
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Any grade\nn (%)"),
            lambda r: n_percent(r.any_grade, r.patients),
            align_right=True,
            sort=lambda r: r.any_grade,
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Grade ≥ 3\nn (%)"),
            lambda r: n_percent(r.grade3plus, r.patients),
            align_right=True,
            sort=lambda r: r.grade3plus,
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Trial\n(grade 3-4)"),
            _trial,
            sort=lambda r: -1.0 if r.trial_rate is None else r.trial_rate,
        ),
    ]


def _grade(line: EventLine) -> str:
    return (
        QCoreApplication.translate("AdverseEventPanel", "not gradable")
        if line.grade is None
        else str(line.grade)
    )


def _local(line: EventLine) -> str:
    resolved = (
        local_time(line.resolved)
        if line.resolved
        else QCoreApplication.translate("AdverseEventPanel", "ongoing")
    )
    return f"{local_time(line.onset)} – {resolved}"


def serious_columns() -> list[Column[EventLine]]:
    not_recorded = QCoreApplication.translate("AdverseEventPanel", "not recorded")
    return [
        Column(QCoreApplication.translate("AdverseEventPanel", "Subject"), lambda s: s.subject_id),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Term"),
            lambda s: s.term,
            sort=lambda s: s.term.lower(),
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Grade"),
            _grade,
            sort=lambda s: -1 if s.grade is None else s.grade,
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Onset – resolution"),
            _local,
            sort=lambda s: s.onset.isoformat(),
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Criteria (ICH E2A)"),
            lambda s: QCoreApplication.translate("AdverseEventPanel", "; ").join(
                _worded(c) for c in s.criteria
            ),
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Related"),
            lambda s: _worded(s.relatedness) if s.relatedness else not_recorded,
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Action"),
            lambda s: _worded(s.action) if s.action else not_recorded,
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Outcome"),
            lambda s: _worded(s.outcome) if s.outcome else not_recorded,
        ),
        Column(
            QCoreApplication.translate("AdverseEventPanel", "Treatment-\nemergent"),
            lambda s: (
                QCoreApplication.translate("AdverseEventPanel", "yes")
                if s.emergent
                else QCoreApplication.translate("AdverseEventPanel", "no: outside the window")
            ),
        ),
    ]


def _sortable(model: RecordTableModel[AeTableRow] | RecordTableModel[EventLine]) -> QTableView:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    # Shown in the order given (the table by frequency, the list by onset) until a header is clicked:
    # without this, enabling sorting sorts at once by the first column.
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.setMinimumHeight(160)
    return view


class AdverseEventPanel(QWidget):
    """The group picker, the adverse event table (sortable) and the serious adverse event list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AeTableRow] = []
        self.serious: list[EventLine] = []
        self.group = QComboBox()
        self.group.setAccessibleName(QCoreApplication.translate("AdverseEventPanel", "Adverse events of"))
        self.group.currentIndexChanged.connect(lambda _i: self._show_group())
        self.model: RecordTableModel[AeTableRow] = RecordTableModel(ae_columns(), self)
        self.table = _sortable(self.model)
        self.serious_model: RecordTableModel[EventLine] = RecordTableModel(serious_columns(), self)
        self.serious_table = _sortable(self.serious_model)
        self.serious_empty = QLabel(
            QCoreApplication.translate("AdverseEventPanel", "No serious adverse event has been recorded.")
        )
        note = QLabel(
            QCoreApplication.translate(
                "AdverseEventPanel",
                "Patients, not events: each treated patient counts once per term, at the worst "
                "treatment-emergent grade; % of the group's treated patients. Grade ≥ 3 includes grade 5. "
                "Trial: the trial's pooled grade 3-4 figure where it reported one, else no trial comparator.",
            )
        )
        note.setWordWrap(True)
        picker = QHBoxLayout()
        picker.addWidget(
            QLabel(
                QCoreApplication.translate(
                    "AdverseEventPanel", "<b>Adverse events by term</b> (treatment-emergent) of"
                )
            )
        )
        picker.addWidget(self.group, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(picker)
        layout.addWidget(self.table)
        layout.addWidget(note)
        layout.addWidget(
            QLabel(QCoreApplication.translate("AdverseEventPanel", "<b>Serious adverse events</b> (ICH E2A)"))
        )
        layout.addWidget(self.serious_empty)
        layout.addWidget(self.serious_table)

    def show_result(self, result: AeResult) -> None:
        self.rows, self.serious = result
        groups = list(dict.fromkeys(r.regimen for r in self.rows))
        groups.sort(key=lambda g: g != ALL)  # pooled first
        current = self.group.currentData() or ALL
        self.group.blockSignals(True)
        self.group.clear()
        for group in groups:
            self.group.addItem(regimen_label(group), group)
        self.group.setCurrentIndex(max(0, self.group.findData(current)))
        self.group.blockSignals(False)
        self._show_group()
        self.serious_model.set_rows(self.serious)
        self.serious_table.setVisible(bool(self.serious))
        self.serious_empty.setVisible(not self.serious)
        self.serious_table.resizeColumnsToContents()

    def _show_group(self) -> None:
        wanted = self.group.currentData() or ALL
        self.model.set_rows([r for r in self.rows if r.regimen == wanted])
        self.table.resizeColumnsToContents()

    def sort_by(self, column: int, order: Qt.SortOrder) -> None:
        """Sort the adverse event table as a click on its header does."""
        self.table.sortByColumn(column, order)
