"""A record's audit history: who did what when and why, one row per changed field (old -> new)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinical.model import AuditEntry
from gui.formatting import local_time
from gui.record_table_model import Column, RecordTableModel
from gui.wrapping_table import WrappingTableView

if TYPE_CHECKING:
    from gui.session import Session


WRAPPED_COLUMNS = {4: 380, 5: 280}  # Old → new, Reason: widest before they wrap (px)


@dataclass(frozen=True)
class HistoryLine:
    """One audit entry and one of its changed fields (an entry with no field change gives one line)."""

    entry: AuditEntry
    field: str
    old: object
    new: object


def history_lines(entries: list[AuditEntry]) -> list[HistoryLine]:
    """One line per changed field; the insert is one line listing the values it was created with."""
    lines: list[HistoryLine] = []
    for entry in entries:
        if entry.action == "insert":
            values = [f"{name}={_value(new)}" for name, (_old, new) in sorted(entry.changes.items())]
            created = ", ".join(v for v in values if not v.endswith("=") and not v.endswith("=()"))
            lines.append(HistoryLine(entry, "", None, created))
            continue
        if not entry.changes:
            lines.append(HistoryLine(entry, "", None, None))
        for name, (old, new) in sorted(entry.changes.items()):
            lines.append(HistoryLine(entry, name, old, new))
    return lines


def _value(value: object) -> str:
    """Stored values as a clinician reads them; UTC time stamps become local time with offset."""
    if value is None:
        return ""
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return local_time(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _change(line: HistoryLine) -> str:
    if line.field:
        return f"{_value(line.old)} → {_value(line.new)}"
    return "" if line.new is None else str(line.new)


def history_model(parent: QWidget | None = None) -> RecordTableModel[HistoryLine]:
    """Times are stored in UTC and shown local with their offset."""
    columns: list[Column[HistoryLine]] = [
        Column(
            QCoreApplication.translate("HistoryModel", "When (local)"), lambda line: local_time(line.entry.at)
        ),
        Column(QCoreApplication.translate("HistoryModel", "Who"), lambda line: line.entry.user),
        Column(QCoreApplication.translate("HistoryModel", "Action"), lambda line: line.entry.action),
        Column(QCoreApplication.translate("HistoryModel", "Field"), lambda line: line.field),
        Column(QCoreApplication.translate("HistoryModel", "Old → new"), _change, tooltip=_change),
        Column(QCoreApplication.translate("HistoryModel", "Reason"), lambda line: line.entry.reason),
    ]
    return RecordTableModel(columns, parent)


class HistoryDialog(QDialog):
    """Read-only view of `repo.history(kind, row_id)`, oldest first."""

    def __init__(self, session: Session, kind: str, row_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History of %1 record %2").replace("%1", kind).replace("%2", str(row_id)))
        self.model = history_model(self)
        self.model.set_rows(history_lines(session.repo.history(kind, row_id)))
        self.table = WrappingTableView()  # rows grow to show wrapped text in full
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        # The change and the reason are free text: capped, they wrap (rows grow to fit) instead of
        # pushing the reason out of the dialog behind a horizontal scroll bar.
        for column, widest in WRAPPED_COLUMNS.items():
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Every change is kept; times are local with their offset from UTC."))
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(1060, 380)
