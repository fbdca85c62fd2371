"""Start-up: Qt started with one sentence instead of its abort when it cannot open a window, the
database opened (asking about read-only when another window has it), the window shown before any
chart or PDF library is imported, the demo cohort offered on an empty file, and the --screenshot
mode used for the README and checks."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QTranslator, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from clinical.errors import NotFoundError, ToxTrackError
from gui.errors import install_excepthook, show_error
from gui.gc_guard import GarbageCollector
from gui.session import Session
from gui.settings import Settings
from gui.sign_in_gate import nothing_to_ask
from gui.translation import chosen_language, install_translators
from gui.worker import run_in_background, wait_for_background
from storage import cipher
from storage.errors import DatabaseRefusedError, InUseError
from storage.paths import default_db_path
from storage.safety import DeferredChecks

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType

    from gui.main_window import MainWindow
    from storage.repository import Repository

log = logging.getLogger("toxtrack.gui")
EXIT_REFUSED = 2
EXIT_DECLINED = 1
BACKUP_CHECK_DELAY_MS = 10_000  # the daily backup check waits until start-up work has settled
FIRST_PAINT_WAIT_MS = 1_000  # start-up work waits for the first paint this long at most
SCREENSHOT_MIN_S = 0.5  # let layouts and first paints happen
SCREENSHOT_MAX_S = 30.0  # a screenshot of a huge database still ends
# Above this size the SQLite checks at open (quick_check, audit tail: they read the whole file, about
# 1 s per 100 MB) run after the window is shown, read-only until they pass; below it they take under
# ~0.2 s and run before, as always (benchmarks/README.md, start-up).
DEFER_CHECKS_ABOVE_BYTES = 16 * 1024 * 1024
_TRANSLATORS: list[QTranslator] = []  # installed at start, alive as long as the process


def start_application(argv: Sequence[str]) -> QApplication:
    """QApplication(argv); when Qt cannot start any platform plugin it would abort (exit 134, a core
    dump, a paragraph that blames xcb-cursor0 whatever is missing), so its messages are caught while
    it starts and its fatal one becomes `give_up`. Nothing is checked on the normal path: installing
    and removing the handler costs microseconds. Other messages reach stderr once Qt has started."""
    held: list[str] = []

    def on_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        from PySide6.QtCore import QtMsgType  # PySide makes the enum on first use (~3 ms): only here

        if kind == QtMsgType.QtFatalMsg:
            give_up([*held, text], os.environ)
        category = context.category or "default"
        held.append(text if category == "default" else f"{category}: {text}")

    qInstallMessageHandler(on_message)
    try:
        return QApplication(list(argv))
    finally:
        qInstallMessageHandler(None)  # Qt's own handler again
        for line in held:
            print(line, file=sys.stderr)


def give_up(messages: list[str], env: Mapping[str, str]) -> NoReturn:
    """One sentence on what is missing (gui/qt_diagnosis.py, loaded only now), then leave before Qt
    aborts; nothing has been opened yet. QT_DEBUG_PLUGINS=1 shows Qt's own messages as well."""
    from gui.qt_diagnosis import EXIT_NO_WINDOW, LEAD, explain

    if env.get("QT_DEBUG_PLUGINS"):
        print("\n".join(messages), file=sys.stderr)
    try:
        sentence = explain(messages, env)
    except Exception:  # an exception here would reach Qt, which then aborts after all
        sentence = LEAD + "Qt could not start; run with QT_DEBUG_PLUGINS=1 to see why."
    print(sentence, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_NO_WINDOW)


def ask_read_only(exc: InUseError) -> bool:
    """Second workstation: say who holds the file and offer to open it read-only."""
    answer = QMessageBox.question(
        None,
        QCoreApplication.translate("app", "Database in use"),
        str(exc)
        + "\n\n"
        + QCoreApplication.translate(
            "app", "Open it read-only? You can look at everything but save nothing."
        ),
        QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Open,
    )
    return answer == QMessageBox.StandardButton.Open


def open_repository(path: Path, read_only: bool, unattended: bool) -> tuple[Repository | None, str, int]:
    """(repository, who holds the write lock if we were pushed to read-only, exit code if None).
    Interactive opens of a large file leave the SQLite checks to `check_in_background`."""
    from storage.repository import Repository

    defer = None if unattended else DEFER_CHECKS_ABOVE_BYTES
    try:
        return (
            Repository.open(path, read_only=read_only, create=not read_only, defer_checks_above=defer),
            "",
            0,
        )
    except InUseError as exc:
        if unattended or ask_read_only(exc):
            return Repository.open(path, read_only=True, create=False), exc.holder, 0
        return None, "", EXIT_DECLINED
    except DatabaseRefusedError as exc:
        if not unattended:
            QMessageBox.critical(
                None, QCoreApplication.translate("app", "Cannot open the database"), str(exc)
            )
        print(str(exc), file=sys.stderr)
        return None, "", EXIT_REFUSED


