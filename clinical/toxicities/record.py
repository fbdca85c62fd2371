"""The record of a toxicity that is defined only by data (no dataclass of its own).

CRS, ICANS and lab results keep their typed records in clinical/model.py; a kind added as a
definition module alone (injection site reaction, and the CTCAE terms to come) stores its inputs in
`values`, keyed by the definition's input names, so that no layer needs a new class, table or
column for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from clinical.model import DoseId, FrozenMap, PatientId


def _frozen(values: Mapping[str, object]) -> Mapping[str, object]:
    """Read-only, and still picklable and copyable (a MappingProxyType is neither)."""
    return FrozenMap(values)


@dataclass(frozen=True)
class ToxicityRecord:
    """One assessment of a data-defined toxicity: when, what was recorded, and the grade it gave."""

    kind: str  # the definition's record_kind
    patient_id: PatientId
    assessed_at: dt.datetime
    values: Mapping[str, object] = field(default_factory=dict)
    dose_id: DoseId | None = None  # the dose it follows, for kinds that link one
    grade: int | None = None
    scale: str = ""
    reasons: tuple[str, ...] = ()
    override_grade: int | None = None
    override_reason: str = ""
    recorded_by: str = ""
    voided: bool = False
    id: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _frozen(self.values))

    @property
    def effective_grade(self) -> int | None:
        """The clinician's override when there is one, else the computed grade (None: not gradable)."""
        return self.grade if self.override_grade is None else self.override_grade
