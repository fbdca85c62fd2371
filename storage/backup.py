"""Verified online backups, restores that keep the current file aside, and rotation of automatic backups.

A backup is made with SQLite's online backup API in one step (`pages=-1`: an incremental backup can
restart forever while another process writes, reliability-reference A1.4 and pitfall 6), never by
copying files (pitfall 2). It is written under a temporary name, verified, and only then renamed, so a
crash never leaves a partial backup under its final name. The manifest beside it records the counts
and the audit head hash: the external anchor that reveals a truncated audit chain (R3).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clinical.errors import ToxTrackError
from storage import audit, cipher
from storage.connection import connect
from storage.durable import durable_rename
from storage.engine import sqlite3
from storage.errors import DiskFullError, known_error
from storage.outputs import output_refusal
from storage.safety import inspect_file

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger("toxtrack.storage")

MANIFEST_FORMAT = "toxtrack-backup/1"
PARTIAL_MARK = ".partial-"
STALE_PARTIAL = dt.timedelta(hours=1)


class BackupError(ToxTrackError):
    """A backup or restore could not be made or did not verify; nothing was replaced."""


class FolderMissingError(BackupError):
    """A restore into a folder that does not exist, without being asked to create it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(f"The folder {folder} does not exist, so nothing was restored.")


@dataclass(frozen=True)
class Snapshot:
    """Row counts of every table and the audit head, read in one read transaction."""

    tables: dict[str, int]
    audit_count: int
    audit_head: str
    user_version: int


@dataclass(frozen=True)
class Manifest:
    """What the JSON file beside a backup says; `sha256` is of the backup file's bytes."""

    format: str
    created_at: str
    source: str
    file: str
    size: int
    sha256: str
    sqlite_version: str
    snapshot: Snapshot
    # The audit head this backup holds, as written to the anchor log ({count, hash, at, event}), and
    # the newest anchor the log held before it: None in manifests older than the anchor log.
    anchor: dict[str, object] | None = None
    previous_anchor: dict[str, object] | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = json.loads(text)
        data["snapshot"] = Snapshot(**data["snapshot"])
        return cls(**data)


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def take_snapshot(db: sqlite_utils.Database) -> Snapshot:
    """Counts and audit head of the connection's current read snapshot (call inside a transaction
    to pair it with a backup of the same snapshot)."""
    conn = db.conn
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    tables = {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names}
    count, head = audit.head(db) if "audit_log" in tables else (0, "")
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    return Snapshot(tables, count, head, version)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def partial_name(final: Path) -> Path:
    return final.with_name(f".{final.name}{PARTIAL_MARK}{os.getpid()}")


def remove_stale_partials(directory: Path, now: dt.datetime | None = None) -> list[Path]:
    """Delete temporary files left by a backup or restore that was killed more than an hour ago."""
    moment = (now or dt.datetime.now(dt.UTC)).timestamp()
    removed = []
    for path in directory.glob(f".*{PARTIAL_MARK}*"):
        if moment - path.stat().st_mtime > STALE_PARTIAL.total_seconds():
            path.unlink()
            removed.append(path)
    return removed


def copy_database(source: Path, target: Path) -> Snapshot:
    """Online backup of `source` into a new file `target`; returns the snapshot it copied.

    The counts are read in the same read transaction the backup copies from, so the copy and the
    snapshot describe the same moment even while another process keeps writing.
    """
    src = connect(source, read_only=True)  # an encrypted source is unlocked here (its passphrase known)
    cipher.share(source, target)  # so the copy is encrypted with the same key (issue 17)
    dst = connect(target)
    try:
        src.conn.execute("BEGIN")
        snapshot = take_snapshot(src)
        src.conn.backup(dst.conn, pages=-1)
        src.conn.execute("COMMIT")
        # A self-contained single file: no -wal beside the backup to lose or separate.
        dst.conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        src.conn.close()
        dst.conn.close()
    return snapshot


def verify_copy(path: Path, expected: Snapshot) -> list[str]:
    """Problems found in a backup file: it must open, pass integrity_check and the foreign key
    check, and hold the same counts and audit head as the snapshot it was taken from."""
    refusal = inspect_file(path)
    if refusal is not None:
        return [refusal]
    db = connect(path, read_only=True)
    try:
        problems = [str(r[0]) for r in db.conn.execute("PRAGMA integrity_check(5)")]
        problems = [] if problems == ["ok"] else problems
        if db.conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            problems.append("foreign key check failed")
        problems.extend(audit.verify_chain(db))
        actual = take_snapshot(db)
    except sqlite3.DatabaseError as exc:
        return [f"cannot be read ({exc})"]
    finally:
        db.conn.close()
    if actual != expected:
        problems.append(_difference(expected, actual))
    return problems


