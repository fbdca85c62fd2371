"""Typed records the whole app shares: patients, cycles, doses, assessments, labs, audit entries.

These are plain frozen dataclasses; `storage` reads and writes them, `reports` and `gui` display them.
Times are timezone-aware UTC `datetime`s (display converts to local time); dates are `datetime.date`.
Ids are `NewType`s so that a patient id cannot be passed where a dose id is expected.
The values a field may take are in `clinical.choices`; what the rules find in the records (episodes,
flags, cohort counts) is in `clinical.findings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, NewType, TypeVar

from clinical.choices import (
    Consciousness,
    DoseReason,
    DoseStatus,
    Hypotension,
    InjectionSite,
    Motor,
    Oxygen,
    PatientStatus,
    RaisedIcp,
    Seizure,
    Sex,
)

if TYPE_CHECKING:  # clinical.toxicities.record imports this module's ids
    from clinical.toxicities.record import ToxicityRecord

# Said wherever a file holding synthetic demo patients could be taken for patient records: the
# window title and banner, every PDF page, the cohort dashboard and `toxtrack check` (issue 11).
DEMO_LABEL = "SYNTHETIC DEMO DATA - not patient records"

PatientId = NewType("PatientId", int)
CycleId = NewType("CycleId", int)
DoseId = NewType("DoseId", int)
CrsId = NewType("CrsId", int)
IcansId = NewType("IcansId", int)
LabId = NewType("LabId", int)


_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenMap(Mapping[_K, _V], Generic[_K, _V]):
    """A read-only mapping that a frozen record can hold and still be hashed, compared, pickled (a
    report worker process receives it) and copied: `types.MappingProxyType` is none of the last two.
    Equal to any mapping with the same items; hashable when its values are."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[_K, _V] | None = None) -> None:
        self._items: dict[_K, _V] = dict(items or {})

    def __getitem__(self, key: _K) -> _V:
        return self._items[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._items!r})"

    def __reduce__(self) -> tuple[type, tuple[dict[_K, _V]]]:
        return (type(self), (self._items,))


@dataclass(frozen=True)
class Patient:
    """A study subject. `name` and `mrn` are PHI and optional; `subject_id` is what reports show."""

    subject_id: str
    regimen: str
    enrolment_date: dt.date
    sex: Sex = Sex.UNKNOWN
    birth_year: int | None = None
    name: str = ""
    mrn: str = ""
    status: PatientStatus = PatientStatus.ON_TREATMENT
    status_reason: str = ""
    notes: str = ""
    demo: bool = False  # synthetic (toxtrack demo): set by the generator, never by a correction
    id: PatientId | None = None


@dataclass(frozen=True)
class Cycle:
    """One treatment cycle; its planned doses are stored as `Dose` rows when it starts."""

    patient_id: PatientId
    number: int
    start_date: dt.date
    deviation: str = ""  # the confirmed reason for starting before the previous cycle's break ended
    id: CycleId | None = None


@dataclass(frozen=True)
class Dose:
    """A planned dose and, once recorded, what happened to it."""

    patient_id: PatientId
    cycle_id: CycleId
    cycle_day: int
    planned_date: dt.date
    planned_ug: float
    status: DoseStatus = DoseStatus.PLANNED
    given_at: dt.datetime | None = None  # UTC; required when given
    amount_ug: float | None = None  # required when given
    site: InjectionSite | None = None
    lot: str = ""
    reason: DoseReason | None = None  # required when held or missed
    reason_text: str = ""
    premedication: str = ""
    deviation: str = ""  # the confirmed reason for an outcome outside the plan (protocol check)
    recorded_by: str = ""
    voided: bool = False
    id: DoseId | None = None


