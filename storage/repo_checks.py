"""The open checks a repository finishes after it opened: the deferred SQLite checks of a large file
and the audit replay the GUI runs on a worker after the window is shown (storage/safety.py)."""

from __future__ import annotations

from storage import safety
from storage.connection import guard_audit, open_connection
from storage.repo_base import RepositoryBase
from storage.repo_open import open_database


class OpenChecksMixin(RepositoryBase):
    """`open(defer_checks_above=...)` and the GUI's replay after the window is shown end here."""

    def run_deferred_checks(self) -> safety.DeferredChecks:
        """quick_check, the newest audit rows' hashes and the newest audit time, on connections of
        their own: safe on a worker thread while this repository serves reads."""
        return safety.deferred_checks(self.path)

    def finish_checks(self, found: safety.DeferredChecks) -> None:
        """Apply what `run_deferred_checks` found, on this repository's thread: a sound file becomes
        writable (then the clock check runs); a damaged one stays read-only, with the same notice and
        `damaged` flag as when the checks run at open, and the writer lock is released."""
        if not self.checks_pending:
            return
        self.checks_pending = False
        if found.problems:
            self.damaged = True
            self.notices = (safety.damaged_message(self.path, found.problems), *self.notices)
            if self._lock is not None:  # released at close(), after the read-only connection
                self._lock.unlock()
            return
        writable = open_database(self.path, read_only=False)
        reader = self._conn
        self._conn, self._db_cache, self.read_only = writable, None, False
        reader.close()
        self.notices += found.warnings + safety.clock_notice(self, found.last_audit_at)

    def run_tamper_checks(self) -> safety.DeferredChecks:
        """The audit replay of the whole file (storage/replay.py) on a connection of its own: the GUI
        runs it on a worker after the window is shown (the deferred checks of large files include it)."""
        return safety.tamper_checks(self.path)

    def finish_tamper_checks(self, found: safety.DeferredChecks) -> None:
        """On this repository's thread: rows that differ from their audit entries make the session
        read-only and `damaged`, with the same notice as a file that failed its checks at open."""
        if not found.problems or self.damaged:
            return
        self.damaged = True
        self.notices = (safety.damaged_message(self.path, found.problems), *self.notices)
        if not self.read_only:
            reader = open_connection(self.path, read_only=True, pristine=True)
            guard_audit(reader)
            writable, self._conn, self._db_cache, self.read_only = self._conn, reader, None, True
            if not self._anchored:
                from storage import anchors

                self._anchored = True
                anchors.record_head(self.path, writable, "close", sync=True)
            writable.close()
        if self._lock is not None:  # released at close(), after the read-only connection (as above)
            self._lock.unlock()
