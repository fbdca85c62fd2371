"""A hospital stay (issue 18): admission and discharge, why, and whether it included intensive care.

An observation (`graded=False`): never graded, no episode, flag or cohort count. Where the stay is the
seriousness criterion of an adverse event (ICH E2A "hospitalisation or its prolongation"), it names
that event's record (`adverse_event_id`, checked by storage to be one of the patient's adverse events).
The resource report counts inpatient days from these records (clinical/resources.py). No SC
hospitalisation rule is published (clinical-reference-2.md §2, §3.3: [NOT FOUND]).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from clinical.errors import ValidationError
from clinical.grade_result import Grade
from clinical.toxicities.definition import InputSpec, ToxicityDefinition
from clinical.toxicities.record import ToxicityRecord

SCALE = "Hospital stay (not graded)"
NOT_GRADED = "A hospital stay: recorded, not graded"
REASONS = (
    ("lead_in", "Planned lead-in monitoring"),
    ("crs", "CRS"),
    ("icans", "ICANS"),
    ("infection", "Infection"),
    ("other", "Other"),
)
DISCHARGED = "discharged_at"
DISCHARGED_LABEL = "Discharged (local)"


def _grade(values: Mapping[str, object]) -> Grade:
    return Grade(None, SCALE, (NOT_GRADED,))


def _check(values: Mapping[str, object], admitted: dt.datetime) -> None:
    """A stay cannot end before it began."""
    discharged = values.get(DISCHARGED)
    if isinstance(discharged, str) and discharged:
        discharged = dt.datetime.fromisoformat(discharged)
    if isinstance(discharged, dt.datetime) and discharged < admitted:
        allowed = f"a time not before the admission ({admitted.astimezone().strftime('%Y-%m-%d %H:%M')})"
        raise ValidationError(DISCHARGED, discharged, allowed, label=DISCHARGED_LABEL)


DEFINITION = ToxicityDefinition(
    id="hospital_stay",
    record_kind="hospital_stay",
    label="Hospital stays",
    name="Hospital stay",
    record_label="hospital stay",
    scale=SCALE,
    source="Issue 18; no SC hospitalisation rule is published (clinical-reference-2.md §2, §3.3)",
    record_type=ToxicityRecord,
    time_field="assessed_at",
    time_label="Admitted",
    inputs=(
        InputSpec(
            DISCHARGED,
            DISCHARGED_LABEL,
            "datetime",
            required=False,
            hint="Empty while in hospital",
            column="Discharged",
        ),
        InputSpec("stay_reason", "Reason", "choice", choices=REASONS),
        InputSpec("stay_reason_text", "Details", "text", required=False),
        InputSpec("icu", "Intensive care", "flag", required=False, column="ICU"),
        InputSpec(
            "adverse_event_id",
            "Adverse event it is the seriousness criterion of",
            "record",
            links_kind="adverse_event",
            required=False,
            column="Adverse event",
            hint="Only when the stay is why the event is serious (hospitalisation)",
        ),
    ),
    grade=_grade,
    order=80,
    graded=False,
    check=_check,
)
