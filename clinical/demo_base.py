"""What every part of the synthetic demo cohort (`clinical.demo`, `clinical.demo_events`,
`clinical.demo_delivery`) shares: the placeholder patient id storage replaces, the recorder's name, a time
on a day, a draw from a table of cumulative probabilities, the span of a grade 3+ episode, and a
data-defined toxicity record graded as its definition grades it.

Kept apart so that the core generator and the parts it calls each import these from one place (the parts
cannot import `clinical.demo`, which imports them).
"""

from __future__ import annotations

import datetime as dt
import random

from clinical.model import PatientId
from clinical.toxicities import ToxicityDefinition, ToxicityRecord

PLACEHOLDER = PatientId(0)  # storage replaces it (PatientBundle)
RECORDER = "demo"


def at_hour(day: dt.date, hour: float) -> dt.datetime:
    """`hour` hours after midnight UTC of `day`."""
    return dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(hours=hour)


def draw(rng: random.Random, table: tuple[tuple[float, int], ...]) -> int:
    """A value from (cumulative probability, value) rows; 0 past the last row."""
    r = rng.random()
    return next((grade for cumulative, grade in table if r < cumulative), 0)


def grade3_window(records: list[tuple[dt.datetime, int | None]]) -> tuple[dt.datetime, dt.datetime] | None:
    """From the first grade >= 3 to the resolving grade 0 (doses in it are held)."""
    start = next((at for at, g in records if g is not None and g >= 3), None)
    end = next((at for at, g in records if g == 0 and start is not None and at > start), None)
    return None if start is None or end is None else (start, end)


def graded_record(
    definition: ToxicityDefinition, at: dt.datetime, values: dict[str, object]
) -> ToxicityRecord:
    """A record of `definition` at `at` with `values`, graded by the definition, by the demo recorder."""
    graded = definition.grade(values)
    return ToxicityRecord(
        definition.record_kind,
        PLACEHOLDER,
        at,
        values,
        grade=graded.grade,
        scale=graded.scale,
        reasons=graded.reasons,
        recorded_by=RECORDER,
    )
