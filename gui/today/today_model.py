"""What needs doing today: doses due or overdue with no record, CRS/ICANS assessments the routine
expects and are missing, and open flags; computed from the repository, shown sorted by urgency."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from clinical.choices import DoseStatus
from clinical.episodes import MAX_GRADE
from clinical.findings import Flag, FlagRule, Severity
from clinical.grade_result import not_graded_label
from clinical.model import Dose, DoseId, PatientId
from clinical.toxicities import ToxicityDefinition, ToxicityRecord, toxicities
from gui.i18n import QT_TRANSLATE_NOOP
from gui.patient.toxicity_wording import label, toxicity_label

if TYPE_CHECKING:
    from storage.repo_doses import FlagHistory, OpenEpisode
    from storage.repository import Repository
    from storage.rows import PatientRow

Index = QModelIndex | QPersistentModelIndex
ROW_BATCH = 500  # patient_rows per query
ASSESSMENT_DAYS_CYCLE1 = range(1, 9)  # cycle 1 days 1-8: the step-up window (brief's routine)
AFTER_DOSE = dt.timedelta(hours=24)  # an assessment is expected within 24 h after a given dose
# How often an open CRS/ICANS episode is re-assessed: the reference gives no monitoring frequency
# for SC blinatumomab (clinical-reference.md §7, "monitoring ... requirements" NOT FOUND), so it is
# the clinic's setting "today/episode_reassess_hours" (gui/settings.py), 4 h unless changed.
EPISODE_REASSESS = dt.timedelta(hours=4)
RECENT_FLAGS = dt.timedelta(days=14)  # older flags stay on the patient's Flags tab, not on Today
WHAT_COLUMN, SUBJECT_COLUMN = 0, 1  # then Details, which wraps and takes the rest of the width
_SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}


class TodayKind(enum.IntEnum):
    """What a line is about; the value is its urgency (higher is shown first). Lines of one kind
    about toxicities follow the registry's order (CRS before ICANS)."""

    CHECK = 1  # an assessment still to do: expected by the routine, or the last was not gradable
    EPISODE = 2  # an open episode and its next assessment: after the doses, before the routine
    # checks (which the episode's next assessment also answers)
    DOSE_DUE = 5
    DOSE_OVERDUE = 6
    FLAG = 7
    FLAG_CRITICAL = 8


@dataclass(frozen=True)
class TodayItem:
    """One line of Today; `dose_id` is the dose that resolves it (dose lines only)."""

    kind: TodayKind
    patient_id: PatientId
    subject_id: str
    text: str
    dose_id: DoseId | None = None
    since: dt.date | None = None
    toxicity: str = ""  # the toxicity id of a check or episode line (its form resolves it)


def _dose_items(row: PatientRow, doses: Sequence[Dose], today: dt.date) -> list[TodayItem]:
    open_doses = [d for d in doses if d.status == DoseStatus.PLANNED and not d.voided]
    overdue = sorted((d for d in open_doses if d.planned_date < today), key=lambda d: d.planned_date)
    due = [d for d in open_doses if d.planned_date == today]
    items: list[TodayItem] = []
    if overdue:
        first = overdue[0]
        if len(overdue) == 1:
            text = QCoreApplication.translate("TodayModel", "Day {0} dose ({1} µg) not recorded")
        else:
            text = QCoreApplication.translate(
                "TodayModel", "%n doses not recorded, oldest: day {0} ({1} µg)", None, len(overdue)
            )
        items.append(
            TodayItem(
                TodayKind.DOSE_OVERDUE,
                row.id,
                row.subject_id,
                text.format(first.cycle_day, f"{first.planned_ug:g}"),
                first.id,
                first.planned_date,
            )
        )
    for dose in due:
        text = QCoreApplication.translate("TodayModel", "Dose due: day {0}, {1} µg").format(
            dose.cycle_day, f"{dose.planned_ug:g}"
        )
        items.append(TodayItem(TodayKind.DOSE_DUE, row.id, row.subject_id, text, dose.id, today))
    return items


def _assessed_today(times: Iterable[dt.datetime], today: dt.date) -> bool:
    return any(t.astimezone().date() == today for t in times)


