"""Body temperature, a vital sign: recorded on its own, never graded (issue 11).

Febrile neutropenia (CTCAE v5.0, clinical-reference.md §4.2: ANC < 1.0 x10^9/L with a single
temperature > 38.3 °C or >= 38.0 °C sustained over one hour) is derived from every recorded body
temperature (clinical/flags.py), so it no longer depends on a CRS assessment existing. A temperature
is an observation, not an adverse event: it forms no episode, raises no grade flag and is not
counted against the trial (fever in CRS is graded as CRS, by ASTCT 2019).
"""

from __future__ import annotations

from collections.abc import Mapping

from clinical.grade_result import Grade
from clinical.grading import FEVER_C, TEMPERATURE_RANGE_C
from clinical.toxicities.definition import ChartHint, InputSpec, ToxicityDefinition
from clinical.toxicities.record import ToxicityRecord

SCALE = "Vital sign (not graded)"
NOT_GRADED = "A vital sign: recorded, not graded"
# The chart's usual value axis (a display choice, not a clinical threshold): readings outside widen it.
CHART_SPAN_C = (35.0, 41.0)


def _grade(values: Mapping[str, object]) -> Grade:
    """No grade: an observation is never graded (and so never reads as normal either)."""
    return Grade(None, SCALE, (NOT_GRADED,))


DEFINITION = ToxicityDefinition(
    id="temperature",
    record_kind="temperature",
    label="Temperature",
    name="Body temperature",
    record_label="temperature reading",
    scale=SCALE,
    source="Febrile neutropenia, CTCAE v5.0: clinical-reference.md §4.2 (the temperatures it reads)",
    record_type=ToxicityRecord,
    time_field="assessed_at",
    inputs=(
        InputSpec(
            "temperature_c",
            "Temperature (°C)",
            "number",
            unit="°C",
            low=TEMPERATURE_RANGE_C[0],
            high=TEMPERATURE_RANGE_C[1],
        ),
        InputSpec("note", "Note", "text", required=False),
    ),
    grade=_grade,
    order=50,
    graded=False,
    temperature_input="temperature_c",
    chart=ChartHint(
        "Temperature",
        value_field="temperature_c",
        value_label="Temperature (°C)",
        unit="°C",
        span=CHART_SPAN_C,
        lines=((FEVER_C, f"Fever: {FEVER_C:.1f} °C (ASTCT 2019)"),),
    ),
)
