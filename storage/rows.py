"""Plain rows that storage computes for list views (no Qt, no SQL here)."""

from __future__ import annotations

from dataclasses import dataclass

from clinical.model import PatientId


@dataclass(frozen=True)
class PatientRow:
    """One line of the patient list, computed by one aggregate query per batch of ids.

    `worst_*` are effective grades over non-voided records (None = never assessed); `open_flags`
    counts grade >= 3 records in the last 14 days plus planned doses whose date has passed.
    """

    id: PatientId
    subject_id: str
    name: str
    regimen: str
    status: str
    current_cycle: int | None
    cycle_day_today: int | None
    worst_crs: int | None
    worst_icans: int | None
    worst_neutropenia: int | None
    open_flags: int
    demo: int = 0  # 1 for a synthetic demo patient (schema v5): the list marks it in its own column
