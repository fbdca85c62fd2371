"""File > Automatic lock time (issue 16): only an administrator has it (the role matrix's
"manage_users" row); a value outside 1-30 or not a number is refused on the dialog's line and nothing
is saved; a good one is stored for the database, audited under the administrator's user id with
the reason, and the running idle timer takes it at once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from gui.lock_screen import IdleLock
from gui.main_window import MainWindow
from gui.settings import Settings
from storage import audit
from tests.signed_in import ADMIN, sign_in_admin

pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    return win


def _in_dialog(qtbot: Any, typed: list[tuple[str, str]], problems: list[str]) -> None:
    """While the modal dialog is up: for each (minutes, reason) type them and press Enter; note the
    refusal line after each; Escape if it is still open after the last."""

    def act() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        for minutes, reason in typed:
            dialog.minutes.selectAll()
            qtbot.keyClicks(dialog.minutes, minutes)
            dialog.reason.clear()
            qtbot.keyClicks(dialog.reason, reason)
            qtbot.keyClick(dialog.minutes, Qt.Key.Key_Return)
            problems.append(dialog.problem.text())
            if not dialog.isVisible():
                return
        dialog.reject()

    QTimer.singleShot(0, act)


def test_only_an_administrator_has_the_action(window: MainWindow, repo: Any) -> None:
    assert not window.actions_["lock_time"].isEnabled()  # tester is an investigator
    sign_in_admin(repo)
    window.apply_mode()
    assert window.actions_["lock_time"].isEnabled()


def test_out_of_range_is_refused_then_a_good_time_is_saved_audited_and_used(
    qtbot: Any, window: MainWindow, repo: Any
) -> None:
    sign_in_admin(repo)
    window.apply_mode()
    lock = IdleLock(window)
    assert lock.timer.interval() == 10 * 60_000
    since = audit.last(_audit_db(repo))[0]
    problems: list[str] = []
    _in_dialog(qtbot, [("45", ""), ("0", ""), ("ten", ""), ("3", "shared ward workstation")], problems)
    window.actions_["lock_time"].trigger()
    assert problems[:3] == [
        f"The lock time is a whole number of minutes from 1 to 30; “{bad}” was not saved."
        for bad in ("45", "0", "ten")
    ]
    assert problems[3] == "" and repo.lock_minutes() == 3
    assert lock.timer.interval() == 3 * 60_000  # the running timer took the new time
    rows = audit.entries_where(_audit_db(repo), "id > ?", (since,))
    assert [(e.user, e.table, e.changes, e.reason) for e in rows] == [
        (ADMIN, "settings", {"lock_minutes": (10, 3)}, "shared ward workstation")
    ]


def test_cancel_saves_nothing(qtbot: Any, window: MainWindow, repo: Any) -> None:
    sign_in_admin(repo)
    window.apply_mode()
    problems: list[str] = []
    _in_dialog(qtbot, [("99", "")], problems)
    window.actions_["lock_time"].trigger()
    assert problems == ["The lock time is a whole number of minutes from 1 to 30; “99” was not saved."]
    assert repo.lock_minutes() == 10


def _audit_db(repo: Any) -> Any:
    """A read-only connection of the test's own to the repository's file: the audit log is read as
    any reader would, not through the repository's private connection."""
    import sqlite_utils

    from storage.engine import sqlite3

    return sqlite_utils.Database(sqlite3.connect(f"file:{repo.path}?mode=ro", uri=True))
