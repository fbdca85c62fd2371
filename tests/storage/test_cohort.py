"""Bulk insert, cohort counts and list rows, checked against the same data read record by record."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from clinical import regimens
from clinical.choices import Consciousness, DoseReason, DoseStatus, Hypotension, Oxygen
from clinical.episodes import episodes_for
from clinical.errors import ValidationError
from clinical.grading import grade_crs
from clinical.model import (
    CrsAssessment,
    Cycle,
    CycleId,
    Dose,
    IcansAssessment,
    LabResult,
    Patient,
    PatientBundle,
    PatientId,
)
from clinical.treatment_window import emergent_grade3_at, treatment_window
from storage.schema import ASSESSMENT_TABLE, TABLES

TODAY = dt.date.today()
P0, C0 = PatientId(0), CycleId(0)  # placeholders that bulk_insert replaces


def bundle(rng: random.Random, n: int) -> PatientBundle:
    """A patient with one or two cycles, some given/held doses and random assessments."""
    regimen = rng.choice(regimens.regimen_names())
    enrolled = TODAY - dt.timedelta(days=80)
    cycles = []
    for number in range(1, rng.randint(1, 2) + 1):
        start = enrolled + dt.timedelta(days=2 + 35 * (number - 1))
        doses = []
        for planned in regimens.planned_doses(regimen, number, start):
            moment = dt.datetime.combine(planned.date, dt.time(9), dt.UTC)
            roll = rng.random()
            if planned.date < TODAY and roll < 0.7:
                dose = Dose(
                    P0,
                    C0,
                    planned.day,
                    planned.date,
                    planned.dose_ug,
                    DoseStatus.GIVEN,
                    moment,
                    planned.dose_ug,
                )
            elif planned.date < TODAY and roll < 0.8:
                dose = Dose(
                    P0,
                    C0,
                    planned.day,
                    planned.date,
                    planned.dose_ug,
                    DoseStatus.HELD,
                    reason=DoseReason.CLINICIAN_DECISION,
                )
            else:
                dose = Dose(P0, C0, planned.day, planned.date, planned.dose_ug)
            doses.append(dose)
        cycles.append((Cycle(P0, number, start), tuple(doses)))
    first = enrolled + dt.timedelta(days=3)
    at = [dt.datetime.combine(first + dt.timedelta(days=i), dt.time(12), dt.UTC) for i in range(60)]
    crs = tuple(
        CrsAssessment(
            P0,
            rng.choice(at),
            rng.choice([37.0, 38.5, 39.5]),
            rng.choice(list(Hypotension)),
            rng.choice(list(Oxygen)),
        )
        for _ in range(rng.randint(0, 3))
    )
    icans = tuple(
        IcansAssessment(
            P0, rng.choice(at), rng.choice(list(Consciousness)), tuple(rng.random() < 0.8 for _ in range(10))
        )
        for _ in range(rng.randint(0, 2))
    )
    labs = tuple(
        LabResult(P0, rng.choice(at), rng.choice([0.3, 0.8, 1.2, 3.0])) for _ in range(rng.randint(0, 3))
    )
    return PatientBundle(Patient(f"B-{n:05d}", regimen, enrolled), tuple(cycles), crs, icans, labs)


def table_counts(repo: Any) -> dict[str, int]:
    """Rows per table (every toxicity's records are the assessment table's since schema v8)."""
    tables = [*TABLES.values(), ASSESSMENT_TABLE, "audit_log"]
    return {t: int(repo._scalar(f"SELECT count(*) FROM {t}")) for t in tables}


def kind_count(repo: Any, kind: str) -> int:
    return int(repo._scalar(f"SELECT count(*) FROM {ASSESSMENT_TABLE} WHERE kind = ?", (kind,)))


@pytest.fixture
def cohort(repo: Any) -> list[PatientBundle]:
    rng = random.Random(7)
    bundles = [bundle(rng, n) for n in range(60)]
    seen: list[tuple[int, int]] = []
    repo.bulk_insert(bundles, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (60, 60)
    return bundles


def test_bulk_insert_writes_everything_with_audit_and_grades(repo: Any, cohort: list[PatientBundle]) -> None:
    counts = table_counts(repo)
    assert counts["patient"] == len(cohort)
    assert counts["dose"] == sum(len(d) for b in cohort for _, d in b.cycles)
    assert kind_count(repo, "crs") == sum(len(b.crs) for b in cohort)
    accounts = len(repo.account_events()) + len(repo.users())  # the fixture's sign-ins and two users
    assert counts["audit_log"] - accounts == sum(v for k, v in counts.items() if k != "audit_log")
    assert repo.verify_audit() == []
    for pid in repo.patient_ids():
        for stored in repo.crs(pid):
            expected = grade_crs(stored.temperature_c, stored.hypotension.value, stored.oxygen.value)
            assert (stored.grade, stored.reasons) == (expected.grade, expected.reasons)
            assert stored.recorded_by == "tester"
        for dose in repo.doses(pid):
            assert repo.get_patient(pid).id == dose.patient_id
            assert dose.cycle_id in [c.id for c in repo.cycles(pid)]


def test_bulk_insert_is_all_or_nothing(repo: Any, cohort: list[PatientBundle]) -> None:
    before, head = table_counts(repo), repo.audit_head()
    rng = random.Random(8)
    good = [bundle(rng, 1000 + n) for n in range(5)]
    bad_lab = LabResult(P0, dt.datetime.now(dt.UTC) - dt.timedelta(days=1), anc=150.0)
    bad = PatientBundle(Patient("B-BAD", "SC 250/500", TODAY - dt.timedelta(days=5)), labs=(bad_lab,))
    with pytest.raises(ValidationError) as refused_lab:
        repo.bulk_insert([*good, bad])
    assert refused_lab.value.field == "anc"
    with pytest.raises(ValidationError) as refused_id:
        repo.bulk_insert([bundle(rng, 0)])  # B-00000 exists already
    assert refused_id.value.field == "subject_id"
    assert table_counts(repo) == before and repo.audit_head() == head
    repo.bulk_insert(good)  # the chain continues correctly after a refused batch
    assert repo.verify_audit() == []


def _emergent(repo: Any, pid: PatientId, doses: list[Dose]) -> set[str]:
    """Toxicities with a treatment-emergent grade >= 3 episode, by the clinical rule on episodes."""
    window = treatment_window(doses)
    episodes = episodes_for(pid, {"crs": repo.crs(pid), "icans": repo.icans(pid), "lab": repo.labs(pid)})
    return {e.toxicity for e in episodes if emergent_grade3_at(e, window) is not None}


def expected_counts(repo: Any, regimen: str | None) -> tuple[int, ...]:
    """The CohortCount fields computed record by record, in Python."""
    treated = cycles = given = due = crs3 = icans3 = neut3 = 0
    for pid in repo.patient_ids():
        patient = repo.get_patient(pid)
        if regimen is not None and patient.regimen != regimen:
            continue
        doses = repo.doses(pid)
        n_given = sum(d.status is DoseStatus.GIVEN for d in doses)
        cycles += len(repo.cycles(pid))
        given += n_given
        due += sum(d.planned_date <= TODAY for d in doses)
        if n_given:
            treated += 1
            emergent = _emergent(repo, pid, doses)
            crs3 += "crs" in emergent
            icans3 += "icans" in emergent
            neut3 += "neutropenia" in emergent
    return treated, cycles, given, due, crs3, icans3, neut3


def test_cohort_counts_match_the_records(repo: Any, cohort: list[PatientBundle]) -> None:
    # void something so that voided records are seen to be left out
    pid = repo.patient_ids()[0]
    for a in repo.crs(pid):
        repo.void("crs", a.id, "entered in error")
    rows = {c.regimen: c for c in repo.cohort_counts(TODAY)}
    assert list(rows) == [*regimens.regimen_names(), "All"]
    for name, count in rows.items():
        got = (
            count.patients_treated,
            count.cycles,
            count.doses_given,
            count.doses_due,
            count.grade3plus["crs"],
            count.grade3plus["icans"],
            count.grade3plus["neutropenia"],
        )
        assert got == expected_counts(repo, None if name == "All" else name)
    assert rows["All"].patients_treated > 0 and rows["All"].grade3plus["crs"] > 0


def test_patient_rows_match_the_records(repo: Any, cohort: list[PatientBundle]) -> None:
    ids = repo.patient_ids()
    wanted = [ids[5], ids[0], ids[17], PatientId(99999)]  # order kept, unknown id skipped
    rows = repo.patient_rows(wanted, TODAY)
    assert [r.id for r in rows] == wanted[:3]
    since = dt.datetime.combine(TODAY - dt.timedelta(days=14), dt.time(), dt.UTC)
    for row in rows:
        patient = repo.get_patient(row.id)
        assert (row.subject_id, row.regimen, row.status) == (
            patient.subject_id,
            patient.regimen,
            patient.status,
        )
        started = [c for c in repo.cycles(row.id) if c.start_date <= TODAY]
        current = started[-1] if started else None
        assert row.current_cycle == (current.number if current else None)
        assert row.cycle_day_today == ((TODAY - current.start_date).days + 1 if current else None)
        crs = [a.effective_grade for a in repo.crs(row.id)]
        assert row.worst_crs == (max(crs) if crs else None)
        labs = [lab.grade for lab in repo.labs(row.id)]
        assert row.worst_neutropenia == (max(labs) if labs else None)
        recent = sum(a.effective_grade >= 3 and a.assessed_at >= since for a in repo.crs(row.id))
        recent += sum(a.effective_grade >= 3 and a.assessed_at >= since for a in repo.icans(row.id))
        recent += sum(lab.grade >= 3 and lab.drawn_at >= since for lab in repo.labs(row.id))
        overdue = sum(d.status is DoseStatus.PLANNED and d.planned_date < TODAY for d in repo.doses(row.id))
        assert row.open_flags == recent + overdue


def test_empty_database_counts_are_zero(repo: Any) -> None:
    counts = repo.cohort_counts()
    assert [c.regimen for c in counts] == [*regimens.regimen_names(), "All"]
    assert all(c.patients_treated == c.doses_due == 0 for c in counts)
    assert repo.patient_rows([], TODAY) == []


def _crs3_at(patient: Patient) -> CrsAssessment:
    """A grade 3 CRS assessment (fever and one vasopressor, ASTCT) of `patient` an hour ago."""
    assert patient.id is not None
    at = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)
    return CrsAssessment(patient.id, at, 39.5, Hypotension.ONE_VASOPRESSOR, Oxygen.NONE)


def _treated_without_crs3(repo: Any) -> list[Patient]:
    """Patients whose treatment-emergent window holds an hour ago and with no CRS grade >= 3 yet,
    read record by record."""
    found = []
    for pid in repo.patient_ids():
        in_window = treatment_window(repo.doses(pid)).holds(_crs3_at(repo.get_patient(pid)).assessed_at)
        if in_window and all(a.effective_grade < 3 for a in repo.crs(pid)):
            found.append(repo.get_patient(pid))
    return found


@pytest.mark.parametrize("seed", [3, 29])
def test_cohort_counts_match_a_naive_count_of_a_demo_cohort(repo: Any, seed: int) -> None:
    """The demo generator's cohort (overrides, held and missed doses, several regimens), with some
    records voided and grades overridden both ways, against the record-by-record count."""
    from clinical.demo import generate_cohort

    repo.bulk_insert(list(generate_cohort(40, seed=seed, today=TODAY)))
    rng = random.Random(seed)
    pids = repo.patient_ids()
    for pid in rng.sample(pids, 6):
        crs = repo.crs(pid)
        labs = [lab for lab in repo.labs(pid) if lab.grade >= 3]
        given = [d for d in repo.doses(pid) if d.status is DoseStatus.GIVEN]
        if crs:  # an override across the grade 3 line, in whichever direction it crosses
            target = crs[0]
            grade = 1 if target.effective_grade >= 3 else 3
            repo.correct("crs", target.id, {"override_grade": grade, "override_reason": "review"}, "review")
        if labs:
            repo.void("lab", labs[0].id, "entered in error")
        if given:
            repo.void("dose", given[-1].id, "entered in error")
    repo.void("patient", pids[-1], "entered in error")
    rows = {c.regimen: c for c in repo.cohort_counts(TODAY)}
    for name, count in rows.items():
        got = (
            count.patients_treated,
            count.cycles,
            count.doses_given,
            count.doses_due,
            count.grade3plus["crs"],
            count.grade3plus["icans"],
            count.grade3plus["neutropenia"],
        )
        assert got == expected_counts(repo, None if name == "All" else name), name
    assert rows["All"].grade3plus["crs"] > 0 and rows["All"].grade3plus["neutropenia"] > 0


def test_cohort_counts_are_reused_until_something_is_written(repo: Any, cohort: list[PatientBundle]) -> None:
    first = repo.cohort_counts(TODAY)
    assert repo.cohort_counts(TODAY) is first
    fresh = repo.cohort_counts(TODAY, reuse=False)
    assert fresh is not first and fresh == first
    assert repo.cohort_counts(TODAY) is fresh  # the recomputed result is the one kept
    patient = _treated_without_crs3(repo)[0]
    repo.add_crs(_crs3_at(patient))
    after = {c.regimen: c for c in repo.cohort_counts(TODAY)}
    before = {c.regimen: c for c in fresh}
    for name in (patient.regimen, "All"):
        assert after[name].grade3plus["crs"] == before[name].grade3plus["crs"] + 1


def test_cohort_counts_are_keyed_by_the_day(repo: Any, cohort: list[PatientBundle]) -> None:
    today = repo.cohort_counts(TODAY)
    earlier = repo.cohort_counts(TODAY - dt.timedelta(days=30))
    assert earlier is not today
    assert earlier[-1].doses_due < today[-1].doses_due  # planned doses fell due in those 30 days
    assert repo.cohort_counts(TODAY) is not today  # only the last result is kept, recomputed equal
    assert repo.cohort_counts(TODAY) == today


def test_a_rolled_back_write_does_not_leave_its_counts_behind(repo: Any, cohort: list[PatientBundle]) -> None:
    """Counted inside a transaction that then rolls back, and a different write taking the same audit
    id afterwards: the key's hash tells the two apart (an id or a row count alone would not)."""
    candidates = _treated_without_crs3(repo)
    first = candidates[0]
    second = next(p for p in candidates if p.regimen != first.regimen)
    base = {c.regimen: c.grade3plus["crs"] for c in repo.cohort_counts(TODAY)}
    with pytest.raises(RuntimeError), repo.transaction():
        repo.add_crs(_crs3_at(first))
        inside = {c.regimen: c.grade3plus["crs"] for c in repo.cohort_counts(TODAY)}
        raise RuntimeError("cancelled")
    assert inside["All"] == base["All"] + 1
    assert {c.regimen: c.grade3plus["crs"] for c in repo.cohort_counts(TODAY)} == base
    with pytest.raises(RuntimeError), repo.transaction():
        repo.add_crs(_crs3_at(first))
        repo.cohort_counts(TODAY)
        raise RuntimeError("cancelled")
    head = repo._scalar("SELECT max(id) FROM audit_log")
    repo.add_crs(_crs3_at(second))
    assert repo._scalar("SELECT max(id) FROM audit_log") == head + 1  # the id the rolled-back row had
    after = {c.regimen: c.grade3plus["crs"] for c in repo.cohort_counts(TODAY)}
    assert after["All"] == base["All"] + 1
    assert after[first.regimen] == base[first.regimen]
    assert after[second.regimen] == base[second.regimen] + 1


