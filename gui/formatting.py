"""Display text shared by the clinical views: local times with their UTC offset, grades, choices.

Stored times are aware UTC; clinicians read local time, so every time is shown converted with its
offset ("UTC+01:00") to leave no doubt when a record crosses a daylight-saving change. Choice values
(`Hypotension.FLUIDS`...) are shown in clinician wording, translated through Qt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale
from PySide6.QtGui import QColor

from clinical.choices import Choice
from clinical.model import Cycle
from gui.i18n import QT_TRANSLATE_NOOP


def _translate_marked(text: str) -> str:
    return QCoreApplication.translate("formatting", text)


def utc_offset_label(moment: dt.datetime) -> str:
    """ "UTC+01:00" for the offset of `moment` (aware)."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def to_local(moment: dt.datetime) -> dt.datetime:
    """The same instant in the machine's local zone (naive stored values are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone()


def local_time(moment: dt.datetime | None) -> str:
    """A stored UTC time as local date-time plus its UTC offset. ISO order, never a locale's short
    format: "03/02" reads as two different days in two clinics."""
    if moment is None:
        return ""
    local = to_local(moment)
    return f"{local:%Y-%m-%d %H:%M} ({utc_offset_label(local)})"


def local_date(day: dt.date | None, with_weekday: bool = True) -> str:
    """An ISO date with the locale's weekday name first (doses follow the week)."""
    if day is None:
        return ""
    if not with_weekday:
        return day.isoformat()
    weekday = QLocale().dayName(day.isoweekday(), QLocale.FormatType.ShortFormat)
    return f"{weekday} {day.isoformat()}"


def qdatetime_from_utc(moment: dt.datetime) -> QDateTime:
    """A local QDateTime for an editor, from an aware UTC time.

    Built from the instant (seconds since the epoch), not from wall-clock fields, so that the
    repeated hour after an autumn clock change keeps its own offset.
    """
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))


def utc_from_qdatetime(value: QDateTime) -> dt.datetime:
    """The aware UTC time of a local QDateTime from an editor (to the minute, as editors show it)."""
    instant = dt.datetime.fromtimestamp(value.toSecsSinceEpoch(), dt.UTC)
    return instant.replace(second=0, microsecond=0)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


# Clinician wording for each stored choice value of the records that are not toxicities (doses,
# flags). A toxicity's inputs are worded by its definition (InputSpec.choices, shown through
# gui.patient.toxicity_gui.choice_text) and its name by the registry.
_CHOICE_LABELS: dict[str, str] = {
    "adverse_event": QT_TRANSLATE_NOOP("formatting", "Adverse event"),
    "clinician_decision": QT_TRANSLATE_NOOP("formatting", "Clinician decision"),
    "patient_did_not_attend": QT_TRANSLATE_NOOP("formatting", "Patient did not attend"),
    "patient_declined": QT_TRANSLATE_NOOP("formatting", "Patient declined"),
    "drug_unavailable": QT_TRANSLATE_NOOP("formatting", "Drug unavailable"),
    "hospitalised": QT_TRANSLATE_NOOP("formatting", "Hospitalised"),
    "other": QT_TRANSLATE_NOOP("formatting", "Other"),
    "abdomen_left": QT_TRANSLATE_NOOP("formatting", "Abdomen, left"),
    "abdomen_right": QT_TRANSLATE_NOOP("formatting", "Abdomen, right"),
    "thigh_left": QT_TRANSLATE_NOOP("formatting", "Thigh, left"),
    "thigh_right": QT_TRANSLATE_NOOP("formatting", "Thigh, right"),
    "arm_left": QT_TRANSLATE_NOOP("formatting", "Upper arm, left"),
    "arm_right": QT_TRANSLATE_NOOP("formatting", "Upper arm, right"),
    "planned": QT_TRANSLATE_NOOP("formatting", "Planned"),
    "given": QT_TRANSLATE_NOOP("formatting", "Given"),
    "held": QT_TRANSLATE_NOOP("formatting", "Held"),
    "missed": QT_TRANSLATE_NOOP("formatting", "Missed"),
    "info": QT_TRANSLATE_NOOP("formatting", "Info"),
    "warning": QT_TRANSLATE_NOOP("formatting", "Warning"),
    "critical": QT_TRANSLATE_NOOP("formatting", "Critical"),
}
# The definitions' choice wording for translators: lupdate reads gui/ only, so the CRS and ICANS
# options (clinical-reference.md §2, §3.2) are marked here; tests/gui/test_toxicity_tabs.py checks
# each is a label of a registered input, word for word. Unmarked wording is shown untranslated.
INPUT_WORDING: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("formatting", "None"),
    QT_TRANSLATE_NOOP("formatting", "Hypotension not needing vasopressors (fluids)"),
    QT_TRANSLATE_NOOP("formatting", "One vasopressor (with or without vasopressin)"),
    QT_TRANSLATE_NOOP("formatting", "Multiple vasopressors (excluding vasopressin)"),
    QT_TRANSLATE_NOOP("formatting", "Low-flow nasal cannula (≤ 6 L/min) or blow-by"),
    QT_TRANSLATE_NOOP("formatting", "High-flow cannula (> 6 L/min), facemask, non-rebreather or Venturi"),
    QT_TRANSLATE_NOOP("formatting", "Positive pressure (CPAP, BiPAP, intubation)"),
    QT_TRANSLATE_NOOP("formatting", "Alert"),
    QT_TRANSLATE_NOOP("formatting", "Awakens spontaneously"),
    QT_TRANSLATE_NOOP("formatting", "Awakens to voice"),
    QT_TRANSLATE_NOOP("formatting", "Awakens only to tactile stimulus"),
    QT_TRANSLATE_NOOP("formatting", "Unarousable, or needs vigorous or repetitive stimuli; stupor or coma"),
    QT_TRANSLATE_NOOP(
        "formatting", "Clinical seizure resolving rapidly, or EEG seizures resolving with treatment"
    ),
    QT_TRANSLATE_NOOP("formatting", "Life-threatening prolonged seizure (> 5 min) or repetitive seizures"),
    QT_TRANSLATE_NOOP("formatting", "Deep focal motor weakness (hemiparesis, paraparesis)"),
    QT_TRANSLATE_NOOP("formatting", "Focal or local oedema on imaging"),
    QT_TRANSLATE_NOOP(
        "formatting", "Diffuse oedema, posturing, CN VI palsy, papilloedema or Cushing's triad"
    ),
)


