"""The cohort counts' one SQL statement against the treatment-emergent rule applied record by record
(clinical.treatment_window.emergent_grade3_at on each patient's episodes), on a cohort of edge cases:
an event before the first dose, a baseline grade carried into treatment, one that worsened, a new
episode after a recovery, an event after the window, voided records, doses and patients, grades
overridden across the grade 3 line, a patient with no given dose, and a death (grade 5) apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from clinical import regimens
from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.episodes import episodes_for
from clinical.model import CrsAssessment, LabResult, Patient, PatientId
from clinical.treatment_window import emergent_grade3_at, treatment_window

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
GRADE = {  # CRS inputs (ASTCT) for the wanted grade
    0: (37.0, Hypotension.NONE),
    1: (38.5, Hypotension.NONE),
    3: (39.5, Hypotension.ONE_VASOPRESSOR),
    4: (39.5, Hypotension.MULTIPLE_VASOPRESSORS),
}
SHOWN = ("crs", "neutropenia")


def _crs(repo: Any, pid: PatientId, hours_ago: float, grade: int) -> CrsAssessment:
    temp, hypotension = GRADE[grade]
    at = NOW - dt.timedelta(hours=hours_ago)
    stored: CrsAssessment = repo.add_crs(CrsAssessment(pid, at, temp, hypotension, Oxygen.NONE))
    return stored


def _give(repo: Any, pid: PatientId, *hours_ago: float) -> None:
    """A cycle started 60 days ago, its first doses given at `hours_ago` (the rest stay planned)."""
    cycle = repo.start_cycle(pid, (NOW - dt.timedelta(days=60)).date())
    planned = [d for d in repo.doses(pid, cycle.id) if d.status == DoseStatus.PLANNED]
    for dose, hours in zip(planned, hours_ago, strict=False):
        given_at = NOW - dt.timedelta(hours=hours)
        repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=given_at, amount_ug=dose.planned_ug)


def _override(repo: Any, record: CrsAssessment, grade: int) -> None:
    assert record.id is not None
    repo.correct("crs", record.id, {"override_grade": grade, "override_reason": "review"}, "review")


def edge_cases(repo: Any, make_patient: Callable[..., Patient]) -> None:
    def patient(regimen: str = "SC 250/500") -> PatientId:
        pid = make_patient(regimen=regimen).id
        assert pid is not None
        return pid

    before = patient()  # grade 3 before the first dose, still 3 after it: a baseline, not emergent
    _give(repo, before, 100)
    _crs(repo, before, 200, 3)
    _crs(repo, before, 50, 3)
    worse = patient()  # the same episode worsened on treatment (3 -> 4): emergent, at 4
    _give(repo, worse, 100)
    _crs(repo, worse, 200, 3)
    _crs(repo, worse, 50, 4)
    recovered = patient("SC 500/1000")  # a recovery on treatment, then a new grade 3 episode
    _give(repo, recovered, 100)
    _crs(repo, recovered, 200, 3)
    _crs(repo, recovered, 80, 0)
    _crs(repo, recovered, 50, 3)
    late = patient()  # more than 30 days after the last given dose: outside the window
    _give(repo, late, 24 * 45, 24 * 40)
    _crs(repo, late, 5, 4)
    voided = patient()  # the only grade 3 record voided
    _give(repo, voided, 100)
    repo.void("crs", _crs(repo, voided, 50, 3).id, "entered in error")
    down = patient("SC 500/1000")  # overridden below grade 3
    _give(repo, down, 100)
    _override(repo, _crs(repo, down, 50, 3), 2)
    up = patient("SC 500/1000")  # overridden up to grade 3
    _give(repo, up, 100)
    _override(repo, _crs(repo, up, 50, 1), 3)
    untreated = patient()  # doses planned, none given: not treated, its grade 4 not counted
    repo.start_cycle(untreated, (NOW - dt.timedelta(days=5)).date())
    _crs(repo, untreated, 5, 4)
    dose_voided = patient()  # its only given dose voided: not treated
    _give(repo, dose_voided, 100)
    given = next(d for d in repo.doses(dose_voided) if d.status == DoseStatus.GIVEN)
    repo.void("dose", given.id, "entered in error")
    _crs(repo, dose_voided, 50, 4)
    died = patient()  # grade 4, then a grade 5: counted at 5 only, never in grade 3-4
    _give(repo, died, 100)
    _crs(repo, died, 60, 4)
    _override(repo, _crs(repo, died, 50, 4), 5)
    neutropenic = patient("SC 500/1000")  # a lab grade 4 on treatment
    _give(repo, neutropenic, 100)
    repo.add_lab(LabResult(neutropenic, NOW - dt.timedelta(hours=50), 0.3))
    gone = patient()  # a voided patient: in no count
    _give(repo, gone, 100)
    _crs(repo, gone, 50, 4)
    repo.void("patient", gone, "entered in error")


def _by_the_rule(repo: Any, regimen: str) -> tuple[int, ...]:
    """(treated, then grade 3-4 and grade 5 patients per SHOWN toxicity), record by record."""
    treated = 0
    grade3 = dict.fromkeys(SHOWN, 0)
    grade5 = dict.fromkeys(SHOWN, 0)
    for pid in repo.patient_ids():
        if regimen != "All" and repo.get_patient(pid).regimen != regimen:
            continue
        window = treatment_window(repo.doses(pid))
        if window.first_dose is None:
            continue
        treated += 1
        for tid in SHOWN:
            episodes = [e for e in episodes_for(pid, repo.records_by_kind(pid)) if e.toxicity == tid]
            if any(emergent_grade3_at(e, window, 5) is not None for e in episodes):
                grade5[tid] += 1
            elif any(emergent_grade3_at(e, window, 3) is not None for e in episodes):
                grade3[tid] += 1
    return (treated, *(grade3[t] for t in SHOWN), *(grade5[t] for t in SHOWN))


def test_the_cohort_statement_follows_the_rule_on_edge_cases(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    edge_cases(repo, make_patient)
    for doses in (False, True):
        counts = repo.cohort_counts(reuse=False, doses=doses)
        assert [c.regimen for c in counts] == [*regimens.regimen_names(), "All"]
        for count in counts:
            got = (
                count.patients_treated,
                *(count.grade3plus[t] for t in SHOWN),
                *(count.grade5[t] for t in SHOWN),
            )
            assert got == _by_the_rule(repo, count.regimen), (count.regimen, doses)
    pooled = counts[-1]
    # worse, recovered, up (CRS 3-4); died (CRS 5); neutropenic (lab 4); 9 treated of 12 live patients
    assert (pooled.patients_treated, pooled.grade3plus["crs"], pooled.grade5["crs"]) == (9, 3, 1)
    assert pooled.grade3plus["neutropenia"] == 1


def test_dose_totals_are_read_only_when_asked_for(repo: Any, make_patient: Callable[..., Patient]) -> None:
    edge_cases(repo, make_patient)
    bare = repo.cohort_counts()  # by default with the dose totals (the cohort report's)
    assert bare[-1].doses_given is not None and bare[-1].cycles is not None
    lean = repo.cohort_counts(reuse=False, doses=False)
    assert all(c.cycles is None and c.doses_given is None and c.doses_due is None for c in lean)
    assert repo.cohort_counts(doses=False) is lean  # kept for the next reader that needs no doses
    full = repo.cohort_counts()  # the kept counts gain their dose totals
    assert [(c.patients_treated, c.grade3plus, c.grade5) for c in full] == [
        (c.patients_treated, c.grade3plus, c.grade5) for c in lean
    ]
    assert full == bare and repo.cohort_counts(doses=False) is full
    assert full[-1].doses_given == sum(
        d.status == DoseStatus.GIVEN for p in repo.patient_ids() for d in repo.doses(p)
    )
