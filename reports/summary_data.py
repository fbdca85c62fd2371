"""Plain data that the PDFs print: everything a report needs, gathered once through the Repository.

The PDF writers take only these frozen dataclasses (never a repository), so they can run in a
worker process or thread, be tested with hand-made data, and print exactly what was gathered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from clinical.model import (
    CohortCount,
    CrsAssessment,
    Cycle,
    Dose,
    DoseStatus,
    Episode,
    Flag,
    IcansAssessment,
    LabResult,
    Patient,
    Toxicity,
)

TOXICITY_LABELS: dict[Toxicity, str] = {
    Toxicity.CRS: "CRS",
    Toxicity.ICANS: "ICANS",
    Toxicity.NEUTROPENIA: "Neutropenia",
}


@dataclass(frozen=True)
class TrialInfo:
    """The trial figures a clinic is compared against, as published, with source and caveats."""

    name: str
    rates: tuple[tuple[Toxicity, float], ...]  # grade >= 3 incidence, fraction 0-1
    source: str
    caveats: tuple[str, ...] = ()

    def rate(self, toxicity: Toxicity) -> float | None:
        return dict(self.rates).get(toxicity)


@dataclass(frozen=True)
class ComparisonRow:
    """This clinic's grade >= 3 incidence for one regimen (or "All") against the trial's rate."""

    regimen: str
    toxicity: Toxicity
    events: int
    patients: int
    rate: float
    ci_low: float
    ci_high: float
    p_value: float
    verdict: str  # "too_few", "above", "below", "consistent"
    trial_rate: float
    confidence: float = 0.95


@dataclass(frozen=True)
class ToxicityRow:
    """One toxicity within a cycle: peak grade, onset, resolution, treatments and overrides."""

    toxicity: Toxicity
    scale: str
    assessments: int  # records in the cycle window; 0 means "not assessed"
    peak_grade: int | None
    onset: dt.datetime | None
    resolved: dt.datetime | None
    ongoing: bool
    treatments: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()  # "<time>: grade a -> b (reason)"

    @property
    def label(self) -> str:
        return TOXICITY_LABELS[self.toxicity]


@dataclass(frozen=True)
class CycleSummary:
    """One patient's cycle, with the cohort context its flags compare against."""

    patient: Patient
    cycle: Cycle
    cycle_end: dt.date
    doses: tuple[Dose, ...]
    crs: tuple[CrsAssessment, ...]
    icans: tuple[IcansAssessment, ...]
    labs: tuple[LabResult, ...]
    episodes: tuple[Episode, ...]
    flags: tuple[Flag, ...]
    comparisons: tuple[ComparisonRow, ...]
    toxicity: tuple[ToxicityRow, ...]
    trial: TrialInfo
    audit_count: int
    audit_hash: str
    app_version: str
    generated_at: dt.datetime  # aware, local
    include_phi: bool = False

    @property
    def today(self) -> dt.date:
        return self.generated_at.date()

    @property
    def days_of_treatment(self) -> int:
        """Cycle days elapsed by the generation date (0 before the start, capped at the cycle end)."""
        last = min(self.today, self.cycle_end)
        return max(0, (last - self.cycle.start_date).days + 1)

    @property
    def doses_given(self) -> int:
        return sum(1 for dose in self.doses if dose.status is DoseStatus.GIVEN)

    @property
    def doses_due(self) -> int:
        """Doses whose planned date has come, plus any already recorded early."""
        return sum(
            1
            for dose in self.doses
            if dose.planned_date <= self.today or dose.status is not DoseStatus.PLANNED
        )

    @property
    def dose_dates(self) -> tuple[dt.date, ...]:
        """Local dates on which a dose was given (for the chart's dose markers)."""
        return tuple(
            dose.given_at.astimezone().date()
            for dose in self.doses
            if dose.status is DoseStatus.GIVEN and dose.given_at is not None
        )


@dataclass(frozen=True)
class CohortSummary:
    """Counts per regimen and pooled ("All"), their trial comparisons, and the trial's source."""

    counts: tuple[CohortCount, ...]
    comparisons: tuple[ComparisonRow, ...]
    trial: TrialInfo
    audit_count: int
    audit_hash: str
    app_version: str
    generated_at: dt.datetime
    min_patients: int = 10
