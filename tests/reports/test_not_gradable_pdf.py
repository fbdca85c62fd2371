"""Issue 11 in the PDFs, read back with pypdf: a not-gradable assessment is printed as such (never as
grade 0), and grade 5 is reported on its own, outside the trial's grade 3-4 count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clinical.choices import Hypotension, Oxygen
from clinical.model import CrsAssessment
from clinical.toxicities import toxicities
from reports.cohort_report import write_cohort_report
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import build_cohort_summary, build_cycle_summary
from reports.toxicity_rows import local_text
from storage.repository import Repository

from .conftest import NOW, at, saved
from .pdftext import all_text


@pytest.fixture
def db(stored_db: Path) -> Path:
    """SUBJ-0042 of the reports database, plus a CRS check without a temperature on day 7 and, on
    day 3, the grade 3 CRS overridden to grade 5 (death from CRS)."""
    with Repository.open(stored_db, user="tester", clock=lambda: NOW) as repo:
        pid = saved(repo.find_patient("SUBJ-0042").id)
        repo.add_crs(CrsAssessment(pid, at(7), None, Hypotension.MULTIPLE_VASOPRESSORS, Oxygen.NONE))
        day3 = next(a for a in repo.crs(pid) if a.assessed_at == at(3))
        repo.correct("crs", saved(day3.id), {"override_grade": 5, "override_reason": "died of CRS"}, "death")
    return stored_db


def test_cycle_pdf_prints_not_gradable_and_grade_5_apart(db: Path, tmp_path: Path) -> None:
    with Repository.open(db, read_only=True) as repo:
        summary = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW)
    out = tmp_path / "cycle.pdf"
    write_cycle_summary(summary, out)
    text = all_text(out)
    assert f"CRS not graded: {local_text(at(7))}: Not gradable: temperature not recorded" in text
    assert "grade 0 -> " not in text  # the not-gradable check was not printed as grade 0
    assert "Patients with grade 3-4" in text and "Grade 5 (death), not compared" in text
    # The pooled CRS row: SUBJ-0042's worst grade is 5, so 0 of 2 treated at grade 3-4, 1 of 2 at grade 5.
    assert re.search(r"CRS All 0 / 2 [^/]*? 20\.0 % 1 / 2 too few", text), text
    pooled = next(r for r in summary.comparisons if r.regimen == "All" and r.toxicity == "crs")
    assert (pooled.events, pooled.grade5, pooled.patients) == (0, 1, 2)


def test_cohort_pdf_reports_grade_5_on_its_own_line(db: Path, tmp_path: Path) -> None:
    with Repository.open(db, read_only=True) as repo:
        summary = build_cohort_summary(repo, now=NOW)
    out = tmp_path / "cohort.pdf"
    write_cohort_report(summary, out)
    text = all_text(out)
    # the sentence may run across a page break (twelve toxicities since issue 15): drop the furniture
    text = re.sub(r"( Page \d+ of \d+)+ ToxTrack cohort report .*? head SHA-256 [0-9a-f]{64}", "", text)
    assert (
        "Grade 5 (death from the toxicity), reported separately and not compared with the trial: "
        # every registered toxicity, in the registry's order (issue 14; was the trial's three)
        + ", ".join(f"{d.label} {1 if d.id == 'crs' else 0}" for d in toxicities())
        + " of 2 treated patients (all regimens)."
    ) in text
    assert (
        "CRS 1, ICANS 0, Neutropenia 0, Platelet count decreased 0," in text
    )  # the lab terms follow the ANC
    assert "Grade 3-4 toxicity compared with" in text
