"""Issue 14 end to end below the GUI: an injection site reaction stored through the storage verbs is
flagged, forms its episode and is a "no trial comparator" cohort row, through
`repo.records_by_kind` and the clinical rules that iterate the registry (clinical/flags.py,
clinical/episodes.py, clinical/incidence.py), with no code naming the toxicity outside its definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from clinical.choices import DoseStatus
from clinical.episodes import episodes_for
from clinical.findings import FlagRule, Severity
from clinical.flags import patient_flags
from clinical.incidence import cohort_comparisons
from clinical.model import Patient
from clinical.toxicities import NO_TRIAL_COMPARATOR, ToxicityRecord, toxicity

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
ISR = toxicity("injection_site_reaction")


def _ago(hours: float) -> dt.datetime:
    return NOW - dt.timedelta(hours=hours)


def _give(repo: Any, pid: Any, hours_ago: float) -> Any:
    dose = next(d for d in repo.doses(pid) if d.status is DoseStatus.PLANNED)
    return repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=_ago(hours_ago), amount_ug=dose.planned_ug)


def test_a_stored_grade_3_isr_is_flagged_forms_an_episode_and_is_not_compared(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    patient = make_patient()
    pid = patient.id
    repo.start_cycle(pid, (NOW - dt.timedelta(days=3)).date())
    first = _give(repo, pid, hours_ago=50)
    onset = repo.add_record(
        ISR.record_kind, ToxicityRecord(ISR.record_kind, pid, _ago(40), {"grade": "3"}, first.id)
    )
    second = _give(repo, pid, hours_ago=20)  # given while the grade 3 reaction is open
    resolved = repo.add_record(
        ISR.record_kind, ToxicityRecord(ISR.record_kind, pid, _ago(2), {"grade": "0"}, first.id)
    )

    records = repo.records_by_kind(pid)
    [episode] = [e for e in episodes_for(pid, records) if e.toxicity == ISR.id]
    assert (episode.onset, episode.peak_grade, episode.resolved_at) == (
        onset.assessed_at,
        3,
        resolved.assessed_at,
    )

    flags = patient_flags(repo.get_patient(pid), repo.doses(pid), records, repo.today(), repo.now())
    [grade3] = [f for f in flags if f.rule == FlagRule.GRADE3_EPISODE]
    assert grade3.message == (
        "Grade 3 injection site reaction. No trial comparator: the trial reported no figure for "
        "this toxicity."
    )
    assert (grade3.severity, grade3.trial_rate, grade3.record_kind, grade3.record_id) == (
        Severity.WARNING,
        None,
        ISR.record_kind,
        onset.id,
    )
    [during] = [f for f in flags if f.rule == FlagRule.DOSE_DURING_EPISODE]
    assert (during.toxicity, during.record_kind, during.record_id) == (ISR.id, "dose", second.id)

    rows = [r for r in cohort_comparisons(repo.cohort_counts(reuse=False)) if r.toxicity == ISR.id]
    pooled = next(r for r in rows if r.regimen == "All")
    assert (pooled.events, pooled.patients, pooled.compared) == (1, 1, False)
    assert pooled.comparator_text == NO_TRIAL_COMPARATOR and pooled.trial_rate is None
