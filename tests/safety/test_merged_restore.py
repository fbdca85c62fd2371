"""Restore through the command line after the merges of A (--create-folder in backup_cli) and C
(verified restore, anchor log): into a new folder, each line says what was and was not verified."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from storage import anchors
from storage.backup import make_backup

from .test_anchors import _db
from .workload import NOW


def _restore(backup: Path, target: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "main", "restore", "--from", str(backup), "--db", str(target), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_restore_into_a_new_folder_says_which_anchor_logs_it_looked_for(tmp_path: Path) -> None:
    source = _db(tmp_path / "clinic")
    backup = tmp_path / "usb" / "backup.db"
    make_backup(source, backup, NOW)
    target = tmp_path / "new-pc" / "data" / "toxtrack.db"
    refused = _restore(backup, target)
    assert refused.returncode == 1 and not target.parent.exists()
    assert "add --create-folder" in refused.stderr and "Traceback" not in refused.stderr
    done = _restore(backup, target, "--create-folder")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Restored {target} from a verified backup."
    assert "verified: its audit head" in done.stdout and "matches the anchor log" in done.stdout
    # The same backup on a computer without the clinic's anchor log: both places looked are named.
    anchors.log_path(source).rename(tmp_path / "kept-elsewhere.anchors")
    other = tmp_path / "third-pc" / "toxtrack.db"
    done = _restore(backup, other, "--create-folder")
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if line.startswith("not verified:")]
    assert line == (
        f"not verified: there is no anchor log ({anchors.log_path(other)} or {anchors.log_path(source)}) "
        "to compare its audit trail with"
    )
    assert "verified: every row matches its audit trail" in done.stdout
