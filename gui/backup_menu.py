"""File > Back up now / Restore..., the "Last backup" status-bar label and the daily automatic backup.

Backups run on the thread pool (gui.worker) with their own connections, so the window stays usable;
a restore closes the session's repository (it needs the writer lock), swaps the verified backup in
with the current file kept aside, and reopens.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QMessageBox

from clinical.errors import ToxTrackError
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


def _tr(text: str) -> str:
    return QCoreApplication.translate("backup_menu", text)


def _file_menu(window: QMainWindow) -> QMenu:
    """The window's File menu (matched by its title without the accelerator), created if missing."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == _tr("File"):
            return menu
    return window.menuBar().addMenu(_tr("&File"))


class BackupControls(QObject):
    """The actions, the label and the timer; owned by the window (no global state)."""

    def __init__(self, window: QMainWindow, session: Session) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.label = QLabel()
        self.label.setObjectName("lastBackupLabel")
        window.statusBar().addPermanentWidget(self.label)
        self.backup_action = QAction(_tr("&Back up now"), window)
        self.backup_action.setObjectName("action_backup_now")
        self.restore_action = QAction(_tr("&Restore..."), window)
        self.restore_action.setObjectName("action_restore")
        self.restore_action.setEnabled(not session.read_only)
        session.mode_changed.connect(self._mode_changed)
        self.backup_action.triggered.connect(self.back_up_now)
        self.restore_action.triggered.connect(self.restore)
        menu = _file_menu(window)
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, [self.backup_action, self.restore_action])  # type: ignore[arg-type]
        menu.insertSeparator(first)  # type: ignore[arg-type]
        self.timer = QTimer(self)
        self.timer.setInterval(DAILY_CHECK_MS)
        self.timer.timeout.connect(self.daily_backup)
        self.timer.start()
        self.busy = False
        self.update_label()

    @property
    def db_path(self) -> Path:
        return Path(self.session.repo.path)

    def update_label(self) -> None:
        last = last_backup_time(self.db_path)
        when = local_time(last) if last is not None else _tr("never")
        self.label.setText(_tr("Last backup: {0}").format(when))

    def back_up_now(self) -> None:
        self._start_backup(force=True)

    def daily_backup(self) -> None:
        """The automatic daily generation (also checked once at start-up by the timer's owner)."""
        if backup_due(self.db_path, self.session.now()):
            self._start_backup(force=False)

    def _start_backup(self, force: bool) -> None:
        if self.busy:
            return
        self.busy = True
        self.backup_action.setEnabled(False)
        path, now = self.db_path, self.session.now()
        run_in_background(
            self.window,
            lambda: automatic_backup(path, now, force=force),
            self._backup_done,
            self._backup_failed,
            progress_label=_tr("Backing up..."),
        )

    def _backup_done(self, made: Path | None) -> None:
        self._idle()
        if made is not None:
            self.window.statusBar().showMessage(_tr("Backup saved and verified: {0}").format(made), 10_000)

    def _backup_failed(self, exc: BaseException) -> None:
        self._idle()
        if not isinstance(exc, ToxTrackError | OSError):
            raise exc  # a bug: the excepthook shows it
        show_error(self.window, exc if isinstance(exc, ToxTrackError) else ToxTrackError(str(exc)))

    def _idle(self) -> None:
        self.busy = False
        self.backup_action.setEnabled(True)
        self.update_label()

    def restore(self) -> None:
        """Ask for a backup, confirm, then swap it in (the current file is kept aside) and reopen."""
        from PySide6.QtWidgets import QFileDialog  # restore is rare; not loaded at start-up

        folder = backup_dir(self.db_path)
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, _tr("Restore a backup"), str(folder), _tr("ToxTrack backups (*.db)")
        )
        if not chosen:
            return
        question = _tr(
            "Replace the open database with the backup {0}? The current file is kept beside it, "
            "renamed with today's date, and ToxTrack reopens the restored one."
        ).format(Path(chosen).name)
        answer = QMessageBox.question(self.window, _tr("Restore backup"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        restored = self._swap(Path(chosen))
        if restored is not None:
            aside = restored.kept_aside[0] if restored.kept_aside else None
            note = (
                _tr("Restored; the previous file was kept as {0}.").format(aside)
                if aside
                else _tr("Restored.")
            )
            self.window.statusBar().showMessage(note, 15_000)
        self.session.refresh()
        self.update_label()

    def _mode_changed(self) -> None:
        """The checks at open of a large file finished: restore follows the mode, and a file they
        found damaged gets the same offer as one found damaged at open."""
        self.restore_action.setEnabled(not self.session.read_only)
        if getattr(self.session.repo, "damaged", False):
            QTimer.singleShot(0, self.offer_newest_backup)

    def offer_newest_backup(self) -> bool:
        """After a file failed its check at open (it is then read-only), offer the newest backup
        that still verifies; True when one was restored."""
        if not getattr(self.session.repo, "damaged", False):
            return False
        found = newest_good_backup(self.db_path)
        if found is None:
            QMessageBox.warning(
                self.window,
                _tr("No good backup"),
                _tr("The database is damaged and no automatic backup of it verifies; keep this window "
                    "read-only and contact your ToxTrack support contact."),
            )  # fmt: skip
            return False
        path, manifest = found
        question = _tr(
            "The database failed its check and is open read-only. Restore the newest good backup, "
            "made {0}? The damaged file is kept beside it."
        ).format(manifest.created_at)
        if (
            QMessageBox.question(self.window, _tr("Restore backup"), question)
            != QMessageBox.StandardButton.Yes
        ):
            return False
        restored = self._swap(path) is not None
        self.session.refresh()
        self.update_label()
        return restored

    def _swap(self, backup: Path) -> Restored | None:
        from storage import Repository
        from storage.restore import restore_backup

        path, user = self.db_path, self.session.repo.user
        if not path.parent.is_dir() and not self._create_folder(path.parent):
            return None
        QApplication.setOverrideCursor(self.window.cursor())
        self.session.repo.close()
        try:
            return restore_backup(backup, path, self.session.now(), create_folder=True)
        except ToxTrackError as exc:
            show_error(self.window, exc)
            return None
        finally:
            self.session.repo = Repository.open(path, user=user)
            self.session.read_only = self.session.repo.read_only
            QApplication.restoreOverrideCursor()

    def _create_folder(self, folder: Path) -> bool:
        """The database's folder is gone (a USB stick pulled, a share unmounted): ask before a restore
        creates it again, rather than restoring somewhere the user did not choose (issue 12)."""
        question = _tr(
            "The folder {0} of the database no longer exists. Create it and restore the backup there?"
        ).format(folder)
        answer = QMessageBox.question(
            self.window,
            _tr("Folder missing"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes


def install_backup_menu(window: QMainWindow, session: Session) -> None:
    """Add File > Back up now / Restore..., the "Last backup" label and the daily backup timer."""
    controls = BackupControls(window, session)
    window.setProperty("backupControls", controls)  # keep it reachable (tests, shutdown)
    QTimer.singleShot(0, controls.offer_newest_backup)  # once the window is up
    log.debug("backup menu installed for %s", controls.db_path)


def backup_at_close(session: Session, now: dt.datetime | None = None) -> Path | None:
    """The automatic backup when the app closes (synchronous: the window is going away). An expected
    failure is logged, never raised: closing must not be blocked by a full backup disk."""
    try:
        return automatic_backup(Path(session.repo.path), now or session.now(), force=True)
    except ToxTrackError as exc:
        log.warning("backup at close failed: %s", exc)
        return None
