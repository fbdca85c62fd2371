"""The treatment-emergent window (issue 11): its edges, case by case, and the episode rule."""

from __future__ import annotations

import datetime as dt

import pytest

from clinical.choices import DoseStatus
from clinical.findings import Episode
from clinical.model import CycleId, Dose, PatientId
from clinical.treatment_window import (
    TREATMENT_EMERGENT_DAYS,
    WINDOW_TEXT,
    TreatmentWindow,
    emergent_grade3_at,
    treatment_window,
)

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
PID = PatientId(1)


def at(days: float) -> dt.datetime:
    return T0 + dt.timedelta(days=days)


def dose(days: float | None, status: DoseStatus = DoseStatus.GIVEN, voided: bool = False) -> Dose:
    given = at(days) if days is not None else None
    amount = 250.0 if status is DoseStatus.GIVEN else None
    return Dose(PID, CycleId(1), 1, T0.date(), 250.0, status, given, amount, voided=voided)


def episode(*grades: tuple[float, int]) -> Episode:
    points = tuple((at(d), g) for d, g in grades)
    peak = max(points, key=lambda p: p[1])
    return Episode("neutropenia", PID, points[0][0], peak[1], peak[0], None, points)


def test_the_setting_and_its_sentence() -> None:
    assert TREATMENT_EMERGENT_DAYS == 30  # docs/clinical-additions.md §3 (NCT02412306)
    assert WINDOW_TEXT == "from the first given dose to 30 days after the last given dose"


def test_window_from_given_non_voided_doses_only() -> None:
    doses = [
        dose(5),
        dose(0),
        dose(9),
        dose(-3, voided=True),
        dose(20, DoseStatus.PLANNED),
        dose(None, DoseStatus.HELD),
    ]
    window = treatment_window(doses)
    assert (window.first_dose, window.last_dose) == (at(0), at(9))
    assert window.end == at(9 + 30)
    assert treatment_window([]) == TreatmentWindow(None, None)
    assert TreatmentWindow(None, None).end is None


@pytest.mark.parametrize(
    ("days", "baseline", "holds"),
    [
        (-0.001, True, False),  # a moment before the first dose
        (0, False, True),  # at the first dose
        (5, False, True),
        (39, False, True),  # exactly 30 days after the last dose (day 9)
        (39.001, False, False),
    ],
)
def test_window_edges(days: float, baseline: bool, holds: bool) -> None:
    window = TreatmentWindow(at(0), at(9))
    assert window.is_baseline(at(days)) is baseline
    assert window.holds(at(days)) is holds


def test_a_window_cannot_be_changed_after_it_is_made() -> None:
    import dataclasses

    window = TreatmentWindow(at(0), at(9))
    with pytest.raises(dataclasses.FrozenInstanceError):
        window.first_dose = at(1)  # type: ignore[misc]


def test_no_dose_given_everything_is_baseline() -> None:
    window = TreatmentWindow(None, None)
    assert window.is_baseline(at(100)) and not window.holds(at(100))


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        (((-1, 4), (2, 4)), None),  # grade 4 brought to treatment, still 4
        (((-1, 3), (2, 4)), 2),  # worsened on treatment
        (((-1, 2), (1, 3)), 1),
        (((1, 2), (2, 3), (3, 4)), 2),  # the first grade >= 3 time
        (((1, 2),), None),  # never grade 3
        (((45, 3),), None),  # after the window
        (((-2, 3),), None),  # only before the first dose
        (((38, 3),), 38),  # inside the window's last days
    ],
)
def test_emergent_grade3_at(grades: tuple[tuple[float, int], ...], expected: float | None) -> None:
    found = emergent_grade3_at(episode(*grades), TreatmentWindow(at(0), at(9)))
    assert found == (None if expected is None else at(expected))
