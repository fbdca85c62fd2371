"""The passphrase dialogs and File > Encrypt database... (issue 17), driven through the real widgets."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from gui.dialogs.passphrase import NewPassphraseDialog, UnlockDialog, encrypt_open_database
from gui.worker import wait_for_background
from storage import cipher
from storage.cipher_cli import LOSS_WARNING
from storage.connection import is_passphrase_of
from tests.gui.conftest import open_active_window
from tests.gui.words import tr
from tests.signed_in import ADMIN, sign_in_admin

PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_keys() -> Any:
    # Passphrases are kept per file, and every test has files of its own: the ones known for an earlier
    # test's file are not forgotten here, since its views' timers may still open it (see below).
    cipher.set_asker(None)
    yield
    # The passphrase stays known for this test's own file: the views' timers may start readers of it
    # after the test has ended (while the next test runs), and they must still open it.
    cipher.set_asker(None)


def _ok(dialog: QDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    button.click()


def test_a_new_passphrase_must_be_long_enough_and_typed_twice_alike(qtbot: Any) -> None:
    dialog = NewPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first, "short")
    qtbot.keyClicks(dialog.second, "short")
    _ok(dialog)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "at least 12 characters" in dialog.problem.text()
    dialog.first.setText(PASS)
    dialog.second.setText(PASS + "!")
    _ok(dialog)
    assert "differ" in dialog.problem.text()
    dialog.second.setText(PASS)
    _ok(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.findChildren(type(dialog.problem))[0].text() == tr("NewPassphraseDialog", LOSS_WARNING)


def test_the_unlock_dialog_hides_what_is_typed(qtbot: Any, tmp_path: Path) -> None:
    dialog = UnlockDialog(tmp_path / "clinic.db")
    qtbot.addWidget(dialog)
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password
    assert "clinic" not in dialog.windowTitle()


def test_file_encrypt_database_encrypts_the_open_file_and_reopens_it(
    qtbot: Any, session: Any, settings_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: list[str]
) -> None:
    sign_in_admin(session.repo)  # encrypting the file is an administrator's (clinical.roles: backup)
    window = open_active_window(qtbot, session, settings_path)
    plain = tr("MainWindow", "not encrypted")
    assert plain in window.mode_label.text()
    path = session.repo.path
    names_before = sorted(session.repo.get_patient(p).name for p in session.repo.patient_ids())

    monkeypatch.setattr(NewPassphraseDialog, "exec", _typed_twice)
    window.actions_.by_name["encrypt_database"].trigger()
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    assert b"Ada Example" not in path.read_bytes()
    assert sorted(session.repo.get_patient(p).name for p in session.repo.patient_ids()) == names_before
    assert not session.repo.read_only
    assert plain not in window.mode_label.text()
    done = tr("MainWindow", "The database is now encrypted; every record and the audit chain were verified.")
    assert any(done in shown for shown in message_boxes)
    assert not list(path.parent.glob("*.unencrypted-*"))
    assert encrypt_open_database(window, session) is False  # already encrypted: says so
    window.hide()
    wait_for_background()
    session.repo.close()


def test_file_change_database_passphrase_rekeys_the_file_and_audits_it(
    qtbot: Any, session: Any, settings_path: Path, monkeypatch: pytest.MonkeyPatch, message_boxes: list[str]
) -> None:
    """The GUI rekey: the current passphrase is checked, the new one typed twice; afterwards the file
    opens with the new passphrase only, and the change is in the audit trail under the administrator."""
    from gui.dialogs.passphrase import ChangePassphraseDialog, change_database_passphrase
    from storage import Repository
    from storage.connection import open_connection
    from storage.errors import DatabaseRefusedError

    sign_in_admin(session.repo)
    window = open_active_window(qtbot, session, settings_path)
    path = session.repo.path
    names_before = sorted(session.repo.get_patient(p).name for p in session.repo.patient_ids())
    assert change_database_passphrase(window, session) is False  # plain: says to encrypt first
    assert any("not encrypted" in shown for shown in message_boxes)

    monkeypatch.setattr(NewPassphraseDialog, "exec", _typed_twice)
    window.actions_.by_name["encrypt_database"].trigger()
    sign_in_admin(session.repo)  # the encryption reopened the file: the administrator signs in again
    session.mode_changed.emit()  # the window enables the administrator's actions again
    assert window.actions_.by_name["change_passphrase"].isEnabled()
    new = "a different passphrase"
    refusals: list[str] = []

    def change(dialog: ChangePassphraseDialog) -> int:
        dialog.current.setText("not the passphrase")
        dialog.first.setText(new)
        dialog.second.setText(new)
        dialog.accept()  # the real check: a wrong current passphrase is refused in the dialog
        refusals.append(dialog.problem.text())
        assert dialog.result() != QDialog.DialogCode.Accepted
        dialog.current.setText(PASS)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(ChangePassphraseDialog, "exec", change)
    window.actions_.by_name["change_passphrase"].trigger()
    assert refusals[0] == tr(
        "ChangePassphraseDialog", "The current passphrase is not the one that opens this database."
    )
    assert any("passphrase was changed" in shown for shown in message_boxes)
    assert sorted(session.repo.get_patient(p).name for p in session.repo.patient_ids()) == names_before
    window.hide()
    wait_for_background()
    session.repo.close()

    assert not is_passphrase_of(path, PASS) and is_passphrase_of(path, new)
    copy = path.with_name("copy.db")  # the old passphrase no longer opens it (tried on a copy: the
    shutil.copyfile(path, copy)  # passphrase known for the file itself stays the new one)
    cipher.remember(copy, PASS)
    with pytest.raises(DatabaseRefusedError):
        Repository.open(copy, read_only=True)
    with Repository.open(path, read_only=True) as repo:  # the new passphrase, known to the session
        assert sorted(repo.get_patient(p).name for p in repo.patient_ids()) == names_before
        assert repo.verify_audit() == []
    conn = open_connection(path, read_only=True)
    try:
        events = conn.execute(
            "SELECT user_name, changes FROM audit_log WHERE reason = 'database passphrase changed'"
        ).fetchall()
    finally:
        conn.close()
    assert events == [(ADMIN, '{"database_passphrase":[null,"changed"]}')]  # who, and no secret


def test_a_new_database_asks_for_a_passphrase_and_is_plain_only_when_chosen(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's new-database asker: the passphrase typed twice (with the loss warning), or the
    visible "do not encrypt" choice; OK with neither is refused in the dialog."""
    from gui.dialogs.passphrase import ask_new_database_passphrase

    shown: list[NewPassphraseDialog] = []

    def answer(plain: bool) -> Any:
        def run(dialog: NewPassphraseDialog) -> int:
            shown.append(dialog)
            assert dialog.plain.isVisibleTo(dialog) and not dialog.plain.isChecked()
            _ok(dialog)  # nothing typed, nothing chosen: refused
            assert dialog.result() != QDialog.DialogCode.Accepted
            if plain:
                dialog.plain.setChecked(True)
            else:
                dialog.first.setText(PASS)
                dialog.second.setText(PASS)
            _ok(dialog)
            return int(dialog.result())

        return run

    monkeypatch.setattr(NewPassphraseDialog, "exec", answer(plain=False))
    assert ask_new_database_passphrase(tmp_path / "new.db") == PASS
    assert "at least 12 characters" in shown[0].problem.text()
    monkeypatch.setattr(NewPassphraseDialog, "exec", answer(plain=True))
    assert ask_new_database_passphrase(tmp_path / "new.db") == cipher.PLAIN
    assert all(
        d.findChildren(type(d.problem))[0].text() == tr("NewPassphraseDialog", LOSS_WARNING) for d in shown
    )


def _typed_twice(dialog: NewPassphraseDialog) -> int:
    """In place of the dialog's exec: PASS typed into both fields and the dialog accepted."""
    dialog.first.setText(PASS)
    dialog.second.setText(PASS)
    return int(QDialog.DialogCode.Accepted)
