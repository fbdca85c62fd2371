"""The sign-in step of the user stories (issue 16, story 12): the clinic's staff have accounts, and
each story starts with its user signing in through the app's own sign-in dialog (gui.dialogs.accounts
.ensure_signed_in), typed into its widgets, before the main window shows. `written_by` then names the
users of every audit row the story wrote, which must be the signed-in user only (never the
operating-system login the database was opened with, "oslogin" in these tests)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from storage import audit
from tests.signed_in import sign_in_admin

# role: (user id, printed name, password)
STAFF = {
    "nurse": ("nina", "Nina Nurse", "nina password 1"),
    "physician": ("phil", "Phil Physician", "phil password 1"),
    "investigator": ("ivy", "Ivy Investigator", "ivy password 1"),
}


def add_staff(repo: Any) -> None:
    """The administrator adds a nurse, a physician and an investigator; each chose a password at
    their first sign-in; then nobody is signed in. Needs the `slept` fixture (fast hashes)."""
    sign_in_admin(repo)
    for role, (user_id, name, _password) in STAFF.items():
        repo.add_user(user_id, name, role, f"{user_id} one-time 1")
    repo.sign_out()
    for user_id, _name, password in STAFF.values():
        repo.sign_in(user_id, f"{user_id} one-time 1")
        repo.change_password(f"{user_id} one-time 1", password)
        repo.sign_out()


def type_sign_in(qtbot: Any, role: str) -> list[str]:
    """When the sign-in dialog is up: type the user id and password of `role` into it and press
    Enter. Returns the list that receives the dialog's class name (to assert it was the one)."""
    user_id, _name, password = STAFF[role]
    seen: list[str] = []

    def act() -> None:
        dialog: Any = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        seen.append(type(dialog).__name__)
        qtbot.keyClicks(dialog.user_id, user_id)
        qtbot.keyClicks(dialog.password, password)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, act)
    return seen


def sign_in_by_keys(qtbot: Any, repo: Any, role: str) -> int:
    """Nobody signed in: `role`'s user signs in through the start-up dialog. Returns the id of the
    last audit row before the sign-in (the story's rows follow it)."""
    from gui.dialogs.accounts import ensure_signed_in

    if repo.account is not None:
        repo.sign_out()
    since = audit.last(_audit_db(repo))[0]
    seen = type_sign_in(qtbot, role)
    assert ensure_signed_in(repo, None), "the sign-in dialog did not sign anyone in"
    assert seen == ["SignInDialog"]
    assert repo.account is not None and repo.account.user_id == STAFF[role][0]
    return int(since)


def written_by(repo: Any, since: int) -> dict[str, list[str]]:
    """The actions of the audit rows after `since`, by the user each row names."""
    users: dict[str, list[str]] = {}
    for entry in audit.entries_where(_audit_db(repo), "id > ?", (since,)):
        users.setdefault(entry.user, []).append(entry.action)
    return users


def _audit_db(repo: Any) -> Any:
    """A read-only connection of the test's own to the repository's file: the audit log is read as
    any reader would, not through the repository's private connection."""
    import sqlite_utils

    from storage.engine import sqlite3

    return sqlite_utils.Database(sqlite3.connect(f"file:{repo.path}?mode=ro", uri=True))
