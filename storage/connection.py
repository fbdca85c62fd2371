"""The one connection factory: every SQLite connection ToxTrack opens is made and configured here."""

from __future__ import annotations

import itertools
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

from storage import cipher
from storage.engine import library_refusal, sqlite3, sqlite_utils_bound
from storage.errors import DatabaseRefusedError, translated
from storage.file_checks import companion_refusal, inspect_file
from storage.lock import writer_alive
from storage.outputs import describe_mode

if TYPE_CHECKING:
    import sqlite_utils

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

# Per-connection settings (reliability-reference D3): foreign keys are off by default in SQLite,
# trusted_schema=OFF is what sqlite.org recommends, FULL syncs the WAL at every commit so an
# acknowledged dose survives a power cut (WAL + NORMAL may lose the last commits).
CONNECTION_PRAGMAS: tuple[str, ...] = (
    "PRAGMA trusted_schema=OFF",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=FULL",
)

_savepoints = itertools.count(1)
AUDIT_TABLE = "audit_log"


def _authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None, _src: str | None) -> int:
    """Deny dropping or altering the audit table and its triggers through the app's connections
    (reliability-reference R2): the triggers stop UPDATE/DELETE, this stops removing the triggers."""
    if action == sqlite3.SQLITE_DROP_TRIGGER and arg2 == AUDIT_TABLE:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_DROP_TABLE and arg1 == AUDIT_TABLE:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_ALTER_TABLE and arg2 == AUDIT_TABLE:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


def file_kind(path: Path) -> str:
    """One of missing, empty, sqlite, other, special: from the first bytes, without SQLite opening it.

    Only a regular file is opened: opening a FIFO blocks until a writer comes (issue 12: `check`,
    `report` and the GUI hung on one), so a folder, pipe, device or socket is "special" unopened.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        raise DatabaseRefusedError(
            f"The database {path} cannot be examined ({error.strerror or error})."
        ) from error
    if not stat.S_ISREG(info.st_mode):
        return "special"
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise DatabaseRefusedError(
            f"The database {path} cannot be read ({error.strerror or error}), so ToxTrack did not open it."
        ) from error
    if not head:
        return "empty"
    return "sqlite" if head == SQLITE_MAGIC else "other"


def refuse_foreign_file(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite ever touches it (so it stays byte-identical)."""
    kind = file_kind(path)
    if kind == "special":
        what = describe_mode(path.stat().st_mode)
        raise DatabaseRefusedError(f"{path} is {what}, not a database file, so ToxTrack did not open it.")
    if kind == "other" and not unlock(path):
        raise DatabaseRefusedError(
            f"The file {path} is not a SQLite database (or it is encrypted and no passphrase was given: "
            "set TOXTRACK_PASSPHRASE or type it when asked), so ToxTrack did not open it."
        )


UNLOCK_ATTEMPTS = 3


def unlock(path: Path) -> bool:
    """Whether `path`, whose first bytes are not SQLite's (an encrypted file, or something else), opens
    with a passphrase known for it, from TOXTRACK_PASSPHRASE, from the keyring or from asking the
    person (up to three times); the one that opens it is remembered for this process. Each try reads
    the file through an immutable connection, which writes and locks nothing; a wrong passphrase
    raises a one-sentence refusal and a file no one offered a passphrase for returns False."""
    tried = False
    for passphrase in cipher.candidates(path):
        tried = True
        if _opens_with(path, passphrase):
            cipher.remember(path, passphrase)
            return True
    for _ in range(UNLOCK_ATTEMPTS):
        answer = cipher.ask(path)
        if answer is None:
            break
        tried = True
        if _opens_with(path, answer):
            cipher.remember(path, answer)
            return True
    if tried:
        raise DatabaseRefusedError(cipher.wrong_passphrase_message(path))
    return False


def _opens_with(path: Path, passphrase: str) -> bool:
    """Whether `passphrase` opens `path`. The immutable connection does not see the WAL, and a writer
    killed during a checkpoint leaves the main file a mix of old and new pages until the WAL is
    replayed by the next ordinary open: read alone it is "malformed" though nothing is lost. So a
    read error that is not a wrong key is asked again of a private copy of the file and its WAL
    (which SQLite replays there, never beside the user's file)
    (tests/storage/test_crash.py::test_a_writer_killed_mid_checkpoint_leaves_an_encrypted_file_that_opens)."""
    key = cipher.key_literal(passphrase, path)
    conn = _connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, key=key)
    try:
        return cipher.opens(conn)
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()
    return _opens_with_wal(path, key)


def is_passphrase_of(path: Path, passphrase: str) -> bool:
    """Whether `passphrase` opens the encrypted `path` (asked again before its passphrase is changed):
    read through an immutable connection (or a private copy with its WAL), so nothing of the file,
    its WAL or its SHM is written."""
    return _opens_with(path, passphrase)


