"""Plain rows that storage computes for list views (no Qt, no SQL here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from clinical.model import FrozenMap, PatientId


@dataclass(frozen=True)
class PatientRow:
    """One line of the patient list, computed by one aggregate query per batch of ids.

    `worst` maps each toxicity with a patient list column (ToxicityDefinition.list_column) to its
    worst effective grade over non-voided records (None = never assessed); `open_flags` counts
    grade >= 3 records in the last 14 days plus planned doses whose date has passed.
    """

    id: PatientId
    subject_id: str
    name: str
    regimen: str
    status: str
    current_cycle: int | None
    cycle_day_today: int | None
    open_flags: int
    demo: int = 0  # 1 for a synthetic demo patient (schema v5): the list marks it in its own column
    worst: FrozenMap[str, int | None] = field(default_factory=FrozenMap)  # toxicity id -> worst grade

    # The three columns the list had before they came from the registry, by their old names.
    @property
    def worst_crs(self) -> int | None:
        return self.worst.get("crs")

    @property
    def worst_icans(self) -> int | None:
        return self.worst.get("icans")

    @property
    def worst_neutropenia(self) -> int | None:
        return self.worst.get("neutropenia")
