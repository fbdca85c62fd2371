"""One file, one writer: OS locks held for the life of a writable Repository, a restore or a migration.

Two locks, because a file has more names than one spelling (issue 12: two writers through a hard
link lost 100 of 200 acknowledged writes; a restore through a symbolic link swapped the file under
a live writer):
- `<file>.lock` beside the file the path leads to (symbolic links and `..` resolved), so every
  spelling shares it; it says who holds it (user, host, pid, time) so a second instance can tell
  the user. The OS lock (flock on POSIX, msvcrt.locking on Windows) is what counts: a stale file
  left by a crashed process, whose OS lock the kernel released, is simply taken over.
- an open-file-description lock (Linux F_OFD_SETLK) on one byte of the database file itself, far
  past the bytes SQLite locks: it belongs to the inode, so every hard link of the file shares it.
  Where that lock does not exist (macOS, Windows, a filesystem without it) a file with more than
  one name is not opened for writing at all: the other name cannot be found to lock it.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import os
import struct
import sys
from pathlib import Path

from storage.errors import DatabaseRefusedError, InUseError, ReadOnlyError
from storage.paths import refuse_broken_link
from storage.private import FILE_MODE

# Windows locks a byte range, and a locked range cannot be read by others: lock a byte far past
# the holder text so that it stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 20


# The byte of the database file whose lock marks its writer: SQLite locks bytes at 1 GiB (the
# lock-byte page) and a file never reaches 4 EiB, so neither SQLite nor a read ever meets this one.
_IDENTITY_LOCK_OFFSET = 1 << 62
# 64-bit Linux ABIs whose struct flock is {short type, short whence, off_t start, off_t len, pid_t pid}.
_FLOCK_LAYOUT_MACHINES = frozenset({"x86_64", "aarch64", "arm64", "ppc64le", "riscv64", "s390x"})
# Lock files whose writer lock this process holds now (WriterLock), so `writer_alive` knows its own
# lock without reading /proc/locks: the first read of it in a process took 7-15 ms on the build VM,
# on the start-up path of a large file (its checks are deferred: benchmarks/README.md, start-up).
_HELD: set[Path] = set()


def lock_path(db_path: Path) -> Path:
    """`<file>.lock` beside the file `db_path` leads to: a symbolic link, a `..` or a relative
    spelling of one database all share it (keyed by spelling, a link had a lock of its own)."""
    return Path(os.path.realpath(db_path) + ".lock")


def writer_alive(db_path: Path) -> bool | None:
    """Whether a process holds the file's writer lock now, read from /proc/locks (Linux) without
    touching the lock: a probe that took the lock, even shared and briefly, could make a writer that
    opens at that moment fail. None where this cannot be told (no /proc/locks). True at once when
    this process holds it (a writable open whose checks are deferred reads the file meanwhile)."""
    if lock_path(db_path) in _HELD:
        return True
    try:
        info = os.stat(lock_path(db_path))
    except FileNotFoundError:
        return False
    except OSError:
        return None
    try:
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    inode = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    return any(f" {inode} " in f" {line} " and "FLOCK" in line for line in table.splitlines())


def file_in_use(path: Path) -> bool | None:
    """Whether any process holds a lock on the file `path` itself (its inode, so every hard link
    counts), read from /proc/locks: a ToxTrack writer holds its identity lock there for its whole
    session and SQLite locks the file while it reads or checkpoints. None where this cannot be told."""
    try:
        info = os.stat(path)
        table = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    inode = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    return any(f" {inode} " in f" {line} " for line in table.splitlines())


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_file_identity(fd: int) -> bool | None:
    """Write-lock one byte of the open database file (an OFD lock, owned by this open file, so
    closing another descriptor of the file, SQLite's included, never drops it and it never drops
    SQLite's POSIX locks). True: taken; False: another open file holds it; None: not available."""
    # os.uname().machine is what platform.machine() returns on Linux, without importing `platform`
    # at every start (it compiles nine regular expressions as it loads, ~1.5 ms before the first paint)
    if sys.platform != "linux" or os.uname().machine not in _FLOCK_LAYOUT_MACHINES:
        return None
    import fcntl

    command = getattr(fcntl, "F_OFD_SETLK", None)
    if command is None:
        return None
    request = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, _IDENTITY_LOCK_OFFSET, 1, 0)
    try:
        fcntl.fcntl(fd, command, request)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            return False
        return None  # EINVAL, ENOLCK: a filesystem without such locks
    return True


