"""User accounts (issue 16): storage refusals by the role matrix, passwords, back-off, re-hash, the
one-time password flow, audit attribution of every write path, and the upgrade of an old file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import extract_parameters

from clinical import roles
from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.errors import NotFoundError, PasswordRejectedError, PermissionRefusedError, SignInError
from clinical.model import CrsAssessment, Cycle, CycleId, Dose, Patient, PatientBundle, PatientId
from clinical.toxicities import ToxicityRecord, toxicity
from storage import Repository, accounts
from storage.migrations import SCHEMA_VERSION, V9_REASON, V9_USER
from storage.replay import replay_problems
from tests.storage import legacy

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
ISR = toxicity("injection_site_reaction").record_kind
ADMIN_PW = "admin password 1"
PW = "a long password 2"


@pytest.fixture
def db(tmp_path: Path, slept: list[float]) -> Iterator[Any]:
    """A database whose OS login is "oslogin", with a first administrator "admin" (signed out)."""
    repo = Repository.open(tmp_path / "acct.db", user="oslogin")
    repo.create_first_administrator("admin", "Ada Admin", ADMIN_PW)
    repo.sign_out()
    yield repo
    repo.close()


def _as(repo: Any, user_id: str, role: str, name: str = "") -> Any:
    """Add a user with `role` (as the administrator), set its own password and sign it in."""
    repo.sign_in("admin", ADMIN_PW)
    repo.add_user(user_id, name or user_id.title(), role, "one-time pass 9")
    repo.sign_out()
    repo.sign_in(user_id, "one-time pass 9")
    repo.change_password("one-time pass 9", PW)
    return repo


def _audit(repo: Any, since: int = 0) -> list[dict[str, object]]:
    return repo._rows("SELECT * FROM audit_log WHERE id > ? ORDER BY id", (since,))


def _last_id(repo: Any) -> int:
    return int(repo._scalar("SELECT coalesce(max(id), 0) FROM audit_log"))


def _patient(repo: Any, subject: str = "S-1") -> Patient:
    stored: Patient = repo.add_patient(Patient(subject, "SC 250/500", NOW.date() - dt.timedelta(days=30)))
    return stored


# ---- the role matrix, enforced by storage -------------------------------------------------------


def _enter(repo: Any, pid: PatientId) -> object:
    return repo.add_patient(Patient("S-NEW", "SC 250/500", NOW.date()))


def _correct(repo: Any, pid: PatientId) -> object:
    return repo.update_patient(pid, {"name": "A. Person"}, "name added")


def _override(repo: Any, pid: PatientId) -> object:
    crs = repo._rows("SELECT id FROM assessment WHERE kind = 'crs'")[0]["id"]
    return repo.correct("crs", crs, {"override_grade": 2, "override_reason": "clinical judgement"}, "review")


def _void(repo: Any, pid: PatientId) -> object:
    return repo.void("patient", pid, "entered in error")


def _manage(repo: Any, pid: PatientId) -> object:
    return repo.add_user("new.user", "New User", "nurse", "one-time pass 8")


STORAGE_ACTIONS: dict[str, Callable[[Any, PatientId], object]] = {
    "enter": _enter,
    "correct": _correct,
    "override_grade": _override,
    "void": _void,
    "manage_users": _manage,
}


@pytest.mark.parametrize("role", roles.ROLES)
@pytest.mark.parametrize("action", STORAGE_ACTIONS)
def test_storage_refuses_what_the_matrix_refuses(db: Any, role: str, action: str) -> None:
    """Every (role, action) that storage checks: done when the matrix allows it, else refused with the
    matrix's sentence and nothing written."""
    pid = _patient_as_physician(db)
    _as(db, "someone", role)
    before = _last_id(db)
    if roles.allowed(role, action):
        STORAGE_ACTIONS[action](db, pid)
        assert _last_id(db) > before
        assert {r["user_name"] for r in _audit(db, before)} == {"someone"}
    else:
        with pytest.raises(PermissionRefusedError) as refused:
            STORAGE_ACTIONS[action](db, pid)
        assert str(refused.value) == roles.refusal(role, action)
        assert _last_id(db) == before
    assert db.can(action) is roles.allowed(role, action)


def _patient_as_physician(repo: Any) -> PatientId:
    _as(repo, "doc", "physician")
    patient = _patient(repo)
    assert patient.id is not None
    repo.add_crs(CrsAssessment(patient.id, NOW - dt.timedelta(hours=1), 38.5, Hypotension.NONE, Oxygen.NONE))
    repo.sign_out()
    return patient.id


