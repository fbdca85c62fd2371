"""Explainable grading: ASTCT 2019 CRS and ICANS.

Every threshold here traces to ../shared/clinical-reference.md (section given beside it). Each
function returns a `Grade` whose reasons are the sentences a clinician reads in the app and the PDF.
Nothing here imports scipy, Qt or SQL: the GUI calls these live while a form is being filled in.
The CTCAE lab grading lives in clinical.ctcae_grading; `grade_lab` and `grade_neutropenia` stay
importable from here, with `grade_crs` and `grade_icans`, as the documented grading entry points.
"""

from __future__ import annotations

from collections.abc import Sequence

from clinical.choices import ICE_ITEMS, Consciousness, Hypotension, Motor, Oxygen, RaisedIcp, Seizure
from clinical.ctcae_grading import grade_lab, grade_neutropenia
from clinical.grade_result import NOT_GRADABLE, Grade, finite_number

# grade_lab and grade_neutropenia are re-exported: the documented entry points of clinical.grading.
__all__ = [
    "ASTCT_SCALE",
    "FEVER_C",
    "TEMPERATURE_RANGE_C",
    "grade_crs",
    "grade_icans",
    "grade_lab",
    "grade_neutropenia",
    "ice_score",
]

ASTCT_SCALE = "ASTCT 2019"

# Reference §2: fever is a temperature of 38.0 °C or more.
FEVER_C = 38.0
# Plausible body temperatures; anything outside is a typing error (issue 3).
TEMPERATURE_RANGE_C = (30.0, 45.0)

# Reference §2 table: grade and the sentence for each hypotension and oxygen level. Keyed by
# the string value (`Choice.parse` is typed as returning the base `Choice`).
_HYPOTENSION: dict[str, tuple[int, str]] = {
    Hypotension.NONE: (0, "no hypotension"),
    Hypotension.FLUIDS: (2, "hypotension not needing vasopressors"),
    Hypotension.ONE_VASOPRESSOR: (3, "one vasopressor"),
    Hypotension.MULTIPLE_VASOPRESSORS: (4, "multiple vasopressors"),
}
_OXYGEN: dict[str, tuple[int, str]] = {
    Oxygen.NONE: (0, "no oxygen needed"),
    Oxygen.LOW_FLOW: (2, "low-flow oxygen (nasal cannula 6 L/min or less, or blow-by)"),
    Oxygen.HIGH_FLOW: (3, "high-flow oxygen (over 6 L/min, facemask, non-rebreather or Venturi)"),
    Oxygen.POSITIVE_PRESSURE: (4, "positive-pressure ventilation (CPAP, BiPAP or intubation)"),
}

# Reference §3.2 table, one entry per ICANS domain.
_CONSCIOUSNESS: dict[str, tuple[int, str]] = {
    Consciousness.ALERT: (0, "alert"),
    Consciousness.AWAKENS_SPONTANEOUSLY: (1, "depressed consciousness, awakens spontaneously"),
    Consciousness.AWAKENS_TO_VOICE: (2, "depressed consciousness, awakens to voice"),
    Consciousness.AWAKENS_TO_TOUCH: (3, "depressed consciousness, awakens only to touch"),
    Consciousness.UNAROUSABLE: (4, "unarousable or needs vigorous or repeated stimuli"),
}
_SEIZURE: dict[str, tuple[int, str]] = {
    Seizure.NONE: (0, "no seizure"),
    Seizure.RAPIDLY_RESOLVING: (3, "seizure that resolved rapidly or with intervention"),
    Seizure.LIFE_THREATENING: (4, "life-threatening prolonged or repetitive seizure"),
}
_MOTOR: dict[str, tuple[int, str]] = {
    Motor.NONE: (0, "no motor findings"),
    Motor.DEEP_FOCAL_WEAKNESS: (4, "deep focal motor weakness (e.g. hemiparesis)"),
}
_RAISED_ICP: dict[str, tuple[int, str]] = {
    RaisedIcp.NONE: (0, "no raised intracranial pressure"),
    RaisedIcp.FOCAL_EDEMA: (3, "focal or local cerebral oedema on imaging"),
    RaisedIcp.DIFFUSE_EDEMA: (4, "diffuse cerebral oedema or signs of raised intracranial pressure"),
}


