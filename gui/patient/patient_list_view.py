"""The patient list: a search field that filters as you type (debounced) over the lazy table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from clinical.model import PatientId
from gui.patient.patient_list_model import PatientListModel
from gui.widgets.table_sizing import fit_columns_to_text

if TYPE_CHECKING:
    from PySide6.QtGui import QKeyEvent

    from gui.session import Session

SEARCH_DELAY_MS = 0  # keys queued together still coalesce into one query; a longer delay was
# most of the wait per keystroke on 10,000 patients (benchmarks: filter_ms)


class _SearchField(QLineEdit):
    """Down arrow moves into the table, so search-then-pick needs no mouse."""

    move_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.move_down.emit()
            return
        super().keyPressEvent(event)


SIZE_SAMPLE_ROWS = 50  # rows measured per column when the columns are sized (one storage page)
NAME_ROOM = 60  # px the Name column gets at the list's preferred width (it stretches beyond)


class PatientListView(QWidget):
    """Search + table. Selecting a row selects the patient for the whole session; Enter or a
    double-click asks to open that patient (`open_requested`)."""

    open_requested = Signal(object)  # PatientId

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.search = _SearchField(self)
        self.search.setPlaceholderText(self.tr("Search subject id, name or MRN  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.model = PatientListModel(session, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self._configure_table()
        self.count_label = QLabel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(self._timer.start)
        self.search.returnPressed.connect(self._open_first)
        self.search.move_down.connect(self._focus_table)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._resize_if_grown)
        session.patient_selected.connect(self.show_patient)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        self._update_count()

    def _configure_table(self) -> None:
        t = self.table
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.verticalHeader().setVisible(False)
        t.verticalHeader().setDefaultSectionSize(24)
        header = t.horizontalHeader()
        # Sized once to the first rows: ResizeToContents re-measured every fetched row on each model
        # reset (about 10,000 data() calls a keystroke on 10,000 patients; benchmarks: filter_ms).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self._size_columns()
        t.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it

    def _size_columns(self) -> None:
        """Columns sized from the first rows' display texts (gui/widgets/table_sizing.py): once, and again
        while fewer rows than a sample were measured and more have come (a first patient's row was
        cut to "044-0…" under columns sized for the empty list, issue 13)."""
        rows = min(self.model.rowCount(), SIZE_SAMPLE_ROWS)
        last = self.model.columnCount() - 1  # Name stretches into what is left (and is elided)
        # One "M" of room, not two: two made the list 40 px wider than its text, enough to push
        # Status behind a sideways scroll bar (issue 13).
        fit_columns_to_text(self.table, range(last), rows, room="M")
        self.table.setColumnWidth(last, self.table.horizontalHeader().sectionSizeFromContents(last).width())
        self._sized_rows = rows

    def _resize_if_grown(self) -> None:
        if self._sized_rows < SIZE_SAMPLE_ROWS and self.model.rowCount() > self._sized_rows:
            self._size_columns()

    def preferred_width(self) -> int:
        """Wide enough for every column but the last (Name, which stretches and may be elided)
        with NAME_ROOM for it, so Status is never cut behind a sideways scroll bar (issue 13)."""
        header = self.table.horizontalHeader()
        columns = sum(header.sectionSize(c) for c in range(self.model.columnCount() - 1))
        chrome = self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()
        return columns + NAME_ROOM + chrome + 2

    def apply_search(self) -> None:
        """Run the pending search now (the debounce timer calls this; tests may too)."""
        self._timer.stop()
        if self.search.text() != self.model.search_text():
            self.model.set_search(self.search.text())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _focus_table(self) -> None:
        self.apply_search()
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _open_first(self) -> None:
        self.apply_search()
        if self.model.rowCount():
            self.table.selectRow(0)
            self.open_requested.emit(self.model.patient_id(0))

    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(self.model.patient_id(index.row()))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {i.row() for i in selected.indexes()}
        if len(rows) == 1:
            pid = self.model.patient_id(rows.pop())
            if pid != self._session.current_patient:
                self._session.select_patient(pid)

    def show_patient(self, patient_id: object) -> None:
        """Follow a selection made elsewhere (Today, a new patient) without re-broadcasting it."""
        if patient_id is None:
            return
        row = self.model.row_of(PatientId(int(patient_id)))  # type: ignore[call-overload]
        if row is None:
            return
        current = self.table.currentIndex()
        if not current.isValid() or current.row() != row:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _update_count(self) -> None:
        total = self.model.total_count()
        self.count_label.setText(self.tr("%n patient(s)", "", total))
