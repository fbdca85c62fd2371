"""The patient list as a lazy table model: it keeps only the matching patient ids and fetches
display rows from storage a page at a time, so 10,000 patients cost one id query, not 10,000 rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from clinical.model import PatientId
from clinical.regimens import get_regimen
from clinical.toxicities import toxicities
from gui.formatting import grade_colour

if TYPE_CHECKING:
    from gui.session import Session
    from storage.rows import PatientRow

Index = QModelIndex | QPersistentModelIndex
FETCH_BATCH = 200  # rows made visible per fetchMore (Anki's browser does the same)
PAGE = 50  # rows read from storage per patient_rows call (about two screens)
CACHE_LIMIT = 5000  # cached rows kept before the cache is dropped and refilled on demand

# The roles data() answers, as plain ints (a view passes ints). A view asks each visible cell for
# about seven roles on every paint (~1,700 calls a screen); the others return at the first test
# (benchmarks: filter_ms).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_USER = int(Qt.ItemDataRole.UserRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ROLES = frozenset({_DISPLAY, _USER, _BACKGROUND, _ALIGNMENT, _TOOLTIP})
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def _grade(value: int | None) -> str:
    return "–" if value is None else str(value)


def cycle_length(regimen: str) -> int | None:
    try:
        return get_regimen(regimen).cycle_length_days
    except ValueError:  # a regimen no longer in the reference data: show the raw day
        return None


def cycle_position(regimen: str, cycle: int | None, day: int | None) -> str:
    """ "C1 D8", or "C3 ended" once the day is past the cycle length (a completed patient is not
    on day 432 of anything)."""
    if cycle is None:
        return ""
    length = cycle_length(regimen)
    if day is None or (length is not None and day > length):
        return QCoreApplication.translate("PatientListModel", "C{0} ended").format(cycle)
    return QCoreApplication.translate("PatientListModel", "C{0} D{1}").format(cycle, day)


def _cycle_day(row: PatientRow) -> str:
    return cycle_position(row.regimen, row.current_cycle, row.cycle_day_today)


def status_label(status: str) -> str:
    labels = {
        "on_treatment": QCoreApplication.translate("PatientListModel", "On treatment"),
        "completed": QCoreApplication.translate("PatientListModel", "Completed"),
        "discontinued": QCoreApplication.translate("PatientListModel", "Discontinued"),
    }
    return labels.get(status, status.replace("_", " "))


# (header, display text, grade shown in colour or None)
Column = tuple[str, Callable[["PatientRow"], str], Callable[["PatientRow"], int | None] | None]


def columns() -> tuple[Column, ...]:
    return (
        (QCoreApplication.translate("PatientListModel", "Subject"), lambda r: r.subject_id, None),
        (QCoreApplication.translate("PatientListModel", "Cycle / day"), _cycle_day, None),
        *_worst_columns(),
        (
            QCoreApplication.translate("PatientListModel", "Flags"),
            lambda r: str(r.open_flags) if r.open_flags else "",
            None,
        ),
        (QCoreApplication.translate("PatientListModel", "Regimen"), lambda r: r.regimen, None),
        (
            QCoreApplication.translate("PatientListModel", "Status"),
            lambda r: status_label(str(r.status)),
            None,
        ),
        (  # before Name: Name is last, stretches and elides (patient_list_view._size_columns)
            QCoreApplication.translate("PatientListModel", "Data"),
            lambda r: QCoreApplication.translate("PatientListModel", "Demo") if r.demo else "",
            None,
        ),
        (QCoreApplication.translate("PatientListModel", "Name"), lambda r: r.name, None),
    )


def _worst_columns() -> list[Column]:
    """One column per toxicity the registry gives a patient list column (its `list_column` header,
    translated in the "toxicities" context): the patient's worst effective grade, in colour."""

    def column(tid: str, header: str) -> Column:
        def grade(row: PatientRow) -> int | None:
            return row.worst.get(tid)

        return (QCoreApplication.translate("toxicities", header), lambda row: _grade(grade(row)), grade)

    return [column(d.id, d.list_column) for d in toxicities() if d.list_column]


class PatientListModel(QAbstractTableModel):
    """Rows are patient ids matching the current search, ordered by subject id (storage's order)."""

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._columns = columns()
        self._search = ""
        self._ids: list[PatientId] = []
        self._shown = 0
        # Rows by patient, kept across searches (a row does not depend on the search) and dropped
        # on refresh, on a change, and when the day turns (cycle days move).
        self._cache: dict[PatientId, PatientRow] = {}
        self._cache_day = session.today()
        self.set_search("")
        session.changed.connect(self._on_changed)

    # --- the list of ids -------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        """Re-query the ids matching `text` (subject id, name or MRN) and show the first batch."""
        self.beginResetModel()
        self._search = text
        self._ids = self._session.repo.patient_ids(text)
        self._shown = min(FETCH_BATCH, len(self._ids))
        today = self._session.today()
        if today != self._cache_day:
            self._cache.clear()
            self._cache_day = today
        self.endResetModel()

    def search_text(self) -> str:
        return self._search

    def refresh(self) -> None:
        """Re-read everything: the ids and, as they are needed, the rows."""
        self._cache.clear()
        self.set_search(self._search)

    def _on_changed(self, patient_id: object) -> None:
        """One displayed patient changed: re-read its row only (a voided patient, whose row is
        gone, re-queries); anything else, such as a new patient, re-queries the ids."""
        if isinstance(patient_id, int) and patient_id in self._ids:
            pid = PatientId(patient_id)
            self._cache.pop(pid, None)
            fresh = self._session.repo.patient_rows([pid], self._session.today())
            if not fresh:
                self.refresh()
                return
            self._cache[pid] = fresh[0]
            row = self._ids.index(pid)
            if row < self._shown:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            return
        self.refresh()

    def total_count(self) -> int:
        """All matching patients, including those not fetched into view yet."""
        return len(self._ids)

    def patient_id(self, row: int) -> PatientId:
        return self._ids[row]

    def row_of(self, patient_id: PatientId) -> int | None:
        """The row of a patient, fetching more rows into view when it lies beyond them."""
        try:
            position = self._ids.index(patient_id)
        except ValueError:
            return None
        while position >= self._shown and self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        return position

    def _row(self, position: int) -> PatientRow:
        pid = self._ids[position]
        cached = self._cache.get(pid)
        if cached is not None:
            return cached
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
        start = position - position % PAGE
        page = self._ids[start : start + PAGE]
        for row in self._session.repo.patient_rows(page, self._session.today()):
            self._cache[PatientId(row.id)] = row
        return self._cache[pid]

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._shown < len(self._ids)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        count = min(FETCH_BATCH, len(self._ids) - self._shown)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + count - 1)
        self._shown += count
        self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section][0]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        position = index.row()
        if position >= self._shown:
            return None
        column = index.column()
        _, text, grade = self._columns[column]
        if role == _DISPLAY:
            return text(self._row(position))
        if role == _USER:
            return self._ids[position]
        if grade is not None:
            if role == _BACKGROUND:
                return grade_colour(grade(self._row(position)))
            if role == _ALIGNMENT:
                return _CENTRE
            if role == _TOOLTIP:
                return QCoreApplication.translate(
                    "PatientListModel", "Worst grade so far (– = never assessed)"
                )
        if role == _TOOLTIP and column == 0:
            row = self._row(position)
            return f"{row.subject_id} · {row.name} · {row.regimen}"
        return None
