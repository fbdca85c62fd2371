"""The Correct... / Void... / History... context menu every record table shares.

It opens by right-click on a row, and from the keyboard on the current row: the Menu key (the
platform sends a keyboard context-menu event) or Shift+F10. Qt gives a keyboard request in the
table's coordinates, not its viewport's as for the mouse, so the row under that point was the one
below the current row (below the header's height): the menu acted on the wrong record."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QMenu, QTableView

from gui.dialog_open import open_dialog

if TYPE_CHECKING:
    from gui.session import Session


class RecordMenu(QObject):
    """Attach to a table: `record_at(row)` gives (kind, id, record, summary) of the row's record."""

    def __init__(
        self,
        view: QTableView,
        session: Session,
        record_at: Callable[[int], tuple[str, int, object, str] | None],
    ) -> None:
        super().__init__(view)
        self.view, self.session, self.record_at = view, session, record_at
        self.shown: QMenu | None = None  # the menu open now (tests press keys in it)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._show)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The Menu key and Shift+F10 open the menu on the current row (see the module's note)."""
        if watched is not self.view:
            return False
        keyboard = (
            isinstance(event, QContextMenuEvent) and event.reason() == QContextMenuEvent.Reason.Keyboard
        )
        shift_f10 = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_F10
            and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        )
        if not (keyboard or shift_f10):
            return False
        current = self.view.currentIndex()
        if current.isValid():
            self._popup(current.row(), self.view.visualRect(current).center())
        return True

    def actions_for(self, row: int) -> list[QAction]:
        """The three actions for a row (tests trigger them directly; the menu shows them)."""
        found = self.record_at(row)
        if found is None:
            return []
        kind, row_id, record, summary = found
        correct = QAction(QCoreApplication.translate("RecordMenu", "Correct..."), self.view)
        correct.triggered.connect(lambda: self.correct(kind, row_id, record))
        void = QAction(QCoreApplication.translate("RecordMenu", "Void (entered in error)..."), self.view)
        void.triggered.connect(lambda: self.void(kind, row_id, summary, record))
        history = QAction(QCoreApplication.translate("RecordMenu", "History..."), self.view)
        history.triggered.connect(lambda: self.history(kind, row_id))
        voided = bool(getattr(record, "voided", False))  # listed on "Show voided": history only
        for action in (correct, void):
            action.setEnabled(not self.session.read_only and not voided)
        return [correct, void, history]

    def _show(self, point: QPoint) -> None:
        """A right-click: `point` is in the viewport's coordinates."""
        index = self.view.indexAt(point)
        if index.isValid():
            self._popup(index.row(), point)

    def _popup(self, row: int, point: QPoint) -> None:
        """The row's actions at `point` (viewport coordinates), without a nested event loop."""
        menu = QMenu(self.view)
        menu.aboutToHide.connect(menu.deleteLater)  # after the chosen action has run
        for action in self.actions_for(row):
            action.setParent(menu)  # deleted with the menu
            menu.addAction(action)
        self.shown = menu
        menu.popup(self.view.viewport().mapToGlobal(point))

    def _open(self, dialog: QDialog) -> QDialog:
        self.last_dialog = open_dialog(dialog)
        return dialog

    def correct(self, kind: str, row_id: int, record: object) -> QDialog:
        from gui.patient.correction_dialog import CorrectionDialog

        return self._open(CorrectionDialog(self.session, kind, row_id, self.view, record=record))

    def void(self, kind: str, row_id: int, summary: str, record: object) -> QDialog:
        from gui.patient.correction_dialog import VoidDialog

        patient = getattr(record, "patient_id", None)
        return self._open(
            VoidDialog(self.session, kind, row_id, self.view, summary=summary, patient_id=patient)
        )

    def history(self, kind: str, row_id: int) -> QDialog:
        from gui.patient.history_dialog import HistoryDialog

        return self._open(HistoryDialog(self.session, kind, row_id, self.view))
