"""The anchor log: the audit chain's head kept outside the database, in a file that only grows.

A SHA-256 chain over rows in the same file can be recomputed end to end by anyone who has the file
(reliability-reference R3, pitfall 14). Its head (entry count, head hash, UTC time) is therefore
appended to `<backups folder>/<db file name>.anchors`, one JSON line per anchor:

- around every write transaction of a writable Repository: a "pending" anchor of the head-to-be just
  before COMMIT, a "commit" anchor once COMMIT returned (flushed to the OS, not fsynced: a commit
  costs no second sync). Only "commit" anchors (and the others below) are heads the file must
  extend; a "pending" one only vouches for a head the file holds, so a writer killed between its
  COMMIT and its "commit" line leaves no unanchored entries, and one killed before COMMIT leaves a
  pending head that never was, which is ignored,
- when a writable session closes, after every verified backup and after every restore (fsynced).

A file whose chain does not extend the newest anchor was altered (or lost commits, e.g. from a
damaged WAL); entries beyond the newest anchor were written without ToxTrack (or by a session
killed between its COMMIT and its anchor). Nothing ever rewrites or truncates the log; a restore
appends a "restore" anchor, after which the restored head is the one to extend.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from storage.engine import sqlite3
from storage.paths import backup_dir
from storage.private import FILE_MODE

log = logging.getLogger("toxtrack.storage")

SUFFIX = ".anchors"
TAIL_BYTES = 64 * 1024  # the open checks read only the end of the log (one line ~150 bytes)
EVENTS = ("pending", "commit", "close", "backup", "restore")


@dataclass(frozen=True)
class Anchor:
    """The audit head at one moment: `count` entries (ids 1..count), the hash of entry `count`."""

    count: int
    hash: str
    at: str
    event: str

    def describe(self) -> str:
        return f"the anchor of {self.at} ({self.event}, {self.count} audit entries)"


def log_path(db_path: Path) -> Path:
    """Beside the automatic backups, named after the database file."""
    return backup_dir(db_path) / f"{db_path.name}{SUFFIX}"


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(newest entry id, its hash) with one index lookup: ids run 1..count in an intact log."""
    row = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (0, "") if row is None else (int(row[0]), str(row[1]))


def record(
    db_path: Path, count: int, digest: str, event: str, *, sync: bool = False, now: dt.datetime | None = None
) -> Anchor | None:
    """Append one anchor. A log that cannot be written is logged, never raised: the change it
    anchors is already committed, and the next check reports the entries beyond the newest anchor."""
    if count <= 0:
        return None
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
    anchor = Anchor(count, digest, moment, event)
    path = log_path(db_path)
    line = json.dumps(asdict(anchor), sort_keys=True, separators=(",", ":")) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        try:
            os.write(fd, line.encode("utf-8"))  # one write of one line: O_APPEND keeps it whole
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        log.warning("could not record the audit anchor in %s: %s", path, exc)
        return None
    return anchor


def record_head(db_path: Path, conn: sqlite3.Connection, event: str, *, sync: bool = False) -> None:
    """Anchor the connection's current head (nothing for an empty log)."""
    count, digest = head(conn)
    record(db_path, count, digest, event, sync=sync)


def _parse(lines: list[str]) -> list[Anchor]:
    anchors = []
    for line in lines:
        try:
            data = json.loads(line)
            anchors.append(Anchor(int(data["count"]), str(data["hash"]), str(data["at"]), str(data["event"])))
        except (ValueError, KeyError, TypeError):
            log.warning("unreadable anchor line skipped: %.80r", line)
    return anchors


def read(db_path: Path, tail_bytes: int | None = None) -> list[Anchor] | None:
    """The anchors in the log (only those in its last `tail_bytes`), oldest first; None without a
    log. A last line without its newline (a write cut short) is left out."""
    path = log_path(db_path)
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            start = 0 if tail_bytes is None else max(0, size - tail_bytes)
            handle.seek(start)
            data = handle.read()
    except FileNotFoundError:
        return None
    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if start:
        lines = lines[1:]  # the first line read may be the end of a longer one
    return _parse([line for line in lines[:-1] if line.strip()])


def current(anchors: list[Anchor]) -> list[Anchor]:
    """The anchors since the newest restore (the restored head is the one a file must extend)."""
    for index in range(len(anchors) - 1, -1, -1):
        if anchors[index].event == "restore":
            return anchors[index:]
    return anchors


def newest(anchors: list[Anchor]) -> Anchor | None:
    """The furthest head anchored since the newest restore ("pending" ones left out). Not simply
    the last line: a backup taken from a snapshot appends its (older) head after the commits a
    writer anchored meanwhile."""
    since = [anchor for anchor in current(anchors) if anchor.event != "pending"]
    if not since:
        return None
    top = max(anchor.count for anchor in since)
    return [anchor for anchor in since if anchor.count == top][-1]


