"""login_ms (issue 16): measured with the app's own Argon2id parameters, judged against a range."""

from __future__ import annotations

import pytest

from benchmarks import fig_login
from benchmarks.harness import Figure, Settings
from storage import accounts


@pytest.mark.parametrize(
    ("value", "verdict"), [(150.0, "MISSED"), (417.0, "ok"), (1000.0, "ok"), (1200.0, "MISSED")]
)
def test_a_range_target_is_met_only_inside_it(value: float, verdict: str) -> None:
    assert Figure("login_ms", value, "in 200-1000", "", "").verdict == verdict


def test_the_figure_verifies_with_the_apps_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "PROFILE", accounts.OWASP_MINIMUM)  # fast, and visibly the app's
    figure = fig_login.measure(Settings.make(quick=True))
    assert figure.key == "login_ms" and figure.value is not None and figure.value > 0
    assert "t=2, m=19 MiB, p=1" in figure.measured and "over 7" in figure.measured
