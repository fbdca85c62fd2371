"""Batched reads for Today: each answers for every patient in one query what the per-patient reads
answer one patient at a time, and the cut flag histories give the same recent flags as full ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.demo import generate_cohort
from clinical.findings import Flag, FlagRule
from clinical.flags import patient_flags
from clinical.model import CrsAssessment, LabResult, PatientId

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.astimezone().date()
RECENT = dt.timedelta(days=14)


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A 60-patient demo cohort written by bulk_insert, one patient voided, clock pinned."""
    from storage import Repository

    path: Path = tmp_path_factory.mktemp("batch") / "cohort.db"
    repo = Repository.open(path, user="tester", clock=lambda: NOW)
    ids = repo.bulk_insert(list(generate_cohort(60, 11, TODAY)))
    voided = next(pid for pid in ids if any(d.status is DoseStatus.PLANNED for d in repo.doses(pid)))
    repo.void("patient", voided, "entered in error")
    yield repo
    repo.close()


def _live_ids(repo: Any) -> list[PatientId]:
    return list(repo.patient_ids())


def _recent(flags: list[Flag], since: dt.datetime) -> list[Flag]:
    return [f for f in flags if f.rule != FlagRule.OVERDUE_DOSE and f.at >= since]


def test_doses_due_by_matches_the_per_patient_reads(cohort: Any) -> None:
    due = cohort.doses_due_by(TODAY)
    expected = {}
    for pid in _live_ids(cohort):
        open_doses = [
            d for d in cohort.doses(pid) if d.status is DoseStatus.PLANNED and d.planned_date <= TODAY
        ]
        if open_doses:
            expected[pid] = open_doses
    assert due == expected
    assert due, "the demo cohort should have some planned doses due"


def test_doses_due_by_leaves_out_voided_patients(cohort: Any) -> None:
    voided = set(cohort._scalar("SELECT group_concat(id) FROM patient WHERE voided = 1").split(","))
    assert voided and not {str(pid) for pid in cohort.doses_due_by(TODAY)} & voided


def test_doses_given_between_matches_the_per_patient_reads(cohort: Any) -> None:
    start, end = NOW - dt.timedelta(days=20), NOW - dt.timedelta(days=5)
    given = cohort.doses_given_between(start, end)
    expected = {}
    for pid in cohort._rows("SELECT id FROM patient"):
        doses = [
            d
            for d in cohort.doses(pid["id"])
            if d.status is DoseStatus.GIVEN and d.given_at is not None and start <= d.given_at <= end
        ]
        if doses:
            expected[pid["id"]] = doses
    assert given == expected and given
    some = list(given)[::2]
    assert cohort.doses_given_between(start, end, some) == {pid: given[pid] for pid in some}


@pytest.mark.parametrize("kind", ["crs", "icans"])
def test_assessment_times_match_the_per_patient_reads(cohort: Any, kind: str) -> None:
    pids = _live_ids(cohort)[::2]
    start, end = NOW - dt.timedelta(days=40), NOW
    times = cohort.assessment_times(kind, pids, start, end)
    read = cohort.crs if kind == "crs" else cohort.icans
    expected = {}
    for pid in pids:
        found = [a.assessed_at for a in read(pid) if start <= a.assessed_at <= end]
        if found:
            expected[pid] = found
    assert times == expected and times


@pytest.mark.parametrize("days_back", [0, 14, 30, 60])
def test_cut_flag_histories_give_the_same_recent_flags_as_full_ones(cohort: Any, days_back: int) -> None:
    now = NOW - dt.timedelta(days=days_back)
    since, today = now - RECENT, now.astimezone().date()
    pids = _live_ids(cohort)
    histories = cohort.flag_histories(pids, since)
    compared = 0
    for pid in pids:
        h = histories[pid]
        full = patient_flags(
            cohort.get_patient(pid),
            cohort.doses(pid),
            {"crs": cohort.crs(pid), "icans": cohort.icans(pid), "lab": cohort.labs(pid)},
            today,
            now,
        )  # fmt: skip
        cut = patient_flags(h.patient, h.doses, {"crs": h.crs, "icans": h.icans, "lab": h.labs}, today, now)
        assert _recent(cut, since) == _recent(full, since), pid
        compared += bool(_recent(full, since))
    assert compared, "some patients should have recent flags to compare"


