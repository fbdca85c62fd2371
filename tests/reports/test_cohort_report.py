"""The cohort report PDF: activity, grade >= 3 rates against the trial, plot, definitions, source."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from clinical.findings import CohortCount
from reports.cohort_report import write_cohort_report
from reports.comparisons import cohort_signals
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


PROVENANCE_TAGS = ("[SEED]", "[DERIVED", "[FOUND", "[NOT FOUND]", "[SECONDARY", "SEED")


def test_trial_figures_say_what_they_are_and_carry_no_internal_tags(stored_db: Path, tmp_path: Path) -> None:
    """Issue 11: every cited trial figure says grade 3-4, pooled, n = 88, post-hoc, how it was checked;
    each regimen row is compared with the pooled rate; no "[SEED]" in what a user reads."""
    with Repository.open(stored_db, read_only=True) as repo:
        summary = build_cohort_summary(repo, now=NOW)
    out = tmp_path / "cohort.pdf"
    write_cohort_report(summary, out)
    text = all_text(out)
    assert not [tag for tag in PROVENANCE_TAGS if tag in text]
    assert "Trial rate (pooled, grade 3-4)" in text
    assert "grade 3-4, pooled over both regimens, n = 88, post-hoc analysis" in text
    assert "each regimen is compared with the pooled rate" in text
    assert "How it was checked: figures as given in the trial summary" in text


def test_cohort_report_prints_the_cohort_flag_rule(tmp_path: Path) -> None:
    """clinical.flags.cohort_flags was written but never called (issue 11): the report prints it."""
    counts = (
        CohortCount(
            "SC 500/1000", 10, 20, 200, 210, {"crs": 9, "icans": 1, "neutropenia": 2}
        ),  # 9/10 grade >= 3 CRS: above 20 %
        CohortCount("All", 10, 20, 200, 210, {"crs": 9, "icans": 1, "neutropenia": 2}),
    )
    signals = cohort_signals(counts)
    assert len(signals) == 2 and all("CRS in 9 of 10 patients" in text for text in signals)
    summary = dataclasses.replace(cohort_summary(), counts=counts, signals=signals)
    out = tmp_path / "cohort.pdf"
    write_cohort_report(summary, out)
    text = all_text(out)
    assert "Signals" in text and "SC 500/1000: grade 3 or more CRS in 9 of 10 patients" in text
    assert "this regimen is compared with the pooled rate" in text
    quiet = tmp_path / "quiet.pdf"
    write_cohort_report(dataclasses.replace(summary, signals=()), quiet)
    assert "No regimen's grade >= 3 rate is above the trial's" in all_text(quiet)
