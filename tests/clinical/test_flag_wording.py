"""Flag sentences, severities and edges as a clinician reads them (issue 11, "Tests that would notice").

Times in flag messages are the clinic's local wall-clock time (issue 13): these tests run with the
process's zone set to Berlin (UTC+1 in January), so 08:00 UTC reads "09:00".
"""

from __future__ import annotations

import datetime as dt

import pytest

from clinical.choices import Consciousness, DoseStatus
from clinical.cohort_flags import cohort_flags
from clinical.febrile_neutropenia import febrile_evidence
from clinical.findings import FlagRule, Severity
from clinical.flags import patient_flags
from clinical.incidence import CohortComparison, Comparison, Verdict
from clinical.model import (
    CrsAssessment,
    Cycle,
    CycleId,
    Dose,
    DoseId,
    IcansAssessment,
    IcansId,
    LabId,
    LabResult,
    Patient,
)
from tests.clinical.test_flags import EPISODE, NOW, PATIENT, PID, TODAY, by_rule, crs, dose, flags_of, h, lab

TRIAL = "The SC blinatumomab phase 1/2 trial (NCT04521231) reported"
FIGURE = "pooled over both regimens, n = 88, post-hoc analysis, as reported in the published summary"
T_DAY2 = dt.date(2026, 1, 6)
NOT_EMERGENT = (
    "Not counted as a toxicity of treatment and not compared with the trial (treatment-emergent: "
    "from the first given dose to 30 days after the last given dose)."
)


@pytest.fixture(autouse=True)
def _in_berlin(berlin: None) -> None:
    """Every test here reads flag times in Berlin time (tests/conftest.py `berlin`)."""


# ------------------------------------------------------------- grade >= 3 episodes


def test_grade_4_icans_and_neutropenia_sentences_cite_their_own_trial_figures() -> None:
    flags = flags_of(
        icans=[IcansAssessment(PID, h(1), Consciousness.UNAROUSABLE, grade=4, id=IcansId(5))],
        labs=[LabResult(PID, h(2), 0.3, grade=4, id=LabId(9))],
    )
    assert [(f.rule, f.severity, f.message, f.trial_rate) for f in flags] == [
        (FlagRule.GRADE3_EPISODE, Severity.CRITICAL, f"Grade 4 ICANS. {TRIAL} ICANS in 17 % of patients "
         f"(grade 3-4, {FIGURE}).", 0.17),
        (FlagRule.GRADE3_EPISODE, Severity.CRITICAL, f"Grade 4 neutropenia. {TRIAL} neutropenia in 22 % of "
         f"patients (grade 3-4, {FIGURE}).", 0.22),
    ]  # fmt: skip


def test_grade_4_crs_is_critical_and_not_a_death() -> None:
    [flag] = flags_of(crs_=[crs(h(0), 4, rid=2)])
    assert flag.severity is Severity.CRITICAL and flag.trial_rate == 0.20
    assert flag.message.startswith("Grade 4 CRS. The SC blinatumomab")


def test_each_of_two_episodes_points_at_its_own_peak_record() -> None:
    records = [crs(h(0), 4, rid=1), crs(h(5), 0, rid=2), crs(h(10), 4, rid=3)]
    flags = flags_of(crs_=records)
    assert [(f.record_id, f.at) for f in flags] == [(1, h(0)), (3, h(10))]


def test_grade_5_icans_is_a_death_with_its_own_sentence() -> None:
    icans = [IcansAssessment(PID, h(1), Consciousness.UNAROUSABLE, grade=5, id=IcansId(6))]
    [flag] = flags_of(icans=icans)
    assert (flag.severity, flag.trial_rate, flag.record_kind) == (Severity.CRITICAL, None, "icans")
    assert flag.message == (
        "Grade 5 ICANS (death from ICANS): reported on its own, not with the trial's grade 3-4 figures."
    )


# ------------------------------------------------------------- outside the treatment-emergent window


def test_baseline_grade_4_anc_is_info_with_the_whole_sentence_in_local_time() -> None:
    first = dose(1, DoseStatus.GIVEN, h(0), rid=1)
    [flag] = flags_of(doses=[first], labs=[LabResult(PID, h(-30), 0.3, grade=4, id=LabId(9))])
    assert (flag.rule, flag.severity, flag.record_kind, flag.at) == (
        FlagRule.GRADE3_NOT_EMERGENT,
        Severity.INFO,
        "lab",
        h(-30),
    )
    assert flag.message == (
        "Grade 4 neutropenia at 2026-01-04 03:00, a baseline value, before the first given dose. "
        + NOT_EMERGENT
    )


