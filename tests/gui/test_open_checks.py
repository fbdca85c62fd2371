"""A large file opens at once read-only while its checks run in the background (gui.app), then becomes
writable, or stays read-only with the damage named and a backup offered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gui import app as gui_app
from gui.main_window import MainWindow
from gui.session import Session
from gui.settings import Settings
from storage.engine import sqlite3
from tests.signed_in import sign_in_again


def _open_deferred(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(gui_app, "DEFER_CHECKS_ABOVE_BYTES", 0)  # every file counts as large
    repo, holder, code = gui_app.open_repository(db_path, read_only=False, unattended=False)
    assert repo is not None and holder == "" and code == 0
    return sign_in_again(repo)


def _window(qtbot: Any, repo: Any, settings_path: Path) -> tuple[MainWindow, Session]:
    session = Session(repo)
    window = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(window)
    window.show()
    return window, session


def test_window_is_read_only_while_checking_then_writable(
    qtbot: Any, repo: Any, db_path: Path, settings_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.close()
    deferred = _open_deferred(db_path, monkeypatch)
    window, session = _window(qtbot, deferred, settings_path)
    try:
        assert session.read_only and deferred.checks_pending
        assert "Checking the database file" in window.banner.text() and window.banner.isVisible()
        assert not window.actions_["new_patient"].isEnabled()
        assert window.patient_list.model.rowCount() == 2  # readable at once
        started: list[bool] = []
        gui_app.check_in_background(window, session, lambda: started.append(True))
        qtbot.waitUntil(lambda: started == [True], timeout=10_000)
        assert not session.read_only and not deferred.read_only
        assert not window.banner.isVisible()
        assert window.actions_["new_patient"].isEnabled()
        assert "(read-only)" not in window.windowTitle()
    finally:
        deferred.close()


def test_damage_found_in_the_background_keeps_the_window_read_only(
    qtbot: Any,
    repo: Any,
    db_path: Path,
    settings_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[str],
) -> None:
    repo.close()
    raw = sqlite3.connect(db_path)
    for (name,) in raw.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        raw.execute(f"DROP TRIGGER {name}")
    raw.execute("UPDATE audit_log SET reason = 'edited outside' WHERE id = (SELECT max(id) FROM audit_log)")
    raw.commit()
    raw.close()
    deferred = _open_deferred(db_path, monkeypatch)
    window, session = _window(qtbot, deferred, settings_path)
    try:
        done: list[bool] = []
        gui_app.check_in_background(window, session, lambda: done.append(True))
        qtbot.waitUntil(lambda: done == [True], timeout=10_000)
        assert session.read_only and deferred.damaged
        assert "damaged" in window.banner.text() and "Checking" not in window.banner.text()
        assert not window.actions_["new_patient"].isEnabled()
        assert "(read-only)" in window.windowTitle()
    finally:
        deferred.close()


def test_a_row_changed_outside_the_app_turns_the_window_read_only_after_it_is_shown(
    qtbot: Any, repo: Any, db_path: Path, settings_path: Path
) -> None:
    """A small file opens writable at once (its quick checks pass: the audit chain is intact); the
    audit replay then runs off the GUI thread (gui.app.replay_in_background) and finds the row."""
    repo.close()
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE patient SET regimen = 'SC 250/750' WHERE id = 1")  # no audit entry says so
    raw.commit()
    raw.close()
    opened, _holder, _code = gui_app.open_repository(db_path, read_only=False, unattended=False)
    assert opened is not None and not opened.checks_pending
    sign_in_again(opened)
    window, session = _window(qtbot, opened, settings_path)
    try:
        assert not session.read_only and window.actions_["new_patient"].isEnabled()
        gui_app.replay_in_background(window, session)
        qtbot.waitUntil(lambda: session.read_only, timeout=10_000)
        assert opened.damaged and opened.read_only
        text = window.banner.text()
        assert (
            window.banner.isVisible() and "damaged" in text and "patient row 1" in text and "regimen" in text
        )
        assert not window.actions_["new_patient"].isEnabled()
        assert "(read-only)" in window.windowTitle()
    finally:
        opened.close()


def test_the_replay_leaves_a_sound_file_writable(
    qtbot: Any, repo: Any, db_path: Path, settings_path: Path
) -> None:
    repo.close()
    opened, _holder, _code = gui_app.open_repository(db_path, read_only=False, unattended=False)
    assert opened is not None
    sign_in_again(opened)
    window, session = _window(qtbot, opened, settings_path)
    try:
        found: list[Any] = []
        original = opened.run_tamper_checks

        def recorded() -> Any:
            found.append(original())
            return found[-1]

        opened.run_tamper_checks = recorded
        gui_app.replay_in_background(window, session)
        qtbot.waitUntil(lambda: bool(found), timeout=10_000)
        qtbot.wait(50)
        assert found[0].problems == ()  # the replay ran and found nothing
        assert not session.read_only and not opened.damaged and window.actions_["new_patient"].isEnabled()
    finally:
        opened.close()
