"""Trial comparison: values against scipy, the worked examples, verdict edges, invalid input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import beta, binom, binomtest

from clinical.findings import CohortCount
from clinical.incidence import (
    Verdict,
    binomial_tails,
    central_p_value,
    clopper_pearson,
    cohort_comparisons,
    compare_to_trial,
)
from clinical.reference import parse_trial, trial
from clinical.toxicities import toxicities


def test_story_9_four_of_fourteen() -> None:
    result = compare_to_trial(4, 14, 0.20)
    assert round(result.rate * 100, 1) == 28.6
    assert (round(result.ci_low * 100, 1), round(result.ci_high * 100, 1)) == (8.4, 58.1)
    assert result.verdict == Verdict.CONSISTENT


def _central(k: int, n: int, p0: float) -> float:
    """Twice the smaller tail from scipy's binomial distribution, capped at 1."""
    return min(1.0, 2 * min(binom.cdf(k, n, p0), binom.sf(k - 1, n, p0)))


def test_reference_example_three_of_ten() -> None:
    # Reference §6 [DERIVED]: 95 % CP CI 6.7-65.2 %. The reference's p = 0.43 is scipy's default
    # "minlike" two-sided test; the central test dual to the interval gives 2 x P(X >= 3) = 0.64
    # (docs/clinical-additions.md §1).
    result = compare_to_trial(3, 10, 0.20)
    assert round(result.p_value, 2) == 0.64
    assert round(binomtest(3, 10, 0.2).pvalue, 2) == 0.43  # what the reference computed
    assert (round(result.ci_low * 100, 1), round(result.ci_high * 100, 1)) == (6.7, 65.2)


def test_eight_of_twenty_p_value_agrees_with_the_verdict() -> None:
    """Issue 11: the minlike test gave p 0.04 beside "consistent with the trial" for 8/20 vs 20 %."""
    assert binomtest(8, 20, 0.2).pvalue < 0.05  # the old, disagreeing figure
    result = compare_to_trial(8, 20, 0.20)
    assert result.verdict == Verdict.CONSISTENT
    assert result.ci_low < 0.20 < result.ci_high
    assert result.p_value == pytest.approx(2 * binom.sf(7, 20, 0.2))
    assert result.p_value >= 0.05


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 400).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.floats(0.0, 1.0),
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_p_value_is_below_alpha_exactly_when_the_interval_excludes_the_rate(
    kn: tuple[int, int], p0: float, confidence: float
) -> None:
    k, n = kn
    result = compare_to_trial(k, n, p0, confidence, min_patients=1)
    excluded = result.ci_low > p0 or result.ci_high < p0
    assert (result.p_value < 1 - confidence) == excluded
    assert (result.verdict != Verdict.CONSISTENT) == excluded
    if result.verdict == Verdict.ABOVE:
        assert result.ci_low > p0
    if result.verdict == Verdict.BELOW:
        assert result.ci_high < p0