def test_baseline_grade_3_crs_is_a_warning_not_info() -> None:
    first = dose(1, DoseStatus.GIVEN, h(0), rid=1)
    flags = flags_of(doses=[first], crs_=[crs(h(-30), 3, rid=2)])
    [flag] = by_rule(flags, FlagRule.GRADE3_NOT_EMERGENT)
    assert (flag.severity, flag.record_kind, flag.record_id, flag.toxicity) == (
        Severity.WARNING,
        "crs",
        2,
        "crs",
    )
    assert flag.message == (
        "Grade 3 CRS at 2026-01-04 03:00, a baseline value, before the first given dose. " + NOT_EMERGENT
    )


def test_grade_3_with_no_dose_and_late_grade_3_sentences() -> None:
    [no_dose] = flags_of(doses=[], crs_=[crs(h(1), 3, rid=3)])
    assert no_dose.message == (
        "Grade 3 CRS at 2026-01-05 10:00, recorded before any dose was given: if a dose was given, "
        "record it. " + NOT_EMERGENT
    )
    first = dose(1, DoseStatus.GIVEN, h(0), rid=1)
    [late] = flags_of(doses=[first], crs_=[crs(h(24 * 31), 3, rid=3)])
    assert late.message == (
        "Grade 3 CRS at 2026-02-05 09:00, more than 30 days after the last given dose. " + NOT_EMERGENT
    )
    assert (late.severity, late.trial_rate, late.patient_id) == (Severity.WARNING, None, PID)


def test_grade_5_outside_the_window_is_critical() -> None:
    [flag] = flags_of(doses=[], crs_=[crs(h(1), 5, rid=3)])
    assert (flag.rule, flag.severity) == (FlagRule.GRADE3_NOT_EMERGENT, Severity.CRITICAL)
    assert flag.message.startswith("Grade 5 CRS at 2026-01-05 10:00, recorded before any dose")


def test_grade_2_outside_the_window_is_not_shown() -> None:
    assert flags_of(doses=[], crs_=[crs(h(1), 2)]) == []


# ------------------------------------------------------------- dose during an open grade >= 3 episode


def test_dose_during_episode_whole_sentence() -> None:
    [flag] = by_rule(
        flags_of(doses=[dose(2, DoseStatus.GIVEN, h(26), rid=44)], crs_=EPISODE), FlagRule.DOSE_DURING_EPISODE
    )
    assert flag.message == (
        "Protocol check: the cycle day 2 dose was recorded as given at 2026-01-06 11:00 while a grade 3 "
        f"CRS episode was open (grade 3 or more since 2026-01-05 19:00). {TRIAL} CRS in 20 % of patients "
        f"(grade 3-4, {FIGURE})."
    )
    assert (flag.severity, flag.at, flag.patient_id, flag.toxicity, flag.trial_rate) == (
        Severity.WARNING,
        h(26),
        PID,
        "crs",
        0.20,
    )


def test_dose_during_grade_4_icans_names_icans_and_neutropenia_asks_nothing() -> None:
    given = dose(2, DoseStatus.GIVEN, h(26), rid=44)
    icans = [IcansAssessment(PID, h(10), Consciousness.UNAROUSABLE, grade=4)]
    [during] = by_rule(flags_of(doses=[given], icans=icans), FlagRule.DOSE_DURING_EPISODE)
    assert "while a grade 4 ICANS episode was open" in during.message and during.trial_rate == 0.17
    labs = [LabResult(PID, h(10), 0.3, grade=4)]
    assert by_rule(flags_of(doses=[given], labs=labs), FlagRule.DOSE_DURING_EPISODE) == []


def test_a_voided_given_dose_during_an_episode_is_not_flagged() -> None:
    voided = Dose(
        PID, CycleId(1), 2, T_DAY2, 250.0, DoseStatus.GIVEN, h(26), 250.0, voided=True, id=DoseId(4)
    )
    assert by_rule(flags_of(doses=[voided], crs_=EPISODE), FlagRule.DOSE_DURING_EPISODE) == []


# ------------------------------------------------------------- overdue, protocol checks, febrile neutropenia


def test_overdue_whole_sentence_and_midnight_utc() -> None:
    [flag] = flags_of(doses=[dose(15, DoseStatus.PLANNED, rid=1)])
    assert flag.message == (
        "The cycle day 15 dose (250 µg) planned for 2026-01-19 has nothing recorded: record it as given, "
        "held or missed, or move it."
    )
    assert (flag.severity, flag.at, flag.record_kind) == (
        Severity.WARNING,
        dt.datetime(2026, 1, 19, tzinfo=dt.UTC),
        "dose",
    )


