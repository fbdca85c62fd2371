"""WrappingTableView: rows in view always show their wrapped text in full, at any width."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel

from gui.widgets.wrapping_table import WrappingTableView

LONG = "Grade 3 CRS. Grade 3-4 CRS was reported in 20 % of patients in the SC blinatumomab phase 1/2 trial."


def _table(qtbot: Any, rows: int, width: int = 300) -> WrappingTableView:
    table = WrappingTableView()
    qtbot.addWidget(table)
    table.horizontalHeader().setStretchLastSection(True)
    table.setModel(QStringListModel([f"{n}: {LONG}" for n in range(rows)], table))
    table.resize(width, 400)
    table.show()
    qtbot.waitExposed(table)
    return table


def _fitted(table: WrappingTableView, row: int) -> bool:
    return table.rowHeight(row) == max(table.sizeHintForRow(row), table.verticalHeader().minimumSectionSize())


def test_rows_in_view_are_fitted_after_the_model_is_set(qtbot: Any) -> None:
    table = _table(qtbot, rows=5)
    qtbot.waitUntil(lambda: all(_fitted(table, row) for row in range(5)), timeout=2000)
    assert table.rowHeight(0) > table.fontMetrics().height() * 2  # the sentence wraps onto several lines


def test_rows_scrolled_into_view_are_fitted(qtbot: Any) -> None:
    table = _table(qtbot, rows=400)
    qtbot.waitUntil(lambda: _fitted(table, 0), timeout=2000)
    assert not _fitted(table, 399)  # not measured while out of sight: that is what keeps it cheap
    table.scrollToBottom()
    qtbot.waitUntil(lambda: _fitted(table, 399), timeout=2000)
    assert all(_fitted(table, row) for row in table.visible_rows())


def test_rows_refit_when_the_width_changes(qtbot: Any) -> None:
    table = _table(qtbot, rows=3, width=900)
    qtbot.waitUntil(lambda: _fitted(table, 0), timeout=2000)
    wide = table.rowHeight(0)
    table.resize(300, 400)
    qtbot.waitUntil(lambda: table.rowHeight(0) > wide and _fitted(table, 0), timeout=2000)
    table.resize(900, 400)  # and back: the row shrinks to its one-width height again
    qtbot.waitUntil(lambda: table.rowHeight(0) == wide, timeout=2000)
