"""The trial reference file: figures, provenance and caveats load, and a bad file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinical.reference import load_trial, parse_trial, trial


def test_pooled_rates_and_back_calculated_counts() -> None:
    ref = trial()
    assert ref.patients == 88
    expected = {"neutropenia": (0.22, 19), "crs": (0.20, 18), "icans": (0.17, 15)}
    for toxicity, (rate, events) in expected.items():
        figure = ref.figure(toxicity)
        assert figure.rate == rate
        assert (figure.back_calculated_events, figure.back_calculated_patients) == (events, 88)
        # The back-calculated count must round to the published percentage (reference §1.5).
        assert round(events / 88, 2) == rate


def test_source_status_and_caveats() -> None:
    ref = trial()
    assert "NCT04521231" in ref.source_text
    assert "Lancet Haematol 2025;12(7):e529" in ref.citation
    # Said in words, with no internal provenance tags (issue 11).
    assert "not checked against the full paper" in ref.status and "[" not in ref.status
    assert ref.basis.startswith("grade 3-4, pooled over both regimens, n = 88, post-hoc analysis")
    assert "How it was checked: figures as given" in ref.source_text
    assert any("per-regimen" in c and "pooled rate" in c for c in ref.caveats)
    assert any("back-calculated" in c.lower() for c in ref.caveats)


def test_figure_accepts_strings_and_rejects_unknown() -> None:
    assert trial().figure("crs").percent_text == "20 %"
    with pytest.raises(ValueError, match="toxicity"):
        trial().figure("fatigue")


def test_load_from_a_path(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "clinical" / "data" / "trial.toml").read_text("utf-8")
    path = tmp_path / "trial.toml"
    path.write_text(text.replace("rate = 0.20", "rate = 0.25"), encoding="utf-8")
    assert load_trial(path).rate("crs") == 0.25


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "needs a"),
        ('[trial]\nregistry_id = "x"\n[[incidence]]\ntoxicity = "crs"\n', "short_name"),
    ],
)
def test_malformed(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_trial(text)


def test_rate_out_of_range(tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "clinical" / "data" / "trial.toml").read_text("utf-8")
    with pytest.raises(ValueError, match="rate"):
        parse_trial(text.replace("rate = 0.20", "rate = 20"))


# A small valid trial file; each malformed case below changes one line of it.
MINIMAL = """\
[trial]
registry_id = "NCT00000001"
short_name = "Test trial"
citation = "Doe J. J Test 2020;1:1-2"
status = "checked by hand"
basis = "grade 3-4, n = 10"
patients = 10

