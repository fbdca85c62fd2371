"""The dose calendar: each cycle's planned doses and what happened to each, with the actions that
record, move and plan them. Enter or a double-click on a planned dose records it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
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

from clinical.choices import DoseStatus
from clinical.delivery import recent_sites
from clinical.model import CycleId, Dose, PatientId
from clinical.regimens import INFERENCE_NOTE
from gui.dialog_open import open_dialog
from gui.formatting import choice_label, local_date, local_time
from gui.patient.dose_calendar_model import DoseCalendarModel
from gui.patient.record_menu import RecordMenu

if TYPE_CHECKING:
    from gui.session import Session


class DoseCalendarView(QWidget):
    """One cycle at a time (the current one by default), chosen in the cycle combo."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.patient_id: PatientId | None = None
        self.model = DoseCalendarModel(self)
        self.cycle_combo = QComboBox()
        self.cycle_combo.currentIndexChanged.connect(self._load_doses)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._activated)
        self.menu = RecordMenu(self.table, session, self._record_at)
        self.record_button = QPushButton(self.tr("Record dose..."))
        self.record_button.clicked.connect(self.record_selected)
        self.move_button = QPushButton(self.tr("Move date..."))
        self.move_button.clicked.connect(self.move_selected)
        self.start_button = QPushButton(self.tr("Start next cycle..."))
        self.start_button.clicked.connect(self.start_cycle)
        self.pdf_button = QPushButton(self.tr("Cycle summary PDF..."))
        self.pdf_button.setToolTip(self.tr("Make this cycle's summary for the chart and open it, to print"))
        self.pdf_button.clicked.connect(self.export_summary)
        self.adherence = QLabel()
        # Under the table: the plan's dates are an inference, and a confirmed early start, if any.
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table.installEventFilter(self)  # Enter on a planned row records it
        # The cycle and its count on one row, the actions on the next: on one row they made the
        # patient page wider than a 1024-pixel screen and squeezed the patient list (issue 13).
        self.adherence.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Cycle:")))
        top.addWidget(self.cycle_combo)
        top.addWidget(self.adherence, 1)
        actions = QHBoxLayout()
        for button in (self.record_button, self.move_button, self.start_button, self.pdf_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        self.sites = QLabel()  # the last injection sites: history, never an instruction (issue 18)
        self.sites.setWordWrap(True)
        layout.addWidget(self.sites)
        layout.addWidget(self.note)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        session.changed.connect(self._changed)
        self.set_patient(None)

    # --- loading ------------------------------------------------------------------------------
    def set_patient(self, patient_id: PatientId | None) -> None:
        self.patient_id = patient_id
        self.refresh(keep_cycle=False)

    def _changed(self, patient_id: object) -> None:
        if patient_id is None or patient_id == self.patient_id:
            self.refresh(keep_cycle=True)

    def refresh(self, keep_cycle: bool = True) -> None:
        """Re-read the cycles; stay on the shown cycle, else show the latest started one."""
        shown = self.cycle_combo.currentData() if keep_cycle else None
        cycles = [] if self.patient_id is None else self.session.repo.cycles(self.patient_id)
        self.cycle_combo.blockSignals(True)
        self.cycle_combo.clear()
        for cycle in sorted(cycles, key=lambda c: c.number):
            label = self.tr("Cycle %1 (day 1 %2)").replace("%1", str(cycle.number))
            self.cycle_combo.addItem(label.replace("%2", local_date(cycle.start_date)), cycle.id)
        today = self.session.today()
        started = [i for i, c in enumerate(sorted(cycles, key=lambda c: c.number)) if c.start_date <= today]
        index = self.cycle_combo.findData(shown) if shown is not None else -1
        if index < 0:
            index = started[-1] if started else self.cycle_combo.count() - 1
        self.cycle_combo.setCurrentIndex(index)
        self.cycle_combo.blockSignals(False)
        self.start_button.setEnabled(self.patient_id is not None and not self.session.read_only)
        self.pdf_button.setEnabled(self.cycle_combo.count() > 0)  # a report only reads
        self._load_doses()

    def _load_doses(self) -> None:
        cycle_id = self.cycle_combo.currentData()
        doses: list[Dose] = []
        if self.patient_id is not None and cycle_id is not None:
            doses = self.session.repo.doses(self.patient_id, CycleId(cycle_id))
        self.model.set_doses(doses, self.session.today())
        self.table.resizeColumnsToContents()
        given = sum(1 for d in doses if d.status == DoseStatus.GIVEN)
        due = sum(1 for d in doses if d.planned_date <= self.session.today())
        self.adherence.setText(
            self.tr("%1 of %2 doses due so far given").replace("%1", str(given)).replace("%2", str(due))
            if doses
            else (
                self.tr("No cycle started.") if self.patient_id is not None else self.tr("Select a patient.")
            )
        )
        self._update_note(cycle_id, bool(doses))
        self._update_sites()
        self._update_buttons()

    def _update_sites(self) -> None:
        """The sites of the patient's last given doses, newest first, over every cycle."""
        used = recent_sites(self.session.repo.doses(self.patient_id)) if self.patient_id is not None else []
        if not used:
            self.sites.setText("")
            return
        listed = "; ".join(f"{choice_label(u.site)} ({local_time(u.given_at)})" for u in used)
        self.sites.setText(self.tr("Last injection sites, newest first: %1").replace("%1", listed))

    def _update_note(self, cycle_id: object, has_doses: bool) -> None:
        cycles = [] if self.patient_id is None else self.session.repo.cycles(self.patient_id)
        deviation = next((c.deviation for c in cycles if c.id == cycle_id), "")
        lines = [self.tr(INFERENCE_NOTE)] if has_doses else []
        if deviation:
            lines.append(self.tr("Protocol check: %1").replace("%1", deviation))
        self.note.setText("\n".join(lines))

    # --- selection and actions ------------------------------------------------------------------
    def selected_dose(self) -> Dose | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0]) if rows else None

    def _update_buttons(self) -> None:
        dose = self.selected_dose()
        writable = not self.session.read_only
        planned = dose is not None and dose.status == DoseStatus.PLANNED
        self.record_button.setEnabled(writable and (planned or self.next_due() is not None))
        self.move_button.setEnabled(writable and planned)

    def next_due(self) -> Dose | None:
        """The dose to record when none is selected: the earliest planned one due by today."""
        today = self.session.today()
        planned = [d for d in self.model.rows() if d.status == DoseStatus.PLANNED]
        due = [d for d in planned if d.planned_date <= today]
        candidates = due or planned
        return candidates[0] if candidates else None

    def _record_at(self, row: int) -> tuple[str, int, object, str] | None:
        dose = self.model.row_at(self.model.index(row, 0))
        if dose is None or dose.id is None:
            return None
        summary = self.tr("Day %1, %2, %3").replace("%1", str(dose.cycle_day))
        summary = summary.replace("%2", local_date(dose.planned_date)).replace(
            "%3", choice_label(dose.status)
        )
        return "dose", int(dose.id), dose, summary

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the table records the current planned dose; other keys behave as usual."""
        if (
            watched is self.table
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._activated(self.table.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _activated(self, index: QModelIndex) -> None:
        dose = self.model.row_at(index)
        if dose is not None and dose.status == DoseStatus.PLANNED:
            self.record_dose(dose)

    def record_selected(self) -> QDialog | None:
        dose = self.selected_dose()
        if dose is None or dose.status != DoseStatus.PLANNED:
            dose = self.next_due()
        return self.record_dose(dose) if dose is not None else None

    def _open(self, dialog: QDialog) -> QDialog:
        self.last_dialog = open_dialog(dialog)
        return dialog

    def record_dose(self, dose: Dose) -> QDialog | None:
        from gui.patient.record_dose_dialog import RecordDoseDialog

        if dose.id is None or self.session.read_only:
            return None
        return self._open(RecordDoseDialog(self.session, dose.id, self))

    def move_selected(self) -> QDialog | None:
        from gui.dialogs.move_dose_dialog import MoveDoseDialog

        dose = self.selected_dose()
        if dose is None or dose.id is None or dose.status != DoseStatus.PLANNED:
            return None
        return self._open(MoveDoseDialog(self.session, dose.id, self))

    def export_summary(self) -> None:
        """The shown cycle's summary PDF, made in the background and opened (gui.pdf_export)."""
        from pathlib import Path

        from gui.pdf_export import cycle_file_name, export_pdf, make_cycle_summary

        cycle_id = self.cycle_combo.currentData()
        if self.patient_id is None or cycle_id is None:
            return
        subject = self.session.repo.get_patient(self.patient_id).subject_id
        number = next(c.number for c in self.session.repo.cycles(self.patient_id) if c.id == cycle_id)
        build = make_cycle_summary(Path(self.session.repo.path), subject, number)
        export_pdf(self, self.tr("Cycle summary PDF"), cycle_file_name(subject, number), build)

    def start_cycle(self) -> QDialog | None:
        from gui.dialogs.start_cycle_dialog import StartCycleDialog

        if self.patient_id is None:
            return None
        dialog = StartCycleDialog(self.session, self.patient_id, self)
        dialog.accepted.connect(lambda: self.refresh(keep_cycle=False))  # show the new cycle
        return self._open(dialog)
