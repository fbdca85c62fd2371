"""SIGKILL a writer at random moments: every acknowledged write survives, nothing is half-applied.

Reliability goal D1 (reliability-reference.md): after every kill, acknowledged records present
with their acknowledged values, integrity_check ok, foreign_key_check empty, the audit chain
intact and the audit replay equal to the stored rows. `make test` runs 200 kills, `make soak` 1,000.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import shutil
from functools import partial
from pathlib import Path

import pytest

from storage.migrations import SCHEMA_VERSION

from .killing import CAN_FORK, CHILD_FAILED, run_and_kill, time_in_child, writer_forever
from .workload import check_database, counts, read_acks

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="SIGKILL loops need fork() and SIGKILL (POSIX)")

KILLS_PER_FILE = 50


def kill_loop(tmp_path: Path, kills: int, seed: int) -> dict[str, int]:
    """Run `kills` writer children (a fresh database every KILLS_PER_FILE); return what was seen."""
    rng = random.Random(seed)
    seen = {"kills": 0, "finished_early": 0, "acks": 0}
    for index in range(kills):
        round_dir = tmp_path / f"round{index // KILLS_PER_FILE}"
        round_dir.mkdir(exist_ok=True)
        db_path, ack_path = round_dir / "toxtrack.db", round_dir / "acks.jsonl"
        ack_path.touch()
        delay, child_seed = rng.uniform(0.01, 0.15), rng.randrange(1 << 30)
        killed, code = run_and_kill(partial(writer_forever, db_path, ack_path, child_seed), delay)
        assert code != CHILD_FAILED, f"writer {index} raised (see captured stderr)"
        seen["kills" if killed else "finished_early"] += 1
        if not db_path.exists():
            continue  # killed before the file was created: nothing was acknowledged
        problems = check_database(db_path, read_acks(ack_path))
        assert not problems, f"after kill {index} ({delay:.3f} s): {problems[:5]}"
    seen["acks"] = sum(len(read_acks(f / "acks.jsonl")) for f in tmp_path.glob("round*"))
    return seen


def test_two_hundred_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    seen = kill_loop(tmp_path, 200, seed=20261125)
    print(f"\nwriter kills: {seen}")
    assert seen["kills"] >= 200
    # the loop must really have been writing: each file ends with many acknowledged actions
    last = tmp_path / "round3" / "toxtrack.db"
    assert sum(counts(last).values()) > 100


@pytest.mark.soak
def test_a_thousand_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    seen = kill_loop(tmp_path, 1000, seed=7)
    print(f"\nwriter kills (soak): {seen}")
    assert seen["kills"] >= 1000


def _populated(tmp_path: Path, steps: int = 150) -> tuple[Path, list[dict[str, object]]]:
    from storage import Repository

    from .workload import Workload

    acks: list[dict[str, object]] = []
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "oracle.db"
    with Repository.open(path) as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
        Workload(repo, random.Random(3), acks=acks.append).run(steps)
    return path, acks


def _raw(path: Path, *statements: str) -> None:
    """Tamper the way a crash bug would: a raw connection, triggers and checks out of the way."""
    from storage.connection import connect

    db = connect(path)
    db.conn.set_authorizer(None)  # the app's authorizer forbids DROP TRIGGER; a raw tool has none
    db.conn.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        db.conn.execute(statement)
    db.close()


def test_oracle_passes_a_clean_file_and_catches_lost_or_half_applied_writes(tmp_path: Path) -> None:
    """Negative controls: the checks above would be worthless if they could not fail."""
    path, acks = _populated(tmp_path)
    assert check_database(path, acks) == []
    lost = [*acks, {"kind": "lab", "id": 99999, "state": {"anc": 1.0}}]
    assert any("lab 99999 is missing" in p for p in check_database(path, lost))
    _raw(  # a lab result's ANC, in its row of the assessment table (schema v8)
        path,
        "UPDATE assessment SET inputs = json_set(inputs, '$.anc', json_extract(inputs, '$.anc') + 1) "
        "WHERE id = (SELECT max(id) FROM assessment WHERE kind = 'lab')",
    )
    assert any(p.startswith("replay:") for p in check_database(path, acks))


def test_oracle_catches_a_cycle_missing_planned_doses(tmp_path: Path) -> None:
    path, _ = _populated(tmp_path)
    _raw(
        path,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE table_name = 'dose' AND row_id = (SELECT max(id) FROM dose)",
        "DELETE FROM dose WHERE id = (SELECT max(id) FROM dose)",
    )
    problems = check_database(path, [])
    assert any(p.startswith("cycle ") for p in problems)


# ---- kill during a migration: version N or N+1, never in between (D9) -------------------------


V3_INDEXES = ("dose_cohort",)  # v3's index that version 8 keeps (the others went with their tables)
MOVED = "crs_assessment"  # a table version 8 moves into the assessment table and drops


def _v1_template(tmp_path: Path) -> Path:
    """A populated file at schema version 1, written as the v1 app wrote it (tests/storage/legacy.py:
    since version 8 a file written today cannot be taken back to version 1)."""
    from clinical.demo import generate_cohort
    from tests.storage import legacy

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "v1.db"
    now = dt.datetime.now(dt.UTC)
    legacy.write_file(path, 1, list(generate_cohort(25, seed=5, today=now.date())), now)
    return path


def _migration_state(path: Path) -> tuple[int, bool, str, bool, bool]:
    from storage.connection import connect

    db = connect(path, read_only=True)
    try:
        conn = db.conn
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        index = conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'dose_cycle'").fetchone() is not None
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        names = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    finally:
        db.close()
    v3 = set(V3_INDEXES) & names
    assert v3 in (set(), set(V3_INDEXES)), f"only some of the v3 indexes: {sorted(v3)}"
    assert (MOVED in tables) == ("assessment" not in tables or version < 8), f"v8 half done: {sorted(tables)}"
    return version, index, meta.get("schema_version", ""), "created_by_app_version" in meta, bool(v3)


def _open_and_close(path: Path) -> None:
    from storage import Repository

    Repository.open(path).close()


def migration_kills(tmp_path: Path, kills: int, seed: int) -> dict[int, int]:
    template = _v1_template(tmp_path)
    assert _migration_state(template) == (1, False, "1", False, False)
    work = tmp_path / "work.db"
    rng = random.Random(seed)
    outcomes = {1: 0, SCHEMA_VERSION: 0}
    # Kill times spread over one whole open (checks at open, then the migration) as measured on this
    # machine now, so the kills straddle the migration however loaded the machine is.
    shutil.copyfile(template, work)
    span = time_in_child(partial(_open_and_close, work))  # one whole open, unkilled
    for index in range(kills):
        for leftover in (work.with_name(work.name + suffix) for suffix in ("-wal", "-shm", ".lock")):
            leftover.unlink(missing_ok=True)  # the last kill's WAL belongs to the last copy, not this one
        shutil.copyfile(template, work)  # a closed, checkpointed file: a plain copy is exact
        _, code = run_and_kill(partial(_open_and_close, work), rng.uniform(0.0, 1.5 * span))
        assert code != CHILD_FAILED, f"migration child {index} raised"
        state = _migration_state(work)
        # storage.migrations.migrate: every pending step in one transaction, so 1 -> latest, never between
        latest = (SCHEMA_VERSION, True, str(SCHEMA_VERSION), True, True)
        assert state in {(1, False, "1", False, False), latest}, f"kill {index} left {state}"
        assert check_database(work) == [], f"kill {index}"
        outcomes[state[0]] += 1
    return outcomes


def test_kill_during_migration_leaves_old_or_new_version(tmp_path: Path) -> None:
    outcomes = migration_kills(tmp_path, 60, seed=11)
    print(f"\nmigration kills: versions after kill {outcomes}")
    assert outcomes[1] + outcomes[SCHEMA_VERSION] == 60
    assert outcomes[1] > 0 and outcomes[SCHEMA_VERSION] > 0  # the kills really straddled the migration


# ---- kill during a backup: no partial backup under its final name (D6) ------------------------


def _backups_forever(source: Path, out_dir: Path) -> None:
    from storage.backup import make_backup

    for number in itertools.count():
        make_backup(source, out_dir / f"backup-{os.getpid()}-{number}.db")


def backup_kills(tmp_path: Path, kills: int, seed: int) -> dict[str, int]:
    from storage.backup import make_backup, take_snapshot, verify_backup
    from storage.connection import connect

    source, _ = _populated(tmp_path, steps=300)
    db = connect(source, read_only=True)
    expected = take_snapshot(db)
    db.close()
    out_dir = tmp_path / "backups"
    out_dir.mkdir()
    # The kill window spans about three backups as a forked child takes them on this machine now,
    # so kills land both inside and between backups however loaded the machine is.
    window = 3 * time_in_child(partial(make_backup, source, tmp_path / "timing.db"))
    rng = random.Random(seed)
    for index in range(kills):
        _, code = run_and_kill(partial(_backups_forever, source, out_dir), rng.uniform(0.0, window))
        assert code != CHILD_FAILED, f"backup child {index} raised"
    finals = list(out_dir.glob("backup-*.db"))
    seen = {"kills": kills, "complete": len(finals), "temp_left": 0}
    for path in finals:  # every backup under its final name is whole and has its manifest
        assert verify_backup(path).snapshot == expected, path.name
    seen["manifest_without_backup"] = len(
        [m for m in out_dir.glob("backup-*.db.json") if not m.with_suffix("").exists()]
    )
    seen["temp_left"] = len([p for p in out_dir.iterdir() if p.name.startswith(".")])
    return seen


def test_kill_during_backup_leaves_only_whole_backups(tmp_path: Path) -> None:
    seen = backup_kills(tmp_path, 60, seed=5)
    print(f"\nbackup kills: {seen}")
    assert seen["complete"] > 0 and seen["temp_left"] > 0  # kills landed both between and inside backups


# ---- kill during a PDF export: no partial PDF under its final name (E1) -----------------------


def _report_once(db_path: Path, subject: str, out: Path) -> None:
    from reports import cli
    from reports.atomic import PAUSE_ENV

    os.environ[PAUSE_ENV] = "0.05"  # only in the children: widen the half-written window
    code = cli.main(["cycle", "--patient", subject, "--cycle", "1", "--out", str(out), "--db", str(db_path)])
    assert code == 0


def _reports_forever(db_path: Path, subject: str, out: Path) -> None:
    while True:
        _report_once(db_path, subject, out)


def pdf_kills(tmp_path: Path, kills: int, seed: int) -> dict[str, int]:
    from pypdf import PdfReader

    from reports import cli
    from storage import Repository

    db_path, _ = _populated(tmp_path, steps=200)
    with Repository.open(db_path, read_only=True) as repo:
        subject = next(repo.get_patient(pid).subject_id for pid in repo.patient_ids() if repo.cycles(pid))
    warm = tmp_path / "warm.pdf"  # import and font caches warm in the parent, shared by every fork
    args = ["cycle", "--patient", subject, "--cycle", "1", "--out", str(warm), "--db", str(db_path)]
    assert cli.main(args) == 0
    # The kill window is set by exports timed in forked children, as the kills will see them: a
    # child pays copy-on-write faults the parent does not (about twice the parent's time here, more
    # in a large pytest process), so timing the parent put every kill before the first PDF existed.
    export_time = max(time_in_child(partial(_report_once, db_path, subject, warm)) for _ in range(3))
    out = tmp_path / "pdf" / "summary.pdf"
    out.parent.mkdir()
    rng = random.Random(seed)
    seen = {"kills": 0, "pdf_present": 0}
    for index in range(kills):
        killed, code = run_and_kill(
            partial(_reports_forever, db_path, subject, out), rng.uniform(0.0, 1.6 * export_time)
        )
        assert code != CHILD_FAILED and killed, f"report child {index} failed"
        seen["kills"] += 1
        if out.exists():
            seen["pdf_present"] += 1
            reader = PdfReader(out, strict=True)
            assert subject in reader.pages[0].extract_text(), f"kill {index}: PDF unreadable or partial"
            assert out.read_bytes().rstrip().endswith(b"%%EOF")
    return seen


def test_kill_during_pdf_export_never_leaves_a_partial_pdf(tmp_path: Path) -> None:
    seen = pdf_kills(tmp_path, 20, seed=9)
    print(f"\nPDF export kills: {seen}")
    assert seen["kills"] == 20 and seen["pdf_present"] > 0


@pytest.mark.soak
def test_soak_kills_during_migration_backup_and_export(tmp_path: Path) -> None:
    assert sum(migration_kills(tmp_path / "m", 400, seed=12).values()) == 400
    assert backup_kills(tmp_path / "b", 200, seed=6)["complete"] > 0
    assert pdf_kills(tmp_path / "p", 200, seed=10)["kills"] == 200
