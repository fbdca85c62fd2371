"""Repository.open(defer_checks_above=...): a large file shows at once, read-only, and becomes writable
only after the same checks an ordinary open runs have passed."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from clinical.model import Patient
from storage import ReadOnlyError, Repository
from storage.errors import InUseError

NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


def _database(path: Path, patients: int = 3) -> None:
    with Repository.open(path, clock=lambda: NOON) as repo:
        for i in range(patients):
            repo.add_patient(Patient(f"D-{i}", "SC 250/500", dt.date(2026, 11, 1)))


def test_small_files_are_checked_at_open_as_before(tmp_path: Path) -> None:
    path = tmp_path / "small.db"
    _database(path)
    with Repository.open(path, defer_checks_above=path.stat().st_size + 1) as repo:
        assert not repo.checks_pending and not repo.read_only


def test_a_deferred_open_reads_at_once_and_writes_only_after_the_checks(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    _database(path)
    with Repository.open(path, defer_checks_above=0, clock=lambda: NOON) as repo:
        assert repo.checks_pending and repo.read_only
        assert len(repo.patient_ids()) == 3
        with pytest.raises(ReadOnlyError, match="still being checked"):
            repo.add_patient(Patient("D-9", "SC 250/500", dt.date(2026, 11, 1)))
        with pytest.raises(InUseError):  # the writer lock is taken before the checks
            Repository.open(path)
        found: list[object] = []
        worker = threading.Thread(target=lambda: found.append(repo.run_deferred_checks()))
        worker.start()
        worker.join()
        repo.finish_checks(found[0])  # type: ignore[arg-type]
        assert not repo.checks_pending and not repo.read_only and not repo.damaged
        repo.add_patient(Patient("D-9", "SC 250/500", dt.date(2026, 11, 1)))
        assert repo.verify_audit() == []
    with Repository.open(path, read_only=True) as repo:
        assert len(repo.patient_ids()) == 4


def test_a_damaged_audit_row_found_later_keeps_the_file_read_only_and_unchanged(tmp_path: Path) -> None:
    from storage.engine import sqlite3

    path = tmp_path / "tampered.db"
    _database(path)
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    for (name,) in raw.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
        raw.execute(f"DROP TRIGGER {name}")
    raw.execute("UPDATE audit_log SET user_name = 'someone else' WHERE id = (SELECT max(id) FROM audit_log)")
    raw.commit()
    raw.close()
    before = path.read_bytes()
    with Repository.open(path, defer_checks_above=0) as repo:
        repo.finish_checks(repo.run_deferred_checks())
        assert repo.read_only and repo.damaged and not repo.checks_pending
        assert "damaged" in repo.notices[0] and "audit row" in repo.notices[0]
        with pytest.raises(ReadOnlyError, match="read-only"):
            repo.add_patient(Patient("D-9", "SC 250/500", dt.date(2026, 11, 1)))
        with Repository.open(path, read_only=True):
            pass  # the lock was released: a second window can read
    assert path.read_bytes() == before


def test_the_clock_check_runs_when_the_checks_finish(tmp_path: Path) -> None:
    path = tmp_path / "clock.db"
    _database(path)
    early = NOON - dt.timedelta(hours=5)
    with Repository.open(path, defer_checks_above=0, clock=lambda: early) as repo:
        rows = repo.audit_head()[0]
        repo.finish_checks(repo.run_deferred_checks())
        assert any("5 hours" in notice for notice in repo.notices)
        assert repo.audit_head()[0] == rows + 1  # the jump itself is audited


def test_an_older_schema_is_migrated_at_open_not_deferred(tmp_path: Path) -> None:
    from storage.connection import connect, enable_wal
    from storage.migrations import SCHEMA_VERSION, migrate

    path = tmp_path / "old.db"
    db = connect(path)
    enable_wal(db.conn)
    migrate(db, target=1)
    db.close()
    with Repository.open(path, defer_checks_above=0) as repo:
        assert not repo.checks_pending and not repo.read_only
        assert repo._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
