"""`toxtrack demo` names what it wrote per registered toxicity (issue 14), from the registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clinical.demo import generate_cohort
from clinical.toxicities import toxicities
from storage.demo import main, record_counts

TODAY = dt.date.today() - dt.timedelta(days=3)


def test_demo_prints_the_records_of_every_registered_toxicity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(tmp_path / "demo.db"), "--patients", "30", "--seed", "4", "--today", str(TODAY)]
    assert main(args) == 0
    counts = record_counts(list(generate_cohort(30, 4, TODAY)))
    assert set(counts) == {d.id for d in toxicities()}
    assert counts["crs"] > 0 and counts["icans"] > 0 and counts["neutropenia"] > 0
    line = ", ".join(f"{d.label} {counts[d.id]}" for d in toxicities())
    assert f"demo: records written: {line}" in capsys.readouterr().err
