"""Automatic lock after inactivity (issue 16; Part 11 §11.300, reliability-reference).

`IdleLock` watches the application's keyboard and mouse input; after the database's idle time
(`repo.lock_minutes()`, default 10, 1-30, set by an administrator) it locks: every other window
(open forms with their unsaved input) is hidden, not closed, and the main window shows only the lock
screen, with no patient name, subject id, chart or title that names one. The same user's password
unlocks (the forms come back as they were); "Switch user" signs that user out, after asking when
forms with input would be discarded, so nothing typed is ever saved under another user's name or
lost without a question. Lock and unlock are audited by storage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinical.errors import ToxTrackError
from gui.window_handlers import IDLE_LOCK_NAME

if TYPE_CHECKING:
    from gui.main_window import MainWindow

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockScreen(QWidget):
    """What a locked window shows: who locked it, a password field, Unlock and Switch user."""

    def __init__(self, who: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.title = QLabel(QCoreApplication.translate("lock", "ToxTrack is locked"))
        self.title.setStyleSheet("font-size: 18pt; font-weight: bold")
        self.who = QLabel(
            QCoreApplication.translate(
                "lock", "Locked after inactivity. {0}: type your password to unlock."
            ).format(who)
        )
        self.who.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel("")
        self.problem.setObjectName("problem")
        self.problem.setStyleSheet("color: #b00020")
        self.unlock = QPushButton(QCoreApplication.translate("lock", "&Unlock"))
        self.unlock.setDefault(True)
        self.switch = QPushButton(QCoreApplication.translate("lock", "&Switch user..."))
        box = QVBoxLayout()
        box.addWidget(self.title)
        box.addWidget(self.who)
        box.addWidget(self.password)
        box.addWidget(self.problem)
        row = QHBoxLayout()
        row.addWidget(self.unlock)
        row.addWidget(self.switch)
        box.addLayout(row)
        holder = QWidget()
        holder.setLayout(box)
        holder.setFixedWidth(460)  # a fixed width lets the wrapped sentence take the height it needs
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(holder, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)


class IdleLock(QObject):
    """Locks `window` after the database's idle time without keyboard or mouse input."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName(IDLE_LOCK_NAME)  # found by File > Automatic lock time after a change
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.screen: LockScreen | None = None
        self._content: QWidget | None = None
        self._hidden: list[QWidget] = []
        self._title = ""
        self.restart()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def restart(self) -> None:
        """The idle time starts again (any input, and after unlocking)."""
        self.timer.start(self.window.session.repo.lock_minutes() * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and not self.locked:
            self.timer.start()
        return False

    def lock(self) -> None:
        """Hide every window's patient data; a session nobody signed in to has nothing to lock."""
        repo = self.window.session.repo
        if self.locked or repo.account is None:
            return
        repo.lock()
        window = self.window
        self._hidden = [
            w for w in QApplication.topLevelWidgets() if w is not window and w.isVisible() and w.isWindow()
        ]
        for widget in self._hidden:
            widget.hide()
        self._title = window.windowTitle()
        window.setWindowTitle(QCoreApplication.translate("lock", "ToxTrack — locked"))
        window.menuBar().hide()
        window.statusBar().hide()
        self._content = window.takeCentralWidget()
        self.screen = LockScreen(repo.account.label if repo.account else "", window)
        self.screen.unlock.clicked.connect(self.try_unlock)
        self.screen.password.returnPressed.connect(self.try_unlock)
        self.screen.switch.clicked.connect(self.switch_user)
        window.setCentralWidget(self.screen)
        self.screen.password.setFocus()

    def try_unlock(self) -> None:
        screen = self.screen
        if screen is None:
            return
        try:
            self.window.session.repo.unlock(screen.password.text())
        except ToxTrackError as exc:
            screen.problem.setText(str(exc))
            return
        finally:
            screen.password.clear()
        self._restore()
        for widget in self._hidden:
            widget.show()
        self._hidden = []

    def switch_user(self) -> None:
        """Another user signs in: the first is signed out; open forms with input are discarded only
        after a question (answered No, the window stays locked for the first user)."""
        forms = [w for w in self._hidden if isinstance(w, QDialog)]
        if forms:
            answer = QMessageBox.question(
                self.window,
                QCoreApplication.translate("lock", "Switch user"),
                QCoreApplication.translate(
                    "lock",
                    "{0} open form(s) of the signed-in user have not been saved. Switching user closes "
                    "them without saving. Switch user anyway?",
                ).format(len(forms)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        for form in forms:
            form.reject()
        self._hidden = []
        repo = self.window.session.repo
        repo.sign_out()  # audited; ends the lock
        self._restore()
        self.window.do_sign_in_again()

    def _restore(self) -> None:
        window = self.window
        screen = window.takeCentralWidget()
        if screen is not None:
            screen.deleteLater()
        self.screen = None
        if self._content is not None:
            window.setCentralWidget(self._content)
            self._content.show()  # taken out, it was hidden with the lock
            self._content = None
        window.menuBar().show()
        window.statusBar().show()
        window.setWindowTitle(self._title)
        self.restart()
