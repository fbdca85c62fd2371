"""Every grade >= 3 flag sentence of CRS, ICANS and neutropenia, case by case, as the per-kind code
said them before the rules became generic over the registry (issue 14).

flag_wording_before_registry.json holds what commit 6e7e37c (the last with clinical/flags.py's
`_LABELS` table and the `Toxicity` enum) printed for each case below, run in Berlin time: rule,
severity, whole message, time, trial rate, toxicity, record kind and id. The generic rules must say
exactly the same for these three toxicities; a changed word fails the case that shows it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from clinical.choices import Consciousness, DoseStatus, Hypotension, Oxygen
from clinical.cohort_flags import cohort_flags
from clinical.findings import CohortCount, Flag
from clinical.flags import patient_flags
from clinical.incidence import cohort_comparisons
from clinical.model import (
    CrsAssessment,
    CrsId,
    CycleId,
    Dose,
    DoseId,
    IcansAssessment,
    IcansId,
    LabId,
    LabResult,
)
from tests.clinical.test_flags import NOW, PATIENT, PID, T0, TODAY, h

BEFORE = json.loads((Path(__file__).parent / "flag_wording_before_registry.json").read_text("utf-8"))


@pytest.fixture(autouse=True)
def _in_berlin(berlin: None) -> None:
    """The golden sentences were printed in Berlin time (tests/conftest.py `berlin`)."""


def _record(kind: str, at: dt.datetime, grade: int, rid: int) -> object:
    if kind == "crs":
        return CrsAssessment(PID, at, 37.0, Hypotension.NONE, Oxygen.NONE, grade=grade, id=CrsId(rid))
    if kind == "icans":
        return IcansAssessment(PID, at, Consciousness.ALERT, grade=grade, id=IcansId(rid))
    anc = 0.4 if grade >= 4 else 0.7 if grade == 3 else 2.0
    return LabResult(PID, at, anc, grade=grade, id=LabId(rid))


def _given(day: int, at: dt.datetime, rid: int) -> Dose:
    planned = T0.date() + dt.timedelta(days=day - 1)
    return Dose(PID, CycleId(1), day, planned, 250.0, DoseStatus.GIVEN, at, 250.0, id=DoseId(rid))


def _flags(doses: Sequence[Dose], kind: str, records: Sequence[object]) -> list[Flag]:
    return patient_flags(PATIENT, doses, {kind: records}, TODAY, NOW)


# name -> (doses, records) for one kind and grade: the timelines the golden file was printed from.
_Scenario = Callable[[str, int], list[Flag]]
SCENARIOS: dict[str, _Scenario] = {
    "emergent": lambda k, g: _flags(
        [_given(1, h(-2), 90)], k, [_record(k, h(0), 1, 1), _record(k, h(6), g, 2)]
    ),
    "baseline": lambda k, g: _flags([_given(1, h(5), 90)], k, [_record(k, h(0), g, 3)]),
    "no dose": lambda k, g: _flags([], k, [_record(k, h(0), g, 4)]),
    "late": lambda k, g: _flags([_given(1, h(-2), 90)], k, [_record(k, h(24 * 40), g, 5)]),
    "dose during": lambda k, g: _flags(
        [_given(1, h(-2), 90), _given(2, h(26), 91)], k, [_record(k, h(0), g, 6), _record(k, h(50), 0, 7)]
    ),
}
CASES = [
    (kind, name, grade)
    for kind in ("crs", "icans", "lab")
    for grade in range(3, (4 if kind == "lab" else 5) + 1)
    for name in SCENARIOS
]


def _row(flag: Flag) -> list[object]:
    return [
        flag.rule.value,
        flag.severity.value,
        flag.message,
        flag.at.isoformat(),
        flag.trial_rate,
        flag.toxicity,
        flag.record_kind,
        flag.record_id,
    ]


def test_the_golden_file_has_every_case_and_no_other() -> None:
    assert set(BEFORE) == {f"{kind} {name} {grade}" for kind, name, grade in CASES} | {"cohort"}


@pytest.mark.parametrize(("kind", "name", "grade"), CASES, ids=lambda value: str(value))
def test_patient_flag_sentences_are_unchanged(kind: str, name: str, grade: int) -> None:
    flags = SCENARIOS[name](kind, grade)
    assert [_row(flag) for flag in flags] == BEFORE[f"{kind} {name} {grade}"]


def test_cohort_sentences_are_unchanged() -> None:
    counts = [
        CohortCount(regimen, 10, 20, 200, 210, {"crs": 9, "icans": 8, "neutropenia": 9})
        for regimen in ("SC 500/1000", "All")
    ]
    flags = cohort_flags(cohort_comparisons(counts), now=NOW)
    assert [_row(flag) for flag in flags] == BEFORE["cohort"]
