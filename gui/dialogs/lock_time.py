"""The administrator's setting of the automatic lock (issue 16, Part 11 §11.300): how many minutes
without keyboard or mouse input before every window locks, stored per database (1 to 30, default 10)
and audited with an optional reason. A value out of range, or not a whole number, is refused on the
dialog's own line and nothing is saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from clinical.errors import ToxTrackError
from storage.repo_accounts import LOCK_DEFAULT_MINUTES, LOCK_RANGE

if TYPE_CHECKING:
    from storage.repository import Repository


class LockTimeDialog(QDialog):
    """File > Automatic lock time: the minutes, a reason, OK / Cancel; refusals on `problem`."""

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.setWindowTitle(QCoreApplication.translate("lock", "Automatic lock time"))
        self.setModal(True)
        self.setMinimumWidth(460)
        lead = QLabel(
            QCoreApplication.translate(
                "lock",
                "After this many minutes without keyboard or mouse input, every ToxTrack window on this "
                "database locks and shows no patient data. From {0} to {1} minutes (default {2}); "
                "the change is audited.",
            ).format(LOCK_RANGE[0], LOCK_RANGE[1], LOCK_DEFAULT_MINUTES)
        )
        lead.setWordWrap(True)
        self.minutes = QLineEdit(str(repo.lock_minutes()))
        self.minutes.setObjectName("minutes")
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("lock", "Lock after (minutes):"), self.minutes)
        form.addRow(QCoreApplication.translate("lock", "Reason (optional):"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(lead)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.minutes.selectAll()
        self.minutes.setFocus()

    def _ok(self) -> None:
        self.problem.setText("")
        text = self.minutes.text().strip()
        low, high = LOCK_RANGE
        try:
            minutes = int(text)
        except ValueError:
            minutes = None
        if minutes is None or not low <= minutes <= high:
            self.problem.setText(
                QCoreApplication.translate(
                    "lock", "The lock time is a whole number of minutes from {0} to {1}; “{2}” was not saved."
                ).format(low, high, text)
            )
            self.minutes.selectAll()
            self.minutes.setFocus()
            return
        try:
            self.repo.set_lock_minutes(minutes, self.reason.text().strip())
        except ToxTrackError as exc:  # a role that may not (the action is disabled for it), read-only
            self.problem.setText(str(exc))
            return
        self.accept()