def _unlock_file_identity(fd: int) -> None:
    import fcntl

    request = struct.pack("hhqqi4x", fcntl.F_UNLCK, os.SEEK_SET, _IDENTITY_LOCK_OFFSET, 1, 0)
    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, request)


def other_names(db_path: Path) -> list[Path]:
    """Other names of the same file in its folder (hard links; names elsewhere cannot be found)."""
    try:
        mine = os.stat(db_path)
        with os.scandir(db_path.parent) as entries:
            return [
                Path(entry.path)
                for entry in entries
                if entry.name != db_path.name
                and entry.is_file(follow_symlinks=False)
                and os.path.samestat(entry.stat(follow_symlinks=False), mine)
            ]
    except OSError:
        return []


def _hard_link_holder(db_path: Path) -> str:
    """Who holds the file through another name: that name's lock file says, when it is in the same
    folder; else only that it is another ToxTrack."""
    for name in other_names(db_path):
        try:
            text = lock_path(name).read_text(encoding="utf-8", errors="replace").strip()
        except OSError:
            continue
        return f"{text or 'another ToxTrack'} through {name.name}, another name (hard link) of the same file"
    return "another ToxTrack through another name (hard link) of the same file"


def describe_holder() -> str:
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return f"{getpass.getuser()}@{_hostname()} pid {os.getpid()} since {now}"


def _hostname() -> str:
    """The machine's name; os.uname where it exists (what socket.gethostname reads there) spares the
    socket import at every start-up."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


class WriterLock:
    """The write lock of one database file, whatever name or spelling reaches it; `release()` (or
    process death) frees it. Taken by a writable Repository (before any migration), by a restore
    and by nothing else that writes the file."""

    def __init__(self, db_path: Path) -> None:
        refuse_broken_link(db_path)
        self.database = Path(os.path.realpath(db_path))  # the file itself, links resolved
        self.path = lock_path(db_path)
        self._fd: int | None = None
        self._file_fd: int | None = None  # the database file, holding its identity lock
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        except PermissionError:
            raise ReadOnlyError(
                f"ToxTrack may not write in the folder of {db_path}, so it can only open it read-only."
            ) from None
        try:
            if not _try_lock(fd):
                raise InUseError(str(db_path), self._read_holder(fd))
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        _HELD.add(self.path)
        try:
            self.hold_file(db_path)
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, describe_holder().encode("utf-8"))
        except BaseException:
            self.release()
            raise

    def hold_file(self, shown: Path | None = None) -> None:
        """Lock the database file itself (its inode, which every hard link shares) when it exists;
        a new database calls this again once it is created. InUseError when another ToxTrack holds
        it through another name; DatabaseRefusedError where no such lock exists and the file has
        other names."""
        if self._file_fd is not None or not self.database.exists():
            return
        name = shown or self.database
        try:
            fd = os.open(self.database, os.O_RDWR)
        except PermissionError:
            raise ReadOnlyError(
                f"ToxTrack may not write to {name}, so it can only open it read-only."
            ) from None
        except OSError as exc:  # a folder at the database's name, say
            raise DatabaseRefusedError(f"ToxTrack cannot write to {name}: {exc.strerror}.") from None
        taken = _lock_file_identity(fd)
        if taken:
            self._file_fd = fd
            return
        links = os.fstat(fd).st_nlink
        os.close(fd)
        if taken is False:
            raise InUseError(str(name), _hard_link_holder(self.database))
        if links > 1:
            raise DatabaseRefusedError(
                f"The database {name} has {links} names (hard links), and on this system ToxTrack "
                "cannot lock them all, so it did not open it for writing: open it read-only, or "
                "delete the other names and keep one."
            )

    @staticmethod
    def _read_holder(fd: int) -> str:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 1000).decode("utf-8", errors="replace").strip()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def unlock(self) -> None:
        """Let another writer in, but keep the database file open until `release()`: closing a
        descriptor of the file drops the POSIX locks SQLite holds on it in this process, so it
        waits until this process's connection to the file is closed (Repository.close)."""
        if self._file_fd is not None:  # only ever set where the OFD lock exists
            _unlock_file_identity(self._file_fd)
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _HELD.discard(self.path)
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def release(self) -> None:
        """Free the lock (call it after closing this process's connections to the file); the lock
        file stays (deleting it would race with a process about to lock it)."""
        try:
            self.unlock()
        finally:
            if self._file_fd is not None:
                fd, self._file_fd = self._file_fd, None
                os.close(fd)
