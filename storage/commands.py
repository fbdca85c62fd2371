"""`toxtrack check --db PATH`: integrity, foreign keys and the audit chain, one line per problem."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from clinical.errors import ToxTrackError
from storage import audit, rotation
from storage.connection import absent_message, connect, file_kind
from storage.errors import DatabaseRefusedError, translated
from storage.migrations import stored_version
from storage.paths import default_db_path

if TYPE_CHECKING:
    import sqlite_utils

EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED = 0, 1, 2
AUDIT_TRIGGERS = ("audit_log_no_update", "audit_log_no_delete")


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    rows = [str(row[0]) for row in db.conn.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else [f"integrity: {row}" for row in rows]


def foreign_key_problems(db: sqlite_utils.Database) -> list[str]:
    return [
        f"foreign key: {table} row {rowid} refers to a missing {parent} row"
        for table, rowid, parent, _ in db.conn.execute("PRAGMA foreign_key_check")
    ]


def trigger_problems(db: sqlite_utils.Database) -> list[str]:
    present = {
        str(row[0]) for row in db.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'")
    }
    return [
        f"audit: trigger {name} is missing, so the audit log is no longer append-only"
        for name in AUDIT_TRIGGERS
        if name not in present
    ]


def check_database(path: Path) -> list[str]:
    """Every problem found, as sentences; DatabaseRefusedError for a file that is not ours.

    The file is opened `pristine` (truly read-only), so checking a damaged file never changes it,
    not even by applying a stale WAL; a check that cannot read the file reports that as a problem.
    """
    if file_kind(path) in ("missing", "empty"):
        raise DatabaseRefusedError(absent_message(path))
    db = connect(path, read_only=True, pristine=True)
    try:
        with translated(str(path)):
            if stored_version(db.conn, path) == 0:
                return []
            problems: list[str] = []
            for name, check in CHECKS:
                problems += _run_check(name, check, db)
    finally:
        db.close()
    return problems + rotation.anchor_check(path)


def _run_check(
    name: str, check: Callable[[sqlite_utils.Database], list[str]], db: sqlite_utils.Database
) -> list[str]:
    try:
        return check(db)
    except sqlite3.Error as error:  # e.g. "Could not decode to UTF-8" from a damaged page
        return [f"{name}: the file could not be read ({error})"]


CHECKS: tuple[tuple[str, Callable[[sqlite_utils.Database], list[str]]], ...] = (
    ("integrity", integrity_problems),
    ("foreign key", foreign_key_problems),
    ("audit", trigger_problems),
    ("audit", audit.verify_chain),
)


def check_main(argv: Sequence[str]) -> int:
    """Exit 0 and print "ok" when clean; 1 with one line per problem; 2 when the file is refused."""
    parser = argparse.ArgumentParser(prog="toxtrack check", description=__doc__)
    parser.add_argument("--db", help="database file (default: TOXTRACK_DB or the user data folder)")
    args = parser.parse_args(list(argv))
    path = default_db_path(args.db)
    try:
        problems = check_database(path)
    except ToxTrackError as error:
        print(error)
        return EXIT_REFUSED
    for problem in problems:
        print(problem)
    if problems:
        return EXIT_PROBLEMS
    print("ok")
    return EXIT_OK
