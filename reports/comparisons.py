"""This clinic's grade 3-4 incidence against the trial's, as the reports print it (clinical.incidence);
grade 5 (death) is carried beside it, never counted in it."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from clinical.cohort_flags import cohort_flags
from clinical.findings import CohortCount
from clinical.incidence import CohortComparison, clopper_pearson, cohort_comparisons
from clinical.reference import TrialReference, trial

NO_COMPARATOR = "no_comparator"  # the verdict of a toxicity the trial gave no figure for


@dataclass(frozen=True)
class TrialInfo:
    """The trial figures a clinic is compared against, as published, with source and caveats."""

    name: str
    rates: tuple[tuple[str, float], ...]  # (trial key, grade >= 3 incidence, fraction 0-1)
    source: str
    caveats: tuple[str, ...] = ()
    basis: str = ""  # what each figure is (grade, pooling, n, analysis): printed beside every citation

    def rate(self, toxicity: str) -> float | None:
        return dict(self.rates).get(toxicity)


@dataclass(frozen=True)
class ComparisonRow:
    """This clinic's grade >= 3 incidence for one regimen (or "All") against the trial's rate."""

    regimen: str
    toxicity: str  # toxicity id (clinical/toxicities)
    events: int
    patients: int
    rate: float
    ci_low: float
    ci_high: float
    p_value: float | None  # None: no trial comparator, so no test
    verdict: str  # "too_few", "above", "below", "consistent"; "no_comparator": the trial gave no figure
    trial_rate: float | None  # None: the trial reported no figure for this toxicity
    confidence: float = 0.95
    grade5: int = 0  # patients whose worst grade was 5 (death): shown apart, not in `events`


def trial_info(reference: TrialReference | None = None) -> TrialInfo:
    """The packaged trial reference (clinical/data/trial.toml) as the reports print it."""
    ref = trial() if reference is None else reference
    return TrialInfo(
        name=ref.registry_id,
        rates=tuple((item.toxicity, item.rate) for item in ref.incidence),
        source=ref.source_text,
        caveats=ref.caveats,
        basis=ref.basis,
    )


def comparison_rows(
    counts: Sequence[CohortCount], confidence: float = 0.95, min_patients: int = 10
) -> tuple[ComparisonRow, ...]:
    """Each regimen and the pooled row against the trial, with exact CIs (clinical.incidence)."""
    return _comparison_rows(tuple(counts), confidence, min_patients)


@functools.lru_cache(maxsize=8)
def _comparison_rows(
    counts: tuple[CohortCount, ...], confidence: float, min_patients: int
) -> tuple[ComparisonRow, ...]:
    """A pure function of the (frozen, hashable) counts and the packaged trial reference, so it is
    cached: the counts change only when records do, and each summary at network scale otherwise
    repeated the same nine exact binomial tests (about a tenth of its time). `events` is the grade
    3-4 count the trial reported; grade 5 rides beside it in `grade5`, outside the comparison."""
    rows = cohort_comparisons(counts, confidence=confidence, min_patients=min_patients)
    return tuple(_row(row, confidence) for row in rows)


def _row(row: CohortComparison, confidence: float) -> ComparisonRow:
    """One printed row. A toxicity without a trial figure keeps the clinic's own rate and exact
    interval (what happened here) with no trial rate, no p-value and the verdict "no_comparator"."""
    comparison = row.comparison
    if comparison is None:
        low, high = clopper_pearson(row.events, row.patients, confidence) if row.patients else (0.0, 1.0)
        rate = row.events / row.patients if row.patients else 0.0
        return ComparisonRow(
            row.regimen, row.toxicity, row.events, row.patients, rate, low, high, None,
            NO_COMPARATOR, None, confidence, row.grade5,
        )  # fmt: skip
    return ComparisonRow(
        regimen=row.regimen,
        toxicity=row.toxicity,
        events=row.events,
        patients=row.patients,
        rate=comparison.rate,
        ci_low=comparison.ci_low,
        ci_high=comparison.ci_high,
        p_value=comparison.p_value,
        verdict=str(comparison.verdict.value),
        trial_rate=comparison.trial_rate,
        confidence=comparison.confidence,
        grade5=row.grade5,
    )


def cohort_signals(
    counts: Sequence[CohortCount], confidence: float = 0.95, min_patients: int = 10
) -> tuple[str, ...]:
    """The sentences of `clinical.cohort_flags.cohort_flags`: each regimen (or the pooled row) whose exact
    interval lies wholly above the trial's rate. Printed in the cohort report; the dashboard shows
    the same rule's result."""
    return _cohort_signals(tuple(counts), confidence, min_patients)


@functools.lru_cache(maxsize=8)
def _cohort_signals(counts: tuple[CohortCount, ...], confidence: float, min_patients: int) -> tuple[str, ...]:
    rows = cohort_comparisons(counts, confidence=confidence, min_patients=min_patients)
    return tuple(flag.message for flag in cohort_flags(rows))
