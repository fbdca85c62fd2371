"""Crash safety (reliability-reference D1): SIGKILL a writer at random moments, then every
acknowledged transaction is present and whole, and integrity, foreign keys and the audit chain
check clean. At least 100 kills (TOXTRACK_CRASH_KILLS raises it for nightly runs).

The writer is a forked child (modules already imported), so a kill costs milliseconds rather
than an interpreter start; it opens its own connection after the fork, as SQLite requires.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from clinical import regimens
from clinical.choices import Hypotension, Oxygen
from clinical.model import CrsAssessment, Cycle, CycleId, Dose, Patient, PatientBundle, PatientId
from storage import Repository, connection
from storage.commands import check_database

KILLS = int(os.environ.get("TOXTRACK_CRASH_KILLS", "100"))
REGIMEN = "SC 250/500"
START = dt.date.today() - dt.timedelta(days=3)
PLAN = regimens.planned_doses(REGIMEN, 1, START)


def bundle(tag: str) -> PatientBundle:
    doses = tuple(Dose(PatientId(0), CycleId(0), p.day, p.date, p.dose_ug) for p in PLAN)
    return PatientBundle(Patient(tag, REGIMEN, START), ((Cycle(PatientId(0), 1, START), doses),))


def writer(path: Path, ack: int, run: int) -> None:
    """Child: one transaction = patient + cycle + doses + CRS + their audit rows; ack after COMMIT."""
    repo = Repository.open(path, user="crash")
    at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    for n in range(1_000_000):
        with repo.transaction():
            [pid] = repo.bulk_insert([bundle(f"K{run}-{n}")])
            crs = repo.add_crs(CrsAssessment(pid, at, 38.6, Hypotension.FLUIDS, Oxygen.NONE))
        os.write(ack, f"{pid} {crs.id}\n".encode())


def run_and_kill(path: Path, run: int, delay: float) -> list[tuple[int, int]]:
    """Fork a writer, SIGKILL it after `delay` seconds, return the ids it acknowledged."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child, which never returns to pytest
        status = 0
        try:
            os.close(read_end)
            writer(path, write_end, run)
        except BaseException:
            status = 1
        os._exit(status)
    os.close(write_end)
    time.sleep(delay)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    acked = []
    for line in b"".join(chunks).decode().splitlines(keepends=True):
        if line.endswith("\n"):
            pid, crs = line.split()
            acked.append((int(pid), int(crs)))
    return acked


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")
def test_killed_writer_loses_no_acknowledged_transaction(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    rng = random.Random(20261125)
    acknowledged: list[tuple[int, int]] = []
    for run in range(KILLS):
        acknowledged += run_and_kill(path, run, rng.uniform(0.005, 0.3))
    assert len(acknowledged) >= KILLS, "too few commits between kills to test anything"
    assert check_database(path) == []  # integrity_check, foreign_key_check, triggers, chain
    with Repository.open(path) as repo:
        patients = {r[0] for r in repo._db.conn.execute("SELECT id FROM patient")}
        crs = {r[0] for r in repo._db.conn.execute("SELECT id FROM assessment WHERE kind = 'crs'")}
        assert {p for p, _ in acknowledged} <= patients
        assert {c for _, c in acknowledged} <= crs
        # all or nothing: every stored patient has the whole transaction (cycle, doses, CRS)
        per_patient = repo._rows(
            "SELECT p.id, (SELECT count(*) FROM dose d WHERE d.patient_id = p.id) AS doses, "
            "(SELECT count(*) FROM assessment a WHERE a.patient_id = p.id AND a.kind = 'crs') AS crs "
            "FROM patient p"
        )
        assert all(r["doses"] == len(PLAN) and r["crs"] == 1 for r in per_patient)
        assert repo.verify_audit() == []


def test_a_creation_cut_short_leaves_no_file_that_looks_emptied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process killed while creating a database (here: the schema step fails) must not leave a
    0-byte file beside its lock file: storage.safety refuses that as a database emptied after use."""
    from storage import repo_open

    path = tmp_path / "toxtrack.db"

    def killed(db: object) -> None:
        raise KeyboardInterrupt  # stands in for the process dying mid-creation

    monkeypatch.setattr(repo_open, "migrate", killed)
    with pytest.raises(KeyboardInterrupt):
        Repository.open(path)
    monkeypatch.undo()
    assert not path.exists() and (tmp_path / "toxtrack.db.lock").exists()
    assert (tmp_path / "toxtrack.db.new").exists()  # the half-made file, under another name
    with Repository.open(path) as repo:
        assert repo.patient_ids() == [] and repo.verify_audit() == []
    assert not (tmp_path / "toxtrack.db.new").exists()


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "chosen.db"
    path.touch()  # a save dialog's empty file, never used by ToxTrack
    with Repository.open(path) as repo:
        repo.add_patient(Patient("044-0001", REGIMEN, START))
    with Repository.open(path, read_only=True) as repo:
        assert len(repo.patient_ids()) == 1


ENCRYPTED_KILLS = 20


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")
def test_a_killed_writer_of_an_encrypted_file_loses_no_acknowledged_transaction(tmp_path: Path) -> None:
    """The same round trip on an encrypted file (issue 17): create with a passphrase, write, SIGKILL
    at random moments, reopen with the key; every acknowledged transaction is there, the file checks
    clean, and no subject id reaches the file or its WAL in the clear. Fewer kills: each open pays
    SQLCipher's KDF (~0.3 s), so the kills come later in the writer's life."""
    from storage import cipher

    path = tmp_path / "crash.db"
    cipher.remember(path, "correct horse battery")
    try:
        rng = random.Random(20261205)
        acknowledged: list[tuple[int, int]] = []
        for run in range(ENCRYPTED_KILLS):
            acknowledged += run_and_kill(path, run, rng.uniform(0.6, 1.5))
            wal = Path(f"{path}-wal")
            for written in (path, wal):
                assert not written.exists() or b"K0-0" not in written.read_bytes()
        assert len(acknowledged) >= ENCRYPTED_KILLS
        assert check_database(path) == []
        with Repository.open(path) as repo:
            patients = {r[0] for r in repo._db.conn.execute("SELECT id FROM patient")}
            assert {p for p, _ in acknowledged} <= patients
            assert repo.verify_audit() == []
    finally:
        cipher.forget_all()


def test_a_writer_killed_mid_checkpoint_leaves_an_encrypted_file_that_opens(tmp_path: Path) -> None:
    """A checkpoint copies WAL pages into the file in page order; a writer killed half way leaves the
    file's first pages new and the rest old, with the WAL intact, which the next open replays. Built
    here page by page (the state a SIGKILL of the full suite once caught, reported as "malformed"):
    the passphrase must still open it, and the file must check clean with every row."""
    from storage import cipher
    from storage.engine import sqlite3

    passphrase, path = "correct horse battery", tmp_path / "mid.db"
    cipher.remember(path, passphrase)
    with Repository.open(path) as repo:
        repo.add_patient(Patient("044-0001", REGIMEN, START))
    conn = sqlite3.connect(path)
    cipher.apply_key(conn, cipher.key_literal(passphrase, path))
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    for n in range(300):  # a schema of many pages, between data pages, in the WAL only
        conn.execute(f"CREATE TABLE filler{n} (text TEXT)")
        conn.execute(f"INSERT INTO filler{n} VALUES (?)", ("x" * 6000,))
        conn.commit()
    old, wal = path.read_bytes(), Path(f"{path}-wal").read_bytes()
    conn.execute("PRAGMA wal_checkpoint(FULL)")  # the checkpoint completed: the new file
    conn.close()  # (closing checkpoints and removes the WAL too)
    new = path.read_bytes()
    half = (len(new) // 4096 // 2) * 4096
    assert len(new) > len(old) and old[:half] != new[:half]
    path.write_bytes(new[:half] + old[half:] + new[len(old) :])  # new pages, then old, then new
    Path(f"{path}-wal").write_bytes(wal)
    assert connection._opens_with(path, passphrase)
    assert not connection._opens_with(path, "wrong horse battery")
    assert check_database(path) == []
    with Repository.open(path, read_only=True) as repo:
        assert len(repo.patient_ids()) == 1