def _check_bool(value: object, argument: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{argument} must be True or False (got {value!r})")
    return value


def _worst(findings: Sequence[tuple[int, str]]) -> tuple[int, list[str]]:
    """The worst grade among the findings, with a "Grade N: ..." sentence for each finding at it."""
    top = max(grade for grade, _ in findings)
    return top, [f"Grade {top}: {text}" for grade, text in findings if grade == top and top > 0]


def grade_crs(
    temperature_c: float | None,
    hypotension: str,
    oxygen: str,
    fever_masked: bool = False,
    *,
    attributed_to: str = "",
) -> Grade:
    """ASTCT 2019 CRS grade (reference §2): fever is required unless masked by treatment,
    then the grade is the worse of hypotension and hypoxia.

    No temperature and no masked fever is "not gradable" (grade None), whatever the hypotension or
    oxygen: reference §2 makes fever (38.0 °C or more, no other cause) the entry criterion of every
    grade 1-4, and only a fever masked by antipyretic or anti-cytokine treatment lifts it. Without a
    temperature we cannot tell CRS from, say, septic shock, so even multiple vasopressors decide no
    CRS grade; the assessment is shown as a check still to do instead. `attributed_to` names another
    cause the clinician holds responsible for the signs (reference §2: only signs "not explained by
    another cause" count): the assessment is kept and shown but not graded as CRS (grade None).
    """
    hyp = Hypotension.parse(hypotension, "hypotension")
    oxy = Oxygen.parse(oxygen, "oxygen")
    masked = _check_bool(fever_masked, "fever_masked")
    if not isinstance(attributed_to, str):
        raise ValueError(f"attributed_to must be text (got {attributed_to!r})")
    temp = None
    if temperature_c is not None:
        temp = finite_number(temperature_c, "temperature_c", *TEMPERATURE_RANGE_C, "°C")
    fever = temp is not None and temp >= FEVER_C
    findings = [_HYPOTENSION[hyp], _OXYGEN[oxy]]
    others = [text[:1].upper() + text[1:] for grade, text in findings if grade > 0]  # keeps "L/min"
    if attributed_to.strip():
        return Grade(None, ASTCT_SCALE, (f"Not graded as CRS: attributed to {attributed_to.strip()}",))
    if temp is None and not masked:
        return Grade(
            None,
            ASTCT_SCALE,
            (
                f"{NOT_GRADABLE}: temperature not recorded (CRS needs fever of {FEVER_C:.1f} °C or "
                "more, or fever masked by treatment)",
                *[f"{text} recorded, not graded as CRS without a temperature" for text in others],
            ),
        )
    if not fever and not masked:
        return Grade(
            0,
            ASTCT_SCALE,
            (
                "Grade 0: no fever (38.0 °C or more) and fever not masked; CRS criteria not met",
                *[f"{text} recorded, not graded as CRS without fever" for text in others],
            ),
        )
    if fever:
        findings.append((1, f"fever {temp:.1f} °C"))
    grade, reasons = _worst(findings)
    if not fever:
        reasons.append(
            "Fever masked by antipyretic, tocilizumab or steroid: graded on hypotension and hypoxia"
        )
        if grade == 0:
            reasons.insert(0, "Grade 0: fever masked and no hypotension or hypoxia")
    elif grade > 1:
        reasons.append(f"Fever {temp:.1f} °C")
    return Grade(grade, ASTCT_SCALE, tuple(reasons))


def ice_score(items: Sequence[bool]) -> int:
    """The ICE score (reference §3.1): one point per item passed, items in `ICE_ITEMS` order."""
    if isinstance(items, str | bytes) or len(items) != len(ICE_ITEMS):
        raise ValueError(f"ice items must be {len(ICE_ITEMS)} answers (got {items!r})")
    for name, answer in zip(ICE_ITEMS, items, strict=True):
        _check_bool(answer, f"ice item {name}")
    return sum(items)


def _ice_finding(score: int | None) -> tuple[int, str]:
    """Reference §3.2: 10 no impairment, 7-9 grade 1, 3-6 grade 2, 0-2 grade 3."""
    if score is None:
        return 0, "ICE not assessed"
    if score == 10:
        return 0, "ICE 10/10"
    return (1 if score >= 7 else 2 if score >= 3 else 3), f"ICE score {score}/10"


def grade_icans(
    ice_score: int | None,
    consciousness: str,
    seizure: str = "none",
    motor: str = "none",
    raised_icp: str = "none",
) -> Grade:
    """ASTCT 2019 ICANS grade for adults (reference §3.2): the worst of the five domains.
    An unarousable patient is grade 4 through the consciousness domain, whatever the ICE.

    ICE not assessed (`ice_score` None) with every other domain normal is not gradable (grade None);
    with another domain abnormal the grade is that domain's, and a reason says the ICE is missing."""
    level = Consciousness.parse(consciousness, "consciousness")
    fit = Seizure.parse(seizure, "seizure")
    weakness = Motor.parse(motor, "motor")
    icp = RaisedIcp.parse(raised_icp, "raised_icp")
    if ice_score is not None and (
        isinstance(ice_score, bool) or not isinstance(ice_score, int) or not 0 <= ice_score <= 10
    ):
        raise ValueError(f"ice_score must be a whole number from 0 to 10 or None (got {ice_score!r})")
    findings = [
        _ice_finding(ice_score),
        _CONSCIOUSNESS[level],
        _SEIZURE[fit],
        _MOTOR[weakness],
        _RAISED_ICP[icp],
    ]
    grade, reasons = _worst(findings)
    if grade == 0 and ice_score is None:
        # Reference §3.2: the ICE score is one of the five domains; with it missing and the other
        # four normal nothing shows the patient is unimpaired (ICE 0-2 alone is grade 3).
        normal = ", ".join(text for _, text in findings[1:])
        return Grade(None, ASTCT_SCALE, (f"{NOT_GRADABLE}: ICE not assessed ({normal})",))
    if grade == 0:
        reasons = ["Grade 0: " + ", ".join(text for _, text in findings)]
    else:
        reasons += [f"Also {text} (grade {g})" for g, text in findings if 0 < g < grade]
    if ice_score is None and level != Consciousness.UNAROUSABLE:
        # An ICE of 0-2 alone is grade 3 (§3.2), so a missing ICE can hide a higher grade below 3.
        higher = "; the ICE score could make it higher" if grade < 3 else ""
        reasons.append(f"ICE not assessed: graded on the other domains{higher}")
    elif ice_score is None:
        reasons.append("ICE not assessed: patient unarousable")
    return Grade(grade, ASTCT_SCALE, tuple(reasons))
