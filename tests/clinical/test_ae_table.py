"""The trial-style adverse event table and the serious adverse event list (clinical.ae_table, issue 15),
from hand-made storage rows: patients (not events) counted once per term at their worst
treatment-emergent grade, n and % of the group's treated patients, sorted by frequency, with the
trial's figure only where the trial reported one."""

from __future__ import annotations

import datetime as dt

import pytest

from clinical.ae_table import (
    NO_COMPARATOR,
    NO_SOC,
    AeTableRow,
    CohortEvent,
    WorstCount,
    ae_table,
    event_worst,
    n_percent,
    serious_events,
)
from clinical.findings import CohortCount
from clinical.model import PatientId
from clinical.toxicities import ToxicityRecord

FIRST = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
LAST = FIRST + dt.timedelta(days=20)
A, B = "SC 250/500", "SC 500/1000"


def day(n: float) -> dt.datetime:
    """`n` days after the first dose (negative: before it)."""
    return FIRST + dt.timedelta(days=n)


def event(
    pid: int,
    onset: float,
    grade: int,
    term: str = "Tremor",
    resolved: float | None = None,
    regimen: str = A,
    **values: object,
) -> CohortEvent:
    inputs: dict[str, object] = {"term": term, "grade": str(grade), **values}
    if resolved is not None:
        inputs["resolved_at"] = day(resolved).isoformat()
    record = ToxicityRecord("adverse_event", PatientId(pid), day(onset), inputs, grade=grade, id=pid * 100)
    return CohortEvent(f"S-{pid}", regimen, FIRST, LAST, record)


def worst(events: list[CohortEvent]) -> dict[int, int]:
    """Patient -> worst emergent grade of Tremor."""
    return {int(pid): g for (_, pid, name), g in event_worst(events).items() if name == "Tremor"}


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([event(1, 2, 2)], {1: 2}),  # on treatment
        ([event(1, -3, 2)], {}),  # before the first dose, still open: baseline
        ([event(1, -3, 2), event(1, 4, 2)], {}),  # ongoing since before treatment, not worse
        ([event(1, -3, 1), event(1, 4, 3)], {1: 3}),  # worse on treatment than brought to it
        ([event(1, -5, 2, resolved=-4), event(1, 4, 2)], {1: 2}),  # resolved before, a new one on treatment
        ([event(1, 20 + 29, 1)], {1: 1}),  # 29 days after the last dose
        ([event(1, 20 + 31, 3)], {}),  # 31 days after the last dose
        ([event(1, 1, 1, resolved=2), event(1, 9, 3), event(1, 12, 2)], {1: 3}),  # once, at the worst
    ],
)
def test_treatment_emergent_worst_grade_of_events(
    events: list[CohortEvent], expected: dict[int, int]
) -> None:
    assert worst(events) == expected


def counts(treated_a: int, treated_b: int) -> list[CohortCount]:
    return [
        CohortCount(A, treated_a, 0, 0, 0),
        CohortCount(B, treated_b, 0, 0, 0),
        CohortCount("All", treated_a + treated_b, 0, 0, 0),
    ]


def by(rows: list[AeTableRow], regimen: str) -> list[AeTableRow]:
    return [r for r in rows if r.regimen == regimen]


def test_table_counts_patients_once_per_term_by_regimen_and_pooled() -> None:
    events = [
        event(1, 1, 1),
        event(1, 5, 3),  # patient 1 once, at grade 3
        event(2, 2, 2),
        event(3, 3, 1, regimen=B),
        event(4, 1, 3, term="Sepsis", regimen=B),
        event(5, 1, 2, term="Immune system disorders - Other, specify", term_name="Hypogammaglobulinaemia"),
    ]
    worst_counts = [WorstCount(A, "crs", 1, 3), WorstCount(A, "crs", 3, 1), WorstCount(B, "crs", 4, 2)]
    rows = ae_table(counts(10, 5), worst_counts, events)
    pooled = {r.term: r for r in by(rows, "All")}
    tremor = pooled["Tremor"]
    assert (tremor.any_grade, tremor.grade3plus, tremor.patients, tremor.soc) == (
        3,
        1,
        15,
        "Nervous system disorders",
    )
    assert (tremor.trial_rate, tremor.trial_text) == (None, NO_COMPARATOR)
    crs = pooled["Cytokine release syndrome (ASTCT 2019)"]
    assert (crs.any_grade, crs.grade3plus) == (6, 3)
    assert (crs.trial_rate, crs.trial_text) == (
        0.20,
        "20 % (grade 3-4, pooled)",
    )  # clinical-reference.md §1.1
    assert crs.soc == "Immune system disorders"
    other = pooled["Hypogammaglobulinaemia (Immune system disorders - Other, specify)"]
    assert (other.any_grade, other.soc) == (1, "Immune system disorders")
    a = {r.term: r for r in by(rows, A)}
    assert (a["Tremor"].any_grade, a["Tremor"].grade3plus, a["Tremor"].patients) == (2, 1, 10)
    assert "Sepsis" not in a and by(rows, B)[0].term.startswith("Cytokine")  # B: CRS 2, then the ones
    # the trial's terms are always listed, at 0 too; ICANS is no CTCAE term (graded by ASTCT 2019)
    icans = a["Immune effector cell-associated neurotoxicity syndrome (ASTCT 2019)"]
    assert (icans.any_grade, icans.soc, icans.trial_rate) == (0, NO_SOC, 0.17)
    assert a["Neutrophil count decreased"].trial_text == "22 % (grade 3-4, pooled)"


def test_table_is_sorted_by_frequency_then_grade_3_then_term() -> None:
    events = [event(1, 1, 1, term="Headache"), event(2, 1, 1, term="Fatigue"), event(3, 1, 3, term="Fatigue")]
    events += [event(4, 1, 3, term="Anorexia"), event(5, 1, 1, term="Dizziness")]
    rows = [r for r in by(ae_table(counts(10, 0), [], events), "All") if r.any_grade]
    assert [r.term for r in rows] == ["Fatigue", "Anorexia", "Dizziness", "Headache"]


def test_n_percent_is_of_patients() -> None:
    assert n_percent(3, 24) == "3 (12.5\u00a0%)"
    assert n_percent(0, 0) == "0 (0.0\u00a0%)"


def test_serious_list_keeps_what_was_recorded() -> None:
    ticked = event(
        1,
        3,
        3,
        resolved=6,
        serious=("hospitalisation",),
        relatedness="possible",
        action="held",
        outcome="recovered",
    )
    late = event(2, 80, 4, term="Sepsis", serious=("life_threatening", "hospitalisation"), outcome="fatal")
    listed = serious_events([event(3, 1, 2), late, ticked])  # patient 3's event is not serious
    assert [s.subject_id for s in listed] == ["S-1", "S-2"]
    first = listed[0]
    assert (first.term, first.grade, first.criteria) == (
        "Tremor",
        3,
        ("Hospitalisation or its prolongation",),
    )
    assert (first.relatedness, first.action, first.outcome) == ("Possibly related", "Held", "Recovered")
    assert (first.onset, first.resolved, first.emergent) == (day(3), day(6), True)
    assert listed[1].criteria == ("Life-threatening", "Hospitalisation or its prolongation")
    assert (listed[1].emergent, listed[1].action, listed[1].outcome) == (False, "", "Fatal")
