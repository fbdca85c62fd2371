"""Versioned schema migrations on PRAGMA user_version, every pending step in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from storage.connection import write
from storage.engine import sqlite3
from storage.errors import DatabaseRefusedError
from storage.safety import schema_refusal
from storage.schema import (
    APPLICATION_ID,
    assessment_indexes_v4,
    assessment_indexes_v8,
    assessment_table_v7,
    assessment_tables_v4,
    columns_v5,
    drop_moved_tables_v8,
    indexes_v3,
    indexes_v6,
    schema_v1,
)

if TYPE_CHECKING:  # sqlite-utils is imported when a migration runs (storage.connection.database)
    import sqlite_utils

Step = Callable[["sqlite_utils.Database"], None]


def _app_version() -> str:
    """Recorded when a file is created; imported here because importlib.metadata costs ~20 ms of
    every start-up otherwise (benchmarks/README.md, startup_ratio)."""
    import importlib.metadata

    try:
        return importlib.metadata.version("toxtrack")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _set_meta(db: sqlite_utils.Database, key: str, value: str) -> None:
    db.conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _v1_create_schema(db: sqlite_utils.Database) -> None:
    """Version 1: every table, trigger and index, and the file's identity."""
    for statement in schema_v1():
        db.conn.execute(statement)
    db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    _set_meta(db, "app_id", "toxtrack")
    _set_meta(db, "created", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


def _v2_dose_cycle_index(db: sqlite_utils.Database) -> None:
    """Version 2: index the dose -> cycle foreign key (doses of one cycle, FK checks on cycles)
    and record which app version created or first upgraded the file."""
    db.conn.execute("CREATE INDEX IF NOT EXISTS dose_cycle ON dose (cycle_id)")
    db.conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('created_by_app_version', ?)",
        (_app_version(),),
    )


def _v3_cohort_indexes(db: sqlite_utils.Database) -> None:
    """Version 3: partial indexes of the grade >= 3 rows and a covering index of the dose counts, so
    the cohort counts stop scanning the assessment, lab and dose tables (storage/cohort.py)."""
    for statement in indexes_v3():
        db.conn.execute(statement)


V4_USER = "ToxTrack schema upgrade 4"
V4_REASON = (
    "Regraded by schema upgrade 4: a measurement that was not taken is not gradable, "
    "not grade 0 (temperature not recorded, or ICE not assessed with every other domain normal)"
)


def _v4_not_gradable(db: sqlite_utils.Database) -> None:
    """Version 4 (issue 11): CRS and ICANS grades may be NULL ("not gradable") and a CRS assessment
    may be attributed to another cause (`attributed_to`).

    The two tables are rebuilt (SQLite cannot drop NOT NULL in place): created anew, rows copied with
    their ids, the old table dropped, the new one renamed and its indexes recreated. Nothing refers to
    these tables by foreign key, so the rebuild is safe with foreign keys on. Rows that the old rule
    graded 0 from a missing measurement (no temperature and fever not masked; ICE not assessed) are
    regraded with today's rule, each change with a 'correct' audit row that says why, so an upgraded
    file stops closing episodes on a grade nobody measured and its audit chain stays whole.
    """
    for table, statement in assessment_tables_v4("_v4").items():
        db.conn.execute(statement)
        old = [str(row[1]) for row in db.conn.execute(f"PRAGMA table_info({table})")]
        names = ", ".join(old)
        db.conn.execute(f"INSERT INTO {table}_v4 ({names}) SELECT {names} FROM {table}")
        db.conn.execute(f"DROP TABLE {table}")
        db.conn.execute(f"ALTER TABLE {table}_v4 RENAME TO {table}")
    for statement in assessment_indexes_v4():
        db.conn.execute(statement)
    _v4_regrade(db)


