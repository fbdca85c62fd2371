"""Opening safely: file checks before SQLite touches a file, quick_check, risky locations, clock jumps.

Why these exist (reliability-reference.md): SQLite adds no redundancy to detect damage (A1.1, pitfall 7),
network filesystems and cloud-sync clients break its locking and separate the WAL from the database
(A1.6, pitfalls 1-2), and a clock the user can move makes audit times ambiguous (R4, pitfall 16).
Everything here only reads: a damaged file must be left exactly as it was found.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath

# Gives a read-only connection to a path (storage.connection's factory in the app, a stub in tests).
ConnFactory = Callable[[Path], sqlite3.Connection]

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100

# A backwards step smaller than this is ordinary clock correction (NTP), not a jump (reliability R4).
CLOCK_TOLERANCE = dt.timedelta(minutes=2)

# Path components (lower case) that sync clients create; a prefix match covers "OneDrive - Contoso",
# "Dropbox (Personal)", "GoogleDrive-user@example.org" and macOS's ~/Library/CloudStorage folders.
CLOUD_PREFIXES: tuple[tuple[str, str], ...] = (
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud drive", "iCloud"),
    ("iclouddrive", "iCloud"),
    ("mobile documents", "iCloud"),
    ("com~apple~clouddocs", "iCloud"),
)
CLOUD_ENV_VARS = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")

# Filesystem types (from /proc/mounts) whose locking SQLite does not trust (useovernet.html).
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "ceph", "glusterfs", "davfs",
     "fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.s3fs", "ncpfs", "coda", "lustre"}
)  # fmt: skip


@dataclass(frozen=True)
class Assessment:
    """What the open path should do with a file: refuse it, open it read-only, or open it with warnings.

    `refusal` and `read_only_reason` are complete sentences for the user; `warnings` never block.
    """

    refusal: str | None = None
    read_only_reason: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.refusal is None and self.read_only_reason is None


def inspect_file(path: Path) -> str | None:
    """Problems visible in the bytes on disk, checked before SQLite opens (and could rewrite) the file.

    Returns a one-sentence refusal, or None when the file looks like an intact SQLite database or
    does not exist yet (a new database may be created, unless an orphaned WAL is waiting for it).
    """
    wal = Path(f"{path}-wal")
    if not path.exists():
        if wal.exists() and wal.stat().st_size > 0:
            return (
                f"{path.name} is missing but its journal {wal.name} is still there; "
                "restore the database file or a backup instead of starting a new one."
            )
        return None
    if not path.is_file():
        return f"{path} is not a file."
    size = path.stat().st_size
    if size == 0:
        return f"{path.name} is empty (0 bytes), so it cannot be a ToxTrack database; restore a backup."
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return f"{path.name} is not a SQLite database (its header is missing or damaged)."
    return _check_header_sizes(path.name, header, size)


def _check_header_sizes(name: str, header: bytes, size: int) -> str | None:
    """The header states the page size and, when valid, the page count (sqlite.org/fileformat2.html)."""
    raw_page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"{name} is damaged: its header gives an impossible page size ({raw_page_size})."
    if size % page_size:
        return f"{name} is damaged: it ends part-way through a page (truncated or padded)."
    page_count = int.from_bytes(header[28:32], "big")
    change_counter = header[24:28]
    version_valid_for = header[92:96]
    if change_counter == version_valid_for and page_count and size < page_count * page_size:
        return f"{name} is damaged: it is shorter than the size its header records (truncated)."
    return None


def quick_check(conn: sqlite3.Connection, max_errors: int = 5) -> list[str]:
    """`PRAGMA quick_check`: O(N) structural check, fast enough to run at every open (reference A1.5).

    Returns the problems found (empty when the file is sound). A file too damaged to even read its
    schema raises `sqlite3.DatabaseError`, which the caller turns into a refusal.
    """
    rows = conn.execute(f"PRAGMA quick_check({int(max_errors)})").fetchall()
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def damaged_message(path: Path, problems: Iterable[str]) -> str:
    """One sentence for a file that failed its check: what happened and what the user can do."""
    first = next(iter(problems), "unknown problem")
    return (
        f"{path.name} failed its integrity check ({first}); it is open read-only, "
        "and you can restore the newest good backup from File > Restore."
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
        if problems:
            read_only = damaged_message(path, problems)
    return Assessment(read_only_reason=read_only, warnings=warnings)


def _run_quick_check(path: Path, conn_factory: ConnFactory) -> list[str]:
    try:
        conn = conn_factory(path)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    try:
        return quick_check(conn)
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


def location_warning(path: Path, environ: Mapping[str, str] | None = None,
                     mounts: str | None = None) -> str | None:  # fmt: skip
    """A warning when `path` is on a network share or in a cloud-sync folder, else None.

    SQLite's locking and WAL do not work across hosts, and sync clients copy the file without its
    WAL (reliability-reference.md A1.6); the fix is to keep the database on a local disk.
    """
    env = os.environ if environ is None else environ
    absolute = Path(os.path.abspath(path))
    service = cloud_service(absolute, env)
    if service is not None:
        return (
            f"{path.name} is in a {service} folder: sync can copy it half-written and damage it; "
            "move it to a local folder that is not synchronised."
        )
    if is_network_path(absolute, mounts):
        return (
            f"{path.name} is on a network drive, where SQLite cannot lock it safely; "
            "move it to this computer's local disk."
        )
    return None


def cloud_service(path: PurePath, environ: Mapping[str, str]) -> str | None:
    """The sync service whose folder holds `path` (by environment variable, then by folder name)."""
    text = os.path.normcase(str(path))
    for var in CLOUD_ENV_VARS:
        root = environ.get(var)
        if root and _is_under(text, os.path.normcase(root)):
            return "OneDrive"
    for part in path.parts[:-1]:
        lowered = part.lower()
        for prefix, service in CLOUD_PREFIXES:
            if lowered.startswith(prefix):
                return service
    return None


def _is_under(path: str, root: str) -> bool:
    root = root.rstrip("/\\")
    return path == root or path.startswith(root + os.sep) or path.startswith(root + "/")


def is_network_path(path: PurePath, mounts: str | None = None) -> bool:
    """UNC paths everywhere; on Windows a remote drive letter; elsewhere a network filesystem mount."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_drive_is_remote(text)
    return mount_fs_type(path, mounts) in NETWORK_FS_TYPES


def _windows_drive_is_remote(text: str) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive_remote = 4  # GetDriveTypeW's DRIVE_REMOTE
    root = os.path.splitdrive(text)[0] + "\\"
    windll = getattr(ctypes, "windll", None)
    return windll is not None and int(windll.kernel32.GetDriveTypeW(root)) == drive_remote


def mount_fs_type(path: PurePath, mounts: str | None = None) -> str:
    """The filesystem type of the longest mount point holding `path` ("" when unknown).

    `mounts` is the text of /proc/mounts; tests pass their own. Octal escapes (\\040 for a space)
    in mount points are decoded as the kernel writes them.
    """
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    best, best_type = "", ""
    text = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].encode().decode("unicode_escape")
        if (point == "/" or _is_under(text, point)) and len(point) > len(best):
            best, best_type = point, fields[2]
    return best_type


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