def assessment_expected(row: PatientRow, doses: Sequence[Dose], now: dt.datetime) -> bool:
    """Cycle 1 days 1-8, or within 24 h after a dose given: the routine expects CRS and ICE checks."""
    if row.current_cycle == 1 and row.cycle_day_today in ASSESSMENT_DAYS_CYCLE1:
        return True
    return any(
        d.status == DoseStatus.GIVEN and d.given_at is not None and now - AFTER_DOSE <= d.given_at <= now
        for d in doses
        if not d.voided
    )


def _assessment_items(
    row: PatientRow,
    doses: Sequence[Dose],
    checked: Mapping[str, Sequence[dt.datetime]],
    today: dt.date,
    now: dt.datetime,
) -> list[TodayItem]:
    """`doses` holds at least the doses given in the last 24 h, `checked` the assessment times of
    at least today of each toxicity with routine checks (by toxicity id)."""
    if not assessment_expected(row, doses, now):
        return []
    items: list[TodayItem] = []
    for definition in routine_toxicities():
        if not _assessed_today(checked.get(definition.id, ()), today):
            text = QCoreApplication.translate("TodayModel", "{0} assessment expected today, none recorded")
            items.append(_line(TodayKind.CHECK, row, text.format(label(definition)), definition))
    return items


def _line(
    kind: TodayKind, row: PatientRow, text: str, definition: ToxicityDefinition, since: dt.date | None = None
) -> TodayItem:
    return TodayItem(kind, row.id, row.subject_id, text, since=since, toxicity=definition.id)


def _not_gradable_items(row: PatientRow, ungraded: Mapping[str, Sequence[object]]) -> list[TodayItem]:
    """A not-gradable assessment no graded one of its toxicity has followed is a check still to do
    (issue 11: a measurement not taken is never read as normal); one line per toxicity, the newest.
    `ungraded` holds the patient's such records by toxicity id, oldest first."""
    from gui.formatting import local_time

    items = []
    for definition in toxicities():
        records = ungraded.get(definition.id)
        if not records:
            continue
        latest = records[-1]
        at = definition.at(latest)
        text = QCoreApplication.translate("TodayModel", "{0} at {1}: {2}; the check is still to do").format(
            label(definition),
            local_time(at),  # with its UTC offset, like the episode line beside it
            not_graded_label(getattr(latest, "reasons", ())),
        )
        items.append(_line(TodayKind.CHECK, row, text, definition, at.astimezone().date()))
    return items


def _episode_items(
    row: PatientRow, open_now: Mapping[str, OpenEpisode], now: dt.datetime, every: dt.timedelta
) -> list[TodayItem]:
    """One line per open episode of a toxicity with routine checks, with when its next assessment
    is due (the latest assessment + `every`): a patient with an open grade 2 CRS episode was not
    on Today at all. `open_now` is keyed by toxicity id."""
    from gui.formatting import local_time

    items = []
    for definition in routine_toxicities():
        episode = open_now.get(definition.id)
        if episode is None or episode.peak >= MAX_GRADE:
            continue  # grade 5 is a death: its critical flag is the line, no next assessment is due
        due = episode.last_assessed + every
        if due <= now:
            template = QT_TRANSLATE_NOOP(
                "TodayModel", "{0} episode open since {1}, peak grade {2}: next assessment overdue since {3}"
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "TodayModel", "{0} episode open since {1}, peak grade {2}: next assessment due {3}"
            )
        text = QCoreApplication.translate("TodayModel", template).format(
            label(definition), local_time(episode.onset), episode.peak, local_time(due)
        )
        items.append(_line(TodayKind.EPISODE, row, text, definition, episode.onset.date()))
    return items


def event_toxicities() -> list[ToxicityDefinition]:
    """The toxicities recorded as events with a resolution (adverse events): Today lists those
    still open, and reads the flags of a patient with one open or recent (a serious event flags
    whatever its grade)."""
    return [d for d in toxicities() if d.resolved_input and d.record_type is ToxicityRecord]


def _open_event_items(row: PatientRow, records: Mapping[str, Sequence[ToxicityRecord]]) -> list[TodayItem]:
    """One line per open episode of an event (an adverse event with no resolution recorded):
    the event's name, its peak grade and since when; serious ones say so. `records` holds the
    patient's event records by record kind."""
    from clinical.episodes import episodes_for
    from gui.formatting import local_time

    items = []
    for definition in event_toxicities():
        mine = records.get(definition.record_kind)
        if not mine:
            continue
        serious = {definition.name_of(r) for r in mine if definition.serious(r)}
        for episode in episodes_for(row.id, {definition.record_kind: mine}):
            if not episode.is_open:
                continue
            template = (
                QT_TRANSLATE_NOOP(
                    "TodayModel", "{0}, peak grade {1}, open since {2} (serious): no resolution recorded"
                )
                if episode.name in serious
                else QT_TRANSLATE_NOOP(
                    "TodayModel", "{0}, peak grade {1}, open since {2}: no resolution recorded"
                )
            )
            text = QCoreApplication.translate("TodayModel", template).format(
                episode.name, episode.peak_grade, local_time(episode.onset)
            )
            items.append(_line(TodayKind.EPISODE, row, text, definition, episode.onset.date()))
    return items


