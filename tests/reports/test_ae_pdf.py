"""Issue 15: the adverse events in both PDFs, read back. The cohort report prints the trial-style
table (patients n (%) per term, any grade and grade >= 3, pooled and per regimen, the trial's figure
or "no trial comparator") and the serious adverse event list; the cycle summary lists the cycle's
adverse events with grade, dates, seriousness, relatedness and outcome."""

from __future__ import annotations

from pathlib import Path

from clinical.toxicities import ToxicityRecord
from reports.ae_report import AE_TABLE_TITLE, CYCLE_TITLE, SERIOUS_TITLE
from reports.cohort_report import write_cohort_report
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import build_cohort_summary, build_cycle_summary
from storage.repository import Repository

from .conftest import NOW, at, saved
from .pdftext import all_text

AE = "adverse_event"


def _add_events(db: Path) -> None:
    """SUBJ-0042 (SC 250/500, doses days 1-12): a serious grade 3 Tremor on day 3, resolved day 6, and a
    grade 1 Tremor on day 9 (one patient, counted once at grade 3); SUBJ-0088 (SC 500/1000, one dose on
    day 1): a grade 2 Headache, ongoing."""
    with Repository.open(db, user="tester", clock=lambda: NOW) as repo:
        busy = saved(repo.find_patient("SUBJ-0042").id)
        other = saved(repo.find_patient("SUBJ-0088").id)
        values = {
            "term": "Tremor",
            "grade": "3",
            "serious": ["hospitalisation"],
            "resolved_at": at(6, 8),
            "relatedness": "probable",
            "action": "held",
            "outcome": "recovered",
        }
        repo.add_record(AE, ToxicityRecord(AE, busy, at(3, 15), values))
        repo.add_record(AE, ToxicityRecord(AE, busy, at(9, 15), {"term": "Tremor", "grade": "1"}))
        repo.add_record(AE, ToxicityRecord(AE, other, at(2, 12), {"term": "Headache", "grade": "2"}))


def test_cohort_report_prints_the_ae_table_and_the_serious_list(stored_db: Path, tmp_path: Path) -> None:
    _add_events(stored_db)
    with Repository.open(stored_db, read_only=True) as repo:
        summary = build_cohort_summary(repo, now=NOW)
    out = tmp_path / "cohort.pdf"
    write_cohort_report(summary, out)
    text = all_text(out)
    assert AE_TABLE_TITLE in text and SERIOUS_TITLE in text
    # pooled: 2 treated patients; Tremor 1 patient (once, at grade 3), Headache 1 (grade 2)
    assert "All regimens (pooled): 2 treated patients" in text
    assert "Tremor Nervous system disorders 1 (50.0 %) 1 (50.0 %) no trial comparator" in text
    assert "Headache Nervous system disorders 1 (50.0 %) 0 (0.0 %) no trial comparator" in text
    # per regimen: SUBJ-0042 alone in SC 250/500; its grade 3 CRS beside the trial's 20 %
    assert "SC 250/500: 1 treated patient " in text
    assert (
        "Cytokine release syndrome (ASTCT 2019) Immune system disorders 1 (100.0 %) 1 (100.0 %) "
        "20 % (grade 3-4, pooled)" in text
    )
    assert "Neutrophil count decreased Investigations" in text and "22 % (grade 3-4, pooled)" in text
    # the serious list: subject, term and grade, dates, criterion, relatedness, action, outcome
    onset, resolved = (f"{at(d, h).astimezone():%Y-%m-%d %H:%M}" for d, h in ((3, 15), (6, 8)))
    assert (
        f"SUBJ-0042 Tremor (3) {onset} to {resolved} Hospitalisation or its prolongation "
        "Probably related Held Recovered" in text
    )
    assert "Headache (2)" not in text  # not serious: not in the list
    assert "Zoë" not in text and "MRN-998877" not in text  # subject ids only


def test_cohort_report_without_events_says_so(stored_db: Path, tmp_path: Path) -> None:
    with Repository.open(stored_db, read_only=True) as repo:
        summary = build_cohort_summary(repo, now=NOW)
    out = tmp_path / "cohort.pdf"
    write_cohort_report(summary, out)
    text = all_text(out)
    assert "No serious adverse event has been recorded." in text
    assert "Tremor" not in text


def test_cycle_summary_lists_the_cycles_adverse_events(stored_db: Path, tmp_path: Path) -> None:
    _add_events(stored_db)
    with Repository.open(stored_db, read_only=True) as repo:
        summary = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW)
        other = build_cycle_summary(repo, "SUBJ-0001", 1, now=NOW)
    out = tmp_path / "cycle.pdf"
    write_cycle_summary(summary, out)
    text = all_text(out)
    assert CYCLE_TITLE in text
    onset, resolved, later = (
        f"{at(d, h).astimezone():%Y-%m-%d %H:%M}" for d, h in ((3, 15), (6, 8), (9, 15))
    )
    assert (
        f"Tremor 3 {onset} to {resolved} Hospitalisation or its prolongation Probably related Recovered"
        in text
    )
    assert f"Tremor 1 {later} to ongoing No not recorded not recorded" in text
    assert "Headache" not in text  # another patient's event
    quiet = tmp_path / "quiet.pdf"
    write_cycle_summary(other, quiet)
    assert "No adverse event recorded in this cycle." in all_text(quiet)
