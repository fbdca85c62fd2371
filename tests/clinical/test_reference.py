"""The trial reference file: figures, provenance and caveats load, and a bad file is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from clinical.model import Toxicity
from clinical.reference import load_trial, parse_trial, trial


def test_pooled_rates_and_back_calculated_counts() -> None:
    ref = trial()
    assert ref.patients == 88
    expected = {Toxicity.NEUTROPENIA: (0.22, 19), Toxicity.CRS: (0.20, 18), Toxicity.ICANS: (0.17, 15)}
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
    assert load_trial(path).rate(Toxicity.CRS) == 0.25


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
