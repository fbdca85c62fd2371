"""Column widths from the display text alone, for tables too long for Qt's own measuring.

`resizeColumnsToContents` and a header in ResizeToContents mode ask the model for every role of
up to 1,000 rows per column and lay each cell out: about 0.1 s of start-up for the patient list
and 0.4 s after every refresh of a network's Today (benchmarks/README.md). Measuring only the
longest display texts gives the same widths for a fraction of that.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QTableView


def fit_columns_to_text(table: QTableView, columns: Iterable[int], rows: int, room: str = "MM") -> None:
    """Each of `columns` as wide as its header or the widest display text of the first `rows`.

    `room` is the text whose width is added to a cell's text. Two widths of "M" cover the cell's
    focus margins, padding and the sort indicator at any font size; asking QStyle instead makes
    PySide build QStyle's enums, ~15 ms of start-up. A table without cell padding (the patient
    list) needs one: Qt's text margins are a focus-frame margin and a pixel each side."""
    model = table.model()
    metrics = table.fontMetrics()
    padding = metrics.horizontalAdvance(room)
    header = table.horizontalHeader()
    for column in columns:
        texts = {str(model.data(model.index(row, column)) or "") for row in range(rows)}
        # Only the longest texts are measured (a first measurement of a string costs ~20 us of
        # shaping, and most cells are short or repeated): within two characters of the longest,
        # which covers wide and narrow letters in a proportional font.
        longest = max(map(len, texts), default=0)
        candidates = [text for text in texts if text and len(text) >= longest - 2]
        widest = max(map(metrics.horizontalAdvance, candidates), default=0)
        table.setColumnWidth(column, max(header.sectionSizeFromContents(column).width(), widest + padding))
