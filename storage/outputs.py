"""Where a command may write its output: never onto a database, its companions or its backups.

Issue 12: `toxtrack report cycle ... --out in.db` replaced the open database with a PDF, and as root
`--out /dev/full` replaced a device node (a rename replaces whatever has the name). Every output
(PDF, backup) goes through `output_refusal` first; it answers with one sentence, or None when the
path is a new name or an ordinary file that is nobody's data.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

SQLITE_MAGIC = b"SQLite format 3\x00"
# Files that belong to a database `<name>` and sit beside it (SQLite's and ToxTrack's own lock).
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")
BACKUP_FOLDER_SUFFIX = "-backups"  # storage.paths.backup_dir


def output_refusal(destination: Path, database: Path | None = None) -> str | None:
    """Why `destination` must not be written (one sentence), or None when it may be.

    Refused: anything that exists and is not a regular file (a folder, a device, a pipe, a socket);
    the database itself under any name (hard link, symlink, `database`); any SQLite file; a name of
    a database's -wal/-shm/-journal/.lock (existing or not: SQLite would later read it); an existing
    file in a backup folder (a backup, its manifest, the anchor log).
    """
    try:
        info = destination.stat()
    except FileNotFoundError:
        info = None
    except OSError as error:
        return f"{destination} cannot be examined ({error.strerror or error}), so nothing was written there."
    if info is not None and not stat.S_ISREG(info.st_mode):
        return f"Cannot save the output as {destination}: that is {describe_mode(info.st_mode)}, not a file."
    owner = _companion_of(destination, database)
    if owner is not None:
        return f"{destination} belongs to the database {owner}; choose another name for the output."
    if info is None:
        return None
    if database is not None and database.exists() and _same_file(destination, database):
        return f"{destination} is the database itself; choose another name for the output."
    if _is_sqlite(destination):
        return f"{destination} is a database; an output is never saved over one, choose another name."
    if destination.parent.name.endswith(BACKUP_FOLDER_SUFFIX):
        return f"{destination} is in a backup folder; an output never replaces a file there."
    return None


def describe_mode(mode: int) -> str:
    """'a folder', 'a pipe', 'a device'... for a file mode that is not a regular file's."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not an ordinary file"


def _companion_of(destination: Path, database: Path | None) -> Path | None:
    """The database whose -wal/-shm/-journal/.lock `destination` names: the given database's, or
    any existing file's (a companion name is dangerous even before SQLite has created it)."""
    name = destination.name
    for suffix in COMPANION_SUFFIXES:
        if not name.endswith(suffix) or name == suffix:
            continue
        owner = destination.with_name(name[: -len(suffix)])
        if owner.is_file() or (database is not None and _same_name(owner, database)):
            return owner
    return None


def _same_name(one: Path, other: Path) -> bool:
    return os.path.realpath(one) == os.path.realpath(other)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return _same_name(one, other)


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False