def _v4_regrade(db: sqlite_utils.Database) -> None:
    """Regrade the rows the old rule graded 0 from a missing measurement; audit each change."""
    import json

    from clinical.grading import grade_crs, grade_icans
    from storage import audit

    at = audit.utc_text(dt.datetime.now(dt.UTC))
    entries = []
    crs = db.conn.execute(
        "SELECT id, hypotension, oxygen, grade, scale, reasons FROM crs_assessment "
        "WHERE temperature_c IS NULL AND fever_masked = 0 AND grade IS NOT NULL ORDER BY id"
    ).fetchall()
    icans = db.conn.execute(
        "SELECT id, consciousness, seizure, motor, raised_icp, grade, scale, reasons FROM icans_assessment "
        "WHERE ice_items IS NULL AND grade IS NOT NULL ORDER BY id"
    ).fetchall()
    regraded = [("crs_assessment", r[0], grade_crs(None, r[1], r[2]), r[3:]) for r in crs]
    regraded += [("icans_assessment", r[0], grade_icans(None, *r[1:5]), r[5:]) for r in icans]
    for table, row_id, new, (grade, scale, reasons) in regraded:
        if new.grade == grade:  # e.g. unarousable (grade 4 either way): its reasons stay as written
            continue
        # Stored and audited as the repository writes them: reasons as their JSON text.
        after = {"grade": new.grade, "scale": new.scale, "reasons": json.dumps(list(new.reasons))}
        before = {"grade": grade, "scale": scale, "reasons": reasons}
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        db.conn.execute(
            f"UPDATE {table} SET grade = ?, scale = ?, reasons = ? WHERE id = ?",
            (new.grade, new.scale, after["reasons"], row_id),
        )
        entries.append(
            audit.PendingEntry(at, V4_USER, "correct", table, row_id, audit.canonical(changes), V4_REASON)
        )
    audit.append(db, entries)


def _v5_demo_marker_and_deviations(db: sqlite_utils.Database) -> None:
    """Version 5: the patient row says whether it is synthetic demo data, and cycles and doses keep
    the reason a clinician confirmed for an entry outside the plan (storage/schema.py columns_v5).
    Self-contained: it reads nothing another step adds. Patients written by an older demo are not
    guessed at (a real user could be called "demo"); they stay unmarked."""
    for statement in columns_v5():
        table, column = statement.split()[2], statement.split()[5]  # ALTER TABLE t ADD COLUMN c ...
        present = {str(row[1]) for row in db.conn.execute(f"PRAGMA table_info({table})")}
        if column not in present:  # like v2's and v6's IF NOT EXISTS: a step may meet its own work
            db.conn.execute(statement)


def _v6_treatment_window_index(db: sqlite_utils.Database) -> None:
    """Version 6: index the given doses' times (storage.schema.indexes_v6)."""
    for statement in indexes_v6():
        db.conn.execute(statement)


def _v7_assessment_table(db: sqlite_utils.Database) -> None:
    """Version 7 (issue 14): the one table of the records of toxicities defined as data, with its
    indexes (storage.schema.assessment_table_v7). Self-contained and idempotent (IF NOT EXISTS)."""
    for statement in assessment_table_v7():
        db.conn.execute(statement)


V8_USER = "ToxTrack schema upgrade 8"
V8_REASON = (
    "Moved by schema upgrade 8 into the one table of every kind's records: the same record, "
    "with a new id in that table"
)


