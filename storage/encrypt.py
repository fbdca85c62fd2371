"""Encrypting an existing database, and changing its passphrase (issue 17: `toxtrack encrypt`, `rekey`).

Both copy the file under the writer lock with SQLCipher's `sqlcipher_export` into a new file keyed
with the new passphrase, verify the copy record for record and its audit hash chain against the
original, and only then swap it in with one atomic rename. A failure at any point leaves the original
as it was. The unencrypted original is kept beside it only when asked (it holds every record in the
clear, so the caller warns about it).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from clinical.errors import ToxTrackError
from storage import audit, cipher
from storage.backup import partial_name, remove_partial
from storage.connection import connect, database, enable_wal, file_kind, open_connection
from storage.durable import fsync_dir
from storage.engine import sqlite3
from storage.errors import DatabaseRefusedError
from storage.lock import WriterLock
from storage.paths import free_name

HEADER_FIELDS = ("application_id", "user_version")


class ConversionError(ToxTrackError):
    """The copy did not verify (or could not be made); the original is unchanged."""


def convert(
    path: Path, passphrase: str, *, keep_original: bool = False, now: dt.datetime | None = None
) -> Path | None:
    """Re-key `path` (plain or encrypted, its current passphrase already known) with `passphrase`.
    Returns where the original was kept (only with `keep_original`), else None."""
    if file_kind(path) not in ("sqlite", "other"):
        raise DatabaseRefusedError(f"The database {path} does not exist.")
    lock = WriterLock(path)
    partial = partial_name(path)
    try:
        remove_partial(partial)
        _export(path, partial, passphrase)
        cipher.remember(partial, passphrase)
        problems = differences(path, partial)
        if problems:
            raise ConversionError(
                f"The encrypted copy of {path.name} did not verify ({problems[0]}); nothing changed."
            )
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        kept = _keep(path, now) if keep_original else None
        os.replace(partial, path)
        cipher.share(partial, path)
        fsync_dir(path.parent)
        for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            companion.unlink(missing_ok=True)  # the original's, emptied by the checkpoint
        return kept
    finally:
        cipher.remember(partial, None)
        remove_partial(partial)
        lock.release()


def _export(path: Path, partial: Path, passphrase: str) -> None:
    """Checkpoint `path` and copy every table, index, trigger and the schema version into `partial`."""
    conn = open_connection(path)
    try:
        enable_wal(conn)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        header = {name: int(conn.execute(f"PRAGMA {name}").fetchone()[0]) for name in HEADER_FIELDS}
        conn.execute(f"ATTACH DATABASE ? AS converted KEY {cipher.quoted(passphrase)}", (str(partial),))
        try:
            conn.execute("SELECT sqlcipher_export('converted')")
            for name, value in header.items():  # sqlcipher_export copies neither
                conn.execute(f"PRAGMA converted.{name} = {value}")
        finally:
            conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()


def differences(original: Path, copy: Path) -> list[str]:
    """Where `copy` differs from `original`: schema, schema version, any record of any table, the
    audit chain (verified in the copy) and its head."""
    first, second = connect(original, read_only=True), connect(copy, read_only=True)
    try:
        problems: list[str] = []
        schema = "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        if first.conn.execute(schema).fetchall() != second.conn.execute(schema).fetchall():
            problems.append("its tables, indexes or triggers differ")
        for name in HEADER_FIELDS:
            if (
                first.conn.execute(f"PRAGMA {name}").fetchone()
                != second.conn.execute(f"PRAGMA {name}").fetchone()
            ):
                problems.append(f"its {name} differs")
        tables = [str(row[1]) for row in first.conn.execute(schema) if row[0] == "table"]
        for name in tables:
            if _records(first.conn, name) != _records(second.conn, name):
                problems.append(f"table {name} holds different records")
        if "audit_log" in tables:
            problems.extend(audit.verify_chain(database(second.conn)))
            if audit.head(database(first.conn)) != audit.head(database(second.conn)):
                problems.append("the audit head hash differs")
        return problems
    finally:
        first.conn.close()
        second.conn.close()


def _records(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    names = [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]
    order = ", ".join(f'"{name}"' for name in names)
    return [tuple(row) for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}')]


def _keep(path: Path, now: dt.datetime | None) -> Path:
    """Keep the original under a new name (a hard link, so `path` never stops existing)."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    kept = free_name(path.with_name(f"{path.stem}.unencrypted-{moment:%Y%m%dT%H%M%SZ}{path.suffix}"))
    try:
        os.link(path, kept)
    except OSError:
        import shutil

        shutil.copy2(path, kept)
    return kept