def _difference(expected: Snapshot, actual: Snapshot) -> str:
    for name in sorted(set(expected.tables) | set(actual.tables)):
        want, got = expected.tables.get(name), actual.tables.get(name)
        if want != got:
            return f"table {name} has {got} rows where the source had {want}"
    if expected.audit_head != actual.audit_head:
        return "the audit head hash differs from the source"
    return f"schema version {actual.user_version} differs from the source's {expected.user_version}"


def make_backup(source: Path, out: Path, now: dt.datetime | None = None) -> Manifest:
    """Back `source` up to `out` (never overwriting an existing file), verified, with its manifest."""
    refusal = output_refusal(out, source)  # not the database, its -wal/-shm/lock, a device...
    if out.is_file() and (refusal is None or not source.exists() or not os.path.samefile(out, source)):
        raise BackupError(f"{out} already exists; choose a new name for the backup.")
    if refusal is not None:
        raise BackupError(refusal)
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_partials(out.parent, now)
    partial = partial_name(out)
    try:
        snapshot = copy_with_reason(source, partial, out)
        problems = verify_copy(partial, snapshot)
        if problems:
            raise BackupError(
                f"The backup of {source.name} did not verify ({problems[0]}); no backup was kept."
            )
        manifest = _anchored_manifest(source, out, partial, snapshot, now)
        # The manifest first: a backup under its final name always has one (a kill between the two
        # leaves only a manifest without its file, which nothing lists or restores).
        write_text_atomically(manifest_path(out), manifest.to_json())
        durable_rename(partial, out)
        cipher.share(source, out)
    except OSError as exc:  # the manifest or the rename: a full disk, a folder gone
        raise BackupError(
            f"The backup could not be written to {out} ({exc.strerror or exc}); no backup was kept."
        ) from exc
    finally:
        remove_partial(partial)
    return manifest


def _anchored_manifest(
    source: Path, out: Path, partial: Path, snapshot: Snapshot, now: dt.datetime | None
) -> Manifest:
    """The manifest of a verified copy, with the anchor its head is recorded as (storage/anchors.py)
    and the newest anchor before it."""
    from storage import anchors  # when a backup is made, not at start-up (gui.dialogs.backup_menu)

    created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    logged = anchors.read(source, anchors.TAIL_BYTES)
    previous = anchors.newest(logged) if logged else None  # (pending anchors left out)
    anchor = anchors.record(
        source, snapshot.audit_count, snapshot.audit_head, "backup", sync=True, now=created
    )
    return Manifest(
        MANIFEST_FORMAT,
        created.isoformat(timespec="seconds"),
        str(source.resolve()),
        out.name,
        partial.stat().st_size,
        file_sha256(partial),
        sqlite3.sqlite_version,
        snapshot,
        None if anchor is None else asdict(anchor),
        None if previous is None else asdict(previous),
    )


def remove_partial(partial: Path) -> None:
    """Remove a temporary copy and whatever SQLite left beside it: a backup that failed on a full
    disk left its `.partial-*-journal` behind (issue 12)."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)


def copy_with_reason(source: Path, partial: Path, out: Path) -> Snapshot:
    """`copy_database` with its SQLite failures (a full disk, an I/O error, a source that cannot be
    read) as one sentence; a refused source says why itself (DatabaseRefusedError)."""
    try:
        return copy_database(source, partial)
    except sqlite3.Error as exc:
        known = known_error(exc, str(out))
        if isinstance(known, DiskFullError):
            raise BackupError(f"The disk holding {out} is full; no backup was kept.") from exc
        raise BackupError(
            f"The backup of {source.name} to {out} failed ({exc}); no backup was kept."
        ) from exc


def write_text_atomically(path: Path, text: str) -> None:
    """Temp file, fsync, rename: a reader sees the old file or the whole new one, never half."""
    partial = partial_name(path)
    try:
        partial.write_text(text, encoding="utf-8")
        durable_rename(partial, path)
    finally:
        remove_partial(partial)


def read_manifest(backup: Path) -> Manifest | None:
    path = manifest_path(backup)
    if not path.exists():
        return None
    try:
        return Manifest.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupError(f"The manifest {path.name} is unreadable ({exc}).") from exc


def verify_backup(backup: Path) -> Manifest:
    """Check a backup against its manifest (bytes unchanged, counts, audit head); raise if it fails."""
    manifest = read_manifest(backup)
    if manifest is None:
        raise BackupError(
            f"{backup.name} has no manifest ({manifest_path(backup).name}), so it cannot be verified."
        )
    if not backup.exists():
        raise BackupError(f"The backup file {backup} does not exist.")
    if file_sha256(backup) != manifest.sha256:
        raise BackupError(
            f"{backup.name} was changed after it was made (its checksum differs from the manifest)."
        )
    problems = verify_copy(backup, manifest.snapshot)
    if problems:
        raise BackupError(f"{backup.name} did not verify ({problems[0]}).")
    return manifest