def routine_toxicities() -> list[ToxicityDefinition]:
    """The toxicities the routine checks and whose open episodes are re-assessed (CRS, ICANS)."""
    return [d for d in toxicities() if d.routine_checks]


def _flag_items(row: PatientRow, history: FlagHistory, today: dt.date, now: dt.datetime) -> list[TodayItem]:
    """Recent flags from the clinical rules (overdue doses already have their own lines);
    `history` reaches back far enough for every flag since now - RECENT_FLAGS."""
    from clinical.flags import patient_flags  # on the worker, after the window's first paint

    pid = row.id
    h = history
    flags = patient_flags(h.patient, h.doses, h.records_by_kind, today, now, cycles=h.cycles)
    recent = [f for f in flags if f.rule != FlagRule.OVERDUE_DOSE and f.at >= now - RECENT_FLAGS]
    groups: dict[tuple[FlagRule, str], list[Flag]] = {}
    for flag in recent:  # one line per rule and toxicity: repeats would bury everything else
        groups.setdefault((flag.rule, str(flag.toxicity)), []).append(flag)
    items = []
    for group in groups.values():
        worst = min(group, key=lambda f: (_SEVERITY_RANK[f.severity], -f.at.timestamp()))
        kind = TodayKind.FLAG_CRITICAL if worst.severity == Severity.CRITICAL else TodayKind.FLAG
        text = worst.message
        if len(group) > 1:
            text += " " + QCoreApplication.translate(
                "TodayModel", "(%n similar flag(s) on the patient's Flags tab)", None, len(group) - 1
            )
        items.append(TodayItem(kind, pid, row.subject_id, text, since=worst.at.date()))
    return items


def _worst(row: PatientRow, definition: ToxicityDefinition) -> int | None:
    """The patient's worst effective grade of the toxicity, as the patient list row holds it."""
    return row.worst.get(definition.id)


def _gradable_later() -> list[ToxicityDefinition]:
    """The toxicities whose not-gradable records Today looks for: the routine ones (a CRS without
    a temperature) and every data-defined one (storage's one table). A lab result is never
    without a grade (the ANC is required), so it has none to look for."""
    return [d for d in toxicities() if d.routine_checks or d.record_type is ToxicityRecord]


def may_have_flags(row: PatientRow) -> bool:
    """Every flag rule but the overdue dose (which has its own lines) needs a grade >= 3 record:
    a grade 3 episode, a dose during one, or an ANC below 1.0 (grade >= 3) for febrile
    neutropenia; patients without one skip the full flag computation. The list row keeps the
    worst grade of each toxicity with a patient list column (CRS, ICANS, neutropenia); a grade >= 3
    record of any other registered toxicity in the last 14 days is in `open_flags` (with overdue
    doses: those patients are read)."""
    worst = [g for g in row.worst.values() if g is not None]
    return (bool(worst) and max(worst) >= 3) or row.open_flags > 0


def _candidates(repo: Repository, today: dt.date) -> list[PatientRow]:
    """Patients on treatment (with a cycle started) or with open flags; a cheap query narrows the
    network's patients down first, so only those cost an aggregate list row."""
    ids = repo.today_candidates(today)
    rows: list[PatientRow] = []
    for start in range(0, len(ids), ROW_BATCH):
        for row in repo.patient_rows(ids[start : start + ROW_BATCH], today):
            if row.open_flags or (row.status == "on_treatment" and row.current_cycle is not None):
                rows.append(row)
    return rows


