"""Failing honestly (goal D7): disk full, a read-only file, a file locked by another program and an
I/O error at every step of a write each give an expected error, and nothing is claimed saved."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clinical.errors import NotFoundError
from clinical.model import Patient, PatientId
from storage import DatabaseBusyError, DiskFullError, ReadOnlyError, Repository
from storage.connection import connect
from storage.engine import sqlite3

from .killing import CAN_FORK
from .workload import ENROLMENT, NOW, Workload, check_database, counts

CLOCK = NOW + dt.timedelta(hours=5)


def _open(path: Path) -> Repository:
    return Repository.open(path, clock=lambda: CLOCK, user="nurse")


@pytest.fixture
def populated(tmp_path: Path) -> Path:
    path = tmp_path / "toxtrack.db"
    with _open(path) as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
        Workload(repo, random.Random(2)).run(60)
    return path


def _audit_count(path: Path) -> int:
    db = connect(path, read_only=True)
    try:
        return int(db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        db.close()


def _patient(number: int, notes: str = "") -> Patient:
    return Patient(subject_id=f"F-{number}", regimen="SC 250/500", enrolment_date=ENROLMENT, notes=notes)


def _assert_not_saved(repo: Repository, number: int) -> None:
    with pytest.raises(NotFoundError):
        repo.find_patient(f"F-{number}")


def test_disk_full_is_reported_and_nothing_is_saved(populated: Path) -> None:
    before, audit_before = counts(populated)["patient"], _audit_count(populated)
    with _open(populated) as repo:
        pages = int(repo._db.conn.execute("PRAGMA page_count").fetchone()[0])
        repo._db.conn.execute(f"PRAGMA max_page_count = {pages + 1}")  # deterministic "disk full"
        failed_at = None
        with pytest.raises(DiskFullError) as caught:
            for number in range(50):
                failed_at = number
                repo.add_patient(_patient(number, notes="n" * 2000))
        assert "full" in str(caught.value) and str(caught.value).endswith(".")
        assert not repo._db.conn.in_transaction  # rolled back, not left half-open
        assert failed_at is not None
        _assert_not_saved(repo, failed_at)
        repo._db.conn.execute("PRAGMA max_page_count = 1073741823")
        repo.add_patient(_patient(999))  # once there is space again, saving works
    saved = counts(populated)["patient"] - before
    assert saved == failed_at + 1  # every acknowledged patient, plus the one after the space came back
    assert _audit_count(populated) == audit_before + saved
    assert check_database(populated) == []


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """Make `path` unwritable for this process: chmod for a normal user; root ignores permission
    bits, so there the file is made immutable (chattr +i) or the test is skipped."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    result = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"running as root and chattr +i failed ({result.stderr.decode().strip()})")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_read_only_file_opens_read_only_and_refuses_writes(populated: Path) -> None:
    before = populated.read_bytes()
    with read_only_file(populated), _open(populated) as repo:  # a writable session is asked for
        assert repo.read_only and not repo.damaged
        assert any("read-only" in notice for notice in repo.notices)
        with pytest.raises(ReadOnlyError) as caught:
            repo.add_patient(_patient(1))
        assert "nothing was saved" in str(caught.value)
    assert populated.read_bytes() == before


def _hold_exclusive(path: Path, ready: int) -> None:
    """Another program: a raw connection that takes the write lock and keeps it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    os.write(ready, b"x")
    signal.pause()


@pytest.mark.skipif(not CAN_FORK, reason="needs fork()")
def test_file_locked_by_another_program_is_reported_and_nothing_is_saved(populated: Path) -> None:
    before, audit_before = counts(populated), _audit_count(populated)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            _hold_exclusive(populated, write_end)
        finally:
            os._exit(0)
    try:
        assert os.read(read_end, 1) == b"x"
        with _open(populated) as repo:
            repo._db.conn.execute("PRAGMA busy_timeout = 300")  # the app waits 5 s; the test need not
            with pytest.raises(DatabaseBusyError) as caught:
                repo.add_patient(_patient(1))
            assert "locked" in str(caught.value) and "nothing was saved" in str(caught.value)
            assert not repo._db.conn.in_transaction
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pid = 0
            _assert_not_saved(repo, 1)
            repo.add_patient(_patient(1))  # the lock gone, the same save succeeds
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    assert counts(populated)["patient"] == before["patient"] + 1
    assert _audit_count(populated) == audit_before + 1
    assert check_database(populated) == []


class FaultyConnection:
    """Wraps a sqlite3 connection; the `fail_at`-th statement raises a disk-full error once
    (SQLite's own I/O-error test pattern: fail step N, then N+1, until the operation completes)."""

    def __init__(self, conn: sqlite3.Connection, fail_at: int) -> None:
        self._conn = conn
        self.fail_at = fail_at
        self.calls = 0

    def _tick(self, sql: str) -> None:
        self.calls += 1
        if self.calls == self.fail_at and not sql.lstrip().upper().startswith("ROLLBACK"):
            error = sqlite3.OperationalError("database or disk is full")
            error.sqlite_errorcode = 13
            raise error

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._tick(sql)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._tick(sql)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _start_cycle_with_fault(path: Path, patient: PatientId, fail_at: int) -> tuple[bool, int]:
    with _open(path) as repo:
        real = repo._db.conn
        faulty = FaultyConnection(real, fail_at)
        setattr(repo._db, "conn", faulty)  # noqa: B010 - a stand-in the type checker must not see
        try:
            repo.start_cycle(patient, ENROLMENT + dt.timedelta(days=1))
            completed = True
        except DiskFullError:
            completed = False
        finally:
            repo._db.conn = real
        assert not real.in_transaction, f"fault at statement {fail_at} left a transaction open"
        return completed, faulty.calls


def test_fault_at_every_statement_of_a_write_leaves_no_trace(populated: Path) -> None:
    """start_cycle (a cycle, its ~16 planned doses and their audit rows) with the Nth statement
    failing, N = 1, 2, 3... until it completes: before that, the file is exactly as it was."""
    with _open(populated) as repo:
        patient = repo.add_patient(_patient(500)).id
    assert patient is not None
    before, audit_before = counts(populated), _audit_count(populated)
    fail_at = 0
    while True:
        fail_at += 1
        completed, _ = _start_cycle_with_fault(populated, patient, fail_at)
        if completed:
            break
        assert counts(populated) == before and _audit_count(populated) == audit_before, f"N={fail_at}"
        assert fail_at < 500, "the write never completed"
    assert fail_at > 20  # the loop really walked through the cycle's statements
    after = counts(populated)
    assert after["cycle"] == before["cycle"] + 1 and after["dose"] > before["dose"]
    assert check_database(populated) == []
