"""What the report builders read of a patient's records: the part of `storage.Repository` every builder
shares (docs/storage-api.md). Each builder's own Protocol adds what only it reads."""

from __future__ import annotations

from typing import Any, Protocol

from clinical.model import Cycle, CycleId, Dose, PatientId


class RecordSource(Protocol):
    def cycles(self, pid: PatientId) -> list[Cycle]: ...
    def doses(
        self, pid: PatientId, cycle_id: CycleId | None = None, include_voided: bool = False
    ) -> list[Dose]: ...
    def records_by_kind(self, pid: PatientId, include_voided: bool = False) -> dict[str, list[Any]]: ...
    def audit_head(self) -> tuple[int, str]: ...
    def has_demo_patients(self) -> bool: ...