def test_flag_histories_are_cut(cohort: Any) -> None:
    pids = _live_ids(cohort)
    histories = cohort.flag_histories(pids, NOW - RECENT)
    kept = sum(len(h.crs) + len(h.icans) + len(h.labs) + len(h.doses) for h in histories.values())
    full = sum(
        len(cohort.crs(p)) + len(cohort.icans(p)) + len(cohort.labs(p)) + len(cohort.doses(p)) for p in pids
    )
    assert kept < full


def test_an_old_open_episode_still_flags_a_recent_dose(repo: Any, make_patient: Any) -> None:
    """The grade 3 assessment is older than the window, but no grade 0 closed the episode."""
    start = dt.date.today() - dt.timedelta(days=30)
    patient = make_patient(enrolment_date=start)
    cycle = repo.start_cycle(patient.id, start)
    onset = dt.datetime.combine(start, dt.time(9), dt.UTC) + dt.timedelta(days=1)
    repo.add_crs(CrsAssessment(patient.id, onset, 38.9, Hypotension.ONE_VASOPRESSOR, Oxygen.NONE))
    now = repo.now()
    recent_dose = next(
        d for d in repo.doses(patient.id, cycle.id) if d.planned_date >= start + dt.timedelta(days=25)
    )
    given_at = min(now, dt.datetime.combine(recent_dose.planned_date, dt.time(12), dt.UTC))
    repo.record_dose(recent_dose.id, DoseStatus.GIVEN, given_at=given_at, amount_ug=recent_dose.planned_ug)
    since = now - RECENT
    h = repo.flag_histories([patient.id], since)[patient.id]
    flags = _recent(
        patient_flags(
            h.patient, h.doses, {"crs": h.crs, "icans": h.icans, "lab": h.labs}, dt.date.today(), now
        ),
        since,
    )
    assert [f.rule for f in flags] == [FlagRule.DOSE_DURING_EPISODE]
    assert [a.assessed_at for a in h.crs] == [onset]


def test_repeated_normal_counts_are_left_out_but_low_anc_is_kept(repo: Any, make_patient: Any) -> None:
    patient = make_patient()
    now = repo.now()
    draws = [
        (now - dt.timedelta(days=20 - i), anc) for i, anc in enumerate([3.0, 3.1, 0.4, 3.2, 3.3, 3.4, 0.8])
    ]
    for at, anc in draws:
        repo.add_lab(LabResult(patient.id, at, anc=anc))
    h = repo.flag_histories([patient.id], now - RECENT)[patient.id]
    # from the last grade 0 before the cut (day -15's 3.4, itself dropped: nothing is open before
    # it): kept are grade > 0 (day -14's 0.8, a recent grade 4), a zero right after one, ANC < 1.0
    assert [lab.anc for lab in h.labs] == [0.8]
    full = patient_flags(h.patient, [], {"lab": repo.labs(patient.id)}, dt.date.today(), now)
    cut = patient_flags(h.patient, [], {"lab": h.labs}, dt.date.today(), now)
    assert _recent(cut, now - RECENT) == _recent(full, now - RECENT)


def test_today_candidates_cover_every_patient_with_today_work(cohort: Any) -> None:
    candidates = cohort.today_candidates(TODAY)
    ids = _live_ids(cohort)
    needed = [
        row.id
        for row in cohort.patient_rows(ids, TODAY)
        if row.open_flags or (row.status == "on_treatment" and row.current_cycle is not None)
    ]
    assert set(needed) <= set(candidates) <= set(ids)
    assert candidates == [pid for pid in ids if pid in set(candidates)]  # subject id order
    assert len(candidates) < len(ids)