def test_nobody_signed_in_to_a_file_with_accounts_writes_nothing(db: Any) -> None:
    with pytest.raises(PermissionRefusedError, match="sign in first"):
        _patient(db)
    assert not db.can("enter")


def test_a_file_without_accounts_is_written_as_before(tmp_path: Path, slept: list[float]) -> None:
    """tools' direct opens: the login given at open, no refusal (a new file before its first
    administrator); the first administrator then turns the checks on."""
    repo = Repository.open(tmp_path / "bare.db", user="tester")
    assert not repo.has_users() and repo.can("correct")
    patient = _patient(repo)
    assert _audit(repo)[-1]["user_name"] == "tester"
    repo.create_first_administrator("admin", "Ada Admin", ADMIN_PW)
    with pytest.raises(PermissionRefusedError):  # an administrator enters no clinical data
        repo.update_patient(patient.id, {"name": "B"}, "why")
    with pytest.raises(PermissionRefusedError, match="already has users"):
        repo.create_first_administrator("admin2", "Other Admin", ADMIN_PW)


# ---- passwords, sign-in, back-off ---------------------------------------------------------------


def test_password_rules_apply_to_every_new_password(db: Any) -> None:
    db.sign_in("admin", ADMIN_PW)
    for bad in ("short one", "qwertyqwerty", "x" * 20):
        with pytest.raises(PasswordRejectedError):
            db.add_user("nina", "Nina Nurse", "nurse", bad)
        with pytest.raises(PasswordRejectedError):
            db.change_password(ADMIN_PW, bad)
    assert [u.user_id for u in db.users()] == ["admin"]
    db.add_user("nina", "Nina Nurse", "nurse", "p" * 63 + "Q" * 65)  # 128 characters


def test_the_database_holds_no_password_in_clear(db: Any, tmp_path: Path) -> None:
    _as(db, "nina", "nurse")
    db.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    for secret in (ADMIN_PW, PW, "one-time pass 9"):
        assert secret.encode() not in raw
    assert b"$argon2id$" in raw


def test_failed_attempts_back_off_doubling_capped_and_are_audited(db: Any, slept: list[float]) -> None:
    before = _last_id(db)
    for _ in range(8):
        with pytest.raises(SignInError):
            db.sign_in("admin", "wrong password 0")
    assert slept == [0, 1, 2, 4, 8, 16, 30, 30]
    failed = [r for r in _audit(db, before) if r["action"] == "sign_in_failed"]
    assert len(failed) == 8 and {r["row_id"] for r in failed} == {1}
    db.sign_in("admin", ADMIN_PW)  # waits once more, then the count starts again
    assert slept[-1] == 30
    db.sign_out()
    db.sign_in("admin", ADMIN_PW)
    assert slept[-1] == 0


def test_an_unknown_user_id_fails_like_a_wrong_password_and_is_audited(db: Any) -> None:
    with pytest.raises(SignInError) as unknown:
        db.sign_in("nobody", ADMIN_PW)
    with pytest.raises(SignInError) as wrong:
        db.sign_in("admin", "not the password")
    assert str(unknown.value) == str(wrong.value)
    entry = next(r for r in _audit(db) if r["action"] == "sign_in_failed")
    assert (entry["table_name"], entry["row_id"], entry["changes"]) == (
        "sign_in",
        0,
        '{"user_id":[null,"nobody"]}',
    )


def test_a_deactivated_user_cannot_sign_in_and_its_id_is_never_reused(db: Any) -> None:
    _as(db, "nina", "nurse")
    db.sign_out()
    db.sign_in("admin", ADMIN_PW)
    db.deactivate("nina", "left the unit")
    with pytest.raises(PermissionRefusedError, match="never reused"):
        db.add_user("NINA", "Another Nina", "nurse", "one-time pass 7")
    with pytest.raises(PermissionRefusedError, match="last active administrator"):
        db.deactivate("admin", "by mistake")
    db.sign_out()
    with pytest.raises(SignInError):
        db.sign_in("nina", PW)
    assert [(u.user_id, u.active) for u in db.users()] == [("admin", True), ("nina", False)]
    with pytest.raises(Exception, match="never deleted"):
        db._conn.execute("DELETE FROM app_user WHERE user_id = 'nina'")


