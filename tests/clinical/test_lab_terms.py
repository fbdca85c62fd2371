"""Issue 15: every CTCAE lab term grade_lab grades is a registered toxicity, graded by grade_lab from
the record's value, its limit of normal and the patient's baseline; the baseline is the last value
before the first given dose."""

from __future__ import annotations

import datetime as dt

import pytest

from clinical.choices import DoseStatus
from clinical.ctcae_grading import lab_terms
from clinical.grading import grade_lab
from clinical.model import CycleId, Dose, PatientId
from clinical.toxicities import NO_TRIAL_COMPARATOR, ToxicityRecord, toxicities
from clinical.toxicities.lab_terms import baseline_value, fields_of, lab_term_definitions
from clinical.treatment_window import treatment_window

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
TERMS = {d.ctcae_term: d for d in lab_term_definitions(toxicities())}


def test_every_lab_term_but_the_anc_is_one_registered_definition() -> None:
    # the ANC stays the lab result's own grade (neutropenia, clinical-reference.md §4.1)
    assert set(TERMS) == set(lab_terms("5.0")) - {"Neutrophil count decreased"}
    assert len(TERMS) == 8
    for definition in TERMS.values():
        assert definition.trial_key is None and definition.comparator_text == NO_TRIAL_COMPARATOR
        assert definition.flag_from_grade == 3 and not definition.dose_check
        assert definition.form == "lab"  # entered on the lab form, listed on the Labs tab


@pytest.mark.parametrize(
    ("term", "value", "limit", "baseline"),
    [
        ("Platelet count decreased", 20.0, 150.0, None),
        ("Platelet count decreased", 120.0, 150.0, None),
        ("Platelet count decreased", 120.0, None, None),  # not gradable: no LLN
        ("Lymphocyte count decreased", 0.3, 1.0, None),
        ("White blood cell decreased", 2.5, 4.0, None),
        ("Anemia", 75.0, 120.0, None),
        ("Alanine aminotransferase increased", 240.0, 40.0, 30.0),
        ("Alanine aminotransferase increased", 240.0, 40.0, 80.0),  # abnormal baseline
        ("Aspartate aminotransferase increased", 130.0, 40.0, None),
        ("Blood bilirubin increased", 3.6, 1.2, None),
        ("Creatinine increased", 400.0, 100.0, 90.0),
        ("Creatinine increased", 300.0, None, 90.0),  # baseline alone: grade 3
    ],
)
def test_each_definition_grades_through_grade_lab(
    term: str, value: float, limit: float | None, baseline: float | None
) -> None:
    definition = TERMS[term]
    names = fields_of(definition)
    values: dict[str, object] = {names.value: value, names.limit: limit}
    if names.baseline:
        values[names.baseline] = baseline
    lower = names.limit_is_lower
    expected = grade_lab(
        term, value, lln=limit if lower else None, uln=None if lower else limit, baseline=baseline
    )
    assert definition.grade(values) == expected


def test_the_issues_cases() -> None:
    platelets = TERMS["Platelet count decreased"]
    assert platelets.grade({"platelets": 20, "platelets_lln": 150}).grade == 4
    alt = TERMS["Alanine aminotransferase increased"]
    six_times = alt.grade({"alt": 240, "alt_uln": 40, "alt_baseline": 30})
    assert six_times.grade == 3 and "above 5 x ULN (200)" in six_times.reasons[0]
    # the same ALT against an abnormal baseline (80 > ULN 40) is 3 x baseline: grade 1
    assert alt.grade({"alt": 240, "alt_uln": 40, "alt_baseline": 80}).grade == 1


def test_each_input_keeps_one_label_and_the_old_lab_fields_keep_theirs() -> None:
    """The value inputs of WBC, platelets and haemoglobin are the lab result's old fields, same label."""
    lab = next(d for d in toxicities() if d.id == "neutropenia")
    for name in ("wbc", "platelets", "haemoglobin_g_l"):
        term = next(d for d in TERMS.values() if fields_of(d).value == name)
        assert term.input(name).label == lab.input(name).label


def _record(value: float, at: dt.datetime, voided: bool = False) -> ToxicityRecord:
    return ToxicityRecord("platelet_count_decreased", PatientId(1), at, {"platelets": value}, voided=voided)


def _given(at: dt.datetime) -> Dose:
    return Dose(
        patient_id=PatientId(1),
        cycle_id=CycleId(1),
        cycle_day=1,
        planned_date=at.date(),
        planned_ug=250.0,
        status=DoseStatus.GIVEN,
        given_at=at,
        amount_ug=250.0,
    )


def test_the_baseline_is_the_last_value_before_the_first_given_dose() -> None:
    platelets = TERMS["Platelet count decreased"]
    first_dose = T0 + dt.timedelta(days=2)
    window = treatment_window([_given(first_dose), _given(first_dose + dt.timedelta(days=1))])
    records = [
        _record(210, T0),
        _record(190, T0 + dt.timedelta(days=1)),  # the last before the first dose
        _record(999, T0 + dt.timedelta(days=1, hours=2), voided=True),  # voided: not a baseline
        _record(40, first_dose + dt.timedelta(hours=1)),  # after the dose: never a baseline
    ]
    later = first_dose + dt.timedelta(days=3)
    assert baseline_value(records, platelets, window, later) == (190.0, T0 + dt.timedelta(days=1))
    # a sample drawn before the first dose is compared with the values before it only
    assert baseline_value(records, platelets, window, T0 + dt.timedelta(hours=1)) == (210.0, T0)
    assert baseline_value(records[3:], platelets, window, later) is None
    # no dose given yet: every earlier value is before treatment
    assert baseline_value(records, platelets, treatment_window([]), later) == (40.0, records[3].assessed_at)