def settle(app: QCoreApplication, minimum_s: float, maximum_s: float) -> None:
    """Process events until background work (charts, cohort statistics) has reported back and the
    window has rendered: at least `minimum_s`, then until the pool is idle, at most `maximum_s`."""
    start = time.monotonic()
    idle_rounds = 0
    while time.monotonic() - start < maximum_s:
        app.processEvents()
        busy = not wait_for_background(50)
        app.processEvents()
        idle_rounds = 0 if busy else idle_rounds + 1
        if idle_rounds >= 5 and time.monotonic() - start >= minimum_s:
            return
        time.sleep(0.02)


def take_screenshot(app: QApplication, window: MainWindow, options: argparse.Namespace) -> int:
    """--screenshot: first patient selected, the chosen view in front, grab, save, exit 0."""
    session = window.session
    ids = session.repo.patient_ids()
    chosen = getattr(options, "patient", "")
    if chosen:
        try:
            session.select_patient(session.repo.find_patient(chosen).id)
        except NotFoundError as exc:
            print(f"toxtrack: {exc}", file=sys.stderr)
            return 2
    elif ids:
        session.select_patient(ids[0])
    window.today.refresh_now()
    view = options.view or ("patient" if ids else "today")
    if not window.show_view(view):
        print(f"unknown --view {view!r}", file=sys.stderr)
    settle(app, SCREENSHOT_MIN_S, SCREENSHOT_MAX_S)
    out = Path(options.screenshot)
    ok = window.grab().save(str(out))
    return 0 if ok and out.stat().st_size > 0 else 1


def run_app(options: argparse.Namespace) -> int:
    """The desktop app: returns the process exit code."""
    app = QApplication.instance() or start_application(sys.argv[:1])
    assert isinstance(app, QApplication)
    GarbageCollector(app)  # collections on the GUI thread only (see gui/gc_guard.py)
    app.setApplicationName("ToxTrack")
    app.setOrganizationName("ToxTrack")
    screenshot = bool(getattr(options, "screenshot", None))
    # --screenshot never reads the user's settings: its language is TOXTRACK_LANG's or the system's
    settings = None if screenshot else Settings()
    _TRANSLATORS.extend(install_translators(app, chosen_language(settings)))
    path = default_db_path(options.db)
    # --screenshot logs beside the database, when its folder is there (a link to a missing folder is
    # refused by the open below, in one sentence, rather than failing here on a traceback)
    log_dir = path.parent if screenshot and path.parent.is_dir() else None
    install_excepthook(log_dir, show_dialog=not screenshot)
    if not screenshot:
        cipher.set_asker(ask_passphrase)  # an encrypted file's passphrase, unless this workstation knows it
        cipher.set_new_asker(ask_new_passphrase)  # a new database: encrypted unless the user says not to
    repo, holder, code = open_repository(path, bool(options.read_only), screenshot)
    if repo is None:
        return code
    session = Session(repo)
    try:
        if not signed_in_at_start(repo, screenshot):
            return EXIT_DECLINED
        if screenshot:
            import tempfile  # only for --screenshot; not on every start-up's import path

            with tempfile.TemporaryDirectory() as scratch:
                # Screenshots must not read or change the user's remembered window geometry.
                window = _main_window(session, Settings(Path(scratch) / "settings.ini"), holder)
                return take_screenshot(app, window, options)
        assert settings is not None
        return _run_interactive(app, session, holder, settings)
    finally:
        wait_for_background()
        session.repo.close()  # a restore may have replaced the repository opened above


def ask_passphrase(path: Path) -> str | None:
    """The GUI's passphrase asker (storage.cipher.set_asker). The dialog's module, with the Qt
    classes it makes on import, loads only when an encrypted file needs it, not at every start-up."""
    from gui.dialogs.passphrase import ask_passphrase as ask

    return ask(path)


def ask_new_passphrase(path: Path) -> str | None:
    """The GUI's new-database asker (storage.cipher.set_new_asker), its dialog loaded only when a new
    database is created."""
    from gui.dialogs.passphrase import new_database_asked

    return new_database_asked(path, None)


