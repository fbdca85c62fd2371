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

from storage import Repository, audit
from storage.commands import check_main
from storage.connection import connect
from storage.rotation import anchor_check, automatic_backup

from .workload import NOW, Workload

CLOCK = NOW + dt.timedelta(hours=2)


@pytest.fixture(scope="module")
def clean_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tamper") / "clean.db"
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        repo.db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
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
