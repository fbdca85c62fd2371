"""The dose calendar's table: one row per dose of a cycle, coloured by what happened to it.

"Overdue: no record" is derived here from the planned date and today, so a missing record is
visible without anyone having to write it down.
"""

from __future__ import annotations

import datetime as dt
import enum

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor

from clinical.choices import DoseStatus
from clinical.model import Dose
from gui.formatting import choice_label, local_date, local_time, number
from gui.i18n import QT_TRANSLATE_NOOP
from gui.patient.record_table_model import Column, RecordTableModel


class CalendarStatus(enum.Enum):
    GIVEN = "given"
    HELD = "held"
    MISSED = "missed"
    DUE_TODAY = "due_today"
    NOT_YET_DUE = "not_yet_due"
    OVERDUE = "overdue"


_LABELS = {
    CalendarStatus.GIVEN: QT_TRANSLATE_NOOP("DoseCalendarModel", "Given"),
    CalendarStatus.HELD: QT_TRANSLATE_NOOP("DoseCalendarModel", "Held"),
    CalendarStatus.MISSED: QT_TRANSLATE_NOOP("DoseCalendarModel", "Missed"),
    CalendarStatus.DUE_TODAY: QT_TRANSLATE_NOOP("DoseCalendarModel", "Due today"),
    CalendarStatus.NOT_YET_DUE: QT_TRANSLATE_NOOP("DoseCalendarModel", "Not yet due"),
    CalendarStatus.OVERDUE: QT_TRANSLATE_NOOP("DoseCalendarModel", "Overdue: no record"),
}
# Light backgrounds with dark text: green done, amber held, red missed or overdue, blue today.
_COLOURS = {
    CalendarStatus.GIVEN: "#c8e6c9",
    CalendarStatus.HELD: "#ffe0b2",
    CalendarStatus.MISSED: "#ffcdd2",
    CalendarStatus.DUE_TODAY: "#bbdefb",
    CalendarStatus.OVERDUE: "#ef9a9a",
}


def _translate_marked(text: str) -> str:
    return QCoreApplication.translate("DoseCalendarModel", text)


def calendar_status(dose: Dose, today: dt.date) -> CalendarStatus:
    if dose.status != DoseStatus.PLANNED:
        return CalendarStatus(str(dose.status))
    if dose.planned_date > today:
        return CalendarStatus.NOT_YET_DUE
    return CalendarStatus.DUE_TODAY if dose.planned_date == today else CalendarStatus.OVERDUE


def status_label(status: CalendarStatus) -> str:
    return _translate_marked(_LABELS[status])


def status_colour(status: CalendarStatus) -> QColor | None:
    colour = _COLOURS.get(status)
    return None if colour is None else QColor(colour)


def _reason(dose: Dose) -> str:
    parts = [choice_label(dose.reason) if dose.reason else "", dose.reason_text]
    return ": ".join(part for part in parts if part)


class DoseCalendarModel(RecordTableModel[Dose]):
    """Doses of one cycle in date order; `today` decides due / overdue / not yet due."""

    def __init__(self, parent: QObject | None = None) -> None:
        self.today = dt.date.today()
        super().__init__(self._calendar_columns(), parent)

    def set_doses(self, doses: list[Dose], today: dt.date) -> None:
        self.today = today
        self.set_rows(sorted(doses, key=lambda d: (d.planned_date, d.cycle_day)))

    def status(self, dose: Dose) -> CalendarStatus:
        return calendar_status(dose, self.today)

    def _calendar_columns(self) -> list[Column[Dose]]:
        return [
            Column(
                QCoreApplication.translate("DoseCalendarModel", "Day"),
                lambda d: str(d.cycle_day),
                align_right=True,
            ),
            Column(
                QCoreApplication.translate("DoseCalendarModel", "Date"), lambda d: local_date(d.planned_date)
            ),
            Column(
                QCoreApplication.translate("DoseCalendarModel", "Planned µg"),
                lambda d: number(d.planned_ug, 1),
                align_right=True,
            ),
            Column(
                QCoreApplication.translate("DoseCalendarModel", "Status"),
                lambda d: status_label(self.status(d)),
                background=lambda d: status_colour(self.status(d)),
            ),
            Column(
                QCoreApplication.translate("DoseCalendarModel", "Given at (local)"),
                lambda d: local_time(d.given_at),
            ),
            Column(
                QCoreApplication.translate("DoseCalendarModel", "Given µg"),
                lambda d: number(d.amount_ug, 1),
                align_right=True,
            ),
            Column(QCoreApplication.translate("DoseCalendarModel", "Site"), lambda d: choice_label(d.site)),
            Column(QCoreApplication.translate("DoseCalendarModel", "Reason"), lambda d: _reason(d)),
            Column(QCoreApplication.translate("DoseCalendarModel", "Protocol check"), _protocol_check),
        ]


def _protocol_check(dose: Dose) -> str:
    """A confirmed exception to the plan (amount, < 24 h from another dose), with its reason."""
    if not dose.deviation:
        return ""
    return QCoreApplication.translate("DoseCalendarModel", "Protocol check: %1").replace("%1", dose.deviation)
