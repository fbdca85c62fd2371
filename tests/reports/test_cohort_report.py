"""The cohort report PDF: activity, grade >= 3 rates against the trial, plot, definitions, source."""

from __future__ import annotations

from pathlib import Path

from reports.cohort_report import write_cohort_report
from reports.summary_data import build_cohort_summary
from storage.repository import Repository

from .conftest import NOW, cohort_summary
from .pdftext import all_text, image_pages, page_texts


def test_cohort_report_from_the_database(stored_db: Path, tmp_path: Path) -> None:
    with Repository.open(stored_db, read_only=True) as repo:
        summary = build_cohort_summary(repo, now=NOW)
    out = tmp_path / "cohort.pdf"
    write_cohort_report(summary, out)
    text = all_text(out)
    for count in summary.counts:
        name = "All regimens (pooled)" if count.regimen == "All" else count.regimen
        assert (
            f"{name} {count.patients_treated} {count.cycles} {count.doses_given} / {count.doses_due}" in text
        )
    for row in summary.comparisons:
        assert f"{row.events} / {row.patients}" in text
    assert "too few patients to compare (n < 10)" in text
    for caveat in summary.trial.caveats:
        assert " ".join(caveat.split()) in text
    assert "Neutropenia 22 %, CRS 20 %, ICANS 17 %" in text
    assert "Clopper-Pearson" in text and "ASTCT" in text and "CTCAE v5.0" in text
    assert image_pages(out)


def test_cohort_verdicts_and_page_anchors(tmp_path: Path) -> None:
    summary = cohort_summary()
    out = tmp_path / "cohort.pdf"
    write_cohort_report(summary, out)
    pages = page_texts(out)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert summary.audit_hash in text
    text = " ".join(pages)
    above = [row for row in summary.comparisons if row.verdict == "above"]
    assert above and text.count("ABOVE the trial's rate") == len(above)
    assert image_pages(out)  # the forest plot
    assert "SUBJ-" not in text  # aggregate report: no subject ids
