"""The cycle summary PDF says what the record says: read back with pypdf."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from clinical.choices import DoseStatus
from clinical.toxicities import toxicities
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import CycleSummary, build_cycle_summary
from storage.repository import Repository

from .conftest import ACCENTED_NAME, CHINESE_NAME, NOW, empty_summary, full_summary
from .pdftext import all_text, embedded_fonts, image_pages, page_texts


def _summary(db: Path, subject: str, include_phi: bool = False) -> CycleSummary:
    with Repository.open(db, read_only=True) as repo:
        return build_cycle_summary(repo, subject, 1, include_phi=include_phi, now=NOW)


@pytest.fixture
def busy_pdf(stored_db: Path, tmp_path: Path) -> tuple[CycleSummary, Path]:
    summary = _summary(stored_db, "SUBJ-0042")
    out = tmp_path / "busy.pdf"
    write_cycle_summary(summary, out)
    return summary, out


def test_header_names_subject_cycle_dates_and_version(busy_pdf: tuple[CycleSummary, Path]) -> None:
    summary, out = busy_pdf
    text = all_text(out)
    assert "Cycle summary: SUBJ-0042, cycle 1" in text
    assert f"{summary.cycle.start_date.isoformat()} to {summary.cycle_end.isoformat()}" in text
    assert f"{summary.days_of_treatment} of 35" in text
    assert "(UTC+" in text or "(UTC-" in text  # generation time carries its offset
    assert f"ToxTrack {summary.app_version}" in text


def test_every_dose_row_with_cycle_day_and_date(busy_pdf: tuple[CycleSummary, Path]) -> None:
    summary, out = busy_pdf
    text = all_text(out)
    for dose in summary.doses:
        assert re.search(
            rf"\b{dose.cycle_day} {dose.planned_date.isoformat()} {dose.planned_ug:g} µg", text
        ), dose
    assert f"Adherence: {summary.doses_given} doses given / {summary.doses_due} doses due" in text
    held = next(d for d in summary.doses if d.status is DoseStatus.HELD)
    assert f"Held adverse event: {held.reason_text}" in text
    assert "Missed patient did not attend" in text
    assert "Not recorded planned date has passed" in text  # day 15 is overdue


def test_peak_grades_with_scales_overrides_and_treatments(busy_pdf: tuple[CycleSummary, Path]) -> None:
    summary, out = busy_pdf
    text = all_text(out)
    assert {row.toxicity for row in summary.toxicity if row.assessments} == {"crs", "icans", "neutropenia"}
    for row in summary.toxicity:  # every registered toxicity has its row, assessed or not
        if row.assessments:
            assert f"{row.label} Grade {row.peak_grade} ({row.scale})" in text
        else:
            assert f"{row.label} Not assessed in this cycle" in text
    assert "tocilizumab 8 mg/kg" in text and "dexamethasone 10 mg" in text
    assert "grade 1 -> 2 (still on oxygen at night)" in text
    assert "ongoing" in text  # the neutropenia episode is still open


def test_flags_with_trial_comparison(busy_pdf: tuple[CycleSummary, Path]) -> None:
    summary, out = busy_pdf
    text = all_text(out)
    assert summary.flags
    for flag in summary.flags:
        assert " ".join(flag.message.split()) in text
    crs_all = next(r for r in summary.comparisons if r.regimen == "All" and r.toxicity == "crs")
    assert f"this clinic {crs_all.events}/{crs_all.patients}" in text
    assert "trial 20.0 %" in text and "trial 22.0 %" in text  # the reference's CRS and neutropenia rates
    assert "too few patients to compare (n < 10)" in text
    assert "NCT04521231" in text
    # under the comparison table, what the trial figures are, word for word (issue 11)
    assert (
        "Trial rates: grade 3-4, pooled over both regimens, n = 88, post-hoc analysis, as reported in the "
        "published summary. The trial reported pooled rates only, so each regimen is compared with the "
        "pooled rate."
    ) in text
    assert "[SEED]" not in text and "[FOUND" not in text  # no internal labels in what a user reads


def test_every_page_is_numbered_and_anchored(busy_pdf: tuple[CycleSummary, Path]) -> None:
    summary, out = busy_pdf
    pages = page_texts(out)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        assert summary.audit_hash in text
        assert f"Audit chain: {summary.audit_count} entries" in text
        assert "Contains patient data - handle per local policy." in text


def test_review_block_and_charts(busy_pdf: tuple[CycleSummary, Path]) -> None:
    _, out = busy_pdf
    pages = page_texts(out)
    text = " ".join(pages)
    for label in ("Reviewed by (printed name)", "Date and time", "Meaning of signature", "Signature"):
        assert label in text
    chart_page = next(i for i, page in enumerate(pages, start=1) if "Charts" in page)
    assert chart_page in image_pages(out)
    assert len(image_pages(out)) >= 1


def test_phi_only_when_asked(stored_db: Path, tmp_path: Path) -> None:
    without, with_phi = tmp_path / "no.pdf", tmp_path / "yes.pdf"
    write_cycle_summary(_summary(stored_db, "SUBJ-0042"), without)
    write_cycle_summary(_summary(stored_db, "SUBJ-0042", include_phi=True), with_phi)
    assert ACCENTED_NAME not in all_text(without) and "MRN-998877" not in all_text(without)
    assert ACCENTED_NAME in all_text(with_phi) and "MRN-998877" in all_text(with_phi)


def test_chinese_name_survives_and_uses_an_embedded_cjk_font(stored_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "zh.pdf"
    write_cycle_summary(_summary(stored_db, "SUBJ-0088", include_phi=True), out)
    assert CHINESE_NAME in all_text(out)
    fonts = embedded_fonts(out)
    assert any("WenQuanYi" in name for name in fonts), fonts
    assert any("DejaVuSans" in name for name in fonts), fonts


def test_mixed_script_name_in_one_cell(tmp_path: Path) -> None:
    out = tmp_path / "mixed.pdf"
    write_cycle_summary(full_summary(name="王小明 (Zoë Nuñez)", include_phi=True), out)
    assert "王小明 (Zoë Nuñez)" in all_text(out)


def test_patient_with_no_events(stored_db: Path, tmp_path: Path) -> None:
    summary = _summary(stored_db, "SUBJ-0001")
    out = tmp_path / "quiet.pdf"
    write_cycle_summary(summary, out)
    text = all_text(out)
    assert text.count("Not assessed in this cycle") == len(toxicities())
    assert "No flags were raised for this cycle." in text
    assert "Adherence: 0 doses given" in text
    for dose in summary.doses:
        assert f"{dose.cycle_day} {dose.planned_date.isoformat()}" in text
    assert image_pages(out)  # the "no data" charts are still drawn, and say so


def test_hand_built_summary_without_cohort_figures(tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    write_cycle_summary(empty_summary(), out)
    pages = page_texts(out)
    assert "No cohort figures are available yet." in " ".join(pages)
    assert "head SHA-256 (empty)" in pages[0]


def test_no_heading_ends_a_page_whatever_the_number_of_flags(tmp_path: Path) -> None:
    """More flags push the comparison heading down; at some count it reached the foot of a page
    with its table on the next one (six copies of these flags did it)."""
    base = full_summary()
    headings = (
        "Dosing",
        "Toxicity",
        "Charts",
        "Flags for this cycle",
        f"compared with {base.trial.name} (grade 3-4)",
    )
    page_counts = set()
    for copies in range(14):
        out = tmp_path / f"flags-{copies}.pdf"
        write_cycle_summary(dataclasses.replace(base, flags=base.flags * copies), out)
        pages = page_texts(out)
        page_counts.add(len(pages))
        for number, text in enumerate(pages, start=1):
            body = re.sub(r"( ?Page \d+ of \d+)+$", "", text)
            assert not body.endswith(headings), (
                f"{copies} copies of the flags: page {number} ends in a heading"
            )
    assert len(page_counts) >= 3  # the sweep really moved the headings across page breaks


def test_a_count_before_the_first_dose_is_printed_as_baseline_not_as_toxicity(
    stored_db: Path, tmp_path: Path
) -> None:
    """Issue 11: a grade 4 ANC drawn before the first dose (SUBJ-0088's dose is at day 1, 11:00) is shown
    labelled "baseline", never the cycle's peak and never a grade >= 3 flag."""
    from clinical.findings import FlagRule
    from clinical.model import LabResult

    from .conftest import at

    with Repository.open(stored_db, user="tester", clock=lambda: NOW) as repo:
        pid = repo.find_patient("SUBJ-0088").id
        assert pid is not None
        repo.add_lab(LabResult(pid, at(1, 8), anc=0.3))  # grade 4, three hours before the first dose
        repo.add_lab(LabResult(pid, at(3, 9), anc=1.2))  # grade 2 on treatment
    summary = _summary(stored_db, "SUBJ-0088")
    neutropenia = next(row for row in summary.toxicity if row.toxicity == "neutropenia")
    assert neutropenia.peak_grade == 2 and neutropenia.baseline.startswith("baseline grade 4 (ANC 0.3")
    assert not [f for f in summary.flags if f.rule is FlagRule.GRADE3_EPISODE]
    out = tmp_path / "baseline.pdf"
    write_cycle_summary(summary, out)
    text = all_text(out)
    assert "Grade 2 (CTCAE v5.0); baseline grade 4 (ANC 0.3 x10^9/L" in text
    assert "before the first dose" in text
