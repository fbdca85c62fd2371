"""`toxtrack demo` (storage/demo.py): writes the generated cohort through the repository."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from clinical.choices import DoseStatus
from clinical.demo import generate_cohort
from storage import Repository
from storage.demo import main, progress_printer

TODAY = dt.date.today() - dt.timedelta(days=3)  # a past "today" keeps the run reproducible


def _run(db: Path, patients: int, seed: int = 2) -> int:
    return main(["--db", str(db), "--patients", str(patients), "--seed", str(seed), "--today", str(TODAY)])


def test_writes_the_generated_cohort(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "demo.db"
    assert _run(db, 40) == 0
    expected = list(generate_cohort(40, 2, TODAY))
    with Repository.open(db, read_only=True) as repo:
        ids = repo.patient_ids()
        assert [repo.get_patient(pid).subject_id for pid in ids] == [b.patient.subject_id for b in expected]
        first = repo.get_patient(ids[0])
        given = [d for d in repo.doses(first.id) if d.status == DoseStatus.GIVEN]  # type: ignore[arg-type]
        want = [d for _, ds in expected[0].cycles for d in ds if d.status == DoseStatus.GIVEN]
        assert len(given) == len(want)
        crs = repo.crs(ids[5])
        assert [a.grade for a in crs] == [a.grade for a in expected[5].crs]
        [pooled] = [c for c in repo.cohort_counts() if c.regimen == "All"]
        assert pooled.patients_treated <= 40
        assert pooled.grade3plus["crs"] == sum(any(a.grade >= 3 for a in b.crs) for b in expected if b.crs)
    err = capsys.readouterr().err
    assert "wrote 40 of 40 patients" in err and "40 patients written" in err


def test_existing_subject_ids_refused_with_a_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "demo.db"
    assert _run(db, 3) == 0
    assert _run(db, 3) == 1
    # The field as the forms label it (issue 13; this asserted the code name subject_id).
    assert "toxtrack demo: Subject id: “044-0001” is not allowed" in capsys.readouterr().err
    with Repository.open(db, read_only=True) as repo:
        assert len(repo.patient_ids()) == 3  # all or nothing


def test_rejects_a_negative_count(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--db", str(tmp_path / "x.db"), "--patients", "-1"])


def test_progress_prints_about_twenty_lines() -> None:
    stream = io.StringIO()
    report = progress_printer(stream)
    for done in range(0, 10_001, 200):
        report(done, 10_000)
    report(10_000, 10_000)
    lines = stream.getvalue().splitlines()
    assert 15 <= len(lines) <= 22
    assert lines[-1] == "demo: wrote 10000 of 10000 patients"
    assert lines.count(lines[-1]) == 1
