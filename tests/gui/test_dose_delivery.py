"""Issue 18: the dose dialog records where, by whom and how long a dose took, and remembers the
patient's last setting, so that the common case costs the keys it cost before (Enter alone)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinical.choices import DoseStatus, InjectionSite
from clinical.model import PatientId
from gui.patient.dose_calendar import DoseCalendarView
from gui.patient.record_dose_dialog import RecordDoseDialog


@pytest.fixture
def view(session: Any, first_patient: PatientId, qtbot: Any) -> DoseCalendarView:
    widget = DoseCalendarView(session)
    qtbot.addWidget(widget)
    widget.set_patient(first_patient)
    widget.show()
    return widget


def _open(view: DoseCalendarView, qtbot: Any) -> RecordDoseDialog:
    dialog = view.record_selected()  # the earliest dose due
    assert isinstance(dialog, RecordDoseDialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.amount)
    return dialog


class Keys:
    def __init__(self, qtbot: Any) -> None:
        self.qtbot, self.count = qtbot, 0

    def press(self, key: Qt.Key) -> None:
        self.qtbot.keyClick(QApplication.focusWidget(), key)
        self.count += 1


def test_the_last_setting_is_remembered_so_a_dose_is_still_one_enter(
    view: DoseCalendarView, session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    # The first dose of the patient: no setting yet; Tab to the setting (after the site), Down twice.
    first = _open(view, qtbot)
    assert first.setting.currentData() is None
    # given yesterday (set, not typed: the time is not part of the count), so that today's dose
    # is not within 24 h of it (a protocol check)
    first.given_at.setDateTime(first.given_at.dateTime().addDays(-1))
    keys = Keys(qtbot)
    while not first.setting.hasFocus():
        keys.press(Qt.Key.Key_Tab)
    keys.press(Qt.Key.Key_Down)
    keys.press(Qt.Key.Key_Down)
    assert first.setting.currentData() == "day_unit"
    keys.press(Qt.Key.Key_Return)
    assert keys.count == 5  # Tab (site), Tab (setting), Down, Down, Enter
    (delivery,) = session.repo.records("dose_delivery", first_patient)
    assert delivery.dose_id == first.dose.id and delivery.values["setting"] == "day_unit"
    assert delivery.values["given_by"] == session.repo.user  # empty "Given by": the signed-in user
    assert delivery.values["nurse_minutes"] is None

    # The next dose: the day unit is offered again, so Enter alone records dose and delivery.
    second = _open(view, qtbot)
    assert second.dose.id != first.dose.id
    assert second.setting.currentData() == "day_unit"
    keys = Keys(qtbot)
    keys.press(Qt.Key.Key_Return)
    assert keys.count == 1  # as before issue 18: the dialog opens prefilled, Enter saves
    assert session.repo.get_dose(second.dose.id).status == DoseStatus.GIVEN
    deliveries = session.repo.records("dose_delivery", first_patient)
    assert [d.dose_id for d in deliveries] == [first.dose.id, second.dose.id]


def test_given_by_minutes_and_undo(
    view: DoseCalendarView, session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    dialog = _open(view, qtbot)
    dialog.site.setCurrentIndex(dialog.site.findData(InjectionSite.THIGH_RIGHT))
    dialog.setting.setCurrentIndex(dialog.setting.findData("home_nurse"))
    dialog.given_by.setText("Community nurse J. Lee")
    dialog.minutes.setText("35")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    (delivery,) = session.repo.records("dose_delivery", first_patient)
    assert delivery.values == {
        "setting": "home_nurse",
        "given_by": "Community nurse J. Lee",
        "nurse_minutes": 35.0,
    }
    assert session.undo_last()  # the dose back to planned and its delivery voided, together
    assert session.repo.get_dose(dialog.dose.id).status == DoseStatus.PLANNED
    assert session.repo.records("dose_delivery", first_patient) == []


def test_minutes_not_a_number_saves_nothing(
    view: DoseCalendarView, session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    dialog = _open(view, qtbot)
    dialog.setting.setCurrentIndex(dialog.setting.findData("outpatient"))
    dialog.minutes.setText("half an hour")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert dialog.isVisible() and "Not saved" in dialog.error.text()
    assert session.repo.get_dose(dialog.dose.id).status == DoseStatus.PLANNED
    assert session.repo.records("dose_delivery", first_patient) == []


def test_the_calendar_shows_the_last_sites_newest_first_as_history(
    view: DoseCalendarView, session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    assert view.sites.text() == ""  # nothing given yet: nothing shown
    repo = session.repo
    planned = [d for d in repo.doses(first_patient) if d.status is DoseStatus.PLANNED][:3]
    sites = (InjectionSite.ABDOMEN_LEFT, InjectionSite.ABDOMEN_RIGHT, InjectionSite.THIGH_LEFT)
    start = session.now() - dt.timedelta(days=3)
    for day, (dose, site) in enumerate(zip(planned, sites, strict=True)):
        repo.record_dose(
            dose.id,
            DoseStatus.GIVEN,
            given_at=start + dt.timedelta(days=day),
            amount_ug=dose.planned_ug,
            site=site,
        )
    view.refresh()
    text = view.sites.text()
    assert text.startswith("Last injection sites, newest first: ")
    shown = [text.index(label) for label in ("Thigh, left", "Abdomen, right", "Abdomen, left")]
    assert shown == sorted(shown)  # newest first
    assert "next" not in text.lower() and "use" not in text.lower()  # history, not an instruction
