"""The demo cohort's adverse events and ALT rises (issue 15), drawn for each treated patient by
`clinical.demo` from a generator of their own, so the rest of the cohort is the same with or without them.

Adverse events (the adverse-event log) and ALT rises are ILLUSTRATIVE ONLY: no source gives a
per-term frequency for SC blinatumomab (clinical-reference.md §0.1 and §7, clinical-reference-2.md §2
and §7), so `DEMO_EVENTS` and `ALT_RISE` are the demo's own round choices, to exercise the log, the
serious adverse event flag and list, and the adverse event table; they are not the trial's figures and
nothing presents them as such. The terms are CTCAE v5.0 terms the clinical reference lists for this
drug's patients (clinical-reference-2.md §4: infections, sepsis, tremor, headache, dizziness, dysphasia),
each graded only with the grades CTCAE defines for it. The ULN of 40 U/L is a made-up demo lab value.
"""

from __future__ import annotations

import datetime as dt
import random

from clinical.demo_base import draw, graded_record
from clinical.model import Cycle, Dose
from clinical.toxicities import ToxicityRecord, toxicities

# Adverse events, DEMO CHOICES (illustrative, see the module docstring): per treated patient, the chance
# of one event of the term, and the grade drawn (cumulative probability, grade). Grade >= 3 infections
# are ticked serious (hospitalisation; grade 4 also life-threatening), so the demo has a few serious
# adverse events.
DEMO_EVENTS: tuple[tuple[str, float, tuple[tuple[float, int], ...]], ...] = (
    ("Upper respiratory infection", 0.15, ((0.8, 2), (1.0, 3))),
    ("Lung infection", 0.08, ((0.4, 2), (0.9, 3), (1.0, 4))),
    ("Urinary tract infection", 0.06, ((0.7, 2), (1.0, 3))),
    ("Sepsis", 0.03, ((0.8, 3), (1.0, 4))),
    ("Tremor", 0.20, ((0.7, 1), (0.95, 2), (1.0, 3))),
    ("Headache", 0.25, ((0.6, 1), (0.95, 2), (1.0, 3))),
    ("Dizziness", 0.10, ((0.8, 1), (1.0, 2))),
    ("Dysphasia", 0.03, ((0.6, 1), (1.0, 2))),
)
INFECTION_SITES = {
    "Upper respiratory infection": "upper airway",
    "Lung infection": "lung",
    "Urinary tract infection": "urinary tract",
    "Sepsis": "blood",
}
# An ALT rise on treatment, DEMO CHOICE: a share of treated patients, as a multiple of the demo ULN.
DEMO_ALT_ULN = 40.0  # U/L, a made-up demo lab value
ALT_RISE = 0.12
ALT_MULTIPLE = ((0.6, 2), (0.9, 4), (1.0, 7))  # (cumulative probability, x ULN): grade 1, 2, 3


def _event_values(
    rng: random.Random, term: str, grade: int, resolved: dt.datetime | None
) -> dict[str, object]:
    """An adverse event's inputs: seriousness for a grade >= 3 infection, what was done and how it
    ended (recovered once resolved; recovering while open), the site of an infection."""
    infection = term in INFECTION_SITES
    serious: list[str] = []
    if infection and grade >= 3:
        serious = ["life_threatening", "hospitalisation"] if grade >= 4 else ["hospitalisation"]
    values: dict[str, object] = {
        "term": term,
        "grade": str(grade),
        "resolved_at": resolved,
        "serious": serious,
        "relatedness": "unlikely" if infection else rng.choice(("possible", "probable")),
        "action": "held" if grade >= 3 else "dose_not_changed",
        "outcome": "recovered" if resolved is not None else "recovering",
    }
    if infection:
        values.update(infection_site=INFECTION_SITES[term], organism="not identified")
    return values


def adverse_events(
    rng: random.Random, cycles: tuple[tuple[Cycle, tuple[Dose, ...]], ...], cutoff: dt.datetime
) -> tuple[ToxicityRecord, ...]:
    """Illustrative adverse events and ALT rises of a treated patient (DEMO_EVENTS, ALT_RISE): each
    begins 1-20 days after a given dose, before `cutoff`; an event resolves 2-10 days later unless that
    is after `cutoff` (then it is still open)."""
    given = [d.given_at for _, doses in cycles for d in doses if d.given_at is not None]
    if not given:
        return ()
    by_kind = {d.record_kind: d for d in toxicities()}
    log, alt = by_kind["adverse_event"], by_kind["alanine_aminotransferase_increased"]
    records: list[ToxicityRecord] = []
    for term, chance, grades in DEMO_EVENTS:
        if rng.random() >= chance:
            continue
        onset = rng.choice(given) + dt.timedelta(days=rng.uniform(1, 20))
        resolved: dt.datetime | None = onset + dt.timedelta(days=rng.uniform(2, 10))
        if onset >= cutoff:
            continue
        if resolved is not None and resolved >= cutoff:
            resolved = None
        records.append(graded_record(log, onset, _event_values(rng, term, draw(rng, grades), resolved)))
    if rng.random() < ALT_RISE:
        baseline = round(rng.uniform(12, 35))
        first = min(given)
        peak = rng.choice(given) + dt.timedelta(days=rng.uniform(2, 10))
        multiple = draw(rng, ALT_MULTIPLE)
        for at, value in ((first - dt.timedelta(hours=2), baseline), (peak, round(DEMO_ALT_ULN * multiple))):
            values: dict[str, object] = {
                "alt": float(value),
                "alt_uln": DEMO_ALT_ULN,
                "lab_source": "demo lab",
            }
            if at > first:
                values["alt_baseline"] = float(baseline)
            if at < cutoff:
                records.append(graded_record(alt, at, values))
    return tuple(sorted(records, key=lambda r: r.assessed_at))
