"""Backups: online, verified against the snapshot they copied, complete under concurrent writes, rotated."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import random
import time
from pathlib import Path

import pytest

from storage import Repository
from storage.backup import BackupError, make_backup, manifest_path, verify_backup
from storage.backup_cli import backup_main
from storage.engine import sqlite3
from storage.paths import backup_dir
from storage.rotation import (
    KEEP_DAILY,
    KEEP_WEEKLY,
    automatic_backup,
    backup_due,
    generations,
    last_backup_time,
)

from .killing import CAN_FORK, ack_writer
from .workload import NOW, Workload, check_database, counts, read_acks

CLOCK = NOW + dt.timedelta(hours=3)


def _db(tmp_path: Path, steps: int = 120, seed: int = 1) -> Path:
    path = tmp_path / "toxtrack.db"
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
        Workload(repo, random.Random(seed)).run(steps)
    return path


def test_backup_matches_source_and_has_a_manifest(tmp_path: Path) -> None:
    source = _db(tmp_path)
    out = tmp_path / "elsewhere" / "copy.db"
    manifest = make_backup(source, out, CLOCK)
    assert counts(out) == counts(source)
    assert check_database(out) == []
    written = json.loads(manifest_path(out).read_text(encoding="utf-8"))
    assert written["sha256"] == manifest.sha256 and written["file"] == "copy.db"
    assert written["snapshot"]["audit_count"] == manifest.snapshot.audit_count > 0
    assert verify_backup(out) == manifest


def test_backup_is_one_self_contained_file(tmp_path: Path) -> None:
    out = tmp_path / "b.db"
    make_backup(_db(tmp_path), out, CLOCK)
    assert not Path(f"{out}-wal").exists()
    conn = sqlite3.connect(f"{out.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


def test_existing_backup_is_never_overwritten(tmp_path: Path) -> None:
    source = _db(tmp_path)
    out = tmp_path / "b.db"
    make_backup(source, out, CLOCK)
    before = out.read_bytes()
    with pytest.raises(BackupError, match="already exists"):
        make_backup(source, out, CLOCK)
    assert out.read_bytes() == before


def test_a_changed_backup_no_longer_verifies(tmp_path: Path) -> None:
    out = tmp_path / "b.db"
    make_backup(_db(tmp_path), out, CLOCK)
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    out.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="changed after it was made"):
        verify_backup(out)


def test_backup_command_line(tmp_path: Path) -> None:
    source = _db(tmp_path)
    out = tmp_path / "cli.db"
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        assert backup_main(["--db", str(source), "--out", str(out)]) == 0
    assert "verified" in text.getvalue() and verify_backup(out)
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        assert backup_main(["--db", str(source), "--out", str(out)]) == 1
        assert backup_main(["--db", str(tmp_path / "missing.db"), "--out", str(tmp_path / "x.db")]) == 1
    assert errors.getvalue().count("toxtrack backup:") == 2 and "Traceback" not in errors.getvalue()
    with contextlib.redirect_stdout(io.StringIO()):
        assert backup_main(["--db", str(source)]) == 0  # no --out: an automatic generation
    assert len(generations(source)) == 1


def _writer(db_path: Path, ack_path: Path, stop: Path) -> None:
    """Commit user actions continuously until `stop` exists (a second process, own lock)."""
    repo = Repository.open(db_path, user="writer")
    workload = Workload(repo, random.Random(21), prefix="C", acks=ack_writer(ack_path))
    while not stop.exists():
        workload.run(1)
    repo.close()


@pytest.mark.skipif(not CAN_FORK, reason="needs fork()")
def test_backups_during_continuous_writes_all_complete_and_verify(tmp_path: Path) -> None:
    """Reliability goal D6: 20 backups while another process keeps committing (pages=-1 cannot
    livelock the way an incremental backup does); each verifies against its own snapshot."""
    import os

    source = _db(tmp_path, steps=40)
    ack_path = tmp_path / "acks.jsonl"
    ack_path.touch()
    stop = tmp_path / "stop"
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _writer(source, ack_path, stop)
        except BaseException:
            code = 3
        os._exit(code)
    audit_counts = []
    try:
        time.sleep(0.3)
        for number in range(20):
            out = tmp_path / "backups" / f"b{number:02d}.db"
            manifest = make_backup(source, out)
            assert verify_backup(out) == manifest
            audit_counts.append(manifest.snapshot.audit_count)
            time.sleep(0.05)
    finally:
        stop.touch()
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert audit_counts == sorted(audit_counts)
    assert len(set(audit_counts)) >= 10, "the writer was not really writing between backups"
    assert check_database(source, read_acks(ack_path)) == []


def test_automatic_backups_keep_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    source = _db(tmp_path, steps=30)
    mine = backup_dir(source) / "notes.txt"  # a user's own file in the folder is never touched
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text("keep me", encoding="utf-8")
    start = dt.datetime(2026, 9, 1, 18, 0, tzinfo=dt.UTC)
    made = 0
    for day in range(45):
        for hour in (0, 9):  # a forced backup at close and one more the same day
            made += (
                automatic_backup(source, start + dt.timedelta(days=day, hours=hour), force=True) is not None
            )
    kept = generations(source)
    assert made == 90
    assert len(kept) <= KEEP_DAILY + KEEP_WEEKLY
    assert kept[0].at == start + dt.timedelta(days=44, hours=9)
    assert len({g.at.date() for g in kept}) >= KEEP_DAILY
    assert mine.read_text(encoding="utf-8") == "keep me"
    for generation in kept:
        assert verify_backup(generation.path).snapshot.audit_count > 0


def test_daily_backup_is_due_once_a_day(tmp_path: Path) -> None:
    source = _db(tmp_path, steps=10)
    morning = dt.datetime(2026, 11, 24, 8, 0, tzinfo=dt.UTC)
    assert backup_due(source, morning) and last_backup_time(source) is None
    assert automatic_backup(source, morning) is not None
    assert automatic_backup(source, morning + dt.timedelta(hours=23)) is None
    assert automatic_backup(source, morning + dt.timedelta(hours=24)) is not None
    assert last_backup_time(source) == morning + dt.timedelta(hours=24)
