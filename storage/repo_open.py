"""Opening a database file: create a new one complete, connect and migrate, refuse a live writer."""

from __future__ import annotations

from pathlib import Path

from storage import cipher
from storage.connection import (
    database,
    enable_wal,
    file_kind,
    guard_audit,
    open_connection,
)
from storage.durable import durable_rename
from storage.engine import sqlite3
from storage.errors import DatabaseRefusedError, ReadOnlyError, translated
from storage.lock import WriterLock
from storage.migrations import SCHEMA_VERSION, migrate, stored_version


def create_new(path: Path) -> None:
    """Build a new database beside its final name and rename it into place complete.

    Created in place, a process killed between SQLite creating the file and the first commit left a
    0-byte file beside its lock file, which storage.safety rightly takes for a database emptied after
    use and refuses (seen in the SIGKILL loops of tests/safety). Now such a kill leaves at most a
    stray `<name>.new`, cleared by the next creation."""
    partial = path.with_name(f"{path.name}.new")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        cipher.for_new(path, partial)  # a passphrase given for the new file encrypts it from the first page
    except ValueError as exc:
        raise DatabaseRefusedError(str(exc)) from exc
    conn = open_connection(partial)
    try:
        with translated(str(path)):
            enable_wal(conn)
            migrate(database(conn))
    finally:
        conn.close()  # the last connection: checkpoints and removes the WAL
    durable_rename(partial, path)
    cipher.share(partial, path)


def open_database(
    path: Path, read_only: bool, pristine: bool = False, lock: WriterLock | None = None
) -> sqlite3.Connection:
    """Connect, recognise the file as ToxTrack (or refuse it untouched), then WAL + migrate; a new
    file (missing, or empty and never used) is created complete first (`create_new`), and `lock`
    then locks the new file itself too (WriterLock.hold_file). Writable opens hold `lock` here, so a
    migration runs only under the one writer lock of the file, whatever name reached it."""
    if not read_only and not pristine and file_kind(path) in ("missing", "empty"):
        create_new(path)
        if lock is not None:
            lock.hold_file(path)
    conn = open_connection(path, read_only=read_only, pristine=pristine)
    try:
        with translated(str(path)):
            version = stored_version(conn, path)
            if read_only:
                if version < SCHEMA_VERSION:
                    raise DatabaseRefusedError(
                        f"The database {path} is empty or from an older ToxTrack and cannot be "
                        "upgraded read-only; open it once for writing."
                    )
            else:
                enable_wal(conn)
                if version < SCHEMA_VERSION:  # sqlite-utils is loaded only when there is work for it
                    migrate(database(conn))
    except BaseException:
        conn.close()
        raise
    guard_audit(conn)
    return conn


def refuse_live_writer(path: Path) -> None:
    """InUseError now when another process writes the file through any name, before the byte and
    SQLite checks read a file that is changing under them (a checkpoint through a hard link once
    read as "truncated"). The lock is taken and let go at once: `open` takes it for good after the
    checks, so that the -wal/-shm of a writer that died is still seen as having no writer while it
    is judged (storage.connection.read_only_uri). Folders it may not write and systems that cannot
    lock every name are left to the checks and WriterLock below, which explain them. Only a file
    with content is probed: the lock file left beside an empty one would mark it as truncated."""
    if file_kind(path) != "sqlite":
        return
    try:
        probe = WriterLock(path)
    except (ReadOnlyError, DatabaseRefusedError):
        return
    probe.release()
