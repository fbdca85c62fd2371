"""The cohort tab after the issue 11/13 merges, in the default 1400x820 window of a demo file: G's
Grade 5 column, H's demo banner and notice, E's whole-table layout and the long source sentence
together. Nothing may be drawn over anything else, and the Verdict column is the one that wraps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from clinical.demo import generate_cohort
from clinical.toxicities import toxicities
from gui.main_window import MainWindow
from gui.session import Session
from gui.settings import Settings
from storage.repository import Repository

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
ROWS = 3 * len(toxicities())  # two regimens and the pooled row, one line per registered toxicity


def _rect(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


def test_cohort_tab_of_a_demo_file_at_1400x820_overlaps_nothing(
    qtbot: Any, tmp_path: Path, settings_path: Path
) -> None:
    with Repository.open(tmp_path / "demo.db", create=True, clock=lambda: NOW) as repo:
        repo.bulk_insert(list(generate_cohort(6, seed=3, today=NOW.date())))
        session = Session(repo)
        win = MainWindow(session, Settings(settings_path))
        qtbot.addWidget(win)
        win.show()
        assert (win.width(), win.height()) == (1400, 820) and win.demo_banner.isVisible()
        win.show_page("cohort")
        dashboard: Any = win.cohort
        qtbot.waitUntil(
            lambda: dashboard.model.rowCount() == ROWS and dashboard.canvas is not None, timeout=20_000
        )
        qtbot.wait(100)
        table = dashboard.table
        headers = [
            table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(table.model().columnCount())
        ]
        assert headers[-1] == "Verdict" and table._wrap_column[0] == len(headers) - 1
        assert win.height() == 820  # the window did not grow to fit the tab
        parts = [dashboard.demo, dashboard.canvas, table, dashboard.signals, dashboard.source]
        rects = [_rect(part, dashboard) for part in parts]
        for upper, lower, name in zip(rects, rects[1:], ["demo", "chart", "table", "signals"], strict=False):
            assert upper.bottom() < lower.top(), f"{name} runs into the next part"
        for part in (dashboard.signals, dashboard.source):  # each label has the height its text needs
            assert part.height() >= part.heightForWidth(part.width())
        win.close()


def test_cohort_headers_and_words_are_not_cut_at_1400x820(
    qtbot: Any, tmp_path: Path, settings_path: Path
) -> None:
    """G's two-line headers in E's fitted columns: each header line and each single word of a cell
    is as narrow as its column (a cut header read "rade 5 (death", a toxicity "Neutrope...")."""
    with Repository.open(tmp_path / "demo.db", create=True, clock=lambda: NOW) as repo:
        repo.bulk_insert(list(generate_cohort(6, seed=3, today=NOW.date())))
        win = MainWindow(Session(repo), Settings(settings_path))
        qtbot.addWidget(win)
        win.show()
        win.show_page("cohort")
        dashboard: Any = win.cohort
        qtbot.waitUntil(lambda: dashboard.model.rowCount() == ROWS, timeout=20_000)
        qtbot.wait(100)
        table, model = dashboard.table, dashboard.model
        header = table.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(model.columnCount()):
            width = header.sectionSize(column)
            text = str(model.headerData(column, Qt.Orientation.Horizontal))
            for line in text.split("\n"):
                assert metrics.horizontalAdvance(line) + 8 <= width, (line, width)
            for row in range(model.rowCount()):
                for word in str(model.index(row, column).data()).split():
                    assert table.fontMetrics().horizontalAdvance(word) + 6 <= width, (word, width)
        win.close()
