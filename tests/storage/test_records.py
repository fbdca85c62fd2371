"""Issue 14 through the storage API: every registered toxicity through one set of verbs.

The injection site reaction (ISR) is the data-defined kind: a ToxicityRecord in the one assessment
table, validated from its InputSpecs, graded by its definition, linked to a given dose. CRS, ICANS
and labs go through the same verbs to their own tables. Corrections, voids, history, the audit
replay, bulk writes and the Today / flag / episode queries work for it with no ISR code in storage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.errors import NotFoundError, ValidationError
from clinical.model import CrsAssessment, Patient
from clinical.toxicities import ToxicityRecord, all_definitions, toxicities, toxicity
from storage.engine import sqlite3
from storage.replay import replay_problems
from storage.repo_records import generic_kinds

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
ISR = toxicity("injection_site_reaction").record_kind


def _given(repo: Any, pid: Any, hours_ago: float = 48, index: int = 0) -> Any:
    """The patient's `index`-th planned dose recorded as given `hours_ago` (a cycle started if none)."""
    if not repo.cycles(pid):
        repo.start_cycle(pid, (NOW - dt.timedelta(days=5)).date())
    dose = [d for d in repo.doses(pid) if d.status is DoseStatus.PLANNED][index]
    given_at = NOW - dt.timedelta(hours=hours_ago)
    return repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=given_at, amount_ug=dose.planned_ug)


def _isr(pid: Any, dose: Any, grade: object, hours_ago: float = 1, **changes: Any) -> ToxicityRecord:
    at = NOW - dt.timedelta(hours=hours_ago)
    return replace(ToxicityRecord(ISR, pid, at, {"grade": grade}, dose_id=dose.id), **changes)


