"""Neutrophil count decreased, graded by CTCAE from the lab's ANC (clinical-reference.md §4)."""

from __future__ import annotations

from collections.abc import Mapping

from clinical.ctcae_grading import ANC_RANGE, CTCAE_VERSIONS, anc_grade_bands
from clinical.grade_result import Grade
from clinical.grading import grade_neutropenia
from clinical.model import LabResult
from clinical.toxicities.definition import ChartHint, InputSpec, ToxicityDefinition

_PER_L = "×10⁹/L"


def _grade(values: Mapping[str, object]) -> Grade:
    lln = values.get("lln")
    return grade_neutropenia(
        float(str(values.get("anc"))),
        None if lln is None else float(str(lln)),
        str(values.get("ctcae_version") or "5.0"),
    )


def _bands(scale: str) -> tuple[tuple[int, float, float], ...]:
    """The ANC grade bands of the CTCAE version a lab was graded with ("CTCAE v6.0" -> 6.0's table)."""
    return anc_grade_bands(scale.removeprefix("CTCAE v"))


# Plausible ranges of the other counts are the schema's CHECKs (storage/schema.py, issue 3).
DEFINITION = ToxicityDefinition(
    id="neutropenia",
    record_kind="lab",
    label="Neutropenia",
    name="Neutrophil count decreased",
    record_label="lab result",
    scale="CTCAE v5.0",
    source="CTCAE v5.0 Neutrophil count decreased (v6.0 from a secondary source): clinical-reference.md §4",
    record_type=LabResult,
    time_field="drawn_at",
    inputs=(
        InputSpec("anc", f"ANC ({_PER_L})", "number", unit=_PER_L, low=ANC_RANGE[0], high=ANC_RANGE[1]),
        InputSpec(
            "lln",
            f"ANC lower limit of normal ({_PER_L})",
            "number",
            unit=_PER_L,
            low=ANC_RANGE[0],
            high=ANC_RANGE[1],
            required=False,
        ),
        InputSpec(
            "ctcae_version",
            "CTCAE version",
            "choice",
            choices=tuple((v, f"CTCAE v{v}") for v in CTCAE_VERSIONS),
        ),
        InputSpec("wbc", f"WBC ({_PER_L})", "number", unit=_PER_L, low=0, high=1000, required=False),
        InputSpec(
            "platelets", f"Platelets ({_PER_L})", "number", unit=_PER_L, low=0, high=5000, required=False
        ),
        InputSpec(
            "haemoglobin_g_l", "Haemoglobin (g/L)", "number", unit="g/L", low=0, high=300, required=False
        ),
        InputSpec("crp_mg_l", "CRP (mg/L)", "number", unit="mg/L", low=0, high=1000, required=False),
        InputSpec(
            "ferritin_ug_l", "Ferritin (µg/L)", "number", unit="µg/L", low=0, high=1_000_000, required=False
        ),
    ),
    grade=_grade,
    order=30,
    trial_key="neutropenia",
    form="lab",
    list_column="Neutr.",
    dose_check=False,  # no protocol check for a dose given during a low count (as before issue 14)
    baseline_expected=True,  # a low count before the first dose is the disease's, not treatment's
    max_grade=4,  # CTCAE v5.0 defines no grade 5 for Neutrophil count decreased (ctcae-v5.0.csv)
    chart=ChartHint(
        "ANC",
        value_field="anc",
        value_label=f"ANC ({_PER_L})",
        unit=_PER_L,
        bands=_bands,
        limit_field="lln",
        limit_label="LLN (grade 1 below)",
    ),
    ctcae_term="Neutrophil count decreased",
)
