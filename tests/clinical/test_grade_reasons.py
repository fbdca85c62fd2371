"""The reason sentences of every grade and every validation message, whole (issue 11, "Tests that would
notice"): the sentence is what a clinician reads beside the grade in the form, the lists and the PDF.
Each row traces to ../shared/clinical-reference.md: §2 (ASTCT CRS table), §3.2 (ICANS), §4.1/§4.3 (ANC)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from clinical.ctcae_grading import anc_grade_bands, cells_per_ul_to_10e9
from clinical.grade_result import Grade, decided, not_graded_label
from clinical.grading import grade_crs, grade_icans, grade_neutropenia, ice_score

FEVER = "Fever 38.5 °C"
FLUIDS = "hypotension not needing vasopressors"
LOW = "low-flow oxygen (nasal cannula 6 L/min or less, or blow-by)"
HIGH = "high-flow oxygen (over 6 L/min, facemask, non-rebreather or Venturi)"
PRESSURE = "positive-pressure ventilation (CPAP, BiPAP or intubation)"
MASKED = "Fever masked by antipyretic, tocilizumab or steroid: graded on hypotension and hypoxia"


# ---------------------------------------------------------------- CRS, reference §2


@pytest.mark.parametrize(
    ("hypotension", "oxygen", "reasons"),
    [
        ("none", "none", ("Grade 1: fever 38.5 °C",)),  # grade 1 says its fever once
        ("fluids", "none", (f"Grade 2: {FLUIDS}", FEVER)),
        ("none", "low_flow", (f"Grade 2: {LOW}", FEVER)),
        ("fluids", "low_flow", (f"Grade 2: {FLUIDS}", f"Grade 2: {LOW}", FEVER)),
        ("one_vasopressor", "none", ("Grade 3: one vasopressor", FEVER)),
        ("none", "high_flow", (f"Grade 3: {HIGH}", FEVER)),
        ("one_vasopressor", "low_flow", ("Grade 3: one vasopressor", FEVER)),  # PMC8021214's example
        ("one_vasopressor", "high_flow", ("Grade 3: one vasopressor", f"Grade 3: {HIGH}", FEVER)),
        ("multiple_vasopressors", "none", ("Grade 4: multiple vasopressors", FEVER)),
        ("fluids", "positive_pressure", (f"Grade 4: {PRESSURE}", FEVER)),
        ("multiple_vasopressors", "positive_pressure",
         ("Grade 4: multiple vasopressors", f"Grade 4: {PRESSURE}", FEVER)),
    ],
)  # fmt: skip
def test_each_crs_row_gives_its_sentences(hypotension: str, oxygen: str, reasons: tuple[str, ...]) -> None:
    result = grade_crs(38.5, hypotension, oxygen)
    assert result == Grade(int(reasons[0][6]), "ASTCT 2019", reasons)


def test_fever_of_exactly_38_is_grade_1() -> None:
    assert grade_crs(38.0, "none", "none").reasons == ("Grade 1: fever 38.0 °C",)


def test_masked_fever_sentences() -> None:
    assert grade_crs(37.2, "none", "none", True) == Grade(
        0, "ASTCT 2019", ("Grade 0: fever masked and no hypotension or hypoxia", MASKED)
    )
    assert grade_crs(37.2, "fluids", "low_flow", True).reasons == (
        f"Grade 2: {FLUIDS}",
        f"Grade 2: {LOW}",
        MASKED,
    )
    # A measured fever with masking is graded as a fever (the masking sentence is not added).
    assert grade_crs(38.5, "fluids", "none", True).reasons == (f"Grade 2: {FLUIDS}", FEVER)


def test_no_fever_names_each_sign_not_graded() -> None:
    assert grade_crs(37.5, "fluids", "low_flow").reasons == (
        "Grade 0: no fever (38.0 °C or more) and fever not masked; CRS criteria not met",
        "Hypotension not needing vasopressors recorded, not graded as CRS without fever",
        "Low-flow oxygen (nasal cannula 6 L/min or less, or blow-by) recorded, not graded as CRS "
        "without fever",
    )
    assert grade_crs(37.9, "none", "none").reasons == (
        "Grade 0: no fever (38.0 °C or more) and fever not masked; CRS criteria not met",
    )


def test_no_temperature_sentence_alone() -> None:
    assert grade_crs(None, "none", "none") == Grade(
        None,
        "ASTCT 2019",
        (
            "Not gradable: temperature not recorded (CRS needs fever of 38.0 °C or more, or fever "
            "masked by treatment)",
        ),
    )


def test_attribution_in_brackets_is_kept_whole() -> None:
    result = grade_crs(39.0, "fluids", "none", attributed_to="infection (E. coli bacteraemia)")
    assert result.reasons == ("Not graded as CRS: attributed to infection (E. coli bacteraemia)",)
    assert (
        not_graded_label(result.reasons) == "not graded as CRS: attributed to infection (E. coli bacteraemia)"
    )


@pytest.mark.parametrize(
    ("temperature", "message"),
    [
        (29.9, "temperature_c must be from 30 to 45 °C (got 29.9)"),
        (45.1, "temperature_c must be from 30 to 45 °C (got 45.1)"),
        ("38", "temperature_c must be a number from 30 to 45 °C (got '38')"),
        (math.nan, "temperature_c must be a number from 30 to 45 °C (got nan)"),
        (True, "temperature_c must be a number from 30 to 45 °C (got True)"),
    ],
)
def test_temperature_limits_and_types_say_the_range(temperature: object, message: str) -> None:
    with pytest.raises(ValueError) as error:
        grade_crs(temperature, "none", "none")  # type: ignore[arg-type]
    assert str(error.value) == message


def test_temperature_range_ends_are_accepted_and_an_int_is_a_temperature() -> None:
    assert (grade_crs(30.0, "none", "none").grade, grade_crs(45.0, "none", "none").grade) == (0, 1)
    assert grade_crs(39, "none", "none").reasons == ("Grade 1: fever 39.0 °C",)


def test_fever_masked_and_attribution_types_are_said() -> None:
    with pytest.raises(ValueError) as error:
        grade_crs(38.0, "none", "none", "yes")  # type: ignore[arg-type]
    assert str(error.value) == "fever_masked must be True or False (got 'yes')"
    with pytest.raises(ValueError) as error:
        grade_crs(38.0, "none", "none", attributed_to=None)  # type: ignore[arg-type]
    assert str(error.value) == "attributed_to must be text (got None)"


# ---------------------------------------------------------------- not gradable labels, decided grades


def test_not_graded_labels_drop_the_explanation_of_not_gradable_only() -> None:
    assert (
        not_graded_label(grade_crs(None, "fluids", "none").reasons)
        == "not gradable: temperature not recorded"
    )
    assert not_graded_label(grade_icans(None, "alert").reasons) == "not gradable: ICE not assessed"
    assert not_graded_label(()) == "not gradable"


def test_decided_returns_the_grade_or_says_why_there_is_none() -> None:
    assert decided(grade_neutropenia(0.3)) == 4
    assert decided(grade_neutropenia(2.0)) == 0
    with pytest.raises(ValueError) as error:
        decided(Grade(None, "ASTCT 2019", ("Not gradable: x", "y")))
    assert str(error.value) == "expected a decided grade, got: Not gradable: x; y"


# ---------------------------------------------------------------- ICANS, reference §3.2


def test_icans_grade_0_lists_every_domain() -> None:
    assert grade_icans(10, "alert").reasons == (
        "Grade 0: ICE 10/10, alert, no seizure, no motor findings, no raised intracranial pressure",
    )


def test_icans_names_the_lower_domains_with_their_grades() -> None:
    result = grade_icans(5, "awakens_to_voice", seizure="rapidly_resolving")
    assert result == Grade(
        3,
        "ASTCT 2019",
        (
            "Grade 3: seizure that resolved rapidly or with intervention",
            "Also ICE score 5/10 (grade 2)",
            "Also depressed consciousness, awakens to voice (grade 2)",
        ),
    )
    assert grade_icans(2, "alert", motor="deep_focal_weakness").reasons == (
        "Grade 4: deep focal motor weakness (e.g. hemiparesis)",
        "Also ICE score 2/10 (grade 3)",
    )
    assert grade_icans(8, "awakens_to_voice").reasons == (
        "Grade 2: depressed consciousness, awakens to voice",
        "Also ICE score 8/10 (grade 1)",
    )
    assert grade_icans(7, "awakens_spontaneously").reasons == (
        "Grade 1: ICE score 7/10",
        "Grade 1: depressed consciousness, awakens spontaneously",
    )


def test_missing_ice_at_grade_3_does_not_say_it_could_be_higher() -> None:
    assert grade_icans(None, "awakens_to_touch").reasons == (
        "Grade 3: depressed consciousness, awakens only to touch",
        "ICE not assessed: graded on the other domains",
    )
    assert grade_icans(None, "unarousable").reasons == (
        "Grade 4: unarousable or needs vigorous or repeated stimuli",
        "ICE not assessed: patient unarousable",
    )
    assert grade_icans(3, "unarousable").reasons == (
        "Grade 4: unarousable or needs vigorous or repeated stimuli",
        "Also ICE score 3/10 (grade 2)",
    )


@pytest.mark.parametrize("ice", [11, -1, True, 7.5, "7"])
def test_ice_score_limits_are_said(ice: object) -> None:
    with pytest.raises(ValueError) as error:
        grade_icans(ice, "alert")  # type: ignore[arg-type]
    assert str(error.value) == f"ice_score must be a whole number from 0 to 10 or None (got {ice!r})"


def test_ice_score_range_ends_are_scores() -> None:
    assert (grade_icans(0, "alert").reasons, grade_icans(10, "alert").grade) == (
        ("Grade 3: ICE score 0/10",),
        0,
    )


@pytest.mark.parametrize("items", ["TTTTTTTTTT", b"TTTTTTTTTT", [True] * 9, [True] * 11])
def test_ice_items_must_be_ten_answers(items: object) -> None:
    with pytest.raises(ValueError) as error:
        ice_score(items)  # type: ignore[arg-type]
    assert str(error.value) == f"ice items must be 10 answers (got {items!r})"


def test_each_ice_item_is_named_when_it_is_not_true_or_false() -> None:
    with pytest.raises(ValueError) as error:
        ice_score([True] * 9 + [1])  # type: ignore[list-item]
    assert str(error.value) == "ice item attention must be True or False (got 1)"
    assert ice_score((True,) * 10) == 10


# ---------------------------------------------------------------- neutropenia, reference §4.1 and §4.3


@pytest.mark.parametrize(
    ("anc", "lln", "grade", "reason"),
    [
        (0.3, None, 4, "Grade 4: ANC 0.3 x10^9/L is below 0.5"),
        (0.5, None, 3, "Grade 3: ANC 0.5 x10^9/L is below 1"),
        (0.99, None, 3, "Grade 3: ANC 0.99 x10^9/L is below 1"),
        (1.0, None, 2, "Grade 2: ANC 1 x10^9/L is below 1.5"),
        (1.49, 1.8, 2, "Grade 2: ANC 1.49 x10^9/L is below 1.5"),
        (1.5, None, 0, "Grade 0: ANC 1.5 x10^9/L is 1.5 or more; grade 1 needs the lab's lower limit of "
                       "normal (LLN)"),
        (1.6, 1.8, 1, "Grade 1: ANC 1.6 x10^9/L is below the LLN (1.8) and 1.5 or more"),
        (1.8, 1.8, 0, "Grade 0: ANC 1.8 x10^9/L is at or above the LLN (1.8)"),
    ],
)  # fmt: skip
def test_each_v5_band_gives_its_sentence(anc: float, lln: float | None, grade: int, reason: str) -> None:
    assert grade_neutropenia(anc, lln) == Grade(grade, "CTCAE v5.0", (reason,))


@pytest.mark.parametrize(
    ("anc", "grade", "reason"),
    [
        (0.05, 4, "Grade 4: ANC 0.05 x10^9/L is below 0.1"),
        (0.1, 3, "Grade 3: ANC 0.1 x10^9/L is below 0.5"),
        (0.5, 2, "Grade 2: ANC 0.5 x10^9/L is below 1"),
        (1.0, 1, "Grade 1: ANC 1 x10^9/L is below 1.5"),
        (1.5, 0, "Grade 0: ANC 1.5 x10^9/L is 1.5 or more"),
    ],
)
def test_each_v6_band_gives_its_sentence(anc: float, grade: int, reason: str) -> None:
    assert grade_neutropenia(anc, 1.8, "6.0") == Grade(grade, "CTCAE v6.0", (reason,))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-0.1,), "anc_10e9_per_l must be from 0 to 100 x10^9/L (got -0.1)"),
        ((100.1,), "anc_10e9_per_l must be from 0 to 100 x10^9/L (got 100.1)"),
        ((math.inf,), "anc_10e9_per_l must be from 0 to 100 x10^9/L (got inf)"),
        ((True,), "anc_10e9_per_l must be a number from 0 to 100 x10^9/L (got True)"),
        (("0.4",), "anc_10e9_per_l must be a number from 0 to 100 x10^9/L (got '0.4')"),
        ((1.0, 100.5), "lln_10e9_per_l must be from 0 to 100 x10^9/L (got 100.5)"),
        ((1.0, False), "lln_10e9_per_l must be a number from 0 to 100 x10^9/L (got False)"),
        ((1.0, None, "4.0"), "ctcae_version must be one of: 5.0, 6.0 (got '4.0')"),
    ],
)
def test_anc_limits_and_types_say_the_range(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError) as error:
        grade_neutropenia(*args)  # type: ignore[arg-type]
    assert str(error.value) == message


def test_anc_range_ends_are_counts() -> None:
    assert grade_neutropenia(0.0).grade == 4
    assert grade_neutropenia(100.0, 100.0).reasons == (
        "Grade 0: ANC 100 x10^9/L is at or above the LLN (100)",
    )
    assert grade_neutropenia(1.6, 0.0).grade == 0


def test_cells_per_ul_limits() -> None:
    assert cells_per_ul_to_10e9(100_000) == 100.0
    for cells, shown in ((-5, "-5"), (100_001, "100001"), (True, "True")):
        with pytest.raises(ValueError) as error:
            cells_per_ul_to_10e9(cells)
        assert "count must be" in str(error.value) and str(error.value).endswith(f"cells/µL (got {shown})")
    with pytest.raises(ValueError) as error:
        cells_per_ul_to_10e9(-5)
    assert str(error.value) == "count must be from 0 to 100000 cells/µL (got -5)"


def test_chart_bands_default_to_v5_and_refuse_other_versions_with_the_sentence() -> None:
    assert anc_grade_bands() == ((4, 0.0, 0.5), (3, 0.5, 1.0), (2, 1.0, 1.5))
    assert anc_grade_bands("6.0") == ((4, 0.0, 0.1), (3, 0.1, 0.5), (2, 0.5, 1.0), (1, 1.0, 1.5))
    with pytest.raises(ValueError) as error:
        anc_grade_bands("4.03")
    assert str(error.value) == "ctcae_version must be one of: 5.0, 6.0 (got '4.03')"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: grade_crs(38.0, "pressors", "none"), "hypotension must be one of: none, fluids, "
         "one_vasopressor, multiple_vasopressors (got 'pressors')"),
        (lambda: grade_crs(38.0, "none", "nasal"), "oxygen must be one of: none, low_flow, high_flow, "
         "positive_pressure (got 'nasal')"),
        (lambda: grade_icans(10, "asleep"), "consciousness must be one of: alert, awakens_spontaneously, "
         "awakens_to_voice, awakens_to_touch, unarousable (got 'asleep')"),
        (lambda: grade_icans(10, "alert", "tonic"), "seizure must be one of: none, rapidly_resolving, "
         "life_threatening (got 'tonic')"),
        (lambda: grade_icans(10, "alert", motor="tremor"), "motor must be one of: none, deep_focal_weakness "
         "(got 'tremor')"),
        (lambda: grade_icans(10, "alert", raised_icp="oedema"), "raised_icp must be one of: none, "
         "focal_edema, diffuse_edema (got 'oedema')"),
    ],
)  # fmt: skip
def test_each_choice_refusal_names_its_field_and_the_allowed_values(call: object, message: str) -> None:
    with pytest.raises(ValueError) as error:
        call()  # type: ignore[operator]
    assert str(error.value) == message


def test_a_grade_cannot_be_changed_after_it_is_computed() -> None:
    """A Grade is shown in the form, stored and printed: the same value, so it is frozen."""
    result = grade_crs(38.5, "fluids", "none")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.grade = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("domain", "reason"),
    [
        ({"seizure": "rapidly_resolving"}, "Grade 3: seizure that resolved rapidly or with intervention"),
        ({"seizure": "life_threatening"}, "Grade 4: life-threatening prolonged or repetitive seizure"),
        ({"motor": "deep_focal_weakness"}, "Grade 4: deep focal motor weakness (e.g. hemiparesis)"),
        ({"raised_icp": "focal_edema"}, "Grade 3: focal or local cerebral oedema on imaging"),
        ({"raised_icp": "diffuse_edema"},
         "Grade 4: diffuse cerebral oedema or signs of raised intracranial pressure"),
    ],
)  # fmt: skip
def test_each_icans_domain_row_gives_its_sentence(domain: dict[str, str], reason: str) -> None:
    assert grade_icans(10, "alert", **domain) == Grade(int(reason[6]), "ASTCT 2019", (reason,))
