"""Automatic backups in the data folder: when one is due, which to keep (7 daily, 4 weekly), the newest.

Generations are grouped by UTC calendar day and ISO week, taken from the UTC time in each file name;
within a group the newest is kept. Only files written by `make_backup` (with a manifest) take part,
so a user's own files in the folder are never deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clinical.errors import ToxTrackError
from storage.backup import Manifest, make_backup, manifest_path, read_manifest, verify_backup
from storage.connection import connect
from storage.paths import backup_dir, free_name

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger("toxtrack.storage")

KEEP_DAILY = 7
KEEP_WEEKLY = 4
DAILY_INTERVAL = dt.timedelta(hours=24)
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Generation:
    """One automatic backup file and the UTC time in its name."""

    at: dt.datetime
    path: Path


def backup_name(db_path: Path, moment: dt.datetime) -> str:
    return f"{db_path.stem}-{moment.astimezone(dt.UTC):{_STAMP}}.db"


def generations(db_path: Path) -> list[Generation]:
    """Automatic backups of `db_path` that have a manifest, newest first."""
    directory = backup_dir(db_path)
    if not directory.is_dir():
        return []
    pattern = re.compile(rf"^{re.escape(db_path.stem)}-(\d{{8}}T\d{{6}}Z)(?:-(\d+))?\.db$")
    found = []
    for path in directory.iterdir():
        match = pattern.match(path.name)
        if match and manifest_path(path).exists():
            at = dt.datetime.strptime(match.group(1), _STAMP).replace(tzinfo=dt.UTC)
            found.append((at, int(match.group(2) or 0), Generation(at, path)))
    # Within one second, free_name's counter says which came later (-1 after none, -2 after -1).
    return [generation for *_, generation in sorted(found, key=lambda f: f[:2], reverse=True)]


def to_keep(found: list[Generation], daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY) -> set[Path]:
    """The newest backup of each of the `daily` newest days and of the `weekly` newest ISO weeks."""
    keep: set[Path] = set()
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for generation in sorted(found, key=lambda g: g.at, reverse=True):
        day = generation.at.date()
        week = tuple(day.isocalendar())[:2]
        if day not in days and len(days) < daily:
            days.add(day)
            keep.add(generation.path)
        if week not in weeks and len(weeks) < weekly:
            weeks.add(week)  # type: ignore[arg-type]
            keep.add(generation.path)
    return keep


def rotate(db_path: Path) -> list[Path]:
    """Delete the automatic backups (and their manifests) that `to_keep` does not keep."""
    found = generations(db_path)
    keep = to_keep(found)
    removed = []
    for generation in found:
        if generation.path not in keep:
            generation.path.unlink()
            manifest_path(generation.path).unlink(missing_ok=True)
            removed.append(generation.path)
    return removed


def last_backup_time(db_path: Path) -> dt.datetime | None:
    """UTC time of the newest automatic backup, for the status bar (None when there is none)."""
    found = generations(db_path)
    return found[0].at if found else None


def backup_due(db_path: Path, now: dt.datetime) -> bool:
    """True when no automatic backup was made in the last 24 hours."""
    last = last_backup_time(db_path)
    return last is None or now - last >= DAILY_INTERVAL


def automatic_backup(db_path: Path, now: dt.datetime | None = None, force: bool = False) -> Path | None:
    """Make a verified backup in the data folder when one is due (or `force`), then rotate.

    Called when the app closes (force) and at start-up / once a day (not forced). Returns the new
    backup's path, or None when none was due.
    """
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    if not force and not backup_due(db_path, moment):
        return None
    target = free_name(backup_dir(db_path) / backup_name(db_path, moment))
    make_backup(db_path, target, moment)
    rotate(db_path)
    return target


def newest_good_backup(db_path: Path) -> tuple[Path, Manifest] | None:
    """The newest automatic backup that still verifies (the one to offer when a file is damaged)."""
    for generation in generations(db_path):
        try:
            return generation.path, verify_backup(generation.path)
        except ToxTrackError as exc:
            log.warning("backup %s skipped: %s", generation.path, exc)
    return None


def anchor_problems(db: sqlite_utils.Database, manifest: Manifest, name: str = "a backup") -> list[str]:
    """Compare the audit log with a backup manifest's anchor (row count and head hash when it was
    made). A chain can be truncated or recomputed end to end without breaking its own links; it
    cannot also match a head hash kept outside the file (reliability-reference R3)."""
    count, head = manifest.snapshot.audit_count, manifest.snapshot.audit_head
    if count == 0:
        return []
    row = db.conn.execute("SELECT hash FROM audit_log WHERE id = ?", (count,)).fetchone()
    if row is None:
        return [f"audit: the log ends before row {count}, which {name} of {manifest.created_at} recorded"]
    if str(row[0]) != head:
        return [f"audit: row {count} differs from its hash recorded by {name} of {manifest.created_at}"]
    return []


def _last_restore(db_path: Path) -> str | None:
    """UTC time (ISO text) of the newest restore in the anchor log, None when there was none."""
    from storage import anchors

    restores = [a.at for a in anchors.read(db_path) or [] if a.event == "restore"]
    return restores[-1] if restores else None


def anchor_check(db_path: Path) -> list[str]:
    """Check the database's audit log against every automatic backup's manifest (for `toxtrack
    check`); a manifest that cannot be read is reported, not skipped."""
    problems: list[str] = []
    found = generations(db_path)
    if not found:
        return problems
    restored_at = _last_restore(db_path)
    db = connect(db_path, read_only=True, pristine=True)
    try:
        for generation in found:
            try:
                manifest = read_manifest(generation.path)
            except ToxTrackError as exc:
                problems.append(str(exc))
                continue
            # A backup made before the newest restore may hold a head the restored file never had.
            if manifest is not None and (restored_at is None or manifest.created_at >= restored_at):
                problems += anchor_problems(db, manifest, generation.path.name)
    finally:
        db.close()
    return problems