def test_a_data_defined_record_is_stored_graded_by_its_definition(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    dose = _given(repo, pid)
    stored = repo.add_record(ISR, _isr(pid, dose, 3, hours_ago=2))
    later = repo.add_record(ISR, _isr(pid, dose, "0", hours_ago=1))
    assert stored.id is not None and stored.recorded_by == "tester"
    assert (stored.grade, stored.scale, stored.effective_grade) == (3, "CTCAE v5.0", 3)
    assert stored.reasons == (
        "Grade 3: Ulceration or necrosis; severe tissue damage; operative intervention indicated",
    )
    assert stored.values == {"grade": "3"} and stored.dose_id == dose.id  # the picked grade as offered
    assert repo.get_record(ISR, stored.id) == stored
    assert repo.records(ISR, pid) == [stored, later]
    by_kind = repo.records_by_kind(pid)
    assert list(by_kind) == [
        d.record_kind for d in all_definitions()
    ]  # every registered kind, empty included
    assert by_kind[ISR] == [stored, later] and by_kind["crs"] == [] and by_kind["lab"] == []
    with pytest.raises(NotFoundError):
        repo.get_record("crs", stored.id)  # an id of one kind is not a record of another


def test_typed_kinds_go_through_the_same_verbs(repo: Any, make_patient: Callable[..., Patient]) -> None:
    pid = make_patient().id
    crs = CrsAssessment(pid, NOW - dt.timedelta(hours=1), 39.2, Hypotension.NONE, Oxygen.NONE)
    stored = repo.add_record("crs", crs)
    assert stored.grade == 1 and repo.crs(pid) == [stored] == repo.records("crs", pid)
    assert repo.get_record("crs", stored.id) == stored
    assert repo.records_by_kind(pid)["crs"] == [stored]


def test_correction_regrades_from_the_corrected_input_and_is_audited(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    dose = _given(repo, pid)
    stored = repo.add_record(ISR, _isr(pid, dose, "1"))
    corrected = repo.correct(ISR, stored.id, {"grade": "4"}, "picked the wrong line")
    assert (corrected.grade, corrected.effective_grade, corrected.values) == (4, 4, {"grade": "4"})
    assert corrected.reasons[0].startswith("Grade 4: Life-threatening")
    repo.void(ISR, stored.id, "entered in error")
    assert repo.records(ISR, pid) == [] and repo.records(ISR, pid, include_voided=True)[0].voided
    assert repo.records_by_kind(pid)[ISR] == []
    repo.unvoid(ISR, stored.id, "undo")
    history = repo.history(ISR, stored.id)
    assert [e.action for e in history] == ["insert", "correct", "void", "unvoid"]
    assert history[1].reason == "picked the wrong line"
    assert history[1].changes["grade"] == (1, 4) and history[1].changes["effective_grade"] == (1, 4)
    assert repo.verify_audit() == [] and replay_problems(repo._conn) == []
    with pytest.raises(ValidationError, match="Grade"):
        repo.correct(ISR, stored.id, {"grade": "9"}, "typo")
    with pytest.raises(ValidationError, match="editable"):
        repo.correct(ISR, stored.id, {"scale": "mine"}, "typo")


def test_the_linked_dose_must_be_a_given_dose_of_the_same_patient(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid, other = make_patient().id, make_patient().id
    dose, others_dose = _given(repo, pid), _given(repo, other)
    for wrong in (others_dose.id, 999_999):
        with pytest.raises(ValidationError, match="After the dose given"):
            repo.add_record(ISR, _isr(pid, dose, "1", dose_id=wrong))
    stored = repo.add_record(ISR, _isr(pid, dose, "1"))
    with pytest.raises(ValidationError, match="given dose of this patient"):
        repo.correct(ISR, stored.id, {"dose_id": others_dose.id}, "wrong dose")
    repo.void("dose", dose.id, "entered in error")
    with pytest.raises(ValidationError, match="not voided"):
        repo.add_record(ISR, _isr(pid, dose, "1"))
    assert repo.records(ISR, pid) == [stored]


def test_a_raw_edit_of_the_assessment_table_is_caught_by_the_replay(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    stored = repo.add_record(ISR, _isr(pid, _given(repo, pid), "3"))
    conn = sqlite3.connect(repo.path)
    with conn:
        conn.execute("UPDATE assessment SET grade = 1, effective_grade = 1 WHERE id = ?", (stored.id,))
    conn.close()
    assert any("assessment row" in problem for problem in replay_problems(repo._conn))


def test_the_schema_refuses_an_effective_grade_that_is_not_the_grade_or_override(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    stored = repo.add_record(ISR, _isr(pid, _given(repo, pid), "3"))
    conn = sqlite3.connect(repo.path)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"), conn:
        conn.execute("UPDATE assessment SET effective_grade = 0 WHERE id = ?", (stored.id,))
    conn.close()


def test_bulk_insert_writes_the_bundles_records_linked_to_their_doses(repo: Any) -> None:
    from clinical.demo import generate_cohort

    bundles = []
    for bundle in generate_cohort(6, 3, NOW.date()):
        doses = [d for _, cycle_doses in bundle.cycles for d in cycle_doses]
        given = [i for i, d in enumerate(doses) if d.status is DoseStatus.GIVEN][:3]
        records = tuple(
            ToxicityRecord(
                ISR, bundle.patient.id, doses[i].given_at + dt.timedelta(hours=4), {"grade": str(n)}, i
            )  # type: ignore[arg-type, operator]
            for n, i in enumerate(given)
        )
        bundles.append((replace(bundle, records=records), [doses[i] for i in given]))
    pids = repo.bulk_insert([b for b, _ in bundles])
    written = 0
    for pid, (_, doses) in zip(pids, bundles, strict=True):
        stored = repo.records(ISR, pid)
        assert [r.grade for r in stored] == list(range(len(doses)))
        for record, dose in zip(stored, doses, strict=True):
            linked = repo.get_dose(record.dose_id)
            assert (linked.patient_id, linked.given_at, linked.status) == (
                pid,
                dose.given_at,
                DoseStatus.GIVEN,
            )
        written += len(stored)
    assert written > 0
    assert repo.verify_audit() == [] and replay_problems(repo._conn) == []


def test_bulk_insert_refuses_a_record_whose_dose_is_not_given(repo: Any) -> None:
    from clinical.demo import generate_cohort

    bundle = next(iter(generate_cohort(1, 3, NOW.date())))
    doses = [d for _, cycle_doses in bundle.cycles for d in cycle_doses]
    planned = next(i for i, d in enumerate(doses) if d.status is DoseStatus.PLANNED)
    record = ToxicityRecord(ISR, bundle.patient.id, NOW - dt.timedelta(hours=1), {"grade": "1"}, planned)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="After the dose given"):
        repo.bulk_insert([replace(bundle, records=(record,))])
    assert repo.patient_ids() == []  # all or nothing


def test_today_flags_and_episodes_cover_the_data_defined_kind(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    """A grade 3 ISR makes the patient a Today candidate, counts as an open flag in the list row,
    opens an episode and is in the flag history, with no ISR code in those queries."""
    pid = make_patient().id
    dose = _given(repo, pid, hours_ago=30)
    repo.update_patient(pid, {"status": "completed", "status_reason": "stopped"}, "stopped early")
    for planned in [d for d in repo.doses(pid) if d.status is DoseStatus.PLANNED]:
        repo.void("dose", planned.id, "not to be given")  # no overdue dose: the ISR alone decides
    assert pid not in repo.today_candidates(NOW.date())
    assert repo.patient_rows([pid], NOW.date())[0].open_flags == 0
    stored = repo.add_record(ISR, _isr(pid, dose, "3", hours_ago=6))
    assert pid in repo.today_candidates(NOW.date())
    assert repo.patient_rows([pid], NOW.date())[0].open_flags == 1
    episode = repo.open_episodes(ISR, [pid])[pid]
    assert (episode.peak, episode.onset) == (3, stored.assessed_at)
    history = repo.flag_histories([pid], NOW - dt.timedelta(days=14))[pid]
    # every data-defined kind is there (the temperature vital sign too), this patient's ISR only
    others = {kind: [] for kind in generic_kinds() if kind != ISR}
    assert {"temperature", "adverse_event", "platelet_count_decreased"} <= set(others)
    assert history.records == {ISR: [stored], **others}
    assert history.records_by_kind[ISR] == [stored]
    repo.add_record(ISR, _isr(pid, dose, "0", hours_ago=2))
    assert repo.open_episodes(ISR, [pid]) == {}
    assert repo.not_gradable_since(ISR, [pid], NOW - dt.timedelta(days=1)) == {}


def test_cohort_counts_the_data_defined_kind_by_toxicity_id(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    """Each treated patient counts once at their worst treatment-emergent ISR grade: 3-4 in
    grade3plus, 5 in grade5; a voided record and a grade below 3 count nowhere. Every registered
    toxicity id is present, 0 when none."""
    isr_id = toxicity("injection_site_reaction").id
    three, five, voided, low = (make_patient().id for _ in range(4))
    for pid, grades in ((three, ["2", "3", "4"]), (five, ["3", "5"]), (voided, ["4"]), (low, ["2"])):
        dose = _given(repo, pid, hours_ago=40)
        for hours, grade in enumerate(grades):
            repo.add_record(ISR, _isr(pid, dose, grade, hours_ago=30 - hours))
    last_voided = repo.records(ISR, voided)[0]
    repo.void(ISR, last_voided.id, "entered in error")
    [total] = [c for c in repo.cohort_counts(NOW.date(), reuse=False) if c.regimen == "All"]
    assert set(total.grade3plus) == set(total.grade5) == {d.id for d in toxicities()}
    assert (total.grade3plus[isr_id], total.grade5[isr_id]) == (1, 1)
    assert total.grade3plus["crs"] == 0 and total.patients_treated == 4
    repo.unvoid(ISR, last_voided.id, "undo")
    [total] = [c for c in repo.cohort_counts(NOW.date(), reuse=False) if c.regimen == "All"]
    assert (total.grade3plus[isr_id], total.grade5[isr_id]) == (2, 1)


def test_a_patients_records_are_read_through_the_kind_patient_index(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    """records_by_kind searches the (kind, patient_id, ...) index rather than scanning the table: by
    patient_id alone SQLite read the whole index for every patient (a 10,000-patient export)."""
    patient = make_patient()
    statements: list[str] = []
    repo._db.conn.set_trace_callback(statements.append)
    try:
        repo.records_by_kind(patient.id)
    finally:
        repo._db.conn.set_trace_callback(None)
    (query,) = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "assessment" in s]
    plan = " ".join(str(row[-1]) for row in repo._db.conn.execute("EXPLAIN QUERY PLAN " + query))
    assert "SEARCH assessment USING INDEX assessment_kind_time_grade (kind=? AND patient_id=?)" in plan
