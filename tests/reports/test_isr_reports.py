"""Issue 14: the injection site reaction, a toxicity defined only by its registry entry, reaches the
cycle summary PDF (its row, the CTCAE sentence of its grade and the dose it followed), read back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from clinical.choices import DoseStatus, InjectionSite
from clinical.model import DoseId
from clinical.toxicities import ToxicityRecord, toxicities, toxicity
from clinical.toxicities.ctcae import ctcae_term
from clinical.treatment_window import treatment_window
from reports.cohort_report import write_cohort_report
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import (
    CycleSummary,
    build_cohort_summary,
    build_cycle_summary,
    comparison_rows,
    toxicity_rows,
)
from storage.repository import Repository

from .conftest import NOW, PID, at, cohort_summary, full_summary
from .pdftext import all_text, page_texts

ISR = toxicity("injection_site_reaction")
GRADE3 = ctcae_term("Injection site reaction").sentence(3)


def _isr(day: int, hour: int, grade: int, dose_id: int | None) -> ToxicityRecord:
    """A saved ISR record as storage returns it: graded by the definition, id set."""
    record = ToxicityRecord(
        ISR.record_kind,
        PID,
        at(day, hour),
        {"grade": str(grade)},
        DoseId(dose_id) if dose_id else None,
        id=day,
    )
    return ISR.with_grade(record, ISR.grade_record(record))  # type: ignore[return-value]


def _with_isr(records: tuple[ToxicityRecord, ...]) -> CycleSummary:
    """The busy patient's cycle, the day 2 dose given in the right thigh and ISR records added."""
    full = full_summary()
    doses = tuple(
        dataclasses.replace(d, id=DoseId(100 + d.cycle_day), site=InjectionSite.THIGH_RIGHT)
        if d.cycle_day == 2
        else dataclasses.replace(d, id=DoseId(100 + d.cycle_day))
        for d in full.doses
    )
    by_kind = {**full.records, ISR.record_kind: records}
    rows = toxicity_rows(by_kind, full.episodes, treatment_window(doses), doses)
    return dataclasses.replace(full, doses=doses, records=by_kind, toxicity=rows)


def test_a_grade_3_isr_shows_its_row_sentence_and_the_dose_it_followed(tmp_path: Path) -> None:
    summary = _with_isr((_isr(3, 8, 3, 102), _isr(5, 9, 1, 102)))
    row = next(r for r in summary.toxicity if r.toxicity == ISR.id)
    assert (row.label, row.peak_grade, row.scale, row.assessments) == (
        "Injection site reaction",
        3,
        "CTCAE v5.0",
        2,
    )
    out = tmp_path / "isr.pdf"
    write_cycle_summary(summary, out)
    text = all_text(out)
    assert "Injection site reaction Grade 3 (CTCAE v5.0)" in text
    given = next(d for d in summary.doses if d.cycle_day == 2).given_at
    assert given is not None
    line = (
        f"Injection site reaction, {at(3, 8).astimezone():%Y-%m-%d %H:%M}: Grade 3: {GRADE3} "
        f"(after the dose given {given.astimezone():%Y-%m-%d %H:%M}, thigh right)"
    )
    assert " ".join(line.split()) in text
    assert "Grade 1: " + ctcae_term("Injection site reaction").sentence(1).split(" (")[0] in text
    assert len(page_texts(out)) >= 2


def test_an_isr_row_without_records_says_not_assessed(tmp_path: Path) -> None:
    summary = _with_isr(())
    out = tmp_path / "none.pdf"
    write_cycle_summary(summary, out)
    assert "Injection site reaction Not assessed in this cycle" in all_text(out)


def test_an_isr_row_uses_the_override_and_marks_it(tmp_path: Path) -> None:
    record = dataclasses.replace(_isr(3, 8, 2, 102), override_grade=3, override_reason="necrosis on review")
    summary = _with_isr((record,))
    row = next(r for r in summary.toxicity if r.toxicity == ISR.id)
    assert row.peak_grade == 3
    assert row.details and "clinician override" in row.details[0]
    out = tmp_path / "override.pdf"
    write_cycle_summary(summary, out)
    assert "grade 2 -> 3 (necrosis on review)" in all_text(out)


def test_a_dose_that_is_not_given_status_is_never_printed_as_given() -> None:
    summary = _with_isr((_isr(3, 8, 3, 104),))  # day 4 is held in the fixture
    held = next(d for d in summary.doses if d.cycle_day == 4)
    assert held.status is DoseStatus.HELD
    row = next(r for r in summary.toxicity if r.toxicity == ISR.id)
    assert "a dose not found among the given doses" in row.details[0]


