"""The temperature vital sign through the storage API (issue 11): stored ungraded, validated at the
boundary in a sentence, and kept in the flag history as long as febrile neutropenia can read it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from clinical.errors import ValidationError
from clinical.febrile_neutropenia import FN_WINDOW
from clinical.findings import FlagRule
from clinical.flags import patient_flags
from clinical.model import LabResult, Patient
from clinical.toxicities import ToxicityRecord

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _temp(pid: Any, hours_ago: float, celsius: object) -> ToxicityRecord:
    return ToxicityRecord("temperature", pid, NOW - dt.timedelta(hours=hours_ago), {"temperature_c": celsius})


def test_a_temperature_is_stored_without_a_grade(repo: Any, make_patient: Callable[..., Patient]) -> None:
    pid = make_patient().id
    stored = repo.add_record("temperature", _temp(pid, 1, 38.6))
    assert stored.id is not None and stored.recorded_by == "tester"
    assert stored.grade is None and stored.effective_grade is None
    assert stored.values["temperature_c"] == 38.6
    assert repo.records("temperature", pid) == [stored]
    assert repo.records_by_kind(pid)["temperature"] == [stored]
    assert repo.not_gradable_since("temperature", [pid], NOW - dt.timedelta(days=1)) == {}
    assert repo.verify_audit() == []


@pytest.mark.parametrize("celsius", [55, 3, 29.9, 45.1, "38.5"])
def test_an_out_of_range_temperature_is_refused_in_a_sentence(
    repo: Any, make_patient: Callable[..., Patient], celsius: object
) -> None:
    pid = make_patient().id
    with pytest.raises(ValidationError) as refused:
        repo.add_record("temperature", _temp(pid, 1, celsius))
    assert "30" in str(refused.value) and "45" in str(refused.value)
    assert repo.records("temperature", pid) == []


def test_a_missing_temperature_is_refused(repo: Any, make_patient: Callable[..., Patient]) -> None:
    pid = make_patient().id
    with pytest.raises(ValidationError):
        repo.add_record("temperature", ToxicityRecord("temperature", pid, NOW, {}))
    assert repo.records("temperature", pid) == []


def test_the_flag_history_keeps_temperatures_febrile_neutropenia_can_read(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    """A lab at `since` with ANC 0.4 is febrile neutropenia with a fever 20 h before it: the cut
    history keeps that fever (and drops one older than the 24 h window), so the batch flags match."""
    patient = make_patient()
    pid = patient.id
    since = NOW - dt.timedelta(hours=4)
    old = repo.add_record("temperature", _temp(pid, 4 + 25, 39.2))
    recent = repo.add_record("temperature", _temp(pid, 4 + 20, 38.9))
    repo.add_lab(LabResult(pid, since, 0.4))
    history = repo.flag_histories([pid], since)[pid]
    assert history.records["temperature"] == [recent]
    assert old not in history.records["temperature"] and since - old.assessed_at > FN_WINDOW
    flags = patient_flags(history.patient, history.doses, history.records_by_kind, NOW.date(), NOW)
    assert [f.rule for f in flags if f.rule is FlagRule.FEBRILE_NEUTROPENIA] == [FlagRule.FEBRILE_NEUTROPENIA]
