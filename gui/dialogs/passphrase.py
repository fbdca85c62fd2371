"""Database passphrases in the desktop app (issue 17): asking for the passphrase of an encrypted file,
setting a new one (typed twice, minimum length, the loss warning), File > Encrypt database... and
File > Change database passphrase...

A passphrase is never shown, logged or written to a file; "Remember on this workstation" keeps it in
the OS keyring only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from clinical.errors import ToxTrackError
from gui.session import Session
from storage import cipher
from storage.connection import is_encrypted, is_passphrase_of

NOT_ENCRYPTED = "not encrypted"


def _secret(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class UnlockDialog(QDialog):
    """The passphrase of an encrypted database, asked when neither this session nor the keyring
    knows it."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Encrypted database"))  # no file name: it may be seen from afar
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Passphrase for {0}:").format(path.name), self))
        self.passphrase = _secret(self)
        layout.addWidget(self.passphrase)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_passphrase(path: Path, parent: QWidget | None = None) -> str | None:
    """The GUI's asker (storage.cipher.set_asker): None when the person cancels."""
    dialog = UnlockDialog(path, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase.text()


def new_database_asked(path: Path, parent: QWidget | None) -> str | None:
    """Nobody can answer a dialog on the offscreen platform (a headless start): no database is then
    created, with the sentence that names TOXTRACK_PASSPHRASE and --no-encrypt, rather than a hang."""
    if QApplication.platformName() == "offscreen":
        return None
    return ask_new_database_passphrase(path, parent)


def ask_new_database_passphrase(path: Path, parent: QWidget | None = None) -> str | None:
    """The window's new-database asker (storage.cipher.set_new_asker): a new database is encrypted
    with the passphrase the administrator types twice, unencrypted only when "do not encrypt" is
    ticked (cipher.PLAIN); None when cancelled (nothing is created)."""
    dialog = NewPassphraseDialog(parent, offer_plain=True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.plain.isChecked():
        return cipher.PLAIN
    passphrase = dialog.first.text()
    if dialog.remember.isChecked():
        cipher.store_in_keyring(path, passphrase)  # a failure only means it is asked again next time
    return passphrase


class NewPassphraseDialog(QDialog):
    """A new passphrase, typed twice, with the loss warning and the keyring choice; OK is refused
    (with the reason shown) until the two match and are long enough."""

    def __init__(
        self, parent: QWidget | None = None, offer_keep: bool = False, offer_plain: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database passphrase"))
        layout = QVBoxLayout(self)
        warning = QLabel(
            self.tr(
                "Keep this passphrase safe: without it the database cannot be opened, and nobody can "
                "recover the data unless a backup's passphrase is known."
            ),
            self,
        )
        warning.setWordWrap(True)
        layout.addWidget(warning)
        layout.addWidget(QLabel(self.tr("Passphrase (at least {0} characters):").format(cipher.MIN_LENGTH)))
        self.first = _secret(self)
        layout.addWidget(self.first)
        layout.addWidget(QLabel(self.tr("The same passphrase again:"), self))
        self.second = _secret(self)
        layout.addWidget(self.second)
        self.remember = QCheckBox(self.tr("Remember on this workstation (OS keyring)"), self)
        layout.addWidget(self.remember)
        self.keep = QCheckBox(self.tr("Keep the unencrypted original (not advised: it stays readable)"), self)
        self.keep.setVisible(offer_keep)
        layout.addWidget(self.keep)
        self.plain = QCheckBox(
            self.tr("I understand: do not encrypt this database (anyone who gets the file can read it)"), self
        )
        self.plain.setVisible(offer_plain)
        if offer_plain:  # asked when a database is created
            self.setWindowTitle(self.tr("New database: passphrase"))
        layout.addWidget(self.plain)
        self.problem = QLabel("", self)
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, parent=self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.plain.isChecked():  # the explicit choice of an unencrypted new database
            super().accept()
            return
        problem = cipher.passphrase_problem(self.first.text(), self.second.text())
        if problem is not None:
            self.problem.setText(problem)
            return
        super().accept()


def encrypt_open_database(window: QWidget, session: Session) -> bool:
    """File > Encrypt database...: close the open file, encrypt it (copy, verify every record and the
    audit chain, swap atomically), reopen it; True when it was encrypted."""
    from storage import Repository
    from storage.encrypt import convert

    repo = session.repo
    title = window.tr("Encrypt database")
    if is_encrypted(repo.path):
        QMessageBox.information(window, title, window.tr("This database is encrypted."))
        return False
    dialog = NewPassphraseDialog(window, offer_keep=True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    passphrase, path, user = dialog.first.text(), repo.path, repo.user
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    repo.close()  # the conversion takes the writer lock this session holds
    kept: Path | None = None
    try:
        kept = convert(path, passphrase, keep_original=dialog.keep.isChecked())
    except ToxTrackError as exc:
        QMessageBox.warning(window, title, str(exc))
    finally:
        session.replace_repository(Repository.open(path, user=user))
        QApplication.restoreOverrideCursor()
    if not is_encrypted(path):
        return False
    if dialog.remember.isChecked():
        problem = cipher.store_in_keyring(path, passphrase)
        if problem is not None:
            QMessageBox.warning(window, title, problem)
    message = window.tr("The database is now encrypted; every record and the audit chain were verified.")
    if kept is not None:
        message += " " + window.tr("WARNING: the unencrypted original was kept at {0}; delete it.").format(
            kept
        )
    QMessageBox.information(window, title, message)
    return True


class ChangePassphraseDialog(NewPassphraseDialog):
    """The current passphrase, checked against the file, then the new one typed twice (with the loss
    warning and the keyring choice): what `toxtrack rekey` asks, in the window."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setWindowTitle(self.tr("Change database passphrase"))
        self.current = _secret(self)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, QLabel(self.tr("Current passphrase:"), self))
        layout.insertWidget(1, self.current)

    def accept(self) -> None:
        if not is_passphrase_of(self.path, self.current.text()):
            self.problem.setText(self.tr("The current passphrase is not the one that opens this database."))
            return
        if self.first.text() == self.current.text():
            self.problem.setText(self.tr("The new passphrase is the current one; type a different one."))
            return
        super().accept()


def change_database_passphrase(window: QWidget, session: Session) -> bool:
    """File > Change database passphrase... (an administrator's): the current passphrase, the new one
    twice; the file is re-keyed as `toxtrack rekey` does (copy, verify every record and the audit
    chain, swap atomically), reopened with the new passphrase and the change audited. True when done."""
    from clinical import roles
    from storage import Repository
    from storage.encrypt import convert

    repo = session.repo
    title = window.tr("Change database passphrase")
    account = repo.account
    if not repo.can("backup"):  # an administrator's (clinical.roles), refused before anything is asked
        role = account.role if account is not None else ""
        refusal = roles.refusal(role, "backup") if role else window.tr("Sign in as an administrator first.")
        QMessageBox.warning(window, title, refusal)
        return False
    if not is_encrypted(repo.path):
        message = window.tr("This database is not encrypted; use File > Encrypt database... first.")
        QMessageBox.information(window, title, message)
        return False
    dialog = ChangePassphraseDialog(repo.path, window)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    passphrase, path, user = dialog.first.text(), repo.path, repo.user
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    repo.close()  # the re-keying takes the writer lock this session holds
    changed = False
    try:
        convert(path, passphrase)
        changed = True
    except ToxTrackError as exc:
        QMessageBox.warning(window, title, str(exc))
    finally:
        reopened = Repository.open(path, user=user)
        reopened.account = account  # the same administrator, in the same action
        session.replace_repository(reopened)
        QApplication.restoreOverrideCursor()
    if not changed:
        return False
    reopened.record_passphrase_change()
    if dialog.remember.isChecked():
        problem = cipher.store_in_keyring(path, passphrase)
    else:
        cipher.forget_in_keyring(path)  # a remembered old passphrase would no longer open it
        problem = None
    if problem is not None:
        QMessageBox.warning(window, title, problem)
    message = window.tr(
        "The passphrase was changed; every record and the audit chain were verified. Older backups keep "
        "the passphrase they were made with."
    )
    QMessageBox.information(window, title, message)
    return True