def test_a_voided_planned_dose_is_not_overdue() -> None:
    voided = Dose(PID, CycleId(1), 15, dt.date(2026, 1, 19), 250.0, voided=True, id=DoseId(1))
    assert flags_of(doses=[voided]) == []


def test_protocol_check_sentences_for_a_dose_and_a_cycle() -> None:
    reason = "200 µg instead of the planned 250 µg: vial short"
    given = Dose(
        PID, CycleId(1), 3, T_DAY2, 250.0, DoseStatus.GIVEN, h(30), 200.0, deviation=reason, id=DoseId(5)
    )
    voided = Dose(PID, CycleId(1), 4, T_DAY2, 250.0, DoseStatus.GIVEN, h(50), 200.0, deviation=reason,
                  voided=True, id=DoseId(6))  # fmt: skip
    planned = Dose(
        PID, CycleId(1), 21, dt.date(2026, 1, 25), 250.0, deviation=reason, id=DoseId(7)
    )  # not given
    cycle = Cycle(
        PID, 2, dt.date(2026, 2, 3), deviation="started 2 days early: bed availability", id=CycleId(2)
    )
    plain = Cycle(PID, 3, dt.date(2026, 3, 3), id=CycleId(3))
    flags = patient_flags(PATIENT, [given, voided, planned], {}, TODAY, NOW, cycles=[cycle, plain])
    assert [(f.rule, f.severity, f.message, f.at, f.record_kind, f.record_id) for f in flags] == [
        (FlagRule.PROTOCOL_CHECK, Severity.WARNING, f"Protocol check, cycle day 3 dose given at 2026-01-06 "
         f"15:00: {reason}", h(30), "dose", 5),
        (FlagRule.PROTOCOL_CHECK, Severity.WARNING, "Protocol check, cycle 2: started 2 days early: bed "
         "availability", dt.datetime(2026, 2, 3, tzinfo=dt.UTC), "", None),
    ]  # fmt: skip


FN_DEFINITION = (
    "Febrile neutropenia (CTCAE v5.0 definition: ANC below 1.0 x10^9/L with a temperature above 38.3 °C, "
    "or 38.0 °C or more for over an hour)"
)


def test_febrile_neutropenia_sentences_single_and_sustained() -> None:
    [single] = by_rule(
        flags_of(crs_=[crs(h(2), 0, 38.4)], labs=[lab(h(0), 0.9, rid=12)]), FlagRule.FEBRILE_NEUTROPENIA
    )
    assert single.message == (
        f"{FN_DEFINITION}: ANC 0.9 x10^9/L drawn at 2026-01-05 09:00 with a temperature of 38.4 °C at "
        "2026-01-05 11:00, within 24 h of the draw."
    )
    assert (single.at, single.toxicity, single.trial_rate) == (h(0), "neutropenia", None)
    sustained = [crs(h(1), 0, 38.0), crs(h(2.1), 0, 38.1)]
    [flag] = by_rule(flags_of(crs_=sustained, labs=[lab(h(0), 0.9, rid=12)]), FlagRule.FEBRILE_NEUTROPENIA)
    assert flag.message == (
        f"{FN_DEFINITION}: ANC 0.9 x10^9/L drawn at 2026-01-05 09:00 with temperatures of 38.0 °C or more "
        "from 2026-01-05 10:00 to 2026-01-05 11:06, within 24 h of the draw."
    )


def test_febrile_evidence_ignores_a_voided_lab_and_voided_temperatures() -> None:
    hot = crs(h(2), 0, 39.0)
    assert febrile_evidence(LabResult(PID, h(0), 0.5, grade=3, voided=True), [hot]) is None
    voided_hot = CrsAssessment(PID, h(2), 39.0, hot.hypotension, hot.oxygen, grade=0, voided=True)
    assert febrile_evidence(lab(h(0), 0.5), [voided_hot]) is None
    assert febrile_evidence(lab(h(0), 0.999), [hot]) == "a temperature of 39.0 °C at 2026-01-05 11:00"
    readings = [crs(h(3), 0, 38.2), crs(h(1), 0, 38.5)]  # unsorted: the earliest above 38.3 is named
    assert febrile_evidence(lab(h(0), 0.5), readings) == "a temperature of 38.5 °C at 2026-01-05 10:00"


# ------------------------------------------------------------- voided records, order, refusal


