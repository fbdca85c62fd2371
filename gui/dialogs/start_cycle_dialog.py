"""Start a patient's next cycle on a chosen date; its planned doses come from the regimen."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinical.errors import ProtocolCheckError, ValidationError
from clinical.model import Cycle, PatientId
from clinical.regimens import INFERENCE_NOTE, PlannedDose, get_regimen, planned_doses, weekend_dates
from gui.formatting import local_date, pydate, qdate
from gui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository


class StartCycleDialog(FormDialog):
    """Defaults to the day after the previous cycle ends (or today for cycle 1); previews the plan."""

    def __init__(self, session: Session, patient_id: PatientId, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.patient_id = session, patient_id
        self.patient = session.repo.get_patient(patient_id)
        self.regimen = get_regimen(self.patient.regimen)
        cycles = session.repo.cycles(patient_id)
        self.number = max((c.number for c in cycles), default=0) + 1
        default = session.today()
        if cycles:
            last = max(cycles, key=lambda c: c.number)
            default = max(default, last.start_date + dt.timedelta(days=self.regimen.cycle_length_days))
        self.setWindowTitle(
            self.tr("Start cycle %1 — %2")
            .replace("%1", str(self.number))
            .replace("%2", self.patient.subject_id)
        )
        self.start = QDateEdit(qdate(default))
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")  # as every date is shown; "4/2/26" is ambiguous
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.weekend = QLabel()  # the planned doses on a Saturday or Sunday, before anything is saved
        self.weekend.setWordWrap(True)
        self.inference = QLabel(self.tr(INFERENCE_NOTE))
        self.inference.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(self.tr("Regimen"), QLabel(self.patient.regimen))
        form.addRow(self.tr("Start date (cycle day 1)"), self.start)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Start cycle"))
        self.ok_button.setEnabled(not session.read_only)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.weekend)
        layout.addWidget(self.inference)
        layout.addWidget(self._protocol_group())
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.start.dateChanged.connect(self._update_preview)
        self._update_preview()

    def _update_preview(self) -> None:
        try:
            doses = planned_doses(self.patient.regimen, self.number, pydate(self.start.date()))
        except ValueError as exc:
            self.preview.setText(str(exc))
            self.ok_button.setEnabled(False)
            return
        self.ok_button.setEnabled(not self.session.read_only)
        self.preview.setText(
            self.tr("%1 planned doses, %2 to %3.")
            .replace("%1", str(len(doses)))
            .replace("%2", local_date(doses[0].date))
            .replace("%3", local_date(doses[-1].date))
        )
        text = weekend_text(doses)
        self.weekend.setText(text)
        self.weekend.setHidden(not text)

    def _protocol_group(self) -> QGroupBox:
        """Shown when storage finds the start before the previous cycle's break has passed: what
        differs, and a reason that starts it anyway (stored, audited, flagged "protocol check")."""
        self.protocol_box = QGroupBox(self.tr("Protocol check"))
        form = QFormLayout(self.protocol_box)
        self.protocol_text = QLabel()
        self.protocol_text.setWordWrap(True)
        self.deviation_reason = QLineEdit()
        form.addRow(self.protocol_text)
        form.addRow(self.tr("Reason to start it anyway"), self.deviation_reason)
        self.protocol_box.hide()
        return self.protocol_box

    def _show_invalid(self, exc: ValidationError) -> bool:
        if isinstance(exc, ProtocolCheckError):
            self.protocol_text.setText(str(exc))
            self.protocol_box.show()
            self.deviation_reason.setFocus()
            return True
        self.error.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
        return True

    def save(self) -> None:
        start, pid = pydate(self.start.date()), self.patient_id
        why = self.deviation_reason.text().strip() if not self.protocol_box.isHidden() else ""
        started: list[Cycle] = []
        description = self.tr("Start cycle %1").replace("%1", str(self.number))

        def action(repo: Repository) -> Cycle:
            cycle = repo.start_cycle(pid, start, deviation_reason=why)
            started.append(cycle)
            return cycle

        def undo(repo: Repository) -> None:
            if started[-1].id is not None:
                repo.void("cycle", started[-1].id, f"Undo: {description}")

        if self.session.write(description, action, undo, self, patient_id=pid, on_invalid=self._show_invalid):
            self.accept()


def weekend_text(doses: list[PlannedDose]) -> str:
    """ "Planned on a weekend: day 3 (Sat 2026-04-04), ..." or "" (shown before a cycle is saved)."""
    weekend = weekend_dates(doses)
    if not weekend:
        return ""
    days = ", ".join(
        QCoreApplication.translate("StartCycleDialog", "day %1 (%2)")
        .replace("%1", str(d.day))
        .replace("%2", local_date(d.date))
        for d in weekend
    )
    return QCoreApplication.translate("StartCycleDialog", "Planned on a weekend: %1.").replace("%1", days)
