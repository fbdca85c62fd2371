"""Issue 11 through the storage API: a measurement not taken is stored as "not gradable", never
as grade 0; it never opens, raises or closes an episode; grade 5 is counted apart from grade 3-4."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from clinical.choices import Consciousness, DoseStatus, Hypotension, Oxygen
from clinical.episodes import episodes_for
from clinical.findings import FlagRule
from clinical.flags import patient_flags
from clinical.model import CrsAssessment, IcansAssessment, Patient, PatientBundle

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _crs(pid: Any, hours_ago: float, temp: float | None, hyp: str = "none", **kw: Any) -> CrsAssessment:
    return CrsAssessment(pid, NOW - dt.timedelta(hours=hours_ago), temp, Hypotension(hyp), Oxygen.NONE, **kw)


def _given_dose(repo: Any, pid: Any, hours_ago: float) -> None:
    cycle = repo.start_cycle(pid, (NOW - dt.timedelta(days=3)).date())
    dose = next(d for d in repo.doses(pid, cycle.id) if d.status == DoseStatus.PLANNED)
    repo.record_dose(
        dose.id, DoseStatus.GIVEN, given_at=NOW - dt.timedelta(hours=hours_ago), amount_ug=dose.planned_ug
    )


def test_crs_without_temperature_is_stored_not_gradable_and_keeps_the_episode_open(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    """The reproduction from issue 11: an open grade 3 CRS episode, then an assessment without a
    temperature on several vasopressors, then a dose. The old code graded it 0 ("no fever"), which
    closed the episode, so the dose raised no "dose during an open episode" flag."""
    patient = make_patient()
    pid = patient.id
    repo.add_crs(_crs(pid, 10, 39.0, "one_vasopressor"))
    stored = repo.add_crs(_crs(pid, 6, None, "multiple_vasopressors"))
    assert stored.grade is None and stored.effective_grade is None
    assert stored.reasons[0].startswith("Not gradable: temperature not recorded")
    assert repo.get_crs(stored.id).grade is None  # read back from the file
    _given_dose(repo, pid, 2)
    crs, icans, labs = repo.crs(pid), repo.icans(pid), repo.labs(pid)
    [episode] = [
        e for e in episodes_for(pid, {"crs": crs, "icans": icans, "lab": labs}) if e.toxicity == "crs"
    ]
    assert episode.is_open and episode.peak_grade == 3
    flags = patient_flags(
        patient, repo.doses(pid), {"crs": crs, "icans": icans, "lab": labs}, NOW.date(), NOW
    )
    assert [f.rule for f in flags if f.toxicity == "crs"].count(FlagRule.DOSE_DURING_EPISODE) == 1


def test_a_lone_not_gradable_crs_opens_no_episode(repo: Any, make_patient: Callable[..., Patient]) -> None:
    pid = make_patient().id
    repo.add_crs(_crs(pid, 3, None, "multiple_vasopressors"))
    assert episodes_for(pid, {"crs": repo.crs(pid)}) == []


def test_icans_without_ice_and_all_else_normal_does_not_close_an_episode(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    items = tuple(i < 2 for i in range(10))  # ICE 2/10: grade 3
    repo.add_icans(IcansAssessment(pid, NOW - dt.timedelta(hours=5), Consciousness.ALERT, items))
    stored = repo.add_icans(
        IcansAssessment(pid, NOW - dt.timedelta(hours=1), Consciousness.ALERT, None, "intubated")
    )
    assert stored.grade is None
    assert stored.reasons[0].startswith("Not gradable: ICE not assessed")
    [episode] = episodes_for(pid, {"icans": repo.icans(pid)})
    assert episode.is_open and episode.peak_grade == 3


def test_correcting_in_the_missing_temperature_regrades(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    stored = repo.add_crs(_crs(pid, 3, None, "fluids"))
    fixed = repo.correct("crs", stored.id, {"temperature_c": 38.7}, "temperature found in the nursing chart")
    assert fixed.grade == 2


def test_attribution_is_stored_shown_and_not_graded(repo: Any, make_patient: Callable[..., Patient]) -> None:
    pid = make_patient().id
    repo.add_crs(_crs(pid, 10, 39.0, "one_vasopressor"))
    stored = repo.add_crs(_crs(pid, 5, 39.2, "fluids", attributed_to="line infection"))
    assert (stored.attributed_to, stored.grade) == ("line infection", None)
    assert stored.reasons == ("Not graded as CRS: attributed to line infection",)
    [episode] = episodes_for(pid, {"crs": repo.crs(pid)})
    assert episode.is_open  # an attributed assessment closes nothing either


def test_bulk_insert_stores_not_gradable_too(repo: Any) -> None:
    patient = Patient("B-1", "SC 250/500", NOW.date() - dt.timedelta(days=20))
    [pid] = repo.bulk_insert([PatientBundle(patient, crs=(_crs(0, 3, None, "fluids"),))])
    [stored] = repo.crs(pid)
    assert stored.grade is None and stored.reasons[0].startswith("Not gradable")


def test_grade_5_is_counted_apart_from_grade_3_to_4(repo: Any, make_patient: Callable[..., Patient]) -> None:
    """A death is never folded into the trial's grade 3-4 count: each patient counts once, at their worst."""
    died, severe, mild = make_patient(), make_patient(), make_patient()
    for patient in (died, severe, mild):
        _given_dose(repo, patient.id, 30)
    repo.add_crs(_crs(died.id, 20, 39.0, "multiple_vasopressors"))
    last = repo.add_crs(_crs(died.id, 10, 39.5, "multiple_vasopressors"))
    repo.correct("crs", last.id, {"override_grade": 5, "override_reason": "died of CRS"}, "death")
    repo.add_crs(_crs(severe.id, 10, 39.0, "one_vasopressor"))
    repo.add_crs(_crs(mild.id, 10, 38.5))
    pooled = next(c for c in repo.cohort_counts(reuse=False) if c.regimen == "All")
    assert (pooled.patients_treated, pooled.grade3plus["crs"], pooled.grade5["crs"]) == (3, 1, 1)
    assert pooled.grade5["crs"] == 1 and pooled.grade5["icans"] == 0


