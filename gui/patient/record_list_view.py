"""The shape of the CRS, ICANS and lab views: a "New ..." button over a history table of one patient.

The view observes the session: it re-reads when its patient (or everything) changed, and its rows
carry the Correct... / Void... / History... menu.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinical.model import PatientId
from gui.dialog_open import open_dialog
from gui.patient.record_menu import RecordMenu
from gui.patient.record_table_model import Column, RecordTableModel
from gui.widgets.wrapping_table import WrappingTableView

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository

T = TypeVar("T")
WRAP_MIN_WIDTH = 220  # px a wrapping column keeps (about 30 characters a line)


class RecordListView(QWidget, Generic[T]):
    """Subclasses give the kind, the columns, how to fetch rows and which form makes a new one."""

    kind = ""

    def __init__(
        self, session: Session, new_label: str, columns: Sequence[Column[T]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.patient_id: PatientId | None = None
        self.model: RecordTableModel[T] = RecordTableModel(columns, self)
        self.table = WrappingTableView()  # a wrap column's rows grow to show its text in full
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self._set_column_modes()
        self.menu = RecordMenu(self.table, session, self._record_at)
        self.new_button = QPushButton(new_label)
        self.new_button.clicked.connect(self.open_new_form)
        self.empty_label = QLabel()
        # A voided record stays in the file with its history; this shows it, struck through, so
        # its history is reachable from the list and not only through Undo (issue 13).
        self.show_voided = QCheckBox(self.tr("Show v&oided"))
        self.show_voided.setToolTip(self.tr("Also list records voided as entered in error (struck through)"))
        self.show_voided.toggled.connect(lambda _on: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.new_button)
        top.addWidget(self.empty_label, 1)
        top.addWidget(self.show_voided)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.table, 1)
        session.changed.connect(self._changed)
        self.set_patient(None)

    def _set_column_modes(self) -> None:
        """A wrap column (the grade's "Why") takes the width left and wraps: it ran off the right
        edge at the default window size (issue 13). Without one, the last column stretches."""
        wrapped = [n for n, column in enumerate(self.model.columns()) if column.wrap]
        self.table.horizontalHeader().setStretchLastSection(not wrapped)
        if wrapped:
            self.table.set_wrap_column(wrapped[0], WRAP_MIN_WIDTH)

    def include_voided(self) -> bool:
        return self.show_voided.isChecked()

    def set_patient(self, patient_id: PatientId | None) -> None:
        self.patient_id = patient_id
        self.refresh()

    def _changed(self, patient_id: object) -> None:
        if patient_id is None or patient_id == self.patient_id:
            self.refresh()

    def refresh(self) -> None:
        rows = [] if self.patient_id is None else self.fetch(self.session.repo, self.patient_id)
        self.model.set_rows(rows)
        for n, column in enumerate(self.model.columns()):
            if not column.wrap:
                self.table.resizeColumnToContents(n)
        self.table.set_natural_widths()  # the widest give way (and wrap) when "Why" needs room
        self.new_button.setEnabled(self.patient_id is not None and not self.session.read_only)
        if self.patient_id is None:
            self.empty_label.setText(self.tr("Select a patient."))
        else:
            self.empty_label.setText("" if rows else self.tr("Nothing recorded yet."))
        self.rows_changed(rows)

    def rows_changed(self, rows: list[T]) -> None:
        """Hook for views that draw something more from the rows (the labs chart)."""

    def _record_at(self, row: int) -> tuple[str, int, object, str] | None:
        record = self.model.row_at(self.model.index(row, 0))
        record_id = getattr(record, "id", None)
        if record is None or record_id is None:
            return None
        return self.kind, int(record_id), record, self.summary(record)

    def open_new_form(self) -> QDialog | None:
        """The kind's new-record form, window-modal (gui/dialog_open.py)."""
        if self.patient_id is None:
            return None
        self.last_dialog = open_dialog(self.new_form(self.patient_id))
        return self.last_dialog

    # --- for subclasses -----------------------------------------------------------------------
    def fetch(self, repo: Repository, patient_id: PatientId) -> list[T]:
        """The patient's records, voided ones too when `include_voided()`."""
        raise NotImplementedError

    def new_form(self, patient_id: PatientId) -> QDialog:
        raise NotImplementedError

    def summary(self, record: T) -> str:
        return str(getattr(record, "id", ""))
