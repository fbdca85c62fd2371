"""The audit trail: rows for every change, append-only triggers, and the hash chain."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clinical.choices import Hypotension, Oxygen
from clinical.errors import ValidationError
from clinical.model import CrsAssessment, Patient
from storage import audit
from storage.engine import sqlite3

ROOT = Path(__file__).resolve().parents[2]
PatientFactory = Callable[..., Patient]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def add_crs(repo: Any, pid: Any, hypotension: Hypotension = Hypotension.NONE) -> Any:
    return repo.add_crs(CrsAssessment(pid, now() - dt.timedelta(hours=1), 38.5, hypotension, Oxygen.NONE))


def test_insert_writes_one_audit_row_with_every_field(repo: Any, make_patient: PatientFactory) -> None:
    patient = make_patient(name="Ann Example")
    [entry] = repo.history("patient", patient.id)
    assert entry.action == "insert" and entry.user == "tester" and entry.table == "patient"
    assert entry.changes["subject_id"] == (None, patient.subject_id)
    assert entry.changes["name"] == (None, "Ann Example")
    assert entry.at.tzinfo is not None and entry.at.utcoffset() == dt.timedelta(0)
    assert abs(entry.at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_correction_records_old_and_new_values_and_reason(repo: Any, make_patient: PatientFactory) -> None:
    patient = make_patient()
    crs = add_crs(repo, patient.id, Hypotension.ONE_VASOPRESSOR)
    assert crs.grade == 3
    corrected = repo.correct("crs", crs.id, {"hypotension": Hypotension.FLUIDS}, "wrong box ticked")
    assert corrected.grade == 2  # recomputed, never carried over
    insert, correction = repo.history("crs", crs.id)
    assert insert.action == "insert"
    assert correction.action == "correct" and correction.reason == "wrong box ticked"
    assert correction.changes["hypotension"] == ("one_vasopressor", "fluids")
    assert correction.changes["grade"] == (3, 2)
    assert "temperature_c" not in correction.changes  # only what changed


def test_correction_without_reason_is_refused_and_writes_nothing(
    repo: Any, make_patient: PatientFactory
) -> None:
    patient = make_patient()
    crs = add_crs(repo, patient.id)
    head = repo.audit_head()
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as caught:
            repo.correct("crs", crs.id, {"temperature_c": 39.5}, reason)
        assert caught.value.field == "reason"
    assert repo.audit_head() == head
    assert repo.crs(patient.id)[0].temperature_c == 38.5


def test_void_and_unvoid_are_audited_and_never_delete(repo: Any, make_patient: PatientFactory) -> None:
    patient = make_patient()
    crs = add_crs(repo, patient.id)
    repo.void("crs", crs.id, "entered for the wrong patient")
    assert repo.crs(patient.id) == []
    [kept] = repo.crs(patient.id, include_voided=True)
    assert kept.voided and kept.id == crs.id
    repo.unvoid("crs", crs.id, "undo")
    actions = [(e.action, e.reason, e.changes.get("voided")) for e in repo.history("crs", crs.id)]
    assert actions == [
        ("insert", "", (None, 0)),
        ("void", "entered for the wrong patient", (0, 1)),
        ("unvoid", "undo", (1, 0)),
    ]
    with pytest.raises(ValidationError):
        repo.unvoid("crs", crs.id, "again")  # not voided any more


def test_dose_record_and_move_are_audited(repo: Any, make_patient: PatientFactory) -> None:
    from clinical.choices import DoseStatus

    patient = make_patient()
    repo.start_cycle(patient.id, dt.date.today() - dt.timedelta(days=2))
    first = repo.doses(patient.id)[0]
    second = repo.doses(patient.id)[7]  # cycle day 8: day 9 is free (a move stays between neighbours)
    repo.record_dose(first.id, DoseStatus.GIVEN, given_at=now(), amount_ug=250.0)
    repo.move_dose(second.id, second.planned_date + dt.timedelta(days=1), "patient asked")
    recorded = repo.history("dose", first.id)[-1]
    moved = repo.history("dose", second.id)[-1]
    assert recorded.action == "record" and recorded.changes["status"] == ("planned", "given")
    assert moved.action == "move" and moved.reason == "patient asked"
    assert moved.changes == {
        "planned_date": (
            second.planned_date.isoformat(),
            (second.planned_date + dt.timedelta(days=1)).isoformat(),
        )
    }


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log"])
def test_audit_rows_cannot_be_changed(repo: Any, make_patient: PatientFactory, statement: str) -> None:
    make_patient()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        repo._db.conn.execute(statement)
    assert repo.verify_audit() == []


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TRIGGER audit_log_no_update",
        "DROP TRIGGER audit_log_no_delete",
        "DROP TABLE audit_log",
        "ALTER TABLE audit_log RENAME TO old_audit",
        "ALTER TABLE audit_log ADD COLUMN note TEXT",
    ],
)
def test_app_connection_cannot_remove_the_protection(repo: Any, statement: str) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        repo._db.conn.execute(statement)
    repo._db.conn.execute("CREATE TABLE scratch (x INTEGER)")  # other schema changes still work
    repo._db.conn.execute("DROP TABLE scratch")


def test_chain_links_every_row(repo: Any, make_patient: PatientFactory) -> None:
    for _ in range(3):
        make_patient()
    rows = repo._rows("SELECT id, prev_hash, hash FROM audit_log ORDER BY id")
    assert rows[0]["prev_hash"] == audit.GENESIS
    for before, after in itertools.pairwise(rows):
        assert after["prev_hash"] == before["hash"]
    assert repo.audit_head() == (len(rows), rows[-1]["hash"])


def tamper(path: Path, *statements: str) -> None:
    """Edit the file the way someone with a SQLite browser could: drop the triggers first."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def run_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "check", "--db", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE audit_log SET changes = replace(changes, 'T-0002', 'T-9999') WHERE row_id = 2",
        "DELETE FROM audit_log WHERE id = 2",
        "UPDATE audit_log SET user_name = 'someone else' WHERE id = 1",
    ],
)
def test_edit_outside_the_app_is_caught_by_toxtrack_check(
    repo: Any, make_patient: PatientFactory, edit: str
) -> None:
    for _ in range(3):
        make_patient()
    repo.close()
    clean = run_check(repo.path)
    assert (clean.returncode, clean.stdout.strip()) == (0, "ok")
    tamper(repo.path, edit)
    result = run_check(repo.path)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert any("audit" in line for line in lines)
    assert any("trigger" in line for line in lines)
    assert "Traceback" not in result.stderr