@pytest.mark.parametrize(
    ("k", "n", "p0", "expected"),
    [
        (0, 10, 0.0, 1.0),  # no events against a rate of 0: nothing to reject
        (1, 10, 0.0, 0.0),  # any event against a rate of 0 is impossible under it
        (10, 10, 1.0, 1.0),
        (9, 10, 1.0, 0.0),
        (0, 0, 0.2, 1.0),  # no patients: no evidence
        (2, 10, 0.2, 1.0),  # both tails above a half: capped at 1
    ],
)
def test_central_p_value_edges(k: int, n: int, p0: float, expected: float) -> None:
    assert central_p_value(k, n, p0) == pytest.approx(expected, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
    st.floats(0.01, 0.99),
    st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_matches_scipy(kn: tuple[int, int], p0: float, confidence: float) -> None:
    k, n = kn
    expected = binomtest(k, n, p0)
    ci = expected.proportion_ci(confidence_level=confidence, method="exact")
    result = compare_to_trial(k, n, p0, confidence, min_patients=1)
    assert result.rate == pytest.approx(k / n)
    assert (result.ci_low, result.ci_high) == pytest.approx((ci.low, ci.high))
    assert result.p_value == pytest.approx(_central(k, n, p0), rel=1e-9, abs=1e-12)
    assert result.ci_low <= result.rate <= result.ci_high


@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99])
def test_closed_form_matches_binomtest_root_finding_on_a_grid(confidence: float) -> None:
    """The Beta-quantile formula against scipy's own exact interval (root-finding), every k of
    small n and a spread of k for large n, edges included."""
    grid = [(k, n) for n in range(1, 21) for k in range(n + 1)]
    grid += [(k, n) for n in (88, 500, 2000, 10000) for k in (0, 1, 2, n // 5, n // 2, n - 1, n)]
    for k, n in grid:
        expected = binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
        low, high = clopper_pearson(k, n, confidence)
        assert (low, high) == pytest.approx((expected.low, expected.high), rel=1e-7, abs=1e-12), (k, n)


def test_closed_form_is_the_beta_quantile() -> None:
    low, high = clopper_pearson(7, 40, 0.9)
    assert low == pytest.approx(beta.ppf(0.05, 7, 34), rel=1e-12)
    assert high == pytest.approx(beta.ppf(0.95, 8, 33), rel=1e-12)


@pytest.mark.parametrize("n", [1, 2, 10, 88, 1000])
def test_no_events_and_all_events_are_pinned_at_the_ends(n: int) -> None:
    none, every = compare_to_trial(0, n, 0.2, min_patients=1), compare_to_trial(n, n, 0.2, min_patients=1)
    assert none.ci_low == 0.0 and 0.0 < none.ci_high < 1.0
    assert every.ci_high == 1.0 and 0.0 < every.ci_low < 1.0
    # k = 0: the upper bound solves (1 - p)^n = alpha/2; k = n: the lower bound solves p^n = alpha/2.
    assert none.ci_high == pytest.approx(1 - 0.025 ** (1 / n), rel=1e-9)
    assert every.ci_low == pytest.approx(0.025 ** (1 / n), rel=1e-9)
    assert none.p_value == pytest.approx(_central(0, n, 0.2))


@pytest.mark.parametrize(
    ("events", "patients", "minimum", "verdict"),
    [
        (9, 9, 10, Verdict.TOO_FEW),  # would be "above" with enough patients
        (9, 10, 10, Verdict.ABOVE),
        (0, 40, 10, Verdict.BELOW),
        (8, 40, 10, Verdict.CONSISTENT),
        (0, 0, 10, Verdict.TOO_FEW),
    ],
)
def test_verdicts(events: int, patients: int, minimum: int, verdict: Verdict) -> None:
    result = compare_to_trial(events, patients, 0.20, min_patients=minimum)
    assert result.verdict == verdict
    if verdict == Verdict.ABOVE:
        assert result.ci_low > 0.20
    if verdict == Verdict.BELOW:
        assert result.ci_high < 0.20


def test_no_patients_claims_nothing() -> None:
    result = compare_to_trial(0, 0, 0.2)
    assert (result.ci_low, result.ci_high, result.p_value) == (0.0, 1.0, 1.0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((5, 4, 0.2), "cannot be more"),
        ((-1, 4, 0.2), "events"),
        ((1, -4, 0.2), "patients"),
        ((1, 4, 1.2), "trial_rate"),
        ((1, 4, 0.2, 1.0), "confidence"),
        ((1, 4, 0.2, 0.95, -1), "min_patients"),
        ((1.5, 4, 0.2), "events"),
    ],
)
def test_invalid(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        compare_to_trial(*args)  # type: ignore[arg-type]


def test_cohort_comparisons_use_each_toxicity_and_the_trial_rates() -> None:
    counts = [
        CohortCount("SC 250/500", 14, 30, 300, 320, {"crs": 4, "icans": 1, "neutropenia": 12}),
        CohortCount("All", 20, 45, 450, 480, {"crs": 5, "icans": 2, "neutropenia": 14}),
    ]
    rows = cohort_comparisons(counts)
    # One row per regimen and registered toxicity (issue 14): the three with a trial figure, and
    # every other registered one as a "no trial comparator" row.
    assert len(rows) == 2 * len(toxicities())
    by_key = {(r.regimen, r.toxicity): r for r in rows}
    crs = by_key[("SC 250/500", "crs")]
    assert (crs.events, crs.patients, crs.trial_rate) == (4, 14, 0.20)
    assert crs.comparison == compare_to_trial(4, 14, 0.20)
    neut = by_key[("All", "neutropenia")]
    assert (neut.events, neut.trial_rate) == (14, trial().rate("neutropenia"))
    assert neut.comparison.verdict == Verdict.ABOVE
    assert by_key[("All", "icans")].trial_rate == 0.17


def test_gui_facing_modules_do_not_import_scipy() -> None:
    """GUI start-up imports these; scipy must load only when a comparison is computed."""
    import subprocess
    import sys

    code = (
        "import sys, clinical.grading, clinical.regimens, clinical.reference, clinical.episodes, "
        "clinical.incidence, clinical.flags, clinical.demo; print('scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_default_minimum_is_ten_patients() -> None:
    """Nine patients claim nothing however many events; ten are enough (story 9, reference §6)."""
    assert compare_to_trial(9, 9, 0.20).verdict == Verdict.TOO_FEW
    assert compare_to_trial(9, 10, 0.20).verdict == Verdict.ABOVE
    assert compare_to_trial(0, 10, 0.90).verdict == Verdict.BELOW


def test_default_confidence_is_95_percent() -> None:
    result = compare_to_trial(3, 10, 0.20)
    assert result.confidence == 0.95
    assert (result.ci_low, result.ci_high) == clopper_pearson(3, 10, 0.95)


def test_cohort_defaults_are_ten_patients_and_95_percent() -> None:
    nine = CohortCount("SC 250/500", 9, 9, 90, 90, {"crs": 9, "icans": 0, "neutropenia": 0})
    ten = CohortCount("SC 500/1000", 10, 10, 100, 100, {"crs": 9, "icans": 0, "neutropenia": 0})
    rows = {r.regimen: r for r in cohort_comparisons([nine, ten]) if r.toxicity == "crs"}
    assert rows["SC 250/500"].comparison.verdict == Verdict.TOO_FEW
    assert rows["SC 500/1000"].comparison.verdict == Verdict.ABOVE
    assert rows["SC 500/1000"].comparison.confidence == 0.95


def test_cohort_comparisons_use_the_reference_given() -> None:
    other = parse_trial(
        "[trial]\nregistry_id = 'X'\nshort_name = 'X'\ncitation = 'X'\nstatus = 'X'\nbasis = 'X'\n"
        "patients = 10\n"
        + "".join(
            f"[[incidence]]\ntoxicity = '{t}'\nrate = {r}\nback_calculated_events = 0\n"
            "back_calculated_patients = 10\n"
            for t, r in (("crs", 0.5), ("icans", 0.4), ("neutropenia", 0.3))
        )
    )
    rows = cohort_comparisons(
        [CohortCount("All", 20, 20, 200, 200, {"crs": 4, "icans": 1, "neutropenia": 12})], other, 0.9, 21
    )
    compared = [r for r in rows if r.compared]  # issue 14: the others have no trial comparator
    assert [(r.toxicity, r.trial_rate) for r in compared] == [
        ("crs", 0.5),
        ("icans", 0.4),
        ("neutropenia", 0.3),
    ]
    assert all(r.trial_rate is None and r.comparison is None for r in rows if not r.compared)
    assert [r.comparison for r in compared] == [
        compare_to_trial(4, 20, 0.5, 0.9, 21),
        compare_to_trial(1, 20, 0.4, 0.9, 21),
        compare_to_trial(12, 20, 0.3, 0.9, 21),
    ]
    assert all(r.comparison.verdict == Verdict.TOO_FEW for r in compared)


def test_verdicts_are_the_words_reports_read() -> None:
    """reports/ compares the verdict with "above", "too_few", ... and maps them to sentences."""
    assert compare_to_trial(1, 5, 0.2).verdict == "too_few"
    assert compare_to_trial(9, 10, 0.2).verdict == "above"
    assert compare_to_trial(0, 40, 0.2).verdict == "below"
    assert compare_to_trial(8, 40, 0.2).verdict == "consistent"
    assert Verdict.parse("consistent", "verdict") is Verdict.CONSISTENT


def test_results_cannot_be_changed() -> None:
    import dataclasses

    result = compare_to_trial(4, 14, 0.2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.verdict = Verdict.ABOVE  # type: ignore[misc]
    row = cohort_comparisons(
        [CohortCount("All", 14, 14, 140, 140, {"crs": 4, "icans": 1, "neutropenia": 2})]
    )[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        row.events = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("k", "n", "p0", "verdict", "p_value"),
    [
        (0, 10, 0.0, Verdict.CONSISTENT, 1.0),  # a trial rate of 0 is allowed
        (1, 10, 0.0, Verdict.ABOVE, 0.0),
        (10, 10, 1.0, Verdict.CONSISTENT, 1.0),  # and so is 1
        (9, 10, 1.0, Verdict.BELOW, 0.0),
    ],
)
def test_trial_rates_of_0_and_1(k: int, n: int, p0: float, verdict: Verdict, p_value: float) -> None:
    result = compare_to_trial(k, n, p0)
    assert (result.trial_rate, result.verdict) == (p0, verdict)
    assert result.p_value == pytest.approx(p_value, abs=1e-12)


def test_no_patients_with_no_minimum() -> None:
    result = compare_to_trial(0, 0, 0.2, min_patients=0)
    assert (result.rate, result.ci_low, result.ci_high, result.p_value) == (0.0, 0.0, 1.0, 1.0)
    assert result.verdict == Verdict.CONSISTENT


@pytest.mark.parametrize(
    ("k", "p0", "ci", "p_value", "verdict"),
    [
        (1, 0.01, (0.025, 1.0), 0.02, Verdict.ABOVE),  # P(X >= 1) = 0.01
        (1, 0.2, (0.025, 1.0), 0.4, Verdict.CONSISTENT),
        (0, 0.2, (0.0, 0.975), 1.0, Verdict.CONSISTENT),
        (0, 0.99, (0.0, 0.975), 0.02, Verdict.BELOW),
    ],
)
def test_a_single_patient(
    k: int, p0: float, ci: tuple[float, float], p_value: float, verdict: Verdict
) -> None:
    """n = 1 by hand: the interval is [alpha/2, 1] or [0, 1 - alpha/2], p is twice the tail."""
    result = compare_to_trial(k, 1, p0, min_patients=1)
    assert result.rate == k
    assert (result.ci_low, result.ci_high) == pytest.approx(ci, abs=1e-12)
    assert result.p_value == pytest.approx(p_value, abs=1e-12)
    assert central_p_value(k, 1, p0) == pytest.approx(p_value, abs=1e-12)
    assert result.verdict == verdict


@pytest.mark.parametrize(
    ("k", "n", "verdict"), [(8, 19, Verdict.ABOVE), (0, 17, Verdict.BELOW), (6, 12, Verdict.ABOVE)]
)
def test_p_just_under_five_percent_is_a_difference(k: int, n: int, verdict: Verdict) -> None:
    """p between 0.034 and 0.05 against 20 %: outside the 95 % interval, so not "consistent"."""
    result = compare_to_trial(k, n, 0.20)
    assert 0.034 < result.p_value < 0.05
    assert result.verdict == verdict
    assert not result.ci_low <= 0.20 <= result.ci_high


@pytest.mark.parametrize(("k", "p0"), [(1, 0.25), (0, 0.75)])
def test_a_rate_exactly_on_the_interval_end_is_consistent(k: int, p0: float) -> None:
    """The interval is closed: with 50 % confidence (exact in binary) and one patient, the end of
    the interval is 0.25 or 0.75 and p there is exactly alpha, which is not below alpha."""
    result = compare_to_trial(k, 1, p0, 0.5, min_patients=1)
    assert p0 in (result.ci_low, result.ci_high)
    assert result.p_value == 0.5
    assert result.verdict == Verdict.CONSISTENT


WHOLE = "must be a whole number of 0 or more"
CLOSED = "trial_rate must be a proportion from 0 to 1"
OPEN = "confidence must be a proportion strictly between 0 and 1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 4, 0.2), f"events {WHOLE} (got -1)"),
        ((True, 4, 0.2), f"events {WHOLE} (got True)"),
        ((1.0, 4, 0.2), f"events {WHOLE} (got 1.0)"),
        ((1, -4, 0.2), f"patients {WHOLE} (got -4)"),
        ((1, "4", 0.2), f"patients {WHOLE} (got '4')"),
        ((5, 4, 0.2), "events (5) cannot be more than patients (4)"),
        ((1, 4, 1.2), f"{CLOSED} (got 1.2)"),
        ((1, 4, 1.5), f"{CLOSED} (got 1.5)"),
        ((1, 4, -0.1), f"{CLOSED} (got -0.1)"),
        ((1, 4, True), f"{CLOSED} (got True)"),
        ((1, 4, "0.2"), f"{CLOSED} (got '0.2')"),
        ((1, 4, None), f"{CLOSED} (got None)"),
        ((1, 4, float("nan")), f"{CLOSED} (got nan)"),
        ((1, 4, 0.2, 0), f"{OPEN} (got 0)"),
        ((1, 4, 0.2, 0.0), f"{OPEN} (got 0.0)"),
        ((1, 4, 0.2, 1.0), f"{OPEN} (got 1.0)"),
        ((1, 4, 0.2, 1.5), f"{OPEN} (got 1.5)"),
        ((1, 4, 0.2, -0.5), f"{OPEN} (got -0.5)"),
        ((1, 4, 0.2, False), f"{OPEN} (got False)"),
        ((1, 4, 0.2, "0.95"), f"{OPEN} (got '0.95')"),
        ((1, 4, 0.2, float("nan")), f"{OPEN} (got nan)"),
        ((1, 4, 0.2, 0.95, -1), f"min_patients {WHOLE} (got -1)"),
        ((1, 4, 0.2, 0.95, True), f"min_patients {WHOLE} (got True)"),
        ((1, 4, 0.2, 0.95, 2.5), f"min_patients {WHOLE} (got 2.5)"),
    ],
)
def test_invalid_input_says_what_is_allowed(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError) as error:
        compare_to_trial(*args)  # type: ignore[arg-type]
    assert str(error.value) == message


@pytest.mark.parametrize("p0", [0.0, 0.17, 0.2, 0.5, 1.0])
def test_binomial_tails_are_the_distribution_tails(p0: float) -> None:
    """P(X <= k) and P(X >= k) from scipy's binomial distribution, the ends (k = 0, k = n) included:
    they are probabilities, so never above 1."""
    for n in (1, 2, 10, 88):
        for k in range(n + 1):
            lower, upper = binomial_tails(k, n, p0)
            assert (lower, upper) == pytest.approx(
                (binom.cdf(k, n, p0), binom.sf(k - 1, n, p0)), abs=1e-12
            ), (k, n)


def test_a_comparison_made_without_a_grade_5_count_has_none() -> None:
    """Grade 5 (death) is counted apart (issue 11); a comparison made without that count says 0, so a
    caller that has no grade 5 figure never shows a death that was not recorded."""
    from clinical.incidence import CohortComparison

    row = CohortComparison("All", "crs", 1, 10, 0.2, compare_to_trial(1, 10, 0.2))
    assert row.grade5 == 0
