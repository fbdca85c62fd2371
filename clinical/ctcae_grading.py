"""CTCAE lab grading: `grade_lab` for every lab term of data/ctcae-labs.toml, and the ANC
("Neutrophil count decreased") through `grade_neutropenia`.

Split from clinical.grading (ASTCT CRS and ICANS) because it is a different scale with its own rules:
thresholds read from a table (clinical.lab_grades), multiples of the ULN or of the baseline, and a
missing LLN or ULN that makes a value "not gradable". clinical.grading re-exports `grade_lab` and
`grade_neutropenia`, its documented entry points. Every threshold traces to
../shared/clinical-reference.md §4 and docs/clinical-additions.md §5; no scipy, Qt or SQL.
"""

from __future__ import annotations

import math

from clinical.grade_result import NOT_GRADABLE, Grade, finite_number
from clinical.lab_grades import Band, LabCriteria, lab_criteria

CTCAE_VERSIONS: tuple[str, ...] = ("5.0", "6.0")

# Plausible ANC in 10^9/L (issue 3).
ANC_RANGE = (0.0, 100.0)

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


def cells_per_ul_to_10e9(cells_per_ul: float) -> float:
    """Convert a count in cells/µL (= cells/mm³) to 10^9/L: 1000/µL is 1.0 x10^9/L (§4.1)."""
    value = finite_number(cells_per_ul, "count", 0.0, ANC_RANGE[1] * 1000, "cells/µL")
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
    anc = finite_number(anc_10e9_per_l, "anc_10e9_per_l", *ANC_RANGE, "x10^9/L")
    lln = None
    if lln_10e9_per_l is not None:
        lln = finite_number(lln_10e9_per_l, "lln_10e9_per_l", *ANC_RANGE, "x10^9/L")
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
    number = finite_number(value, argument, criteria.low, criteria.high, unit)
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
