"""Automatic lock (issue 16): after the database's idle time the window shows a lock screen holding
no patient text (its whole widget tree walked, accessible texts included); open forms are hidden
with their input and come back after the same user's password; a wrong one keeps it locked; lock,
unlock and the failure are audited; nothing is saved while locked; "Switch user" asks before
discarding a form and signs the first user out; the idle time is an audited per-database setting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from clinical.errors import PermissionRefusedError
from clinical.model import Patient
from gui.lock_screen import IdleLock
from gui.main_window import MainWindow
from gui.settings import Settings
from tests.gui.words import tr
from tests.shots import screenshot_folder
from tests.signed_in import ADMIN, ADMIN_PASSWORD, TESTER_PASSWORD

SHOTS = screenshot_folder()  # docs/screenshots only with TOXTRACK_WRITE_SCREENSHOTS=1
PATIENT_TEXT = ("044-0012", "044-0020", "Ada Example", "Bo Test", "MRN-12", "Typed Name")


pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path, first_patient: Any) -> MainWindow:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    session.select_patient(first_patient)
    win.show_page("patient")
    win.idle_lock = IdleLock(win)  # type: ignore[attr-defined]
    return win


def _texts_on_screen() -> list[str]:
    """Every text a visible window shows or reads out: titles, labels, fields, buttons, accessible names."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            if not widget.isVisibleTo(top) and widget is not top:
                continue
            texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
            if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
                texts.append(widget.text())
    return texts


def _open_form(qtbot: Any, window: MainWindow) -> Any:
    window.actions_["new_patient"].trigger()
    dialog = window.last_dialog
    assert dialog is not None and dialog.isVisible()
    field = next(f for f in dialog.findChildren(QLineEdit) if f.isVisible())
    field.setFocus()
    qtbot.keyClicks(field, "Typed Name")
    return dialog, field


def test_the_lock_screen_shows_no_patient_data_and_the_same_password_unlocks(
    qtbot: Any, window: MainWindow, repo: Any
) -> None:
    lock: IdleLock = window.idle_lock  # type: ignore[attr-defined]
    assert any("044-0012" in t for t in _texts_on_screen())  # the patient is on screen before
    dialog, field = _open_form(qtbot, window)
    lock.timer.setInterval(50)
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)
    qtbot.wait(50)  # laid out and painted
    shown = " | ".join(_texts_on_screen())
    assert [t for t in PATIENT_TEXT if t in shown] == [], shown
    assert not dialog.isVisible() and window.windowTitle() == tr("lock", "ToxTrack — locked")
    assert "Tess Tester (tester)" in shown
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "locked.png"))
    with pytest.raises(PermissionRefusedError, match="locked"):
        repo.add_patient(Patient("L-1", "SC 250/500", repo.today()))
    screen = lock.screen
    assert screen is not None
    qtbot.keyClicks(screen.password, "wrong password!")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert lock.locked and "stays locked" in screen.problem.text()
    qtbot.keyClicks(screen.password, TESTER_PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not lock.locked and dialog.isVisible() and field.text() == "Typed Name"  # input kept
    assert any("044-0012" in t for t in _texts_on_screen())
    actions = [e.action for e in repo.account_events()]
    assert actions[-3:] == ["lock", "sign_in_failed", "unlock"]
    dialog.reject()


def test_input_restarts_the_idle_time(qtbot: Any, window: MainWindow) -> None:
    lock: IdleLock = window.idle_lock  # type: ignore[attr-defined]
    assert lock.timer.interval() == 10 * 60_000  # the default: 10 minutes
    lock.timer.stop()
    qtbot.keyClick(window, Qt.Key.Key_Shift)
    assert lock.timer.isActive() and not lock.locked  # a key press started it again


def test_switch_user_asks_before_discarding_a_form_and_signs_the_first_out(
    qtbot: Any, window: MainWindow, repo: Any, message_boxes: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    import gui.dialogs.accounts as dialogs

    lock: IdleLock = window.idle_lock  # type: ignore[attr-defined]
    dialog, _field = _open_form(qtbot, window)
    lock.lock()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    lock.switch_user()
    assert lock.locked and repo.account.user_id == "tester"  # answered No: nothing changes
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(
        dialogs, "ensure_signed_in", lambda r, parent=None: bool(r.sign_in(ADMIN, ADMIN_PASSWORD))
    )
    lock.switch_user()
    assert not lock.locked and not dialog.isVisible() and repo.account.user_id == ADMIN
    assert [e.action for e in repo.account_events()][-3:] == ["lock", "sign_out", "sign_in"]
    assert repo.patient_ids("Typed") == []  # the first user's form was never saved under anyone


def test_the_idle_time_is_an_audited_administrator_setting(repo: Any) -> None:
    with pytest.raises(PermissionRefusedError, match="investigator cannot manage users"):
        repo.set_lock_minutes(5)
    repo.sign_out()
    repo.sign_in(ADMIN, ADMIN_PASSWORD)
    for bad in (0, 31):
        with pytest.raises(PermissionRefusedError, match="1 to 30"):
            repo.set_lock_minutes(bad)
    assert repo.lock_minutes() == 10
    repo.set_lock_minutes(3, "shared ward workstation")
    assert repo.lock_minutes() == 3
    assert repo.verify_audit() == []
    assert not repo.run_tamper_checks().problems  # the audit replay accepts the setting's pseudo-table
