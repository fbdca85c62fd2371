"""Storage's expected errors, and the one place that maps SQLite failures onto them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from clinical.errors import ToxTrackError
from storage.engine import sqlite3

# Primary SQLite result codes (sqlite.org/rescode.html); the extended code's low byte.
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26


class DatabaseRefusedError(ToxTrackError):
    """The file is not SQLite, not ToxTrack, newer than this app, or damaged; it was left untouched."""


class DemoRefusedError(ToxTrackError):
    """Synthetic demo patients were refused because the file holds real patients (issue 11)."""


class ReadOnlyError(ToxTrackError):
    """A write was attempted on a read-only session or a read-only file."""


class DatabaseBusyError(ToxTrackError):
    """Another program kept the database locked for longer than the busy timeout."""


class DiskFullError(ToxTrackError):
    """The disk (or the database's size limit) is full; the change was not saved."""


class InUseError(ToxTrackError):
    """Another ToxTrack process holds the write lock; `holder` says who ("user@host pid N since ...")."""

    def __init__(self, path: str, holder: str) -> None:
        self.holder = holder
        super().__init__(
            f"The database {path} is already open for writing by {holder or 'another program'}; "
            "open it read-only or close the other copy first."
        )


def _primary_code(error: sqlite3.Error) -> int:
    code = getattr(error, "sqlite_errorcode", None)
    return -1 if code is None else int(code) & 0xFF


def known_error(error: sqlite3.Error, path: str) -> ToxTrackError | None:
    """The expected-error counterpart of a SQLite error, or None when it is a bug.

    Modelled on qutebrowser's misc/sql.py KnownError/BugError split: disk full, busy, read-only and
    damaged files are things a user can act on; anything else (a syntax error, a constraint the
    validation should have caught) is a bug and must reach the crash handler unchanged.
    """
    code = _primary_code(error)
    text = str(error).lower()
    if code == SQLITE_FULL or "disk is full" in text:
        return DiskFullError(f"The disk holding {path} is full; nothing was saved.")
    if code in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
        return DatabaseBusyError(
            f"The database {path} is locked by another program; nothing was saved, try again."
        )
    if code == SQLITE_READONLY or "readonly database" in text:
        return ReadOnlyError(f"The database {path} is open read-only; nothing was saved.")
    if "could not decode" in text:  # a damaged page whose text is no longer UTF-8 (issue 12)
        return DatabaseRefusedError(
            f"The file {path} holds damaged text; run toxtrack check and restore a backup."
        )
    if code in (SQLITE_NOTADB, SQLITE_CORRUPT) or "not a database" in text or "malformed" in text:
        return DatabaseRefusedError(f"The file {path} is not a readable ToxTrack database.")
    return None


@contextmanager
def translated(path: str) -> Iterator[None]:
    """Re-raise expected SQLite errors as ToxTrack errors (chained); let bugs through as they are."""
    try:
        yield
    except sqlite3.Error as error:
        known = known_error(error, path)
        if known is None:
            raise
        raise known from error
    except UnicodeDecodeError as error:  # SQLite's own message quoted damaged bytes (issue 12)
        raise DatabaseRefusedError(
            f"The file {path} is damaged (its schema holds text that is no longer readable); "
            "run toxtrack check and restore a backup."
        ) from error