def collect_today(
    repo: Repository, today: dt.date, now: dt.datetime, reassess: dt.timedelta = EPISODE_REASSESS
) -> list[TodayItem]:
    """All Today lines, most urgent first. Each kind of record is read once for all patients
    (batched queries), not once per patient: a network database holds 10,000 of them.
    `reassess` is how often an open episode is re-assessed (EPISODE_REASSESS)."""
    rows = _candidates(repo, today)
    pids = [row.id for row in rows]
    due = repo.doses_due_by(today)
    given = repo.doses_given_between(now - AFTER_DOSE, now, pids)
    # assessment times of the local day `today`, with a day's margin for any UTC offset
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    window = (midnight - dt.timedelta(days=1), midnight + dt.timedelta(days=2))
    routine = routine_toxicities()
    times = {d.id: repo.assessment_times(d.record_kind, pids, *window) for d in routine}
    since = now - RECENT_FLAGS
    events = {d.record_kind: repo.event_records(d.record_kind, pids, since) for d in event_toxicities()}
    serious = {
        pid
        for d in event_toxicities()
        for pid, records in events[d.record_kind].items()
        if any(d.serious(r) for r in records)
    }
    flagged = [row.id for row in rows if may_have_flags(row) or row.id in serious]
    histories = repo.flag_histories(flagged, since)
    ungraded = {d.id: repo.not_gradable_since(d.record_kind, pids, since) for d in _gradable_later()}
    graded = [row.id for row in rows if any((_worst(row, d) or 0) > 0 for d in routine)]
    episodes = {d.id: repo.open_episodes(d.record_kind, graded) for d in routine}
    items: list[TodayItem] = []
    for row in rows:
        open_now = {tox: found[row.id] for tox, found in episodes.items() if row.id in found}
        items += _episode_items(row, open_now, now, reassess)
        items += _open_event_items(row, {kind: found.get(row.id, []) for kind, found in events.items()})
        items += _dose_items(row, due.get(row.id, []), today)
        checked = {tox: found.get(row.id, []) for tox, found in times.items()}
        items += _assessment_items(row, given.get(row.id, []), checked, today, now)
        items += _not_gradable_items(row, {tox: found.get(row.id, []) for tox, found in ungraded.items()})
        if row.id in histories:
            items += _flag_items(row, histories[row.id], today, now)
    order = {d.id: d.order for d in toxicities()}
    return sorted(items, key=lambda i: (-i.kind, order.get(i.toxicity, 0), i.since or today, i.subject_id))


_KIND_LABELS = {
    TodayKind.FLAG_CRITICAL: QT_TRANSLATE_NOOP("TodayModel", "Critical flag"),
    TodayKind.FLAG: QT_TRANSLATE_NOOP("TodayModel", "Flag"),
    TodayKind.DOSE_OVERDUE: QT_TRANSLATE_NOOP("TodayModel", "Overdue dose"),
    TodayKind.DOSE_DUE: QT_TRANSLATE_NOOP("TodayModel", "Dose due"),
    TodayKind.CHECK: QT_TRANSLATE_NOOP("TodayModel", "%1 check"),
    TodayKind.EPISODE: QT_TRANSLATE_NOOP("TodayModel", "%1 open"),
}


def kind_label(kind: TodayKind, toxicity_id: str = "") -> str:
    """ "Dose due", "CRS check", "Injection site reaction open": the What column of a line."""
    text = QCoreApplication.translate("TodayModel", _KIND_LABELS[kind])
    return text.replace("%1", toxicity_label(toxicity_id)) if toxicity_id else text


_KIND_COLOURS = {
    TodayKind.EPISODE: "#f4b6c2",
    TodayKind.FLAG_CRITICAL: "#ff8080",
    TodayKind.FLAG: "#ffb3a0",
    TodayKind.DOSE_OVERDUE: "#ffd9a0",
}


class TodayModel(QAbstractTableModel):
    """Read-only table of TodayItems; the view sets them after each background refresh."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[TodayItem] = []
        self._labels: dict[tuple[TodayKind, str], str] = {}  # data() runs per cell painted
        self._headers = (
            QCoreApplication.translate("TodayModel", "What"),
            QCoreApplication.translate("TodayModel", "Subject"),
            QCoreApplication.translate("TodayModel", "Details"),
        )

    def _label(self, item: TodayItem) -> str:
        key = (item.kind, item.toxicity)
        if key not in self._labels:
            self._labels[key] = kind_label(*key)
        return self._labels[key]

    def set_items(self, items: Sequence[TodayItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> TodayItem:
        return self._items[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (self._label(item), item.subject_id, item.text)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return item
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == WHAT_COLUMN:
            colour = _KIND_COLOURS.get(item.kind)
            return QColor(colour) if colour else None
        return None
