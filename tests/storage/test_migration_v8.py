"""Schema step 8 (issue 14): CRS, ICANS and lab results move into the one assessment table.

A v3 file written as the v3 app wrote it (tests/storage/legacy.py: the demo cohort, then
corrections, an override, voids and an undone void) upgrades with every record, grade, override,
void and audit entry kept, record for record; the audit chain verifies and the audit replay follows
each moved record from its old row; a SIGKILL at any moment of the upgrade leaves the old file
usable (it upgrades at the next open, with the same result).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from clinical.choices import Hypotension
from clinical.demo import generate_cohort
from storage import Repository
from storage.connection import pragma
from storage.engine import sqlite3
from storage.layout import MOVED_TABLES, record_values
from storage.migrations import SCHEMA_VERSION, V8_REASON, V8_USER
from storage.replay import replay_problems
from storage.repo_convert import decode
from tests.safety.killing import CAN_FORK, run_and_kill, time_in_child
from tests.storage import legacy

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
V5_DEFAULTS = {"patient": {"demo": 0}, "cycle": {"deviation": ""}, "dose": {"deviation": ""}}


def _v3_file(path: Path) -> None:
    """The demo cohort in a v3 file, then the edits every kind of record can have had."""
    bundles = list(generate_cohort(12, seed=4, today=TODAY))
    legacy.write_file(path, 3, bundles, NOW)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        writer = legacy.Writer(conn, user="nurse", now=NOW)
        crs = [int(r[0]) for r in conn.execute("SELECT id FROM crs_assessment ORDER BY id LIMIT 3")]
        icans = int(conn.execute("SELECT min(id) FROM icans_assessment").fetchone()[0])
        lab = int(conn.execute("SELECT max(id) FROM lab_result").fetchone()[0])
        with writer.transaction():
            writer.correct("crs", crs[0], {"hypotension": Hypotension.FLUIDS}, "read the chart again")
            writer.update(
                "crs_assessment", crs[1], {"override_grade": 3, "override_reason": "clinician's judgement"},
                "correct", "clinician's judgement",
            )  # fmt: skip
            writer.update(
                "icans_assessment",
                icans,
                {"voided": 1, "void_reason": "wrong patient"},
                "void",
                "wrong patient",
            )
            writer.correct("lab", lab, {"anc": 0.3}, "typed 3 for 0.3")
            writer.update(
                "crs_assessment", crs[2], {"voided": 1, "void_reason": "duplicate"}, "void", "duplicate"
            )
            writer.update(
                "crs_assessment", crs[2], {"voided": 0, "void_reason": ""}, "unvoid", "not a duplicate"
            )
    finally:
        conn.close()


def _snapshot(path: Path) -> dict[str, list[dict[str, object]]]:
    return {t: legacy.rows(path, t) for t in [*legacy.OLD_TABLES.values(), "audit_log"]}


@pytest.fixture(scope="module")
def v3_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict[str, object]]]]:
    path = tmp_path_factory.mktemp("v3") / "v3.db"
    _v3_file(path)
    return path, _snapshot(path)


def _copy(template: Path, to: Path) -> Path:
    shutil.copyfile(template, to)
    return to


def _moves(repo: Any) -> dict[tuple[str, int], int]:
    """(old table, old id) -> new id, from the move entries of the audit log."""
    moved = {}
    for row in repo._rows("SELECT row_id, changes FROM audit_log WHERE action = 'move' ORDER BY id"):
        changes = json.loads(str(row["changes"]))
        moved[(changes["table_name"][0], changes["id"][0])] = int(row["row_id"])
        assert changes["id"][1] == row["row_id"] and changes["table_name"][1] == "assessment"
    return moved


def test_a_v3_file_upgrades_record_for_record(tmp_path: Path, v3_template: Any) -> None:
    template, before = v3_template
    path = _copy(template, tmp_path / "v3.db")
    assert pragma_of(path) == 3
    with Repository.open(path, user="tester", clock=lambda: NOW) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION
        tables = {str(r["name"]) for r in repo._rows("SELECT name FROM sqlite_schema WHERE type = 'table'")}
        assert not tables & set(MOVED_TABLES) and "assessment" in tables
        assert repo.verify_audit() == []
        assert replay_problems(repo._db.conn) == []
        assert repo._db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [r[0] for r in repo._db.conn.execute("PRAGMA foreign_key_check")] == []
        moves = _moves(repo)
        audit_after = repo._rows("SELECT * FROM audit_log ORDER BY id")
        for table in ("patient", "cycle", "dose"):  # version 5 adds columns at their defaults
            assert repo._rows(f"SELECT * FROM {table} ORDER BY id") == [
                {**row, **V5_DEFAULTS[table]} for row in before[table]
            ]
        # Every old row moved exactly once, and its new row holds the same values (version 4 adds
        # the CRS attribution, empty); the typed record read back is the record read before.
        moved_rows = sum(len(before[table]) for table in MOVED_TABLES)
        assert len(moves) == moved_rows == repo._scalar("SELECT count(*) FROM assessment")
        for table, (kind, _at) in MOVED_TABLES.items():
            assert len(before[table]) > 10
            for old in before[table]:
                new_id = moves[(table, old["id"])]
                [row] = repo._rows("SELECT * FROM assessment WHERE id = ?", (new_id,))
                values = record_values(kind, row)
                expected = {**old, "attributed_to": ""} if kind == "crs" else old
                assert {name: values[name] for name in expected if name != "id"} == {
                    k: v for k, v in expected.items() if k != "id"
                }
                record = repo.get_record(kind, new_id)
                assert record == type(record)(**{**decode(kind, expected).__dict__, "id": new_id})
                assert row["effective_grade"] == record.effective_grade
        # The old audit log is kept byte for byte; after it, one move per record and nothing else
        # clinical (opening with a pinned clock may add a 'system_clock' note; step 9 adds its one
        # marker that the entries before it name OS logins: tests/storage/test_accounts.py).
        assert audit_after[: len(before["audit_log"])] == before["audit_log"]
        added = [
            r
            for r in audit_after[len(before["audit_log"]) :]
            if r["table_name"] not in ("system_clock", "accounts")
        ]
        assert len(added) == moved_rows
        assert all(
            (r["action"], r["table_name"], r["user_name"], r["reason"])
            == ("move", "assessment", V8_USER, V8_REASON)
            for r in added
        )
        # The edits made before the upgrade are what the records say now, and in their history.
        first_crs = min(r["id"] for r in before["crs_assessment"])
        crs = repo.get_crs(moves[("crs_assessment", first_crs)])
        assert crs.hypotension is Hypotension.FLUIDS
        history = repo.history("crs", crs.id)
        assert [e.action for e in history] == ["insert", "correct", "move"]
        assert history[1].changes["hypotension"][1] == "fluids" and history[0].table == "crs_assessment"
        overridden = repo.get_crs(moves[("crs_assessment", first_crs + 1)])
        assert (overridden.override_grade, overridden.effective_grade) == (3, 3)
        icans_id = moves[("icans_assessment", min(r["id"] for r in before["icans_assessment"]))]
        assert repo.get_icans(icans_id).voided and icans_id not in {
            a.id for a in repo.icans(repo.get_icans(icans_id).patient_id)
        }
        lab_id = moves[("lab_result", max(r["id"] for r in before["lab_result"]))]
        assert repo.get_lab(lab_id).anc == 0.3 and repo.get_lab(lab_id).grade == 4
        unvoided = repo.history("crs", moves[("crs_assessment", first_crs + 2)])
        assert [e.action for e in unvoided] == ["insert", "void", "unvoid", "move"]
        # A moved record is corrected, voided and restored like any other, its replay still clean.
        repo.correct("crs", crs.id, {"treatment": "tocilizumab 8 mg/kg"}, "given at 10:00")
        repo.void("lab", lab_id, "haemolysed sample")
        repo.unvoid("lab", lab_id, "the sample was fine")
        assert [e.action for e in repo.history("crs", crs.id)] == ["insert", "correct", "move", "correct"]
        assert repo.verify_audit() == [] and replay_problems(repo._db.conn) == []


def test_the_replay_follows_a_move_back_to_the_old_entries(tmp_path: Path, v3_template: Any) -> None:
    """A moved row whose values differ from what its old row's entries left (a record changed on
    its way through the upgrade, or by hand since) is reported; so is an old row never moved."""
    path = _copy(v3_template[0], tmp_path / "v3.db")
    with Repository.open(path, clock=lambda: NOW) as repo:
        moves = _moves(repo)
    new_id = moves[("lab_result", 1)]
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute(
            "UPDATE assessment SET grade = 4 - grade, effective_grade = 4 - grade WHERE id = ?", (new_id,)
        )
        found = replay_problems(conn)
    finally:
        conn.close()
    assert any(f"assessment row {new_id}" in line and "grade is" in line for line in found), found
    # Entries for a row of a moved table that no move names: the row was lost, not moved.
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE action = 'move' AND row_id = ?", (new_id,))
        conn.execute("DELETE FROM assessment WHERE id = ?", (new_id,))
        found = replay_problems(conn)
    finally:
        conn.close()
    assert any("lab_result row 1" in line and "not in the file" in line for line in found), found


def test_a_row_changed_by_hand_before_the_upgrade_is_still_reported_after_it(
    tmp_path: Path, v3_template: Any
) -> None:
    """The upgrade moves what the old row holds; the replay compares that with what the old row's
    entries left, so a change made outside ToxTrack is not laundered by the move."""
    path = _copy(v3_template[0], tmp_path / "v3.db")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE crs_assessment SET grade = (grade + 2) % 5 WHERE id = 5")
    finally:
        conn.close()
    with Repository.open(path, clock=lambda: NOW) as repo:
        moved = _moves(repo)[("crs_assessment", 5)]
        found = replay_problems(repo._db.conn)
    assert any(
        f"assessment row {moved}" in line and "moves crs_assessment row 5 with grade" in line
        for line in found
    ), found


@pytest.mark.skipif(not CAN_FORK, reason="fork and SIGKILL are POSIX")
def test_an_upgrade_killed_at_any_moment_leaves_the_old_file_usable(tmp_path: Path, v3_template: Any) -> None:
    template, before = v3_template
    upgraded = _copy(template, tmp_path / "timing.db")

    def upgrade(path: Path) -> Any:
        def run() -> None:
            Repository.open(path, clock=lambda: NOW).close()

        return run

    took = time_in_child(upgrade(upgraded))
    with Repository.open(upgraded, clock=lambda: NOW) as repo:
        expected = repo._rows("SELECT * FROM assessment ORDER BY id")
    outcomes = set()
    for step in range(12):
        path = _copy(template, tmp_path / f"kill{step}.db")
        killed, code = run_and_kill(upgrade(path), took * step / 10)
        assert code != legacy_failed(), "the upgrading child failed"
        version = pragma_of(path)
        outcomes.add((killed, version))
        assert version in (3, SCHEMA_VERSION)
        if version == 3:  # not committed: the old file exactly as it was
            assert _snapshot(path) == before
        with Repository.open(path, clock=lambda: NOW) as repo:  # usable: it upgrades now, or already did
            assert repo._rows("SELECT * FROM assessment ORDER BY id") == expected
            assert repo.verify_audit() == [] and replay_problems(repo._db.conn) == []
    assert (True, 3) in outcomes, outcomes  # at least one kill landed before the upgrade committed


def legacy_failed() -> int:
    from tests.safety.killing import CHILD_FAILED

    return CHILD_FAILED


def pragma_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()
