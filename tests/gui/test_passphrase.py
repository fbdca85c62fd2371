"""The passphrase dialogs and File > Encrypt database... (issue 17), driven through the real widgets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from gui.dialogs.passphrase import NewPassphraseDialog, UnlockDialog, encrypt_open_database
from gui.worker import wait_for_background
from storage import cipher
from tests.gui.conftest import open_active_window
from tests.gui.words import tr
from tests.signed_in import sign_in_admin

PASS = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_keys() -> Any:
    cipher.forget_all()
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
    assert "nobody can recover" in dialog.findChildren(type(dialog.problem))[0].text()


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

    def fill(dialog: NewPassphraseDialog) -> int:
        dialog.first.setText(PASS)
        dialog.second.setText(PASS)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(NewPassphraseDialog, "exec", fill)
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
