"""Opening safely: file checks before SQLite touches a file, quick_check, risky locations, clock jumps.

Why these exist (reliability-reference.md): SQLite adds no redundancy to detect damage (A1.1, pitfall 7),
network filesystems and cloud-sync clients break its locking and separate the WAL from the database
(A1.6, pitfalls 1-2), and a clock the user can move makes audit times ambiguous (R4, pitfall 16).
Everything here only reads: a damaged file must be left exactly as it was found.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from storage.engine import sqlite3
from storage.file_checks import inspect_file
from storage.locations import location_warning

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    import sqlite_utils

log = logging.getLogger("toxtrack.storage")

# Gives a read-only connection to a path (storage.connection's factory in the app, a stub in tests).
ConnFactory = Callable[[Path], sqlite3.Connection]

# A backwards step smaller than this is ordinary clock correction (NTP), not a jump (reliability R4).
CLOCK_TOLERANCE = dt.timedelta(minutes=2)


@dataclass(frozen=True)
class Assessment:
    """What the open path should do with a file: refuse it, open it read-only, or open it with warnings.

    `refusal` and `read_only_reason` are complete sentences for the user; `warnings` never block.
    """

    refusal: str | None = None
    read_only_reason: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    damaged: bool = False  # failed its check: the GUI offers the newest good backup

    @property
    def ok(self) -> bool:
        return self.refusal is None and self.read_only_reason is None

    @property
    def notices(self) -> tuple[str, ...]:
        """Sentences for the banner: why the file is read-only, then the warnings."""
        reason = (self.read_only_reason,) if self.read_only_reason else ()
        return (*reason, *self.warnings)


# Files up to this size get the full integrity_check at open (indexes against tables too: a damaged
# row that is still well-formed shows up as "row N missing from index"); larger files get the O(N)
# quick_check, measured at about 1 s per 70 MB on the build machine (reliability-reference D5).
FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024


def quick_check(conn: sqlite3.Connection, max_errors: int = 5, full: bool = False) -> list[str]:
    """`PRAGMA quick_check` (or `integrity_check` when `full`): run at every open (reference A1.5).

    Returns the problems found (empty when the file is sound). A file too damaged to even read its
    schema raises `sqlite3.DatabaseError`, which the caller turns into a refusal.
    """
    pragma = "integrity_check" if full else "quick_check"
    rows = conn.execute(f"PRAGMA {pragma}({int(max_errors)})").fetchall()
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def damaged_message(path: Path, problems: Iterable[str]) -> str:
    """One sentence for a file that failed its check: what happened and what the user can do.

    quick_check reports several lines per problem, headed "*** in database main ***"; the first
    real line is enough for the user (the full list is what `toxtrack check` prints).
    """
    lines = [line.strip() for problem in problems for line in problem.splitlines()]
    first = next((line for line in lines if line and not line.startswith("***")), "unknown problem")
    return (
        f"{path.name} is damaged ({first.rstrip('.')}), so it was opened read-only; "
        "restore the newest good backup from File > Restore."
    )


def assess(path: Path, conn_factory: ConnFactory | None = None, environ: Mapping[str, str] | None = None,
           mounts: str | None = None) -> Assessment:  # fmt: skip
    """Everything to know before a writable session starts on `path`.

    `conn_factory(path)` must return a read-only connection (so a stale WAL is never checkpointed
    into the file while it is being judged); without it only the byte-level checks run.
    """
    refusal = inspect_file(path)
    if refusal is not None:
        return Assessment(refusal=refusal)
    warnings = tuple(w for w in (location_warning(path, environ, mounts),) if w)
    if not path.exists():
        return Assessment(warnings=warnings)
    read_only = None
    if not os.access(path, os.W_OK):
        read_only = f"{path.name} is a read-only file, so it is open read-only; nothing can be saved."
    if conn_factory is not None:
        problems = _run_quick_check(path, conn_factory)
        if not problems:
            found = anchor_findings(path, conn_factory)
            problems, warnings = list(found.problems), (*warnings, *found.warnings)
        if problems:
            return Assessment(
                read_only_reason=damaged_message(path, problems), warnings=warnings, damaged=True
            )
    return Assessment(read_only_reason=read_only, warnings=warnings)


def assess_at_open(path: Path, read_only: bool) -> Assessment:
    """The checks `Repository.open` runs: all of them for a writable session; for a read-only one
    (a second window, a report worker, the cohort thread) only the byte-level and location checks,
    since the writable session that opened the file ran the SQLite checks, and workers open often."""
    assessment = assess(path, None if read_only else read_only_connection)
    if assessment.refusal is not None:
        from storage.errors import DatabaseRefusedError

        raise DatabaseRefusedError(assessment.refusal)
    return assessment


@dataclass(frozen=True)
class DeferredChecks:
    """What `deferred_checks` found: problems (empty when the file is sound), the newest audit time
    (ISO text, None for an empty log), which the clock check needs and would otherwise read again,
    and warnings that do not make the file read-only (no anchor to compare with...)."""

    problems: tuple[str, ...]
    last_audit_at: str | None = None
    warnings: tuple[str, ...] = ()


def anchor_findings(path: Path, conn_factory: ConnFactory | None = None) -> DeferredChecks:
    """The file against its newest anchor (storage/anchors.py): one indexed lookup and the end of
    the anchor log, cheap enough for every open. Entries beyond the anchor and a missing log are
    warnings; a chain that does not extend its anchor is damage (altered, or commits lost)."""
    from storage import anchors

    conn = (conn_factory or read_only_connection)(path)
    try:
        found = anchors.compare(conn, path)
    except sqlite3.DatabaseError as exc:
        return DeferredChecks((str(exc),))
    finally:
        conn.close()
    return DeferredChecks(found.problems, warnings=(*found.unanchored, *found.notes))


# The open checks of a file above this size replay only its newest rows (REPLAY_ROWS_AT_OPEN per
# table); `toxtrack check` always replays everything. About 12 us a row on the build machine.
REPLAY_ALL_MAX_BYTES = 64 * 1024 * 1024
REPLAY_ROWS_AT_OPEN = 5_000


def report_problems(path: Path) -> list[str]:
    """The open checks' damage findings for a report or export (their read-only opens skip the
    SQLite checks): quick_check and the audit tail, the newest anchor, the audit replay."""
    problems = _run_quick_check(path, read_only_connection)
    if problems:
        return problems
    return [*anchor_findings(path).problems, *tamper_checks(path).problems]


def tamper_checks(path: Path) -> DeferredChecks:
    """The audit replay (storage/replay.py: every row against its audit entries) on a connection of
    its own, for a worker thread: the GUI runs it after the window is shown, so it adds nothing to
    start-up; files above REPLAY_ALL_MAX_BYTES replay their newest rows only."""
    from storage.replay import replay_problems

    newest = None if path.stat().st_size <= REPLAY_ALL_MAX_BYTES else REPLAY_ROWS_AT_OPEN
    conn = read_only_connection(path)
    try:
        return DeferredChecks(tuple(replay_problems(conn, newest)))
    except sqlite3.DatabaseError as exc:
        return DeferredChecks((str(exc),))
    finally:
        conn.close()


def deferred_checks(path: Path) -> DeferredChecks:
    """The SQLite checks of `assess` plus the newest audit time, on connections of their own, so a
    large file can be checked on a worker thread while the window already shows it read-only
    (Repository.open(defer_checks_above=...), benchmarks/README.md start-up)."""
    problems = _run_quick_check(path, read_only_connection)
    if problems:
        return DeferredChecks(tuple(problems))
    anchored = anchor_findings(path)
    replayed = tamper_checks(path)
    if anchored.problems or replayed.problems:
        return DeferredChecks((*anchored.problems, *replayed.problems), warnings=anchored.warnings)
    conn = read_only_connection(path)
    try:
        row = conn.execute("SELECT max(at) FROM audit_log").fetchone()
    except sqlite3.DatabaseError as exc:
        return DeferredChecks((str(exc),))
    finally:
        conn.close()
    return DeferredChecks((), None if row is None or row[0] is None else str(row[0]), anchored.warnings)


def _run_quick_check(path: Path, conn_factory: ConnFactory) -> list[str]:
    """quick_check, then the newest audit rows' hashes; a file too damaged to read is a problem too."""
    full = path.stat().st_size <= FULL_CHECK_MAX_BYTES
    conn = conn_factory(path)
    try:
        return quick_check(conn, full=full) or audit_tail_problems(conn)
    except sqlite3.DatabaseError as exc:  # OperationalError included: undecodable text is damage
        return [str(exc)]
    finally:
        conn.close()


