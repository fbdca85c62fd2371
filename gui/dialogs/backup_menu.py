"""What File > Back up now / Restore... do, the "Last backup" status-bar label and the daily
automatic backup. The two actions are declared with the others in gui/actions.py; the main window
builds these controls and routes the actions here (do_backup_now, do_restore).

Backups run on the thread pool (gui.worker) with their own connections, so the window stays usable.
A restore closes the session's repository (it needs the writer lock), then verifies the backup and
swaps it in on the pool, the current file kept aside, while the window shows it is busy (pages
disabled, a wait cursor, a progress message); it then reopens the file and shows what was verified.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from clinical.errors import ToxTrackError
from gui.dialog_open import open_dialog
from gui.errors import show_error
from gui.formatting import local_time
from gui.worker import run_in_background
from storage.paths import backup_dir
from storage.rotation import automatic_backup, backup_due, last_backup_time, newest_good_backup

if TYPE_CHECKING:
    from gui.session import Session
    from storage.restore import Restored

log = logging.getLogger("toxtrack.gui")
DAILY_CHECK_MS = 60 * 60 * 1000  # look once an hour whether the daily backup is due
BACKING_UP = "backing up"
RESTORING = "restoring"


class BackupControls(QObject):
    """The label, the timer and the backup and restore work; owned by the window (no global state).
    `busy` says which file operation runs (one at a time); `busy_changed` lets the window disable
    what must wait for it."""

    busy_changed = Signal()

    def __init__(self, window: QMainWindow, session: Session) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.busy = ""
        self.automatic = False  # the interactive app's timer and offers (start_automatic)
        self.last_result: QMessageBox | None = None  # the restore's result box, for tests
        self.label = QLabel(window)
        self.label.setObjectName("lastBackupLabel")
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(DAILY_CHECK_MS)
        self.timer.timeout.connect(self.daily_backup)
        session.mode_changed.connect(self._mode_changed)
        self.update_label()

    @property
    def db_path(self) -> Path:
        return Path(self.session.repo.path)

    @property
    def restoring(self) -> bool:
        return self.busy == RESTORING

    def start_automatic(self) -> None:
        """The interactive app (not a screenshot, not a test window): look hourly whether the daily
        backup is due, and once the window is up offer a damaged file its newest good backup."""
        self.automatic = True
        self.timer.start()
        QTimer.singleShot(0, self.offer_newest_backup)

    def update_label(self) -> None:
        last = last_backup_time(self.db_path)
        when = local_time(last) if last is not None else self.tr("never")
        self.label.setText(self.tr("Last backup: {0}").format(when))

    def back_up_now(self) -> None:
        self._start_backup(force=True)

    def daily_backup(self) -> None:
        """The automatic daily generation (also checked once at start-up by the timer's owner)."""
        if backup_due(self.db_path, self.session.now()):
            self._start_backup(force=False)

    def _set_busy(self, what: str) -> None:
        self.busy = what
        self.busy_changed.emit()

    def _start_backup(self, force: bool) -> None:
        if self.busy:
            return
        self._set_busy(BACKING_UP)
        path, now = self.db_path, self.session.now()
        run_in_background(
            self.window,
            lambda: automatic_backup(path, now, force=force),
            self._backup_done,
            self._backup_failed,
            progress_label=self.tr("Backing up..."),
        )

    def _backup_done(self, made: Path | None) -> None:
        self._idle()
        if made is not None:
            self.window.statusBar().showMessage(
                self.tr("Backup saved and verified: {0}").format(made), 10_000
            )

    def _backup_failed(self, exc: BaseException) -> None:
        self._idle()
        if not isinstance(exc, ToxTrackError | OSError):
            raise exc  # a bug: the excepthook shows it
        show_error(self.window, exc if isinstance(exc, ToxTrackError) else ToxTrackError(str(exc)))

    def _idle(self) -> None:
        self._set_busy("")
        self.update_label()

    def restore(self) -> None:
        """Ask for a backup, confirm, then swap it in on the pool (the current file is kept aside)."""
        from PySide6.QtWidgets import QFileDialog  # restore is rare; not loaded at start-up

        if self.busy:
            return
        folder = backup_dir(self.db_path)
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Restore a backup"), str(folder), self.tr("ToxTrack backups (*.db)")
        )
        if not chosen:
            return
        question = self.tr(
            "Replace the open database with the backup {0}? The current file is kept beside it, "
            "renamed with today's date, and ToxTrack reopens the restored one."
        ).format(Path(chosen).name)
        answer = QMessageBox.question(self.window, self.tr("Restore backup"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self._swap(Path(chosen))

    def _mode_changed(self) -> None:
        """The checks at open of a large file found it damaged: the same offer as a file found
        damaged at open (not while a restore reopens the file: its result is shown instead)."""
        if self.automatic and not self.busy and getattr(self.session.repo, "damaged", False):
            QTimer.singleShot(0, self.offer_newest_backup)

    def offer_newest_backup(self) -> bool:
        """After a file failed its check at open (it is then read-only), offer the newest backup
        that still verifies; True when its restore was started."""
        if self.busy or not getattr(self.session.repo, "damaged", False):
            return False
        found = newest_good_backup(self.db_path)
        if found is None:
            QMessageBox.warning(
                self.window,
                self.tr("No good backup"),
                self.tr("The database is damaged and no automatic backup of it verifies; keep this "
                        "window read-only and contact your ToxTrack support contact."),
            )  # fmt: skip
            return False
        path, manifest = found
        question = self.tr(
            "The database failed its check and is open read-only. Restore the newest good backup, "
            "made {0}? The damaged file is kept beside it."
        ).format(manifest.created_at)
        if (
            QMessageBox.question(self.window, self.tr("Restore backup"), question)
            != QMessageBox.StandardButton.Yes
        ):
            return False
        return self._swap(path)

    def _swap(self, backup: Path) -> bool:
        """Close the session's repository and run the verified restore on the pool; the window is
        busy until `_reopen`. False when it did not start (the user kept a vanished folder gone)."""
        from storage.restore import restore_backup

        path, user, now = self.db_path, self.session.repo.os_user, self.session.now()
        if not path.parent.is_dir() and not self._create_folder(path.parent):
            return False
        self._set_busy(RESTORING)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.session.repo.close()  # the restore takes the writer lock this session holds
        run_in_background(
            self.window,
            lambda: restore_backup(backup, path, now, create_folder=True),
            lambda restored: self._restored(path, user, restored),
            lambda exc: self._restore_failed(path, user, exc),
            progress_label=self.tr("Verifying and restoring the backup {0}...").format(backup.name),
        )
        return True

    def _reopen(self, path: Path, user: str) -> None:
        """Back on the GUI thread: open the file (restored or not) and let every view re-read it."""
        from storage import Repository

        try:
            self.session.replace_repository(Repository.open(path, user=user))
        finally:
            QApplication.restoreOverrideCursor()
            self._idle()
        if self.session.repo.has_users():
            from gui.dialogs.accounts import ensure_signed_in

            # the reopened file (restored or not) has its own users: sign in to it; until then it is
            # read but nothing is saved (storage refuses, and the window disables what writes)
            ensure_signed_in(self.session.repo, self.window)
            self.session.mode_changed.emit()

    def _restored(self, path: Path, user: str, restored: Restored) -> None:
        self._reopen(path, user)
        aside = restored.kept_aside[0] if restored.kept_aside else None
        note = (
            self.tr("Restored; the previous file was kept as {0}.").format(aside)
            if aside
            else self.tr("Restored.")
        )
        self.window.statusBar().showMessage(note, 15_000)
        checked = [self.tr("Verified: {0}.").format(line) for line in restored.verified]
        checked += [self.tr("Not verified: {0}.").format(line) for line in restored.unverified]
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Backup restored"),
            note,
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setInformativeText("\n".join(checked))
        self.last_result = open_dialog(box)

    def _restore_failed(self, path: Path, user: str, exc: BaseException) -> None:
        self._reopen(path, user)  # the file as it was: restore_backup replaces it only when verified
        if not isinstance(exc, ToxTrackError | OSError):
            raise exc  # a bug: the excepthook shows it
        show_error(self.window, exc if isinstance(exc, ToxTrackError) else ToxTrackError(str(exc)))

    def _create_folder(self, folder: Path) -> bool:
        """The database's folder is gone (a USB stick pulled, a share unmounted): ask before a restore
        creates it again, rather than restoring somewhere the user did not choose (issue 12)."""
        question = self.tr(
            "The folder {0} of the database no longer exists. Create it and restore the backup there?"
        ).format(folder)
        answer = QMessageBox.question(
            self.window,
            self.tr("Folder missing"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


def backup_at_close(session: Session, now: dt.datetime | None = None) -> Path | None:
    """The automatic backup when the app closes (synchronous: the window is going away). An expected
    failure is logged, never raised: closing must not be blocked by a full backup disk."""
    try:
        return automatic_backup(Path(session.repo.path), now or session.now(), force=True)
    except ToxTrackError as exc:
        log.warning("backup at close failed: %s", exc)
        return None