def test_a_read_only_session_sees_another_sessions_write(repo: Any, cohort: list[PatientBundle]) -> None:
    from storage import Repository

    with Repository.open(repo.path, read_only=True, create=False) as reader:
        before = reader.cohort_counts(TODAY)
        assert reader.cohort_counts(TODAY) is before
        repo.add_crs(_crs3_at(_treated_without_crs3(repo)[0]))
        after = reader.cohort_counts(TODAY)
    assert after[-1].grade3plus["crs"] == before[-1].grade3plus["crs"] + 1


def test_has_patients_ignores_voided_ones(repo: Any) -> None:
    assert repo.has_patients() is False
    rng = random.Random(3)
    repo.bulk_insert([bundle(rng, 0)])
    assert repo.has_patients() is True
    (only,) = repo.patient_ids()
    repo.void("patient", only, "entered in error")
    assert repo.patient_ids() == [] and repo.has_patients() is False


def _anc_bundle(first_ago: int, last_ago: int, labs: list[tuple[int, float]]) -> PatientBundle:
    """One patient on SC 250/500 whose cycle 1 began `first_ago` days ago, given its doses of
    `first_ago` and `last_ago` days ago at 09:00 UTC, with ANC values `(days_ago, anc)` at noon."""
    start = TODAY - dt.timedelta(days=first_ago)
    doses = []
    for p in regimens.planned_doses("SC 250/500", 1, start):
        if (TODAY - p.date).days in (first_ago, last_ago):
            at = dt.datetime.combine(p.date, dt.time(9), dt.UTC)
            doses.append(Dose(P0, C0, p.day, p.date, p.dose_ug, DoseStatus.GIVEN, at, p.dose_ug))
        else:
            doses.append(Dose(P0, C0, p.day, p.date, p.dose_ug))
    assert sum(d.status is DoseStatus.GIVEN for d in doses) == 2, "both days must be planned dose days"
    noon = dt.time(12)
    results = tuple(
        LabResult(P0, dt.datetime.combine(TODAY - dt.timedelta(days=ago), noon, dt.UTC), anc)
        for ago, anc in labs
    )
    patient = Patient("TE-1", "SC 250/500", start - dt.timedelta(days=10))
    return PatientBundle(patient, ((Cycle(P0, 1, start), tuple(doses)),), labs=results)


