"""Schema step 4 (issue 11): a v3 file made by the current demo upgrades with every record and the
audit chain intact; rows the old rule graded 0 from a missing measurement are regraded, audited."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from clinical.demo import generate_cohort
from storage import Repository
from storage.connection import pragma
from storage.migrations import SCHEMA_VERSION, V4_REASON, V4_USER
from storage.schema import TABLES, indexes_v3, schema_v1
from tests.storage.test_migrations import drop_v5_columns, with_v5_defaults

TODAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
OLD_CRS_REASONS = [
    "Grade 0: no fever (38.0 °C or more) and fever not masked; CRS criteria not met",
    "Multiple vasopressors recorded, not graded as CRS without fever",
]
OLD_ICANS_REASONS = [
    "Grade 0: ICE not assessed, alert, no seizure, no motor findings, no raised intracranial pressure",
    "ICE not assessed: graded on the other domains",
]
UNAROUSABLE_ICANS = {
    "consciousness": "unarousable", "ice_items": None, "ice_unable_reason": "unarousable", "seizure": "none",
    "motor": "none", "raised_icp": "none", "grade": 4, "scale": "ASTCT 2019",
    "reasons": json.dumps(["Grade 4: unarousable or needs vigorous or repeated stimuli",
                           "ICE not assessed: graded on the other domains"]),
}  # fmt: skip
NO_TEMPERATURE = {"temperature_c": None, "oxygen": "none", "scale": "ASTCT 2019"}
LEGACY_CRS = {**NO_TEMPERATURE, "hypotension": "multiple_vasopressors", "fever_masked": 0, "grade": 0,
              "reasons": json.dumps(OLD_CRS_REASONS)}  # fmt: skip
MASKED_CRS = {**NO_TEMPERATURE, "hypotension": "fluids", "fever_masked": 1, "grade": 2,
              "reasons": json.dumps(["Grade 2: hypotension not needing vasopressors"])}  # fmt: skip
LEGACY_ICANS = {"consciousness": "alert", "ice_items": None, "ice_unable_reason": "intubated",
                "seizure": "none", "motor": "none", "raised_icp": "none", "grade": 0, "scale": "ASTCT 2019",
                "reasons": json.dumps(OLD_ICANS_REASONS)}  # fmt: skip


def _legacy(repo: Any, kind: str, values: dict[str, object]) -> int:
    """A row and its insert audit row as the v3 app wrote them (grade 0 from a missing measurement)."""
    names = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    with repo.transaction():
        cursor = repo._conn.execute(
            f"INSERT INTO {TABLES[kind]} ({names}) VALUES ({marks})", list(values.values())
        )
        row_id = int(cursor.lastrowid)
        repo._audit("insert", kind, row_id, {k: [None, v] for k, v in values.items()})
    return row_id


def _as_v3(repo: Any) -> None:
    """Give the two assessment tables back their v3 definition (grade NOT NULL, no attributed_to)."""
    v1 = {s.split()[2]: s for s in schema_v1() if s.startswith("CREATE TABLE")}
    with repo.transaction():
        for table in ("crs_assessment", "icans_assessment"):
            repo._conn.execute(v1[table].replace(f"CREATE TABLE {table} (", f"CREATE TABLE {table}_v3 (", 1))
            names = ", ".join(str(r[1]) for r in repo._conn.execute(f"PRAGMA table_info({table}_v3)"))
            repo._conn.execute(f"INSERT INTO {table}_v3 ({names}) SELECT {names} FROM {table}")
            repo._conn.execute(f"DROP TABLE {table}")
            repo._conn.execute(f"ALTER TABLE {table}_v3 RENAME TO {table}")
        for statement in [*schema_v1(), *indexes_v3()]:
            if statement.startswith("CREATE INDEX") and (
                "crs_assessment" in statement or "icans_" in statement
            ):
                repo._conn.execute(statement)
        # Nor version 5's columns or version 6's index (added to the schema after this test was
        # written): a v3 file with them is refused (schema_refusal) or fails step 5 (duplicate column).
        drop_v5_columns(repo._conn)
        repo._conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    repo._conn.execute("PRAGMA user_version = 3")


def _v3_file(path: Path) -> tuple[dict[str, int], dict[str, list[dict[str, object]]], list[Any]]:
    with Repository.open(path, user="tester", clock=lambda: NOW) as repo:
        pids = repo.bulk_insert(list(generate_cohort(30, seed=4, today=TODAY)))
        at = "2026-02-20T08:00:00+00:00"
        common = {"patient_id": pids[0], "assessed_at": at, "recorded_by": "old app"}
        ids = {
            "crs": _legacy(repo, "crs", {**common, **LEGACY_CRS}),
            "masked": _legacy(repo, "crs", {**common, **MASKED_CRS}),
            "icans": _legacy(repo, "icans", {**common, **LEGACY_ICANS}),
            # grade 4 under both rules: left as written (only its reason text would differ)
            "unarousable": _legacy(repo, "icans", {**common, **UNAROUSABLE_ICANS}),
        }
        _as_v3(repo)
        assert pragma(repo._db, "user_version") == 3
        return ids, _snapshot(repo), repo.cohort_counts(TODAY, reuse=False)


def _snapshot(repo: Any) -> dict[str, list[dict[str, object]]]:
    return {
        table: repo._rows(f"SELECT * FROM {table} ORDER BY id") for table in [*TABLES.values(), "audit_log"]
    }


def test_a_v3_demo_file_upgrades_with_every_record_and_the_audit_chain(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    ids, before, counts_before = _v3_file(path)
    with Repository.open(path, user="tester", clock=lambda: NOW) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION
        after = _snapshot(repo)
        assert repo.verify_audit() == []
        assert [r[0] for r in repo._db.conn.execute("PRAGMA foreign_key_check")] == []
        assert repo._db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert repo.cohort_counts(TODAY, reuse=False) == counts_before
        crs, icans = repo.get_crs(ids["crs"]), repo.get_icans(ids["icans"])
    for table in ("patient", "cycle", "dose"):  # version 5 adds columns at their defaults
        assert after[table] == with_v5_defaults(table, before[table])
    assert after["lab_result"] == before["lab_result"]
    regraded = {("crs_assessment", ids["crs"]), ("icans_assessment", ids["icans"])}
    for table in ("crs_assessment", "icans_assessment"):
        assert len(after[table]) == len(before[table]) > 10
        for old, new in zip(before[table], after[table], strict=True):
            extra = {"attributed_to": ""} if table == "crs_assessment" else {}
            if (table, old["id"]) in regraded:
                assert new["grade"] is None and new["reasons"] != old["reasons"]
                old = {**old, "grade": None, "scale": new["scale"], "reasons": new["reasons"]}
            assert new == {**old, **extra}
    assert crs.grade is None and crs.reasons[0].startswith("Not gradable: temperature not recorded")
    assert icans.grade is None and icans.reasons[0].startswith("Not gradable: ICE not assessed")
    # The audit log is the old one, unchanged, plus one 'correct' row per regraded record.
    audit_before, audit_after = before["audit_log"], after["audit_log"]
    assert audit_after[: len(audit_before)] == audit_before
    # (opening with a pinned clock may add a 'system_clock' note; no other clinical row may change)
    added = [r for r in audit_after[len(audit_before) :] if r["table_name"] in TABLES.values()]
    assert {(r["table_name"], r["row_id"]) for r in added} == regraded
    assert all(
        r["action"] == "correct" and r["user_name"] == V4_USER and r["reason"] == V4_REASON for r in added
    )
    changes = json.loads(str(next(r for r in added if r["table_name"] == "crs_assessment")["changes"]))
    assert changes["grade"] == [0, None]


def test_a_new_file_at_version_4_stores_not_gradable(tmp_path: Path) -> None:
    with Repository.open(tmp_path / "new.db") as repo:
        columns = {str(r[1]): r for r in repo._db.conn.execute("PRAGMA table_info(crs_assessment)")}
        assert columns["grade"][3] == 0  # notnull flag: NULL is allowed
        assert "attributed_to" in columns
        assert "crs_grade3" in {str(r[0]) for r in repo._db.conn.execute("SELECT name FROM sqlite_schema")}
