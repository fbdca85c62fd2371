"""The adverse event table's storage reads (issue 15): `worst_grade_counts` (one SQL aggregate) agrees
with the clinical rule on episodes record by record, and `cohort_events` gives the adverse-event log
of treated patients with their dose window, voided records and patients left out."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest

from clinical.ae_table import ae_table, serious_events
from clinical.choices import DoseStatus
from clinical.episodes import episodes_for
from clinical.toxicities import ToxicityRecord, toxicities, toxicity
from clinical.treatment_window import emergent_grade3_at, treatment_window
from tests.storage.test_cohort import TODAY, bundle

AE = "adverse_event"


def naive_worst(repo: Any) -> Counter[tuple[str, str, int]]:
    """(regimen, kind, worst treatment-emergent grade) -> patients, from each patient's episodes."""
    found: Counter[tuple[str, str, int]] = Counter()
    for pid in repo.patient_ids():
        patient = repo.get_patient(pid)
        window = treatment_window(repo.doses(pid))
        if window.first_dose is None:
            continue
        worst: dict[str, int] = {}
        for episode in episodes_for(pid, repo.records_by_kind(pid)):
            definition = toxicity(episode.toxicity)
            if definition.episode_rule == "events":
                continue
            for grade in range(1, 6):
                if emergent_grade3_at(episode, window, grade) is not None:
                    worst[definition.record_kind] = max(worst.get(definition.record_kind, 0), grade)
        for kind, grade in worst.items():
            found[(patient.regimen, kind, grade)] += 1
    return found


@pytest.mark.parametrize("seed", [7, 11])
def test_worst_grade_counts_match_the_episodes(repo: Any, seed: int) -> None:
    rng = random.Random(seed)
    repo.bulk_insert([bundle(rng, n) for n in range(50)])
    pids = repo.patient_ids()
    repo.void("patient", pids[0], "entered in error")  # left out
    for pid in rng.sample(pids[1:], 5):  # a voided record and a voided dose change the counts
        crs = repo.crs(pid)
        if crs:
            repo.void("crs", crs[0].id, "entered in error")
        given = [d for d in repo.doses(pid) if d.status is DoseStatus.GIVEN]
        if given:
            repo.void("dose", given[0].id, "entered in error")
    got = Counter({(w.regimen, w.kind, w.grade): w.patients for w in repo.worst_grade_counts()})
    assert got == naive_worst(repo)
    assert any(grade < 3 for _, _, grade in got) and any(grade >= 3 for _, _, grade in got)


def test_demo_cohort_table_matches_the_episodes(repo: Any) -> None:
    """The demo generator's cohort (labs, injection site reactions, adverse events): the same."""
    from clinical.demo import generate_cohort

    repo.bulk_insert(list(generate_cohort(30, seed=5, today=TODAY)))
    got = Counter({(w.regimen, w.kind, w.grade): w.patients for w in repo.worst_grade_counts()})
    assert got == naive_worst(repo)
    kinds = {kind for _, kind, _ in got}
    assert {"crs", "icans", "lab"} <= kinds
    assert all(
        toxicity(k).episode_rule != "events" for k in (d.id for d in toxicities() if d.record_kind in kinds)
    )


def test_cohort_events_are_the_live_log_of_treated_patients(repo: Any, make_patient: Any) -> None:
    rng = random.Random(3)
    repo.bulk_insert([bundle(rng, n) for n in range(12)])
    treated = [pid for pid in repo.patient_ids() if treatment_window(repo.doses(pid)).first_dose]
    a, b = treated[:2]
    window = treatment_window(repo.doses(a))
    assert window.first_dose is not None and window.last_dose is not None
    onset = window.first_dose + dt.timedelta(days=1)

    def add(pid: Any, at: dt.datetime = onset, **values: Any) -> ToxicityRecord:
        inputs = {"term": "Tremor", "grade": "2", **values}
        stored: ToxicityRecord = repo.add_record(AE, ToxicityRecord(AE, pid, at, inputs))
        return stored

    kept = add(a, serious=["hospitalisation"], outcome="recovering")
    voided = add(a, term="Sepsis", grade="3")
    repo.void(AE, voided.id, "entered in error")
    add(b)
    gone = repo.get_patient(b)
    repo.void("patient", gone.id, "entered in error")
    add(
        make_patient().id, dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    )  # no dose given: not in the table's denominator nor its events
    events = repo.cohort_events()
    assert [e.record.id for e in events] == [kept.id]
    (only,) = events
    patient = repo.get_patient(a)
    assert (only.subject_id, only.regimen) == (patient.subject_id, patient.regimen)
    assert (only.first_dose, only.last_dose) == (window.first_dose, window.last_dose)
    assert only.record == kept
    (serious,) = serious_events(events)
    assert (serious.subject_id, serious.outcome, serious.emergent) == (patient.subject_id, "Recovering", True)
    pooled = [
        r
        for r in ae_table(repo.cohort_counts(TODAY), repo.worst_grade_counts(), events)
        if r.regimen == "All"
    ]
    tremor = next(r for r in pooled if r.term == "Tremor")
    assert (tremor.any_grade, tremor.grade3plus) == (1, 0)
    assert not any(r.term == "Sepsis" for r in pooled)
