"""Byte-level checks of a database file, made before SQLite opens (and could rewrite) it.

Apart from storage/safety.py because the connection factory (storage/connection.py) runs them on
every open, and safety.py in turn opens its connections through that factory: together they
imported one another in a circle (issue 14). Everything here only reads.
"""

from __future__ import annotations

import stat
from pathlib import Path

from storage.cipher import may_unlock
from storage.lock import file_in_use

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100


def inspect_file(path: Path) -> str | None:
    """Problems visible in the bytes on disk, checked before SQLite opens (and could rewrite) the file.

    Returns a one-sentence refusal, or None when the file looks like an intact SQLite database or
    does not exist yet (a new database may be created, unless an orphaned WAL is waiting for it).
    """
    odd = companion_refusal(path)
    if odd is not None:
        return odd
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
        if not _was_a_database(path):
            return None  # a new, empty file (`touch`, a save dialog): it becomes a new database
        return f"{path.name} is empty (0 bytes) although ToxTrack used it before; restore a backup."
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        if len(header) == HEADER_SIZE and may_unlock(path):
            return None  # encrypted (issue 17): the passphrase, then SQLCipher's HMAC on every page judge it
        return f"{path.name} is not a SQLite database (its header is missing or damaged)."
    live = Path(f"{path}-wal").exists() or bool(file_in_use(path))
    return _check_header_sizes(path.name, header, size, live)


def companion_refusal(path: Path) -> str | None:
    """A -wal, -shm or -journal beside `path` that is not a regular file (a folder, a pipe): SQLite
    would fail on it half-way through an open (issue 12: a -wal folder gave a traceback)."""
    from storage.outputs import describe_mode

    for suffix in ("-wal", "-shm", "-journal"):
        companion = Path(f"{path}{suffix}")
        try:
            mode = companion.stat().st_mode
        except FileNotFoundError:
            continue
        except OSError as error:
            return (
                f"{companion} cannot be examined ({error.strerror or error}), so {path.name} was not opened."
            )
        if not stat.S_ISREG(mode):
            return (
                f"{companion.name} beside {path.name} is {describe_mode(mode)}, not SQLite's journal, "
                "so ToxTrack did not open the database; move it away."
            )
    return None


def _was_a_database(path: Path) -> bool:
    """Traces a used ToxTrack database leaves beside it: its lock file (kept after closing), a WAL,
    or automatic backups. A zero-length file with any of them was truncated, not freshly created."""
    from storage.paths import backup_dir

    traces = (Path(f"{path}.lock"), Path(f"{path}-wal"), backup_dir(path))
    return any(trace.exists() for trace in traces)


def _check_header_sizes(name: str, header: bytes, size: int, live: bool) -> str | None:
    """The header states the page size and, when valid, the page count (sqlite.org/fileformat2.html).

    With a WAL beside the file, or a process holding a lock on it (`live`), the count is not
    compared: a checkpoint in another process writes page 1 (the new count) before the pages that
    extend the file, and quick_check judges the rest. The lock matters for another name of the file
    (a hard link): its writer's WAL sits beside the other name (issue 12's CI, seen once in ~20 runs).
    """
    raw_page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"{name} is damaged: its header gives an impossible page size ({raw_page_size})."
    if size % page_size:
        return f"{name} is damaged: it ends part-way through a page (truncated or padded)."
    page_count = int.from_bytes(header[28:32], "big")
    change_counter = header[24:28]
    version_valid_for = header[92:96]
    if not live and change_counter == version_valid_for and page_count and size < page_count * page_size:
        return f"{name} is damaged: it is shorter than the size its header records (truncated)."
    return None