def _opens_with_wal(path: Path, key: str) -> bool:
    conn = private_copy(path, key)
    try:
        return cipher.opens(conn)
    finally:
        conn.close()  # removes the copy


def key_for(path: Path) -> str | None:
    """The key every connection to `path` is keyed with (storage.cipher.key_literal), from the
    passphrase known for it, unless the file is plain SQLite (an unencrypted database opens as it is)."""
    passphrase = cipher.known(path)
    if passphrase is None or file_kind(path) == "sqlite":
        return None
    return cipher.key_literal(passphrase, path)


def is_encrypted(path: Path) -> bool:
    """Whether `path` is an encrypted database this process holds the passphrase of."""
    return file_kind(path) == "other" and cipher.known(path) is not None


def absent_message(path: Path) -> str:
    """What to say when a database is needed but `path` holds none: a 0-byte file is not "missing"."""
    if file_kind(path) == "empty":
        return f"The database file {path} is empty (0 bytes): it holds no ToxTrack data yet."
    return f"The database {path} does not exist."


def refuse_damaged_file(path: Path) -> None:
    """Refuse byte-level damage (truncated, impossible header, an orphaned WAL, an emptied file that
    was a database) before SQLite opens the file; storage.safety says which, in one sentence.
    An empty file is a new database here: Repository.open judged it before its lock file existed."""
    refusal = companion_refusal(path) if file_kind(path) == "empty" else inspect_file(path)
    if refusal is not None:
        raise DatabaseRefusedError(refusal)


def read_only_uri(path: Path) -> str | None:
    """The URI that lets SQLite read `path` without writing the file, its -wal or its -shm, or None
    when only a private copy can (`private_copy`). Measured on SQLite 3.40 (docs/reliability.md):

    - a plain connection, even with query_only, checkpoints any -wal beside the file into it when it
      closes last, a foreign or stale one included: never used to read;
    - mode=ro still creates an empty -wal and a -shm, and writes the WAL index into the -shm;
    - with both -wal and -shm present (a live writer, or one that died), mode=ro + readonly_shm reads
      the WAL through the -shm opened read-only (the writer's index, or one rebuilt in memory);
    - with no WAL content, immutable reads the file alone and creates nothing (it ignores any WAL and
      takes no locks, so it is used only when there is no WAL to read);
    - a non-empty -wal without its -shm (a copy or a sync separated them) cannot be read in place
      without creating the -shm, so it is read from a private copy of the pair; so is a -wal/-shm pair
      whose writer is gone (no process holds the writer lock): its WAL index may need a rebuild.
    """
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    base = path.resolve().as_uri()
    if wal.exists() and shm.exists():
        # A -shm with no live writer (one killed mid-write) may need a rebuild only a writer can do:
        # under readonly_shm SQLite then retries for seconds before "locking protocol". Without a
        # writer the pair is read from a private copy at once (storage/lock.py writer_alive).
        if writer_alive(path) is False:
            return None
        return f"{base}?mode=ro&readonly_shm=1"
    if wal.exists() and wal.stat().st_size > 0:
        return None
    return f"{base}?mode=ro&immutable=1"


class _PrivateCopy(sqlite3.Connection):
    """A read-only connection to a private copy of a database and its -wal; closing removes the copy."""

    folder: str | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder = None


