"""Every date field shows year-month-day, as every date in the app is shown: in an English locale
Start cycle and Move dose showed "4/2/26" (April 2 or February 4? 1926 or 2026?)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt

from clinical.model import PatientId
from gui.dialogs.move_dose_dialog import MoveDoseDialog
from gui.dialogs.start_cycle_dialog import StartCycleDialog
from gui.patient.correction_dialog import CorrectionDialog


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def test_start_cycle_shows_and_reads_year_month_day(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    dialog = StartCycleDialog(session, first_patient)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.start.text() == "2026-04-02"  # the day after cycle 1's 35 days
    dialog.start.setFocus()
    qtbot.keyClick(dialog.start, Qt.Key.Key_Up)  # the first section is the year
    assert dialog.start.date().toPython() == dt.date(2027, 4, 2)


def test_move_dose_shows_year_month_day(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    dose = session.repo.doses(first_patient)[-1]
    dialog = MoveDoseDialog(session, dose.id)
    qtbot.addWidget(dialog)
    assert dialog.new_date.text() == dose.planned_date.isoformat()


def test_a_cycle_correction_shows_year_month_day(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    cycle = session.repo.cycles(first_patient)[0]
    dialog = CorrectionDialog(session, "cycle", cycle.id)
    qtbot.addWidget(dialog)
    assert dialog.editors["start_date"].widget.text() == cycle.start_date.isoformat()  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.editors["start_date"].widget, Qt.Key.Key_Escape)