def test_not_gradable_counts_in_no_rate(repo: Any, make_patient: Callable[..., Patient]) -> None:
    patient = make_patient()
    _given_dose(repo, patient.id, 30)
    repo.add_crs(_crs(patient.id, 10, None, "multiple_vasopressors"))
    pooled = next(c for c in repo.cohort_counts(reuse=False) if c.regimen == "All")
    assert (pooled.grade3plus["crs"], pooled.grade5["crs"]) == (0, 0)
    rows = repo.patient_rows([patient.id], NOW.date())
    assert rows[0].worst_crs is None


def test_attribution_can_be_added_by_a_correction(repo: Any, make_patient: Callable[..., Patient]) -> None:
    pid = make_patient().id
    stored = repo.add_crs(_crs(pid, 2, 38.1))
    fixed = repo.correct("crs", stored.id, {"attributed_to": "transfusion reaction"}, "reviewed")
    assert fixed.grade is None
    assert fixed.reasons == ("Not graded as CRS: attributed to transfusion reaction",)


def test_open_episodes_for_today_leave_not_gradable_assessments_out(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    """Today's open-episode lines (repo.open_episodes) follow the episode rule: a not-gradable
    assessment neither opens an episode nor moves its onset, peak or last graded time."""
    graded, alone = make_patient(), make_patient()
    repo.add_crs(_crs(graded.id, 10, None))  # not gradable, before the episode
    repo.add_crs(_crs(graded.id, 8, 38.6, "fluids"))  # grade 2: opens it
    repo.add_crs(_crs(graded.id, 2, None, "multiple_vasopressors"))  # not gradable, after
    repo.add_crs(_crs(alone.id, 3, None, "one_vasopressor"))  # only not gradable: no episode
    found = repo.open_episodes("crs", [graded.id, alone.id])
    assert list(found) == [graded.id]
    episode = found[graded.id]
    assert (episode.onset, episode.peak, episode.last_assessed) == (
        NOW - dt.timedelta(hours=8),
        2,
        NOW - dt.timedelta(hours=8),
    )