[[incidence]]
toxicity = "crs"
rate = 0.6
back_calculated_events = 6
back_calculated_patients = 10
"""


def _with(old: str, new: str) -> str:
    """MINIMAL with the first `old` (in [trial] before [[incidence]]) replaced by `new`."""
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def test_source_and_figure_sentences_are_exact() -> None:
    """The footnote and tooltip text a user reads (reports/comparisons.py, the cohort dashboard)."""
    ref = parse_trial(MINIMAL)
    assert (
        ref.source_text
        == "Test trial (NCT00000001); Doe J. J Test 2020;1:1-2. How it was checked: checked by hand."
    )
    assert ref.figure_text("crs") == "60 % of patients (grade 3-4, n = 10)"
    assert trial().figure_text("crs") == (
        "20 % of patients (grade 3-4, pooled over both regimens, n = 88, post-hoc analysis, "
        "as reported in the published summary)"
    )


@pytest.mark.parametrize(("rate", "text"), [(0.6, "60 %"), (0.17, "17 %"), (0.0, "0 %"), (1.0, "100 %")])
def test_percent_text_is_the_rate_in_whole_percent(rate: float, text: str) -> None:
    ref = parse_trial(_with("rate = 0.6", f"rate = {rate}").replace("events = 6", "events = 0"))
    assert ref.figure("crs").percent_text == text


def test_optional_lines_and_their_defaults() -> None:
    bare = parse_trial(MINIMAL)
    assert (bare.arms, bare.grades, bare.caveats) == ("", "3-4", ())
    full = parse_trial(
        _with(
            "patients = 10\n",
            'patients = 10\narms = "4 and 6"\ngrades = "3-5"\ncaveats = ["one caveat", "another"]\n',
        )
    )
    assert (full.arms, full.grades, full.caveats) == ("4 and 6", "3-5", ("one caveat", "another"))
    assert full.patients == 10 and full.short_name == "Test trial" and full.status == "checked by hand"
    assert trial().arms.startswith("36 patients at SC 250/500 µg and 52 at SC 500/1000 µg")


def test_figure_for_a_toxicity_the_file_does_not_give() -> None:
    ref = parse_trial(MINIMAL)
    with pytest.raises(ValueError) as error:
        ref.figure("icans")
    assert str(error.value) == "the trial reference has no figure for icans"


def test_figure_of_an_unknown_toxicity_names_the_choices() -> None:
    with pytest.raises(ValueError) as error:
        trial().rate("fatigue")
    assert str(error.value) == "toxicity must be one of: crs, icans, neutropenia (got 'fatigue')"


@pytest.mark.parametrize(
    ("rate", "events"),
    [
        ("0", 0),  # no event at all in the trial (a whole number in TOML is a rate too)
        ("1", 10),  # every patient: the events may equal the patients
        ("1.0", 10),
    ],
)
def test_limits_that_are_allowed(rate: str, events: int) -> None:
    text = _with("rate = 0.6", f"rate = {rate}").replace("events = 6", f"events = {events}")
    figure = parse_trial(text).figure("crs")
    assert (figure.rate, figure.back_calculated_events, figure.back_calculated_patients) == (
        float(rate),
        events,
        10,
    )
    assert isinstance(figure.rate, float)


def test_reference_figures_cannot_be_changed() -> None:
    import dataclasses

    ref = trial()
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.patients = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.figure("crs").rate = 0.5  # type: ignore[misc]


NEEDS = "needs a [trial] table and [[incidence]] tables"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", NEEDS),
        (MINIMAL.split("[[incidence]]")[0], NEEDS),  # [trial] only
        (MINIMAL.split("[trial]")[0] + "[[incidence]]" + MINIMAL.split("[[incidence]]")[1], NEEDS),
        ('trial = "x"\n' + "[[incidence]]" + MINIMAL.split("[[incidence]]")[1], NEEDS),
        (MINIMAL.replace("[[incidence]]", "[incidence]"), NEEDS),  # one table, not a list of them
        (
            _with("patients = 10\n", 'patients = 10\ncaveats = "one caveat"\n'),
            "caveats must be a list of text",
        ),
        (_with("patients = 10\n", "patients = 10\ncaveats = [1, 2]\n"), "caveats must be a list of text"),
        (_with('registry_id = "NCT00000001"', 'registry_id = ""'), "registry_id must be non-empty text"),
        (_with('registry_id = "NCT00000001"', "registry_id = 5"), "registry_id must be non-empty text"),
        (_with('short_name = "Test trial"\n', ""), "short_name must be non-empty text"),
        (_with('citation = "Doe J. J Test 2020;1:1-2"\n', ""), "citation must be non-empty text"),
        (_with('status = "checked by hand"\n', ""), "status must be non-empty text"),
        (_with('basis = "grade 3-4, n = 10"\n', ""), "basis must be non-empty text"),
        (_with("patients = 10", "patients = -1"), "patients must be a whole number (got -1)"),
        (_with("patients = 10", "patients = true"), "patients must be a whole number (got True)"),
        (_with("patients = 10", "patients = 10.0"), "patients must be a whole number (got 10.0)"),
        (_with("patients = 10\n", ""), "patients must be a whole number (got None)"),
        (_with("events = 6", "events = -1"), "back_calculated_events must be a whole number (got -1)"),
        (
            _with("back_calculated_patients = 10", 'back_calculated_patients = "10"'),
            "back_calculated_patients must be a whole number (got '10')",
        ),
        (_with("events = 6", "events = 11"), "back-calculated events exceed patients"),
        (_with("rate = 0.6", "rate = 1.5"), "rate must be a proportion from 0 to 1 (got 1.5)"),
        (_with("rate = 0.6", "rate = -0.1"), "rate must be a proportion from 0 to 1 (got -0.1)"),
        (_with("rate = 0.6", "rate = nan"), "rate must be a proportion from 0 to 1 (got nan)"),
        (_with("rate = 0.6", "rate = true"), "rate must be a proportion from 0 to 1 (got True)"),
        (_with("rate = 0.6", 'rate = "0.6"'), "rate must be a proportion from 0 to 1 (got '0.6')"),
        (_with("rate = 0.6\n", ""), "rate must be a proportion from 0 to 1 (got None)"),
    ],
)
def test_each_malformed_file_says_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_trial(text)
    assert str(error.value) == f"trial reference: {message}"


@pytest.mark.parametrize(("line", "got"), [('toxicity = "fatigue"', "'fatigue'"), ("", "None")])
def test_an_incidence_without_a_known_toxicity_names_the_choices(line: str, got: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_trial(_with('toxicity = "crs"', line))
    assert str(error.value) == f"toxicity must be one of: crs, icans, neutropenia (got {got})"


def test_text_that_is_not_toml_is_refused() -> None:
    with pytest.raises(ValueError, match="line 2"):
        parse_trial("[trial]\nregistry_id = \n")


def test_a_trial_file_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "trial.toml"
    path.write_bytes(_with("Doe J.", "Martínez-Sánchez P.").encode("utf-8"))
    assert load_trial(path).citation.startswith("Martínez-Sánchez P.")
