"""The treatment-emergent window: which events count as toxicities of treatment.

An event counts against the trial (cohort counts, "grade >= 3" flags) when it begins on or after the
patient's first given dose and no later than `TREATMENT_EMERGENT_DAYS` after their last given dose.
A value before the first dose is a baseline: shown, labelled "baseline", never counted or flagged as a
toxicity of treatment. Source of the 30 days: docs/clinical-additions.md §3 (the definition of
treatment-emergent adverse events in Amgen's blinatumomab study NCT02412306; the SC trial's own
definition was not found).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from clinical.choices import DoseStatus
from clinical.findings import Episode
from clinical.model import Dose

# The one named setting (docs/clinical-additions.md §3).
TREATMENT_EMERGENT_DAYS = 30
WINDOW_TEXT = f"from the first given dose to {TREATMENT_EMERGENT_DAYS} days after the last given dose"


@dataclass(frozen=True)
class TreatmentWindow:
    """First and last given dose times of one patient (None when no dose was given)."""

    first_dose: dt.datetime | None
    last_dose: dt.datetime | None

    @property
    def end(self) -> dt.datetime | None:
        if self.last_dose is None:
            return None
        return self.last_dose + dt.timedelta(days=TREATMENT_EMERGENT_DAYS)

    def is_baseline(self, at: dt.datetime) -> bool:
        """Before the first given dose (or no dose given yet): a baseline value."""
        return self.first_dose is None or at < self.first_dose

    def holds(self, at: dt.datetime) -> bool:
        """Treatment-emergent: on or after the first given dose, at most 30 days after the last."""
        end = self.end
        return not self.is_baseline(at) and end is not None and at <= end


def treatment_window(doses: Iterable[Dose]) -> TreatmentWindow:
    """The window of a patient's non-voided given doses."""
    times = [
        d.given_at for d in doses if d.status == DoseStatus.GIVEN and not d.voided and d.given_at is not None
    ]
    return TreatmentWindow(min(times, default=None), max(times, default=None))


def emergent_grade3_at(episode: Episode, window: TreatmentWindow, from_grade: int = 3) -> dt.datetime | None:
    """When the episode first reached grade >= 3 (`from_grade`: the toxicity's `flag_from_grade`)
    within the window and worse than the grade the patient brought to treatment (the part of this
    episode before the first dose): a grade 4 ANC
    still at grade 4 after the first dose did not emerge on treatment; one that worsened from grade 3
    to 4 did, and so did a new episode after a recovery. The cohort counts apply the same rule in SQL
    (storage/cohort.py); None when the episode is not a treatment-emergent grade >= 3 event."""
    baseline = max((grade for at, grade in episode.grades if window.is_baseline(at)), default=0)
    return next(
        (at for at, grade in episode.grades if grade >= from_grade and grade > baseline and window.holds(at)),
        None,
    )
