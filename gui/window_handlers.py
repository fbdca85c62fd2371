"""The main window's record and account actions (File > Import/Export, the new-record forms,
Record dose, Users, Change password, Sign cycle): each a small `do_<name>` method, routed by
MainWindow._connect from gui/actions.py. Their strings keep the "MainWindow" translation context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from clinical.choices import DoseStatus
from clinical.model import PatientId
from gui.dialog_open import dialog_class, open_dialog

if TYPE_CHECKING:
    from gui.session import Session

IDLE_LOCK_NAME = "idleLock"  # gui.lock_screen.IdleLock's object name: do_lock_time finds it by it


class RecordHandlers(QMainWindow):
    """The base of MainWindow holding the handlers that open a dialog on the session's data."""

    session: Session
    last_dialog: QDialog | None

    def _patient_dialog(self, module: str, cls: str, *args: object) -> None:
        found = dialog_class(self, module, cls)
        if found is not None:
            self.last_dialog = open_dialog(found(self.session, *args, self))

    def _need_patient(self) -> PatientId | None:
        pid = self.session.current_patient
        if pid is None:
            QMessageBox.information(
                self,
                QCoreApplication.translate("MainWindow", "No patient"),
                QCoreApplication.translate("MainWindow", "Select a patient first."),
            )
        return pid

    def do_import_labs(self) -> None:
        found = dialog_class(self, "gui.dialogs.lab_import_dialog", "LabImportDialog")
        if found is not None:
            self.last_dialog = open_dialog(found(self.session, self))

    def do_export(self) -> None:
        found = dialog_class(self, "gui.dialogs.export_dialog", "ExportDialog")
        if found is not None:
            self.last_dialog = open_dialog(found(self.session, self))

    def do_users(self) -> None:
        from gui.dialogs.accounts import UsersDialog

        UsersDialog(self.session.repo, self).exec()

    def do_lock_time(self) -> None:
        """File > Automatic lock time (administrator): a new time takes effect at once."""
        from gui.dialogs.lock_time import LockTimeDialog

        dialog = LockTimeDialog(self.session.repo, self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            # gui.lock_screen.IdleLock, found by name (that module imports the window: no cycle)
            restart = getattr(self.findChild(QObject, IDLE_LOCK_NAME), "restart", None)
            if restart is not None:
                restart()

    def do_change_password(self) -> None:
        from gui.dialogs.accounts import ChangePasswordDialog

        ChangePasswordDialog(self.session.repo, self).exec()

    def do_sign_cycle(self) -> None:
        """Sign the selected patient's current cycle (issue 16): the dialog shows the cycle's
        signature state and asks for the password again."""
        from gui.dialogs.accounts import SignCycleDialog

        pid = self._need_patient()
        if pid is None:
            return
        today = self.session.today()
        cycles = [c for c in self.session.repo.cycles(pid) if c.start_date <= today]
        if not cycles:
            QMessageBox.information(
                self,
                QCoreApplication.translate("MainWindow", "Sign cycle"),
                QCoreApplication.translate("MainWindow", "This patient has no cycle to sign yet."),
            )
            return
        self.last_dialog = SignCycleDialog(self.session.repo, cycles[-1], self)
        self.last_dialog.open()
        self.last_dialog.accepted.connect(lambda: self.session.changed.emit(pid))

    def do_record_dose(self) -> None:
        pid = self._need_patient()
        if pid is None:
            return
        today = self.session.today()
        planned = [d for d in self.session.repo.doses(pid) if d.status == DoseStatus.PLANNED]
        due = [d for d in planned if d.planned_date <= today] or planned
        if not due:
            QMessageBox.information(
                self,
                QCoreApplication.translate("MainWindow", "No planned dose"),
                QCoreApplication.translate(
                    "MainWindow", "This patient has no planned dose. Start a cycle in the Doses tab."
                ),
            )
            return
        self._patient_dialog("gui.patient.record_dose_dialog", "RecordDoseDialog", due[0].id)

    def _patient_form(self, kind: str) -> None:
        """The new-record form of the toxicity storing `kind` (its custom form or the generic one)."""
        pid = self._need_patient()
        if pid is None:
            return
        from clinical.toxicities import for_record_kind
        from gui.patient.toxicity_gui import form_dialog

        try:
            dialog = form_dialog(self.session, for_record_kind(kind), pid, self)
        except (ImportError, AttributeError) as exc:
            QMessageBox.warning(self, QCoreApplication.translate("MainWindow", "Not available"), str(exc))
            return
        self.last_dialog = open_dialog(dialog)

    def do_crs_form(self) -> None:
        self._patient_form("crs")

    def do_icans_form(self) -> None:
        self._patient_form("icans")

    def do_lab_form(self) -> None:
        self._patient_form("lab")
