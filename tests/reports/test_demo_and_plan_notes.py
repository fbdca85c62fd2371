"""PDFs read back with pypdf (issue 11): a database holding demo patients says so on every page of
both reports (header and watermark); the cycle summary shows a confirmed protocol check, the
recorded premedication and that the thrice-weekly days are inferred."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clinical.choices import DoseStatus
from clinical.demo import generate_cohort
from clinical.model import DEMO_LABEL
from reports.cohort_report import write_cohort_report
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import build_cohort_summary, build_cycle_summary
from storage.repository import Repository

from .conftest import NOW, at, saved
from .pdftext import all_text, page_texts


def _pdfs(db: Path, subject: str, out: Path) -> tuple[Path, Path]:
    cycle_pdf, cohort_pdf = out / f"{subject}.pdf", out / "cohort.pdf"
    with Repository.open(db, read_only=True) as repo:
        write_cycle_summary(build_cycle_summary(repo, subject, 1, now=NOW), cycle_pdf)
        write_cohort_report(build_cohort_summary(repo, now=NOW), cohort_pdf)
    return cycle_pdf, cohort_pdf


def test_every_page_of_a_demo_database_says_synthetic(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    with Repository.open(db, create=True, clock=lambda: NOW) as repo:
        repo.bulk_insert(list(generate_cohort(6, seed=2, today=NOW.astimezone().date())))
        subject = repo.get_patient(repo.patient_ids()[0]).subject_id
    for pdf in _pdfs(db, subject, tmp_path):
        pages = page_texts(pdf)
        assert pages
        for text in pages:
            assert f"{DEMO_LABEL} - ToxTrack" in text, text[:200]  # the running header
            assert text.count("SYNTHETIC DEMO DATA") >= 2 and "not patient records" in text  # + watermark


def test_a_real_database_has_no_demo_label(stored_db: Path, tmp_path: Path) -> None:
    for pdf in _pdfs(stored_db, "SUBJ-0042", tmp_path):
        assert "SYNTHETIC" not in all_text(pdf)


def test_cycle_summary_shows_protocol_check_premedication_and_inference(
    stored_db: Path, tmp_path: Path
) -> None:
    with Repository.open(stored_db, user="tester", clock=lambda: NOW) as repo:
        pid = saved(repo.find_patient("SUBJ-0042").id)
        day15 = next(d for d in repo.doses(pid) if d.cycle_day == 15)
        repo.record_dose(
            saved(day15.id), DoseStatus.GIVEN, given_at=at(15, 10), amount_ug=400.0,
            premedication="paracetamol 1 g oral", deviation_reason="only 400 µg in stock",
        )  # fmt: skip
    cycle_pdf, _ = _pdfs(stored_db, "SUBJ-0042", tmp_path)
    text = all_text(cycle_pdf)
    assert "premedication: paracetamol 1 g oral" in text
    assert "Protocol check: The amount given (400 µg) is not the 500 µg planned for cycle day 15." in text
    assert "only 400 µg in stock" in text
    assert "thrice-weekly days are inferred from the published schedule" in text
    assert dt.date(2026, 3, 16).isoformat() in text
