"""Restores: the drill into an empty folder, the current file kept aside, refusals that change nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import random
import shutil
from pathlib import Path

import pytest

from storage import InUseError, Repository
from storage.backup import BackupError, make_backup, manifest_path
from storage.backup_cli import restore_main
from storage.restore import restore_backup

from .killing import CAN_FORK, ack_writer, run_and_kill
from .workload import NOW, Workload, check_database, counts, read_acks

CLOCK = NOW + dt.timedelta(hours=4)
RESTORED_AT = dt.datetime(2026, 11, 21, 9, 30, tzinfo=dt.UTC)


def _db(directory: Path, steps: int, seed: int) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "toxtrack.db"
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
        Workload(repo, random.Random(seed), prefix=f"R{seed}").run(steps)
    return path


def _backup(tmp_path: Path) -> tuple[Path, Path]:
    source = _db(tmp_path / "clinic", 150, 1)
    backup = tmp_path / "usb" / "backup.db"
    make_backup(source, backup, CLOCK)
    return source, backup


def test_restore_drill_into_an_empty_folder(tmp_path: Path) -> None:
    """Reliability goal D6: restore into an empty folder; the app opens it with the same counts
    and the same audit head as the backup's manifest."""
    source, backup = _backup(tmp_path)
    target = tmp_path / "new-pc" / "data" / "toxtrack.db"
    restored = restore_backup(backup, target, RESTORED_AT, create_folder=True)  # a new PC: asked for
    assert restored.kept_aside == ()
    with Repository.open(target, user="nurse") as repo:
        assert repo.audit_head() == (
            restored.manifest.snapshot.audit_count,
            restored.manifest.snapshot.audit_head,
        )
        assert repo.verify_audit() == []
    assert counts(target) == counts(source)
    assert check_database(target) == []


def test_restore_keeps_the_current_file_aside(tmp_path: Path) -> None:
    _, backup = _backup(tmp_path)
    current = _db(tmp_path / "ward", 60, 2)
    before = counts(current)
    first = restore_backup(backup, current, RESTORED_AT)
    second = restore_backup(backup, current, RESTORED_AT)  # same second: a new name, nothing overwritten
    aside_1, aside_2 = first.kept_aside[0], second.kept_aside[0]
    assert aside_1 != aside_2 and aside_1.name.startswith("toxtrack.replaced-20261121T093000Z")
    assert counts(aside_1) == before  # the replaced file, whole
    assert counts(aside_2) == counts(backup) == counts(current)


@pytest.mark.skipif(not CAN_FORK, reason="needs fork()")
def test_restore_over_a_file_with_a_hot_wal_keeps_every_commit_aside(tmp_path: Path) -> None:
    """A writer killed with its WAL unmerged: restoring over it must not lose those commits."""
    _, backup = _backup(tmp_path)
    current = _db(tmp_path / "ward", 20, 3)
    ack_path = tmp_path / "acks.jsonl"
    ack_path.touch()

    def writer() -> None:
        repo = Repository.open(current, user="nurse")
        repo._db.conn.execute("PRAGMA wal_autocheckpoint=0")
        Workload(repo, random.Random(4), prefix="H", acks=ack_writer(ack_path)).run(10_000)

    killed, _ = run_and_kill(writer, 1.0)
    assert killed and Path(f"{current}-wal").stat().st_size > 0
    restored = restore_backup(backup, current, RESTORED_AT)
    aside = restored.kept_aside[0]
    assert check_database(aside, read_acks(ack_path)) == []
    assert counts(current) == counts(backup)


def test_restore_is_refused_while_the_app_has_the_file_open(tmp_path: Path) -> None:
    _, backup = _backup(tmp_path)
    current = _db(tmp_path / "ward", 30, 5)
    before = current.read_bytes()
    with Repository.open(current, user="nurse"), pytest.raises(InUseError):
        restore_backup(backup, current, RESTORED_AT)
    assert current.read_bytes() == before
    assert [p.name for p in current.parent.iterdir() if "replaced" in p.name] == []


@pytest.mark.parametrize("damage", ["flip", "manifest_missing", "manifest_counts"])
def test_a_bad_backup_is_refused_and_nothing_changes(tmp_path: Path, damage: str) -> None:
    _, backup = _backup(tmp_path)
    current = _db(tmp_path / "ward", 30, 6)
    before = current.read_bytes()
    # the writes that built the file anchored it (storage/anchors.py: <name>-backups/<name>.anchors)
    listing = sorted(str(p.relative_to(current.parent)) for p in current.parent.rglob("*"))
    if damage == "flip":
        data = bytearray(backup.read_bytes())
        data[4096 + 700] ^= 0x40
        backup.write_bytes(bytes(data))
    elif damage == "manifest_missing":
        manifest_path(backup).unlink()
    else:
        text = manifest_path(backup).read_text(encoding="utf-8")
        manifest_path(backup).write_text(text.replace('"patient": ', '"patient": 1'), encoding="utf-8")
    with pytest.raises(BackupError):
        restore_backup(backup, current, RESTORED_AT)
    assert current.read_bytes() == before
    assert sorted(str(p.relative_to(current.parent)) for p in current.parent.rglob("*")) == listing
    assert sorted(p.name for p in current.parent.iterdir()) == sorted(
        ["toxtrack.db", "toxtrack.db.lock", "toxtrack-backups"]
    )


def test_restore_command_line(tmp_path: Path) -> None:
    _, backup = _backup(tmp_path)
    target = tmp_path / "fresh" / "toxtrack.db"
    out = io.StringIO()
    missing = io.StringIO()
    with contextlib.redirect_stderr(missing):  # issue 12: a folder that does not exist is not created unasked
        assert restore_main(["--from", str(backup), "--db", str(target)]) == 1
    assert "--create-folder" in missing.getvalue() and not target.parent.exists()
    with contextlib.redirect_stdout(out):
        assert restore_main(["--from", str(backup), "--db", str(target), "--create-folder"]) == 0
        assert restore_main(["--from", str(backup), "--db", str(target)]) == 0
    assert "kept as" in out.getvalue()
    err = io.StringIO()
    shutil.copyfile(backup, tmp_path / "orphan.db")  # a backup without its manifest
    with contextlib.redirect_stderr(err):
        assert restore_main(["--from", str(tmp_path / "orphan.db"), "--db", str(target)]) == 1
    assert err.getvalue().startswith("toxtrack restore:") and "Traceback" not in err.getvalue()
