"""Premedication given with a dose, as structured data (issue 18): drug, dose, route, time.

An observation (`graded=False`): recorded, listed, shown in the cycle PDF, never graded or counted.
There is no default drug: no premedication is published for SC blinatumomab (clinical-reference-2.md
§2: [NOT FOUND]); the IV label's dexamethasone (clinical-reference.md §5.1) does not carry over.
"""

from __future__ import annotations

from collections.abc import Mapping

from clinical.grade_result import Grade
from clinical.toxicities.definition import InputSpec, ToxicityDefinition
from clinical.toxicities.record import ToxicityRecord

SCALE = "Premedication (not graded)"
NOT_GRADED = "A medicine given before a dose: recorded, not graded"
UNITS = (("mg", "mg"), ("ug", "µg"), ("g", "g"), ("ml", "mL"), ("units", "units"))
ROUTES = (
    ("oral", "Oral"),
    ("iv", "Intravenous"),
    ("sc", "Subcutaneous"),
    ("im", "Intramuscular"),
    ("other", "Other"),
)


def _grade(values: Mapping[str, object]) -> Grade:
    return Grade(None, SCALE, (NOT_GRADED,))


DEFINITION = ToxicityDefinition(
    id="premedication",
    record_kind="premedication",
    label="Premedication",
    name="Premedication given with a dose",
    record_label="premedication",
    scale=SCALE,
    source="Issue 18; no SC premedication is published (clinical-reference-2.md §2)",
    record_type=ToxicityRecord,
    time_field="assessed_at",
    time_label="Given",
    inputs=(
        InputSpec("dose_id", "Before the dose", "dose"),
        InputSpec("drug", "Drug", "text", max_length=120),
        InputSpec("premed_amount", "Dose given", "number", low=0, high=100000, column="Amount"),
        InputSpec("premed_unit", "Unit", "choice", choices=UNITS),
        InputSpec("route", "Route", "choice", choices=ROUTES),
    ),
    grade=_grade,
    order=75,
    graded=False,
    links_dose=True,
)
