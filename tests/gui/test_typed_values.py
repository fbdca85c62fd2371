"""Typed values as a busy nurse types them (issue 13, "Typed values"): real key presses on the real
forms; what is saved is what was shown, or nothing is saved and the form says why."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QMessageBox

from clinical.model import PatientId
from gui.patient.crs_form import CrsFormDialog
from gui.patient.lab_form import UNIT_10E9, UNIT_CELLS, LabFormDialog
from gui.widgets.number_input import parse_clinical_number


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    """The issue was seen with an English locale, whose number parser groups thousands with ","."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def lab(session: Any, first_patient: PatientId, qtbot: Any) -> LabFormDialog:
    dialog = LabFormDialog(session, first_patient)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def crs(session: Any, first_patient: PatientId, qtbot: Any) -> CrsFormDialog:
    dialog = CrsFormDialog(session, first_patient)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _enter(qtbot: Any, widget: Any) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


# ---- decimal comma or point ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["0,42", "0.42", ",42", "0,420"])
def test_decimal_comma_or_point_is_a_decimal_separator(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId, typed: str
) -> None:
    qtbot.keyClicks(lab.anc, typed)
    assert lab.grade_label.text() == "Grade 4 (CTCAE v5.0)"
    _enter(qtbot, lab.anc)
    [saved] = session.repo.labs(first_patient)
    assert saved.anc == pytest.approx(0.42) and saved.grade == 4


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("1,500", ["1.5", "1500"]),  # a decimal or a grouped thousand: refused, not guessed
        ("1.234,5", ["not a number", "thousands"]),
        ("1 500", ["not a number"]),
        ("0,4,2", ["not a number"]),
        ("4.", ["not a number"]),
    ],
)
def test_ambiguous_number_is_refused_with_a_message(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId, typed: str, says: list[str]
) -> None:
    qtbot.keyClicks(lab.anc, typed)
    assert lab.anc.text() == typed  # every key reached the field
    assert lab.current_grade is None
    _enter(qtbot, lab.anc)
    assert session.repo.labs(first_patient) == []
    assert lab.isVisible()
    message = lab.error_label.text()
    assert message.startswith("ANC:") and all(part in message for part in says), message


def test_the_parser_has_no_thousands_separator() -> None:
    assert parse_clinical_number("12,5") == 12.5
    assert parse_clinical_number("0,042") == pytest.approx(0.042)
    assert parse_clinical_number("1500") == 1500.0
    with pytest.raises(ValueError, match="could be"):
        parse_clinical_number("12.000")


# ---- temperature -----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["55", "3", "385", "29.9"])
def test_temperature_out_of_range_is_refused_not_saved_as_not_measured(
    crs: CrsFormDialog, qtbot: Any, session: Any, first_patient: PatientId, typed: str
) -> None:
    crs.temperature.selectAll()
    qtbot.keyClicks(crs.temperature, typed)
    assert crs.temperature.text() == typed  # shown as typed, not "5 °C"
    assert crs.current_grade is None  # the live grade never reflects another value
    assert "Cannot grade" in crs.grade_label.text()
    assert "30 to 45 °C" in crs.reasons_label.text()
    _enter(qtbot, crs.temperature)
    assert session.repo.crs(first_patient) == []
    assert crs.isVisible()
    assert "30 to 45 °C" in crs.error_label.text()


def test_temperature_typed_is_the_temperature_graded_and_saved(
    crs: CrsFormDialog, qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    qtbot.keyClicks(crs.temperature, "38,6")
    assert crs.current_grade is not None and crs.current_grade.grade == 1
    _enter(qtbot, crs.temperature)
    [saved] = session.repo.crs(first_patient)
    assert saved.temperature_c == 38.6


# ---- ANC unit -----------------------------------------------------------------------------------


def test_switching_the_unit_after_typing_rereads_the_number(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    """She types 420 and then remembers the paper says cells/µL: 420 cells/µL is what she meant."""
    qtbot.keyClicks(lab.anc, "420")
    assert lab.unit.currentData() == UNIT_10E9
    qtbot.keyClick(lab.unit, Qt.Key.Key_Down)  # the unit choice, by keyboard
    assert lab.unit.currentData() == UNIT_CELLS
    assert lab.anc.text() == "420"  # not 420000
    assert lab.stored_label.text() == "= 0.42 ×10⁹/L"  # the converted value beside it
    assert lab.grade_label.text() == "Grade 4 (CTCAE v5.0)"
    _enter(qtbot, lab.anc)
    [saved] = session.repo.labs(first_patient)
    assert saved.anc == pytest.approx(0.42)


def test_the_other_unit_is_shown_beside_the_anc(lab: LabFormDialog, qtbot: Any) -> None:
    qtbot.keyClicks(lab.anc, "1,2")
    assert lab.stored_label.text() == "= 1200 cells/µL"


# ---- minus sign -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["anc", "wbc", "platelets"])
def test_minus_sign_is_refused_not_dropped(
    lab: LabFormDialog, qtbot: Any, session: Any, first_patient: PatientId, field: str
) -> None:
    if field != "anc":
        qtbot.keyClicks(lab.anc, "2")
    qtbot.keyClicks(getattr(lab, field), "-1")
    assert getattr(lab, field).text() == "-1"  # the minus was not swallowed: "-1" never becomes "1"
    _enter(qtbot, getattr(lab, field))
    assert session.repo.labs(first_patient) == []
    assert "minus" in lab.error_label.text()


# ---- Escape and closing -------------------------------------------------------------------------


def _answer(monkeypatch: pytest.MonkeyPatch, answer: QMessageBox.StandardButton) -> list[str]:
    """Answer the discard question with `answer` (Discard, or Cancel: "Keep editing")."""
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(f"{box.windowTitle()}: {box.text()}")
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)  # keep is default
        return int(answer)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


@pytest.mark.parametrize("close", ["escape", "window"])
def test_escape_or_closing_with_input_asks_before_discarding(
    lab: LabFormDialog, qtbot: Any, monkeypatch: pytest.MonkeyPatch, close: str
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClicks(lab.anc, "0,8")
    if close == "escape":
        qtbot.keyClick(lab.anc, Qt.Key.Key_Escape)
    else:
        lab.close()  # the window's close button
    assert len(asked) == 1 and "Discard" in asked[0]
    assert lab.isVisible() and lab.anc.text() == "0,8"  # kept: the user chose Keep editing
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    qtbot.keyClick(lab.anc, Qt.Key.Key_Escape)
    assert len(asked) == 1
    assert not lab.isVisible() and lab.result() == lab.DialogCode.Rejected


def test_escape_on_an_untouched_form_closes_without_asking(
    crs: CrsFormDialog, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(crs.temperature, Qt.Key.Key_Escape)
    assert asked == [] and not crs.isVisible()


def test_a_ticked_box_counts_as_input(
    crs: CrsFormDialog, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(crs.fever_masked, Qt.Key.Key_Space)
    assert crs.fever_masked.isChecked()
    qtbot.keyClick(crs.fever_masked, Qt.Key.Key_Escape)
    assert len(asked) == 1 and crs.isVisible()


def test_icans_form_with_an_ice_item_ticked_asks_too(
    session: Any, first_patient: PatientId, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gui.patient.icans_form import IcansFormDialog

    form = IcansFormDialog(session, first_patient)
    qtbot.addWidget(form)
    form.show()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(form.ice_checks[0], Qt.Key.Key_Space)
    qtbot.keyClick(form.ice_checks[0], Qt.Key.Key_Escape)
    assert len(asked) == 1 and "ICANS" in asked[0] and form.isVisible()
