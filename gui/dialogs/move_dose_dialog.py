"""Move a planned dose to another date, with a reason (the thrice-weekly pattern is only a default)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinical.errors import ValidationError
from clinical.model import DoseId
from gui.formatting import local_date, pydate, qdate
from gui.widgets.dialog_buttons import save_cancel
from gui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository


class MoveDoseDialog(FormDialog):
    """Only a dose still planned can move; undo moves it back (both moves are audited)."""

    def __init__(self, session: Session, dose_id: DoseId, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dose = session.repo.get_dose(dose_id)
        subject = session.repo.get_patient(self.dose.patient_id).subject_id
        self.setWindowTitle(
            self.tr("Move dose — %1 day %2").replace("%1", subject).replace("%2", str(self.dose.cycle_day))
        )
        self.new_date = QDateEdit(qdate(self.dose.planned_date))
        self.new_date.setCalendarPopup(True)
        self.new_date.setDisplayFormat("yyyy-MM-dd")  # as every date is shown; "3/23/26" is ambiguous
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("e.g. public holiday, patient request"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(self.tr("Planned date"), QLabel(local_date(self.dose.planned_date)))
        form.addRow(self.tr("New date"), self.new_date)
        form.addRow(self.tr("Reason (required)"), self.reason)
        buttons, _ = save_cancel(self, session.read_only, self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.new_date.setFocus()

    def _show_invalid(self, exc: ValidationError) -> bool:
        self.error.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
        return True

    def save(self) -> None:
        reason = self.reason.text().strip()
        new_date = pydate(self.new_date.date())
        if new_date == self.dose.planned_date:
            self.error.setText(self.tr("Choose a different date."))
            return
        if not reason:
            self.error.setText(self.tr("Moving a dose needs a reason."))
            self.reason.setFocus()
            return
        dose_id, old_date = self.dose.id, self.dose.planned_date
        assert dose_id is not None
        description = self.tr("Move dose to %1").replace("%1", local_date(new_date))
        done = self.session.write(
            description,
            lambda repo: repo.move_dose(dose_id, new_date, reason),
            lambda repo: _move_back(repo, dose_id, old_date, f"Undo: {description}"),
            self,
            patient_id=self.dose.patient_id,
            on_invalid=self._show_invalid,
        )
        if done is not None:
            self.accept()


def _move_back(repo: Repository, dose_id: DoseId, old_date: dt.date, reason: str) -> None:
    repo.move_dose(dose_id, old_date, reason)
