"""A read-only table model over a list of records, its columns declared as (header, text, colour).

The CRS, ICANS, lab, flag, history and cohort tables differ only in their columns, so they share
this one `QAbstractTableModel` (checked with qtmodeltester) instead of each copying the plumbing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
# What a QSortFilterProxyModel sorts a column by (its `setSortRole`): the column's `sort` value, so
# that "12 (25.0 %)" sorts as 12 and not as text; the shown text for a column without one.
SORT_ROLE = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header, the text of a row, and optionally a background colour and a tooltip.
    A `wrap` column takes the width left over and wraps its text (a grade's "Why")."""

    header: str
    text: Callable[[T], str]
    background: Callable[[T], QColor | None] | None = None
    tooltip: Callable[[T], str] | None = None
    align_right: bool = False
    wrap: bool = False
    sort: Callable[[T], object] | None = None  # the value a sortable view orders the column by


def _voided_look(role: int) -> object:
    """A voided record, shown on "Show voided": struck through and grey, never mistaken for a live
    one (its colours go too: a voided grade 4 is not a grade 4)."""
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setStrikeOut(True)
        return font
    return QColor("#777777")


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """Rows are records held in memory (one patient's history is small); `set_rows` replaces them."""

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, index: Index) -> T | None:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self._rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._columns)

    def columns(self) -> list[Column[T]]:
        return list(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        record = self.row_at(index)
        if record is None or not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == SORT_ROLE:
            return column.text(record) if column.sort is None else column.sort(record)
        if getattr(record, "voided", False) and role in (
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return _voided_look(role)
        if role == Qt.ItemDataRole.BackgroundRole and column.background is not None:
            if getattr(record, "voided", False):
                return None
            return column.background(record)
        if role == Qt.ItemDataRole.ForegroundRole and column.background is not None:
            # Fixed dark text on the coloured cells, so a dark desktop theme keeps them readable.
            return QColor("#000000") if column.background(record) is not None else None
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None
