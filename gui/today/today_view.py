"""Today: the page the app opens on. Each line is one action (Enter or double-click) away from the
dialog that resolves it; the list is recomputed off the GUI thread after every change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gui.dialog_open import dialog_class, open_dialog
from gui.formatting import local_date
from gui.today.today_model import (
    EPISODE_REASSESS,
    SUBJECT_COLUMN,
    WHAT_COLUMN,
    TodayItem,
    TodayKind,
    TodayModel,
    collect_today,
)
from gui.widgets.table_sizing import fit_columns_to_text
from gui.widgets.wrapping_table import WrappingTableView
from gui.worker import run_in_background

if TYPE_CHECKING:
    from gui.session import Session

REFRESH_DELAY_MS = 200  # coalesce the burst of `changed` signals one save can cause

DOSE_DIALOG = ("gui.patient.record_dose_dialog", "RecordDoseDialog")  # resolves a dose line; a check or
# an episode line is resolved by its toxicity's form (gui/patient/toxicity_gui.py)


def _collect_from_file(
    path: Path, today: dt.date, now: dt.datetime, reassess: dt.timedelta = EPISODE_REASSESS
) -> list[TodayItem]:
    """Runs on the worker thread with its own read-only connection (never the GUI's)."""
    from storage.repository import Repository

    with Repository.open(path, read_only=True, create=False) as repo:
        return collect_today(repo, today, now, reassess)


class TodayView(QWidget):
    """Lines sorted by urgency; `show_patient_tab` asks the window to open a patient's tab
    (flags have no single dialog: they open the patient's Flags tab)."""

    show_patient_tab = Signal(object, str)  # PatientId, tab name

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.reassess = EPISODE_REASSESS  # the main window sets the clinic's setting
        self.model = TodayModel(self)
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 15px; font-weight: bold; padding: 4px 0;")
        self.table = WrappingTableView(self)  # long flag sentences wrap, never end in "…"
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Sized from the texts at each load: ResizeToContents laid out 1,000 rows per column after
        # every refresh, 0.4 s of frozen window on a network's 2,725 lines.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setMinimumSectionSize(28)
        self.table.setStyleSheet("QTableView::item { padding: 2px 4px; }")
        self.table.activated.connect(self._activated)
        self.hint = QLabel(self.tr("Enter or double-click a line to open the form that resolves it."))
        self.hint.setStyleSheet("color: #555;")
        self.last_dialog: QDialog | None = None
        self.loading = False
        self.loaded_for: dt.date | None = None
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        session.changed.connect(lambda _pid: self._timer.start())
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self._set_title()

    def _set_title(self) -> None:
        day = local_date(self._session.today())
        count = self.model.rowCount()
        text = self.tr("Today, {0}: %n thing(s) to do", "", count).format(day)
        if self.loading:
            text += "  " + self.tr("(updating…)")
        self.title.setText(text)

    def refresh(self) -> None:
        """Recompute in the background from the database file; the table keeps its old lines
        until the new ones arrive."""
        self._timer.stop()
        self.loading = True
        self._set_title()
        path = Path(self._session.repo.path)
        today, now = self._session.today(), self._session.now()
        self.loaded_for = None
        self._generation += 1
        generation = self._generation

        def done(items: list[TodayItem]) -> None:
            if generation == self._generation:  # an older, slower refresh must not win
                self._loaded(items)

        reassess = self.reassess
        run_in_background(self, lambda: _collect_from_file(path, today, now, reassess), done)

    def refresh_if_stale(self) -> None:
        """Showing the page again after midnight must not show yesterday's list."""
        if self.loaded_for != self._session.today() and not self.loading:
            self.refresh()

    def refresh_now(self) -> None:
        """Recompute on the GUI thread with the session's repository (tests, small databases)."""
        self._generation += 1
        session = self._session
        self._loaded(collect_today(session.repo, session.today(), session.now(), self.reassess))

    def _loaded(self, items: list[TodayItem]) -> None:
        self.loading = False
        self.loaded_for = self._session.today()
        self.model.set_items(items)
        fit_columns_to_text(self.table, (WHAT_COLUMN, SUBJECT_COLUMN), len(items))
        self._set_title()
        if items and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _activated(self, index: QModelIndex) -> None:
        self.open_item(self.model.item(index.row()))

    def _dialog(self, item: TodayItem) -> QDialog | None:
        """The form that resolves `item` (None when its module cannot be loaded: the user was told)."""
        if item.toxicity:
            from clinical.toxicities import toxicity
            from gui.patient.toxicity_gui import form_dialog

            return form_dialog(self._session, toxicity(item.toxicity), item.patient_id, self)
        found = dialog_class(self, *DOSE_DIALOG)
        return None if found is None else found(self._session, item.dose_id, self)

    def open_item(self, item: TodayItem) -> None:
        """Open what resolves `item`: a dose or assessment dialog, or the patient's Flags tab."""
        self._session.select_patient(item.patient_id)
        if item.kind in (TodayKind.FLAG, TodayKind.FLAG_CRITICAL):
            self.show_patient_tab.emit(item.patient_id, "flags")
            return
        if self._session.read_only:
            QMessageBox.information(self, self.tr("Read-only"), self.tr("This window cannot save."))
            return
        dialog = self._dialog(item)
        if dialog is not None:
            self.last_dialog = open_dialog(dialog)
