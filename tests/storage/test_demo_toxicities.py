"""`toxtrack demo` names what it wrote per registered toxicity (issue 14), from the registry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clinical.demo import generate_cohort
from clinical.toxicities import all_definitions
from storage import Repository
from storage.demo import main, record_counts

TODAY = dt.date.today() - dt.timedelta(days=3)


def test_demo_prints_the_records_of_every_registered_toxicity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(tmp_path / "demo.db"), "--patients", "30", "--seed", "4", "--today", str(TODAY)]
    assert main(args) == 0
    counts = record_counts(list(generate_cohort(30, 4, TODAY)))
    assert set(counts) == {d.id for d in all_definitions()}  # toxicities and the temperature vital sign
    assert counts["crs"] > 0 and counts["icans"] > 0 and counts["neutropenia"] > 0
    line = ", ".join(f"{d.label} {counts[d.id]}" for d in all_definitions())
    assert f"demo: records written: {line}" in capsys.readouterr().err


def test_toxtrack_demo_writes_injection_site_reactions_linked_to_their_doses(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "--patients", "30", "--seed", "4", "--today", str(TODAY)]) == 0
    expected = list(generate_cohort(30, 4, TODAY))
    with Repository.open(db, read_only=True) as repo:
        saved = []
        for pid in repo.patient_ids():
            saved += repo.records("injection_site_reaction", pid)
            doses = {d.id: d for d in repo.doses(pid)}
            for record in repo.records("injection_site_reaction", pid):
                assert doses[record.dose_id].given_at < record.assessed_at
    reactions = [r for b in expected for r in b.records if r.kind == "injection_site_reaction"]
    assert len(saved) == len(reactions) > 0
    assert sorted(r.grade for r in saved) == sorted(r.grade for r in reactions)
