"""A table whose rows grow to show wrapped text in full, fitted for the rows on screen only.

`resizeRowsToContents()` measures every row: on a network's Today (2,725 lines on the
10,000-patient file) that is about 0.7 s of frozen window after each refresh, and again after
every resize if heights are to follow the width. Fitting only the rows in view costs a few
milliseconds, and a row is fitted again whenever it is in view after the width, the model or the
scroll position changed, so no sentence ends in "…" where a clinician can see it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QTableView, QWidget

MAX_PASSES = 4  # fitting rows changes which rows are in view; a few passes reach a fixed point
NARROWEST = 56  # px a column is narrowed to at most when the table is short of width


def _fit(widths: dict[int, int], room: int) -> dict[int, int]:
    """The widths capped at one common limit so that they add up to `room` (the widest give way
    first, none below NARROWEST): when they already fit, they are left as they are."""
    if sum(widths.values()) <= room:
        return dict(widths)
    low, high = NARROWEST, max(widths.values(), default=NARROWEST)
    while low < high:  # the largest cap that still fits
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in widths.values()) <= room:
            low = cap
        else:
            high = cap - 1
    return {c: min(w, low) for c, w in widths.items()}


class WrappingTableView(QTableView):
    """Word-wrapping table view; the fit runs once per burst of changes (a resize drag reports
    many widths, a model reset many rows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._wrap_column: tuple[int, int] | None = None  # (column, minimum width)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_visible_rows)
        self.horizontalHeader().sectionResized.connect(self.schedule_fit)
        self.verticalScrollBar().valueChanged.connect(self.schedule_fit)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        if model is not None:
            model.modelReset.connect(self.schedule_fit)
            model.rowsInserted.connect(self.schedule_fit)
            model.dataChanged.connect(self.schedule_fit)
        self.schedule_fit()

    def schedule_fit(self, *_args: object) -> None:
        self._fit_timer.start()

    def set_wrap_column(self, column: int, minimum: int) -> None:
        """`column` takes the width the others leave, never less than `minimum`: a Stretch section
        shrank a grade's "Why" to one word a line at 1024 px behind wide choice columns."""
        self._wrap_column = (column, minimum)
        self.fit_wrap_column()

    def set_natural_widths(self) -> None:
        """Remember the other columns' widths now (sized to their contents) as what they would
        like; `fit_wrap_column` narrows the widest of them (their text wraps) when space is short."""
        header = self.horizontalHeader()
        self._natural = {c: header.sectionSize(c) for c in range(header.count())}
        self.fit_wrap_column()

    def fit_wrap_column(self) -> None:
        if self._wrap_column is None or self.model() is None:
            return
        column, minimum = self._wrap_column
        header = self.horizontalHeader()
        natural = getattr(self, "_natural", {})
        others = {c: natural.get(c, header.sectionSize(c)) for c in range(header.count()) if c != column}
        widths = _fit(others, self.viewport().width() - minimum)
        for c, width in widths.items():
            if header.sectionSize(c) != width:
                header.resizeSection(c, width)
        width = max(minimum, self.viewport().width() - sum(widths.values()))
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_wrap_column()
        self.schedule_fit()

    def visible_rows(self) -> range:
        """The rows at least partly inside the viewport now."""
        model = self.model()
        count = model.rowCount() if model is not None else 0
        top = self.rowAt(0)
        if count == 0 or top < 0:
            return range(0)
        bottom = self.rowAt(self.viewport().height() - 1)
        return range(top, (bottom if bottom >= 0 else count - 1) + 1)

    def fit_visible_rows(self) -> None:
        """Give each row in view the height its wrapped text needs at the current widths."""
        self._fit_timer.stop()
        for _ in range(MAX_PASSES):
            changed = False
            for row in self.visible_rows():
                before = self.rowHeight(row)
                self.resizeRowToContents(row)
                changed = changed or self.rowHeight(row) != before
            if not changed:
                return
