"""The connection factory's settings, transactions and error translation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from clinical.model import Patient
from storage import DiskFullError, ReadOnlyError, Repository
from storage.connection import connect, enable_wal, pragma, write
from storage.engine import sqlite3
from storage.errors import DatabaseBusyError, DatabaseRefusedError, known_error


def test_every_pragma_reads_back(repo: Any) -> None:
    db = repo._db
    assert pragma(db, "foreign_keys") == 1
    assert str(pragma(db, "journal_mode")).lower() == "wal"
    assert pragma(db, "synchronous") == 2  # FULL
    assert int(pragma(db, "busy_timeout")) >= 5000  # type: ignore[call-overload]
    assert pragma(db, "trusted_schema") == 0
    assert pragma(db, "query_only") == 0


def test_read_only_session_reads_but_cannot_write(repo: Any, tmp_path: Path) -> None:
    repo.add_patient(Patient("RO-1", "SC 250/500", repo.today()))
    with Repository.open(repo.path, read_only=True) as reader:
        assert pragma(reader._db, "query_only") == 1
        assert pragma(reader._db, "foreign_keys") == 1
        assert reader.read_only
        assert reader.find_patient("RO-1").subject_id == "RO-1"
        with pytest.raises(ReadOnlyError):
            reader.add_patient(Patient("RO-2", "SC 250/500", repo.today()))
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            reader._db.conn.execute("DELETE FROM meta")  # raw write: query_only stops it too
    assert [p for p in repo.patient_ids()] == [repo.find_patient("RO-1").id]


def test_every_read_only_connection_opens_with_mode_ro(repo: Any) -> None:
    """Every read-only connection is mode=ro, writable file or not (issue 12: a plain connection
    with query_only still checkpointed a stale WAL when it closed): switching query_only off does
    not make it writable. Before, only a file the user could not write was opened this way."""
    repo.add_patient(Patient("RO-1", "SC 250/500", repo.today()))
    db = connect(repo.path, read_only=True)
    try:
        assert pragma(db, "query_only") == 1
        assert db.conn.execute("SELECT subject_id FROM patient").fetchall() == [("RO-1",)]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.conn.execute("PRAGMA query_only = OFF")
            db.conn.execute("DELETE FROM meta")
    finally:
        db.close()


def test_nested_write_rolls_back_only_the_inner_savepoint(tmp_path: Path) -> None:
    db = connect(tmp_path / "t.db")
    db.conn.execute("CREATE TABLE t (x INTEGER)")
    with write(db):
        db.conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(RuntimeError), write(db):
            db.conn.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("inner failure")
        db.conn.execute("INSERT INTO t VALUES (3)")
    assert [r[0] for r in db.conn.execute("SELECT x FROM t ORDER BY x")] == [1, 3]
    with pytest.raises(RuntimeError), write(db):
        db.conn.execute("INSERT INTO t VALUES (4)")
        raise RuntimeError("outer failure")
    assert not db.conn.in_transaction
    assert [r[0] for r in db.conn.execute("SELECT x FROM t ORDER BY x")] == [1, 3]
    db.close()


def test_write_takes_the_write_lock_at_begin(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a second connection cannot start writing while a write is open."""
    first = connect(tmp_path / "t.db")
    enable_wal(first.conn)
    first.conn.execute("CREATE TABLE t (x INTEGER)")
    second = connect(tmp_path / "t.db")
    second.conn.execute("PRAGMA busy_timeout = 0")
    with write(first):
        with pytest.raises(sqlite3.OperationalError) as caught:
            second.conn.execute("BEGIN IMMEDIATE")
        assert isinstance(known_error(caught.value, "t.db"), DatabaseBusyError)
    first.close()
    second.close()


def test_disk_full_is_an_expected_error_and_saves_nothing(repo: Any) -> None:
    """max_page_count just above the current size gives a deterministic 'disk full' (D7)."""
    pages = int(pragma(repo._db, "page_count"))  # type: ignore[call-overload]
    repo._db.conn.execute(f"PRAGMA max_page_count = {pages + 1}")
    before = repo.audit_head()
    with pytest.raises(DiskFullError):
        repo.add_patient(Patient("FULL-1", "SC 250/500", repo.today(), notes="x" * 2000))
        for n in range(200):
            repo.add_patient(Patient(f"FULL-{n + 2}", "SC 250/500", repo.today(), notes="x" * 2000))
    saved = len(repo.patient_ids())
    assert repo.audit_head()[0] - before[0] == saved  # every saved patient has its audit row
    assert not repo._db.conn.in_transaction


def test_non_database_errors_are_bugs_not_known_errors() -> None:
    error = sqlite3.OperationalError("near 'SELEC': syntax error")
    assert known_error(error, "x.db") is None


def test_connect_refuses_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database")
    with pytest.raises(DatabaseRefusedError, match="not a SQLite database"):
        connect(path)