# How many of the newest audit rows are re-hashed at every open: about 0.15 s for 5,000 on the
# build machine (a 131 MB file: quick_check 1.1 s, this 0.17 s, under load); the whole chain is
# verified by `toxtrack check` and in every backup's verification.
AUDIT_ROWS_AT_OPEN = 5_000


def audit_tail_problems(conn: sqlite3.Connection, rows: int = AUDIT_ROWS_AT_OPEN) -> list[str]:
    """Re-hash the newest `rows` audit rows: damage inside a record (a flipped byte in a value) is
    invisible to quick_check but changes the row's hash (reliability-reference R3, pitfall 7)."""
    from storage import audit

    if conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'audit_log'").fetchone() is None:
        return []
    cursor = conn.execute(
        f"SELECT {audit.AUDIT_COLUMNS} FROM audit_log WHERE id > "
        "(SELECT coalesce(max(id), 0) FROM audit_log) - ? ORDER BY id",
        (rows,),
    )
    prev = None
    for row_id, at, user, action, table, target, changes, reason, prev_hash, digest in cursor:
        entry = audit.PendingEntry(at, user, action, table, target, changes, reason)
        if (prev is not None and prev_hash != prev) or audit.row_hash(prev_hash, row_id, entry) != digest:
            return [f"audit row {row_id} does not match its hash"]
        prev = digest
    return []


