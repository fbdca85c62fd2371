"""Explainable grading: ASTCT 2019 CRS and ICANS, CTCAE neutrophil count decreased.

Every threshold here traces to ../shared/clinical-reference.md (section given beside it). Each
function returns a `Grade` whose reasons are the sentences a clinician reads in the app and the PDF.
Nothing here imports scipy, Qt or SQL: the GUI calls these live while a form is being filled in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from clinical.choices import ICE_ITEMS, Consciousness, Hypotension, Motor, Oxygen, RaisedIcp, Seizure
from clinical.lab_grades import Band, LabCriteria, lab_criteria

ASTCT_SCALE = "ASTCT 2019"
CTCAE_VERSIONS: tuple[str, ...] = ("5.0", "6.0")

# Reference §2: fever is a temperature of 38.0 °C or more.
FEVER_C = 38.0
# Plausible body temperatures; anything outside is a typing error (issue 3).
TEMPERATURE_RANGE_C = (30.0, 45.0)
# Plausible ANC in 10^9/L (issue 3).
ANC_RANGE = (0.0, 100.0)

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

# Reference §4.1 (CTCAE v5.0) and §4.3 (v6.0: SECONDARY SOURCE ONLY, the official v6 document was not
# read): the ANC bands are the "Neutrophil count decreased" tables of data/ctcae-labs.toml, which
# grade_lab grades with. v5.0 grade 1 (LLN to 1.5) needs the lab's LLN and is not a band.
NEUTROPHILS = "Neutrophil count decreased"


def anc_grade_bands(ctcae_version: str = "5.0") -> tuple[tuple[int, float, float], ...]:
    """(grade, lower, upper) ANC bands in 10^9/L for charts, from the same table that grades.

    v5.0 grade 1 (LLN to 1.5) is absent: it depends on each lab's LLN.
    """
    bands, lower = [], 0.0
    for band in _lab_table(NEUTROPHILS, ctcae_version).bands:
        bands.append((band.grade, lower, band.bound))
        lower = band.bound
    return tuple(bands)


@dataclass(frozen=True)
class Grade:
    """A computed grade (0 = none), the scale that produced it and why, in clinician sentences.

    `grade` is None when the inputs cannot decide a grade ("not gradable"), e.g. no temperature for
    CRS: a measurement that was not taken must never read as normal (issue 11). The first reason
    then says what is missing, in the words the app shows ("Not gradable: temperature not recorded").
    """

    grade: int | None
    scale: str
    reasons: tuple[str, ...]

    @property
    def gradable(self) -> bool:
        return self.grade is not None


NOT_GRADABLE = "Not gradable"


def not_graded_label(reasons: Sequence[str]) -> str:
    """What a list shows for an assessment without a grade: "not gradable: temperature not recorded"
    or "not graded as CRS: attributed to infection" (the first reason, without its explanation)."""
    first = reasons[0] if reasons else NOT_GRADABLE
    if first.startswith(NOT_GRADABLE) and " (" in first:
        first = first[: first.index(" (")]
    return first[:1].lower() + first[1:]


def decided(grade: Grade) -> int:
    """The grade of a scale that always decides one (CTCAE neutropenia from a stored ANC)."""
    if grade.grade is None:
        raise ValueError(f"expected a decided grade, got: {'; '.join(grade.reasons)}")
    return grade.grade


def _finite_number(value: object, argument: str, low: float, high: float, unit: str) -> float:
    """Reject non-numbers, NaN and values outside [low, high] with a message naming the argument."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise ValueError(f"{argument} must be a number from {low:g} to {high:g} {unit} (got {value!r})")
    if not low <= value <= high:
        raise ValueError(f"{argument} must be from {low:g} to {high:g} {unit} (got {value!r})")
    return float(value)


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
        temp = _finite_number(temperature_c, "temperature_c", *TEMPERATURE_RANGE_C, "°C")
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


def cells_per_ul_to_10e9(cells_per_ul: float) -> float:
    """Convert a count in cells/µL (= cells/mm³) to 10^9/L: 1000/µL is 1.0 x10^9/L (§4.1)."""
    value = _finite_number(cells_per_ul, "count", 0.0, ANC_RANGE[1] * 1000, "cells/µL")
    return value / 1000.0


def grade_neutropenia(
    anc_10e9_per_l: float,
    lln_10e9_per_l: float | None = None,
    ctcae_version: str = "5.0",
) -> Grade:
    """CTCAE "Neutrophil count decreased" (reference §4.1 v5.0; §4.3 v6.0, secondary source): the
    grade of `grade_lab`, except where it says "not gradable" (v5.0, ANC 1.5 or more, no LLN).
    There this keeps grade 0 with a sentence that grade 1 needs the LLN: the lab results stored
    before `grade_lab` existed hold that grade, and storage reads it as a decided grade."""
    _check_version(ctcae_version)
    anc = _finite_number(anc_10e9_per_l, "anc_10e9_per_l", *ANC_RANGE, "x10^9/L")
    lln = None
    if lln_10e9_per_l is not None:
        lln = _finite_number(lln_10e9_per_l, "lln_10e9_per_l", *ANC_RANGE, "x10^9/L")
    result = grade_lab(NEUTROPHILS, anc, lln=lln, ctcae_version=ctcae_version)
    if result.gradable:
        return result
    last = _lab_table(NEUTROPHILS, ctcae_version).bands[-1].bound
    return Grade(
        0,
        result.scale,
        (
            f"Grade 0: ANC {anc:g} x10^9/L is {last:g} or more; grade 1 needs the lab's lower limit of "
            "normal (LLN)",
        ),
    )


