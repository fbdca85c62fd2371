"""Patient list model and view (lazy fetching, search-as-you-type) and the new patient dialog."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from clinical.choices import Hypotension, Oxygen
from clinical.model import CrsAssessment, Patient
from gui.dialogs.new_patient_dialog import NewPatientDialog
from gui.patient import patient_list_model
from gui.patient.patient_list_model import PatientListModel
from gui.patient.patient_list_view import PatientListView
from tests.gui.words import tr


def _add_patients(repo: Any, count: int, today: dt.date) -> None:
    for n in range(count):
        repo.add_patient(Patient(subject_id=f"900-{n:04d}", regimen="SC 500/1000", enrolment_date=today))


def test_model_passes_qtmodeltester(qtmodeltester: Any, session: Any) -> None:
    qtmodeltester.check(PatientListModel(session))


def test_rows_show_subject_regimen_and_cycle_day(session: Any) -> None:
    model = PatientListModel(session)
    assert model.rowCount() == 2
    texts = [model.index(0, c).data() for c in range(model.columnCount())]
    assert texts[0] == "044-0012" and "SC 250/500" in texts
    assert "C1 D5" in texts  # cycle 1 started four days before today


def test_model_fetches_lazily(
    session: Any, repo: Any, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    _add_patients(repo, 450, today)
    asked: list[int] = []
    original = repo.patient_rows

    def counting(ids: Any, today: dt.date) -> Any:
        asked.append(len(ids))
        return original(ids, today)

    monkeypatch.setattr(repo, "patient_rows", counting)
    model = PatientListModel(session)
    assert model.total_count() == 452
    assert model.rowCount() == patient_list_model.FETCH_BATCH and asked == []  # ids only, no rows yet
    model.index(0, 0).data()
    assert asked == [patient_list_model.PAGE]  # one page read for the first visible row
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 452
    assert model.index(451, 0).data() == "900-0449"


def test_search_as_you_type_filters(qtbot: Any, session: Any) -> None:
    view = PatientListView(session)
    qtbot.addWidget(view)
    qtbot.keyClicks(view.search, "bo t")  # name match, case-insensitive
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=2000)
    assert view.model.index(0, 0).data() == "044-0020"
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2, timeout=2000)


def test_selecting_a_row_selects_the_patient(qtbot: Any, session: Any, first_patient: Any) -> None:
    view = PatientListView(session)
    qtbot.addWidget(view)
    with qtbot.waitSignal(session.patient_selected) as selected:
        view.table.selectRow(0)
    assert selected.args == [first_patient]


def _ok(dialog: NewPatientDialog) -> Any:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_new_patient_dialog_creates_patient(qtbot: Any, session: Any, repo: Any) -> None:
    dialog = NewPatientDialog(session)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.subject_id, "044-0031")
    qtbot.keyClicks(dialog.name, "Cy New")
    qtbot.keyClicks(dialog.birth_year, "1970")
    dialog.regimen.setCurrentText("SC 500/1000")
    dialog.start_cycle.setChecked(True)
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = repo.find_patient("044-0031")
    assert (saved.name, saved.birth_year, saved.regimen) == ("Cy New", 1970, "SC 500/1000")
    assert len(repo.cycles(saved.id)) == 1
    assert session.can_undo


@pytest.mark.parametrize(
    ("field", "typed", "error_key"),
    [
        ("subject_id", "", "subject_id"),
        ("birth_year", "nineteen", "birth_year"),
    ],
)
def test_bad_input_shows_message_beside_field_and_writes_nothing(
    qtbot: Any, session: Any, repo: Any, field: str, typed: str, error_key: str
) -> None:
    dialog = NewPatientDialog(session)
    qtbot.addWidget(dialog)
    if field != "subject_id":
        qtbot.keyClicks(dialog.subject_id, "044-0099")
    qtbot.keyClicks(getattr(dialog, field), typed)
    before = repo.patient_ids()
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    label = dialog.errors[error_key]
    assert label.isVisibleTo(dialog) and label.text()
    assert [k for k, v in dialog.errors.items() if v.isVisibleTo(dialog)] == [error_key]
    assert repo.patient_ids() == before


def test_storage_refusal_is_shown_beside_its_field(qtbot: Any, session: Any, repo: Any) -> None:
    """A duplicate subject id is only known to storage; its ValidationError names the field."""
    dialog = NewPatientDialog(session)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.subject_id, "044-0012")
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    shown = [v.text() for v in [*dialog.errors.values(), dialog.general_error] if v.isVisibleTo(dialog)]
    assert len(shown) == 1 and "044-0012" in shown[0]
    assert len(repo.patient_ids()) == 2


def test_every_bad_field_is_explained_at_once(qtbot: Any, session: Any, repo: Any) -> None:
    dialog = NewPatientDialog(session)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.birth_year, "1850")
    dialog.start_cycle.setChecked(True)
    dialog.start_date.setDate(dialog.enrolment.date().addDays(-1))
    qtbot.mouseClick(_ok(dialog), Qt.MouseButton.LeftButton)
    visible = sorted(k for k, v in dialog.errors.items() if v.isVisibleTo(dialog))
    assert visible == ["birth_year", "start", "subject_id"]
    assert "1850" in dialog.errors["birth_year"].text()
    assert len(repo.patient_ids()) == 2


@pytest.mark.parametrize(
    ("cycle", "day", "source", "values"),
    [
        (None, None, "", ()),
        (1, 8, "C{0} D{1}", (1, 8)),
        (2, 35, "C{0} D{1}", (2, 35)),
        (3, 36, "C{0} ended", (3,)),
        (3, 432, "C{0} ended", (3,)),
    ],
)
def test_cycle_position_stops_counting_after_the_cycle(
    qapp: Any, cycle: int | None, day: int | None, source: str, values: tuple[int, ...]
) -> None:
    expected = tr("PatientListModel", source).format(*values) if source else ""
    assert patient_list_model.cycle_position("SC 250/500", cycle, day) == expected


def test_a_change_to_one_patient_rereads_only_that_row(
    qtbot: Any, session: Any, repo: Any, first_patient: Any, now: dt.datetime
) -> None:
    model = PatientListModel(session)
    crs_column = 2
    assert model.headerData(crs_column, Qt.Orientation.Horizontal) == "CRS"
    assert model.index(0, crs_column).data() == "–"
    repo.add_crs(CrsAssessment(first_patient, now, 38.5, Hypotension.FLUIDS, Oxygen.NONE))
    with qtbot.waitSignal(model.dataChanged), qtbot.assertNotEmitted(model.modelReset):
        session.changed.emit(first_patient)
    assert model.index(0, crs_column).data() == "2"


def test_rows_are_reused_across_searches_and_reread_when_the_day_turns(
    session: Any, repo: Any, monkeypatch: pytest.MonkeyPatch, today: dt.date
) -> None:
    asked: list[dt.date] = []
    original = repo.patient_rows

    def counting(ids: Any, day: dt.date) -> Any:
        asked.append(day)
        return original(ids, day)

    monkeypatch.setattr(repo, "patient_rows", counting)
    model = PatientListModel(session)
    assert model.index(0, 1).data() == "C1 D5" and asked == [today]
    model.set_search("0012")
    model.set_search("")
    assert model.index(0, 1).data() == "C1 D5" and asked == [today]  # a search does not change a row
    tomorrow = today + dt.timedelta(days=1)
    monkeypatch.setattr(session, "today", lambda: tomorrow)
    model.set_search("0012")
    assert model.index(0, 1).data() == "C1 D6" and asked == [today, tomorrow]  # cycle days moved on
    model.refresh()
    assert model.index(0, 1).data() == "C1 D6" and asked == [today, tomorrow, tomorrow]


def test_the_worst_grade_columns_come_from_the_registry(
    session: Any, first_patient: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A toxicity whose definition names a patient list column gets one, with its worst effective
    grade, and no code names it: here the injection site reaction, given a column for the test."""
    import dataclasses

    from clinical.choices import DoseStatus, InjectionSite
    from clinical.toxicities import ToxicityRecord, for_record_kind, toxicities
    from storage import cohort

    isr = for_record_kind("injection_site_reaction")
    with_column = [dataclasses.replace(d, list_column="ISR") if d is isr else d for d in toxicities()]
    monkeypatch.setattr(cohort, "toxicities", lambda: with_column)
    monkeypatch.setattr(patient_list_model, "toxicities", lambda: with_column)
    cohort._rows_sql.cache_clear()
    try:
        dose = session.repo.doses(first_patient)[0]
        given_at = session.now() - dt.timedelta(hours=15)
        session.repo.record_dose(
            dose.id,
            DoseStatus.GIVEN,
            given_at=given_at,
            amount_ug=dose.planned_ug,
            site=InjectionSite.ARM_LEFT,
        )
        at = session.now() - dt.timedelta(hours=2)
        session.repo.add_record(
            isr.record_kind,
            ToxicityRecord(isr.record_kind, first_patient, at, {"grade": "3"}, dose_id=dose.id),
        )
        model = PatientListModel(session)
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        assert headers[2:6] == ["CRS", "ICANS", "Neutr.", "ISR"], headers
        row = [model.index(r, 0).data() for r in range(model.rowCount())].index("044-0012")
        assert model.index(row, 5).data() == "3"
        assert (
            session.repo.patient_rows([first_patient], session.today())[0].worst["injection_site_reaction"]
            == 3
        )
    finally:
        cohort._rows_sql.cache_clear()
