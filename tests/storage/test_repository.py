"""Repository round-trips for every record type, and the API's lookups and errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import regimens
from clinical.choices import (
    Consciousness,
    DoseReason,
    DoseStatus,
    Hypotension,
    InjectionSite,
    Motor,
    Oxygen,
    PatientStatus,
    RaisedIcp,
    Seizure,
    Sex,
)
from clinical.errors import NotFoundError, ValidationError
from clinical.grading import grade_crs, grade_icans, grade_neutropenia
from clinical.model import CrsAssessment, IcansAssessment, LabResult, Patient, PatientId

FIXTURES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NOW = dt.datetime.now(dt.UTC)
# Times that can be stored: UTC-aware, after the fixtures' enrolment, not in the future.
past_times = st.datetimes(
    min_value=dt.datetime.now() - dt.timedelta(days=50), max_value=dt.datetime.now() - dt.timedelta(hours=2)
).map(lambda t: t.replace(tzinfo=dt.UTC))
zones = st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(hours=9))])


@pytest.fixture
def patient(make_patient: Callable[..., Patient]) -> Patient:
    return make_patient()


@FIXTURES
@given(
    subject=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", fullmatch=True),
    name=st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=200),
    sex=st.sampled_from(Sex),
    status=st.sampled_from(PatientStatus),
    # adults only (issue 11): at least 18 in the enrolment year; younger is refused, tested elsewhere
    birth=st.one_of(st.none(), st.integers(1900, dt.date.today().year - 18)),
    regimen=st.sampled_from(regimens.regimen_names()),
)
def test_patient_round_trip(
    repo: Any, subject: str, name: str, sex: Sex, status: PatientStatus, birth: int | None, regimen: str
) -> None:
    if _subject_taken(repo, subject):
        return  # subject ids are unique; an earlier example already used this one
    p = Patient(subject, regimen, dt.date.today() - dt.timedelta(days=3), sex, birth, name, "M-1", status)
    stored = repo.add_patient(p)
    assert stored == replace(p, id=stored.id)
    assert repo.get_patient(stored.id) == stored
    assert repo.find_patient(subject) == stored


def _subject_taken(repo: Any, subject: str) -> bool:
    try:
        repo.find_patient(subject)
    except NotFoundError:
        return False
    return True


@FIXTURES
@given(
    at=past_times,
    zone=zones,
    temperature=st.one_of(st.none(), st.floats(30, 45)),
    hypotension=st.sampled_from(Hypotension),
    oxygen=st.sampled_from(Oxygen),
    masked=st.booleans(),
)
def test_crs_round_trip_with_computed_grade(
    repo: Any,
    patient: Any,
    at: dt.datetime,
    zone: dt.tzinfo,
    temperature: float | None,
    hypotension: Hypotension,
    oxygen: Oxygen,
    masked: bool,
) -> None:
    observed = CrsAssessment(
        patient.id, at.astimezone(zone), temperature, hypotension, oxygen, masked, "paracetamol", grade=5
    )
    stored = repo.add_crs(observed)
    expected = grade_crs(temperature, hypotension.value, oxygen.value, masked)
    assert (stored.grade, stored.scale, stored.reasons) == (expected.grade, expected.scale, expected.reasons)
    assert stored.assessed_at == at and stored.assessed_at.utcoffset() == dt.timedelta(0)
    assert stored.temperature_c == temperature and stored.recorded_by == "tester"
    assert stored in repo.crs(patient.id)


@FIXTURES
@given(
    at=past_times,
    items=st.one_of(st.none(), st.lists(st.booleans(), min_size=10, max_size=10).map(tuple)),
    consciousness=st.sampled_from(Consciousness),
    seizure=st.sampled_from(Seizure),
    motor=st.sampled_from(Motor),
    icp=st.sampled_from(RaisedIcp),
)
def test_icans_round_trip_with_computed_grade(
    repo: Any,
    patient: Any,
    at: dt.datetime,
    items: tuple[bool, ...] | None,
    consciousness: Consciousness,
    seizure: Seizure,
    motor: Motor,
    icp: RaisedIcp,
) -> None:
    observed = IcansAssessment(patient.id, at, consciousness, items, "", seizure, motor, icp)
    stored = repo.add_icans(observed)
    score = None if items is None else sum(items)
    expected = grade_icans(score, consciousness.value, seizure.value, motor.value, icp.value)
    assert stored.grade == expected.grade and stored.reasons == expected.reasons
    assert stored.ice_items == items and stored.ice_score == score
    assert stored == replace(
        observed,
        grade=expected.grade,
        scale=expected.scale,
        reasons=expected.reasons,
        recorded_by="tester",
        id=stored.id,
    )


@FIXTURES
@given(
    at=past_times,
    anc=st.floats(0, 100),
    lln=st.one_of(st.none(), st.floats(0, 100)),
    version=st.sampled_from(["5.0", "6.0"]),
    crp=st.one_of(st.none(), st.floats(0, 1000)),
)
def test_lab_round_trip_with_computed_grade(
    repo: Any,
    patient: Any,
    at: dt.datetime,
    anc: float,
    lln: float | None,
    version: str,
    crp: float | None,
) -> None:
    stored = repo.add_lab(LabResult(patient.id, at, anc, lln, crp_mg_l=crp, ctcae_version=version))
    expected = grade_neutropenia(anc, lln, version)
    assert (stored.grade, stored.reasons) == (expected.grade, expected.reasons)
    assert (stored.anc, stored.lln, stored.crp_mg_l, stored.ctcae_version) == (anc, lln, crp, version)
    assert repo.get_lab(stored.id) == stored


def test_start_cycle_inserts_the_regimens_planned_doses(repo: Any, patient: Any) -> None:
    start = dt.date.today() - dt.timedelta(days=40)
    first = repo.start_cycle(patient.id, start)
    second = repo.start_cycle(patient.id, start + dt.timedelta(days=35))
    assert (first.number, second.number) == (1, 2)
    assert repo.cycles(patient.id) == [first, second]
    for cycle in (first, second):
        plan = regimens.planned_doses(patient.regimen, cycle.number, cycle.start_date)
        doses = repo.doses(patient.id, cycle.id)
        assert [(d.cycle_day, d.planned_date, d.planned_ug) for d in doses] == [
            (p.day, p.date, p.dose_ug) for p in plan
        ]
        assert all(d.status is DoseStatus.PLANNED and d.cycle_id == cycle.id for d in doses)
    assert len(repo.doses(patient.id)) == len(repo.doses(patient.id, first.id)) + len(
        repo.doses(patient.id, second.id)
    )


def test_dose_outcomes_round_trip(repo: Any, patient: Any) -> None:
    repo.start_cycle(patient.id, dt.date.today() - dt.timedelta(days=5))
    given_dose, held_dose = repo.doses(patient.id)[:2]
    moved_dose = repo.doses(patient.id)[7]  # cycle day 8: day 9 is free (days 7 and 10 are planned)
    at = NOW.replace(microsecond=0) - dt.timedelta(days=4)
    given = repo.record_dose(
        given_dose.id,
        DoseStatus.GIVEN,
        given_at=at,
        amount_ug=250.0,
        site=InjectionSite.ABDOMEN_LEFT,
        lot="LOT-7",
        premedication="dexamethasone",
    )
    assert given == replace(
        given_dose,
        status=DoseStatus.GIVEN,
        given_at=at,
        amount_ug=250.0,
        site=InjectionSite.ABDOMEN_LEFT,
        lot="LOT-7",
        premedication="dexamethasone",
        recorded_by="tester",
    )
    held = repo.record_dose(held_dose.id, "held", reason="adverse_event", reason_text="fever")
    assert held.status is DoseStatus.HELD and held.reason is DoseReason.ADVERSE_EVENT
    new_date = moved_dose.planned_date + dt.timedelta(days=1)
    assert repo.move_dose(moved_dose.id, new_date, "holiday").planned_date == new_date
    assert repo.get_dose(given_dose.id) == given


def test_correct_dose_amount_and_void(repo: Any, patient: Any) -> None:
    repo.start_cycle(patient.id, dt.date.today() - dt.timedelta(days=5))
    dose = repo.doses(patient.id)[0]
    repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=NOW - dt.timedelta(days=4), amount_ug=250.0)
    corrected = repo.correct("dose", dose.id, {"amount_ug": 200.0}, "syringe partly lost")
    assert corrected.amount_ug == 200.0
    repo.void("dose", dose.id, "entered twice")
    assert dose.id not in [d.id for d in repo.doses(patient.id)]
    assert dose.id in [d.id for d in repo.doses(patient.id, include_voided=True)]
    with pytest.raises(ValidationError):
        repo.correct("dose", dose.id, {"amount_ug": 100.0}, "voided records are not corrected")


def test_override_is_kept_beside_the_computed_grade(repo: Any, patient: Any) -> None:
    stored = repo.add_crs(
        CrsAssessment(patient.id, NOW - dt.timedelta(hours=3), 38.4, Hypotension.NONE, Oxygen.NONE)
    )
    assert stored.grade == 1
    overridden = repo.correct("crs", stored.id, {"override_grade": 2, "override_reason": "rigors"}, "review")
    assert (overridden.grade, overridden.override_grade, overridden.effective_grade) == (1, 2, 2)


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.get_patient(PatientId(999)),
        lambda r: r.find_patient("NOBODY"),
        lambda r: r.get_dose(999),
        lambda r: r.get_crs(999),
        lambda r: r.history("lab", 999),
        lambda r: r.void("icans", 999, "x"),
        lambda r: r.start_cycle(PatientId(999), dt.date.today()),
        lambda r: r.add_lab(LabResult(PatientId(999), NOW, 1.0)),
    ],
)
def test_missing_rows_raise_not_found(repo: Any, call: Callable[[Any], object]) -> None:
    with pytest.raises(NotFoundError):
        call(repo)


def test_patient_ids_search_is_case_insensitive_on_subject_name_and_mrn(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    a = make_patient(subject_id="B-002", name="Zoë Alpha", mrn="M100")
    b = make_patient(subject_id="A-001", name="Bob Beta", mrn="X55")
    c = make_patient(subject_id="C-003", name="Carla 50%", mrn="M200")
    assert repo.patient_ids() == [b.id, a.id, c.id]  # by subject id
    assert repo.patient_ids("beta") == [b.id]
    assert repo.patient_ids("m") == [a.id, c.id]  # MRNs M100 and M200
    assert repo.patient_ids("a-0") == [b.id]
    assert repo.patient_ids("50%") == [c.id]  # % is literal, not a wildcard
    assert repo.patient_ids("5_") == []
    repo.void("patient", a.id, "duplicate registration")
    assert repo.patient_ids() == [b.id, c.id]


def test_read_only_repository_refuses_every_write(repo: Any, patient: Any) -> None:
    from storage import ReadOnlyError, Repository

    with Repository.open(repo.path, read_only=True) as reader:
        for write in (
            lambda: reader.add_patient(Patient("RO-9", "SC 250/500", dt.date.today())),
            lambda: reader.start_cycle(patient.id, dt.date.today()),
            lambda: reader.void("patient", patient.id, "x"),
        ):
            with pytest.raises(ReadOnlyError):
                write()
