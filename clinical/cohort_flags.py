"""The cohort flag rule: a regimen (or the pooled cohort) whose exact confidence interval for a
toxicity lies wholly above the trial's rate, as a warning sentence.

Split from clinical.flags (the per-patient rules) because it reads cohort comparisons
(clinical.incidence), not one patient's records; the cohort dashboard and the reports show it.
Informative only: it never instructs a dose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from clinical.findings import Flag, FlagRule, Severity
from clinical.incidence import CohortComparison, Verdict
from clinical.reference import TrialReference, trial
from clinical.toxicities.registry import toxicity


def _p_text(p_value: float) -> str:
    return "< 0.001" if p_value < 0.001 else f"{p_value:.3f}"


def cohort_flags(
    comparisons: Sequence[CohortComparison],
    now: dt.datetime | None = None,
    reference: TrialReference | None = None,
) -> list[Flag]:
    """A warning for each regimen/toxicity whose exact CI lies wholly above the trial rate."""
    ref = trial() if reference is None else reference
    at = dt.datetime.now(dt.UTC) if now is None else now
    flags = []
    for row in comparisons:
        result, key = row.comparison, toxicity(row.toxicity).trial_key
        if result is None or key is None or result.verdict != Verdict.ABOVE:
            continue  # a toxicity with no trial comparator is never compared
        message = (
            f"{row.regimen}: grade 3 or more {toxicity(row.toxicity).phrase} in {row.events} of "
            f"{row.patients} patients ({result.rate * 100:.1f} %, {result.confidence * 100:g} % "
            f"exact CI {result.ci_low * 100:.1f}-{result.ci_high * 100:.1f} %, exact two-sided "
            f"p {_p_text(result.p_value)}), above the rate reported in the {ref.short_name} "
            f"({ref.registry_id}): {ref.figure_text(key)}"
            + ("." if row.regimen == "All" else "; this regimen is compared with the pooled rate.")
        )
        flags.append(
            Flag(
                FlagRule.COHORT_ABOVE_TRIAL,
                Severity.WARNING,
                message,
                at,
                None,
                row.toxicity,
                row.trial_rate,
            )
        )
    return flags
