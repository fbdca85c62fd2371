"""Cytokine release syndrome, graded by the ASTCT 2019 consensus (clinical-reference.md §2)."""

from __future__ import annotations

from collections.abc import Mapping

from clinical.choices import Hypotension, Oxygen
from clinical.grade_result import Grade
from clinical.grading import ASTCT_SCALE, TEMPERATURE_RANGE_C, grade_crs
from clinical.model import CrsAssessment
from clinical.toxicities.definition import ChartHint, InputSpec, ToxicityDefinition

# The wording of each option follows clinical-reference.md §2.
HYPOTENSION_CHOICES = (
    (Hypotension.NONE.value, "None"),
    (Hypotension.FLUIDS.value, "Hypotension not needing vasopressors (fluids)"),
    (Hypotension.ONE_VASOPRESSOR.value, "One vasopressor (with or without vasopressin)"),
    (Hypotension.MULTIPLE_VASOPRESSORS.value, "Multiple vasopressors (excluding vasopressin)"),
)
OXYGEN_CHOICES = (
    (Oxygen.NONE.value, "None"),
    (Oxygen.LOW_FLOW.value, "Low-flow nasal cannula (≤ 6 L/min) or blow-by"),
    (Oxygen.HIGH_FLOW.value, "High-flow cannula (> 6 L/min), facemask, non-rebreather or Venturi"),
    (Oxygen.POSITIVE_PRESSURE.value, "Positive pressure (CPAP, BiPAP, intubation)"),
)


def _grade(values: Mapping[str, object]) -> Grade:
    temperature = values.get("temperature_c")
    return grade_crs(
        None if temperature is None else float(str(temperature)),
        str(values.get("hypotension")),
        str(values.get("oxygen")),
        bool(values.get("fever_masked")),
        attributed_to=str(values.get("attributed_to") or ""),
    )


DEFINITION = ToxicityDefinition(
    id="crs",
    record_kind="crs",
    label="CRS",
    name="Cytokine release syndrome",
    record_label="CRS assessment",
    scale=ASTCT_SCALE,
    source="ASTCT 2019 consensus (Lee et al., Biol Blood Marrow Transplant 2019): clinical-reference.md §2",
    record_type=CrsAssessment,
    time_field="assessed_at",
    inputs=(
        InputSpec(
            "temperature_c",
            "Temperature (°C)",
            "number",
            unit="°C",
            low=TEMPERATURE_RANGE_C[0],
            high=TEMPERATURE_RANGE_C[1],
            required=False,
            hint="Empty only when not measured: the assessment is then not gradable",
        ),
        InputSpec("fever_masked", "Fever masked (antipyretic / tocilizumab / steroid)", "flag"),
        InputSpec("hypotension", "Hypotension", "choice", choices=HYPOTENSION_CHOICES),
        InputSpec("oxygen", "Oxygen", "choice", choices=OXYGEN_CHOICES),
        InputSpec("attributed_to", "Signs due to another cause", "text", required=False),
        InputSpec("treatment", "Treatment given", "text", required=False),
    ),
    grade=_grade,
    order=10,
    trial_key="crs",
    overridable=True,
    form="crs",
    list_column="CRS",
    chart=ChartHint("CRS grade"),
    routine_checks=True,
    temperature_input="temperature_c",  # febrile neutropenia reads it too (clinical/flags.py)
)