def test_clinical_edit_without_audit_row_is_caught(repo: Any, make_patient: PatientFactory) -> None:
    make_patient()
    repo._db.conn.execute(
        "INSERT INTO patient (subject_id, regimen, enrolment_date, sex, status) "
        "VALUES ('SNEAK-1', 'SC 250/500', '2026-01-01', 'unknown', 'on_treatment')"
    )
    problems = repo.verify_audit()
    assert any("patient row" in p and "no audit row" in p for p in problems)


def test_audit_changes_are_canonical_json(repo: Any, make_patient: PatientFactory) -> None:
    patient = make_patient(notes="naïve – ünïcode")
    stored = repo._rows("SELECT changes FROM audit_log WHERE row_id = ?", (patient.id,))[0]["changes"]
    assert stored == audit.canonical(json.loads(stored))
    assert repo.get_patient(patient.id) == patient


def test_patient_update_needs_reason(repo: Any, make_patient: PatientFactory) -> None:
    patient = make_patient()
    updated = repo.update_patient(patient.id, {"name": "New Name"}, "name misspelt")
    assert updated.name == "New Name"
    assert repo.history("patient", patient.id)[-1].changes == {"name": ("", "New Name")}
    assert isinstance(updated, Patient)


def test_audit_head_counts_once_per_newest_row_and_sees_every_write(
    repo: Any, make_patient: PatientFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PDFs' anchor (row count, head hash): the count, a scan of the log, is read again only when
    the newest audit row changed, whether this session or another process wrote (issue 14, pdf_ratio)."""
    from storage import Repository

    patient = make_patient()
    counted: list[int] = []
    real_head = audit.head

    def counting_head(db: Any) -> tuple[int, str]:
        counted.append(1)
        return real_head(db)

    monkeypatch.setattr(audit, "head", counting_head)

    def truth(conn_repo: Any) -> tuple[int, str]:
        return real_head(conn_repo._db)

    first = repo.audit_head()
    assert first == truth(repo) and len(counted) == 1
    assert repo.audit_head() == first and len(counted) == 1  # nothing written: kept
    add_crs(repo, patient.id)
    second = repo.audit_head()
    assert second == truth(repo) and second[0] == first[0] + 1 and second[1] != first[1]
    assert len(counted) == 2
    with Repository.open(tmp_path / "repo.db", read_only=True, create=False) as reader:
        assert reader.audit_head() == second
        add_crs(repo, patient.id)  # another connection writes while the reader stays open
        third = reader.audit_head()
        assert third == truth(repo) and third[0] == second[0] + 1