def private_copy(path: Path, key: str | None = None) -> sqlite3.Connection:
    """A mode=ro connection to a copy of `path` and its -wal in a temporary folder: SQLite may build
    its WAL index (and apply a foreign WAL, in memory) there, never beside the user's file. Keyed
    with `key` (a `cipher.key_literal`) when given, else with the key known for `path`."""
    folder = tempfile.mkdtemp(prefix="toxtrack-read-")
    try:
        copy = Path(folder) / "copy.db"
        shutil.copyfile(path, copy)
        wal = Path(f"{path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{copy}-wal"))
        conn = cast(
            _PrivateCopy,
            _connect(f"{copy.as_uri()}?mode=ro", uri=True, key=key or key_for(path), factory=_PrivateCopy),
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    conn.folder = folder
    return conn


def connect(path: Path, *, read_only: bool = False, pristine: bool = False) -> sqlite_utils.Database:
    """`open_connection` wrapped in sqlite-utils' Database."""
    return database(open_connection(path, read_only=read_only, pristine=pristine))


def database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils' Database over a configured connection. sqlite-utils is imported here, on first
    use, not at start-up: its import (click, dateutil, pluggy's entry-point scan) was a fifth of the
    desktop app's start-up, and reading the patient list needs only the connection."""
    from storage.sqlite_utils_import import import_without_numpy

    import_without_numpy()
    import sqlite_utils

    if not sqlite_utils_bound():
        raise RuntimeError("sqlite_utils was imported before storage.engine: it would use a second SQLite")
    return sqlite_utils.Database(conn, execute_plugins=False)


def open_connection(path: Path, *, read_only: bool = False, pristine: bool = False) -> sqlite3.Connection:
    """A configured connection; journal mode is left alone until `enable_wal` (see its docstring).

    Read-only sessions (`read_only`: reports, backup sources, --read-only; `pristine`: judging a
    file that may be damaged, storage.safety, `toxtrack check`) open through `read_only_uri`, so
    nothing they do can change the file, its -wal or its -shm; query_only=ON is kept as well.

    isolation_level=None: the driver opens no implicit transactions; `write()` issues BEGIN
    IMMEDIATE itself (sqlite-utils 4 refuses autocommit=True/False connections).
    """
    refusal = library_refusal()
    if refusal is not None:
        raise DatabaseRefusedError(refusal)
    refuse_foreign_file(path)
    refuse_damaged_file(path)
    with translated(str(path)):
        if pristine or read_only:
            conn = _read_only(path)
        else:
            conn = _connect(str(path), uri=False, key=key_for(path))
        try:
            for pragma in CONNECTION_PRAGMAS:
                conn.execute(pragma)
            if read_only or pristine:
                conn.execute("PRAGMA query_only=ON")
        except BaseException:
            conn.close()
            raise
    return conn


SQLITE_CANTOPEN = 14
SQLITE_PROTOCOL = 15
READ_ONLY_ATTEMPTS = 3


def _read_only(path: Path) -> sqlite3.Connection:
    """A connection by `read_only_uri`. The choice depends on which of -wal and -shm exist, and a
    writer closing in between removes them (readonly_shm then cannot open the -shm it was told to
    use: "unable to open database file"), so a readonly_shm connection is probed once and a
    vanished -shm means looking again; an index only a writer could rebuild (SQLITE_PROTOCOL) means
    reading a private copy of the file and its -wal (`private_copy`), which never touches them; any
    other error is left for the first real query."""
    for attempt in range(READ_ONLY_ATTEMPTS):
        uri = read_only_uri(path)
        if uri is None:
            return private_copy(path)
        conn = _connect(uri, uri=True, key=key_for(path))
        if "readonly_shm" not in uri:
            return conn
        try:
            conn.execute("SELECT 1 FROM sqlite_schema LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            conn.close()
            vanished = (
                getattr(exc, "sqlite_errorcode", None) == SQLITE_CANTOPEN and not Path(f"{path}-shm").exists()
            )
            if vanished and attempt < READ_ONLY_ATTEMPTS - 1:
                continue
            # A writer killed mid-write leaves a -shm whose WAL index must be rebuilt, which a
            # read-only -shm cannot do ("locking protocol", SQLITE_PROTOCOL, seen in the migration
            # kill loop): read the committed content from a private copy of the pair instead.
            if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_PROTOCOL:
                return private_copy(path)
            return _connect(uri, uri=True, key=key_for(path))
        return conn
    raise AssertionError("unreachable: the last attempt always returns")


def _connect(
    target: str, *, uri: bool, key: str | None, factory: type[sqlite3.Connection] = sqlite3.Connection
) -> sqlite3.Connection:
    """The one `sqlite3.connect` of the app: keyed first thing when the file is encrypted."""
    conn = sqlite3.connect(
        target, uri=uri, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, factory=factory
    )
    try:
        cipher.apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def guard_audit(conn: sqlite3.Connection) -> None:
    """Install the audit-protecting authorizer (Repository connections; tools that must repair a
    file, and tests that tamper on purpose, use a bare `connect`)."""
    conn.set_authorizer(_authorizer)


def enable_wal(conn: sqlite3.Connection) -> None:
    """Switch a ToxTrack database to WAL; called only after the file was recognised as ours,
    because changing the journal mode rewrites the header of a file we would otherwise refuse."""
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise DatabaseRefusedError(
            f"The database {conn} could not be switched to write-ahead logging (got {mode})."
        )


def pragma(db: sqlite_utils.Database, name: str) -> object:
    """One PRAGMA value read back (tests and `toxtrack check` use it)."""
    row = db.conn.execute(f"PRAGMA {name}").fetchone()
    return None if row is None else row[0]


@contextmanager
def write(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction: BEGIN IMMEDIATE at the outermost level, a SAVEPOINT when nested.

    IMMEDIATE takes the write lock up front, so a read-then-write never fails half-way with an
    un-retried SQLITE_BUSY (reliability-reference A1.6); an exception rolls everything back.
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"toxtrack_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield db
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
