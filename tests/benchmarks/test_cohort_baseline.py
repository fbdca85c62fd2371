"""The baseline of cohort_stats_ratio (issue 14) computes the numbers the app reports: the treated
patients and the treatment-emergent grade 3-4 and grade 5 patients per regimen and kind. A baseline
that counted less (every grade >= 3 record, no window, no denominators) would be faster and the ratio
flattering; these tests fail on such a baseline. The benchmark checks the same equality before timing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from benchmarks import fig_cohort_stats
from clinical.model import Patient
from storage.connection import open_connection
from tests.storage.test_cohort_rule import edge_cases


def _raw(repo: Any) -> dict[tuple[str, str], int]:
    conn = open_connection(repo.path, read_only=True)
    try:
        rows = conn.execute(fig_cohort_stats.RAW_SAME_NUMBERS, fig_cohort_stats.PARAMS).fetchall()
    finally:
        conn.close()
    return fig_cohort_stats.raw_counts(rows)


def test_the_baseline_counts_the_edge_cases_as_the_app(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    edge_cases(repo, make_patient)
    app = fig_cohort_stats.app_counts(repo.cohort_counts(reuse=False, doses=False))
    assert _raw(repo) == app
    # not vacuous: denominators, a grade 3-4 and a grade 5 cell are in it
    assert app[("All", "treated")] == 9 and app[("All", "n3:crs")] == 3 and app[("All", "n5:crs")] == 1


@pytest.mark.parametrize("seed", [5, 23])
def test_the_baseline_counts_a_demo_cohort_as_the_app(repo: Any, seed: int) -> None:
    from clinical.demo import generate_cohort

    repo.bulk_insert(list(generate_cohort(40, seed=seed, today=dt.date.today())))
    app = fig_cohort_stats.app_counts(repo.cohort_counts(reuse=False, doses=False))
    assert _raw(repo) == app
    assert sum(v for (regimen, name), v in app.items() if regimen == "All" and name != "treated") > 0


def test_the_lesser_group_by_is_not_the_same_numbers(repo: Any, make_patient: Callable[..., Patient]) -> None:
    """Issue 14's first baseline counted records the rule leaves out (before the first dose, after the
    window, untreated patients): on the edge cases its CRS count is larger than the app's."""
    edge_cases(repo, make_patient)
    conn = open_connection(repo.path, read_only=True)
    try:
        lesser = dict(
            ((str(r), str(k)), int(n)) for r, k, n in conn.execute(fig_cohort_stats.GRADE3_ONLY_GROUP_BY)
        )
    finally:
        conn.close()
    app = fig_cohort_stats.app_counts(repo.cohort_counts(reuse=False, doses=False))
    crs = sum(n for (_, kind), n in lesser.items() if kind == "crs")
    assert crs > app[("All", "n3:crs")] + app[("All", "n5:crs")]
