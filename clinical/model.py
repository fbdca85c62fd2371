"""Typed records the whole app shares: patients, cycles, doses, assessments, labs, audit entries.

These are plain frozen dataclasses; `storage` reads and writes them, `reports` and `gui` display them.
Times are timezone-aware UTC `datetime`s (display converts to local time); dates are `datetime.date`.
Ids are `NewType`s so that a patient id cannot be passed where a dose id is expected.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, NewType, TypeVar

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


class Choice(enum.StrEnum):
    """A closed set of string values; `parse` gives a clinician-readable error for anything else."""

    @classmethod
    def parse(cls, value: object, argument: str) -> Choice:
        if isinstance(value, cls):
            return value
        try:
            if not isinstance(value, str):
                raise ValueError
            return cls(value)
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            raise ValueError(f"{argument} must be one of: {allowed} (got {value!r})") from None


class Sex(Choice):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"
    UNKNOWN = "unknown"


class PatientStatus(Choice):
    ON_TREATMENT = "on_treatment"
    COMPLETED = "completed"
    DISCONTINUED = "discontinued"


class DoseStatus(Choice):
    PLANNED = "planned"  # nothing recorded yet
    GIVEN = "given"
    HELD = "held"
    MISSED = "missed"


class DoseReason(Choice):
    """Coded reason for a dose that was held or missed (free text goes beside it)."""

    ADVERSE_EVENT = "adverse_event"
    CLINICIAN_DECISION = "clinician_decision"
    PATIENT_DID_NOT_ATTEND = "patient_did_not_attend"
    PATIENT_DECLINED = "patient_declined"
    DRUG_UNAVAILABLE = "drug_unavailable"
    HOSPITALISED = "hospitalised"
    OTHER = "other"


class InjectionSite(Choice):
    ABDOMEN_LEFT = "abdomen_left"
    ABDOMEN_RIGHT = "abdomen_right"
    THIGH_LEFT = "thigh_left"
    THIGH_RIGHT = "thigh_right"
    ARM_LEFT = "arm_left"
    ARM_RIGHT = "arm_right"


class Hypotension(Choice):
    NONE = "none"
    FLUIDS = "fluids"
    ONE_VASOPRESSOR = "one_vasopressor"
    MULTIPLE_VASOPRESSORS = "multiple_vasopressors"


class Oxygen(Choice):
    NONE = "none"
    LOW_FLOW = "low_flow"
    HIGH_FLOW = "high_flow"
    POSITIVE_PRESSURE = "positive_pressure"


class Consciousness(Choice):
    ALERT = "alert"
    AWAKENS_SPONTANEOUSLY = "awakens_spontaneously"
    AWAKENS_TO_VOICE = "awakens_to_voice"
    AWAKENS_TO_TOUCH = "awakens_to_touch"
    UNAROUSABLE = "unarousable"


class Seizure(Choice):
    NONE = "none"
    RAPIDLY_RESOLVING = "rapidly_resolving"
    LIFE_THREATENING = "life_threatening"


class Motor(Choice):
    NONE = "none"
    DEEP_FOCAL_WEAKNESS = "deep_focal_weakness"


class RaisedIcp(Choice):
    NONE = "none"
    FOCAL_EDEMA = "focal_edema"
    DIFFUSE_EDEMA = "diffuse_edema"


# The ten ICE items in reference order (clinical-reference.md §3.1): 4 orientation, 3 naming,
# 1 command, 1 writing, 1 attention. One point each.
ICE_ITEMS: tuple[str, ...] = (
    "orientation_year",
    "orientation_month",
    "orientation_city",
    "orientation_hospital",
    "naming_1",
    "naming_2",
    "naming_3",
    "follows_command",
    "writes_sentence",
    "attention",
)


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

    Imported here, not at module level: the definitions import this module for their records."""
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
    cycles: int
    doses_given: int
    doses_due: int
    grade3plus: Mapping[str, int] = field(default_factory=dict)  # grade 3-4, by toxicity id
    grade5: Mapping[str, int] = field(default_factory=dict)  # grade 5 (death), by toxicity id

    def __post_init__(self) -> None:
        object.__setattr__(self, "grade3plus", _per_toxicity(self.grade3plus, "grade3plus"))
        object.__setattr__(self, "grade5", _per_toxicity(self.grade5, "grade5"))