def test_a_hash_is_remade_at_sign_in_when_the_parameters_rise(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stored() -> str:
        return str(db._scalar("SELECT hash FROM credential WHERE id = 1"))

    old = stored()
    assert extract_parameters(old) == accounts.OWASP_MINIMUM
    raised = dataclasses.replace(accounts.OWASP_MINIMUM, time_cost=3, memory_cost=24 * 1024)
    monkeypatch.setattr(accounts, "PROFILE", raised)
    before = _last_id(db)
    db.sign_in("admin", ADMIN_PW)
    assert extract_parameters(stored()) == raised
    assert [r["action"] for r in _audit(db, before)] == ["password_change", "sign_in"]
    db.sign_out()
    db.sign_in("admin", ADMIN_PW)  # the new hash verifies and is not re-made again
    assert extract_parameters(stored()) == raised


def test_the_default_parameters_are_at_or_above_owasp_s_minimum() -> None:
    from argon2 import Type

    profile = accounts.PROFILE
    assert profile.type is Type.ID
    assert profile.memory_cost >= 19 * 1024 and profile.time_cost >= 2 and profile.parallelism >= 1
    assert accounts.OWASP_MINIMUM.memory_cost == 19 * 1024 and accounts.OWASP_MINIMUM.time_cost == 2


def test_an_administrator_reset_issues_a_one_time_password_to_change_at_next_sign_in(db: Any) -> None:
    _as(db, "doc", "physician")
    db.sign_out()
    db.sign_in("admin", ADMIN_PW)
    before = _last_id(db)
    one_time = db.reset_password("doc", "forgot the password")
    reset = _audit(db, before)[-1]
    assert (reset["action"], reset["user_name"], reset["table_name"]) == (
        "password_reset",
        "admin",
        "credential",
    )
    assert one_time not in str(reset) and "argon2" not in str(reset["changes"])
    db.sign_out()
    with pytest.raises(SignInError):
        db.sign_in("doc", PW)  # the old password no longer works
    account = db.sign_in("doc", one_time)
    assert account.must_change
    with pytest.raises(PermissionRefusedError, match="one-time password"):
        _patient(db)
    db.change_password(one_time, "doc's new password")
    _patient(db)
    assert db.get_user("doc").must_change is False


def test_role_change_is_audited_with_its_reason(db: Any) -> None:
    _as(db, "nina", "nurse")
    db.sign_out()
    db.sign_in("admin", ADMIN_PW)
    before = _last_id(db)
    assert db.set_role("nina", "physician", "qualified").role == "physician"
    entry = _audit(db, before)[-1]
    assert (entry["action"], entry["table_name"], entry["changes"], entry["reason"], entry["user_name"]) == (
        "role_change",
        "app_user",
        '{"role":["nurse","physician"]}',
        "qualified",
        "admin",
    )
    assert db.verify_audit() == [] and replay_problems(db._conn) == []
    with pytest.raises(NotFoundError):
        db.set_role("ghost", "nurse", "x")


# ---- audit attribution of every write path ------------------------------------------------------


def _write_paths(repo: Any) -> dict[str, Callable[[], object]]:
    state: dict[str, Any] = {}

    def patient() -> object:
        state["p"] = _patient(repo, "W-1")
        return state["p"]

    def cycle() -> object:
        return repo.start_cycle(state["p"].id, (NOW - dt.timedelta(days=5)).date())

    def dose() -> object:
        planned = [d for d in repo.doses(state["p"].id) if d.status is DoseStatus.PLANNED]
        state["d"] = repo.record_dose(
            planned[0].id,
            DoseStatus.GIVEN,
            given_at=NOW - dt.timedelta(hours=30),
            amount_ug=planned[0].planned_ug,
        )
        return state["d"]

    def move() -> object:
        planned = [d for d in repo.doses(state["p"].id) if d.status is DoseStatus.PLANNED]
        return repo.move_dose(planned[-1].id, planned[-1].planned_date + dt.timedelta(days=1), "clinic shut")

    def crs() -> object:
        state["c"] = repo.add_crs(
            CrsAssessment(state["p"].id, NOW - dt.timedelta(hours=2), 38.2, Hypotension.NONE, Oxygen.NONE)
        )
        return state["c"]

    def record() -> object:
        at = NOW - dt.timedelta(hours=1)
        return repo.add_record(
            ISR, ToxicityRecord(ISR, state["p"].id, at, {"grade": "1"}, dose_id=state["d"].id)
        )

    def correct() -> object:
        return repo.correct("crs", state["c"].id, {"temperature_c": 38.4}, "transcription")

    def void() -> object:
        return repo.void("crs", state["c"].id, "wrong patient")

    def unvoid() -> object:
        return repo.unvoid("crs", state["c"].id, "undo")

    def bulk() -> object:
        bundle = PatientBundle(
            Patient("W-2", "SC 250/500", NOW.date()),
            ((Cycle(PatientId(0), 1, NOW.date()), (Dose(PatientId(0), CycleId(0), 1, NOW.date(), 250.0),)),),
        )
        return repo.bulk_insert([bundle])

    return {
        "add_patient": patient,
        "start_cycle": cycle,
        "record_dose": dose,
        "move_dose": move,
        "add_crs": crs,
        "add_record": record,
        "correct": correct,
        "void": void,
        "unvoid": unvoid,
        "bulk_insert": bulk,
    }


def test_every_write_path_names_the_signed_in_user(db: Any) -> None:
    """Each write's audit entries and recorded_by name the signed-in user id, never the OS login;
    the sign-in entry gives that id's printed name."""
    _as(db, "dr.who", "investigator", name="Dr Who")
    for path, write in _write_paths(db).items():
        before = _last_id(db)
        write()
        written = _audit(db, before)
        assert written, path
        assert {r["user_name"] for r in written} == {"dr.who"}, path
    recorded = {
        r["recorded_by"]
        for r in db._rows("SELECT recorded_by FROM assessment UNION SELECT recorded_by FROM dose")
    }
    assert recorded <= {"dr.who", ""} and "dr.who" in recorded
    sign_in = [r for r in _audit(db) if r["action"] == "sign_in" and r["user_name"] == "dr.who"][-1]
    assert sign_in["changes"] == '{"printed_name":[null,"Dr Who"],"user_id":[null,"dr.who"]}'
    assert db.verify_audit() == [] and replay_problems(db._conn) == []


def test_sign_in_and_sign_out_are_audited_and_sign_out_ends_attribution(db: Any) -> None:
    before = _last_id(db)
    db.sign_in("admin", ADMIN_PW)
    db.sign_out()
    assert [(r["action"], r["user_name"]) for r in _audit(db, before)] == [
        ("sign_in", "admin"),
        ("sign_out", "admin"),
    ]
    assert db.account is None and db.user == "oslogin"


# ---- an old file ---------------------------------------------------------------------------------


def test_an_old_file_upgrades_its_past_entries_keeping_their_os_login(
    tmp_path: Path, slept: list[float]
) -> None:
    path = tmp_path / "v8.db"
    started = NOW.date() - dt.timedelta(days=3)
    bundle = PatientBundle(
        Patient("OLD-1", "SC 250/500", started),
        ((Cycle(PatientId(0), 1, started), (Dose(PatientId(0), CycleId(0), 1, started, 250.0),)),),
    )
    legacy.write_file(path, 3, [bundle], NOW - dt.timedelta(days=1))  # written by OS login "tester"
    old = legacy.rows(path, "audit_log")
    with Repository.open(path, user="clinic-pc") as repo:
        entries = _audit(repo)
        assert repo._scalar("PRAGMA user_version") == SCHEMA_VERSION
        assert entries[: len(old)] == old  # ids, users and hashes as they were
        assert {r["user_name"] for r in old} == {"tester"}
        marker = [r for r in entries if r["user_name"] == V9_USER]
        assert len(marker) == 1 and marker[0]["reason"] == V9_REASON
        assert marker[0]["changes"] == f'{{"os_login_entries":[null,{len(old)}]}}'
        assert repo.os_login_entries_before() == entries[-1]["id"] + 1 > len(old)
        assert not repo.has_users()  # the first administrator is created at this first open
        repo.create_first_administrator("admin", "Ada Admin", ADMIN_PW)
        assert repo.verify_audit() == [] and replay_problems(repo._conn) == []
        pid = repo.find_patient("OLD-1").id
        repo.sign_out()
        _as(repo, "doc", "physician")
        repo.update_patient(pid, {"name": "Named"}, "added")
        assert _audit(repo)[-1]["user_name"] == "doc"
        assert _audit(repo)[-1]["id"] >= repo.os_login_entries_before()
    with Repository.open(path, read_only=True) as reader:  # the rebuilt log still refuses edits
        pass
    import sqlite3

    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit_log SET user_name = 'x' WHERE id = 1")
    conn.close()
    assert reader.read_only


def test_a_new_file_has_no_marker_and_all_entries_name_accounts(tmp_path: Path, slept: list[float]) -> None:
    with Repository.open(tmp_path / "new.db", user="clinic-pc") as repo:
        assert repo.os_login_entries_before() == 1
        assert _audit(repo) == []
