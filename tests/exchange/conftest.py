"""The exchange tests' shared fixture: a database with a dose, labs and an adverse event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from clinical.choices import DoseStatus
from clinical.model import LabResult, Patient
from clinical.toxicities import ToxicityRecord

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DRAWN = NOW - dt.timedelta(days=2, hours=3)
PLT = "platelet_count_decreased"
ALT = "alanine_aminotransferase_increased"


@pytest.fixture
def filled(repo: Any, make_patient: Callable[..., Patient]) -> Any:
    """Two patients: one with a given dose, an ANC, a platelet count, an ALT and an adverse event."""
    first = make_patient(subject_id="044-0001", name="Ada Example", mrn="MRN-1", birth_year=1960)
    make_patient(subject_id="044-0002")
    repo.start_cycle(first.id, (NOW - dt.timedelta(days=5)).date())
    dose = repo.doses(first.id)[0]
    repo.record_dose(
        dose.id, DoseStatus.GIVEN, given_at=NOW - dt.timedelta(days=4), amount_ug=dose.planned_ug
    )
    repo.add_records(
        [
            ("lab", LabResult(first.id, DRAWN, 0.4, lln=1.8)),
            (PLT, ToxicityRecord(PLT, first.id, DRAWN, {"platelets": 20.0, "platelets_lln": 150.0})),
            (ALT, ToxicityRecord(ALT, first.id, DRAWN, {"alt": 240.0, "alt_uln": 40.0})),
        ]
    )
    repo.add_record(
        "adverse_event",
        ToxicityRecord("adverse_event", first.id, DRAWN, {"term": "Tremor", "grade": "2"}),
    )
    return repo
