"""`toxtrack check --db PATH`: integrity, foreign keys, the audit chain, its replay against every row and
the newest anchor outside the file; one line per problem, "note: ..." for what could not be checked."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from clinical.errors import ToxTrackError
from clinical.model import DEMO_LABEL
from storage import anchors, audit, rotation
from storage.connection import absent_message, connect, file_kind
from storage.engine import sqlite3
from storage.errors import DatabaseRefusedError, translated
from storage.migrations import stored_version
from storage.paths import default_db_path
from storage.replay import replay_problems

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
    """Every problem found, as sentences; DatabaseRefusedError for a file that is not ours."""
    return check_findings(path)[0]


def check_findings(path: Path) -> tuple[list[str], list[str]]:
    """(problems, notes): every problem found, as sentences, and what could not be checked (no
    anchor to compare with); DatabaseRefusedError for a file that is not ours.

    The file is opened `pristine` (truly read-only), so checking a damaged file never changes it,
    not even by applying a stale WAL; a check that cannot read the file reports that as a problem.
    Beyond SQLite's own checks and the hash chain: the full audit replay (every row against its
    audit entries, storage/replay.py) and the newest anchor outside the file (storage/anchors.py).
    """
    if file_kind(path) in ("missing", "empty"):
        raise DatabaseRefusedError(absent_message(path))
    db = connect(path, read_only=True, pristine=True)
    notes: list[str] = []
    try:
        with translated(str(path)):
            if stored_version(db.conn, path) == 0:
                return [], []
            problems: list[str] = []
            for name, check in CHECKS:
                problems += _run_check(name, check, db)
            try:
                compared = anchors.compare(db.conn, path)
                problems += [*compared.problems, *compared.unanchored]
                notes += compared.notes
            except sqlite3.Error as error:
                problems.append(f"anchor: the file could not be read ({error})")
    finally:
        db.close()
    return problems + rotation.anchor_check(path), notes


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
    ("replay", lambda db: replay_problems(db.conn)),
)


def demo_patients(path: Path) -> int:
    """How many non-voided synthetic demo patients the file holds (0 before schema v5, which added
    the marker); read pristine, like the checks."""
    db = connect(path, read_only=True, pristine=True)
    try:
        row = db.conn.execute("SELECT count(*) FROM patient WHERE demo = 1 AND voided = 0").fetchone()
        return int(row[0])
    except sqlite3.Error:  # no demo column (an older schema) or an unreadable file: the checks say so
        return 0
    finally:
        db.close()


def signature_findings(path: Path) -> list[str]:
    """Every signature still marked valid checked against its content hash (issue 16), read through
    a read-only Repository (the hash covers records as the app reads them); a file it cannot open
    is left to the checks above, which say why."""
    from storage.repository import Repository

    try:
        with Repository.open(path, read_only=True, create=False) as repo:
            return [f"signature: {problem}" for problem in repo.signature_problems()]
    except (ToxTrackError, sqlite3.Error):
        return []


def check_main(argv: Sequence[str]) -> int:
    """Exit 0 and print "ok" when clean; 1 with one line per problem; 2 when the file is refused."""
    parser = argparse.ArgumentParser(prog="toxtrack check", description=__doc__)
    parser.add_argument("--db", help="database file (default: TOXTRACK_DB or the user data folder)")
    args = parser.parse_args(list(argv))
    path = default_db_path(args.db)
    try:
        problems, notes = check_findings(path)
    except ToxTrackError as error:
        print(error)
        return EXIT_REFUSED
    problems += signature_findings(path)
    for note in notes:
        print(f"note: {note}")
    demo = demo_patients(path)
    if demo:  # not a problem of the file, but no one may take its records for patients
        print(f"{DEMO_LABEL}: this file holds {demo} synthetic demo patient{'s' if demo != 1 else ''}.")
    for problem in problems:
        print(problem)
    if problems:
        return EXIT_PROBLEMS
    print("ok")
    return EXIT_OK
