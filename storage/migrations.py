"""Versioned schema migrations on PRAGMA user_version, every pending step in one transaction."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from storage.connection import write
from storage.errors import DatabaseRefusedError
from storage.safety import schema_refusal
from storage.schema import APPLICATION_ID, indexes_v3, schema_v1

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


MIGRATIONS: tuple[tuple[int, Step], ...] = (
    (1, _v1_create_schema),
    (2, _v2_dose_cycle_index),
    (3, _v3_cohort_indexes),
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
