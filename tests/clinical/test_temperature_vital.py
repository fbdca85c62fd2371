"""Body temperature as a vital sign (issue 11): febrile neutropenia reads every recorded temperature,
and an observation is never graded, counted against the trial or turned into an episode."""

from __future__ import annotations

import datetime as dt

import pytest

from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.episodes import episodes_for
from clinical.febrile_neutropenia import febrile_evidence
from clinical.findings import FlagRule
from clinical.flags import patient_flags
from clinical.model import CrsAssessment, CrsId, CycleId, Dose, DoseId, LabId, LabResult, Patient, PatientId
from clinical.toxicities import all_definitions, definition_of, for_record_kind, toxicities
from clinical.toxicities.record import ToxicityRecord

PID = PatientId(4)
PATIENT = Patient("044-0020", "SC 250/500", dt.date(2026, 1, 5), id=PID)
T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)


def h(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def temp(at: dt.datetime, celsius: float, rid: int = 0, voided: bool = False) -> ToxicityRecord:
    return ToxicityRecord("temperature", PID, at, {"temperature_c": celsius}, id=rid, voided=voided)


def lab(at: dt.datetime, anc: float, rid: int = 7) -> LabResult:
    return LabResult(PID, at, anc, grade=4 if anc < 0.5 else 3, id=LabId(rid))


def crs_fever(at: dt.datetime, celsius: float) -> CrsAssessment:
    return CrsAssessment(PID, at, celsius, Hypotension.NONE, Oxygen.NONE, grade=1, id=CrsId(3))


def given() -> list[Dose]:
    return [Dose(PID, CycleId(1), 1, T0.date(), 250.0, DoseStatus.GIVEN, h(-2), 250.0, id=DoseId(90))]


def fn_flags(records: dict[str, list[object]]) -> list[object]:
    flags = patient_flags(PATIENT, given(), records, dt.date(2026, 1, 20), h(24 * 15))
    return [f for f in flags if f.rule == FlagRule.FEBRILE_NEUTROPENIA]


def test_a_vital_sign_temperature_alone_raises_febrile_neutropenia() -> None:
    """No CRS assessment at all: a charted 38.6 °C with ANC 0.4 is febrile neutropenia."""
    [flag] = fn_flags({"lab": [lab(h(0), 0.4)], "temperature": [temp(h(3), 38.6, rid=1)]})
    assert (flag.record_kind, flag.record_id) == ("lab", 7)
    assert "38.6 °C" in flag.message and "2026-01-05 11:00" in flag.message


def test_a_normal_temperature_raises_nothing() -> None:
    assert fn_flags({"lab": [lab(h(0), 0.4)], "temperature": [temp(h(3), 37.2)]}) == []


@pytest.mark.parametrize(
    ("vital_at", "crs_at", "expected"),
    [
        (1.0, 2.1, True),  # vital 38.1 then CRS 38.2 more than an hour later: sustained
        (2.1, 1.0, True),  # the other way round
        (1.0, 2.0, False),  # exactly one hour is not over an hour
    ],
)
def test_a_sustained_fever_mixes_vital_signs_and_crs_assessments(
    vital_at: float, crs_at: float, expected: bool
) -> None:
    records: list[object] = [temp(h(vital_at), 38.1), crs_fever(h(crs_at), 38.2)]
    evidence = febrile_evidence(lab(h(0), 0.8), records)
    assert (evidence is not None) == expected
    if expected:
        assert evidence is not None and evidence.startswith("temperatures of 38.0 °C or more from ")


def test_a_voided_temperature_is_ignored() -> None:
    assert febrile_evidence(lab(h(0), 0.4), [temp(h(3), 39.5, voided=True)]) is None
    assert fn_flags({"lab": [lab(h(0), 0.4)], "temperature": [temp(h(3), 39.5, voided=True)]}) == []


def test_a_temperature_outside_24_hours_is_ignored() -> None:
    assert febrile_evidence(lab(h(0), 0.4), [temp(h(24.5), 39.5)]) is None
    assert febrile_evidence(lab(h(0), 0.4), [temp(h(23.5), 39.5)]) is not None


def test_the_vital_sign_is_an_observation_not_a_toxicity() -> None:
    definition = for_record_kind("temperature")
    assert not definition.graded and definition.temperature_input == "temperature_c"
    assert definition in all_definitions()
    assert "temperature" not in [d.id for d in toxicities()]  # no cohort count, no trial row
    assert definition_of(temp(h(0), 38.6)) is definition
    grade = definition.grade({"temperature_c": 40.0})
    assert grade.grade is None and "not graded" in grade.reasons[0]


def test_temperatures_form_no_episode_and_no_grade_flag() -> None:
    records = {"temperature": [temp(h(1), 40.1, rid=1), temp(h(5), 39.0, rid=2)]}
    assert episodes_for(PID, records) == []
    flags = patient_flags(PATIENT, given(), records, dt.date(2026, 1, 20), h(24 * 15))
    assert [f for f in flags if f.record_kind == "temperature"] == []


def test_the_out_of_range_bound_comes_from_the_grading_range() -> None:
    from clinical.grading import TEMPERATURE_RANGE_C

    [spec] = [i for i in for_record_kind("temperature").inputs if i.name == "temperature_c"]
    assert (spec.low, spec.high) == TEMPERATURE_RANGE_C and spec.required