def test_voided_icans_and_labs_raise_nothing() -> None:
    icans = [IcansAssessment(PID, h(1), Consciousness.UNAROUSABLE, grade=4, voided=True)]
    labs = [LabResult(PID, h(2), 0.3, grade=4, voided=True), lab(h(0), 0.5)]
    hot = [crs(h(1), 0, 39.0, voided=True)]
    assert [f.rule for f in flags_of(crs_=hot, icans=icans, labs=labs)] == [FlagRule.GRADE3_EPISODE]


def test_same_severity_is_ordered_oldest_first() -> None:
    flags = flags_of(crs_=[crs(h(20), 4, rid=1)], icans=[IcansAssessment(PID, h(3), Consciousness.UNAROUSABLE,
                     grade=4, id=IcansId(2))])  # fmt: skip
    assert [f.record_id for f in flags] == [2, 1]


def test_an_unsaved_patient_is_refused_with_the_whole_sentence() -> None:
    with pytest.raises(ValueError) as error:
        patient_flags(Patient("x", "SC 250/500", TODAY), [], {}, TODAY, NOW)
    assert str(error.value) == "patient must be a saved patient (with an id) to compute flags"


# ------------------------------------------------------------- cohort


def _row(regimen: str, p_value: float, verdict: Verdict = Verdict.ABOVE) -> CohortComparison:
    comparison = Comparison(9, 20, 0.17, 0.9, 0.45, 0.2543, 0.6789, p_value, verdict)
    return CohortComparison(regimen, "icans", 9, 20, 0.17, comparison)


def test_cohort_sentence_for_all_and_for_a_regimen() -> None:
    flags = cohort_flags([_row("All", 0.0123), _row("SC 250/500", 0.001)], now=NOW)
    head = "grade 3 or more ICANS in 9 of 20 patients (45.0 %, 90 % exact CI 25.4-67.9 %, exact two-sided p"
    tail = "above the rate reported in the SC blinatumomab phase 1/2 trial (NCT04521231): 17 % of patients"
    assert [f.message for f in flags] == [
        f"All: {head} 0.012), {tail} (grade 3-4, {FIGURE}).",
        f"SC 250/500: {head} 0.001), {tail} (grade 3-4, {FIGURE}); this regimen is compared with the "
        "pooled rate.",
    ]
    assert {(f.severity, f.toxicity, f.trial_rate, f.at) for f in flags} == {
        (Severity.WARNING, "icans", 0.17, NOW)
    }


def test_cohort_rows_not_above_raise_nothing_and_the_time_defaults_to_now() -> None:
    assert cohort_flags([_row("All", 0.5, Verdict.CONSISTENT)], now=NOW) == []
    before = dt.datetime.now(dt.UTC)
    [flag] = cohort_flags([_row("All", 0.0001)])
    assert before <= flag.at <= dt.datetime.now(dt.UTC)
    assert "exact two-sided p < 0.001)" in flag.message


def test_a_toxicity_without_a_trial_figure_says_so_in_whole_sentences() -> None:
    """Grade 3 and grade 5 of a registered toxicity the trial reported no figure for (the injection
    site reaction): the sentences a user reads, whole."""
    from clinical.toxicities import ToxicityRecord

    kind = "injection_site_reaction"
    three = ToxicityRecord(kind, PID, h(1), {"grade": "3"}, grade=3, id=41)
    five = ToxicityRecord(kind, PID, h(30), {"grade": "5"}, grade=5, id=42)
    given = [dose(1, DoseStatus.GIVEN, h(-2), rid=90)]
    flags = patient_flags(PATIENT, given, {kind: [three]}, TODAY, NOW)
    [grade3] = [f for f in flags if f.record_kind == kind]
    assert grade3.message == (
        "Grade 3 injection site reaction. No trial comparator: the trial reported no figure for this "
        "toxicity."
    )
    flags = patient_flags(PATIENT, given, {kind: [five]}, TODAY, NOW)
    [death] = [f for f in flags if f.record_kind == kind]
    assert death.message.startswith(
        "Grade 5 injection site reaction (death from injection site reaction): reported on its own; "
        "no trial comparator: the trial reported no figure for this toxicity."
    )


def test_a_flag_points_at_the_live_record_not_a_voided_twin() -> None:
    """A record entered twice at the same time and grade, the first voided: the flag opens the live one."""
    voided = crs(h(0), 3, rid=1, voided=True)
    live = crs(h(0), 3, rid=2)
    [flag] = [f for f in flags_of(crs_=[voided, live]) if f.rule is FlagRule.GRADE3_EPISODE]
    assert (flag.record_kind, flag.record_id) == ("crs", 2)