_CREATED = re.compile(r"CREATE\s+(?:UNIQUE\s+)?(TABLE|INDEX|TRIGGER)\s+(?:IF NOT EXISTS\s+)?(\w+)", re.I)
# The indexes each later migration step adds (storage.migrations: v2 dose_cycle, v3 indexes_v3).
_V2_OBJECTS = ("dose_cycle",)


def _created(statements: Iterable[str]) -> list[tuple[str, str]]:
    return [(m.group(1).lower(), m.group(2)) for m in map(_CREATED.search, statements) if m]


def schema_refusal(conn: sqlite3.Connection, path: Path, version: int) -> str | None:
    """A ToxTrack file whose structure contradicts its version number, in one sentence (or None).

    Issue 12: a dropped table, or a version number that lies (a file saying 2 that already holds
    version 3's indexes, a file saying 0 that holds tables), reached SQL that assumed the schema and
    ended in a traceback or a failed migration. Missing triggers are left to `toxtrack check`,
    which names them."""
    from storage.schema import indexes_v3, schema_v1

    present = {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_schema")}
    if version == 0:
        if present:
            return (
                f"{path.name} records no schema version yet holds {len(present)} tables and indexes; "
                "its version number is wrong, so ToxTrack did not open it."
            )
        return None
    # before the tables a version needs: a later version may have dropped some (version 8)
    later = {2: _V2_OBJECTS, 3: tuple(name for _, name in _created(indexes_v3()))}
    for step, names in later.items():
        if step > version and any(name in present for name in names):
            return (
                f"{path.name} records schema version {version} but holds version {step}'s indexes; "
                "its version number is wrong, so ToxTrack did not open it."
            )
    required = [name for kind, name in _created(schema_v1()) if kind == "table"]
    if version >= 8:  # version 8 moved three tables' rows into the assessment table (storage/layout.py)
        from storage.layout import MOVED_TABLES
        from storage.schema import ASSESSMENT_TABLE

        required = [name for name in required if name not in MOVED_TABLES] + [ASSESSMENT_TABLE]
    if version >= 9:  # user accounts (issue 16)
        from storage.schema import CREDENTIAL_TABLE, USER_TABLE

        required += [USER_TABLE, CREDENTIAL_TABLE]
    missing = [name for name in required if name not in present]
    if missing:
        return (
            f"{path.name} is a ToxTrack database with its {missing[0]} table missing, so ToxTrack did not "
            "open it; restore a backup."
        )
    return None


def clock_jump_warning(last_audit_at: dt.datetime | None, now: dt.datetime) -> str | None:
    """A warning when `now` is earlier than the last audit entry minus the tolerance, else None.

    New entries would then sort before older ones; the caller also records an audit event so the
    jump itself is part of the record (reliability-reference.md R4).
    """
    if last_audit_at is None:
        return None
    if now.tzinfo is None or last_audit_at.tzinfo is None:
        raise ValueError("clock_jump_warning needs timezone-aware datetimes")
    if now >= last_audit_at - CLOCK_TOLERANCE:
        return None
    behind = last_audit_at - now
    return (
        f"This computer's clock ({now.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC) is {_describe(behind)} "
        f"behind the last saved change ({last_audit_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC); "
        "check the date and time settings before entering data."
    )


def _describe(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minutes"
    hours = minutes // 60
    return f"{hours} hours" if hours < 48 else f"{hours // 24} days"


# SQLite's primary result code for "attempt to write a readonly database": with a read-only -shm it
# comes back extended (READONLY_RECOVERY, READONLY_CANTINIT) when the WAL index cannot be used as it is.
SQLITE_READONLY = 8


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot change `path`, its -wal or its -shm (`pristine`, see
    storage.connection.read_only_uri). When SQLite cannot use the WAL index without writing it (a
    writer killed at the wrong moment), the file and its WAL are read from a private copy instead:
    the open checks never rebuild the index, or checkpoint a stale WAL, in the user's folder."""
    from storage.connection import open_connection, private_copy

    conn = open_connection(path, read_only=True, pristine=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF != SQLITE_READONLY:
            raise
        log.info("WAL index of %s cannot be used read-only; checking a private copy", path)
        copy = private_copy(path)
        copy.execute("PRAGMA query_only=ON")
        return copy
    return conn


CLOCK_TABLE = "system_clock"


class Audited(Protocol):
    """What the clock check needs of a repository (storage.repo_base.RepositoryBase, which builds on
    this module, so it is described here rather than imported: issue 14, no import cycles)."""

    user: str

    @property
    def _db(self) -> sqlite_utils.Database: ...

    def _scalar(self, sql: str) -> object: ...

    def now(self) -> dt.datetime: ...

    def transaction(self) -> AbstractContextManager[None]: ...


def clock_notice(repo: Audited, last_audit_at: str | None = None) -> tuple[str, ...]:
    """`check_clock` as banner notices (empty when the clock is fine)."""
    warning = check_clock(repo, last_audit_at)
    return () if warning is None else (warning,)


def check_clock(repo: Audited, last_audit_at: str | None = None) -> str | None:
    """Compare the clock with the newest audit time (read here unless the caller read it already:
    a full scan of the audit log); a backwards jump is written to the audit trail (action "record"
    on the pseudo-table `system_clock`) and returned as a warning."""
    from storage import audit

    last_text = last_audit_at or repo._scalar("SELECT max(at) FROM audit_log")
    if last_text is None:
        return None
    last = dt.datetime.fromisoformat(str(last_text))
    now = repo.now()
    warning = clock_jump_warning(last, now)
    if warning is None:
        return None
    change = {"clock": [audit.utc_text(last), audit.utc_text(now)]}
    entry = audit.PendingEntry(
        audit.utc_text(now), repo.user, "record", CLOCK_TABLE, 0, audit.canonical(change), warning
    )
    with repo.transaction():
        audit.append(repo._db, [entry])
    return warning
