"""The demo cohort's injection site reactions (issue 14): after given doses, mostly grade 1-2, rarely
3, each resolving, written through PatientBundle.records; the rest of the cohort is unchanged."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from clinical.choices import DoseStatus
from clinical.demo import generate_cohort
from clinical.toxicities import toxicity

TODAY = dt.date(2026, 11, 25)
ISR = toxicity("injection_site_reaction")


def test_reactions_follow_given_doses_and_are_mostly_mild() -> None:
    cohort = list(generate_cohort(400, 7, TODAY))
    grades: Counter[int] = Counter()
    for bundle in cohort:
        doses = [d for _, cycle_doses in bundle.cycles for d in cycle_doses]
        for record in (r for r in bundle.records if r.kind == ISR.record_kind):  # not the temperatures
            assert record.dose_id is not None
            dose = doses[record.dose_id]  # the dose's place in the bundle, as storage reads it
            assert dose.status is DoseStatus.GIVEN and dose.given_at is not None
            assert dose.given_at < record.assessed_at < dt.datetime.combine(TODAY, dt.time(), dt.UTC)
            assert record.grade == ISR.grade_record(record).grade
            grades[record.grade or 0] += 1
    reactions = sum(n for g, n in grades.items() if g > 0)
    given = sum(d.status is DoseStatus.GIVEN for b in cohort for _, ds in b.cycles for d in ds)
    assert 0.04 < reactions / given < 0.13  # about 1 dose in 12 (a demo choice)
    assert grades[1] > grades[2] > grades[3] > 0 and not grades[4] and not grades[5]
    assert grades[0] >= 0.9 * reactions  # each resolves, unless today came first


def test_the_reactions_leave_the_rest_of_the_cohort_as_it_was() -> None:
    """They draw from their own generator: CRS, ICANS, labs and doses depend only on the seed."""
    first = list(generate_cohort(30, 5, TODAY))
    assert any(b.records for b in first)
    assert [b.crs[:3] for b in first] == [b.crs[:3] for b in generate_cohort(30, 5, TODAY)]
    assert first[3].patient.subject_id == "044-0004"
