"""The main window: read-only banner, patient list beside the pages (Today, Patient, Cohort),
menus and shortcuts from gui/actions.py, each action handled by a small method of the same name
(the record and account ones in gui/window_handlers.py, its base class)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinical.model import DEMO_LABEL, PatientId
from gui.actions import Actions
from gui.dialog_open import open_dialog
from gui.language_menu import add_settings_menu
from gui.patient.patient_list_view import PatientListView
from gui.patient.workspace import Workspace
from gui.readonly import ReadOnlyBanner
from gui.settings import EPISODE_REASSESS_HOURS, GEOMETRY, WINDOW_STATE, Settings
from gui.today.today_view import TodayView
from gui.undo_keys import UndoKeys
from gui.window_handlers import RecordHandlers
from storage.connection import is_encrypted

if TYPE_CHECKING:  # annotations only: each PySide class imported costs start-up time
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from gui.dialogs.backup_menu import BackupControls
    from gui.session import Session

log = logging.getLogger("toxtrack.gui")
PAGES = ("today", "patient", "cohort")
DEFAULT_SIZE = (1400, 820)
# What the patient's pages keep beside the list: their tables need about this much (issue 13: the CRS
# "Why" column), or half the window when it is wider.
PAGES_ROOM = 680


class MainWindow(RecordHandlers):
    """Owns the layout and routes actions; the work happens in the views, dialogs and Session."""

    # Emitted once, from the window's first paint (gui.app.AfterFirstPaint waits for it). Its own
    # paintEvent rather than an event filter: a filter receives every event as a QEvent, and PySide
    # then makes the Python classes of all ~50 event types before the first paint (~2-4 ms).
    first_painted = Signal()
    _painted = False

    def __init__(
        self, session: Session, settings: Settings, holder: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.demo = False  # whether the file holds demo patients (_update_demo)
        self.empty = False  # no patients: only then is the demo cohort offered
        self.setWindowTitle(self._title())
        self.actions_ = Actions(self)
        self.actions_.build_menus(self.menuBar())
        add_settings_menu(self, settings)
        self.holder = holder
        self.banner = ReadOnlyBanner(
            session.read_only, holder, self, session.repo.notices, session.repo.checks_pending
        )
        self.demo_banner = QLabel(self)
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setWordWrap(True)
        self.demo_banner.setStyleSheet(
            "#demoBanner { background: #f8d7da; color: #58151c; padding: 6px 10px; font-weight: bold; }"
        )
        self.patient_list = PatientListView(session, self)
        self.today = TodayView(session, self)
        self.today.reassess = settings.hours(EPISODE_REASSESS_HOURS)
        self.workspace = Workspace(session, self)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.today, self.tr("Today"))
        self.pages.addTab(self.workspace, self.tr("Patient"))
        self._cohort_holder = QWidget(self)
        QVBoxLayout(self._cohort_holder).setContentsMargins(0, 0, 0, 0)
        self.cohort: QWidget | None = None
        self.pages.addTab(self._cohort_holder, self.tr("Cohort"))
        self.pages.currentChanged.connect(self._page_changed)
        self.last_dialog: QDialog | None = None
        self._build_central()
        self._connect()
        self.undo_keys = UndoKeys(self, self.actions_["undo"])
        self.mode_label = QLabel(self._status_text(), self)
        self.statusBar().addPermanentWidget(self.mode_label)
        self._backup: BackupControls | None = None  # made at first use: see `backup`
        self._update_demo()
        self.restore_geometry()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    @property
    def backup(self) -> BackupControls:
        """File > Back up now / Restore... and the "Last backup" label. Made when first used (the
        interactive app: after the first paint, gui.app.after_first_paint), so that storage.backup
        and rotation load after the window is on screen (benchmarks/README.md, start-up)."""
        if self._backup is None:
            from gui.dialogs.backup_menu import BackupControls

            self._backup = BackupControls(self, self.session)
            self._backup.busy_changed.connect(self._busy_changed)
        return self._backup

    def _title(self) -> str:
        suffix = self.tr(" (read-only)") if self.session.read_only else ""
        prefix = QCoreApplication.translate("wording", DEMO_LABEL) + " — " if self.demo else ""
        return prefix + self.tr("ToxTrack — {0}").format(self.session.repo.path.name) + suffix

    def _update_demo(self) -> None:
        """A file holding demo patients says so in the title and a banner that cannot be closed,
        re-read after every change (the demo cohort may have just been loaded)."""
        self.demo = self.session.repo.has_demo_patients()
        self.empty = not self.session.repo.has_patients()
        self.demo_banner.setText(
            self.tr(
                "%1: this database holds invented demo patients. Use a new database file for real patients."
            ).replace("%1", QCoreApplication.translate("wording", DEMO_LABEL))
        )
        self.demo_banner.setVisible(self.demo)
        self.setWindowTitle(self._title())
        self._update_actions()

    def _status_text(self) -> str:
        mode = self.tr("read-only") if self.session.read_only else self.tr("read-write")
        text = f"{self.session.repo.path} · {mode}"
        if not is_encrypted(self.session.repo.path):
            text += " · " + self.tr("not encrypted")  # issue 17: visible while plain files remain
        return text

    def _build_central(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.patient_list)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self._panes_placed = False  # True once the user (or a saved layout) placed the divider
        self.splitter.splitterMoved.connect(self._panes_moved)
        self._size_panes(DEFAULT_SIZE[0])
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 0, 6, 6)
        self._central_layout = layout
        layout.addWidget(self.banner)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _connect(self) -> None:
        for name, action in self.actions_.by_name.items():
            handler: Callable[[], object] = getattr(self, f"do_{name}")
            action.triggered.connect(lambda _checked=False, h=handler: h())
        self.session.patient_selected.connect(lambda _pid: self._update_actions())
        self.session.undo_available.connect(lambda _on: self._update_actions())
        self.session.mode_changed.connect(self.apply_mode)
        self.session.changed.connect(lambda _pid: self._update_demo())
        self.patient_list.open_requested.connect(lambda _pid: self.show_page("patient"))
        self.patient_list.table.clicked.connect(lambda _index: self.show_page("patient"))
        self.today.show_patient_tab.connect(self._show_patient_tab)

    def apply_mode(self) -> None:
        """Title, status, banner and actions after the session changed between read-only and
        writable (the checks at open of a large file finished)."""
        self.setWindowTitle(self._title())
        self.mode_label.setText(self._status_text())
        repo = self.session.repo
        self.banner.show_state(self.session.read_only, self.holder, repo.notices, repo.checks_pending)
        self._update_actions()

    def _update_actions(self) -> None:
        s, file = self.session, self._backup
        busy, restoring = (bool(file.busy), file.restoring) if file is not None else (False, False)
        self.actions_.update_state(
            s.read_only, s.current_patient is not None, s.can_undo, busy, restoring, s.repo.can
        )
        # The demo cohort is offered only for a new, empty file (storage refuses it beside real patients).
        self.actions_.by_name["load_demo"].setEnabled(
            not s.read_only and self.empty and not busy and s.repo.can("enter")
        )
        undo = self.actions_["undo"]
        undo.setText(self.tr("&Undo {0}").format(s.undo_description) if s.can_undo else self.tr("&Undo"))

    def _busy_changed(self) -> None:
        """While a restore swaps the file the pages cannot read it: they are disabled until the
        restored file is open (the status bar says what is happening)."""
        central = self.centralWidget()
        if central is not None:
            central.setEnabled(not self.backup.restoring)
        self._update_actions()

    # --- pages -----------------------------------------------------------------------------
    def show_page(self, name: str) -> None:
        self.pages.setCurrentIndex(PAGES.index(name))

    def show_view(self, view: str) -> bool:
        """--view and the View menu: today, cohort, or a patient tab (Workspace.tab_names: doses, one
        per toxicity, flags)."""
        if view in ("today", "cohort", "patient"):
            self.show_page(view)
            return True
        self.show_page("patient")
        return self.workspace.show_tab(view)

    def _show_patient_tab(self, patient_id: object, tab: str) -> None:
        self.session.select_patient(PatientId(int(patient_id)))  # type: ignore[call-overload]
        self.show_view(tab)

    def _page_changed(self, index: int) -> None:
        if PAGES[index] == "cohort":
            self._ensure_cohort()
        if PAGES[index] == "today":
            self.today.refresh_if_stale()

    def _ensure_cohort(self) -> None:
        """The dashboard (and the chart libraries behind it) is built when first shown."""
        if self.cohort is not None:
            return
        try:
            module = importlib.import_module("gui.cohort.cohort_dashboard")
            self.cohort = module.CohortDashboard(self.session, self._cohort_holder)
        except (ImportError, AttributeError) as exc:
            log.warning("cohort dashboard not available: %s", exc)
            self.cohort = QLabel(self.tr("The cohort dashboard is not available ({0}).").format(exc))
        layout = self._cohort_holder.layout()
        assert layout is not None
        layout.addWidget(self.cohort)

    # --- action handlers (names match gui/actions.py) ----------------------------------------
    def do_new_patient(self) -> None:
        from gui.dialogs.new_patient_dialog import NewPatientDialog  # dialogs load when first used

        dialog = NewPatientDialog(self.session, self)

        def created() -> None:
            if dialog.created is not None and dialog.created.id is not None:
                self.session.select_patient(dialog.created.id)
                self.show_page("patient")

        self.last_dialog = open_dialog(dialog, created)

    def do_load_demo(self) -> None:
        from gui.dialogs.demo_cohort import offer_demo

        offer_demo(self, self.session, ask=True)

    def do_backup_now(self) -> None:
        self.backup.back_up_now()

    def do_restore(self) -> None:
        self.backup.restore()

    def do_encrypt_database(self) -> None:
        from gui.dialogs.passphrase import encrypt_open_database

        if encrypt_open_database(self, self.session):
            self.mode_label.setText(self._status_text())

    def do_change_passphrase(self) -> None:
        from gui.dialogs.passphrase import change_database_passphrase

        change_database_passphrase(self, self.session)

    def do_sign_out(self) -> None:
        """Sign out: the window hides (no patient data on screen) until someone signs in; cancelling
        the sign-in closes it."""
        self.session.repo.sign_out()
        self.do_sign_in_again()

    def do_sign_in_again(self) -> None:
        """After a sign-out (File > Sign out, or Switch user on the lock screen)."""
        from gui.dialogs.accounts import ensure_signed_in

        self.hide()
        if not ensure_signed_in(self.session.repo, None):
            self.close()
            return
        self.show()
        self.apply_mode()
        self.session.changed.emit(None)

    def do_quit(self) -> None:
        self.close()

    def do_undo(self) -> None:
        self.session.undo_last(self)

    def do_search(self) -> None:
        self.patient_list.focus_search()

    def do_show_today(self) -> None:
        self.show_page("today")

    def do_show_patient(self) -> None:
        self.show_page("patient")

    def do_show_cohort(self) -> None:
        self.show_page("cohort")

    def do_refresh(self) -> None:
        self.session.refresh()  # every view, Today included, re-reads on `changed`

    def do_about(self) -> None:
        from clinical.toxicities import toxicities
        from gui.patient.toxicity_wording import label

        tracked = ", ".join(label(d) for d in toxicities())  # the registry's, in its order
        QMessageBox.about(
            self,
            self.tr("About ToxTrack"),
            self.tr(
                "ToxTrack: offline tracking of subcutaneous blinatumomab toxicity (%1). "
                "Flags inform; they never tell anyone what dose to give."
            ).replace("%1", tracked),
        )

    # --- geometry ----------------------------------------------------------------------------
    def _size_panes(self, width: int) -> None:
        """The list as wide as its columns need (Status was cut at 470 px, issue 13), as long as the
        pages keep PAGES_ROOM or half the window; the pages the rest. Until the user drags the
        divider (or a saved layout is restored) this follows the window's width, so a 1024-pixel
        window gives the patient's tables their room instead of squeezing them."""
        room = max(PAGES_ROOM, width // 2)
        list_width = max(0, min(self.patient_list.preferred_width(), width - room))
        self.splitter.setSizes([list_width, width - list_width])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._panes_placed:  # the splitter is laid out after this: its width from the window's
            margins = self._central_layout.contentsMargins()
            self._size_panes(event.size().width() - margins.left() - margins.right())

    def _panes_moved(self) -> None:
        self._panes_placed = True

    def restore_geometry(self) -> None:
        geometry = self.settings.bytes(GEOMETRY)
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)
            self._size_panes(DEFAULT_SIZE[0])
        state = self.settings.bytes(WINDOW_STATE)
        if not state.isEmpty() and self.splitter.restoreState(state):
            self._panes_placed = True

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing while a restore swaps the file would leave it half swapped and the app waiting.
        if self._backup is not None and self._backup.restoring:
            self.statusBar().showMessage(self.tr("Wait for the restore to finish before closing."), 10_000)
            event.ignore()
            return
        self.settings.set_bytes(GEOMETRY, self.saveGeometry())
        self.settings.set_bytes(WINDOW_STATE, self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
