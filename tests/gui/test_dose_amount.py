"""The Record dose amount is a clinical number (issue 13, "Typed values"): typed into the real dialog
with an English locale, "0,5" is 0.5 µg and "250,5" is 250.5 µg (a spin box read them as 5 and
2505), "1,500" is refused as ambiguous and "-250" as negative, each with a sentence beside the
amount and nothing saved; a value outside storage's range is refused with that range."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QDialog

from clinical.choices import DoseStatus
from clinical.model import PatientId
from gui.patient.record_dose_dialog import RecordDoseDialog


@pytest.fixture(autouse=True)
def english_locale() -> Iterator[None]:
    """English groups thousands with ",": the locale in which a spin box misread "0,5"."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def dose(session: Any, first_patient: PatientId) -> Any:
    return session.repo.doses(first_patient)[0]  # the 250 µg lead-in of day 1


@pytest.fixture
def dialog(session: Any, dose: Any, qtbot: Any) -> RecordDoseDialog:
    shown = RecordDoseDialog(session, dose.id)
    qtbot.addWidget(shown)
    shown.show()  # Enter reaches the default Save button only in a shown dialog
    return shown


def _type_amount(qtbot: Any, dialog: RecordDoseDialog, typed: str) -> None:
    """What a nurse does: the amount is focused and selected at open; type over it, Enter."""
    assert dialog.focusWidget() is dialog.amount and dialog.amount.selectedText() == "250"
    qtbot.keyClicks(dialog.amount, typed)
    assert dialog.amount.text() == typed  # every key reached the field, none was swallowed
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)


def test_the_planned_amount_is_prefilled_and_saved_as_shown(
    dialog: RecordDoseDialog, session: Any, dose: Any, qtbot: Any
) -> None:
    assert dialog.amount.text() == "250"
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    saved = session.repo.get_dose(dose.id)
    assert saved.status is DoseStatus.GIVEN and saved.amount_ug == 250.0


@pytest.mark.parametrize(("typed", "read"), [("0,5", 0.5), ("250,5", 250.5), ("0.5", 0.5)])
def test_a_decimal_comma_or_point_is_a_decimal_separator(
    dialog: RecordDoseDialog, session: Any, dose: Any, qtbot: Any, typed: str, read: float
) -> None:
    _type_amount(qtbot, dialog, typed)
    # Not the plan's 250 µg: the protocol check names the amount as read, before anything is saved.
    assert not dialog.protocol_box.isHidden()
    assert f"the amount given ({read:g} µg) is not the 250 µg planned" in dialog.protocol_text.text()
    assert session.repo.get_dose(dose.id).status is DoseStatus.PLANNED
    qtbot.keyClicks(dialog.deviation_reason, "as prescribed")
    qtbot.keyClick(dialog.deviation_reason, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = session.repo.get_dose(dose.id)
    assert saved.status is DoseStatus.GIVEN and saved.amount_ug == pytest.approx(read)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "1,500",
            "Not saved: Amount given: “1,500” could be 1.5 or 1500: type 1500 without a separator, "
            "or 1.5 with fewer decimals.",
        ),
        ("-250", "Not saved: Amount given: a minus sign is not allowed: the value cannot be negative."),
        (
            "250 µg",
            "Not saved: Amount given: “250 µg” is not a number: type digits with at most one decimal "
            "comma or point, without thousands separators or spaces.",
        ),
    ],
)
def test_an_ambiguous_or_negative_amount_is_refused_beside_it(
    dialog: RecordDoseDialog, session: Any, dose: Any, qtbot: Any, typed: str, said: str
) -> None:
    _type_amount(qtbot, dialog, typed)
    assert dialog.amount_error.text() == said and not dialog.amount_error.isHidden()
    assert dialog.protocol_box.isHidden()  # refused as typed, not read as some other amount
    assert dialog.isVisible() and dialog.focusWidget() is dialog.amount
    assert dialog.amount.text() == typed  # the input stays to be corrected
    assert session.repo.get_dose(dose.id).status is DoseStatus.PLANNED


@pytest.mark.parametrize("typed", ["0", "5000"])
def test_an_amount_outside_the_range_is_refused_with_the_range(
    dialog: RecordDoseDialog, session: Any, dose: Any, qtbot: Any, typed: str
) -> None:
    _type_amount(qtbot, dialog, typed)
    message = dialog.amount_error.text()
    assert f"Amount given (µg): {typed} is not allowed" in message
    assert "2000 µg" in message  # the range stated (twice the largest regimen dose)
    assert session.repo.get_dose(dose.id).status is DoseStatus.PLANNED


def test_an_empty_amount_is_refused_not_saved_as_zero(
    dialog: RecordDoseDialog, session: Any, dose: Any, qtbot: Any
) -> None:
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Delete)
    assert dialog.amount.text() == ""
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    assert "Amount given (µg)" in dialog.amount_error.text()
    assert session.repo.get_dose(dose.id).status is DoseStatus.PLANNED
