"""Single writer: an OS lock on `<db>.lock` held for the life of a writable Repository.

The lock file says who holds it (user, host, pid, time) so a second instance can tell the user;
the OS lock (flock on POSIX, msvcrt.locking on Windows) is what counts, so a stale file left by a
crashed process, whose OS lock the kernel released, is simply taken over.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys
from pathlib import Path

from storage.errors import InUseError, ReadOnlyError

# Windows locks a byte range, and a locked range cannot be read by others: lock a byte far past
# the holder text so that it stays readable.
_WINDOWS_LOCK_OFFSET = 1 << 20


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


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
    """The write lock of one database file; `release()` (or process death) frees it."""

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._fd: int | None = None
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            raise ReadOnlyError(
                f"ToxTrack may not write in the folder of {db_path}, so it can only open it read-only."
            ) from None
        try:
            if not _try_lock(fd):
                holder = self._read_holder(fd)
                raise InUseError(str(db_path), holder)
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, describe_holder().encode("utf-8"))
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    @staticmethod
    def _read_holder(fd: int) -> str:
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 1000).decode("utf-8", errors="replace").strip()

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Free the lock; the file stays (deleting it would race with a process about to lock it)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)
