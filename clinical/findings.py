"""What the clinical rules find in the records: episodes of a toxicity, flags that need attention (with
their rules and severities) and the per-regimen counts the trial comparison reads.

Kept apart from the records (`clinical.model`): these are computed by `clinical.episodes`, `clinical.flags`
and storage's cohort aggregates, never typed in, and each checks its toxicity ids against the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from clinical.choices import Choice
from clinical.model import FrozenMap, PatientId


class Severity(Choice):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class FlagRule(Choice):
    GRADE3_EPISODE = "grade3_episode"
    # grade >= 3 outside the treatment-emergent window: shown, never compared with the trial
    GRADE3_NOT_EMERGENT = "grade3_not_emergent"
    DOSE_DURING_EPISODE = "dose_during_episode"
    OVERDUE_DOSE = "overdue_dose"
    FEBRILE_NEUTROPENIA = "febrile_neutropenia"
    PROTOCOL_CHECK = "protocol_check"
    COHORT_ABOVE_TRIAL = "cohort_above_trial"
    # an event ticked serious by any ICH E2A criterion (an adverse event), whatever its grade
    SERIOUS_EVENT = "serious_event"


def _known_toxicity(identifier: object, argument: str) -> str:
    """A registered toxicity id (clinical/toxicities), else ValueError naming the known ones.

    Imported when first needed, not at module level: the registry imports every toxicity definition,
    which import the records (`clinical.model`) and grading."""
    from clinical.toxicities.registry import toxicity_ids

    known = toxicity_ids()
    if not isinstance(identifier, str) or identifier not in known:
        raise ValueError(f"{argument} must be one of: {', '.join(known)} (got {identifier!r})")
    return identifier


@dataclass(frozen=True)
class Episode:
    """Consecutive graded assessments of one toxicity, from onset (first grade >= 1) to the
    first later assessment graded 0 (resolution); `resolved_at` is None while it is open.
    `toxicity` is a registered toxicity id ("crs", "injection_site_reaction")."""

    toxicity: str
    patient_id: PatientId
    onset: dt.datetime
    peak_grade: int
    peak_at: dt.datetime
    resolved_at: dt.datetime | None
    grades: tuple[tuple[dt.datetime, int], ...]
    scale: str = ""
    name: str = ""  # what it is of within the toxicity (an adverse event's CTCAE term); "" = none

    def __post_init__(self) -> None:
        _known_toxicity(self.toxicity, "toxicity")

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


@dataclass(frozen=True)
class Flag:
    """Something that needs attention. Flags inform; they never instruct a dose."""

    rule: FlagRule
    severity: Severity
    message: str  # a sentence with the trial figure it compares against, where there is one
    at: dt.datetime
    patient_id: PatientId | None = None
    toxicity: str | None = None  # a registered toxicity id, None for a dose or cycle flag
    trial_rate: float | None = None
    record_kind: str = ""  # "dose", "crs", "icans", "lab", ...: the record that resolves or raised it
    record_id: int | None = None

    def __post_init__(self) -> None:
        if self.toxicity is not None:
            _known_toxicity(self.toxicity, "toxicity")


def _per_toxicity(counts: Mapping[str, int], argument: str) -> Mapping[str, int]:
    """Every registered toxicity id with its count (0 when not given); an unknown id or a count
    that is not a whole number of 0 or more is refused."""
    from clinical.toxicities.registry import toxicity_ids

    for identifier, value in counts.items():
        _known_toxicity(identifier, f"{argument} toxicity")
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(
                f"{argument}[{identifier!r}] must be a whole number of 0 or more (got {value!r})"
            )
    return FrozenMap({identifier: counts.get(identifier, 0) for identifier in toxicity_ids()})


@dataclass(frozen=True)
class CohortCount:
    """Counts for one regimen (or "All" pooled) that the trial comparison needs; storage fills
    it from SQL aggregates. A patient is treated once one dose is given. Each treated patient counts
    once per toxicity at their worst effective grade over non-voided records: in `grade3plus[id]`
    when it is 3 or 4 (the trial's grade 3-4 counts, reference §1.1), in `grade5[id]` when it is 5
    (death from the toxicity, reference §2, §3.2), which is shown and reported apart, never folded
    into grade 3-4. Not-gradable records count in neither. Both mappings hold every registered
    toxicity id (0 when none; a missing id given is read as 0) and are read-only `FrozenMap`s, so a
    count stays hashable (reports cache comparisons by the counts) and picklable."""

    regimen: str
    patients_treated: int
    cycles: int | None  # None: not read (storage's cohort_counts(doses=False): the comparisons need none)
    doses_given: int | None
    doses_due: int | None
    grade3plus: Mapping[str, int] = field(default_factory=dict)  # grade 3-4, by toxicity id
    grade5: Mapping[str, int] = field(default_factory=dict)  # grade 5 (death), by toxicity id

    def __post_init__(self) -> None:
        object.__setattr__(self, "grade3plus", _per_toxicity(self.grade3plus, "grade3plus"))
        object.__setattr__(self, "grade5", _per_toxicity(self.grade5, "grade5"))