def signed_in_at_start(repo: Repository, unattended: bool) -> bool:
    """Before any patient data shows (issue 16): a database without users asks for its first
    administrator (a new file, or the first open after the upgrade to schema 9), one with users for
    a sign-in. --screenshot (unattended) signs in as TOXTRACK_USER with TOXTRACK_PASSWORD when the
    file has users, and refuses without them. False: nobody signed in, the app ends."""
    if unattended:
        if not repo.has_users():
            return True
        user, password = os.environ.get("TOXTRACK_USER", ""), os.environ.get("TOXTRACK_PASSWORD", "")
        try:
            repo.sign_in(user, password)
        except ToxTrackError as exc:
            print(f"toxtrack: {exc} (set TOXTRACK_USER and TOXTRACK_PASSWORD)", file=sys.stderr)
            return False
        return True
    if nothing_to_ask(repo):
        return True  # the accounts dialogs' module loads only when one of them is shown
    from gui.dialogs.accounts import ensure_signed_in

    return ensure_signed_in(repo, None)


def _main_window(session: Session, settings: Settings, holder: str) -> MainWindow:
    from gui.main_window import MainWindow

    window = MainWindow(session, settings, holder)
    window.show()
    return window


def check_in_background(window: MainWindow, session: Session, then: Callable[[], None]) -> None:
    """Run the postponed checks of a large file on the pool while the window shows it read-only;
    on the GUI thread, the file then becomes writable (or stays read-only, damaged) and `then` runs."""
    repo = session.repo

    def finished(found: DeferredChecks) -> None:
        try:
            repo.finish_checks(found)
        except ToxTrackError as exc:  # e.g. the disk went read-only meanwhile: stay read-only
            show_error(window, exc)
        session.set_read_only(repo.read_only or repo.checks_pending)
        then()

    def failed(exc: BaseException) -> None:
        """A check that could not run cannot vouch for the file: it stays read-only, as if damaged."""
        log.error("the checks at open could not run: %r", exc)
        finished(DeferredChecks((f"the check could not run: {exc}",)))

    run_in_background(
        window,
        repo.run_deferred_checks,
        finished,
        failed,
        progress_label=QCoreApplication.translate("app", "Checking the database file…"),
    )


def replay_in_background(window: MainWindow, session: Session) -> None:
    """Replay the audit trail against every row on the pool once the window is shown (it reads the
    whole file, so it stays off the start-up path); rows changed outside ToxTrack make the window
    read-only with the damage in its banner, as a file that failed its checks at open."""
    repo = session.repo
    if repo.damaged or not hasattr(repo, "run_tamper_checks"):
        return

    def finished(found: DeferredChecks) -> None:
        if session.repo is not repo or not found.problems:
            return
        repo.finish_tamper_checks(found)
        session.set_read_only(True)

    def failed(exc: BaseException) -> None:
        log.error("the audit replay could not run: %r", exc)

    run_in_background(window, repo.run_tamper_checks, finished, failed)


def _run_interactive(app: QApplication, session: Session, holder: str, settings: Settings) -> int:
    """The normal start: the window is shown, then (`after_first_paint`) backups are wired in, the
    checks of a large file or the audit replay start and the demo is offered on an empty file; Today is
    computed; a backup is made when the window closes."""
    window = _main_window(session, settings, holder)
    window.today.refresh()
    AfterFirstPaint(window, lambda: after_first_paint(window, session))
    code = app.exec()
    wait_for_background()
    if not session.read_only:
        from gui.dialogs.backup_menu import backup_at_close

        backup_at_close(session)
    return code


class AfterFirstPaint(QObject):
    """Runs `work` once, in the event-loop turn after the window's first paint (a 0 ms timer armed
    at `show()` would fire before it: Qt runs due timers before the paint it has queued), or after
    FIRST_PAINT_WAIT_MS when no paint comes (a window opened minimised)."""

    def __init__(self, window: MainWindow, work: Callable[[], None]) -> None:
        super().__init__(window)
        self._work: Callable[[], None] | None = work
        window.first_painted.connect(lambda: QTimer.singleShot(0, self._run))  # after its children's
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self._run)

    def _run(self) -> None:
        work, self._work = self._work, None
        if work is not None:
            work()


def after_first_paint(window: MainWindow, session: Session) -> None:
    """Start-up work the first paint does not need (AfterFirstPaint): the automatic backups, and
    the worker threads of the checks of a large file or of the audit replay, which before the first
    paint competed with it for the GIL and the CPUs (benchmarks/README.md, start-up)."""
    from gui.dialogs.demo_cohort import offer_demo
    from gui.lock_screen import IdleLock

    # the automatic lock (issue 16), owned by the window; its application-wide input filter makes
    # PySide build Python classes of every event type it sees, so it starts after the first paint
    IdleLock(window)
    window.backup.start_automatic()

    def writable_start() -> None:
        if session.read_only:
            return
        QTimer.singleShot(BACKUP_CHECK_DELAY_MS, window.backup.daily_backup)
        if not session.repo.has_patients():
            QTimer.singleShot(0, lambda: offer_demo(window, session, ask=True))

    if session.repo.checks_pending:
        check_in_background(window, session, writable_start)
    else:
        replay_in_background(window, session)
        writable_start()
