"""grade_lab: every threshold edge of every CTCAE v5.0 lab term, the baseline rules, what cannot be
graded, argument checks, and the tables against their CTCAE sentences and admiral's test cases.

Expected grades are written by hand from the CTCAE v5.0 sentences (clinical/data/ctcae-v5.0.csv;
clinical-reference-2.md §4; docs/clinical-additions.md §5), not computed from the tables under test."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.ctcae_grading import ANC_RANGE, anc_grade_bands, lab_terms
from clinical.grade_result import Grade, not_graded_label
from clinical.grading import grade_lab, grade_neutropenia
from clinical.lab_grades import LabCriteria, lab_criteria, parse_lab_criteria
from clinical.toxicities.ctcae import ctcae_terms

V5 = "CTCAE v5.0"
ALT = "Alanine aminotransferase increased"
AST = "Aspartate aminotransferase increased"
BILI = "Blood bilirubin increased"
CREAT = "Creatinine increased"
ANC = "Neutrophil count decreased"
PLT = "Platelet count decreased"
LYMPH = "Lymphocyte count decreased"
WBC = "White blood cell decreased"
BRIEF_TERMS = (ANC, PLT, LYMPH, WBC, "Anemia", ALT, AST, BILI, CREAT)
ANAEMIA_NOTE = (
    "Transfusion indicated (grade 3) and life-threatening consequences (grade 4) are clinical judgements "
    "the haemoglobin value cannot show"
)
NO_BASELINE = "No baseline given: graded in multiples of the ULN, as CTCAE v5.0 grades a normal baseline"


# ---------------------------------------------------------------- "decreased" terms: every edge


def _edges(lln: float, *rows: tuple[float, int]) -> list[tuple[float, float, int]]:
    return [(value, lln, grade) for value, grade in rows]


DECREASED_EDGES = {
    # CTCAE v5.0: G4 <0.5; G3 <1.0-0.5; G2 <1.5-1.0; G1 <LLN-1.5 x10^9/L (LLN 2.0 here)
    ANC: _edges(2.0, (0.0, 4), (0.49, 4), (0.5, 3), (0.51, 3), (0.99, 3), (1.0, 2), (1.01, 2), (1.49, 2),
                (1.5, 1), (1.51, 1), (1.99, 1), (2.0, 0), (2.01, 0)),
    # G4 <25.0; G3 <50.0-25.0; G2 <75.0-50.0; G1 <LLN-75.0 x10^9/L (LLN 150)
    PLT: _edges(150.0, (24.9, 4), (25.0, 3), (25.1, 3), (49.9, 3), (50.0, 2), (50.1, 2), (74.9, 2),
                (75.0, 1), (75.1, 1), (149.9, 1), (150.0, 0), (150.1, 0)),
    # G4 <0.2; G3 <0.5-0.2; G2 <0.8-0.5; G1 <LLN-0.8 x10^9/L (LLN 1.0)
    LYMPH: _edges(1.0, (0.19, 4), (0.2, 3), (0.21, 3), (0.49, 3), (0.5, 2), (0.51, 2), (0.79, 2),
                  (0.8, 1), (0.81, 1), (0.99, 1), (1.0, 0), (1.01, 0)),
    # G4 <1.0; G3 <2.0-1.0; G2 <3.0-2.0; G1 <LLN-3.0 x10^9/L (LLN 4.0)
    WBC: _edges(4.0, (0.99, 4), (1.0, 3), (1.01, 3), (1.99, 3), (2.0, 2), (2.01, 2), (2.99, 2),
                (3.0, 1), (3.01, 1), (3.99, 1), (4.0, 0), (4.01, 0)),
    # Haemoglobin g/L: G3 <80; G2 <100-80; G1 <LLN-100 (LLN 120); grade 4 is not a number
    "Anemia": _edges(120.0, (0.0, 3), (79.9, 3), (80.0, 2), (80.1, 2), (99.9, 2), (100.0, 1), (100.1, 1),
                     (119.9, 1), (120.0, 0), (120.1, 0)),
}  # fmt: skip


@pytest.mark.parametrize(
    ("term", "value", "lln", "grade"),
    [(term, *row) for term, rows in DECREASED_EDGES.items() for row in rows],
)
def test_decreased_term_edges(term: str, value: float, lln: float, grade: int) -> None:
    result = grade_lab(term, value, lln=lln)
    assert (result.grade, result.scale) == (grade, V5)


@pytest.mark.parametrize(
    ("term", "value", "grade"),
    [(ANC, 1.49, 2), (PLT, 74.9, 2), (LYMPH, 0.79, 2), (WBC, 2.99, 2), ("Anemia", 99.9, 2), (ANC, 0.1, 4)],
)
def test_below_grade_2_the_lln_is_not_needed(term: str, value: float, grade: int) -> None:
    assert grade_lab(term, value).grade == grade


@pytest.mark.parametrize(
    ("term", "value", "reason"),
    [
        (ANC, 1.5, "Not gradable: LLN not given (ANC 1.5 x10^9/L is 1.5 or more: grade 1 if below the lab's "
                   "lower limit of normal, grade 0 if not)"),
        (PLT, 200.0, "Not gradable: LLN not given (platelet count 200 x10^9/L is 75 or more: grade 1 if "
                     "below the lab's lower limit of normal, grade 0 if not)"),
        (LYMPH, 0.8, "Not gradable: LLN not given (lymphocyte count 0.8 x10^9/L is 0.8 or more: grade 1 if "
                     "below the lab's lower limit of normal, grade 0 if not)"),
        (WBC, 3.0, "Not gradable: LLN not given (WBC 3 x10^9/L is 3 or more: grade 1 if below the lab's "
                   "lower limit of normal, grade 0 if not)"),
    ],
)  # fmt: skip
def test_at_or_above_grade_2_without_lln_is_not_gradable(term: str, value: float, reason: str) -> None:
    assert grade_lab(term, value) == Grade(None, V5, (reason,))
    assert not_graded_label((reason,)) == "not gradable: LLN not given"


def test_anaemia_without_lln_is_not_gradable_and_keeps_its_note() -> None:
    assert grade_lab("Anemia", 140.0) == Grade(
        None,
        V5,
        (
            "Not gradable: LLN not given (haemoglobin 140 g/L is 100 or more: grade 1 if below the lab's "
            "lower limit of normal, grade 0 if not)",
            ANAEMIA_NOTE,
        ),
    )


@pytest.mark.parametrize(
    ("term", "value", "lln", "reasons"),
    [
        (PLT, 20.0, None, ("Grade 4: platelet count 20 x10^9/L is below 25",)),
        (PLT, 100.0, 150.0, ("Grade 1: platelet count 100 x10^9/L is below the LLN (150) and 75 or more",)),
        (PLT, 150.0, 150.0, ("Grade 0: platelet count 150 x10^9/L is at or above the LLN (150)",)),
        (LYMPH, 0.3, None, ("Grade 3: lymphocyte count 0.3 x10^9/L is below 0.5",)),
        (WBC, 2.5, 4.0, ("Grade 2: WBC 2.5 x10^9/L is below 3",)),
        ("Anemia", 75.0, 120.0, ("Grade 3: haemoglobin 75 g/L is below 80", ANAEMIA_NOTE)),
        ("Anemia", 110.0, 120.0,
         ("Grade 1: haemoglobin 110 g/L is below the LLN (120) and 100 or more", ANAEMIA_NOTE)),
        ("Anemia", 130.0, 120.0, ("Grade 0: haemoglobin 130 g/L is at or above the LLN (120)", ANAEMIA_NOTE)),
    ],
)  # fmt: skip
def test_decreased_sentences(term: str, value: float, lln: float | None, reasons: tuple[str, ...]) -> None:
    assert grade_lab(term, value, lln=lln) == Grade(int(reasons[0][6]), V5, reasons)


def test_an_lln_below_a_ctcae_bound_does_not_lower_the_grade() -> None:
    # CTCAE's bounds are absolute: 1.45 is grade 2 even where the lab's LLN is 1.4 (admiral agrees).
    assert grade_lab(ANC, 1.45, lln=1.4).grade == 2
    assert grade_lab(ANC, 1.6, lln=1.4).reasons == ("Grade 0: ANC 1.6 x10^9/L is at or above the LLN (1.4)",)


def test_limits_a_decreased_term_does_not_use_are_checked_not_used() -> None:
    assert grade_lab(PLT, 100.0, lln=150.0, uln=400.0, baseline=250.0) == grade_lab(PLT, 100.0, lln=150.0)
    with pytest.raises(ValueError) as error:
        grade_lab(PLT, 100.0, uln=-1.0)
    assert str(error.value) == "uln must be from 0 to 5000 x10^9/L (got -1.0)"


# ---------------------------------------------------------------- ALT and AST: ULN and baseline rules


def _alt_edges(term: str) -> list[tuple[str, float, float, float | None, int]]:
    rows: list[tuple[str, float, float, float | None, int]] = []
    # Normal or no baseline, ULN 40: G1 >ULN-3.0 x ULN; G2 >3.0-5.0; G3 >5.0-20.0; G4 >20.0 x ULN.
    for baseline in (None, 30.0, 40.0):
        rows += [(term, value, 40.0, baseline, grade) for value, grade in (
            (0.0, 0), (39.9, 0), (40.0, 0), (40.1, 1), (119.9, 1), (120.0, 1), (120.1, 2), (199.9, 2),
            (200.0, 2), (200.1, 3), (799.9, 3), (800.0, 3), (800.1, 4))]  # fmt: skip
    # Abnormal baseline 60 (ULN 40): G1 1.5-3.0 x baseline; G2 >3.0-5.0; G3 >5.0-20.0; G4 >20.0.
    rows += [(term, value, 40.0, 60.0, grade) for value, grade in (
        (40.1, 0), (89.9, 0), (90.0, 1), (90.1, 1), (179.9, 1), (180.0, 1), (180.1, 2), (299.9, 2),
        (300.0, 2), (300.1, 3), (1199.9, 3), (1200.0, 3), (1200.1, 4))]  # fmt: skip
    # A baseline just above the ULN is abnormal: 1.5 x 40.1 = 60.15.
    rows += [(term, 60.1, 40.0, 40.1, 0), (term, 60.2, 40.0, 40.1, 1)]
    return rows


@pytest.mark.parametrize(("term", "value", "uln", "baseline", "grade"), _alt_edges(ALT) + _alt_edges(AST))
def test_transaminase_edges(term: str, value: float, uln: float, baseline: float | None, grade: int) -> None:
    assert grade_lab(term, value, uln=uln, baseline=baseline).grade == grade


def test_an_abnormal_baseline_replaces_the_uln_whichever_is_higher() -> None:
    # Baseline 50 > ULN 40: 250 is 5.0 x baseline (grade 2), though above 5 x ULN (200, grade 3).
    assert grade_lab(ALT, 250.0, uln=40.0, baseline=50.0).grade == 2
    # Baseline 200: 250 is below 1.5 x baseline, grade 0, though above 3 x ULN.
    assert grade_lab(AST, 250.0, uln=40.0, baseline=200.0).grade == 0


@pytest.mark.parametrize(
    ("kwargs", "reasons"),
    [
        ({"value": 130.0, "uln": 40.0}, ("Grade 2: ALT 130 is above 3 x ULN (120)", NO_BASELINE)),
        ({"value": 41.0, "uln": 40.0}, ("Grade 1: ALT 41 is above the ULN (40)", NO_BASELINE)),
        ({"value": 40.0, "uln": 40.0}, ("Grade 0: ALT 40 is at or below the ULN (40)",)),
        ({"value": 801.0, "uln": 40.0, "baseline": 35.0},
         ("Grade 4: ALT 801 is above 20 x ULN (800)",
          "Baseline 35 was at or below the ULN (40): graded in multiples of the ULN")),
        ({"value": 30.0, "uln": 40.0, "baseline": 35.0},
         ("Grade 0: ALT 30 is at or below the ULN (40)",
          "Baseline 35 was at or below the ULN (40): graded in multiples of the ULN")),
        ({"value": 90.0, "uln": 40.0, "baseline": 60.0},
         ("Grade 1: ALT 90 is at least 1.5 x baseline (90)",
          "Baseline 60 was above the ULN (40): graded in multiples of the baseline, as CTCAE v5.0 grades an "
          "abnormal baseline")),
        ({"value": 89.0, "uln": 40.0, "baseline": 60.0},
         ("Grade 0: ALT 89 is below 1.5 x baseline (90)",
          "Baseline 60 was above the ULN (40): graded in multiples of the baseline, as CTCAE v5.0 grades an "
          "abnormal baseline")),
        ({"value": 301.0, "uln": 40.0, "baseline": 60.0},
         ("Grade 3: ALT 301 is above 5 x baseline (300)",
          "Baseline 60 was above the ULN (40): graded in multiples of the baseline, as CTCAE v5.0 grades an "
          "abnormal baseline")),
    ],
)  # fmt: skip
def test_alt_sentences(kwargs: dict[str, float], reasons: tuple[str, ...]) -> None:
    value = kwargs.pop("value")
    assert grade_lab(ALT, value, **kwargs) == Grade(int(reasons[0][6]), V5, reasons)


def test_ast_is_named_ast() -> None:
    assert grade_lab(AST, 121.0, uln=40.0).reasons[0] == "Grade 2: AST 121 is above 3 x ULN (120)"


# ---------------------------------------------------------------- bilirubin


BILI_EDGES = [
    # Normal or no baseline, ULN 20: G1 >ULN-1.5 x ULN; G2 >1.5-3.0; G3 >3.0-10.0; G4 >10.0 x ULN.
    *[(value, 20.0, baseline, grade) for baseline in (None, 10.0, 20.0) for value, grade in (
        (20.0, 0), (20.1, 1), (29.9, 1), (30.0, 1), (30.1, 2), (59.9, 2), (60.0, 2), (60.1, 3),
        (199.9, 3), (200.0, 3), (200.1, 4))],
    # Abnormal baseline 30 (ULN 20): G1 >1.0-1.5 x baseline; G2 >1.5-3.0; G3 >3.0-10.0; G4 >10.0.
    *[(value, 20.0, 30.0, grade) for value, grade in (
        (25.0, 0), (29.9, 0), (30.0, 0), (30.1, 1), (44.9, 1), (45.0, 1), (45.1, 2), (89.9, 2), (90.0, 2),
        (90.1, 3), (299.9, 3), (300.0, 3), (300.1, 4))],
    # mg/dL with a ULN of 1.2: 3.6 is exactly 3.0 x ULN (3 x 1.2 is 3.5999999999999996 in floating point).
    (3.6, 1.2, None, 2), (3.61, 1.2, None, 3), (1.8, 1.2, None, 1), (12.0, 1.2, None, 3),
    (0.36, 0.12, 0.12, 2),
]  # fmt: skip


@pytest.mark.parametrize(("value", "uln", "baseline", "grade"), BILI_EDGES)
def test_bilirubin_edges(value: float, uln: float, baseline: float | None, grade: int) -> None:
    assert grade_lab(BILI, value, uln=uln, baseline=baseline).grade == grade


def test_bilirubin_sentences() -> None:
    assert grade_lab(BILI, 30.0, uln=20.0, baseline=30.0).reasons == (
        "Grade 0: bilirubin 30 is at or below the baseline (30)",
        "Baseline 30 was above the ULN (20): graded in multiples of the baseline, as CTCAE v5.0 grades an "
        "abnormal baseline",
    )
    assert grade_lab(BILI, 30.1, uln=20.0, baseline=30.0).reasons[0] == (
        "Grade 1: bilirubin 30.1 is above the baseline (30)"
    )
    assert grade_lab(BILI, 3.6, uln=1.2).reasons == (
        "Grade 2: bilirubin 3.6 is above 1.5 x ULN (1.8)",
        NO_BASELINE,
    )


# ---------------------------------------------------------------- creatinine: the worse of ULN and baseline


CREAT_EDGES = [
    # ULN 100, no baseline: G1 >ULN-1.5 x ULN; G2 >1.5-3.0; G3 >3.0-6.0; G4 >6.0 x ULN.
    (0.0, 100.0, None, 0), (100.0, 100.0, None, 0), (100.1, 100.0, None, 1), (150.0, 100.0, None, 1),
    (150.1, 100.0, None, 2), (300.0, 100.0, None, 2), (300.1, 100.0, None, 3), (600.0, 100.0, None, 3),
    (600.1, 100.0, None, 4),
    # Baseline 60 with a ULN of 1000 (never passed): G2 >1.5-3.0 x baseline; G3 >3.0 x baseline.
    (90.0, 1000.0, 60.0, 0), (90.1, 1000.0, 60.0, 2), (180.0, 1000.0, 60.0, 2), (180.1, 1000.0, 60.0, 3),
    (999.0, 1000.0, 60.0, 3),
    # Both: the worse decides, whether the baseline is below, at or above the ULN.
    (70.0, 100.0, 40.0, 2), (130.0, 100.0, 40.0, 3), (350.0, 100.0, 200.0, 3), (650.0, 100.0, 200.0, 4),
    (110.0, 100.0, 100.0, 1), (160.0, 100.0, 100.0, 2), (301.0, 100.0, 100.0, 3),
    # No ULN: the baseline decides grades 2-3.
    (90.1, None, 60.0, 2), (180.1, None, 60.0, 3),
]  # fmt: skip


@pytest.mark.parametrize(("value", "uln", "baseline", "grade"), CREAT_EDGES)
def test_creatinine_edges(value: float, uln: float | None, baseline: float | None, grade: int) -> None:
    assert grade_lab(CREAT, value, uln=uln, baseline=baseline).grade == grade


@pytest.mark.parametrize(
    ("value", "uln", "baseline", "reasons"),
    [
        (310.0, 100.0, 100.0, ("Grade 3: creatinine 310 is above 3 x ULN (300)",
                               "Grade 3: creatinine 310 is above 3 x baseline (300)")),
        (350.0, 100.0, 200.0, ("Grade 3: creatinine 350 is above 3 x ULN (300)",
                               "Also above 1.5 x baseline (300): grade 2")),
        (70.0, 100.0, 40.0, ("Grade 2: creatinine 70 is above 1.5 x baseline (60)",)),
        (90.0, 100.0, 80.0, ("Grade 0: creatinine 90 is at or below the ULN (100) and at or below 1.5 x "
                             "baseline (120)",)),
        (120.0, 100.0, None, ("Grade 1: creatinine 120 is above the ULN (100)",
                              "No baseline given: graded in multiples of the ULN; the baseline could make it "
                              "higher")),
        (90.0, 100.0, None, ("Grade 0: creatinine 90 is at or below the ULN (100)",
                             "No baseline given: graded in multiples of the ULN; the baseline could make it "
                             "higher")),
        (310.0, 100.0, None, ("Grade 3: creatinine 310 is above 3 x ULN (300)",)),
        (200.0, 100.0, None, ("Grade 2: creatinine 200 is above 1.5 x ULN (150)",
                              "No baseline given: graded in multiples of the ULN; the baseline could make it "
                              "higher")),
        (110.0, 100.0, 60.0, ("Grade 2: creatinine 110 is above 1.5 x baseline (90)",
                              "Also above the ULN (100): grade 1")),
        (200.0, None, 60.0, ("Grade 3: creatinine 200 is above 3 x baseline (180)",
                             "No ULN given: graded on the baseline only; the ULN could make it higher")),
        (100.0, None, 60.0, ("Grade 2: creatinine 100 is above 1.5 x baseline (90)",
                             "No ULN given: graded on the baseline only; the ULN could make it higher")),
    ],
)  # fmt: skip
def test_creatinine_sentences(
    value: float, uln: float | None, baseline: float | None, reasons: tuple[str, ...]
) -> None:
    assert grade_lab(CREAT, value, uln=uln, baseline=baseline) == Grade(int(reasons[0][6]), V5, reasons)


# ---------------------------------------------------------------- increased terms without a ULN


@pytest.mark.parametrize(
    ("term", "baseline", "reason"),
    [
        (ALT, None, "Not gradable: ULN not given (ALT is graded in multiples of the lab's upper limit of "
                    "normal)"),
        (AST, 50.0, "Not gradable: ULN not given (AST is graded in multiples of the lab's upper limit of "
                    "normal)"),
        (BILI, 5.0, "Not gradable: ULN not given (bilirubin is graded in multiples of the lab's upper limit "
                    "of normal)"),
        (CREAT, None, "Not gradable: ULN not given (creatinine is graded in multiples of the lab's upper "
                      "limit of normal, and of the baseline from grade 2)"),
        (CREAT, 70.0, "Not gradable: ULN not given (creatinine 100 is at or below 1.5 x baseline (105); "
                      "creatinine is graded in multiples of the lab's upper limit of normal, and of the "
                      "baseline from grade 2)"),
    ],
)  # fmt: skip
def test_increased_without_uln_is_not_gradable(term: str, baseline: float | None, reason: str) -> None:
    value = 100.0 if term == CREAT else 900.0
    assert grade_lab(term, value, baseline=baseline) == Grade(None, V5, (reason,))
    assert not_graded_label((reason,)) == "not gradable: ULN not given"


def test_an_lln_does_not_stand_in_for_the_uln() -> None:
    assert grade_lab(ALT, 900.0, lln=5.0).grade is None


# ---------------------------------------------------------------- properties


_DECREASED = (ANC, PLT, LYMPH, WBC, "Anemia")
_INCREASED = (ALT, AST, BILI, CREAT)


def _in_range(draw: st.DrawFn, term: str) -> float:
    criteria = lab_criteria()[("5.0", term)]
    return draw(st.floats(criteria.low, criteria.high, allow_nan=False))


@st.composite
def _decreased_cases(draw: st.DrawFn) -> tuple[str, float, float, float]:
    term = draw(st.sampled_from(_DECREASED))
    return term, _in_range(draw, term), _in_range(draw, term), _in_range(draw, term)


@given(_decreased_cases())
def test_a_missing_lln_never_reads_as_grade_0(case: tuple[str, float, float, float]) -> None:
    term, value, lln, _ = case
    without = grade_lab(term, value).grade
    with_lln = grade_lab(term, value, lln=lln).grade
    assert without is None or without >= 2
    assert with_lln is not None
    if without is None:
        assert with_lln in (0, 1)
    else:
        assert with_lln == without


@given(_decreased_cases())
def test_a_lower_value_is_never_a_milder_grade(case: tuple[str, float, float, float]) -> None:
    term, a, b, lln = case
    low, high = sorted((a, b))
    assert grade_lab(term, low, lln=lln).grade >= grade_lab(term, high, lln=lln).grade  # type: ignore[operator]


_lab = st.floats(0.0, 5000.0, allow_nan=False)
_limit = st.floats(0.01, 500.0, allow_nan=False)


@given(st.sampled_from(_INCREASED), _lab, _lab, _limit, st.none() | _limit)
def test_a_higher_value_is_never_a_milder_grade(
    term: str, a: float, b: float, uln: float, baseline: float | None
) -> None:
    low, high = sorted((a, b))
    milder = grade_lab(term, low, uln=uln, baseline=baseline).grade
    worse = grade_lab(term, high, uln=uln, baseline=baseline).grade
    assert milder is not None and worse is not None and worse >= milder


@given(st.sampled_from(_INCREASED), _lab, _limit)
def test_at_or_below_the_uln_with_a_normal_baseline_is_grade_0(term: str, value: float, uln: float) -> None:
    if value <= uln:
        assert grade_lab(term, value, uln=uln, baseline=uln).grade == 0


# ---------------------------------------------------------------- grade_neutropenia agrees


@given(
    st.floats(0.0, 100.0, allow_nan=False),
    st.none() | st.floats(0.0, 100.0, allow_nan=False),
    st.sampled_from(["5.0", "6.0"]),
)
def test_grade_neutropenia_is_grade_lab_where_grade_lab_decides(
    anc: float, lln: float | None, version: str
) -> None:
    lab = grade_lab(ANC, anc, lln=lln, ctcae_version=version)
    legacy = grade_neutropenia(anc, lln, version)
    if lab.gradable:
        assert legacy == lab
    else:
        # The one difference: v5.0, ANC 1.5 or more, no LLN. Stored lab results hold grade 0 there.
        assert (version, lln, anc >= 1.5) == ("5.0", None, True)
        assert legacy == Grade(
            0,
            V5,
            (
                f"Grade 0: ANC {anc:g} x10^9/L is 1.5 or more; grade 1 needs the lab's lower limit of "
                "normal (LLN)",
            ),
        )


@pytest.mark.parametrize(("anc", "grade"), [(0.09, 4), (0.1, 3), (0.49, 3), (0.5, 2), (0.99, 2), (1.0, 1),
                                            (1.49, 1), (1.5, 0)])  # fmt: skip
def test_v6_neutrophils_need_no_lln(anc: float, grade: int) -> None:
    # clinical-reference.md §4.3 (secondary): G4 <0.1, G3 <0.5-0.1, G2 <1.0-0.5, G1 <1.5-1.0.
    assert grade_lab(ANC, anc, ctcae_version="6.0") == grade_neutropenia(anc, None, "6.0")
    assert grade_lab(ANC, anc, ctcae_version="6.0").grade == grade


def test_chart_bands_come_from_the_grading_table() -> None:
    table = lab_criteria()[("5.0", ANC)]
    assert anc_grade_bands() == tuple(
        (band.grade, lower, band.bound)
        for band, lower in zip(table.bands, (0.0, *(b.bound for b in table.bands)), strict=False)
    )
    assert (table.low, table.high) == ANC_RANGE == (lab_criteria()[("6.0", ANC)].low, 100.0)


# ---------------------------------------------------------------- argument checks


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: grade_lab(ANC, -0.1), "value must be from 0 to 100 x10^9/L (got -0.1)"),
        (lambda: grade_lab(ANC, 100.1), "value must be from 0 to 100 x10^9/L (got 100.1)"),
        (lambda: grade_lab(ANC, math.nan), "value must be a number from 0 to 100 x10^9/L (got nan)"),
        (lambda: grade_lab(ANC, math.inf), "value must be from 0 to 100 x10^9/L (got inf)"),
        (lambda: grade_lab(ANC, True), "value must be a number from 0 to 100 x10^9/L (got True)"),
        (lambda: grade_lab(ANC, "0.4"), "value must be a number from 0 to 100 x10^9/L (got '0.4')"),
        (lambda: grade_lab(ANC, None), "value must be a number from 0 to 100 x10^9/L (got None)"),
        (lambda: grade_lab(PLT, 5000.5), "value must be from 0 to 5000 x10^9/L (got 5000.5)"),
        (lambda: grade_lab(LYMPH, 1000.5), "value must be from 0 to 1000 x10^9/L (got 1000.5)"),
        (lambda: grade_lab(WBC, -1), "value must be from 0 to 1000 x10^9/L (got -1)"),
        (lambda: grade_lab("Anemia", 300.5), "value must be from 0 to 300 g/L (got 300.5)"),
        (lambda: grade_lab("Anemia", 90, lln=False), "lln must be a number from 0 to 300 g/L (got False)"),
        (lambda: grade_lab("Anemia", 90, lln=-5), "lln must be from 0 to 300 g/L (got -5)"),
        (lambda: grade_lab(ANC, 1.0, baseline=math.nan),
         "baseline must be a number from 0 to 100 x10^9/L (got nan)"),
        (lambda: grade_lab(ALT, -1.0, uln=40.0),
         "value must be from 0 to 100000 in the lab's unit (got -1.0)"),
        (lambda: grade_lab(ALT, 100001, uln=40.0),
         "value must be from 0 to 100000 in the lab's unit (got 100001)"),
        (lambda: grade_lab(ALT, 50.0, uln=0.0), "uln must be more than 0 in the lab's unit (got 0.0)"),
        (lambda: grade_lab(ALT, 50.0, uln="40"), "uln must be a number from 0 to 100000 in the lab's unit "
                                                  "(got '40')"),
        (lambda: grade_lab(BILI, 50.0, uln=20.0, baseline=0),
         "baseline must be more than 0 in the lab's unit (got 0)"),
        (lambda: grade_lab(CREAT, 50.0, uln=20.0, baseline=-3.0),
         "baseline must be from 0 to 100000 in the lab's unit (got -3.0)"),
        (lambda: grade_lab(CREAT, 50.0, uln=True), "uln must be a number from 0 to 100000 in the lab's unit "
                                                    "(got True)"),
        (lambda: grade_lab(AST, 50.0, uln=40.0, lln=math.nan),
         "lln must be a number from 0 to 100000 in the lab's unit (got nan)"),
        (lambda: grade_lab(ANC, 1.0, ctcae_version="4.03"),
         "ctcae_version must be one of: 5.0, 6.0 (got '4.03')"),
        (lambda: grade_lab(ANC, 1.0, ctcae_version=5.0), "ctcae_version must be one of: 5.0, 6.0 (got 5.0)"),
        (lambda: grade_lab(PLT, 10.0, ctcae_version="6.0"),
         "CTCAE v6.0 thresholds for Platelet count decreased are not in ToxTrack's tables (v6.0 grades: "
         "Neutrophil count decreased)"),
        (lambda: grade_lab("ALT", 10.0), "term must be one of: " + ", ".join(BRIEF_TERMS) + " (got 'ALT')"),
        (lambda: grade_lab(None, 10.0), "term must be one of: " + ", ".join(BRIEF_TERMS) + " (got None)"),
        (lambda: grade_lab("anemia", 10.0),
         "term must be one of: " + ", ".join(BRIEF_TERMS) + " (got 'anemia')"),
    ],
)  # fmt: skip
def test_arguments_are_refused_with_the_sentence(call: object, message: str) -> None:
    with pytest.raises(ValueError) as error:
        call()  # type: ignore[operator]
    assert str(error.value) == message


def test_range_ends_are_values() -> None:
    assert grade_lab(PLT, 5000.0, lln=150.0).grade == 0
    assert grade_lab(ALT, 100000, uln=40.0).grade == 4
    assert grade_lab(ALT, 0, uln=100000).grade == 0
    assert grade_lab(CREAT, 0.7, uln=0.5, baseline=100000.0).grade == 1
    assert (
        grade_lab(ALT, 45, uln=40).reasons[0] == "Grade 1: ALT 45 is above the ULN (40)"
    )  # ints are numbers


# ---------------------------------------------------------------- the tables against their sources


def test_the_terms_are_the_briefs_and_v6_has_only_neutrophils() -> None:
    assert lab_terms() == BRIEF_TERMS
    assert lab_terms("6.0") == (ANC,)


@pytest.mark.parametrize("term", BRIEF_TERMS)
def test_each_table_quotes_the_ctcae_sentences_of_the_shipped_list(term: str) -> None:
    shipped = dict(ctcae_terms()[term].grades)
    assert lab_criteria()[("5.0", term)].ctcae_grades == tuple(shipped[grade] for grade in (1, 2, 3, 4))


def _written_in(criteria: LabCriteria) -> list[tuple[int, str]]:
    """(grade, the pattern its threshold must match in that grade's CTCAE sentence)."""
    out: list[tuple[int, str]] = []
    unit = r"x 10[e^]9 ?/L" if criteria.unit == "x10^9/L" else " ?g/L"
    for band in criteria.bands:
        if criteria.direction == "decreased":
            out.append((band.grade, rf"<({band.bound:.1f}|{band.bound:g})( - [\d.]+)? ?{unit}"))
        elif band.bound == 1:
            out.append((band.grade, r">ULN"))
        else:
            out.append((band.grade, rf">{band.bound:.1f}( - [\d.]+)? x ULN"))
    for band in criteria.baseline_bands:
        sign = r"(^|; )" if band.kind == "at_least" else r"> ?"
        out.append((band.grade, rf"{sign}{band.bound:.1f}( - [\d.]+)? x baseline"))
    if criteria.lln_grade is not None:
        out.append((criteria.lln_grade, r"<LLN - "))
    return out


@pytest.mark.parametrize("key", list(lab_criteria()))
def test_every_threshold_is_written_in_its_grades_sentence(key: tuple[str, str]) -> None:
    criteria = lab_criteria()[key]
    for grade, pattern in _written_in(criteria):
        assert re.search(pattern, criteria.ctcae_grades[grade - 1]), (key, grade, pattern)
    assert criteria.source


# Rows of pharmaverse/admiral tests/testthat/test-derive_var_atoxgr.R (commit 6eb5125, 1.5.0.9003):
# Test 6a anaemia (AVAL, ANRLO), 12a ALT (AVAL, ANRHI, BASE; abnormal rows have ANRHI = BASE - 1),
# 18a bilirubin, 26a creatinine (the rows flagged for v5). None = admiral's NA.
ADMIRAL = [
    ("Anemia", 79, {"lln": 140}, 3), ("Anemia", 80, {"lln": 140}, 2), ("Anemia", 99, {"lln": 140}, 2),
    ("Anemia", 100, {"lln": 140}, 1), ("Anemia", 139, {"lln": 140}, 1), ("Anemia", 140, {"lln": 140}, 0),
    ("Anemia", 140, {}, None), ("Anemia", 139, {}, None), ("Anemia", 100, {}, None), ("Anemia", 99, {}, 2),
    ("Anemia", 79, {}, 3),
    *[(ALT, value, {"uln": 40, "baseline": 40}, grade) for value, grade in (
        (801, 4), (800, 3), (201, 3), (200, 2), (121, 2), (120, 1), (41, 1), (40, 0))],
    *[(ALT, value, {"uln": 39, "baseline": 40}, grade) for value, grade in (
        (801, 4), (800, 3), (201, 3), (200, 2), (121, 2), (120, 1), (60, 1), (59, 0))],
    (ALT, 100, {"baseline": 40}, None),
    *[(BILI, value, {"uln": 40, "baseline": 40}, grade) for value, grade in (
        (401, 4), (400, 3), (121, 3), (120, 2), (61, 2), (60, 1), (41, 1), (40, 0))],
    *[(BILI, value, {"uln": 39, "baseline": 40}, grade) for value, grade in (
        (401, 4), (400, 3), (121, 3), (120, 2), (61, 2), (60, 1), (41, 1), (40, 0))],
    *[(CREAT, value, {"uln": 40, "baseline": base}, grade) for value, base, grade in (
        (241, 241, 4), (240, 230, 3), (121, 120, 3), (120, 119, 2), (61, 60, 2), (60, 60, 1), (41, 41, 1),
        (40, 40, 0), (42, 6, 3), (42, 13.9, 3), (42, 14, 2), (42.1, 28, 2))],
    (CREAT, 42, {"baseline": 42}, None),
]  # fmt: skip


@pytest.mark.parametrize(("term", "value", "limits", "grade"), ADMIRAL)
def test_admiral_test_rows_grade_the_same(
    term: str, value: float, limits: dict[str, float], grade: int | None
) -> None:
    assert grade_lab(term, value, **limits).grade == grade


# ---------------------------------------------------------------- a malformed table is refused


def _toml(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return json.dumps(value)


GRADES = ["g1", "g2", "g3", "g4"]
DOWN = {
    "term": "Down", "ctcae_version": "5.0", "name": "down", "direction": "decreased", "unit": "g/L",
    "range": [0.0, 10.0], "source": "s", "ctcae_grades": GRADES,
    "bands": [{"grade": 3, "below": 1.0}, {"grade": 2, "below": 2.0}], "lln_grade": 1,
}  # fmt: skip
UP = {
    "term": "Up", "ctcae_version": "5.0", "name": "up", "direction": "increased", "range": [0.0, 10.0],
    "source": "s", "ctcae_grades": GRADES, "bands": [{"grade": 2, "above": 3.0}, {"grade": 1, "above": 1.0}],
    "baseline_rule": "abnormal", "baseline_bands": [{"grade": 1, "at_least": 1.5}],
}  # fmt: skip


def _parse(*terms: dict[str, object]) -> dict[tuple[str, str], LabCriteria]:
    text = "".join(
        "[[term]]\n"
        + "".join(f"{key} = {_toml(value)}\n" for key, value in term.items() if value is not None)
        for term in terms
    )
    return parse_lab_criteria(text)


def test_a_well_formed_table_reads_back() -> None:
    table = _parse(DOWN, UP)
    assert table[("5.0", "Down")] == LabCriteria(
        "Down", "5.0", "down", "decreased", "g/L", 0.0, 10.0, "s", tuple(GRADES),
        (table[("5.0", "Down")].bands), 1,
    )  # fmt: skip
    assert [(b.grade, b.bound, b.kind) for b in table[("5.0", "Down")].bands] == [
        (3, 1.0, "below"),
        (2, 2.0, "below"),
    ]
    up = table[("5.0", "Up")]
    assert (up.unit, up.lln_grade, up.baseline_rule, up.note) == ("", None, "abnormal", "")
    assert [(b.grade, b.bound, b.kind) for b in up.baseline_bands] == [(1, 1.5, "at_least")]
    assert _parse({**UP, "baseline_rule": "always", "note": "n"})[("5.0", "Up")].note == "n"


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ((), "lab grades: needs [[term]] tables"),
        (({**DOWN, "term": None},), "lab grades: ?: term must be non-empty text (got None)"),
        (({**DOWN, "term": ""},), "lab grades: ?: term must be non-empty text (got '')"),
        (({**DOWN, "direction": "down"},),
         "lab grades: Down: direction must be one of: decreased, increased (got 'down')"),
        (({**DOWN, "range": [1.0]},), "lab grades: Down: range must be [low, high] (got [1.0])"),
        (({**DOWN, "range": 5},), "lab grades: Down: range must be [low, high] (got 5)"),
        (({**DOWN, "range": [0, True]},), "lab grades: Down: range must be a number (got True)"),
        (({**DOWN, "range": [0, "9"]},), "lab grades: Down: range must be a number (got '9')"),
        (({**DOWN, "range": [5.0, 5.0]},),
         "lab grades: Down: range must be [low, high] with 0 <= low < high (got [5.0, 5.0])"),
        (({**DOWN, "range": [-1.0, 5.0]},),
         "lab grades: Down: range must be [low, high] with 0 <= low < high (got [-1.0, 5.0])"),
        (({**DOWN, "ctcae_grades": GRADES[:3]},),
         "lab grades: Down: ctcae_grades must be the four CTCAE sentences of grades 1-4"),
        (({**DOWN, "ctcae_grades": [*GRADES[:3], ""]},),
         "lab grades: Down: ctcae_grades must be the four CTCAE sentences of grades 1-4"),
        (({**DOWN, "ctcae_grades": "g1"},),
         "lab grades: Down: ctcae_grades must be the four CTCAE sentences of grades 1-4"),
        (({**DOWN, "baseline_rule": "always"},), "lab grades: Down: a decreased term has no baseline rule"),
        (({**DOWN, "baseline_bands": [{"grade": 1, "below": 1.0}]},),
         "lab grades: Down: a decreased term has no baseline rule"),
        (({**UP, "lln_grade": 1},),
         "lab grades: Up: an increased term needs a baseline_rule, one of: abnormal, always"),
        (({**UP, "baseline_rule": None},),
         "lab grades: Up: an increased term needs a baseline_rule, one of: abnormal, always"),
        (({**UP, "baseline_rule": "never"},),
         "lab grades: Up: an increased term needs a baseline_rule, one of: abnormal, always"),
        (({**UP, "baseline_rule": 1},), "lab grades: Up: baseline_rule must be text (got 1)"),
        (({**DOWN, "unit": None},), "lab grades: Down: unit must be non-empty text (got None)"),
        (({**DOWN, "ctcae_version": None},),
         "lab grades: Down: ctcae_version must be non-empty text (got None)"),
        (({**DOWN, "name": ""},), "lab grades: Down: name must be non-empty text (got '')"),
        (({**DOWN, "source": None},), "lab grades: Down: source must be non-empty text (got None)"),
        (({**DOWN, "note": 3},), "lab grades: Down: note must be text (got 3)"),
        (({**DOWN, "bands": []},), "lab grades: Down: bands must be a non-empty list (got [])"),
        (({**DOWN, "bands": None},), "lab grades: Down: bands must be a non-empty list (got None)"),
        (({**UP, "baseline_bands": None},), "lab grades: Up: bands must be a non-empty list (got None)"),
        (({**DOWN, "bands": [1.0]},), "lab grades: Down: a band must be a table (got 1.0)"),
        (({**DOWN, "bands": [{"grade": 0, "below": 1.0}]},),
         "lab grades: Down: a band's grade must be a whole number from 1 to 4 (got 0)"),
        (({**DOWN, "bands": [{"grade": 5, "below": 1.0}]},),
         "lab grades: Down: a band's grade must be a whole number from 1 to 4 (got 5)"),
        (({**DOWN, "bands": [{"grade": True, "below": 1.0}]},),
         "lab grades: Down: a band's grade must be a whole number from 1 to 4 (got True)"),
        (({**DOWN, "bands": [{"grade": 2.0, "below": 1.0}]},),
         "lab grades: Down: a band's grade must be a whole number from 1 to 4 (got 2.0)"),
        (({**DOWN, "bands": [{"grade": 2, "above": 1.0}]},),
         "lab grades: Down: grade 2 needs one bound, below (got {'grade': 2, 'above': 1.0})"),
        (({**DOWN, "bands": [{"grade": 2}]},),
         "lab grades: Down: grade 2 needs one bound, below (got {'grade': 2})"),
        (({**DOWN, "bands": [{"grade": 2, "below": 1.0, "x": 1}]},),
         "lab grades: Down: grade 2 needs one bound, below (got {'grade': 2, 'below': 1.0, 'x': 1})"),
        (({**UP, "bands": [{"grade": 2, "above": 1.0, "at_least": 1.0}]},),
         "lab grades: Up: grade 2 needs one bound, above or at_least (got {'grade': 2, 'above': 1.0, "
         "'at_least': 1.0})"),
        (({**DOWN, "bands": [{"grade": 2, "below": "1"}]},),
         "lab grades: Down: grade 2's bound must be a number (got '1')"),
        (({**DOWN, "bands": [{"grade": 2, "below": 1.0}, {"grade": 3, "below": 2.0}]},),
         "lab grades: Down: bands must go from the most severe grade down, each bound past the last"),
        (({**DOWN, "bands": [{"grade": 3, "below": 1.0}, {"grade": 3, "below": 2.0}]},),
         "lab grades: Down: bands must go from the most severe grade down, each bound past the last"),
        (({**DOWN, "bands": [{"grade": 3, "below": 2.0}, {"grade": 2, "below": 2.0}]},),
         "lab grades: Down: bands must go from the most severe grade down, each bound past the last"),
        (({**UP, "bands": [{"grade": 3, "above": 2.0}, {"grade": 2, "above": 2.0}]},),
         "lab grades: Up: bands must go from the most severe grade down, each bound past the last"),
        (({**UP, "bands": [{"grade": 3, "above": 1.0}, {"grade": 2, "above": 2.0}]},),
         "lab grades: Up: bands must go from the most severe grade down, each bound past the last"),
        (({**DOWN, "lln_grade": 0},),
         "lab grades: Down: lln_grade must be a whole number from 1 to 4 (got 0)"),
        ((DOWN, DOWN), "lab grades: Down: CTCAE v5.0 is given twice"),
    ],
)  # fmt: skip
def test_a_malformed_table_says_what_is_wrong(terms: tuple[dict[str, object], ...], message: str) -> None:
    with pytest.raises(ValueError) as error:
        _parse(*terms)
    assert str(error.value) == message


def test_the_same_term_may_have_two_versions() -> None:
    assert set(_parse(DOWN, {**DOWN, "ctcae_version": "6.0", "lln_grade": None})) == {
        ("5.0", "Down"),
        ("6.0", "Down"),
    }


@pytest.mark.parametrize("text", ["term = 5", "term = []", "x = 1"])
def test_a_file_without_term_tables_is_refused(text: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_lab_criteria(text)
    assert str(error.value) == "lab grades: needs [[term]] tables"


def test_the_tables_cannot_be_changed_once_read() -> None:
    """Every grade reads the one cached table: a change through one caller would reach them all."""
    criteria = lab_criteria()[("5.0", ANC)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        criteria.lln_grade = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        criteria.bands[0].bound = 5.0  # type: ignore[misc]
