"""Issue 16 at start-up: the first-administrator dialog on a new database, and on an old one at its
first open after the upgrade to schema 9; the sign-in dialog on later opens; each before any main
window (with its patient data) exists; cancelling ends the app; --screenshot signs in from the
environment."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from clinical.model import Cycle, CycleId, Dose, Patient, PatientBundle, PatientId
from gui import app as gui_app
from gui.main_window import MainWindow
from storage import Repository
from tests.signed_in import TESTER, TESTER_PASSWORD, sign_in_tester
from tests.storage import legacy

ADMIN_PW = "admin password 1"


pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


def _main_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def _answer(seen: list[tuple[str, int]], fill: Callable[[QDialog], bool]) -> None:
    """When the modal dialog is up: note its class and how many main windows show, then let `fill`
    type into it (True: press Return on its focused field; False: Escape)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, act)
            return
        seen.append((type(dialog).__name__, len(_main_windows())))
        key = Qt.Key.Key_Return if fill(dialog) else Qt.Key.Key_Escape
        target = dialog.focusWidget() or dialog
        from PySide6.QtTest import QTest

        QTest.keyClick(target, key)

    QTimer.singleShot(0, act)


def _first_admin(dialog: QDialog) -> bool:
    d: Any = dialog
    d.name.setText("Ada Admin")
    d.user_id.setText("admin")
    d.password.setText(ADMIN_PW)
    d.again.setText(ADMIN_PW)
    d.again.setFocus()
    return True


def test_a_new_database_asks_for_its_first_administrator_before_any_window(
    qtbot: Any, tmp_path: Path
) -> None:
    repo = Repository.open(tmp_path / "new.db", user="clinic-pc")
    seen: list[tuple[str, int]] = []
    _answer(seen, _first_admin)
    try:
        assert gui_app.signed_in_at_start(repo, unattended=False)
        assert seen == [("FirstAdministratorDialog", 0)]
        assert repo.account is not None and repo.account.user_id == "admin"
    finally:
        repo.close()


def test_a_later_open_asks_for_a_sign_in_and_cancelling_it_ends_the_app(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clinic.db"
    with Repository.open(path, user="clinic-pc") as repo:
        sign_in_tester(repo)
        repo.add_patient(Patient("SECRET-1", "SC 250/500", dt.date.today(), name="Hidden Name"))
    # run_app's process-wide set-up (excepthook, GC thread) is not this test's: kept out of the run
    monkeypatch.setattr(gui_app, "install_excepthook", lambda *a, **k: None)
    monkeypatch.setattr(gui_app, "GarbageCollector", lambda app: None)
    seen: list[tuple[str, int]] = []
    _answer(seen, lambda dialog: False)  # Escape: nobody signs in
    options = argparse.Namespace(db=str(path), read_only=False, screenshot=None, view="", patient="")
    assert gui_app.run_app(options) == gui_app.EXIT_DECLINED
    assert seen == [("SignInDialog", 0)] and _main_windows() == []


def test_a_later_open_signs_in_by_keyboard(qtbot: Any, tmp_path: Path) -> None:
    path = tmp_path / "clinic.db"
    with Repository.open(path, user="clinic-pc") as repo:
        sign_in_tester(repo)
    repo = Repository.open(path, user="clinic-pc")

    def fill(dialog: QDialog) -> bool:
        d: Any = dialog
        d.user_id.setText(TESTER)
        d.password.setText(TESTER_PASSWORD)
        d.password.setFocus()
        return True

    seen: list[tuple[str, int]] = []
    _answer(seen, fill)
    try:
        assert gui_app.signed_in_at_start(repo, unattended=False)
        assert seen == [("SignInDialog", 0)] and repo.account is not None
        assert repo.account.user_id == TESTER
        assert [e.action for e in repo.account_events()][-1] == "sign_in"
    finally:
        repo.close()


def test_an_old_file_asks_for_its_first_administrator_at_its_first_open_after_the_upgrade(
    qtbot: Any, tmp_path: Path
) -> None:
    path = tmp_path / "v3.db"
    started = dt.date.today() - dt.timedelta(days=3)
    bundle = PatientBundle(
        Patient("OLD-1", "SC 250/500", started),
        ((Cycle(PatientId(0), 1, started), (Dose(PatientId(0), CycleId(0), 1, started, 250.0),)),),
    )
    legacy.write_file(path, 3, [bundle], dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    repo, _holder, code = gui_app.open_repository(path, read_only=False, unattended=True)
    assert repo is not None and code == 0 and not repo.has_users()
    seen: list[tuple[str, int]] = []
    _answer(seen, _first_admin)
    try:
        assert gui_app.signed_in_at_start(repo, unattended=False)
        assert seen == [("FirstAdministratorDialog", 0)] and repo.has_users()
    finally:
        repo.close()


def test_screenshot_mode_signs_in_from_the_environment_or_refuses(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "clinic.db"
    with Repository.open(path, user="clinic-pc") as repo:
        sign_in_tester(repo)
    monkeypatch.delenv("TOXTRACK_USER", raising=False)
    monkeypatch.delenv("TOXTRACK_PASSWORD", raising=False)
    with Repository.open(path, user="clinic-pc") as repo:
        assert not gui_app.signed_in_at_start(repo, unattended=True)
        assert "TOXTRACK_USER" in capsys.readouterr().err and repo.account is None
        monkeypatch.setenv("TOXTRACK_USER", TESTER)
        monkeypatch.setenv("TOXTRACK_PASSWORD", TESTER_PASSWORD)
        assert gui_app.signed_in_at_start(repo, unattended=True)
        assert repo.account is not None and repo.account.user_id == TESTER
