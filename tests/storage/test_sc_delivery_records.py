"""Issue 18: a dose's delivery and premedication are records linked to the dose, written in the
dose's own transaction (all or none); a hospital stay names the adverse event whose seriousness it
is. None of them is graded, flagged or counted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from clinical.choices import DoseStatus
from clinical.errors import ValidationError
from clinical.flags import patient_flags
from clinical.model import Patient
from clinical.toxicities import ToxicityRecord, toxicity_ids

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
GIVEN = NOW - dt.timedelta(hours=2)


def _planned(repo: Any, make_patient: Callable[..., Patient]) -> tuple[Any, Any]:
    pid = make_patient().id
    repo.start_cycle(pid, NOW.date())
    return pid, repo.doses(pid)[0]


def _delivery(pid: Any, setting: object = "day_unit", minutes: object = 20.0) -> ToxicityRecord:
    values = {"setting": setting, "given_by": "RN Okafor", "nurse_minutes": minutes}
    return ToxicityRecord("dose_delivery", pid, GIVEN, values)


def _premed(pid: Any) -> ToxicityRecord:
    values = {"drug": "Paracetamol", "premed_amount": 1000, "premed_unit": "mg", "route": "oral"}
    return ToxicityRecord("premedication", pid, GIVEN - dt.timedelta(minutes=30), values)


def test_the_dose_its_delivery_and_premedication_are_one_write(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid, dose = _planned(repo, make_patient)
    before = repo.audit_head()[0]
    given, (delivery, premed) = repo.record_dose_with(
        dose.id,
        DoseStatus.GIVEN,
        [("dose_delivery", _delivery(pid)), ("premedication", _premed(pid))],
        given_at=GIVEN,
        amount_ug=dose.planned_ug,
    )
    assert given.status is DoseStatus.GIVEN
    assert delivery.dose_id == premed.dose_id == dose.id  # linked here, not by the caller
    assert delivery.values["setting"] == "day_unit" and delivery.values["nurse_minutes"] == 20.0
    assert premed.values["premed_amount"] == 1000.0 and premed.grade is None
    assert repo.records("dose_delivery", pid) == [delivery]
    assert repo.audit_head()[0] == before + 3


@pytest.mark.parametrize(
    ("record", "field"),
    [
        (lambda pid: _delivery(pid, setting="car_park"), "setting"),
        (lambda pid: _delivery(pid, minutes=-5), "nurse_minutes"),
    ],
)
def test_a_refused_delivery_leaves_the_dose_planned(
    repo: Any, make_patient: Callable[..., Patient], record: Callable[[Any], Any], field: str
) -> None:
    pid, dose = _planned(repo, make_patient)
    before = repo.audit_head()[0]
    with pytest.raises(ValidationError) as refused:
        repo.record_dose_with(
            dose.id,
            DoseStatus.GIVEN,
            [("dose_delivery", record(pid))],
            given_at=GIVEN,
            amount_ug=dose.planned_ug,
        )
    assert refused.value.field == field
    assert repo.get_dose(dose.id).status is DoseStatus.PLANNED
    assert repo.records("dose_delivery", pid) == [] and repo.audit_head()[0] == before


def test_a_delivery_needs_a_given_dose(repo: Any, make_patient: Callable[..., Patient]) -> None:
    pid, dose = _planned(repo, make_patient)
    with pytest.raises(ValidationError) as refused:
        repo.add_record("dose_delivery", replace(_delivery(pid), dose_id=dose.id))  # still planned
    assert refused.value.field == "dose_id"


def _stay(pid: Any, **values: object) -> ToxicityRecord:
    admitted = NOW - dt.timedelta(days=3)
    return ToxicityRecord("hospital_stay", pid, admitted, {"stay_reason": "crs", **values})


def test_a_stay_links_an_adverse_event_of_the_same_patient_only(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    other = make_patient(subject_id="OTHER-1").id
    onset = NOW - dt.timedelta(days=3)
    event = repo.add_record(
        "adverse_event",
        ToxicityRecord("adverse_event", pid, onset, {"term": "Febrile neutropenia", "grade": "3"}),
    )
    stay = repo.add_record("hospital_stay", _stay(pid, adverse_event_id=event.id, icu=True))
    assert stay.values["adverse_event_id"] == event.id and stay.values["icu"] is True
    for wrong in (event.id + 1000, "x"):
        with pytest.raises(ValidationError) as refused:
            repo.add_record("hospital_stay", _stay(pid, adverse_event_id=wrong))
        assert refused.value.field == "adverse_event_id"
    with pytest.raises(ValidationError):  # another patient's event
        repo.add_record("hospital_stay", _stay(other, adverse_event_id=event.id))
    with pytest.raises(ValidationError) as refused:
        repo.add_record("hospital_stay", _stay(pid, discharged_at=onset - dt.timedelta(hours=1)))
    assert refused.value.field == "discharged_at"


def test_none_of_the_new_kinds_is_graded_flagged_or_counted(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid, dose = _planned(repo, make_patient)
    repo.record_dose_with(
        dose.id,
        DoseStatus.GIVEN,
        [("dose_delivery", _delivery(pid)), ("premedication", _premed(pid))],
        given_at=GIVEN,
        amount_ug=dose.planned_ug,
    )
    repo.add_record("hospital_stay", _stay(pid, icu=True))
    assert not {"dose_delivery", "premedication", "hospital_stay"} & set(toxicity_ids())
    flags = patient_flags(repo.get_patient(pid), repo.doses(pid), repo.records_by_kind(pid), NOW.date(), NOW)
    assert flags == []
    for count in repo.cohort_counts(reuse=False):
        assert not {"dose_delivery", "premedication", "hospital_stay"} & set(count.grade3plus)