def _hash_at(conn: sqlite3.Connection, count: int) -> str | None:
    row = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (count,)).fetchone()
    return None if row is None else str(row[0])


@dataclass(frozen=True)
class Comparison:
    """What the comparison of a file with its anchor log found: problems (the file was altered or
    lost commits) and notes (what could not be compared)."""

    problems: tuple[str, ...] = ()
    unanchored: tuple[str, ...] = ()  # entries beyond the newest anchor
    notes: tuple[str, ...] = ()


def compare(conn: sqlite3.Connection, db_path: Path, tail_bytes: int | None = TAIL_BYTES) -> Comparison:
    """Compare the file's audit chain with the newest anchor. The head is read in a read transaction
    and the log after it, so a commit made meanwhile by a writer (anchor appended after its COMMIT)
    is not mistaken for a lost one: an anchor beyond the snapshot is looked up again outside it."""
    if conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'audit_log'").fetchone() is None:
        return Comparison()
    began = not conn.in_transaction
    if began:
        conn.execute("BEGIN")
    try:
        count, _digest = head(conn)
        anchors = read(db_path, tail_bytes)
        result = _judge(conn, db_path, count, anchors)
    finally:
        if began:
            conn.execute("COMMIT")
    furthest = newest(anchors) if anchors else None
    if result is None and furthest is not None:  # the newest anchor lies beyond our snapshot: again now
        if _hash_at(conn, furthest.count) == furthest.hash:
            return Comparison()
        return Comparison((_missing(count, furthest),))
    return result or Comparison()


def _judge(
    conn: sqlite3.Connection, db_path: Path, count: int, anchors: list[Anchor] | None
) -> Comparison | None:
    """The comparison inside the snapshot; None when the newest anchor is beyond it."""
    top = newest(anchors) if anchors else None
    if top is None:
        if count == 0:
            return Comparison()
        where = log_path(db_path)
        return Comparison(
            notes=(
                f"anchor: no anchor to compare with ({where} is missing or empty), so an "
                "audit trail rewritten end to end could not be detected",
            )
        )
    if top.count > count:
        return None
    stored = _hash_at(conn, top.count)
    if stored != top.hash:
        return Comparison(
            (
                f"anchor: audit entry {top.count} differs from {top.describe()}: "
                "the audit trail was altered after it was anchored",
            )
        )
    if count > top.count and not _pending_head(conn, count, anchors or []):
        return Comparison(
            unanchored=(
                f"anchor: the audit trail has {count - top.count} entr"
                f"{'y' if count - top.count == 1 else 'ies'} after {top.describe()}, "
                "written outside ToxTrack or by a session stopped before it could anchor them",
            )
        )
    return Comparison()


def _pending_head(conn: sqlite3.Connection, count: int, anchors: list[Anchor]) -> bool:
    """Whether the file's head is a "pending" anchor: written just before a COMMIT whose "commit"
    line never came (the writer was killed in between)."""
    digest = _hash_at(conn, count)
    return any(a.event == "pending" and a.count == count and a.hash == digest for a in current(anchors))


def _missing(count: int, newest: Anchor) -> str:
    return (
        f"anchor: the file holds {count} audit entries but {newest.describe()} records more: "
        "committed changes are missing (lost from a damaged write-ahead log, the audit trail cut "
        "short, or an older copy of the file put in its place)"
    )


def verify_head(db_paths: list[Path], count: int, digest: str) -> tuple[bool | None, str]:
    """Whether a head (a backup's) is one the anchor logs of these databases (the one restored
    over, the one the backup was taken from) recorded: (True, how) when a line has exactly this
    count and hash, (False, why) when lines with this count hold another hash, (None, why not) when
    the logs cannot tell."""
    if count == 0:
        return None, "it has no audit entries to compare with the anchor log"
    logs = [found for found in (read(path) for path in dict.fromkeys(db_paths)) if found is not None]
    if not logs:
        looked = " or ".join(str(log_path(path)) for path in dict.fromkeys(db_paths))  # each place looked
        return None, f"there is no anchor log ({looked}) to compare its audit trail with"
    anchors = [anchor for found in logs for anchor in found]
    same = [a for a in anchors if a.count == count]
    if any(a.hash == digest for a in same):
        return True, f"its audit head ({count} entries) matches the anchor log"
    if same:
        return False, f"its audit entry {count} differs from {same[-1].describe()}: it was altered"
    return None, f"the anchor log has no anchor at its audit head ({count} entries) to compare with"
