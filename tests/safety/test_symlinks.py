"""Symbolic links at the database path (issue 12): never create through a link that points nowhere.

A link to a drive that is not connected, or a loop, was "missing", so `demo` and the GUI replaced the
link with a new, empty database: the clinic then wrote into a file nobody backs up, beside the real
one. Now such a path is refused with one sentence that says where the link points, and nothing is
created; a link that does lead to a file opens (or creates) the file it leads to and stays a link.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from storage import DatabaseRefusedError, Repository
from storage.backup import make_backup
from storage.restore import restore_backup

from .workload import NOW

ROOT = Path(__file__).resolve().parents[2]


def _listing(folder: Path) -> dict[str, str]:
    """Every name in the folder tree and what it is (a link's target), to prove nothing changed."""
    found = {}
    for root, dirs, files in os.walk(folder):
        if root == str(folder):  # the app's own data and settings folders (_toxtrack) are not looked at
            dirs[:] = [name for name in dirs if name not in ("data", "config")]
        for name in dirs + files:
            path = Path(root, name)
            found[str(path.relative_to(folder))] = f"-> {os.readlink(path)}" if path.is_symlink() else "file"
    return found


def _dangling(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "usb-stick" / "toxtrack.db"  # the stick is not plugged in
    link = tmp_path / "clinic" / "toxtrack.db"
    link.parent.mkdir()
    link.symlink_to(target)
    return link, target


def _loop(tmp_path: Path) -> tuple[Path, Path]:
    link = tmp_path / "clinic" / "toxtrack.db"
    other = tmp_path / "clinic" / "other.db"
    link.parent.mkdir()
    link.symlink_to(other)
    other.symlink_to(link)
    return link, other


def _dangling_folder(tmp_path: Path) -> tuple[Path, Path]:
    target = tmp_path / "unmounted-share"
    (tmp_path / "clinic").symlink_to(target, target_is_directory=True)
    return tmp_path / "clinic" / "toxtrack.db", target


BROKEN = {"link to nowhere": _dangling, "link loop": _loop, "folder link to nowhere": _dangling_folder}


def _toxtrack(tmp_path: Path, *args: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TOXTRACK_DB": str(tmp_path / "unused.db")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")  # never the user's real data folder
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _ours(stderr: str) -> list[str]:
    """Our lines of stderr (not the demo's progress lines, nor Qt's offscreen notes)."""
    return [
        line
        for line in stderr.splitlines()
        if line.strip() and not line.startswith("demo: generating") and "propagateSizeHints" not in line
    ]


@pytest.mark.parametrize("broken", BROKEN)
def test_demo_refuses_a_broken_link_and_creates_nothing(tmp_path: Path, broken: str) -> None:
    link, target = BROKEN[broken](tmp_path)
    before = _listing(tmp_path)
    result = _toxtrack(tmp_path, "demo", "--db", link, "--patients", "2")
    assert result.returncode == 1
    [sentence] = _ours(result.stderr)
    assert "Traceback" not in result.stderr
    assert str(link) in sentence and str(target) in sentence  # says where it points
    assert ("loop" in sentence) == (broken == "link loop")
    assert _listing(tmp_path) == before  # the link is still a link; no database, lock or .new


@pytest.mark.parametrize("broken", BROKEN)
def test_app_start_refuses_a_broken_link(tmp_path: Path, broken: str) -> None:
    """The desktop app opened with --db (unattended with --screenshot: the sentence goes to stderr)."""
    link, target = BROKEN[broken](tmp_path)
    before = _listing(tmp_path)
    result = _toxtrack(tmp_path, "--db", link, "--screenshot", tmp_path / "shot.png")
    assert result.returncode == 2
    [sentence] = _ours(result.stderr)
    assert str(target) in sentence
    after = _listing(tmp_path)
    after.pop("clinic/toxtrack.log", None)  # --screenshot's log, beside the database when it can be
    assert after == before


def test_app_open_dialog_path_shows_where_the_link_points(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interactive open: the refusal is shown in the "Cannot open the database" box."""
    from gui import app

    shown: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    link, target = _dangling(tmp_path)
    repo, holder, code = app.open_repository(link, read_only=False, unattended=False)
    assert (repo, holder, code) == (None, "", app.EXIT_REFUSED)
    assert len(shown) == 1 and str(target) in shown[0] and "did not create" in shown[0]
    assert link.is_symlink() and not target.exists()


@pytest.mark.parametrize("broken", BROKEN)
@pytest.mark.parametrize("read_only", [False, True])
def test_storage_api_refuses_a_broken_link(tmp_path: Path, broken: str, read_only: bool) -> None:
    link, target = BROKEN[broken](tmp_path)
    before = _listing(tmp_path)
    with pytest.raises(DatabaseRefusedError, match="symbolic link") as caught:
        Repository.open(link, read_only=read_only)
    assert str(target) in str(caught.value)
    assert _listing(tmp_path) == before


def test_a_new_database_through_a_link_is_made_at_the_target(tmp_path: Path) -> None:
    """A link to an empty file (made ready for the clinic's database) gets the database in the file
    it points to; the link stays a link (it used to be replaced by a file of its own)."""
    target = tmp_path / "data-disk" / "toxtrack.db"
    target.parent.mkdir()
    target.touch()
    link = tmp_path / "toxtrack.db"
    link.symlink_to(target)
    with Repository.open(link, clock=lambda: NOW) as repo:
        assert repo.path == target
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.stat().st_size > 0
    assert (tmp_path / "data-disk" / "toxtrack.db.lock").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data-disk", "toxtrack.db"]


def test_restore_through_a_link_replaces_the_file_it_leads_to(tmp_path: Path) -> None:
    target = tmp_path / "data-disk" / "toxtrack.db"
    target.parent.mkdir()
    Repository.open(target, clock=lambda: NOW).close()
    backup = tmp_path / "backup.db"
    make_backup(target, backup, NOW)
    link = tmp_path / "toxtrack.db"
    link.symlink_to(target)
    restored = restore_backup(backup, link, NOW)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert all(kept.parent == target.parent for kept in restored.kept_aside) and restored.kept_aside
    with Repository.open(link, read_only=True) as repo:
        assert repo.path == target and not repo.damaged