def test_the_cohort_report_defines_every_registered_toxicity(tmp_path: Path) -> None:
    """The definitions come from the registry: the ISR is there, said to have no trial comparator."""
    out = tmp_path / "cohort.pdf"
    write_cohort_report(cohort_summary(), out)
    text = all_text(out)
    for definition in toxicities():
        assert f"{definition.label}: {definition.scale} '{definition.name}'" in text
    assert "Injection site reaction: CTCAE v5.0 'Injection site reaction', graded by CTCAE v5.0" in text
    assert "No trial comparator: the trial reported no figure for this toxicity" in text
    assert ".md §" not in text  # internal reference documents are not for users


def test_the_cohort_pdf_lists_the_isr_with_no_trial_comparator(tmp_path: Path) -> None:
    """One row per registered toxicity and group; the ISR (no trial figure) shows its own count and
    rate, 'no trial comparator' in words, no trial rate and no verdict."""
    counts = tuple(
        dataclasses.replace(c, grade3plus={**c.grade3plus, ISR.id: 2}) for c in cohort_summary().counts
    )
    rows = comparison_rows(counts)
    isr_rows = [r for r in rows if r.toxicity == ISR.id]
    assert len(isr_rows) == len(counts) and len(rows) == len(counts) * len(toxicities())
    assert all(r.trial_rate is None and r.p_value is None for r in isr_rows)
    summary = dataclasses.replace(cohort_summary(), counts=counts, comparisons=rows)
    out = tmp_path / "cohort.pdf"
    write_cohort_report(summary, out)
    text = all_text(out)
    pooled = next(r for r in isr_rows if r.regimen == "All")
    assert f"Injection site reaction All 2 / {pooled.patients}" in text
    # trial rate, grade 5, verdict: the ISR's pooled row and those of every toxicity without a trial
    # figure (the adverse events and the CTCAE lab terms, issue 15, none of them counted here)
    no_figure = [d for d in toxicities() if d.trial_key is None]
    after_isr = text.split("Injection site reaction All")[1]
    assert after_isr.startswith(f" 2 / {pooled.patients}")
    assert f"none 0 / {pooled.patients} no trial comparator (not compared)" in after_isr[:160]
    assert text.count("no trial comparator (not compared)") == len(isr_rows) * len(no_figure)
    assert "ABOVE" not in text.split("Injection site reaction All")[1][:120]


def test_a_stored_grade_3_isr_reaches_both_pdfs(stored_db: Path, tmp_path: Path) -> None:
    """Through the storage verbs: the cycle PDF shows the row, the grade 3 sentence and the dose's
    site; the cohort PDF lists the ISR with no trial comparator."""
    with Repository.open(stored_db, user="tester", clock=lambda: NOW) as repo:
        pid = repo.find_patient("SUBJ-0042").id
        assert pid is not None
        dose = next(d for d in repo.doses(pid) if d.cycle_day == 2)
        repo.add_record(
            ISR.record_kind, ToxicityRecord(ISR.record_kind, pid, at(2, 18), {"grade": "3"}, dose.id)
        )
    with Repository.open(stored_db, read_only=True) as repo:
        cycle = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW)
        cohort = build_cohort_summary(repo, now=NOW)
    out = tmp_path / "cycle.pdf"
    write_cycle_summary(cycle, out)
    text = all_text(out)
    assert "Injection site reaction Grade 3 (CTCAE v5.0)" in text
    assert " ".join(f"Grade 3: {GRADE3} (after the dose given".split()) in text
    assert f"{at(2, 10).astimezone():%Y-%m-%d %H:%M}, abdomen left)" in text
    cohort_out = tmp_path / "cohort.pdf"
    write_cohort_report(cohort, cohort_out)
    cohort_text = all_text(cohort_out)
    assert "Injection site reaction All 1 / 2" in cohort_text
    assert "no trial comparator (not compared)" in cohort_text


def test_a_grade_before_the_first_dose_is_baseline_for_every_kind(tmp_path: Path) -> None:
    """The treatment window applies to every registered toxicity: an ISR or CRS grade before the first
    given dose is printed as baseline, not as the cycle's peak; a grade 0 before it adds nothing."""
    early = _isr(1, 6, 2, None)  # day 1 06:00, before the day 1 dose at 10:00
    summary = _with_isr((early, _isr(3, 8, 1, 102)))
    row = next(r for r in summary.toxicity if r.toxicity == ISR.id)
    assert row.peak_grade == 1 and row.assessments == 1
    assert row.baseline == f"baseline grade 2 ({at(1, 6).astimezone():%Y-%m-%d %H:%M})"
    calm = _with_isr((_isr(1, 6, 0, None), _isr(3, 8, 1, 102)))
    assert next(r for r in calm.toxicity if r.toxicity == ISR.id).baseline == ""
