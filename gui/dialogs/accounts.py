"""Sign-in, the first administrator, a new password, and the administrator's Users dialog (issue 16).

Each dialog keeps its input and shows a refusal on its own line (the storage sentence), so a typing
mistake costs nothing; a password is never kept beyond the dialog that asked for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinical.errors import ToxTrackError
from clinical.roles import ROLES
from gui.sign_in_gate import nothing_to_ask

if TYPE_CHECKING:
    from clinical.model import Cycle
    from storage.account_record import Account
    from storage.repository import Repository


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setObjectName(name)
    return field


class _AccountDialog(QDialog):
    """A form, a line for the refusal, OK / Cancel; `attempt` does the work and may refuse."""

    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        lead = QLabel(intro)
        lead.setWordWrap(True)
        layout.addWidget(lead)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _ok(self) -> None:
        self.problem.setText("")
        try:
            self.attempt()
        except ToxTrackError as exc:
            self.problem.setText(str(exc))
            self.adjustSize()  # the whole sentence shows, however long
            return
        self.accept()

    def attempt(self) -> None:
        raise NotImplementedError


class FirstAdministratorDialog(_AccountDialog):
    """The first run of a database (or its first open after the upgrade): its first administrator."""

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("accounts", "Create the first administrator"),
            QCoreApplication.translate(
                "accounts",
                "This database has no users yet. Create its administrator, who adds the nurses, "
                "physicians and investigators. An administrator enters no clinical data and signs nothing.",
            ),
            parent,
        )
        self.repo = repo
        self.name = QLineEdit()
        self.name.setObjectName("printed_name")
        self.user_id = QLineEdit()
        self.user_id.setObjectName("user_id")
        self.password = _password_field("password")
        self.again = _password_field("password_again")
        self.form.addRow(QCoreApplication.translate("accounts", "Printed name:"), self.name)
        self.form.addRow(QCoreApplication.translate("accounts", "User id:"), self.user_id)
        self.form.addRow(
            QCoreApplication.translate("accounts", "Password (12 characters or more):"), self.password
        )
        self.form.addRow(QCoreApplication.translate("accounts", "Password again:"), self.again)

    def attempt(self) -> None:
        if self.password.text() != self.again.text():
            raise ToxTrackError(
                QCoreApplication.translate(
                    "accounts", "The two passwords differ; type the same password twice."
                )
            )
        self.repo.create_first_administrator(
            self.user_id.text().strip(), self.name.text(), self.password.text()
        )


class SignInDialog(_AccountDialog):
    """User id and password before the window shows any patient data."""

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("accounts", "Sign in to ToxTrack"),
            QCoreApplication.translate("accounts", "Every change you make names you."),
            parent,
        )
        self.repo = repo
        self.user_id = QLineEdit()
        self.user_id.setObjectName("user_id")
        self.password = _password_field("password")
        self.form.addRow(QCoreApplication.translate("accounts", "User id:"), self.user_id)
        self.form.addRow(QCoreApplication.translate("accounts", "Password:"), self.password)

    def attempt(self) -> None:
        try:
            self.repo.sign_in(self.user_id.text().strip(), self.password.text())
        finally:
            self.password.clear()


class ChangePasswordDialog(_AccountDialog):
    """A new password: required after a one-time password, offered otherwise."""

    def __init__(self, repo: Repository, parent: QWidget | None = None, *, required: bool = False) -> None:
        intro = (
            QCoreApplication.translate(
                "accounts", "You signed in with a one-time password: choose your own before going on."
            )
            if required
            else QCoreApplication.translate("accounts", "Choose a new password.")
        )
        super().__init__(QCoreApplication.translate("accounts", "Change password"), intro, parent)
        self.repo = repo
        self.old = _password_field("old_password")
        self.new = _password_field("new_password")
        self.again = _password_field("new_password_again")
        self.form.addRow(QCoreApplication.translate("accounts", "Current password:"), self.old)
        self.form.addRow(
            QCoreApplication.translate("accounts", "New password (12 characters or more):"), self.new
        )
        self.form.addRow(QCoreApplication.translate("accounts", "New password again:"), self.again)

    def attempt(self) -> None:
        if self.new.text() != self.again.text():
            raise ToxTrackError(
                QCoreApplication.translate(
                    "accounts", "The two new passwords differ; type the same password twice."
                )
            )
        self.repo.change_password(self.old.text(), self.new.text())


def ensure_signed_in(repo: Repository, parent: QWidget | None = None) -> bool:
    """Before the window shows patient data: the first administrator of a database without users,
    else a sign-in (and, after a one-time password, a new password). False when the user cancels."""
    if nothing_to_ask(repo):
        return True
    if not repo.has_users():
        return FirstAdministratorDialog(repo, parent).exec() == QDialog.DialogCode.Accepted
    if repo.account is None and SignInDialog(repo, parent).exec() != QDialog.DialogCode.Accepted:
        return False
    account = repo.account
    required = account is not None and account.must_change
    if required and ChangePasswordDialog(repo, parent, required=True).exec() != QDialog.DialogCode.Accepted:
        repo.sign_out()
        return False
    return repo.account is not None


class UsersDialog(QDialog):
    """The administrator's list of users: add, deactivate, change role, reset password."""

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.setWindowTitle(QCoreApplication.translate("accounts", "Users"))
        self.list = QListWidget()
        self.list.setObjectName("users")
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        for name, text, slot in (
            ("add", QCoreApplication.translate("accounts", "&Add..."), self.add),
            ("role", QCoreApplication.translate("accounts", "Change &role..."), self.change_role),
            ("reset", QCoreApplication.translate("accounts", "&Reset password"), self.reset),
            ("deactivate", QCoreApplication.translate("accounts", "&Deactivate..."), self.deactivate),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for account in self.repo.users():
            state = "" if account.active else QCoreApplication.translate("accounts", " - deactivated")
            item = QListWidgetItem(f"{account.label} - {account.role}{state}")
            item.setData(Qt.ItemDataRole.UserRole, account.user_id)
            self.list.addItem(item)

    def _selected(self) -> Account | None:
        item = self.list.currentItem()
        return None if item is None else self.repo.get_user(str(item.data(Qt.ItemDataRole.UserRole)))

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except ToxTrackError as exc:
            QMessageBox.warning(self, QCoreApplication.translate("accounts", "Users"), str(exc))
        self.refresh()

    def add(self) -> None:
        dialog = AddUserDialog(self.repo, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def change_role(self) -> None:
        account = self._selected()
        if account is None:
            return
        role, ok = QInputDialog.getItem(
            self,
            QCoreApplication.translate("accounts", "Change role"),
            QCoreApplication.translate("accounts", "Role of {0}:").format(account.label),
            list(ROLES),
            0,
            False,
        )
        if ok:
            self._run(
                lambda: self.repo.set_role(
                    account.user_id,
                    role,
                    QCoreApplication.translate("accounts", "changed in the Users dialog"),
                )
            )

    def reset(self) -> None:
        account = self._selected()
        if account is None:
            return

        def reset() -> None:
            one_time = self.repo.reset_password(account.user_id)
            QMessageBox.information(
                self,
                QCoreApplication.translate("accounts", "One-time password"),
                QCoreApplication.translate(
                    "accounts",
                    "Give {0} this one-time password; it must be changed at the next sign-in:\n\n{1}",
                ).format(account.label, one_time),
            )

        self._run(reset)

    def deactivate(self) -> None:
        account = self._selected()
        if account is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            QCoreApplication.translate("accounts", "Deactivate"),
            QCoreApplication.translate("accounts", "Why is {0} deactivated?").format(account.label),
        )
        if ok and reason.strip():
            self._run(lambda: self.repo.deactivate(account.user_id, reason.strip()))


class AddUserDialog(_AccountDialog):
    """A new user with a one-time password the administrator hands over."""

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(
            QCoreApplication.translate("accounts", "Add a user"),
            QCoreApplication.translate(
                "accounts", "The user changes this one-time password at the first sign-in."
            ),
            parent,
        )
        self.repo = repo
        self.name = QLineEdit()
        self.name.setObjectName("printed_name")
        self.user_id = QLineEdit()
        self.user_id.setObjectName("user_id")
        self.role = QComboBox()
        self.role.setObjectName("role")
        self.role.addItems(list(ROLES))
        self.password = _password_field("password")
        self.form.addRow(QCoreApplication.translate("accounts", "Printed name:"), self.name)
        self.form.addRow(QCoreApplication.translate("accounts", "User id:"), self.user_id)
        self.form.addRow(QCoreApplication.translate("accounts", "Role:"), self.role)
        self.form.addRow(QCoreApplication.translate("accounts", "One-time password:"), self.password)

    def attempt(self) -> None:
        self.repo.add_user(
            self.user_id.text().strip(), self.name.text(), self.role.currentText(), self.password.text()
        )


class SignCycleDialog(_AccountDialog):
    """The electronic signature of a patient-cycle (Part 11 §11.50, §11.200): the cycle's state
    (not signed, signed, or void after a change), the meaning, and the password re-entered."""

    def __init__(self, repo: Repository, cycle: Cycle, parent: QWidget | None = None) -> None:
        from storage.signatures import MEANING

        account = repo.account
        who = account.label if account is not None else ""
        patient = repo.get_patient(cycle.patient_id)
        super().__init__(
            QCoreApplication.translate("accounts", "Sign cycle {0} of {1}").format(
                cycle.number, patient.subject_id
            ),
            QCoreApplication.translate(
                "accounts", "Your signature is linked to this cycle's records: any later change voids it."
            ),
            parent,
        )
        self.repo, self.cycle = repo, cycle
        signatures = repo.cycle_signatures(cycle.id) if cycle.id is not None else []
        self.state = QLabel(
            signatures[-1].manifestation
            if signatures
            else QCoreApplication.translate("accounts", "Not signed.")
        )
        self.state.setObjectName("signature_state")
        self.state.setWordWrap(True)
        self.meaning = QLabel(MEANING)
        self.meaning.setObjectName("meaning")
        self.meaning.setWordWrap(True)
        self.signer = QLabel(who)
        self.signer.setObjectName("signer")
        self.password = _password_field("password")
        self.form.addRow(QCoreApplication.translate("accounts", "Now:"), self.state)
        self.form.addRow(QCoreApplication.translate("accounts", "Meaning:"), self.meaning)
        self.form.addRow(QCoreApplication.translate("accounts", "Signed by:"), self.signer)
        self.form.addRow(QCoreApplication.translate("accounts", "Password:"), self.password)
        self.password.setFocus()

    def attempt(self) -> None:
        if self.cycle.id is None:
            raise ToxTrackError(QCoreApplication.translate("accounts", "This cycle is not saved."))
        try:
            self.repo.sign_cycle(self.cycle.id, self.password.text())
        finally:
            self.password.clear()
