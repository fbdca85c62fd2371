"""Flag rules from hand-made timelines, including the edges named in issue 3."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from clinical.choices import Consciousness, DoseReason, DoseStatus, Hypotension, Oxygen, PatientStatus
from clinical.cohort_flags import cohort_flags
from clinical.febrile_neutropenia import FN_WINDOW, febrile_evidence
from clinical.findings import CohortCount, Flag, FlagRule, Severity
from clinical.flags import patient_flags
from clinical.incidence import cohort_comparisons
from clinical.model import (
    CrsAssessment,
    CrsId,
    CycleId,
    Dose,
    DoseId,
    IcansAssessment,
    IcansId,
    LabId,
    LabResult,
    Patient,
    PatientId,
)

PID = PatientId(3)
PATIENT = Patient("044-0012", "SC 250/500", dt.date(2026, 1, 5), id=PID)
T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 1, 20)
NOW = dt.datetime(2026, 1, 20, 9, 0, tzinfo=dt.UTC)


def h(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def crs(
    at: dt.datetime, grade: int | None, temp: float | None = 37.0, rid: int = 0, **kw: Any
) -> CrsAssessment:
    return CrsAssessment(PID, at, temp, Hypotension.NONE, Oxygen.NONE, grade=grade, id=CrsId(rid), **kw)


def dose(day: int, status: DoseStatus, given_at: dt.datetime | None = None, rid: int = 0) -> Dose:
    planned = T0.date() + dt.timedelta(days=day - 1)
    reason = DoseReason.CLINICIAN_DECISION if status in (DoseStatus.HELD, DoseStatus.MISSED) else None
    return Dose(
        PID,
        CycleId(1),
        day,
        planned,
        250.0,
        status,
        given_at,
        250.0 if given_at else None,
        reason=reason,
        id=DoseId(rid),
    )


def flags_of(
    doses: Sequence[Dose] | None = None,
    crs_: Sequence[CrsAssessment] = (),
    icans: Sequence[IcansAssessment] = (),
    labs: Sequence[LabResult] = (),
    patient: Patient = PATIENT,
) -> list[Flag]:
    """Without `doses`, one dose given two hours before T0, so the events below are
    treatment-emergent (clinical.treatment_window)."""
    given = [dose(1, DoseStatus.GIVEN, h(-2), rid=90)] if doses is None else list(doses)
    return patient_flags(
        patient, given, {"crs": list(crs_), "icans": list(icans), "lab": list(labs)}, TODAY, NOW
    )


def by_rule(flags: list[Flag], rule: FlagRule) -> list[Flag]:
    return [f for f in flags if f.rule == rule]


# ------------------------------------------------------------- grade >= 3 episodes


def test_grade_3_crs_warns_with_trial_figure() -> None:
    [flag] = flags_of(crs_=[crs(h(0), 2, rid=1), crs(h(6), 3, rid=2)])
    assert flag.rule == FlagRule.GRADE3_EPISODE and flag.severity == Severity.WARNING
    assert flag.message == (
        "Grade 3 CRS. The SC blinatumomab phase 1/2 trial (NCT04521231) reported CRS in 20 % of "
        "patients (grade 3-4, pooled over both regimens, n = 88, post-hoc analysis, as reported in "
        "the published summary)."
    )
    assert (flag.record_kind, flag.record_id, flag.trial_rate, flag.at) == ("crs", 2, 0.20, h(6))
    assert flag.patient_id == PID and flag.toxicity == "crs"


def test_grade_4_is_critical_for_each_toxicity() -> None:
    flags = flags_of(
        icans=[IcansAssessment(PID, h(1), Consciousness.UNAROUSABLE, grade=4, id=IcansId(5))],
        labs=[LabResult(PID, h(2), 0.3, grade=4, id=LabId(9))],
    )
    grade3 = by_rule(flags, FlagRule.GRADE3_EPISODE)
    assert {(f.toxicity, f.severity, f.record_kind, f.record_id) for f in grade3} == {
        ("icans", Severity.CRITICAL, "icans", 5),
        ("neutropenia", Severity.CRITICAL, "lab", 9),
    }
    assert any("17 %" in f.message for f in grade3) and any("22 %" in f.message for f in grade3)


def test_grade_2_and_voided_grade_3_raise_nothing() -> None:
    assert flags_of(crs_=[crs(h(0), 2), crs(h(1), 3, voided=True)]) == []


def test_override_counts() -> None:
    flags = flags_of(crs_=[crs(h(0), 2, override_grade=3, override_reason="judgement")])
    assert [f.rule for f in flags] == [FlagRule.GRADE3_EPISODE]


# ------------------------------------------------------------- treatment-emergent window


def test_grade_4_anc_before_the_first_dose_is_baseline_not_a_toxicity() -> None:
    """Issue 11: a grade 4 ANC drawn before the first dose is never flagged as a toxicity of treatment."""
    baseline = LabResult(PID, h(-30), 0.3, grade=4, id=LabId(9))
    first_dose = dose(1, DoseStatus.GIVEN, h(0), rid=1)
    assert by_rule(flags_of(doses=[first_dose], labs=[baseline]), FlagRule.GRADE3_EPISODE) == []
    assert by_rule(flags_of(doses=[], labs=[baseline]), FlagRule.GRADE3_EPISODE) == []  # no dose yet
    # Still shown, saying why it is not compared with the trial: INFO for a baseline count.
    [shown] = by_rule(flags_of(doses=[first_dose], labs=[baseline]), FlagRule.GRADE3_NOT_EMERGENT)
    assert shown.severity is Severity.INFO and shown.trial_rate is None and shown.record_id == 9
    assert "a baseline value, before the first given dose" in shown.message
    assert "not compared with the trial" in shown.message and "%" not in shown.message
    # Still grade 4 after the first dose: present at baseline, not emergent on treatment.
    still = LabResult(PID, h(30), 0.3, grade=4, id=LabId(10))
    assert by_rule(flags_of(doses=[first_dose], labs=[baseline, still]), FlagRule.GRADE3_EPISODE) == []
    # Worse than at baseline after the first dose, or a new episode after recovery, is a toxicity.
    grade3_then_4 = [LabResult(PID, h(-30), 0.8, grade=3, id=LabId(8)), still]
    [flag] = by_rule(flags_of(doses=[first_dose], labs=grade3_then_4), FlagRule.GRADE3_EPISODE)
    assert flag.record_id == 10
    recovered = LabResult(PID, h(10), 2.5, grade=0, id=LabId(11))
    [flag] = by_rule(flags_of(doses=[first_dose], labs=[baseline, recovered, still]), FlagRule.GRADE3_EPISODE)
    assert flag.record_id == 10


@pytest.mark.parametrize(
    ("days_after_last_dose", "flagged"), [(0, True), (29.9, True), (30, True), (30.1, False), (45, False)]
)
def test_grade_3_window_ends_30_days_after_the_last_given_dose(
    days_after_last_dose: float, flagged: bool
) -> None:
    last = dose(1, DoseStatus.GIVEN, h(0), rid=1)
    at = h(24 * days_after_last_dose)
    flags = by_rule(flags_of(doses=[last], crs_=[crs(at, 3, rid=7)]), FlagRule.GRADE3_EPISODE)
    assert bool(flags) is flagged
    late = by_rule(flags_of(doses=[last], crs_=[crs(at, 3, rid=7)]), FlagRule.GRADE3_NOT_EMERGENT)
    assert bool(late) is not flagged  # a late grade 3 CRS is still shown, as a warning
    assert all(f.severity is Severity.WARNING and "more than 30 days after" in f.message for f in late)


def test_grade_3_crs_with_no_dose_recorded_asks_for_the_dose_record() -> None:
    [flag] = flags_of(doses=[], crs_=[crs(h(1), 3, rid=3)])
    assert flag.rule is FlagRule.GRADE3_NOT_EMERGENT and flag.severity is Severity.WARNING
    assert "before any dose was given: if a dose was given, record it" in flag.message


def test_an_episode_that_began_at_baseline_and_reached_grade_3_on_treatment_is_flagged() -> None:
    """Worsening after the first dose is treatment-emergent: the grade 3 time decides, not the onset."""
    flags = flags_of(
        doses=[dose(1, DoseStatus.GIVEN, h(5), rid=1)], crs_=[crs(h(0), 1), crs(h(10), 3, rid=4)]
    )
    assert [f.record_id for f in by_rule(flags, FlagRule.GRADE3_EPISODE)] == [4]


def test_grade_5_is_flagged_as_a_death_not_against_the_grade_3_to_4_figure() -> None:
    flags = flags_of(
        crs_=[crs(h(0), 3, rid=1), crs(h(6), 4, override_grade=5, override_reason="died", rid=2)]
    )
    [flag] = by_rule(flags, FlagRule.GRADE3_EPISODE)
    assert flag.severity == Severity.CRITICAL and flag.record_id == 2
    assert flag.message == (
        "Grade 5 CRS (death from CRS): reported on its own, not with the trial's grade 3-4 figures."
    )
    assert flag.trial_rate is None  # no trial comparison is attached to a death


def test_not_gradable_between_grade_3_and_a_dose_keeps_the_dose_flagged() -> None:
    """Issue 11: the not-gradable record (grade None) must not close the episode the dose falls in."""
    records = [crs(h(0), 3, rid=1), crs(h(5), None, temp=None, rid=2)]
    flags = flags_of([dose(1, DoseStatus.GIVEN, h(8), rid=7)], records)
    [during] = by_rule(flags, FlagRule.DOSE_DURING_EPISODE)
    assert during.record_id == 7


# ------------------------------------------------------------- dose during an open episode


EPISODE = [crs(h(0), 1), crs(h(10), 3), crs(h(50), 0)]  # grade 3 from h10, resolves at h50


@pytest.mark.parametrize(
    ("given_at", "flagged"),
    [
        (h(5), False),  # before the episode reached grade 3
        (h(10), True),
        (h(26), True),
        (h(49.9), True),  # the day it resolves, before the resolving assessment
        (h(50), False),  # at resolution
        (h(52), False),  # the same day, after resolution
    ],
)
def test_dose_while_grade_3_episode_open(given_at: dt.datetime, flagged: bool) -> None:
    flags = by_rule(
        flags_of(doses=[dose(2, DoseStatus.GIVEN, given_at, rid=44)], crs_=EPISODE),
        FlagRule.DOSE_DURING_EPISODE,
    )
    assert bool(flags) == flagged
    if flagged:
        assert flags[0].message.startswith("Protocol check:")
        assert "20 %" in flags[0].message
        assert (flags[0].record_kind, flags[0].record_id) == ("dose", 44)


def test_dose_during_still_open_episode() -> None:
    open_episode = [crs(h(0), 3)]
    given = dose(20, DoseStatus.GIVEN, h(24 * 19), rid=1)
    assert len(by_rule(flags_of(doses=[given], crs_=open_episode), FlagRule.DOSE_DURING_EPISODE)) == 1


def test_held_dose_during_episode_is_not_flagged() -> None:
    held = dose(2, DoseStatus.HELD, rid=1)
    assert by_rule(flags_of(doses=[held], crs_=EPISODE), FlagRule.DOSE_DURING_EPISODE) == []


def test_no_flag_ever_instructs_a_dose() -> None:
    flags = flags_of(doses=[dose(2, DoseStatus.GIVEN, h(26))], crs_=EPISODE)
    for flag in flags:
        lowered = flag.message.lower()
        assert not any(word in lowered for word in ("reduce", "restart", "withhold", "give "))


# ------------------------------------------------------------- overdue


def test_overdue_only_before_today_and_only_planned() -> None:
    doses = [
        dose(15, DoseStatus.PLANNED, rid=1),  # 2026-01-19: overdue
        dose(16, DoseStatus.PLANNED, rid=2),  # 2026-01-20 = today: due, not overdue
        dose(14, DoseStatus.MISSED, rid=3),
        dose(13, DoseStatus.GIVEN, h(24 * 12), rid=4),
    ]
    [flag] = flags_of(doses=doses)
    assert flag.rule == FlagRule.OVERDUE_DOSE and flag.record_id == 1
    assert "2026-01-19" in flag.message


def test_no_overdue_once_discontinued() -> None:
    stopped = Patient(
        "044-0013", "SC 250/500", dt.date(2026, 1, 5), status=PatientStatus.DISCONTINUED, id=PID
    )
    assert flags_of(doses=[dose(1, DoseStatus.PLANNED)], patient=stopped) == []


# ------------------------------------------------------------- febrile neutropenia


def lab(at: dt.datetime, anc: float, rid: int = 0) -> LabResult:
    return LabResult(PID, at, anc, grade=3, id=LabId(rid))


@pytest.mark.parametrize(
    ("anc", "temps", "expected"),
    [
        (0.9, [(h(2), 38.4)], True),  # single reading above 38.3
        (0.9, [(h(2), 38.3)], False),  # 38.3 is not above 38.3
        (1.0, [(h(2), 39.0)], False),  # ANC must be below 1.0
        (0.9, [(h(1), 38.0), (h(2.1), 38.1)], True),  # >= 38.0 for over an hour
        (0.9, [(h(1), 38.0), (h(2), 38.1)], False),  # exactly one hour is not over an hour
        (0.9, [(h(1), 38.0), (h(1.5), 37.9), (h(2.2), 38.0)], False),  # run broken
        (0.9, [(h(0) + FN_WINDOW, 38.5)], True),  # edge of the window
        (0.9, [(h(0) - FN_WINDOW - dt.timedelta(minutes=1), 38.5)], False),
        (0.9, [(h(2), None)], False),
    ],
)
def test_febrile_neutropenia(
    anc: float, temps: list[tuple[dt.datetime, float | None]], expected: bool
) -> None:
    readings = [crs(at, 0, temp) for at, temp in temps]
    assert (febrile_evidence(lab(h(0), anc), readings) is not None) == expected
    flags = by_rule(flags_of(crs_=readings, labs=[lab(h(0), anc, rid=12)]), FlagRule.FEBRILE_NEUTROPENIA)
    assert len(flags) == int(expected)
    if expected:
        assert flags[0].severity == Severity.CRITICAL
        assert (flags[0].record_kind, flags[0].record_id) == ("lab", 12)
        assert "CTCAE v5.0" in flags[0].message and "24 h" in flags[0].message


# ------------------------------------------------------------- cohort


def test_cohort_flag_only_when_above() -> None:
    counts = [
        CohortCount("SC 500/1000", 10, 20, 200, 210, {"crs": 9, "icans": 1, "neutropenia": 2}),
        CohortCount("SC 250/500", 5, 10, 100, 100, {"crs": 5, "icans": 5, "neutropenia": 5}),  # too few
    ]
    flags = cohort_flags(cohort_comparisons(counts), now=NOW)
    [flag] = flags
    assert flag.rule == FlagRule.COHORT_ABOVE_TRIAL and flag.toxicity == "crs"
    assert flag.message.startswith("SC 500/1000: grade 3 or more CRS in 9 of 10 patients (90.0 %")
    assert "above the rate reported in the SC blinatumomab phase 1/2 trial (NCT04521231): 20 % of " in (
        flag.message
    )
    assert "95 % exact CI" in flag.message and "exact two-sided p < 0.001" in flag.message
    # Issue 11: a regimen row says it is compared with the pooled rate, and what the figure is.
    assert "pooled over both regimens, n = 88, post-hoc analysis" in flag.message
    assert flag.message.endswith("this regimen is compared with the pooled rate.")
    assert flag.at == NOW and flag.patient_id is None


def test_ordering_most_severe_first() -> None:
    flags = flags_of(
        doses=[dose(1, DoseStatus.PLANNED), dose(2, DoseStatus.GIVEN, h(-1))],
        crs_=[crs(h(0), 3)],
        icans=[IcansAssessment(PID, h(5), Consciousness.UNAROUSABLE, grade=4)],
    )
    assert flags[0].severity == Severity.CRITICAL
    assert [f.severity for f in flags] == sorted(
        (f.severity for f in flags), key=[Severity.CRITICAL, Severity.WARNING, Severity.INFO].index
    )


def test_unsaved_patient_refused() -> None:
    with pytest.raises(ValueError, match="saved patient"):
        patient_flags(Patient("x", "SC 250/500", TODAY), [], {}, TODAY, NOW)
