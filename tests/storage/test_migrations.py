"""Schema versions: new files, upgrades from the previous version, and files that are refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from clinical import regimens
from clinical.choices import DoseStatus
from clinical.demo import generate_cohort
from clinical.model import Cycle, CycleId, Dose, Patient, PatientBundle, PatientId
from storage import DatabaseRefusedError, Repository
from storage.cohort import _COHORT_SQL
from storage.connection import connect, enable_wal, pragma
from storage.engine import sqlite3
from storage.migrations import SCHEMA_VERSION, V9_USER, migrate
from storage.schema import APPLICATION_ID, indexes_v3, indexes_v6
from tests.storage import legacy

V3_INDEXES = ["crs_grade3", "icans_grade3", "lab_grade3", "dose_cohort"]
V5_COLUMNS = {"patient": {"demo": 0}, "cycle": {"deviation": ""}, "dose": {"deviation": ""}}


def drop_v5_columns(conn: sqlite3.Connection) -> None:
    """Make a file written by the current code look like one written before version 5 (and so
    before version 6: its index goes too, or the file's structure contradicts its version number
    and storage.safety.schema_refusal rightly refuses it)."""
    for statement in indexes_v6():
        conn.execute(f"DROP INDEX IF EXISTS {statement.split()[5]}")
    for table, added in V5_COLUMNS.items():
        for column in added:
            conn.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def with_v5_defaults(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows read before version 5 as version 5 reads them: the added columns at their defaults."""
    return [{**row, **V5_COLUMNS[table]} for row in rows]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def indexes(db_path: Path) -> set[str]:
    with Repository.open(db_path, read_only=True) as repo:
        return {r["name"] for r in repo._rows("SELECT name FROM sqlite_schema WHERE type = 'index'")}  # type: ignore[misc]