def choice_label(value: Choice | str | None) -> str:
    """Clinician wording of a stored choice value (the raw value when there is no wording)."""
    if value is None:
        return ""
    raw = str(value)
    label = _CHOICE_LABELS.get(raw)
    return _translate_marked(label) if label is not None else raw.replace("_", " ")


def grade_label(grade: int | None, scale: str = "") -> str:
    """ "Grade 3 (ASTCT 2019)"; "Not assessed" for None."""
    if grade is None:
        return QCoreApplication.translate("formatting", "Not assessed")
    if scale:  # one sentence to translate: a language may put the scale elsewhere
        text = QCoreApplication.translate("formatting", "Grade %1 (%2)")
        return text.replace("%1", str(grade)).replace("%2", scale)
    return QCoreApplication.translate("formatting", "Grade %1").replace("%1", str(grade))


# Background colours by grade: white (0), then yellow to deep red; text stays black (readable).
_GRADE_COLOURS = ("#ffffff", "#fff4c2", "#ffd9a0", "#ffb3a0", "#ff8080", "#d9d9d9")


def grade_colour(grade: int | None) -> QColor | None:
    if grade is None or grade <= 0:
        return None
    return QColor(_GRADE_COLOURS[min(grade, len(_GRADE_COLOURS) - 1)])


def number(value: float | None, decimals: int = 2) -> str:
    """A number in the locale's format without trailing zeros; empty for None."""
    if value is None:
        return ""
    text = QLocale().toString(float(value), "f", decimals)
    point = QLocale().decimalPoint()
    if point in text:
        text = text.rstrip("0").rstrip(point)
    return text


def cycle_day(cycles: Sequence[Cycle], today: dt.date) -> tuple[int, int] | None:
    """(cycle number, day of cycle) of the latest cycle started on or before `today`."""
    started = [c for c in cycles if c.start_date <= today]
    if not started:
        return None
    current = max(started, key=lambda c: (c.start_date, c.number))
    return current.number, (today - current.start_date).days + 1


def subject_header(subject_id: str, cycles: Sequence[Cycle], today: dt.date) -> str:
    """ "044-0012 · cycle 1 day 8": what a data-entry dialog shows so the patient is never in doubt."""
    position = cycle_day(cycles, today)
    if position is None:
        return f"{subject_id} · {QCoreApplication.translate('formatting', 'no cycle started')}"
    text = (
        QCoreApplication.translate("formatting", "cycle %1 day %2")
        .replace("%1", str(position[0]))
        .replace("%2", str(position[1]))
    )
    return f"{subject_id} · {text}"
