"""ICANS form: ICE items give the live score and grade; "not performed" is not ICE 0."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from clinical.choices import ICE_ITEMS, Consciousness
from clinical.model import PatientId
from gui.patient.icans_form import IcansFormDialog
from gui.patient.icans_view import IcansView
from tests.gui.words import graded, tr


@pytest.fixture
def form(session: Any, first_patient: PatientId, qtbot: Any) -> IcansFormDialog:
    dialog = IcansFormDialog(session, first_patient)
    qtbot.addWidget(dialog)
    return dialog


def _tick(form: IcansFormDialog, passed: int) -> None:
    form.ice_performed.setChecked(True)  # 0/10 is an ICE done, not a form left blank (issue 11)
    for index, check in enumerate(form.ice_checks):
        check.setChecked(index < passed)


def test_ten_items_in_reference_groups(form: IcansFormDialog) -> None:
    assert [c.objectName() for c in form.ice_checks] == list(ICE_ITEMS)


@pytest.mark.parametrize(("passed", "grade"), [(10, 0), (9, 1), (7, 1), (6, 2), (3, 2), (2, 3), (0, 3)])
def test_score_and_grade_follow_the_items(form: IcansFormDialog, passed: int, grade: int) -> None:
    _tick(form, passed)
    assert form.ice_score_label.text() == f"ICE {passed}/10"
    assert form.current_grade is not None and form.current_grade.grade == grade
    assert form.grade_label.text().startswith(graded(grade))


def test_score_counts_up_as_items_are_ticked(form: IcansFormDialog) -> None:
    _tick(form, 0)
    for expected, check in enumerate(form.ice_checks, start=1):
        check.setChecked(True)
        assert form.ice_score_label.text() == f"ICE {expected}/10"


def test_worst_domain_wins(form: IcansFormDialog) -> None:
    _tick(form, 10)
    form.seizure.setCurrentIndex(form.seizure.findData("rapidly_resolving"))
    assert form.current_grade is not None and form.current_grade.grade == 3


def test_not_performed_unarousable_disables_items_and_grades_4(
    form: IcansFormDialog, session: Any, first_patient: PatientId
) -> None:
    _tick(form, 4)
    form.not_performed.setChecked(True)
    assert all(not check.isEnabled() for check in form.ice_checks)
    assert form.ice_score_label.text() == tr("IcansFormDialog", "ICE not performed")
    assert form.consciousness.currentData() == "unarousable"
    assert form.current_grade is not None and form.current_grade.grade == 4
    assert form.save()
    [saved] = session.repo.icans(first_patient)
    assert saved.ice_items is None and saved.ice_score is None
    assert saved.ice_unable_reason == "unarousable"
    assert saved.consciousness == Consciousness.UNAROUSABLE and saved.grade == 4


def test_save_records_items_and_grade(form: IcansFormDialog, session: Any, first_patient: PatientId) -> None:
    _tick(form, 10)
    form.ice_checks[5].setChecked(False)  # cannot name the pen
    assert form.save()
    [saved] = session.repo.icans(first_patient)
    assert saved.ice_score == 9 and saved.ice_items is not None and not saved.ice_items[5]
    assert saved.grade == 1 and saved.scale == "ASTCT 2019"


def test_view_model(
    session: Any, first_patient: PatientId, form: IcansFormDialog, qtbot: Any, qtmodeltester: Any
) -> None:
    view = IcansView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    _tick(form, 8)
    assert form.save()
    assert view.model.rowCount() == 1
    assert view.model.data(view.model.index(0, 1)) == "8/10"
    qtmodeltester.check(view.model)


def test_screenshot(form: IcansFormDialog, tmp_path: Path) -> None:
    _tick(form, 9)
    form.show()
    out = Path(os.environ.get("TOXTRACK_SHOTS", tmp_path)) / "icans_form.png"
    assert form.grab().save(str(out))


# ------------------------------------------------- missing is not normal (issue 11)


def test_form_opens_unscored_not_at_ice_0(
    form: IcansFormDialog, qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    assert form.ice_score_label.text() == tr("IcansFormDialog", "ICE not scored yet")
    assert form.current_grade is not None and form.current_grade.grade is None
    assert form.grade_label.text() == "Not gradable: ICE not assessed"
    qtbot.keyClick(form.treatment, Qt.Key.Key_Return)  # Enter saves: refused, nothing stored
    assert form.result() != form.DialogCode.Accepted
    assert form.error_label.text() == tr(
        "IcansFormDialog", "Not saved: tick “ICE performed” (and the items passed), or “ICE not performed”."
    )
    assert session.repo.icans(first_patient) == []


def test_ice_0_needs_the_ice_marked_as_performed(form: IcansFormDialog, qtbot: Any) -> None:
    form.ice_performed.setFocus()
    qtbot.keyClick(form.ice_performed, Qt.Key.Key_Space)
    assert form.ice_score_label.text() == "ICE 0/10"
    assert form.grade_label.text().startswith(graded(3))


def test_ticking_an_item_marks_the_ice_performed(form: IcansFormDialog, qtbot: Any) -> None:
    form.ice_checks[0].setFocus()
    qtbot.keyClick(form.ice_checks[0], Qt.Key.Key_Space)
    assert form.ice_performed.isChecked()
    assert form.ice_score_label.text() == "ICE 1/10"


def _not_performed_for_another_reason(form: IcansFormDialog, qtbot: Any) -> None:
    form.not_performed.setFocus()
    qtbot.keyClick(form.not_performed, Qt.Key.Key_Space)
    form.unable_reason.setCurrentIndex(form.unable_reason.findData("other"))
    qtbot.keyClicks(form.unable_text, "intubated")


def test_ice_not_performed_and_all_else_normal_saves_as_not_gradable(
    form: IcansFormDialog, qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    view = IcansView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    _not_performed_for_another_reason(form, qtbot)
    assert form.grade_label.text() == "Not gradable: ICE not assessed"
    assert form.save()
    [saved] = session.repo.icans(first_patient)
    assert saved.grade is None and saved.ice_unable_reason == "intubated"
    assert view.model.data(view.model.index(0, 6)) == "not gradable: ICE not assessed"


def test_ice_not_performed_grades_the_abnormal_domain_and_says_the_ice_is_missing(
    form: IcansFormDialog, qtbot: Any
) -> None:
    _not_performed_for_another_reason(form, qtbot)
    form.consciousness.setCurrentIndex(form.consciousness.findData("awakens_to_voice"))
    assert form.grade_label.text().startswith(graded(2))
    assert form.reasons_label.text().endswith(
        "ICE not assessed: graded on the other domains; the ICE score could make it higher"
    )
