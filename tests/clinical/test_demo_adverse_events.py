"""Issue 15: the demo cohort records plausible adverse events (infections, tremor, ALT rises, a few
serious ones), illustrative and said to be, each a CTCAE v5.0 term graded only as CTCAE defines it,
beginning on treatment; the rest of the cohort is what it was without them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest

import clinical.demo as demo
from clinical.demo import generate_cohort
from clinical.demo_events import DEMO_ALT_ULN, DEMO_EVENTS, INFECTION_SITES
from clinical.model import PatientBundle
from clinical.toxicities import toxicity
from clinical.toxicities.ctcae import ctcae_term

TODAY = dt.date(2026, 11, 25)
AE, ALT = "adverse_event", "alanine_aminotransferase_increased"


@pytest.fixture(scope="module")
def cohort() -> list[PatientBundle]:
    return list(generate_cohort(300, 11, TODAY))


def _given(bundle: PatientBundle) -> list[dt.datetime]:
    return sorted(d.given_at for _, doses in bundle.cycles for d in doses if d.given_at is not None)


def test_events_are_ctcae_terms_graded_as_ctcae_defines_them(cohort: list[PatientBundle]) -> None:
    log = toxicity(AE)
    cutoff = dt.datetime.combine(TODAY, dt.time(), dt.UTC)
    terms: Counter[str] = Counter()
    for bundle in cohort:
        for record in (r for r in bundle.records if r.kind == AE):
            term = str(record.values["term"])
            terms[term] += 1
            assert record.grade in dict(ctcae_term(term).grades), term
            assert log.grade(record.values).grade == record.grade
            given = _given(bundle)
            assert given and given[0] < record.assessed_at < cutoff  # on treatment, in the past
            resolved = log.resolved(record)
            assert resolved is None or record.assessed_at < resolved < cutoff
            assert record.values["outcome"] == ("recovering" if resolved is None else "recovered")
            serious = record.values["serious"]
            if serious:  # only grade >= 3 infections are ticked serious
                assert term in INFECTION_SITES and record.grade is not None and record.grade >= 3
            if term in INFECTION_SITES:
                assert record.values["infection_site"] == INFECTION_SITES[term]
    assert set(terms) == {term for term, _, _ in DEMO_EVENTS}
    serious = sum(1 for b in cohort for r in b.records if r.kind == AE and r.values["serious"])
    assert 0 < serious < len(cohort) / 5  # a few serious adverse events, not most patients


def test_alt_rises_have_a_normal_baseline_before_the_first_dose(cohort: list[PatientBundle]) -> None:
    alt = toxicity(ALT)
    rises = 0
    for bundle in cohort:
        records = [r for r in bundle.records if r.kind == ALT]
        if not records:
            continue
        first = _given(bundle)[0]
        before, *after = records
        assert before.assessed_at < first and before.grade == 0  # the baseline, within normal
        for record in after:
            rises += 1
            assert record.values["alt_baseline"] == before.values["alt"]
            assert record.values["alt_uln"] == DEMO_ALT_ULN
            multiple = float(str(record.values["alt"])) / DEMO_ALT_ULN
            assert record.grade == {2: 1, 4: 2, 7: 3}[round(multiple)]
            assert alt.grade(record.values).grade == record.grade
    assert rises > 0


def test_the_events_leave_the_rest_of_the_cohort_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """The events draw from a generator of their own: without them the cohort is the same."""
    with_events = list(generate_cohort(40, 3, TODAY))
    monkeypatch.setattr(demo, "_adverse_events", lambda *_args: ())
    without = list(generate_cohort(40, 3, TODAY))
    for a, b in zip(with_events, without, strict=True):
        kept = tuple(r for r in a.records if r.kind not in (AE, ALT))
        assert dataclasses.replace(a, records=kept) == b


def test_the_demo_says_its_events_are_illustrative() -> None:
    doc = " ".join(str(demo.__doc__).split())
    assert "ILLUSTRATIVE ONLY" in doc and "not the trial's figures" in doc