@pytest.mark.parametrize(
    ("first_ago", "last_ago", "labs", "counted"),
    [
        (34, 25, [(40, 0.3)], False),  # grade 4 before the first dose: baseline, not a toxicity
        (34, 25, [(40, 0.3), (20, 0.3)], False),  # still grade 4 on treatment: brought to treatment
        (34, 25, [(40, 0.8), (20, 0.3)], True),  # grade 3 at baseline, grade 4 on treatment: worsened
        (34, 25, [(40, 0.3), (30, 2.5), (20, 0.3)], True),  # recovered on treatment, then a new grade 4
        (34, 25, [(20, 0.3)], True),  # on treatment
        (60, 53, [(24, 0.3)], True),  # 29 days after the last dose
        (60, 53, [(23, 0.3)], False),  # 30 days and 3 hours after the last dose
    ],
)
def test_cohort_counts_only_treatment_emergent_events(
    repo: Any, first_ago: int, last_ago: int, labs: list[tuple[int, float]], counted: bool
) -> None:
    """Issue 11: only events from the first given dose to 30 days after the last count against the
    trial, and the SQL count agrees with the clinical rule on episodes (clinical.treatment_window)."""
    repo.bulk_insert([_anc_bundle(first_ago, last_ago, labs)])
    [pid] = repo.patient_ids()
    count = repo.cohort_counts(TODAY)[-1]
    assert count.patients_treated == 1
    assert count.grade3plus["neutropenia"] == int(counted)
    assert ("neutropenia" in _emergent(repo, pid, repo.doses(pid))) is counted
