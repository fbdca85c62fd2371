"""Restoring a backup: verify it, copy it beside the database, keep the current file aside, swap.

The current file is renamed with a UTC timestamp, never overwritten or deleted (issue 6), and the
copy is verified against the backup's manifest before it takes the database's name.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from clinical.errors import ToxTrackError
from storage import anchors, cipher
from storage.backup import (
    BackupError,
    FolderMissingError,
    Manifest,
    copy_with_reason,
    partial_name,
    remove_partial,
    verify_backup,
    verify_copy,
)
from storage.connection import connect
from storage.durable import fsync_dir
from storage.engine import sqlite3
from storage.lock import WriterLock
from storage.paths import free_name
from storage.replay import replay_problems
from storage.safety import inspect_file, read_only_connection

log = logging.getLogger("toxtrack.storage")


@dataclass(frozen=True)
class Restored:
    """Where the restored database is and where the file it replaced was kept (None if there was none),
    and what the restore could and could not verify about the backup, as sentences."""

    path: Path
    kept_aside: tuple[Path, ...]
    manifest: Manifest
    verified: tuple[str, ...] = ()
    unverified: tuple[str, ...] = ()


def restore_backup(
    backup: Path, db_path: Path, now: dt.datetime | None = None, *, create_folder: bool = False
) -> Restored:
    """Replace `db_path` with a verified copy of `backup`; the current file (with its WAL) is renamed
    aside with a timestamp, never overwritten or deleted. Takes the writer lock, so a running
    ToxTrack that has the file open, through any name of it, makes this fail with InUseError
    before anything changes. Through a symbolic link, the file the link leads to is replaced and
    the link is kept.

    The manifest's checksum only shows the file is the one the manifest describes: whoever edits a
    backup can recompute both. So the backup's audit head is also compared with the anchor log
    (storage/anchors.py) and its rows are replayed against its audit entries (storage/replay.py);
    a backup that fails either is refused, and what could not be compared is said.

    A folder that does not exist is created only with `create_folder` (FolderMissingError
    otherwise): a mistyped --db used to create a new folder silently and restore into it (issue 12)."""
    manifest = verify_backup(backup)
    verified, unverified = _verify_against_anchors(backup, db_path, manifest)
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    if not db_path.parent.is_dir():
        if not create_folder:
            raise FolderMissingError(db_path.parent)
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or exc
            raise BackupError(
                f"The folder {db_path.parent} could not be created ({reason}); nothing was restored."
            ) from exc
    lock = WriterLock(db_path)
    try:
        kept = _swap_in(backup, lock.database, manifest, moment)
    finally:
        lock.release()
    snap = manifest.snapshot
    anchors.record(lock.database, snap.audit_count, snap.audit_head, "restore", sync=True, now=moment)
    return Restored(db_path, kept, manifest, verified, unverified)


def _verify_against_anchors(
    backup: Path, db_path: Path, manifest: Manifest
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(what was verified, what could not be) beyond the manifest; BackupError when the backup's
    audit trail contradicts the anchor log or its rows contradict its audit trail."""
    verified = ["its checksum, row counts and audit hash chain match its manifest"]
    unverified: list[str] = []
    snap = manifest.snapshot
    logs = [db_path, Path(manifest.source)] if manifest.source else [db_path]
    matched, how = anchors.verify_head(logs, snap.audit_count, snap.audit_head)
    if matched is False:
        raise BackupError(f"{backup.name} was not restored: {how}.")
    (verified if matched else unverified).append(how)
    conn = read_only_connection(backup)
    try:
        mismatches = replay_problems(conn)
    finally:
        conn.close()
    if mismatches:
        raise BackupError(
            f"{backup.name} was not restored: its rows differ from its audit trail ({mismatches[0]})."
        )
    verified.append("every row matches its audit trail")
    return tuple(verified), tuple(unverified)


def _swap_in(backup: Path, db_path: Path, manifest: Manifest, moment: dt.datetime) -> tuple[Path, ...]:
    partial = partial_name(db_path)
    try:
        snapshot = copy_with_reason(backup, partial, db_path)
        problems = verify_copy(partial, manifest.snapshot)
        if problems or snapshot != manifest.snapshot:
            raise BackupError(f"The restored copy of {backup.name} did not verify; nothing was replaced.")
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        kept = _keep_aside(db_path, moment)
        os.replace(partial, db_path)
        cipher.share(backup, db_path)  # the restored file has the backup's key (or none)
        fsync_dir(db_path.parent)
    finally:
        remove_partial(partial)
    return kept


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the file and leave rollback mode, so the file alone holds every commit."""
    db = connect(db_path)
    try:
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        db.conn.close()


def _keep_aside(db_path: Path, moment: dt.datetime) -> tuple[Path, ...]:
    """Rename the current database and its -wal/-shm to `<stem>.replaced-<UTC time><suffix>`.

    The database file is hard-linked first where the filesystem allows, so `db_path` never stops
    existing (a crash part-way leaves the old file in place, not a missing one that a later open
    would replace with an empty database).
    """
    if not db_path.exists():
        return ()
    if inspect_file(db_path) is None:
        try:
            _checkpoint(db_path)
        except (ToxTrackError, sqlite3.DatabaseError) as exc:
            # A damaged file cannot be checkpointed; its WAL is moved aside with it below.
            log.warning("could not checkpoint %s before keeping it aside: %s", db_path, exc)
    aside = free_name(db_path.with_name(f"{db_path.stem}.replaced-{moment:%Y%m%dT%H%M%SZ}{db_path.suffix}"))
    kept = []
    for suffix in ("-wal", "-shm", "-journal"):
        companion = Path(f"{db_path}{suffix}")
        if companion.exists():
            target = Path(f"{aside}{suffix}")
            os.replace(companion, target)
            kept.append(target)
    try:
        os.link(db_path, aside)
    except OSError:
        os.replace(db_path, aside)
    return (aside, *kept)
