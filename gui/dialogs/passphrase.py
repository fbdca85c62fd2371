"""Database passphrases in the desktop app (issue 17): asking for the passphrase of an encrypted file,
setting a new one (typed twice, minimum length, the loss warning), and File > Encrypt database...

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
from storage.connection import is_encrypted

LOSS_WARNING = (
    "Keep this passphrase safe: without it the database cannot be opened, and nobody can recover the "
    "data unless a backup's passphrase is known."
)
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


class NewPassphraseDialog(QDialog):
    """A new passphrase, typed twice, with the loss warning and the keyring choice; OK is refused
    (with the reason shown) until the two match and are long enough."""

    def __init__(self, parent: QWidget | None = None, offer_keep: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Database passphrase"))
        layout = QVBoxLayout(self)
        warning = QLabel(self.tr(LOSS_WARNING), self)
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