@dataclass(frozen=True)
class CrsAssessment:
    """Observed CRS signs; `grade` is computed by `clinical.grading.grade_crs`, never typed in.

    `grade` None is "not gradable" (temperature not recorded) or, with `attributed_to` set, signs
    the clinician attributes to another cause (e.g. "infection"): kept and shown, not graded as CRS.
    """

    patient_id: PatientId
    assessed_at: dt.datetime
    temperature_c: float | None
    hypotension: Hypotension
    oxygen: Oxygen
    fever_masked: bool = False
    treatment: str = ""  # e.g. "tocilizumab 8 mg/kg"
    grade: int | None = 0
    scale: str = ""
    reasons: tuple[str, ...] = ()
    override_grade: int | None = None
    override_reason: str = ""
    recorded_by: str = ""
    voided: bool = False
    attributed_to: str = ""  # another cause of the fever/hypotension/hypoxia, e.g. "infection"
    id: CrsId | None = None

    @property
    def effective_grade(self) -> int | None:
        """The clinician's override when there is one, else the computed grade (None: not gradable)."""
        return self.grade if self.override_grade is None else self.override_grade


@dataclass(frozen=True)
class IcansAssessment:
    """Observed ICANS signs. `ice_items` holds the ten ICE answers; None when the ICE was not done."""

    patient_id: PatientId
    assessed_at: dt.datetime
    consciousness: Consciousness
    ice_items: tuple[bool, ...] | None = None
    ice_unable_reason: str = ""  # e.g. "unarousable" when the ICE could not be performed
    seizure: Seizure = Seizure.NONE
    motor: Motor = Motor.NONE
    raised_icp: RaisedIcp = RaisedIcp.NONE
    treatment: str = ""
    grade: int | None = 0  # None: not gradable (ICE not assessed, every other domain normal)
    scale: str = ""
    reasons: tuple[str, ...] = ()
    override_grade: int | None = None
    override_reason: str = ""
    recorded_by: str = ""
    voided: bool = False
    id: IcansId | None = None

    @property
    def ice_score(self) -> int | None:
        return None if self.ice_items is None else sum(self.ice_items)

    @property
    def effective_grade(self) -> int | None:
        return self.grade if self.override_grade is None else self.override_grade


@dataclass(frozen=True)
class LabResult:
    """A blood count. ANC and other counts are stored in 10^9/L; `grade` is CTCAE neutropenia."""

    patient_id: PatientId
    drawn_at: dt.datetime
    anc: float
    lln: float | None = None
    wbc: float | None = None
    platelets: float | None = None
    haemoglobin_g_l: float | None = None
    crp_mg_l: float | None = None
    ferritin_ug_l: float | None = None
    grade: int = 0
    ctcae_version: str = "5.0"
    reasons: tuple[str, ...] = ()
    recorded_by: str = ""
    voided: bool = False
    id: LabId | None = None

    @property
    def effective_grade(self) -> int:
        """The grade episodes and flags use: a lab's grade is never overridden."""
        return self.grade

    @property
    def scale(self) -> str:
        """The scale its grade was computed on ("CTCAE v5.0"), as the other records carry it."""
        return f"CTCAE v{self.ctcae_version}"


@dataclass(frozen=True)
class AuditEntry:
    """One append-only audit row: who changed what, when and why, chained by SHA-256."""

    id: int
    at: dt.datetime
    user: str
    action: str  # "insert", "correct", "void", "move", "record"
    table: str
    row_id: int
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)  # field -> (old, new)
    reason: str = ""
    prev_hash: str = ""
    hash: str = ""


@dataclass(frozen=True)
class PatientBundle:
    """A patient with all their records, for bulk writes (demo cohort, imports, benchmarks).

    The ids inside (`patient_id`, `cycle_id`) are placeholders that storage replaces; each
    cycle carries its own doses. Grades are computed by storage, as for single records.
    """

    patient: Patient
    cycles: tuple[tuple[Cycle, tuple[Dose, ...]], ...] = ()
    crs: tuple[CrsAssessment, ...] = ()
    icans: tuple[IcansAssessment, ...] = ()
    labs: tuple[LabResult, ...] = ()
    # Records of the data-defined toxicities (clinical/toxicities), any kinds. A record's `dose_id`
    # here is the position (from 0) of its dose among the bundle's doses, cycle by cycle in order:
    # storage replaces it with that dose's stored id.
    records: tuple[ToxicityRecord, ...] = ()
