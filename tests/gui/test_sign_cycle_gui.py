"""Signing a cycle in the window (issue 16): Patient > Sign cycle opens a dialog showing the cycle's
state and the meaning; the password is typed again; a wrong one is refused on its own line; after a
change to the cycle the dialog shows the signature void. Only a role that may sign has the action."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from gui.main_window import MainWindow
from gui.settings import Settings
from tests.gui.words import tr
from tests.shots import screenshot_folder
from tests.signed_in import TESTER_PASSWORD

SHOTS = screenshot_folder()  # docs/screenshots only with TOXTRACK_WRITE_SCREENSHOTS=1


pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path, first_patient: Any) -> MainWindow:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    session.select_patient(first_patient)
    return win


def _dialog(window: MainWindow) -> Any:
    window.actions_["sign_cycle"].trigger()
    dialog = window.last_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_signing_a_cycle_by_keyboard(qtbot: Any, window: MainWindow, repo: Any, first_patient: Any) -> None:
    assert window.actions_["sign_cycle"].isEnabled()  # tester is an investigator
    dialog = _dialog(window)
    assert (
        dialog.state.text() == tr("accounts", "Not signed.")
        and "Reviewed and approved" in dialog.meaning.text()
    )
    assert dialog.signer.text() == "Tess Tester (tester)"
    qtbot.keyClicks(dialog.password, "wrong password!")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not right" in dialog.problem.text()
    assert dialog.password.text() == ""  # a password is never kept
    qtbot.keyClicks(dialog.password, TESTER_PASSWORD)
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "sign-cycle.png"))
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    cycle = repo.cycles(first_patient)[-1]
    assert repo.cycle_signatures(cycle.id)[-1].valid
    dose = repo.doses(first_patient)[-1]
    repo.move_dose(dose.id, dose.planned_date + dt.timedelta(days=1), "clinic shut")
    again = _dialog(window)
    assert "signature void: changed after signing - re-sign" in again.state.text()
    again.grab().save(str(SHOTS / "sign-cycle-void.png"))
    again.reject()


def test_a_nurse_has_no_sign_action(qtbot: Any, window: MainWindow, repo: Any) -> None:
    repo.sign_out()
    repo.sign_in("admin", "admin password 1")
    repo.add_user("nina", "Nina Nurse", "nurse", "one-time pass 9")
    repo.sign_out()
    repo.sign_in("nina", "one-time pass 9")
    repo.change_password("one-time pass 9", "nina password 1")
    window.apply_mode()
    assert not window.actions_["sign_cycle"].isEnabled() and window.actions_["record_dose"].isEnabled()
