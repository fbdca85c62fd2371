"""File > Back up now / Restore... and the "Last backup" label, driven through the real main window
(the actions are declared in gui/actions.py and the window wires them, issue 14)."""

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
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow
    from gui.session import Session
    from gui.settings import Settings

    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # no dialog may block the test
    path = tmp_path / "clinic" / "toxtrack.db"  # its own folder, which a test may move away
    path.parent.mkdir()
    repo = Repository.open(path, user="nurse")
    Workload(repo, random.Random(5)).run(40)
    session = Session(repo)
    main = MainWindow(session, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(main)
    main.backup.start_automatic()
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
    assert [a.text() for a in menus].count("&File") == 1 and menus[0].text() == "&File"
    texts = [a.text() for a in menus[0].menu().actions() if not a.isSeparator()]
    assert texts[:2] == ["&Back up now", "&Restore..."] and texts[-1] == "&Quit"
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
    qtbot.waitUntil(lambda: not main.backup.busy, timeout=20_000)  # verified and swapped on the pool
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
    from PySide6.QtWidgets import QMessageBox

    from gui.main_window import MainWindow
    from gui.session import Session
    from gui.settings import Settings
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
    main = MainWindow(session, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(main)
    main.backup.start_automatic()
    qtbot.waitUntil(lambda: not session.repo.read_only, timeout=10_000)
    assert counts(path) == counts(sound) and not session.repo.damaged
    assert [p for p in path.parent.iterdir() if p.name.startswith("toxtrack.replaced-")]
    # The window follows: the read-only banner goes and writes are offered again (the banner used
    # to stay, since the mode changed without the window being told).
    qtbot.waitUntil(lambda: not main.backup.busy, timeout=10_000)
    assert main.banner.isHidden() and "read-only" not in main.windowTitle()
    assert _action(main, "action_new_patient").isEnabled()
    session.repo.close()


@pytest.mark.parametrize("create", [False, True], ids=["declined", "accepted"])
def test_restore_into_a_folder_that_is_gone_asks_first(
    qtbot: Any, window: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, create: bool
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
    qtbot.waitUntil(lambda: not main.backup.busy, timeout=20_000)
    assert any(str(path.parent) in text and "no longer exists" in text for text in questions), questions
    if create:
        assert counts(path) == counts(backup) and not session.repo.read_only
    else:
        assert not path.parent.exists()
        assert session.repo.path == path and counts(moved / path.name) == counts(backup)


def test_a_verified_restore_runs_off_the_gui_thread_while_the_window_shows_it_is_busy(
    qtbot: Any, window: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: verifying a backup reads all of it (checksum, audit chain, every row replayed), a
    minute on a large file; on the GUI thread the window froze. The verification is held on its
    thread until the busy window has been looked at, then let go and the result is read back."""
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from storage import restore as restore_module

    main, session = window
    path = Path(session.repo.path)
    backup = tmp_path / "usb" / "monday.db"
    make_backup(path, backup, dt.datetime.now(dt.UTC))
    expected = counts(backup)
    Workload(session.repo, random.Random(9), prefix="After").run(10)
    ran_on: list[threading.Thread] = []
    release = threading.Event()
    real_verify = restore_module.verify_backup

    def verify(chosen: Path) -> Any:
        ran_on.append(threading.current_thread())
        if threading.current_thread() is not threading.main_thread():
            assert release.wait(30), "never released"  # hold it while the test looks at the window
        return real_verify(chosen)

    monkeypatch.setattr(restore_module, "verify_backup", verify)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    _action(main, "action_restore").trigger()
    qtbot.waitUntil(lambda: bool(ran_on), timeout=10_000)
    try:
        assert ran_on[0] is not threading.main_thread()
        assert not main.centralWidget().isEnabled()  # the pages cannot read a file being swapped
        assert not any(
            _action(main, f"action_{n}").isEnabled() for n in ("restore", "backup_now", "new_patient")
        )
        assert main.statusBar().currentMessage().startswith("Verifying and restoring the backup monday.db")
        cursor = QApplication.overrideCursor()
        assert cursor is not None and cursor.shape() == Qt.CursorShape.WaitCursor
    finally:
        release.set()
    qtbot.waitUntil(lambda: not main.backup.busy, timeout=20_000)
    assert counts(path) == expected and main.centralWidget().isEnabled()
    assert _action(main, "action_restore").isEnabled() and QApplication.overrideCursor() is None
    assert main.statusBar().currentMessage().startswith("Restored; the previous file was kept as ")
    result = main.backup.last_result
    assert result is not None and result.isVisible() and result.windowTitle() == "Backup restored"
    assert "Verified: every row matches its audit trail." in result.informativeText()


def test_a_refused_backup_reopens_the_file_unchanged_and_says_why(
    qtbot: Any, window: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    main, session = window
    path = Path(session.repo.path)
    backup = tmp_path / "b.db"
    make_backup(path, backup)
    with backup.open("r+b") as handle:  # one byte changed after the manifest was written
        handle.seek(5000)
        byte = handle.read(1)
        handle.seek(5000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    before = counts(path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    _action(main, "action_restore").trigger()
    qtbot.waitUntil(lambda: not main.backup.busy, timeout=20_000)
    assert len(shown) == 1 and "b.db" in shown[0], shown
    assert counts(path) == before and not session.repo.read_only
    assert session.repo.audit_head()[0] > 0 and main.centralWidget().isEnabled()
    assert not [p for p in path.parent.iterdir() if "replaced" in p.name]


def test_the_backup_actions_are_declared_with_the_others_and_follow_the_mode(
    qtbot: Any, tmp_path: Path
) -> None:
    """Issue 14: the backup menu was grafted on from outside (the File menu found by its translated
    title, the controls kept in a Qt property). Its actions are now declared in gui/actions.py and
    enabled like the others: Restore writes, so a read-only window cannot use it; Back up now can."""
    import gui
    from gui.actions import action_specs
    from gui.main_window import MainWindow
    from gui.session import Session
    from gui.settings import Settings

    specs = {spec.name: spec for spec in action_specs()}
    assert specs["backup_now"].menu == specs["restore"].menu == "file" and specs["restore"].writes
    sources = {p.name: p.read_text(encoding="utf-8") for p in Path(gui.__file__).parent.rglob("*.py")}
    assert [
        name for name, text in sources.items() if "setProperty(" in text or "menuBar().actions()" in text
    ] == []
    path = tmp_path / "toxtrack.db"
    Repository.open(path, create=True).close()
    with Repository.open(path, read_only=True, create=False) as repo:
        main = MainWindow(Session(repo), Settings(tmp_path / "settings.ini"))
        qtbot.addWidget(main)
        assert not _action(main, "action_restore").isEnabled()
        assert _action(main, "action_backup_now").isEnabled()
        main.close()


def test_after_a_restore_nothing_of_the_replaced_file_can_be_undone_or_stays_selected(
    qtbot: Any, window: tuple[Any, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The undo steps and the selected patient belonged to the file that was kept aside: undoing
    one on the restored file would reverse a change it never had."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    main, session = window
    path = Path(session.repo.path)
    backup = tmp_path / "b.db"
    make_backup(path, backup)
    pid = session.repo.patient_ids()[0]
    session.select_patient(pid)
    session.write("void", lambda repo: None, undo=lambda repo: None, patient_id=pid)
    assert session.can_undo and _action(main, "action_undo").isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    _action(main, "action_restore").trigger()
    qtbot.waitUntil(lambda: not main.backup.busy, timeout=20_000)
    assert not session.can_undo and not _action(main, "action_undo").isEnabled()
    assert session.current_patient is None
