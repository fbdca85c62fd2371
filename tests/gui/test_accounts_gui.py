"""Issue 16 in the window: the first-administrator and sign-in dialogs driven by the keyboard, the
one-time password, actions enabled from the role matrix, sign-out hiding the window, the Users dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from tests.gui.words import tr
from tests.shots import screenshot_folder

ADMIN_PW = "admin password 1"
SHOTS = screenshot_folder()  # docs/screenshots only with TOXTRACK_WRITE_SCREENSHOTS=1


pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


@pytest.fixture
def blank(tmp_path: Path) -> Any:
    from storage import Repository

    repo = Repository.open(tmp_path / "blank.db", user="clinic-pc")
    yield repo
    repo.close()


def _type_fields(qtbot: Any, dialog: Any, texts: list[str]) -> None:
    """Type each text into the focused field and Tab to the next, as a user at the keyboard does."""
    for text in texts:
        focused = dialog.focusWidget()
        qtbot.keyClicks(focused, text)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)


def test_first_administrator_by_keyboard(qtbot: Any, blank: Any) -> None:
    from gui.dialogs.accounts import FirstAdministratorDialog

    dialog = FirstAdministratorDialog(blank)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setFocus()
    _type_fields(qtbot, dialog, ["Ada Admin", "admin", ADMIN_PW, ADMIN_PW + "x"])
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    differ = tr("accounts", "The two passwords differ; type the same password twice.")
    assert dialog.isVisible() and dialog.problem.text() == differ and not blank.has_users()
    dialog.again.clear()
    dialog.again.setFocus()
    qtbot.keyClicks(dialog.again, ADMIN_PW)
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "first-administrator.png"))
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert blank.account is not None and (blank.account.user_id, blank.account.role) == (
        "admin",
        "administrator",
    )
    assert blank.account.printed_name == "Ada Admin"


def test_sign_in_by_keyboard_refuses_a_wrong_password_on_its_own_line(qtbot: Any, blank: Any) -> None:
    from gui.dialogs.accounts import SignInDialog

    blank.create_first_administrator("admin", "Ada Admin", ADMIN_PW)
    blank.sign_out()
    dialog = SignInDialog(blank)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.user_id.setFocus()
    _type_fields(qtbot, dialog, ["admin"])
    qtbot.keyClicks(dialog.password, "not the password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not right" in dialog.problem.text()
    assert dialog.password.text() == "" and dialog.user_id.text() == "admin"  # the id is kept
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "sign-in-refused.png"))
    qtbot.keyClicks(dialog.password, ADMIN_PW)
    dialog.grab().save(str(SHOTS / "sign-in.png"))
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "044-" not in texts  # no patient data before sign-in
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted and blank.account.user_id == "admin"


def test_a_one_time_password_must_be_changed_before_anything_is_saved(qtbot: Any, blank: Any) -> None:
    from gui.dialogs.accounts import ChangePasswordDialog

    blank.create_first_administrator("admin", "Ada Admin", ADMIN_PW)
    blank.add_user("nina", "Nina Nurse", "nurse", "one-time pass 9")
    blank.sign_out()
    assert blank.sign_in("nina", "one-time pass 9").must_change
    assert not blank.can("enter")
    dialog = ChangePasswordDialog(blank, required=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.old.setFocus()
    _type_fields(qtbot, dialog, ["one-time pass 9", "nina's own password"])
    qtbot.keyClicks(dialog.again, "nina's own password")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert blank.can("enter") and not blank.can("correct")


def _window(qtbot: Any, repo: Any, tmp_path: Path) -> Any:
    from gui.main_window import MainWindow
    from gui.session import Session
    from gui.settings import Settings

    window = MainWindow(Session(repo), Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize(
    ("role", "enabled", "disabled"),
    [
        ("nurse", ["new_patient"], ["show_cohort", "users", "backup_now", "encrypt_database"]),
        ("physician", ["new_patient"], ["show_cohort", "users", "restore"]),
        ("investigator", ["new_patient", "show_cohort"], ["users", "restore", "encrypt_database"]),
        (
            "administrator",
            ["users", "backup_now", "restore", "encrypt_database"],
            ["new_patient", "show_cohort"],
        ),
    ],
)
def test_window_actions_follow_the_role_matrix(
    qtbot: Any, blank: Any, tmp_path: Path, role: str, enabled: list[str], disabled: list[str]
) -> None:
    blank.create_first_administrator("admin", "Ada Admin", ADMIN_PW)
    if role != "administrator":
        blank.add_user("someone", "Some One", role, "one-time pass 9")
        blank.sign_out()
        blank.sign_in("someone", "one-time pass 9")
        blank.change_password("one-time pass 9", "some long password")
    window = _window(qtbot, blank, tmp_path)
    assert [n for n in enabled if not window.actions_[n].isEnabled()] == []
    assert [n for n in disabled if window.actions_[n].isEnabled()] == []


def test_sign_out_hides_the_window_until_someone_signs_in(
    qtbot: Any, blank: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gui.dialogs.accounts as dialogs

    blank.create_first_administrator("admin", "Ada Admin", ADMIN_PW)
    window = _window(qtbot, blank, tmp_path)
    seen: list[bool] = []

    def sign_in(repo: Any, parent: Any = None) -> bool:
        seen.append(window.isVisible())
        repo.sign_in("admin", ADMIN_PW)
        return True

    monkeypatch.setattr(dialogs, "ensure_signed_in", sign_in)
    window.actions_["sign_out"].trigger()
    assert seen == [False] and window.isVisible() and blank.account.user_id == "admin"
    assert [e.action for e in blank.account_events()][-2:] == ["sign_out", "sign_in"]


def test_users_dialog_adds_a_user_and_resets_a_password(
    qtbot: Any, blank: Any, message_boxes: list[str]
) -> None:
    from gui.dialogs.accounts import AddUserDialog, UsersDialog

    blank.create_first_administrator("admin", "Ada Admin", ADMIN_PW)
    add = AddUserDialog(blank)
    qtbot.addWidget(add)
    add.show()
    add.name.setFocus()
    _type_fields(qtbot, add, ["Nina Nurse", "nina"])
    add.password.setFocus()
    qtbot.keyClicks(add.password, "one-time pass 9")
    qtbot.keyClick(add.password, Qt.Key.Key_Return)
    assert add.result() == add.DialogCode.Accepted
    users = UsersDialog(blank)
    qtbot.addWidget(users)
    assert [users.list.item(i).text() for i in range(users.list.count())] == [
        "Ada Admin (admin) - administrator",
        "Nina Nurse (nina) - nurse",
    ]
    users.list.setCurrentRow(1)
    users.show()
    users.grab().save(str(SHOTS / "users.png"))
    users.reset()
    given = tr("accounts", "Give {0} this one-time password; it must be changed at the next sign-in:\n\n{1}")
    assert message_boxes and given.format("Nina Nurse (nina)", "") in message_boxes[-1]
    one_time = message_boxes[-1].rsplit("\n", 1)[-1]
    blank.sign_out()
    assert blank.sign_in("nina", one_time).must_change
