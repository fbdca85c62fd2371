"""Issue 15: one lab sample is several records (its ANC and one per other lab term), written by
`Repository.add_records` in one transaction: all of them, or, when one is refused, none."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from clinical.choices import DoseStatus
from clinical.errors import ValidationError
from clinical.flags import patient_flags
from clinical.model import LabResult, Patient
from clinical.toxicities import ToxicityRecord

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DRAWN = NOW - dt.timedelta(hours=1)
PLT = "platelet_count_decreased"
ALT = "alanine_aminotransferase_increased"


def _sample(pid: Any, platelets: float = 20.0, alt: float = 240.0, source: str = "City lab") -> list:
    return [
        ("lab", LabResult(pid, DRAWN, 2.5, lln=1.8)),
        (
            PLT,
            ToxicityRecord(
                PLT, pid, DRAWN, {"platelets": platelets, "platelets_lln": 150, "lab_source": source}
            ),
        ),
        (ALT, ToxicityRecord(ALT, pid, DRAWN, {"alt": alt, "alt_uln": 40, "lab_source": source})),
    ]


def test_a_sample_is_stored_as_one_record_per_value_graded_each(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    repo.start_cycle(pid, (NOW - dt.timedelta(days=5)).date())
    dose = repo.doses(pid)[0]
    given = NOW - dt.timedelta(hours=48)
    repo.record_dose(dose.id, DoseStatus.GIVEN, given_at=given, amount_ug=dose.planned_ug)
    before = repo.audit_head()[0]
    lab, platelets, alt = repo.add_records(_sample(pid))
    assert (lab.grade, platelets.grade, alt.grade) == (0, 4, 3)
    assert platelets.reasons[0] == "Grade 4: platelet count 20 x10^9/L is below 25"
    assert repo.records(PLT, pid) == [platelets] and repo.records(ALT, pid) == [alt]
    assert repo.labs(pid) == [lab] and lab.drawn_at == platelets.assessed_at == alt.assessed_at
    assert repo.audit_head()[0] == before + 3  # each record audited as a single write is
    # a grade 4 platelet count flags the patient, with no trial comparator
    flags = patient_flags(repo.get_patient(pid), repo.doses(pid), repo.records_by_kind(pid), NOW.date(), NOW)
    flagged = {f.toxicity: f for f in flags}
    assert {PLT, ALT} <= set(flagged)
    assert "no trial comparator" in flagged[PLT].message.lower() and flagged[PLT].trial_rate is None


@pytest.mark.parametrize("bad", ["platelets", "alt"])
def test_a_refused_value_leaves_nothing_of_the_sample(
    repo: Any, make_patient: Callable[..., Patient], bad: str
) -> None:
    pid = make_patient().id
    head = repo.audit_head()
    items = _sample(pid, platelets=6000.0) if bad == "platelets" else _sample(pid, alt=-1.0)
    with pytest.raises(ValidationError) as refused:
        repo.add_records(items)
    assert refused.value.field == bad
    assert repo.labs(pid) == [] and repo.records(PLT, pid) == [] and repo.records(ALT, pid) == []
    assert repo.audit_head() == head  # not one audit entry: the ANC written first was rolled back


def test_the_limits_last_used_for_a_lab_source_are_found(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    repo.add_records(_sample(pid, source="City lab"))
    newer = ToxicityRecord(PLT, pid, NOW, {"platelets": 200, "platelets_lln": 140, "lab_source": "City lab"})
    stored = repo.add_record(PLT, newer)
    other = ToxicityRecord(PLT, pid, NOW, {"platelets": 200, "platelets_lln": 130, "lab_source": "Ward"})
    repo.add_record(PLT, other)
    assert repo.last_inputs(PLT, "lab_source", "City lab")["platelets_lln"] == 140
    repo.void(PLT, stored.id, "entered in error")
    assert repo.last_inputs(PLT, "lab_source", "City lab")["platelets_lln"] == 150  # voided: not offered
    assert repo.last_inputs(PLT, "lab_source", "Elsewhere") is None
    assert repo.last_inputs(ALT, "lab_source", "Ward") is None
