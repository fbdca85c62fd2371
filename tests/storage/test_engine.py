"""One SQLite for every file (issue 17): SQLCipher's bundled library, and every setting the app relies on
read back under it (reliability-reference A1.2, D3)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from clinical.model import Patient
from storage import DatabaseRefusedError, Repository
from storage.connection import connect, pragma
from storage.engine import affected_by_wal_reset, library_refusal, sqlite3


def test_the_driver_is_sqlcipher_on_a_fixed_sqlite() -> None:
    conn = sqlite3.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    assert cipher is not None and str(cipher[0]).startswith("4.")  # SQLCipher 4
    assert sqlite3.sqlite_version_info >= (3, 51, 3)
    assert library_refusal() is None


@pytest.mark.parametrize(
    ("version", "affected"),
    [
        ((3, 40, 1), True),  # CPython's bundled SQLite here
        ((3, 51, 1), True),  # sqlcipher3-binary 0.6.0 and sqlcipher3 0.6.2
        ((3, 51, 2), True),
        ((3, 51, 3), False),
        ((3, 52, 0), True),  # withdrawn
        ((3, 53, 4), False),
        ((3, 50, 6), True),
        ((3, 50, 7), False),  # backport
        ((3, 44, 5), True),
        ((3, 44, 6), False),  # backport
        ((3, 6, 23), False),  # before WAL existed
    ],
)
def test_wal_reset_range(version: tuple[int, int, int], affected: bool) -> None:
    assert affected_by_wal_reset(version) is affected


def test_an_affected_library_is_refused_before_any_file_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 51, 1))
    with pytest.raises(DatabaseRefusedError, match=r"version 3\.51\.1.*fixed in 3\.51\.3"):
        Repository.open(tmp_path / "new.db", user="tester")
    assert not (tmp_path / "new.db").exists()


def test_the_apps_connections_and_sqlite_utils_use_the_one_driver(repo: Any) -> None:
    import sqlite_utils.db

    assert isinstance(repo._db.conn, sqlite3.Connection)
    assert sqlite_utils.db.sqlite3.Connection is sqlite3.Connection
    assert sys.modules["pysqlite3.dbapi2"] is sqlite3


def test_settings_read_back_under_sqlcipher(repo: Any) -> None:
    db = repo._db
    assert str(pragma(db, "journal_mode")).lower() == "wal"
    assert pragma(db, "synchronous") == 2
    assert pragma(db, "foreign_keys") == 1
    assert pragma(db, "trusted_schema") == 0
    assert pragma(db, "busy_timeout") == 5000
    assert pragma(db, "cipher_version") is not None  # the connection really is SQLCipher's


def test_triggers_and_foreign_keys_hold_under_sqlcipher(repo: Any) -> None:
    repo.add_patient(Patient("ENG-1", "SC 250/500", repo.today()))
    conn = repo._db.conn
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):  # the trigger refuses
        conn.execute("DELETE FROM audit_log")
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        conn.execute("INSERT INTO cycle (patient_id, number, start_date) VALUES (999999, 1, '2026-01-01')")


def test_the_online_backup_api_copies_under_sqlcipher(repo: Any, tmp_path: Path) -> None:
    repo.add_patient(Patient("ENG-2", "SC 250/500", repo.today()))
    copy = tmp_path / "copy.db"
    target = sqlite3.connect(str(copy))
    try:
        repo._db.conn.backup(target)
    finally:
        target.close()
    db = connect(copy, read_only=True)
    try:
        subjects = [row[0] for row in db.conn.execute("SELECT subject_id FROM patient")]
        assert subjects == ["ENG-2"]
        assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.conn.close()
