"""File > Back up now / Restore... and the "Last backup" label, driven through real Qt widgets."""

from __future__ import annotations

import datetime as dt
import gc
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from storage import Repository
from storage.backup import make_backup, verify_backup
from storage.rotation import generations

from .workload import Workload, counts

pytest.importorskip("pytestqt")


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, Any]]:
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from gui.backup_menu import install_backup_menu
    from gui.session import Session

    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # no dialog may block the test
    path = tmp_path / "clinic" / "toxtrack.db"  # its own folder, which a test may move away
    path.parent.mkdir()
    repo = Repository.open(path, user="nurse")
    Workload(repo, random.Random(5)).run(40)
    session = Session(repo)
    main = QMainWindow()
    main.menuBar().addMenu("&File").addAction("E&xit")
    qtbot.addWidget(main)
    install_backup_menu(main, session)
    gc.collect()  # the controls must live as long as the window, not as long as a local variable
    main.show()
    yield main, session
    session.repo.close()


def _action(window: Any, name: str) -> Any:
    from PySide6.QtGui import QAction

    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def _label(window: Any) -> str:
    from PySide6.QtWidgets import QLabel

    return str(window.findChild(QLabel, "lastBackupLabel").text())


def test_menu_sits_in_the_existing_file_menu(window: tuple[Any, Any]) -> None:
    main, _ = window
    menus = [a for a in main.menuBar().actions() if a.menu() is not None]
    assert [a.text() for a in menus] == ["&File"]
    texts = [a.text() for a in menus[0].menu().actions() if not a.isSeparator()]
    assert texts[:2] == ["&Back up now", "&Restore..."] and texts[-1] == "E&xit"
    assert _label(main) == "Last backup: never"


def test_back_up_now_runs_in_the_background_and_updates_the_label(
    qtbot: Any, window: tuple[Any, Any]
) -> None:
    main, session = window
    _action(main, "action_backup_now").trigger()
    qtbot.waitUntil(lambda: _label(main) != "Last backup: never", timeout=20_000)
    made = generations(session.repo.path)
    assert len(made) == 1 and verify_backup(made[0].path).snapshot.audit_count == session.repo.audit_head()[0]
    assert "(UTC" in _label(main)  # shown in local time with its offset
    qtbot.waitUntil(lambda: _action(main, "action_backup_now").isEnabled(), timeout=5_000)


def test_restore_swaps_the_backup_in_and_keeps_the_current_file(
    qtbot: Any, window: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    main, session = window
    path = Path(session.repo.path)
    backup = tmp_path / "usb" / "monday.db"
    make_backup(path, backup, dt.datetime.now(dt.UTC))
    expected = counts(backup)
    Workload(session.repo, random.Random(6), prefix="After").run(20)  # changes the backup does not have
    assert counts(path) != expected
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    refreshed: list[object] = []
    session.changed.connect(refreshed.append)
    _action(main, "action_restore").trigger()
    assert counts(path) == expected
    assert (
        not session.repo.read_only
        and session.repo.audit_head()[0] == verify_backup(backup).snapshot.audit_count
    )
    kept = [p for p in path.parent.iterdir() if p.name.startswith("toxtrack.replaced-") and p.suffix == ".db"]
    assert len(kept) == 1 and counts(kept[0]) != expected
    assert refreshed == [None]  # every view re-reads


def test_declined_restore_changes_nothing(
    window: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    main, session = window
    path = Path(session.repo.path)
    backup = tmp_path / "b.db"
    make_backup(path, backup)
    Workload(session.repo, random.Random(7), prefix="Keep").run(5)
    before = counts(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    _action(main, "action_restore").trigger()
    assert counts(path) == before
    assert not [p for p in path.parent.iterdir() if "replaced" in p.name]


def test_a_damaged_file_is_offered_the_newest_good_backup(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    from gui.backup_menu import install_backup_menu
    from gui.session import Session
    from storage.rotation import automatic_backup

    from .corpus import _flip_page

    sound = tmp_path / "sound.db"
    with Repository.open(sound, user="nurse") as repo:
        Workload(repo, random.Random(8)).run(120)
    path = tmp_path / "clinic" / "toxtrack.db"
    path.parent.mkdir()
    _flip_page(sound, 5)(path)  # the clinic's file, damaged on disk
    shutil.copyfile(sound, tmp_path / "tmp-good.db")
    good = automatic_backup(tmp_path / "tmp-good.db", force=True)
    assert good is not None
    target_dir = path.parent / "toxtrack-backups"
    target_dir.mkdir()
    for part in (good, Path(f"{good}.json")):  # the backup as if made from the clinic's file
        shutil.copyfile(part, target_dir / part.name.replace("tmp-good", "toxtrack"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    repo = Repository.open(path, user="nurse")
    assert repo.read_only and repo.damaged
    session = Session(repo)
    main = QMainWindow()
    qtbot.addWidget(main)
    install_backup_menu(main, session)
    qtbot.waitUntil(lambda: not session.repo.read_only, timeout=10_000)
    assert counts(path) == counts(sound) and not session.repo.damaged
    assert [p for p in path.parent.iterdir() if p.name.startswith("toxtrack.replaced-")]
    session.repo.close()


@pytest.mark.parametrize("create", [False, True], ids=["declined", "accepted"])
def test_restore_into_a_folder_that_is_gone_asks_first(
    window: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, create: bool
) -> None:
    """Issue 12: the database's folder disappeared (a share unmounted, a stick pulled); a restore
    created it again silently. Now it asks, and a No leaves everything as it was."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    main, session = window
    path = Path(session.repo.path)
    backup = tmp_path / "usb" / "monday.db"
    make_backup(path, backup, dt.datetime.now(dt.UTC))
    moved = tmp_path / "moved-away"
    path.parent.rename(moved)  # the open file goes with its folder
    questions: list[str] = []

    def answer(_parent: object, _title: str, text: str, *args: object) -> QMessageBox.StandardButton:
        questions.append(text)
        if "no longer exists" in text:
            return QMessageBox.StandardButton.Yes if create else QMessageBox.StandardButton.No
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question", answer)
    _action(main, "action_restore").trigger()
    assert any(str(path.parent) in text and "no longer exists" in text for text in questions), questions
    if create:
        assert counts(path) == counts(backup) and not session.repo.read_only
    else:
        assert not path.parent.exists()
        assert session.repo.path == path and counts(moved / path.name) == counts(backup)