def test_new_file_gets_the_latest_schema_and_identity(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Repository.open(path) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION
        assert pragma(repo._db, "application_id") == APPLICATION_ID
        meta = {r["key"]: r["value"] for r in repo._rows("SELECT key, value FROM meta")}
    assert meta["app_id"] == "toxtrack"
    assert meta["schema_version"] == str(SCHEMA_VERSION)
    assert dt.datetime.fromisoformat(str(meta["created"])).tzinfo is not None
    assert "created_by_app_version" in meta


def test_empty_file_is_created_as_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with Repository.open(path) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION


def test_file_made_by_step_1_only_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    db = connect(path)
    enable_wal(db.conn)
    assert migrate(db, target=1) == 1
    db.close()
    assert pragma_of(path, "user_version") == 1
    assert "dose_cycle" not in indexes_raw(path)
    with Repository.open(path) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION
        meta = {r["key"]: r["value"] for r in repo._rows("SELECT key, value FROM meta")}
        assert meta["schema_version"] == str(SCHEMA_VERSION)
        assert "created_by_app_version" in meta
    assert "dose_cycle" in indexes(path)


def indexes_raw(path: Path) -> set[str]:
    db = connect(path)
    try:
        return {str(r[0]) for r in db.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
    finally:
        db.close()


def pragma_of(path: Path, name: str) -> object:
    db = connect(path)
    try:
        return pragma(db, name)
    finally:
        db.close()


def _one_patient(path: Path, version: int, enrolled: dt.date, started: dt.date) -> Patient:
    """A file at `version` with one patient and a started cycle, as the app of that version wrote
    it (tests/storage/legacy.py: until schema version 8 the current code wrote it and rolled the
    version back, which a file without the per-kind tables no longer allows)."""
    plan = regimens.planned_doses("SC 500/1000", 1, started)
    doses = tuple(Dose(PatientId(0), CycleId(0), d.day, d.date, d.dose_ug) for d in plan)
    patient = Patient("OLD-1", "SC 500/1000", enrolled)
    bundle = PatientBundle(patient, ((Cycle(PatientId(0), 1, started), doses),))
    [pid] = legacy.write_file(path, version, [bundle], dt.datetime.now(dt.UTC))
    return dataclasses.replace(patient, id=pid)


def test_upgrade_of_a_v1_file_with_records(tmp_path: Path) -> None:
    """Records written at version 1 survive the upgrade unchanged, audit rows byte-identical."""
    path = tmp_path / "old.db"
    _one_patient(path, 1, dt.date.today(), dt.date.today())
    audit_before = legacy.rows(path, "audit_log")
    doses_before = legacy.rows(path, "dose")
    assert pragma_of(path, "user_version") == 1
    assert "dose_cycle" not in indexes_raw(path)
    with Repository.open(path) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION
        assert _without_v9_marker(repo._rows("SELECT * FROM audit_log ORDER BY id")) == audit_before
        assert repo._rows("SELECT * FROM dose ORDER BY id") == with_v5_defaults("dose", doses_before)
        assert repo.verify_audit() == []
        assert [r[0] for r in repo._db.conn.execute("PRAGMA foreign_key_check")] == []
    assert "dose_cycle" in indexes(path)


def test_upgrade_of_a_v3_file_keeps_records_and_audit_chain(tmp_path: Path) -> None:
    """Version 5 adds the demo marker and the protocol-check columns to a v3 file with records: every
    row and audit row survives unchanged (the new columns at their defaults), the chain verifies,
    and the new columns then take values."""
    path = tmp_path / "v3.db"
    today = dt.date.today()
    patient = _one_patient(path, 3, today - dt.timedelta(days=40), today - dt.timedelta(days=30))
    assert patient.id is not None
    before = {t: legacy.rows(path, t) for t in V5_COLUMNS}
    audit_before = legacy.rows(path, "audit_log")
    assert pragma_of(path, "user_version") == 3
    with Repository.open(path) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION
        for table, rows in before.items():
            assert repo._rows(f"SELECT * FROM {table} ORDER BY id") == with_v5_defaults(table, rows)
        assert _without_v9_marker(repo._rows("SELECT * FROM audit_log ORDER BY id")) == audit_before
        assert repo.verify_audit() == []
        assert not repo.has_demo_patients() and repo.real_patient_count() == 1
        first = repo.doses(patient.id)[0]
        repo.record_dose(
            first.id, DoseStatus.GIVEN, given_at=repo.now() - dt.timedelta(days=29), amount_ug=300.0,
            deviation_reason="pharmacy supplied the wrong strength",
        )  # fmt: skip
        assert "pharmacy supplied" in repo.get_dose(first.id).deviation
        assert repo.verify_audit() == []


def test_v3_indexes_are_the_cohort_indexes() -> None:
    assert [statement.split()[2] for statement in indexes_v3()] == V3_INDEXES


def test_upgrade_of_a_v2_file_adds_the_cohort_indexes_and_keeps_the_counts(tmp_path: Path) -> None:
    """A v2 file with records (as the v2 app wrote it: tests/storage/legacy.py): v3 adds only the
    cohort indexes, the counts are those of the same cohort written today, and the cohort query
    then reads the indexes instead of the tables (since version 8 the assessment table's: the
    per-kind tables and their v3 indexes moved into it)."""
    path = tmp_path / "v2.db"
    today = dt.date(2026, 3, 2)
    cohort = list(generate_cohort(30, seed=3, today=today))
    legacy.write_file(path, 2, cohort, dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    with Repository.open(tmp_path / "today.db") as fresh:
        # without the data-defined records (injection site reactions, the demo's adverse events of
        # issue 15): a v2 file has no table for them, so the upgraded file holds none
        fresh.bulk_insert([dataclasses.replace(b, records=()) for b in cohort])
        counts_today = fresh.cohort_counts(today, reuse=False)
    audit_before = legacy.rows(path, "audit_log")
    assert pragma_of(path, "user_version") == 2 and not set(V3_INDEXES) & indexes_raw(path)
    with Repository.open(path) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION
        assert repo.cohort_counts(today, reuse=False) == counts_today
        assert repo._rows("SELECT * FROM audit_log ORDER BY id")[: len(audit_before)] == audit_before
        params = {"today": "x", "te_days": 30}
        plan = " ".join(str(r["detail"]) for r in repo._rows(f"EXPLAIN QUERY PLAN {_COHORT_SQL}", params))
    used = ["assessment_grade3", "dose_cohort", "dose_given"]
    assert all(f"USING INDEX {name}" in plan or f"USING COVERING INDEX {name}" in plan for name in used), plan
    assert set(used) <= indexes(path)


def test_non_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "report.db"
    path.write_bytes(b"%PDF-1.7 this is not a database" * 50)
    before = digest(path)
    with pytest.raises(DatabaseRefusedError) as caught:
        Repository.open(path)
    assert str(caught.value).count(".") >= 1 and "not a SQLite database" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("report.db-")) == []


def test_foreign_sqlite_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.execute("INSERT INTO notes VALUES ('hello')")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseRefusedError, match="not a ToxTrack database"):
        Repository.open(path)
    assert digest(path) == before


def test_newer_file_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Repository.open(path) as repo:
        repo._db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = digest(path)
    for read_only in (False, True):
        with pytest.raises(DatabaseRefusedError, match="newer ToxTrack"):
            Repository.open(path, read_only=read_only)
    assert digest(path) == before
    assert pragma_of(path, "user_version") == SCHEMA_VERSION + 1


def test_refused_writer_releases_its_lock(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_text("plain text")
    with pytest.raises(DatabaseRefusedError):
        Repository.open(path)
    path.unlink()
    with Repository.open(path) as repo:  # not InUseError: the refused attempt let go
        assert not repo.read_only


def test_missing_file_is_refused_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(DatabaseRefusedError, match="does not exist"):
        Repository.open(tmp_path / "none.db", create=False)
    with pytest.raises(DatabaseRefusedError, match="does not exist"):
        Repository.open(tmp_path / "none.db", read_only=True)
    assert not (tmp_path / "none.db").exists()


def test_a_failing_step_rolls_back_the_steps_before_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """All pending steps are one transaction: a v1 file whose upgrade fails at the last step keeps
    version 1 and nothing of the steps that ran before it."""
    from storage import migrations

    path = tmp_path / "v1.db"
    db = connect(path)
    enable_wal(db.conn)
    migrate(db, target=1)

    def broken_step(database: Any) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, (SCHEMA_VERSION + 1, broken_step)))
    with pytest.raises(RuntimeError):
        migrations.migrate(db, target=SCHEMA_VERSION + 1)
    assert pragma(db, "user_version") == 1
    names = {str(r[0]) for r in db.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'index'")}
    assert not {"dose_cycle", *V3_INDEXES} & names
    assert db.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "1"
    assert migrations.migrate(db) == SCHEMA_VERSION  # and the real steps then apply cleanly
    db.close()


def test_failed_step_leaves_the_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A step and its user_version bump commit together: a failure half-way leaves version N."""
    from storage import migrations

    path = tmp_path / "half.db"
    db = connect(path)
    enable_wal(db.conn)
    migrate(db, target=1)

    def broken_step(database: Any) -> None:
        database.conn.execute("CREATE INDEX half_done ON dose (cycle_id)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", ((1, migrations.MIGRATIONS[0][1]), (2, broken_step)))
    with pytest.raises(RuntimeError):
        migrations.migrate(db)
    assert pragma(db, "user_version") == 1
    assert "half_done" not in {r[0] for r in db.conn.execute("SELECT name FROM sqlite_schema")}
    db.close()


def _without_v9_marker(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """The audit log less the one entry schema step 9 appends to a file that had entries (its OS
    logins marked as such: tests/storage/test_accounts.py), which must be the last."""
    assert entries and entries[-1]["user_name"] == V9_USER and entries[-1]["table_name"] == "accounts"
    return entries[:-1]
