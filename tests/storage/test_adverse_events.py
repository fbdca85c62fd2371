"""The adverse-event log through the storage API (issue 15): a data-defined kind, so the generic
verbs store, validate, correct, void, undo and audit it with no adverse-event code in storage/.

The inputs new with it are checked at the storage boundary: a CTCAE term from the list, a grade
among that term's own sentences, a resolution time (stored as UTC text, not before the onset, not in
the future), the seriousness ticks (stored in their list's order; none ticked is "not serious").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from clinical.episodes import episodes_for
from clinical.errors import ValidationError
from clinical.model import Patient
from clinical.toxicities import ToxicityRecord
from storage.replay import replay_problems

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
AE = "adverse_event"


def _ae(pid: Any, hours_ago: float = 3, **values: Any) -> ToxicityRecord:
    inputs = {"term": "Tremor", "grade": "2", **values}
    return ToxicityRecord(AE, pid, NOW - dt.timedelta(hours=hours_ago), inputs)


def test_an_adverse_event_is_stored_graded_and_normalised(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    resolved = (NOW - dt.timedelta(hours=1)).astimezone(dt.timezone(dt.timedelta(hours=2)))
    stored = repo.add_record(
        AE,
        _ae(
            pid,
            serious=["important_medical_event", "hospitalisation"],
            resolved_at=resolved,
            relatedness="possible",
            action="held",
            outcome="recovered",
            infection_site="",
        ),
    )
    assert (stored.grade, stored.scale) == (2, "CTCAE v5.0")
    assert stored.reasons == ("Grade 2 Tremor: Moderate symptoms; limiting instrumental ADL",)
    assert stored.values["serious"] == ("hospitalisation", "important_medical_event")  # the list's order
    assert stored.values["resolved_at"] == (NOW - dt.timedelta(hours=1)).isoformat()  # UTC text
    assert (stored.values["relatedness"], stored.values["action"], stored.values["outcome"]) == (
        "possible",
        "held",
        "recovered",
    )
    assert repo.get_record(AE, stored.id) == stored == repo.records(AE, pid)[0]
    plain = repo.add_record(AE, _ae(pid, serious=[]))
    assert plain.values["serious"] is None and plain.values["resolved_at"] is None


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"term": "Aphasia"}, "term"),  # not a CTCAE v5.0 term (clinical-reference-2.md §4)
        ({"grade": "4"}, "grade"),  # Tremor defines grades 1-3 only
        ({"term": "Tumor lysis syndrome", "grade": "2"}, "grade"),  # grades 3-5 only
        ({"grade": "0"}, "grade"),  # an event is not recorded at grade 0: it resolves
        ({"resolved_at": "soon"}, "resolved_at"),
        ({"serious": ["hospitalisation", "bad"]}, "serious"),
        ({"relatedness": "maybe"}, "relatedness"),
        ({"term": "Investigations - Other, specify"}, "term_name"),
    ],
)
def test_what_the_log_refuses(
    repo: Any, make_patient: Callable[..., Patient], values: dict[str, object], field: str
) -> None:
    pid = make_patient().id
    with pytest.raises(ValidationError) as refused:
        repo.add_record(AE, _ae(pid, **values))
    assert refused.value.field == field
    assert repo.records(AE, pid) == []


def test_a_resolution_before_the_onset_or_in_the_future_is_refused(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    for resolved in (NOW - dt.timedelta(hours=4), NOW + dt.timedelta(days=3)):
        with pytest.raises(ValidationError) as refused:
            repo.add_record(AE, _ae(pid, hours_ago=3, resolved_at=resolved))
        assert refused.value.field == "resolved_at"


def test_correct_void_undo_and_history_round_trip(repo: Any, make_patient: Callable[..., Patient]) -> None:
    pid = make_patient().id
    stored = repo.add_record(AE, _ae(pid, grade="1"))
    resolved = NOW - dt.timedelta(hours=1)
    corrected = repo.correct(
        AE, stored.id, {"grade": "3", "resolved_at": resolved, "outcome": "recovered"}, "grade misread"
    )
    assert (corrected.grade, corrected.effective_grade) == (3, 3)
    assert corrected.reasons == ("Grade 3 Tremor: Severe symptoms; limiting self care ADL",)
    assert corrected.values["resolved_at"] == resolved.isoformat()
    # another term: the grade must be one the new term defines
    with pytest.raises(ValidationError) as refused:
        repo.correct(AE, stored.id, {"term": "Tumor lysis syndrome", "grade": "2"}, "wrong term")
    assert refused.value.field == "grade"
    moved = repo.correct(AE, stored.id, {"term": "Headache", "grade": "2"}, "wrong term")
    assert moved.reasons == ("Grade 2 Headache: Moderate pain; limiting instrumental ADL",)
    repo.void(AE, stored.id, "entered in error")
    assert repo.records(AE, pid) == []
    repo.unvoid(AE, stored.id, "Undo: void")
    assert repo.records(AE, pid) == [repo.get_record(AE, stored.id)]
    history = repo.history(AE, stored.id)
    assert [e.action for e in history] == ["insert", "correct", "correct", "void", "unvoid"]
    assert history[1].reason == "grade misread" and history[1].changes["effective_grade"] == (1, 3)
    assert history[2].changes["effective_grade"] == (3, 2)
    assert repo.verify_audit() == [] and replay_problems(repo._conn) == []


def test_event_records_give_the_patients_with_an_open_or_recent_event(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    open_one, recent, old_closed, none = (make_patient().id for _ in range(4))
    repo.add_record(AE, _ae(open_one, hours_ago=24 * 30))  # a month ago, still open
    closed = NOW - dt.timedelta(days=20)
    repo.add_record(AE, _ae(open_one, hours_ago=24 * 25, term="Headache", resolved_at=closed))
    repo.add_record(AE, _ae(recent, hours_ago=5, resolved_at=NOW - dt.timedelta(hours=1)))
    repo.add_record(AE, _ae(old_closed, hours_ago=24 * 30, resolved_at=closed))
    voided = repo.add_record(AE, _ae(none, hours_ago=2))
    repo.void(AE, voided.id, "entered in error")
    found = repo.event_records(AE, [open_one, recent, old_closed, none], NOW - dt.timedelta(days=14))
    assert sorted(found) == sorted([open_one, recent])
    assert [r.values["term"] for r in found[open_one]] == ["Tremor", "Headache"]  # all of that patient's
    episodes = episodes_for(open_one, {AE: found[open_one]})
    assert [(e.name, e.is_open) for e in episodes] == [("Tremor", True), ("Headache", False)]
    with pytest.raises(ValueError, match="not events"):
        repo.event_records("injection_site_reaction", [open_one], NOW)
