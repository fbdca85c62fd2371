"""The closed sets of values a record field may take (sex, dose status, CRS and ICANS signs...) and the
ICE item names: each a `Choice`, whose `parse` turns anything else into a sentence a clinician can read.

Kept apart from the records (`clinical.model`) that hold them and the findings (`clinical.findings`) built
from them: forms, importers and grading read these sets without needing the records.
"""

from __future__ import annotations

import enum


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