def _v8_one_table(db: sqlite_utils.Database) -> None:
    """Version 8 (issue 14): CRS and ICANS assessments and lab results move into the assessment
    table (storage/layout.py: their inputs in the JSON `inputs` column, grade, scale and effective
    grade in the real, indexed columns), and their three tables are dropped.

    A moved record gets a new id (the three tables numbered their rows apart). The audit log is
    append-only and hash-chained, so its entries are never rewritten: each move is one appended
    audit entry, action "move" on the new row, whose changes name the old table and id
    (`table_name`, `id`: [old, new]) and give the row's values as an insert does. The audit replay
    (storage/replay.py) starts the new row from that entry and checks it against what the old row's
    own entries left; `history` follows it back to them. Records keep their order: by old table,
    then old id. Self-contained: a file without the old tables (made at version 8) has nothing to move.
    """
    from storage import audit
    from storage.layout import MOVED_FROM, MOVED_TABLES, assessment_values
    from storage.schema import ASSESSMENT_TABLE

    for statement in assessment_table_v7():
        db.conn.execute(statement)
    present = {str(row[0]) for row in db.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    moved = [table for table in MOVED_TABLES if table in present]
    at = audit.utc_text(dt.datetime.now(dt.UTC))
    new_id = int(db.conn.execute(f"SELECT coalesce(max(id), 0) FROM {ASSESSMENT_TABLE}").fetchone()[0])
    rows: list[tuple[object, ...]] = []
    entries: list[audit.PendingEntry] = []
    names: tuple[str, ...] = ()
    for table in moved:
        kind = MOVED_TABLES[table][0]
        cursor = db.conn.execute(f"SELECT * FROM {table} ORDER BY id")
        columns = [str(d[0]) for d in cursor.description]
        for found in cursor:
            values = dict(zip(columns, found, strict=True))
            old_id = values.pop("id")
            row = assessment_values(kind, values)
            new_id += 1
            names = tuple(row)
            rows.append((new_id, *row.values()))
            changes: dict[str, list[object]] = {k: [None, v] for k, v in row.items()}
            changes[MOVED_FROM[0]], changes[MOVED_FROM[1]] = [table, ASSESSMENT_TABLE], [old_id, new_id]
            entries.append(
                audit.PendingEntry(
                    at, V8_USER, "move", ASSESSMENT_TABLE, new_id, audit.canonical(changes), V8_REASON
                )
            )
    if rows:
        marks = ", ".join("?" * (1 + len(names)))
        db.conn.executemany(f"INSERT INTO {ASSESSMENT_TABLE} (id, {', '.join(names)}) VALUES ({marks})", rows)
        audit.append(db, entries)
    for statement in drop_moved_tables_v8():
        if statement.split()[2] in present:
            db.conn.execute(statement)
    for statement in assessment_indexes_v8():  # after the rows: the index is built once
        db.conn.execute(statement)


V9_USER = "ToxTrack schema upgrade 9"
V9_REASON = (
    "User accounts begin with schema upgrade 9: the audit entries before this one name the "
    "operating-system login that made them, not a signed-in ToxTrack user"
)
ACCOUNTS_FROM_KEY = "accounts_from_audit_id"  # meta: the first audit id written under user accounts
ACCOUNTS_PSEUDO_TABLE = "accounts"


def _v9_accounts(db: sqlite_utils.Database) -> None:
    """Version 9 (issue 16): the user and credential tables (storage.schema.accounts_v9) and the
    audit log rebuilt with the account actions in its CHECK (storage.schema.audit_log_v9: rows,
    ids and hashes kept; nothing is rewritten). Past entries keep the OS login they name; they are
    marked as such by meta `accounts_from_audit_id` (the first id written under accounts) and, in a
    file that had entries, by one appended entry that says so (action "record" on the pseudo-table
    "accounts"). The first administrator is created at the first open after the upgrade."""
    from storage import audit
    from storage.schema import accounts_v9, audit_log_v9

    for statement in accounts_v9():
        db.conn.execute(statement)
    for statement in audit_log_v9():
        db.conn.execute(statement)
    count = int(db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    if count:
        change = {"os_login_entries": [None, count]}
        entry = audit.PendingEntry(
            audit.utc_text(dt.datetime.now(dt.UTC)),
            V9_USER,
            "record",
            ACCOUNTS_PSEUDO_TABLE,
            0,
            audit.canonical(change),
            V9_REASON,
        )
        audit.append(db, [entry])
    first = int(db.conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]) + 1
    db.conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (ACCOUNTS_FROM_KEY, str(first)))


MIGRATIONS: tuple[tuple[int, Step], ...] = (
    (1, _v1_create_schema),
    (2, _v2_dose_cycle_index),
    (3, _v3_cohort_indexes),
    (4, _v4_not_gradable),
    (5, _v5_demo_marker_and_deviations),
    (6, _v6_treatment_window_index),
    (7, _v7_assessment_table),
    (8, _v8_one_table),
    (9, _v9_accounts),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def stored_version(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version (0 = new and empty); refuse foreign or newer files unchanged."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    objects = int(conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])
    if app_id == 0 and version == 0 and objects == 0:
        return 0
    if app_id != APPLICATION_ID:
        raise DatabaseRefusedError(
            f"The file {path} is a SQLite database of another program, not a ToxTrack "
            "database, so ToxTrack did not open it."
        )
    if version > SCHEMA_VERSION:
        raise DatabaseRefusedError(
            f"The database {path} was written by a newer ToxTrack (schema version {version}; "
            f"this app reads up to {SCHEMA_VERSION}), so it was not opened: update ToxTrack."
        )
    refusal = schema_refusal(conn, path, version)  # a dropped table, a version number that lies
    if refusal is not None:
        raise DatabaseRefusedError(refusal)
    return version


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> int:
    """Apply every step above the stored version up to `target`; returns the new version.

    All pending steps and the user_version bump commit together, so a crash or a failing step leaves
    the version the file had (never one in between), and a new file goes from empty to the latest
    schema in one commit and one fsync, however many versions there are.
    """
    current = int(db.conn.execute("PRAGMA user_version").fetchone()[0])
    pending = [(version, step) for version, step in MIGRATIONS if current < version <= target]
    if not pending:
        return current
    with write(db):
        for _, step in pending:
            step(db)
        current = pending[-1][0]
        db.conn.execute(f"PRAGMA user_version = {current}")
        _set_meta(db, "schema_version", str(current))
    return current