# ---------------------------------------------------------------- CTCAE lab terms (grade_lab)

# Two values closer than this (relative) are equal: 3 x 1.2 is 3.5999999999999996 in floating point,
# and a bilirubin of 3.6 with a ULN of 1.2 is 3.0 x ULN, not above it (admiral rounds to 15
# significant digits for the same reason; docs/clinical-additions.md §5).
_SAME = 1e-9


def _above(value: float, limit: float) -> bool:
    return value > limit and not math.isclose(value, limit, rel_tol=_SAME)


def _at_least(value: float, limit: float) -> bool:
    return value >= limit or math.isclose(value, limit, rel_tol=_SAME)


def _check_version(ctcae_version: object) -> str:
    if ctcae_version not in CTCAE_VERSIONS:
        allowed = ", ".join(CTCAE_VERSIONS)
        raise ValueError(f"ctcae_version must be one of: {allowed} (got {ctcae_version!r})")
    return str(ctcae_version)


def lab_terms(ctcae_version: str = "5.0") -> tuple[str, ...]:
    """The CTCAE terms `grade_lab` grades for a version, in the order of data/ctcae-labs.toml."""
    version = _check_version(ctcae_version)
    return tuple(term for (v, term) in lab_criteria() if v == version)


def _lab_table(term: object, ctcae_version: object) -> LabCriteria:
    version = _check_version(ctcae_version)
    criteria = lab_criteria().get((version, term))  # type: ignore[arg-type]
    if criteria is not None:
        return criteria
    known = lab_terms("5.0")
    if term not in known:
        raise ValueError(f"term must be one of: {', '.join(known)} (got {term!r})")
    raise ValueError(
        f"CTCAE v{version} thresholds for {term} are not in ToxTrack's tables "
        f"(v{version} grades: {', '.join(lab_terms(version))})"
    )


def _lab_number(value: object, argument: str, criteria: LabCriteria, *, positive: bool = False) -> float:
    unit = criteria.unit or "in the lab's unit"
    number = _finite_number(value, argument, criteria.low, criteria.high, unit)
    if positive and number == 0:
        raise ValueError(f"{argument} must be more than 0 {unit} (got {value!r})")
    return number


def _lab_grade(criteria: LabCriteria, grade: int | None, *reasons: str) -> Grade:
    """A grade with its reasons, then the term's note (a criterion the value cannot show)."""
    note = (criteria.note,) if criteria.note else ()
    return Grade(grade, f"CTCAE v{criteria.ctcae_version}", (*reasons, *note))


def _decreased(criteria: LabCriteria, value: float, lln: float | None) -> Grade:
    """A count or haemoglobin below CTCAE's absolute bounds, then below the lab's LLN (grade 1)."""
    shown = f"{criteria.name} {value:g} {criteria.unit}"
    for band in criteria.bands:
        if value < band.bound:
            return _lab_grade(criteria, band.grade, f"Grade {band.grade}: {shown} is below {band.bound:g}")
    last = criteria.bands[-1].bound
    if criteria.lln_grade is None:
        return _lab_grade(criteria, 0, f"Grade 0: {shown} is {last:g} or more")
    if lln is None:
        return _lab_grade(
            criteria,
            None,
            f"{NOT_GRADABLE}: LLN not given ({shown} is {last:g} or more: grade {criteria.lln_grade} if "
            "below the lab's lower limit of normal, grade 0 if not)",
        )
    if value < lln:
        reason = f"Grade {criteria.lln_grade}: {shown} is below the LLN ({lln:g}) and {last:g} or more"
        return _lab_grade(criteria, criteria.lln_grade, reason)
    return _lab_grade(criteria, 0, f"Grade 0: {shown} is at or above the LLN ({lln:g})")


def _times(band: Band, limit: float, limit_name: str) -> str:
    """ "the ULN (40)", "3 x ULN (120)", "1.5 x baseline (90)"."""
    multiple = f"the {limit_name}" if band.bound == 1 else f"{band.bound:g} x {limit_name}"
    return f"{multiple} ({band.bound * limit:g})"


def _by_multiples(bands: tuple[Band, ...], limit: float, limit_name: str, value: float) -> tuple[int, str]:
    """The grade of `value` in multiples of `limit` (the ULN or the baseline) and why, as
    (grade, "above 3 x ULN (120)"); grade 0 says the mildest bound it does not pass."""
    for band in bands:
        if band.kind == "at_least" and _at_least(value, band.bound * limit):
            return band.grade, f"at least {_times(band, limit, limit_name)}"
        if band.kind == "above" and _above(value, band.bound * limit):
            return band.grade, f"above {_times(band, limit, limit_name)}"
    mildest = bands[-1]
    word = "below" if mildest.kind == "at_least" else "at or below"
    return 0, f"{word} {_times(mildest, limit, limit_name)}"


