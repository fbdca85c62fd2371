"""Tampering outside the app is found: edits, deletions and insertions by `toxtrack check`, a
truncated or recomputed chain against the external anchor in the backup manifests (goal R3)."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import ReadOnlyError, Repository, audit
from storage.commands import check_main
from storage.connection import connect
from storage.rotation import anchor_check, automatic_backup

from .workload import NOW, Workload

CLOCK = NOW + dt.timedelta(hours=2)


@pytest.fixture(scope="module")
def clean_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tamper") / "clean.db"
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
        Workload(repo, random.Random(8)).run(120)
    return path


def _copy(clean: Path, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "toxtrack.db"
    shutil.copyfile(clean, path)
    return path


def _check(path: Path) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = check_main(["--db", str(path)])
    return code, out.getvalue()


def _raw(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """What someone with the file and a SQLite browser can do: drop the triggers, then edit."""
    db = connect(path)
    conn = db.conn
    conn.set_authorizer(None)  # the app's authorizer forbids DROP TRIGGER; a SQLite browser has none
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for sql, params in statements:
        conn.execute(sql, params)
    db.close()


def _restore_triggers(path: Path) -> None:
    """A careful tamperer puts the triggers back so the trigger check stays quiet."""
    from storage.schema import schema_v1

    db = connect(path)
    for statement in schema_v1():
        if statement.startswith("CREATE TRIGGER"):
            db.conn.execute(statement)
    db.close()


def _audit_count(path: Path) -> int:
    db = connect(path, read_only=True)
    try:
        return audit.head(db)[0]
    finally:
        db.close()


def _tamper(path: Path, kind: str, row: int) -> None:
    if kind == "edit_reason":
        _raw(path, ("UPDATE audit_log SET reason = 'nothing to see' WHERE id = ?", (row,)))
    elif kind == "edit_changes":
        _raw(
            path,
            ("UPDATE audit_log SET changes = json_set(changes, '$.x', json('[0,1]')) WHERE id = ?", (row,)),
        )
    elif kind == "edit_time":
        _raw(path, ("UPDATE audit_log SET at = '2020-01-01T00:00:00+00:00' WHERE id = ?", (row,)))
    elif kind == "delete":
        _raw(path, ("DELETE FROM audit_log WHERE id = ?", (row,)))
    elif kind == "insert":
        fake = (
            "2026-11-20T12:00:00+00:00",
            "intruder",
            "correct",
            "lab_result",
            1,
            "{}",
            "fake",
            "0" * 64,
            "1" * 64,
        )
        sql = f"INSERT INTO audit_log ({audit.AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        _raw(path, ("UPDATE audit_log SET id = id + 1000000 WHERE id >= ?", (row,)), (sql, (row, *fake)))
    _restore_triggers(path)


TAMPERS = ["edit_reason", "edit_changes", "edit_time", "delete", "insert"]


@pytest.mark.parametrize("kind", TAMPERS)
def test_each_kind_of_tamper_is_found_by_check(clean_file: Path, tmp_path: Path, kind: str) -> None:
    path = _copy(clean_file, tmp_path)
    assert _check(path)[0] == 0  # control: the untouched copy is clean
    _tamper(path, kind, _audit_count(path) // 2)
    code, output = _check(path)
    assert code != 0 and "audit" in output, output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(TAMPERS), fraction=st.floats(min_value=0.0, max_value=1.0))
def test_tamper_anywhere_in_the_chain_is_found(
    clean_file: Path, tmp_path: Path, kind: str, fraction: float
) -> None:
    directory = tmp_path / hashlib.sha1(f"{kind}{fraction}".encode()).hexdigest()[:12]
    path = _copy(clean_file, directory)
    row = 1 + int(fraction * (_audit_count(path) - 1))
    _tamper(path, kind, row)
    assert _check(path)[0] != 0, f"{kind} at row {row} went unnoticed"


def _truncate(path: Path, keep: int) -> None:
    _raw(path, ("DELETE FROM audit_log WHERE id > ?", (keep,)))
    _restore_triggers(path)


def _recompute_chain(path: Path, row: int) -> None:
    """Edit row `row` and re-hash every row from it on: the chain is internally consistent again."""
    db = connect(path)
    rows = db.conn.execute(f"SELECT {audit.AUDIT_COLUMNS} FROM audit_log ORDER BY id").fetchall()
    db.close()
    statements = []
    prev = audit.GENESIS
    for values in rows:
        row_id, at, user, action, table, target, changes, reason, _, _ = values
        if row_id == row:
            reason = "rewritten history"
        entry = audit.PendingEntry(at, user, action, table, target, changes, reason)
        digest = audit.row_hash(prev, row_id, entry)
        statements.append(
            (
                "UPDATE audit_log SET reason = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (reason, prev, digest, row_id),
            )
        )
        prev = digest
    _raw(path, *statements)
    _restore_triggers(path)


def test_truncation_passes_the_chain_but_not_the_backup_anchor(clean_file: Path, tmp_path: Path) -> None:
    path = _copy(clean_file, tmp_path)
    automatic_backup(path, CLOCK, force=True)
    assert anchor_check(path) == []
    count = _audit_count(path)
    _truncate(path, count - 5)
    # the chain alone still links from genesis to its new head; the anchor must object
    problems = anchor_check(path)
    assert problems and "ends before row" in problems[0]


def test_recomputed_chain_is_found_against_the_anchor(clean_file: Path, tmp_path: Path) -> None:
    path = _copy(clean_file, tmp_path)
    automatic_backup(path, CLOCK, force=True)
    _recompute_chain(path, _audit_count(path) // 3)
    with Repository.open(path, read_only=True) as repo:
        assert repo.verify_audit() == []  # internally consistent: the chain alone cannot tell
    problems = anchor_check(path)
    assert problems and "differs from its hash" in problems[0]
    code, output = _check(path)  # toxtrack check compares with the backups' anchors too
    assert code == 1 and "differs from its hash" in output


def test_anchor_accepts_a_chain_that_only_grew(clean_file: Path, tmp_path: Path) -> None:
    path = _copy(clean_file, tmp_path)
    automatic_backup(path, CLOCK, force=True)
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        Workload(repo, random.Random(9), prefix="G").run(10)
    assert anchor_check(path) == []
    manifest = json.loads(next((path.parent / "toxtrack-backups").glob("*.json")).read_text())
    assert manifest["snapshot"]["audit_count"] < _audit_count(path)


# ---- rows changed outside the app, with the audit chain left intact (issue 12) ----------------------


def _copy_anchored(clean: Path, directory: Path) -> Path:
    """A copy of the file with its anchor log, as it sits in a clinic's folder."""
    from storage.anchors import log_path

    path = _copy(clean, directory)
    log_path(path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(log_path(clean), log_path(path))
    return path


def _first(path: Path, sql: str) -> tuple[object, ...]:
    db = connect(path, read_only=True)
    try:
        row = db.conn.execute(sql).fetchone()
    finally:
        db.close()
    assert row is not None, sql
    return tuple(row)


def _subject(path: Path, patient_id: object) -> str:
    return str(_first(path, f"SELECT subject_id FROM patient WHERE id = {int(patient_id)}")[0])  # type: ignore[call-overload]


def _forged_insert(path: Path) -> int:
    """Copy a CRS row as a new one at grade 4 and append a matching 'insert' entry whose hash
    continues the chain: the chain verifies and every row has its entry."""
    db = connect(path)
    conn = db.conn
    conn.set_authorizer(None)
    cursor = conn.execute(f"SELECT * FROM assessment WHERE {CRS} ORDER BY id LIMIT 1")
    names = [d[0] for d in cursor.description][1:]
    values = dict(zip(names, cursor.fetchone()[1:], strict=True))
    values["grade"] = values["effective_grade"] = 4
    values["override_grade"] = None
    new_id = int(conn.execute("SELECT max(id) + 1 FROM assessment").fetchone()[0])
    columns = ", ".join(["id", *names])
    conn.execute(
        f"INSERT INTO assessment ({columns}) VALUES ({', '.join('?' * (len(names) + 1))})",
        [new_id, *values.values()],
    )
    inserted = {k: v for k, v in values.items() if k != "void_reason"}
    entry = audit.PendingEntry(
        "2026-11-20T13:00:00+00:00", "nurse", "insert", "assessment", new_id,
        audit.canonical({k: [None, v] for k, v in inserted.items()}),
    )  # fmt: skip
    conn.executemany(audit.INSERT_SQL, list(audit.chain_rows(audit.last(db), [entry])))
    db.close()
    return new_id


# Since schema version 8 every toxicity's records are rows of the assessment table; a CRS row with
# no override, so that a raw edit of its grade keeps the effective grade's CHECK (both are changed).
CRS = "kind = 'crs' AND override_grade IS NULL"
REGRADE = "UPDATE assessment SET grade = ?, effective_grade = ? WHERE id = ?"


def _set_anc(path: Path, anc: object, row_id: object) -> None:
    """A raw edit of one lab result's ANC, inside its row's JSON inputs."""
    _raw(path, ("UPDATE assessment SET inputs = json_set(inputs, '$.anc', ?) WHERE id = ?", (anc, row_id)))


@pytest.mark.parametrize("attack", ["crs_grade", "anc", "delete_crs", "insert_unaudited"])
def test_rows_changed_outside_the_app_are_reported_by_record(
    clean_file: Path, tmp_path: Path, attack: str
) -> None:
    """Each edit keeps the hash chain intact (no audit row is touched), so the chain alone passed."""
    path = _copy_anchored(clean_file, tmp_path)
    assert _check(path) == (0, "ok\n")  # control: the untouched copy, with its anchor log
    if attack == "crs_grade":
        row_id, patient, grade = _first(
            path, f"SELECT id, patient_id, grade FROM assessment WHERE {CRS} ORDER BY id"
        )
        _raw(path, (REGRADE, ((int(grade) + 2) % 5, (int(grade) + 2) % 5, row_id)))  # type: ignore[call-overload]
        words = [f"assessment row {row_id}", f"subject {_subject(path, patient)}", "grade is"]
    elif attack == "anc":
        row_id, patient = _first(
            path, "SELECT id, patient_id FROM assessment WHERE kind = 'lab' AND voided = 0 ORDER BY id DESC"
        )
        _set_anc(path, 3.21, row_id)
        words = [f"assessment row {row_id}", f"subject {_subject(path, patient)}", "anc is 3.21 in the file"]
    elif attack == "delete_crs":
        row_id, patient = _first(
            path, "SELECT id, patient_id FROM assessment WHERE kind = 'crs' ORDER BY id DESC"
        )
        subject = _subject(path, patient)
        _raw(path, ("DELETE FROM assessment WHERE id = ?", (row_id,)))
        words = [f"assessment row {row_id}", f"subject {subject}", "not in the file"]
    else:
        row_id, patient = _first(path, "SELECT max(id) + 1, min(patient_id) FROM assessment")
        _raw(
            path,
            ("INSERT INTO assessment (id, patient_id, kind, assessed_at, inputs, grade, scale, reasons, "
             "effective_grade) SELECT ?, patient_id, kind, assessed_at, inputs, 4, scale, reasons, 4 "
             f"FROM assessment WHERE {CRS} ORDER BY id LIMIT 1", (row_id,)),
        )  # fmt: skip
        words = [f"assessment row {row_id}", "has no audit entry"]
    _restore_triggers(path)
    with Repository.open(path, read_only=True) as repo:
        assert repo.verify_audit() == [] or attack == "insert_unaudited"  # the chain itself is intact
    code, output = _check(path)
    line = next((line for line in output.splitlines() if line.startswith("replay:")), "")
    assert code == 1 and all(word in line for word in words), output


def test_an_inserted_row_with_a_recomputed_chain_is_found(clean_file: Path, tmp_path: Path) -> None:
    """The forged row has its own 'insert' entry, hashed onto the chain's head: chain, unaudited-row
    check and replay all agree with it. Only the anchor written after the last real commit differs."""
    path = _copy_anchored(clean_file, tmp_path)
    _forged_insert(path)
    with Repository.open(path, read_only=True) as repo:
        assert repo.verify_audit() == []
    code, output = _check(path)
    assert code == 1 and "1 entry after the anchor of" in output, output


def test_a_tampered_row_makes_the_open_read_only_with_the_record_named(
    clean_file: Path, tmp_path: Path
) -> None:
    """What the window does: after it is shown the replay runs (gui.app.replay_in_background) and a
    changed row turns the session read-only and damaged, the record named in the notice."""
    path = _copy_anchored(clean_file, tmp_path)
    row_id, grade = _first(path, f"SELECT id, grade FROM assessment WHERE {CRS} ORDER BY id")
    _raw(path, (REGRADE, ((int(grade) + 1) % 5, (int(grade) + 1) % 5, row_id)))  # type: ignore[call-overload]
    _restore_triggers(path)
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        assert not repo.read_only  # the byte-level and quick checks cannot see it
        repo.finish_tamper_checks(repo.run_tamper_checks())
        assert repo.read_only and repo.damaged
        assert f"assessment row {row_id}" in repo.notices[0] and "grade is" in repo.notices[0]
        with pytest.raises(ReadOnlyError):
            repo.void("crs", int(row_id), "entered in error")  # type: ignore[call-overload]


def test_replay_is_clean_on_a_busy_file_and_finds_a_reverted_correction(
    clean_file: Path, tmp_path: Path
) -> None:
    """Control and the subtle case: a corrected lab put back to its first value by a raw UPDATE
    looks like its own insert entry, but its later entries say otherwise."""
    from storage.replay import replay_problems

    path = _copy_anchored(clean_file, tmp_path)
    db = connect(path, read_only=True)
    try:
        assert replay_problems(db.conn) == []
        lab_id, first = db.conn.execute(  # the ANC of its insert entry, in the inputs it inserted
            "SELECT a.row_id, json_extract(json_extract(a.changes, '$.inputs[1]'), '$.anc') FROM audit_log a "
            "JOIN assessment l ON l.id = a.row_id WHERE a.table_name = 'assessment' AND a.action = 'insert' "
            "AND l.kind = 'lab' AND l.voided = 0 "
            "AND a.row_id IN (SELECT row_id FROM audit_log WHERE action = 'correct') LIMIT 1"
        ).fetchone()
    finally:
        db.close()
    _set_anc(path, first, lab_id)
    _restore_triggers(path)
    code, output = _check(path)
    assert code == 1 and f"assessment row {lab_id}" in output and f"anc is {first}" in output, output


def test_the_deferred_checks_of_a_large_file_replay_its_newest_rows(
    clean_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file over the replay budget: its deferred open checks replay only the newest rows of each
    table, which still finds a changed recent row (toxtrack check replays them all)."""
    from storage import safety

    path = _copy_anchored(clean_file, tmp_path)
    monkeypatch.setattr(safety, "REPLAY_ALL_MAX_BYTES", 0)  # every file counts as over the budget
    monkeypatch.setattr(safety, "REPLAY_ROWS_AT_OPEN", 3)
    newest, oldest = _first(path, "SELECT max(id), min(id) FROM assessment WHERE kind = 'lab' AND voided = 0")
    _set_anc(path, 7.77, oldest)
    _restore_triggers(path)
    assert safety.deferred_checks(path).problems == ()  # the old row is outside the budget
    _set_anc(path, 7.77, newest)
    _restore_triggers(path)
    repo = Repository.open(path, clock=lambda: CLOCK, user="nurse", defer_checks_above=0)
    try:
        assert repo.checks_pending
        repo.finish_checks(repo.run_deferred_checks())
        assert repo.read_only and repo.damaged and f"assessment row {newest}" in repo.notices[0]
    finally:
        repo.close()
    code, output = _check(path)
    assert code == 1 and f"assessment row {oldest}" in output and f"assessment row {newest}" in output
