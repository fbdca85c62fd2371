"""The patient's flags: what needs attention, how severe, why, and the trial figure it compares against.

Flags are computed, never stored: `clinical.flags.patient_flags` over the patient's records, each
time the patient's data changes. Double-clicking a flag opens the record it refers to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinical.choices import DoseStatus
from clinical.findings import Flag
from clinical.flags import patient_flags
from clinical.model import DoseId, PatientId
from gui.dialog_open import open_dialog
from gui.patient.flags_model import flags_model
from gui.widgets.wrapping_table import WrappingTableView

if TYPE_CHECKING:
    from gui.session import Session


class FlagsPanel(QWidget):
    """Flags never instruct a dose; the note under the table says so."""

    record_requested = Signal(str, int)  # record kind ("dose", "crs", "icans", "lab") and id

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.patient_id: PatientId | None = None
        self.model = flags_model(self)
        self.table = WrappingTableView()  # rows grow to show wrapped text in full
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._activated)
        self.summary = QLabel()
        note = QLabel(
            self.tr("Flags point at what to check; they never say what dose to give. Double-click to open.")
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        session.changed.connect(self._changed)
        self.set_patient(None)

    def set_patient(self, patient_id: PatientId | None) -> None:
        self.patient_id = patient_id
        self.refresh()

    def _changed(self, patient_id: object) -> None:
        if patient_id is None or patient_id == self.patient_id:
            self.refresh()

    def flags(self) -> list[Flag]:
        if self.patient_id is None:
            return []
        repo, pid = self.session.repo, self.patient_id
        return patient_flags(
            repo.get_patient(pid),
            repo.doses(pid),
            repo.records_by_kind(pid),
            self.session.today(),
            self.session.now(),
            cycles=repo.cycles(pid),
        )

    def refresh(self) -> None:
        flags = self.flags()
        self.model.set_rows(flags)
        for column in (0, 1, 3, 4):
            self.table.resizeColumnToContents(column)
        if self.patient_id is None:
            self.summary.setText(self.tr("Select a patient."))
        elif not flags:
            self.summary.setText(self.tr("No open flags."))
        else:
            self.summary.setText(self.tr("%n flag(s)", "", len(flags)))

    def _activated(self, index: QModelIndex) -> None:
        flag = self.model.row_at(index)
        if flag is not None:
            self.open_record(flag)

    def open_record(self, flag: Flag) -> None:
        """A planned dose opens the dose dialog (it resolves an overdue flag); anything else its history."""
        if not flag.record_kind or flag.record_id is None:
            return
        self.record_requested.emit(flag.record_kind, flag.record_id)
        if flag.record_kind == "dose" and not self.session.read_only:
            dose = self.session.repo.get_dose(DoseId(flag.record_id))
            if dose.status == DoseStatus.PLANNED:
                from gui.patient.record_dose_dialog import RecordDoseDialog

                self._open(RecordDoseDialog(self.session, dose.id or DoseId(flag.record_id), self))
                return
        from gui.patient.history_dialog import HistoryDialog

        self._open(HistoryDialog(self.session, flag.record_kind, flag.record_id, self))

    def _open(self, dialog: QDialog) -> None:
        self.last_dialog = open_dialog(dialog)
