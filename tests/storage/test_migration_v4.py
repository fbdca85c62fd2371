"""Schema step 4 (issue 11): a v3 file made by the current demo upgrades with every record and the
audit chain intact; rows the old rule graded 0 from a missing measurement are regraded, audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

from clinical.demo import generate_cohort
from clinical.model import CrsAssessment
from storage import Repository
from storage.connection import pragma
from storage.engine import sqlite3
from storage.migrations import SCHEMA_VERSION, V4_REASON, V4_USER
from storage.schema import TABLES
from tests.storage import legacy
from tests.storage.test_migrations import with_v5_defaults

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


def _v3_file(path: Path) -> tuple[dict[str, int], dict[str, list[dict[str, object]]], list[Any]]:
    """The demo cohort in a v3 file as the v3 app wrote it (tests/storage/legacy.py; until schema
    version 8 the current code could write one and roll it back), plus rows the old rule graded 0
    from a missing measurement. The cohort counts are those of the same cohort written today."""
    bundles = list(generate_cohort(30, seed=4, today=TODAY))
    pids = legacy.write_file(path, 3, bundles, NOW)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        writer = legacy.Writer(conn, now=NOW)
        at = "2026-02-20T08:00:00+00:00"
        common = {"patient_id": pids[0], "assessed_at": at, "recorded_by": "old app"}
        with writer.transaction():
            ids = {
                "crs": writer.insert_values("crs_assessment", {**common, **LEGACY_CRS}),
                "masked": writer.insert_values("crs_assessment", {**common, **MASKED_CRS}),
                "icans": writer.insert_values("icans_assessment", {**common, **LEGACY_ICANS}),
                # grade 4 under both rules: left as written (only its reason text would differ)
                "unarousable": writer.insert_values("icans_assessment", {**common, **UNAROUSABLE_ICANS}),
            }
    finally:
        conn.close()
    with Repository.open(path.with_name("today.db"), user="tester", clock=lambda: NOW) as today:
        # without the data-defined records (injection site reactions, the demo's adverse events of
        # issue 15): a v3 file has no table for them, so the upgraded file holds none
        today.bulk_insert([dataclasses.replace(b, records=()) for b in bundles])
        counts = today.cohort_counts(TODAY, reuse=False)
    return ids, legacy_snapshot(path), counts


def legacy_snapshot(path: Path) -> dict[str, list[dict[str, object]]]:
    return {table: legacy.rows(path, table) for table in [*legacy.OLD_TABLES.values(), "audit_log"]}


def _snapshot(repo: Any, before: dict[str, list[dict[str, object]]]) -> dict[str, list[dict[str, object]]]:
    """The file's rows as the old layout held them: the moved tables' rows read back from the
    assessment table under their old ids (schema version 8), with the columns of version 4."""
    columns = {table: list(rows[0]) for table, rows in before.items() if table in legacy.MOVED}
    columns["crs_assessment"].append("attributed_to")
    tables = {t: repo._rows(f"SELECT * FROM {t} ORDER BY id") for t in [*TABLES.values(), "audit_log"]}
    return {**tables, **legacy.old_layout(repo, columns)}


def test_a_v3_demo_file_upgrades_with_every_record_and_the_audit_chain(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    ids, before, counts_before = _v3_file(path)
    with Repository.open(path, user="tester", clock=lambda: NOW) as repo:
        assert pragma(repo._db, "user_version") == SCHEMA_VERSION
        after = _snapshot(repo, before)
        assert repo.verify_audit() == []
        assert [r[0] for r in repo._db.conn.execute("PRAGMA foreign_key_check")] == []
        assert repo._db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert repo.cohort_counts(TODAY, reuse=False) == counts_before
        moved = legacy.moved_ids(repo)  # schema version 8 gave them ids in the assessment table
        crs = repo.get_crs(moved[("crs_assessment", ids["crs"])])
        icans = repo.get_icans(moved[("icans_assessment", ids["icans"])])
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
    # (and schema version 8 one 'move' row per moved record: tests/storage/test_migration_v8.py)
    added = [r for r in audit_after[len(audit_before) :] if r["table_name"] in legacy.MOVED]
    assert {(r["table_name"], r["row_id"]) for r in added} == regraded
    assert all(
        r["action"] == "correct" and r["user_name"] == V4_USER and r["reason"] == V4_REASON for r in added
    )
    changes = json.loads(str(next(r for r in added if r["table_name"] == "crs_assessment")["changes"]))
    assert changes["grade"] == [0, None]


def test_a_new_file_at_version_4_stores_not_gradable(tmp_path: Path) -> None:
    """Since version 8 CRS assessments are rows of the assessment table: its grade may be NULL and a
    CRS record keeps its attribution (in its inputs); its grade >= 3 rows are indexed."""
    with Repository.open(tmp_path / "new.db") as repo:
        columns = {str(r[1]): r for r in repo._db.conn.execute("PRAGMA table_info(assessment)")}
        assert columns["grade"][3] == 0  # notnull flag: NULL is allowed
        assert "attributed_to" in {f.name for f in dataclasses.fields(CrsAssessment)}
        assert "assessment_grade3" in {
            str(r[0]) for r in repo._db.conn.execute("SELECT name FROM sqlite_schema")
        }
