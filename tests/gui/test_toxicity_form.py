"""The generic form and tab of a toxicity built from its definition alone (issue 14): the injection
site reaction has no GUI code of its own, yet has a tab, a form picking CTCAE's sentences by key,
its dose linked, and the number, choice and flag editors any definition's inputs ask for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinical.choices import DoseStatus, InjectionSite
from clinical.model import PatientId
from clinical.toxicities import toxicity
from gui.patient.toxicity_form import ToxicityFormDialog

ISR = "injection_site_reaction"


def _give(session: Any, patient: PatientId, index: int, site: InjectionSite, days_ago: int) -> Any:
    dose = session.repo.doses(patient)[index]
    return session.repo.record_dose(
        dose.id,
        DoseStatus.GIVEN,
        given_at=session.now() - dt.timedelta(days=days_ago),
        amount_ug=dose.planned_ug,
        site=site,
    )


@pytest.fixture
def dosed(session: Any, first_patient: PatientId) -> PatientId:
    """044-0012 with two doses given: day 1 in the left thigh, day 2 in the right abdomen."""
    _give(session, first_patient, 0, InjectionSite.THIGH_LEFT, 4)
    _give(session, first_patient, 1, InjectionSite.ABDOMEN_RIGHT, 3)
    return first_patient


@pytest.fixture
def isr_form(session: Any, dosed: PatientId, qtbot: Any) -> ToxicityFormDialog:
    form = ToxicityFormDialog(session, toxicity(ISR), dosed)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form


def test_isr_form_rows_are_the_definitions_inputs(isr_form: ToxicityFormDialog) -> None:
    labels = [isr_form.editors[spec.name].label for spec in toxicity(ISR).inputs]
    assert labels == ["After the dose given", "Grade"]
    assert "injection site reaction" in isr_form.windowTitle() and "044-0012" in isr_form.windowTitle()
    assert isr_form.override_box.isHidden()  # CTCAE grade picked: no override offered


def test_dose_combo_lists_given_doses_with_site_and_defaults_to_the_last(
    isr_form: ToxicityFormDialog, session: Any, dosed: PatientId
) -> None:
    combo = isr_form.editors["dose_id"].widget
    texts = [combo.itemText(i) for i in range(combo.count())]  # type: ignore[attr-defined]
    assert len(texts) == 2
    assert texts[0].startswith("Cycle 1 day 1 · ") and "Thigh, left" in texts[0]
    assert texts[1].startswith("Cycle 1 day 2 · ") and "Abdomen, right" in texts[1]
    last = session.repo.doses(dosed)[1]
    assert isr_form.values()["dose_id"] == last.id


def test_a_digit_key_picks_the_ctcae_sentence_and_grades_live(
    isr_form: ToxicityFormDialog, qtbot: Any
) -> None:
    pick = isr_form.editors["grade"].control
    assert pick.hasFocus()  # the dose is prefilled: the grade is what is asked first
    assert isr_form.values()["grade"] is None
    assert isr_form.grade_label.text() == "Not gradable: no grade was picked"
    qtbot.keyClick(pick, Qt.Key.Key_3)
    assert isr_form.values()["grade"] == "3"
    assert isr_form.grade_label.text() == "Grade 3 (CTCAE v5.0)"
    sentence = dict(toxicity(ISR).input("grade").choices)["3"]
    assert isr_form.reasons_label.text() == sentence  # "Grade 3: Ulceration or necrosis; ..."
    qtbot.keyClick(pick, Qt.Key.Key_Up)
    assert isr_form.values()["grade"] == "2"
    assert isr_form.grade_label.text() == "Grade 2 (CTCAE v5.0)"


def test_no_sentence_looks_chosen_until_one_is_picked(isr_form: ToxicityFormDialog, qtbot: Any) -> None:
    """Qt makes the first row current on focus, drawn like a choice: "None" looked picked."""
    pick = isr_form.editors["grade"].control
    assert pick.hasFocus() and not pick.currentIndex().isValid()  # type: ignore[attr-defined]
    qtbot.keyClick(pick, Qt.Key.Key_Down)  # Down picks the first sentence: absent or resolved
    assert isr_form.values()["grade"] == "0"
    assert isr_form.grade_label.text() == "Grade 0 (CTCAE v5.0)"


def test_a_grade_ctcae_does_not_define_cannot_be_keyed(isr_form: ToxicityFormDialog, qtbot: Any) -> None:
    pick = isr_form.editors["grade"].control
    qtbot.keyClick(pick, Qt.Key.Key_7)
    assert isr_form.values()["grade"] is None


def test_enter_without_a_pick_saves_nothing_and_says_why(
    isr_form: ToxicityFormDialog, qtbot: Any, session: Any
) -> None:
    writes: list[str] = []
    session.write = lambda description, *args, **kwargs: writes.append(description)  # type: ignore[method-assign]
    qtbot.keyClick(isr_form.editors["grade"].control, Qt.Key.Key_Return)
    assert writes == []
    assert isr_form.isVisible()
    assert (
        isr_form.error_label.text()
        == "Not saved: Grade: pick one of the sentences (a digit key picks that grade)."
    )


def test_escape_after_a_pick_asks_before_discarding(
    isr_form: ToxicityFormDialog, qtbot: Any, message_boxes: list[str]
) -> None:
    pick = isr_form.editors["grade"].control
    qtbot.keyClick(pick, Qt.Key.Key_2)
    qtbot.keyClick(pick, Qt.Key.Key_Escape)
    assert message_boxes == ["Discard?: New injection site reaction is not saved. Discard what you typed?"]
    assert isr_form.isVisible()  # the question's default keeps editing


def test_escape_on_an_untouched_form_closes_without_asking(
    isr_form: ToxicityFormDialog, qtbot: Any, message_boxes: list[str]
) -> None:
    qtbot.keyClick(isr_form.editors["grade"].control, Qt.Key.Key_Escape)
    assert message_boxes == []
    assert not isr_form.isVisible()


def test_no_given_dose_is_said_on_save(session: Any, first_patient: PatientId, qtbot: Any) -> None:
    form = ToxicityFormDialog(session, toxicity(ISR), first_patient)
    qtbot.addWidget(form)
    qtbot.keyClick(form.editors["grade"].control, Qt.Key.Key_1)
    assert form.save() is False
    assert (
        form.error_label.text()
        == "Not saved: After the dose given: no given dose to link; record the dose first."
    )


def test_generic_number_choice_and_flag_editors_from_the_crs_inputs(
    session: Any, first_patient: PatientId, qtbot: Any
) -> None:
    """Any definition renders: the CRS inputs (which keep their custom form) through the generic one,
    so numbers refuse their range as NumberField does and choices show the definition's labels."""
    form = ToxicityFormDialog(session, toxicity("crs"), first_patient)
    qtbot.addWidget(form)
    temperature = form.editors["temperature_c"].widget
    qtbot.keyClicks(temperature, "55")
    assert form.grade_label.text() == "Cannot grade yet"
    assert form.reasons_label.text() == (
        "Temperature (°C): 55 °C is outside the allowed range, from 30 to 45 °C."
    )
    temperature.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(temperature, "38,6")
    hypotension = form.editors["hypotension"].widget
    labels = [hypotension.itemText(i) for i in range(hypotension.count())]  # type: ignore[attr-defined]
    assert labels == [label for _value, label in toxicity("crs").input("hypotension").choices]
    hypotension.setCurrentIndex(1)  # type: ignore[attr-defined]
    assert form.grade_label.text() == "Grade 2 (ASTCT 2019)"
    masked = form.editors["fever_masked"].widget
    assert masked.text() == "Fever masked (antipyretic / tocilizumab / steroid)"  # type: ignore[attr-defined]
    assert not form.override_box.isHidden()  # CRS is overridable
    assert form.override_grade.maximum() == 5


def test_every_sentence_is_shown_without_scrolling(isr_form: ToxicityFormDialog, qtbot: Any) -> None:
    pick: Any = isr_form.editors["grade"].control
    last = pick.model().index(pick.model().rowCount() - 1, 0)
    qtbot.waitUntil(lambda: pick.visualRect(last).bottom() < pick.viewport().height())
    assert pick.visualRect(last).top() >= 0 and pick.verticalScrollBar().maximum() == 0
