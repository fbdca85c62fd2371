"""Grading tables walking every threshold edge (reference §2, §3, §4) plus hypothesis properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.choices import ICE_ITEMS, Choice, Consciousness, Hypotension, Motor, Oxygen, RaisedIcp, Seizure
from clinical.ctcae_grading import cells_per_ul_to_10e9
from clinical.grade_result import Grade
from clinical.grading import grade_crs, grade_icans, grade_neutropenia, ice_score

# ---------------------------------------------------------------- CRS (reference §2)


@pytest.mark.parametrize(
    ("temp", "masked", "expected"),
    [
        (37.9, False, 0),
        (38.0, False, 1),
        (38.1, False, 1),
        (None, False, None),  # not measured, not masked: not gradable (issue 11), not grade 0
        (30.0, False, 0),
        (45.0, False, 1),
        (37.9, True, 0),
        (None, True, 0),
    ],
)
def test_crs_fever_edge(temp: float | None, masked: bool, expected: int | None) -> None:
    assert grade_crs(temp, "none", "none", masked).grade == expected


@pytest.mark.parametrize(
    ("hypotension", "oxygen", "expected"),
    [
        ("none", "none", 1),
        ("fluids", "none", 2),
        ("one_vasopressor", "none", 3),
        ("multiple_vasopressors", "none", 4),
        ("none", "low_flow", 2),
        ("none", "high_flow", 3),
        ("none", "positive_pressure", 4),
        ("one_vasopressor", "low_flow", 3),  # the worked example in PMC8021214
        ("fluids", "positive_pressure", 4),
        ("multiple_vasopressors", "high_flow", 4),
    ],
)
def test_crs_worse_of_hypotension_and_hypoxia(hypotension: str, oxygen: str, expected: int) -> None:
    febrile = grade_crs(38.5, hypotension, oxygen)
    assert febrile.grade == expected
    assert febrile.scale == "ASTCT 2019"
    assert febrile.reasons[0].startswith(f"Grade {expected}: ")


@pytest.mark.parametrize(
    ("hypotension", "oxygen", "expected"),
    [("fluids", "none", 2), ("one_vasopressor", "none", 3), ("none", "positive_pressure", 4)],
)
def test_masked_fever_grades_on_hypotension_and_hypoxia(hypotension: str, oxygen: str, expected: int) -> None:
    assert grade_crs(37.2, hypotension, oxygen, fever_masked=True).grade == expected
    assert grade_crs(37.2, hypotension, oxygen, fever_masked=False).grade == 0


def test_crs_reasons_are_clinician_sentences() -> None:
    assert grade_crs(38.6, "fluids", "none").reasons[0] == ("Grade 2: hypotension not needing vasopressors")
    assert grade_crs(37.2, "one_vasopressor", "none", True).reasons[0] == "Grade 3: one vasopressor"
    no_fever = grade_crs(37.5, "fluids", "none")
    assert no_fever.reasons[0] == (
        "Grade 0: no fever (38.0 °C or more) and fever not masked; CRS criteria not met"
    )
    assert any("not graded as CRS" in r for r in no_fever.reasons)


def test_crs_accepts_enums() -> None:
    by_enum = grade_crs(39.0, Hypotension.ONE_VASOPRESSOR, Oxygen.HIGH_FLOW)
    assert by_enum == grade_crs(39.0, "one_vasopressor", "high_flow")


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ((29.9, "none", "none"), "temperature_c"),
        ((45.1, "none", "none"), "temperature_c"),
        ((math.nan, "none", "none"), "temperature_c"),
        (("38", "none", "none"), "temperature_c"),
        ((38.0, "vasopressor", "none"), "hypotension"),
        ((38.0, "none", "nasal"), "oxygen"),
        ((38.0, "none", "none", "yes"), "fever_masked"),
    ],
)
def test_crs_invalid_input_names_the_argument(args: tuple[object, ...], argument: str) -> None:
    with pytest.raises(ValueError, match=argument):
        grade_crs(*args)  # type: ignore[arg-type]


def test_crs_choice_error_lists_allowed_values() -> None:
    with pytest.raises(ValueError, match="none, fluids, one_vasopressor, multiple_vasopressors"):
        grade_crs(38.0, "pressors", "none")


# ---------------------------------------------------------------- ICANS (reference §3)


@pytest.mark.parametrize(
    ("ice", "expected"),
    [(10, 0), (9, 1), (7, 1), (6, 2), (3, 2), (2, 3), (0, 3), (None, None)],
)
def test_ice_bands(ice: int | None, expected: int | None) -> None:
    assert grade_icans(ice, "alert").grade == expected


@pytest.mark.parametrize(
    ("consciousness", "expected"),
    [
        ("alert", 0),
        ("awakens_spontaneously", 1),
        ("awakens_to_voice", 2),
        ("awakens_to_touch", 3),
        ("unarousable", 4),
    ],
)
def test_consciousness_levels(consciousness: str, expected: int) -> None:
    assert grade_icans(10, consciousness).grade == expected


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"seizure": "rapidly_resolving"}, 3),
        ({"seizure": "life_threatening"}, 4),
        ({"motor": "deep_focal_weakness"}, 4),
        ({"raised_icp": "focal_edema"}, 3),
        ({"raised_icp": "diffuse_edema"}, 4),
    ],
)
def test_other_domains(kwargs: dict[str, str], expected: int) -> None:
    assert grade_icans(10, "alert", **kwargs).grade == expected


@pytest.mark.parametrize("ice", [None, 0, 5, 10])
def test_unarousable_is_grade_4_whatever_the_ice(ice: int | None) -> None:
    result = grade_icans(ice, "unarousable")
    assert result.grade == 4
    assert result.reasons[0].startswith("Grade 4: unarousable")


def test_ice_3_with_seizure_is_grade_3() -> None:
    # The worked example in reference §3.2.
    assert grade_icans(3, "alert", seizure="rapidly_resolving").grade == 3


def test_ice_not_assessed_still_grades_other_domains() -> None:
    result = grade_icans(None, "awakens_to_voice")
    assert result.grade == 2
    assert any("ICE not assessed" in r for r in result.reasons)


def test_icans_reasons() -> None:
    assert grade_icans(9, "alert").reasons == ("Grade 1: ICE score 9/10",)
    assert grade_icans(10, "alert").reasons[0].startswith("Grade 0:")


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ((11, "alert"), "ice_score"),
        ((-1, "alert"), "ice_score"),
        ((True, "alert"), "ice_score"),
        ((7.5, "alert"), "ice_score"),
        ((10, "asleep"), "consciousness"),
        ((10, "alert", "tonic"), "seizure"),
        ((10, "alert", "none", "tremor"), "motor"),
        ((10, "alert", "none", "none", "oedema"), "raised_icp"),
    ],
)
def test_icans_invalid_input(args: tuple[object, ...], argument: str) -> None:
    with pytest.raises(ValueError, match=argument):
        grade_icans(*args)  # type: ignore[arg-type]


def test_ice_score_counts_items() -> None:
    answers = [True] * len(ICE_ITEMS)
    answers[5] = False
    assert ice_score(answers) == 9
    assert ice_score([False] * 10) == 0


@pytest.mark.parametrize("items", [[True] * 9, [True] * 11, [1] * 10, "TTTTTTTTTT"])
def test_ice_score_rejects_malformed_items(items: list[object]) -> None:
    with pytest.raises(ValueError, match="ice item"):
        ice_score(items)  # type: ignore[arg-type]


# ---------------------------------------------------------------- neutropenia (reference §4)


@pytest.mark.parametrize(
    ("anc", "lln", "expected"),
    [
        (0.0, None, 4),
        (0.49, None, 4),
        (0.5, None, 3),
        (0.99, None, 3),
        (1.0, None, 2),
        (1.49, None, 2),
        (1.5, None, 0),
        (1.5, 1.8, 1),
        (1.79, 1.8, 1),
        (1.8, 1.8, 0),
        (2.5, 1.8, 0),
        (1.2, 1.8, 2),
        (1.2, 1.0, 2),  # grade 2 does not depend on the LLN
        (0.4, 1.8, 4),
        (100.0, None, 0),
    ],
)
def test_neutropenia_v5_edges(anc: float, lln: float | None, expected: int) -> None:
    result = grade_neutropenia(anc, lln)
    assert result.grade == expected
    assert result.scale == "CTCAE v5.0"


def test_grade_1_needs_lln_and_says_so() -> None:
    result = grade_neutropenia(1.6)
    assert result.grade == 0
    assert "LLN" in result.reasons[0] and "grade 1" in result.reasons[0]


@pytest.mark.parametrize(
    ("anc", "expected"),
    [(0.09, 4), (0.1, 3), (0.49, 3), (0.5, 2), (0.99, 2), (1.0, 1), (1.49, 1), (1.5, 0)],
)
def test_neutropenia_v6_secondary_source(anc: float, expected: int) -> None:
    result = grade_neutropenia(anc, None, "6.0")
    assert result.grade == expected
    assert result.scale == "CTCAE v6.0"


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ((-0.1,), "anc_10e9_per_l"),
        ((100.1,), "anc_10e9_per_l"),
        ((math.inf,), "anc_10e9_per_l"),
        ((1.0, -1.0), "lln_10e9_per_l"),
        ((1.0, None, "4.0"), "ctcae_version"),
    ],
)
def test_neutropenia_invalid(args: tuple[object, ...], argument: str) -> None:
    with pytest.raises(ValueError, match=argument):
        grade_neutropenia(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize(("cells", "expected"), [(420, 0.42), (1000, 1.0), (0, 0.0), (1500, 1.5)])
def test_cells_per_ul_conversion(cells: float, expected: float) -> None:
    assert cells_per_ul_to_10e9(cells) == pytest.approx(expected)


def test_story_6_anc_420_cells_is_grade_4() -> None:
    assert grade_neutropenia(cells_per_ul_to_10e9(420)).grade == 4


def test_conversion_rejects_negative() -> None:
    with pytest.raises(ValueError):
        cells_per_ul_to_10e9(-5)


# ---------------------------------------------------------------- properties


def _rank(choice: type[Choice], value: str) -> int:
    return [m.value for m in choice].index(value)


temps = st.one_of(st.none(), st.floats(min_value=30.0, max_value=45.0))
hyps = st.sampled_from([m.value for m in Hypotension])
oxys = st.sampled_from([m.value for m in Oxygen])


def _valid(grade: Grade, scale_prefix: str) -> bool:
    in_range = grade.grade is None or 0 <= grade.grade <= 4
    return in_range and grade.scale.startswith(scale_prefix) and bool(grade.reasons)


def _at_least(grade: Grade, base: Grade) -> bool:
    assert grade.grade is not None and base.grade is not None
    return grade.grade >= base.grade


@given(temps, hyps, oxys, st.booleans(), hyps, oxys)
def test_crs_more_severe_never_lowers(
    temp: float | None, h1: str, o1: str, masked: bool, h2: str, o2: str
) -> None:
    low, high = sorted([h1, h2], key=lambda v: _rank(Hypotension, v))
    olow, ohigh = sorted([o1, o2], key=lambda v: _rank(Oxygen, v))
    base = grade_crs(temp, low, olow, masked)
    assert _valid(base, "ASTCT")
    hotter = 45.0 if temp is None else min(45.0, temp + 1.0)
    if base.grade is None:  # only a missing temperature without masked fever is not gradable
        assert temp is None and not masked
        assert grade_crs(temp, high, ohigh, masked).grade is None
        assert grade_crs(hotter, low, olow, masked).grade is not None
        return
    assert _at_least(grade_crs(temp, high, ohigh, masked), base)
    assert _at_least(grade_crs(temp, low, olow, True), base)
    assert _at_least(grade_crs(hotter, low, olow, masked), base)


@given(
    st.one_of(st.none(), st.integers(0, 10)),
    st.integers(0, 10),
    st.sampled_from([m.value for m in Consciousness]),
    st.sampled_from([m.value for m in Seizure]),
    st.sampled_from([m.value for m in Motor]),
    st.sampled_from([m.value for m in RaisedIcp]),
)
def test_icans_lower_ice_never_lowers(
    ice: int | None, drop: int, level: str, seizure: str, motor: str, icp: str
) -> None:
    base = grade_icans(ice, level, seizure, motor, icp)
    assert _valid(base, "ASTCT")
    if ice is not None:
        worse = grade_icans(max(0, ice - drop), level, seizure, motor, icp)
        assert _at_least(worse, base)
    elif base.grade is None:  # ICE missing, every other domain normal
        assert (level, seizure, motor, icp) == ("alert", "none", "none", "none")
    deeper = list(Consciousness)[min(4, _rank(Consciousness, level) + 1)]
    assert base.grade is None or _at_least(grade_icans(ice, deeper, seizure, motor, icp), base)


@given(
    st.floats(0.0, 100.0),
    st.floats(0.0, 100.0),
    st.one_of(st.none(), st.floats(0.01, 100.0)),
    st.sampled_from(["5.0", "6.0"]),
)
def test_lower_anc_never_lowers_grade(a: float, b: float, lln: float | None, version: str) -> None:
    low, high = sorted([a, b])
    at_high = grade_neutropenia(high, lln, version)
    assert _valid(at_high, "CTCAE")
    assert grade_neutropenia(low, lln, version).grade >= at_high.grade


@given(st.text(max_size=12))
def test_arbitrary_strings_are_rejected_unless_valid(text: str) -> None:
    if text in {m.value for m in Hypotension}:
        assert grade_crs(38.0, text, "none").grade >= 1
    else:
        with pytest.raises(ValueError, match="hypotension"):
            grade_crs(38.0, text, "none")


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_temperature_is_graded_or_rejected(temp: float) -> None:
    if 30.0 <= temp <= 45.0:
        assert grade_crs(temp, "none", "none").grade == (1 if temp >= 38.0 else 0)
    else:
        with pytest.raises(ValueError, match="temperature_c"):
            grade_crs(temp, "none", "none")


@given(st.integers(-50, 50))
def test_any_ice_score_is_graded_or_rejected(score: int) -> None:
    if 0 <= score <= 10:
        assert grade_icans(score, "alert").grade == (
            0 if score == 10 else 1 if score >= 7 else 2 if score >= 3 else 3
        )
    else:
        with pytest.raises(ValueError, match="ice_score"):
            grade_icans(score, "alert")


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_anc_is_graded_or_rejected(anc: float) -> None:
    if 0.0 <= anc <= 100.0:
        assert grade_neutropenia(anc).reasons
    else:
        with pytest.raises(ValueError, match="anc_10e9_per_l"):
            grade_neutropenia(anc)


# ------------------------------------------------- missing is not normal (issue 11)


@pytest.mark.parametrize("hypotension", ["none", "fluids", "one_vasopressor", "multiple_vasopressors"])
@pytest.mark.parametrize("oxygen", ["none", "low_flow", "high_flow", "positive_pressure"])
def test_crs_without_temperature_is_not_gradable(hypotension: str, oxygen: str) -> None:
    # Reference §2: fever is required for every grade unless masked; even multiple vasopressors
    # cannot tell CRS from another cause of shock without a temperature.
    result = grade_crs(None, hypotension, oxygen)
    assert result.grade is None and not result.gradable
    assert result.reasons[0].startswith("Not gradable: temperature not recorded")
    assert not any(r.startswith("Grade") for r in result.reasons)


def test_crs_without_temperature_names_the_signs_seen() -> None:
    result = grade_crs(None, "multiple_vasopressors", "high_flow")
    assert result.reasons[1:] == (
        "Multiple vasopressors recorded, not graded as CRS without a temperature",
        "High-flow oxygen (over 6 L/min, facemask, non-rebreather or Venturi) recorded, "
        "not graded as CRS without a temperature",
    )


def test_crs_masked_fever_without_temperature_is_still_graded() -> None:
    assert grade_crs(None, "multiple_vasopressors", "none", True).grade == 4


@pytest.mark.parametrize("temp", [38.9, 37.0, None])
def test_crs_attributed_to_another_cause_is_not_graded_as_crs(temp: float | None) -> None:
    result = grade_crs(temp, "one_vasopressor", "low_flow", attributed_to=" infection ")
    assert result.grade is None
    assert result.reasons == ("Not graded as CRS: attributed to infection",)


def test_crs_blank_attribution_grades_as_usual() -> None:
    assert grade_crs(38.9, "one_vasopressor", "none", attributed_to="  ").grade == 3


def test_icans_ice_missing_and_all_else_normal_is_not_gradable() -> None:
    result = grade_icans(None, "alert")
    assert result.grade is None
    assert result.reasons == (
        "Not gradable: ICE not assessed (alert, no seizure, no motor findings, "
        "no raised intracranial pressure)",
    )


@pytest.mark.parametrize(
    ("kwargs", "grade", "higher"),
    [
        ({"consciousness": "awakens_spontaneously"}, 1, True),
        ({"consciousness": "awakens_to_voice"}, 2, True),
        ({"consciousness": "alert", "seizure": "rapidly_resolving"}, 3, False),
        ({"consciousness": "alert", "raised_icp": "diffuse_edema"}, 4, False),
    ],
)
def test_icans_ice_missing_grades_the_abnormal_domain_and_says_so(
    kwargs: dict[str, str], grade: int, higher: bool
) -> None:
    result = grade_icans(None, **kwargs)
    assert result.grade == grade
    assert result.reasons[0].startswith(f"Grade {grade}:")
    expected = "ICE not assessed: graded on the other domains"
    expected += "; the ICE score could make it higher" if higher else ""
    assert result.reasons[-1] == expected


def test_icans_ice_missing_because_unarousable_is_grade_4() -> None:
    result = grade_icans(None, "unarousable")
    assert result.grade == 4
    assert result.reasons[-1] == "ICE not assessed: patient unarousable"
