"""The Correct... / Void... / History... context menu every record table shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QTableView

from gui.dialog_open import open_dialog

if TYPE_CHECKING:
    from gui.session import Session


class RecordMenu:
    """Attach to a table: `record_at(row)` gives (kind, id, record, summary) of the row's record."""

    def __init__(
        self,
        view: QTableView,
        session: Session,
        record_at: Callable[[int], tuple[str, int, object, str] | None],
    ) -> None:
        self.view, self.session, self.record_at = view, session, record_at
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._show)

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
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        menu = QMenu(self.view)
        for action in self.actions_for(index.row()):
            menu.addAction(action)
        menu.exec(self.view.viewport().mapToGlobal(point))

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
