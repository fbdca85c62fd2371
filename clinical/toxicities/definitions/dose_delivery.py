"""Where and by whom a given dose was delivered (issue 18): one record per given dose, linked to it.

An observation, not a toxicity: never graded, no episode, flag or cohort count (`graded=False`).
The resource report (clinical/resources.py) counts visits, home doses and nurse minutes from these
records. The injection site with its side is the dose's own `site` (InjectionSite names the side:
"abdomen, left"), so it is not stored twice here. No setting is published for SC blinatumomab
(clinical-reference-2.md §2: [NOT FOUND]); the app records what the site did and prescribes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from clinical.grade_result import Grade
from clinical.toxicities.definition import InputSpec, ToxicityDefinition
from clinical.toxicities.record import ToxicityRecord

SCALE = "Delivery record (not graded)"
NOT_GRADED = "Where and by whom a dose was given: recorded, not graded"

INPATIENT = "inpatient"
DAY_UNIT = "day_unit"
OUTPATIENT = "outpatient"
HOME_NURSE = "home_nurse"
HOME_SELF = "home_self"
SETTINGS = (
    (INPATIENT, "Inpatient ward"),
    (DAY_UNIT, "Day unit"),
    (OUTPATIENT, "Outpatient clinic"),
    (HOME_NURSE, "Home, by a community nurse"),
    (HOME_SELF, "Home, self-administered"),
)
SETTING = "setting"
GIVEN_BY = "given_by"
MINUTES = "nurse_minutes"


def _grade(values: Mapping[str, object]) -> Grade:
    return Grade(None, SCALE, (NOT_GRADED,))


DEFINITION = ToxicityDefinition(
    id="dose_delivery",
    record_kind="dose_delivery",
    label="Delivery",
    name="Dose delivery (setting, given by, nurse time)",
    record_label="dose delivery",
    scale=SCALE,
    source="Issue 18; no SC setting is published (clinical-reference-2.md §2)",
    record_type=ToxicityRecord,
    time_field="assessed_at",
    time_label="Given",
    inputs=(
        InputSpec("dose_id", "Dose", "dose"),
        InputSpec(SETTING, "Setting", "choice", choices=SETTINGS),
        InputSpec(GIVEN_BY, "Given by", "text", required=False, max_length=120),
        InputSpec(
            MINUTES,
            "Nurse or chair time (minutes)",
            "number",
            unit="min",
            low=0,
            high=1440,
            required=False,
            column="Minutes",
        ),
    ),
    grade=_grade,
    order=70,
    graded=False,
    links_dose=True,
)
