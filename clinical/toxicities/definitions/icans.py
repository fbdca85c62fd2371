"""Immune effector cell-associated neurotoxicity syndrome, graded by ASTCT 2019 for adults
(clinical-reference.md §3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from clinical.choices import Consciousness, Motor, RaisedIcp, Seizure
from clinical.grade_result import Grade
from clinical.grading import ASTCT_SCALE, grade_icans, ice_score
from clinical.model import IcansAssessment
from clinical.toxicities.definition import ChartHint, InputSpec, ToxicityDefinition

# The wording of each option follows clinical-reference.md §3.2.
CONSCIOUSNESS_CHOICES = (
    (Consciousness.ALERT.value, "Alert"),
    (Consciousness.AWAKENS_SPONTANEOUSLY.value, "Awakens spontaneously"),
    (Consciousness.AWAKENS_TO_VOICE.value, "Awakens to voice"),
    (Consciousness.AWAKENS_TO_TOUCH.value, "Awakens only to tactile stimulus"),
    (Consciousness.UNAROUSABLE.value, "Unarousable, or needs vigorous or repetitive stimuli; stupor or coma"),
)
SEIZURE_CHOICES = (
    (Seizure.NONE.value, "None"),
    (
        Seizure.RAPIDLY_RESOLVING.value,
        "Clinical seizure resolving rapidly, or EEG seizures resolving with treatment",
    ),
    (Seizure.LIFE_THREATENING.value, "Life-threatening prolonged seizure (> 5 min) or repetitive seizures"),
)
MOTOR_CHOICES = (
    (Motor.NONE.value, "None"),
    (Motor.DEEP_FOCAL_WEAKNESS.value, "Deep focal motor weakness (hemiparesis, paraparesis)"),
)
RAISED_ICP_CHOICES = (
    (RaisedIcp.NONE.value, "None"),
    (RaisedIcp.FOCAL_EDEMA.value, "Focal or local oedema on imaging"),
    (
        RaisedIcp.DIFFUSE_EDEMA.value,
        "Diffuse oedema, posturing, CN VI palsy, papilloedema or Cushing's triad",
    ),
)


def _grade(values: Mapping[str, object]) -> Grade:
    items = values.get("ice_items")
    score = None if items is None else ice_score([bool(item) for item in items])  # type: ignore[attr-defined]
    return grade_icans(
        score,
        str(values.get("consciousness")),
        str(values.get("seizure") or Seizure.NONE.value),
        str(values.get("motor") or Motor.NONE.value),
        str(values.get("raised_icp") or RaisedIcp.NONE.value),
    )


def ice_items_text(items: Sequence[bool] | None) -> str:
    return "not assessed" if items is None else f"{sum(items)}/10"


DEFINITION = ToxicityDefinition(
    id="icans",
    record_kind="icans",
    label="ICANS",
    name="Immune effector cell-associated neurotoxicity syndrome",
    record_label="ICANS assessment",
    scale=ASTCT_SCALE,
    source="ASTCT 2019 consensus (Lee et al., Biol Blood Marrow Transplant 2019): clinical-reference.md §3",
    record_type=IcansAssessment,
    time_field="assessed_at",
    inputs=(
        InputSpec("consciousness", "Consciousness", "choice", choices=CONSCIOUSNESS_CHOICES),
        InputSpec(
            "ice_items",
            "ICE items",
            "ice_items",
            required=False,
            hint="Ten points (ICE, clinical-reference.md §3.1); not assessed is not gradable alone",
        ),
        InputSpec("ice_unable_reason", "ICE not performed because", "text", required=False),
        InputSpec("seizure", "Seizure", "choice", choices=SEIZURE_CHOICES),
        InputSpec("motor", "Motor findings", "choice", choices=MOTOR_CHOICES),
        InputSpec("raised_icp", "Raised ICP / cerebral oedema", "choice", choices=RAISED_ICP_CHOICES),
        InputSpec("treatment", "Treatment given", "text", required=False),
    ),
    grade=_grade,
    order=20,
    trial_key="icans",
    overridable=True,
    form="icans",
    list_column="ICANS",
    chart=ChartHint("ICANS grade"),
    routine_checks=True,
)
