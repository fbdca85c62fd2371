"""Repository plumbing: opening (identify, lock, migrate), transactions, row reads, audited inserts."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self, cast

from clinical.errors import NotFoundError, PermissionRefusedError
from clinical.model import PatientId
from storage import audit, safety
from storage.connection import (
    absent_message,
    database,
    file_kind,
    guard_audit,
    open_connection,
    refuse_foreign_file,
    write,
)
from storage.engine import sqlite3
from storage.errors import DatabaseRefusedError, ReadOnlyError, translated
from storage.lock import WriterLock
from storage.migrations import SCHEMA_VERSION, stored_version
from storage.paths import database_path
from storage.repo_convert import Record, decode, encode, table_of
from storage.repo_open import open_database, refuse_live_writer
from storage.schema import ASSESSMENT_TABLE, TABLES, USER_TABLE

if TYPE_CHECKING:
    import sqlite_utils

    from storage.account_record import Account

Clock = Callable[[], dt.datetime]
Params = Sequence[object] | dict[str, object]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class RepositoryBase:
    """State shared by the repository roles: the connection, the writer lock, user and clock."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        read_only: bool,
        user: str,
        lock: WriterLock | None,
        clock: Clock,
    ) -> None:
        self._conn = conn
        self._db_cache: sqlite_utils.Database | None = None
        self.path = path
        self.read_only = read_only
        self.user = user  # who each change names: the signed-in user id, else the login given at open
        self.os_user = user  # the operating-system login (or the `user` given at open)
        self.account: Account | None = None  # the signed-in user (storage/repo_accounts.py)
        self.locked = False  # the window locked after idle time: nothing is saved until unlocked
        self._has_accounts: bool | None = None  # read on the first write that asks
        self._touched: set[tuple[str, int]] = set()  # (table, row id) audited in this transaction
        self._lock = lock
        self._clock = clock
        # What the user must be told about this file (storage.safety): why it is read-only, a risky
        # location, a clock behind the audit trail. `damaged`: it failed its check at open.
        self.notices: tuple[str, ...] = ()
        self.damaged = False
        self.checks_pending = False  # see `open(defer_checks_above=...)`
        self._anchored = True  # False once a write committed: close() then anchors with an fsync
        self._anchored_head: tuple[int, str] = (0, "")  # the head this session last anchored

    @property
    def _db(self) -> sqlite_utils.Database:
        """sqlite-utils' Database over `_conn`, made when first needed (writes, migrations, audit):
        opening and reading the patient list do without it (storage.connection.database)."""
        if self._db_cache is None:
            self._db_cache = database(self._conn)
        return self._db_cache

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        create: bool = True,
        user: str | None = None,
        clock: Clock | None = None,
        defer_checks_above: int | None = None,
    ) -> Self:
        """Open (or create) a database; a second writer gets InUseError, foreign files
        DatabaseRefusedError, and the file is left as it was in both cases.

        `defer_checks_above` (bytes): a writable open of a larger file takes the writer lock and
        opens read-only at once, leaving quick_check, the audit tail and the clock check to
        `run_deferred_checks` (any thread) + `finish_checks` (this thread); until then nothing can
        be saved (`checks_pending`). These checks read the whole file: seconds at network scale."""
        db_path = database_path(path)  # a symbolic link: the file it leads to; one pointing nowhere: refused
        refuse_foreign_file(db_path)
        if defer_checks_above is not None and not read_only:
            deferred = cls._open_deferred(db_path, defer_checks_above, user, clock)
            if deferred is not None:
                return deferred
        if not read_only:
            refuse_live_writer(db_path)
        assessment = safety.assess_at_open(db_path, read_only)  # refuses damaged files untouched
        forced = assessment.read_only_reason is not None
        if file_kind(db_path) in ("missing", "empty") and (read_only or forced or not create):
            raise DatabaseRefusedError(absent_message(db_path))
        read_only = read_only or forced
        lock = None if read_only else WriterLock(db_path)
        try:
            conn = open_database(db_path, read_only, pristine=forced, lock=lock)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        repo = cls(
            conn,
            db_path,
            read_only=read_only,
            user=user or getpass.getuser(),
            lock=lock,
            clock=clock or _utc_now,
        )
        repo.notices, repo.damaged = assessment.notices, assessment.damaged
        if not read_only:
            try:
                repo.notices += safety.clock_notice(repo)
            except BaseException:
                repo.close()
                raise
        return repo

    @classmethod
    def _open_deferred(cls, path: Path, min_bytes: int, user: str | None, clock: Clock | None) -> Self | None:
        """The writable open with its SQLite checks postponed, or None when it cannot be (a small,
        new, read-only-file or not-yet-migrated database, a WAL that needs recovery): then `open`
        runs every check before it returns, as always."""
        if file_kind(path) != "sqlite" or path.stat().st_size <= min_bytes:
            return None
        assessment = safety.assess(path)  # byte-level and location checks: instant
        if not assessment.ok:
            return None
        lock = WriterLock(path)  # a second writer is refused now, not after the checks
        conn: sqlite3.Connection | None = None
        try:
            conn = open_connection(path, read_only=True, pristine=True)  # closing it never checkpoints
            try:
                current = stored_version(conn, path) == SCHEMA_VERSION  # refuses foreign files
            except sqlite3.DatabaseError:  # damage, SQLITE_READONLY_RECOVERY...: `open` decides
                current = False
            if not current:
                conn.close()
                lock.release()
                return None
            guard_audit(conn)
        except BaseException:
            if conn is not None:
                conn.close()
            lock.release()
            raise
        repo = cls(
            conn, path, read_only=True, user=user or getpass.getuser(), lock=lock, clock=clock or _utc_now
        )
        repo.notices, repo.checks_pending = assessment.notices, True
        return repo

    def close(self) -> None:
        """Anchor (fsynced) the head of a session that wrote, close the connection (checkpointing
        the WAL) and release the writer lock."""
        try:
            if not self._anchored:
                from storage import anchors

                self._anchored = True
                with contextlib.suppress(sqlite3.Error):
                    anchors.record_head(self.path, self._conn, "close", sync=True)
            self._conn.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---- time -------------------------------------------------------------------------------

    def now(self) -> dt.datetime:
        return self._clock()

    def today(self) -> dt.date:
        """The local calendar date (what the clinic calls today)."""
        return self._clock().astimezone().date()

    # ---- transactions and reads -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One user action = one transaction (BEGIN IMMEDIATE; nested calls use savepoints)."""
        if self.checks_pending:
            raise ReadOnlyError(
                f"The database {self.path} is still being checked; nothing was saved. Try again in a moment."
            )
        if self.read_only:
            raise ReadOnlyError(f"The database {self.path} is open read-only; nothing was saved.")
        from storage import anchors  # on the first write, not at start-up (two dataclasses: ~2 ms)

        outermost = not self._conn.in_transaction
        if outermost:
            self._touched = set()
        with translated(str(self.path)), write(self._db):
            yield
            if outermost and self._touched:
                self._after_writes(self._touched)
            head = anchors.head(self._conn) if outermost else self._anchored_head
            if head != self._anchored_head:  # the head-to-be, just before COMMIT (storage/anchors.py)
                anchors.record(self.path, *head, "pending")
        if head != self._anchored_head:  # committed: the new audit head, anchored outside the file
            self._anchored, self._anchored_head = False, head
            anchors.record(self.path, *head, "commit")

    def _rows(self, sql: str, params: Params = ()) -> list[dict[str, object]]:
        with translated(str(self.path)):
            cursor = self._conn.cursor()
            cursor.row_factory = sqlite3.Row
            return [dict(row) for row in cursor.execute(sql, params)]

    def _ids(self, sql: str, params: Params = ()) -> list[PatientId]:
        """The first column of each row as ids: a plain cursor, no per-row dicts, since the list of
        a network database's 10,000 patients is read at every start-up and search."""
        with translated(str(self.path)):
            return cast(list[PatientId], [row[0] for row in self._conn.execute(sql, params)])

    def _scalar(self, sql: str, params: Params = ()) -> object:
        with translated(str(self.path)):
            row = self._conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    def _row(self, kind: str, row_id: int) -> dict[str, object]:
        """The stored row of one record; NotFoundError when there is none."""
        if kind in TABLES:
            found = self._rows(f"SELECT * FROM {TABLES[kind]} WHERE id = ?", (row_id,))
        else:  # the one table of the data-defined kinds: the id must be a record of this kind
            found = self._rows(f"SELECT * FROM {ASSESSMENT_TABLE} WHERE id = ? AND kind = ?", (row_id, kind))
        if not found:
            raise NotFoundError(f"There is no {kind} record with id {row_id}.")
        return found[0]

    def record(self, kind: str, row_id: int) -> Record:
        return decode(kind, self._row(kind, row_id))

    def _enrolment(self, patient_id: int) -> dt.date:
        value = self._row("patient", patient_id)["enrolment_date"]
        return dt.date.fromisoformat(str(value))

    def _checked_against_plan(self, kind: str, record: Record, reason: str) -> Record:
        """A corrected record as stored after the protocol checks (storage/repo_doses.py overrides
        it for doses); other kinds are stored as they are."""
        return record

    # ---- who may write (issue 16: clinical/roles.py) -----------------------------------------

    def _accounts_exist(self) -> bool:
        if self._has_accounts is None:
            self._has_accounts = self._scalar(f"SELECT 1 FROM {USER_TABLE} LIMIT 1") is not None
        return self._has_accounts

    def _require(self, action: str) -> None:
        """Refuse `action` (a row of clinical.roles.MATRIX) unless the signed-in role may do it. A
        database without accounts yet (a new file before its first administrator, tools and tests
        that open one directly) is written under the login given at open, as before issue 16; once
        it has accounts, every change needs a signed-in user."""
        from clinical import roles

        account = self.account
        if self.read_only:  # the write itself is refused as read-only, the clearer sentence
            return
        if account is None:
            if self._accounts_exist():
                raise PermissionRefusedError(
                    "Nothing was saved: sign in first (every change names the signed-in user)."
                )
            return
        if self.locked:
            raise PermissionRefusedError("Nothing was saved: the window is locked; unlock it first.")
        if account.must_change:
            raise PermissionRefusedError("Nothing was saved: change your one-time password first.")
        if not roles.allowed(account.role, action):
            raise PermissionRefusedError(roles.refusal(account.role, action))

    def _require_entry(self, record: object) -> None:
        """A new record needs the right to enter data, and one entered with an override the right
        to override a grade."""
        self._require("enter")
        if getattr(record, "override_grade", None) is not None:
            self._require("override_grade")

    # ---- audited writes (call inside self.transaction()) ------------------------------------

    def _audit(
        self, action: str, kind: str, row_id: int, changes: dict[str, list[object]], reason: str = ""
    ) -> None:
        entry = audit.PendingEntry(
            at=audit.utc_text(self.now()),
            user=self.user,
            action=action,
            table=table_of(kind),
            row_id=row_id,
            changes=audit.canonical(changes),
            reason=reason,
        )
        audit.append(self._db, [entry])
        self._touched.add((entry.table, row_id))

    def _after_writes(self, touched: set[tuple[str, int]]) -> None:
        """Runs at the end of each write transaction, before it commits, with the (table, row id) of
        every audited change in it: storage/repo_signatures.py voids the signatures they break."""

    def _insert(self, kind: str, record: Record) -> int:
        """Insert one record and its 'insert' audit row; returns the new id."""
        values = encode(kind, record)
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self._conn.execute(
            f"INSERT INTO {table_of(kind)} ({names}) VALUES ({marks})", list(values.values())
        )
        row_id = int(cursor.lastrowid or 0)
        self._audit("insert", kind, row_id, {k: [None, v] for k, v in values.items()})
        return row_id

    def _update(self, kind: str, row_id: int, values: dict[str, object], action: str, reason: str) -> bool:
        """Write changed columns of one row with a field-level audit row; False when nothing changed."""
        old = self._row(kind, row_id)
        changes = audit.diff(old, values)
        if not changes:
            return False
        assignments = ", ".join(f"{name} = ?" for name in changes)
        self._conn.execute(
            f"UPDATE {table_of(kind)} SET {assignments} WHERE id = ?",
            [values[name] for name in changes] + [row_id],
        )
        self._audit(action, kind, row_id, changes, reason)
        return True
