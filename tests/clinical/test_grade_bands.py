"""The ANC bands that charts draw must be the bands that grade (one table, clinical.grading)."""

from __future__ import annotations

import itertools

import pytest

from clinical.ctcae_grading import anc_grade_bands
from clinical.grading import grade_neutropenia


@pytest.mark.parametrize("version", ["5.0", "6.0"])
def test_every_band_grades_as_drawn(version: str) -> None:
    bands = anc_grade_bands(version)
    assert bands[0][1] == 0.0
    for (_, _, upper), (_, lower, _) in itertools.pairwise(bands):
        assert upper == lower  # contiguous, no gap or overlap
    for grade, low, high in bands:
        for anc in (low, (low + high) / 2, high - 1e-9):
            assert grade_neutropenia(anc, lln_10e9_per_l=2.0, ctcae_version=version).grade == grade
        assert grade_neutropenia(high, lln_10e9_per_l=2.0, ctcae_version=version).grade < grade


def test_v5_bands_match_the_reference() -> None:
    # clinical-reference.md §4.1: grade 2 <1.5-1.0, grade 3 <1.0-0.5, grade 4 <0.5 (x10^9/L).
    assert anc_grade_bands("5.0") == ((4, 0.0, 0.5), (3, 0.5, 1.0), (2, 1.0, 1.5))


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match="ctcae_version"):
        anc_grade_bands("4.03")