def _increased(criteria: LabCriteria, value: float, uln: float | None, baseline: float | None) -> Grade:
    """ALT, AST, bilirubin: multiples of the ULN, or of the baseline when it was above the ULN."""
    shown = f"{criteria.name} {value:g}"
    if uln is None:
        return _lab_grade(
            criteria,
            None,
            f"{NOT_GRADABLE}: ULN not given ({criteria.name} is graded in multiples of the lab's upper "
            "limit of normal)",
        )
    if baseline is not None and _above(baseline, uln):
        grade, why = _by_multiples(criteria.baseline_bands, baseline, "baseline", value)
        return _lab_grade(
            criteria,
            grade,
            f"Grade {grade}: {shown} is {why}",
            f"Baseline {baseline:g} was above the ULN ({uln:g}): graded in multiples of the baseline, "
            f"as CTCAE v{criteria.ctcae_version} grades an abnormal baseline",
        )
    grade, why = _by_multiples(criteria.bands, uln, "ULN", value)
    if baseline is not None:
        context = f"Baseline {baseline:g} was at or below the ULN ({uln:g}): graded in multiples of the ULN"
    elif grade > 0:
        context = (
            "No baseline given: graded in multiples of the ULN, as CTCAE "
            f"v{criteria.ctcae_version} grades a normal baseline"
        )
    else:
        return _lab_grade(criteria, grade, f"Grade {grade}: {shown} is {why}")
    return _lab_grade(criteria, grade, f"Grade {grade}: {shown} is {why}", context)


def _increased_either(
    criteria: LabCriteria, value: float, uln: float | None, baseline: float | None
) -> Grade:
    """Creatinine: the worse of the multiples of the ULN and of the baseline (CTCAE v5.0 puts no
    condition on its baseline sentences), each read from what was given."""
    shown = f"{criteria.name} {value:g}"
    findings = []
    if uln is not None:
        findings.append(_by_multiples(criteria.bands, uln, "ULN", value))
    if baseline is not None:
        findings.append(_by_multiples(criteria.baseline_bands, baseline, "baseline", value))
    if uln is None and (not findings or findings[0][0] == 0):
        after = f"{shown} is {findings[0][1]}; " if findings else ""
        return _lab_grade(
            criteria,
            None,
            f"{NOT_GRADABLE}: ULN not given ({after}{criteria.name} is graded in multiples of the lab's "
            "upper limit of normal, and of the baseline from grade 2)",
        )
    top = max(grade for grade, _ in findings)
    if top == 0:
        reasons = [f"Grade 0: {shown} is {' and '.join(why for _, why in findings)}"]
    else:
        reasons = [f"Grade {top}: {shown} is {why}" for grade, why in findings if grade == top]
        reasons += [f"Also {why}: grade {grade}" for grade, why in findings if 0 < grade < top]
    if uln is None:
        reasons.append("No ULN given: graded on the baseline only; the ULN could make it higher")
    elif baseline is None and top < criteria.baseline_bands[0].grade:
        reasons.append("No baseline given: graded in multiples of the ULN; the baseline could make it higher")
    return _lab_grade(criteria, top, *reasons)


def grade_lab(
    term: str,
    value: float,
    *,
    lln: float | None = None,
    uln: float | None = None,
    baseline: float | None = None,
    ctcae_version: str = "5.0",
) -> Grade:
    """The CTCAE grade of one lab value for `term` (the tables: data/ctcae-labs.toml, from CTCAE v5.0;
    docs/clinical-additions.md §5 says how each sentence is read and where admiral differs).

    Counts are in 10^9/L and haemoglobin ("Anemia") in g/L; for the "increased" terms the value, ULN
    and baseline are in one unit, the lab's. A "decreased" term needs the LLN only for grade 1: a
    value at or above CTCAE's grade 2 bound with no LLN is not gradable (grade None), never grade 0.
    An "increased" term needs the ULN (creatinine grades 2-3 can come from the baseline alone). The
    baseline is the patient's value before treatment: ALT, AST and bilirubin are graded in multiples
    of it when it was above the ULN; with no baseline they are graded as for a normal one, and say so.
    Limits a term does not use (the ULN of a count, say) are checked but not used.
    """
    criteria = _lab_table(term, ctcae_version)
    number = _lab_number(value, "value", criteria)
    lower = None if lln is None else _lab_number(lln, "lln", criteria)
    increased = criteria.direction == "increased"
    upper = None if uln is None else _lab_number(uln, "uln", criteria, positive=increased)
    before = None if baseline is None else _lab_number(baseline, "baseline", criteria, positive=increased)
    if not increased:
        return _decreased(criteria, number, lower)
    if criteria.baseline_rule == "always":
        return _increased_either(criteria, number, upper, before)
    return _increased(criteria, number, upper, before)
