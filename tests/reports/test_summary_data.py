"""Builders read the right records through the Repository and keep only the cycle's window."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from clinical.choices import DoseStatus
from clinical.errors import NotFoundError
from clinical.findings import CohortCount, FlagRule
from clinical.toxicities import record_kinds, toxicities
from reports import comparisons
from reports.summary_data import build_cohort_summary, build_cycle_summary, comparison_rows
from storage.repository import Repository

from .conftest import NOW, START


def _open(path: Path) -> Repository:
    return Repository.open(path, read_only=True)


def test_cycle_summary_collects_the_cycle(stored_db: Path) -> None:
    with _open(stored_db) as repo:
        summary = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW)
    assert summary.patient.subject_id == "SUBJ-0042"
    assert summary.cycle.number == 1
    assert summary.cycle_end == START + dt.timedelta(days=34)
    days = [d.cycle_day for d in summary.doses]
    assert days == [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 17, 19, 22, 24, 26]  # regimen plan, cycle 1
    # The fixture gives every dose up to day 12 except day 4 (held) and day 5 (missed).
    assert summary.doses_given == sum(1 for d in days if d <= 12 and d not in (4, 5))
    # Due: planned on or before today (cycle day 16).
    assert summary.doses_due == sum(1 for d in days if d <= 16)
    assert summary.days_of_treatment == 16
    assert summary.audit_count > 0 and len(summary.audit_hash) == 64
    assert not summary.include_phi


def test_toxicity_rows_use_effective_grades_and_episodes(stored_db: Path) -> None:
    with _open(stored_db) as repo:
        summary = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW)
    rows = {row.toxicity: row for row in summary.toxicity}
    crs = rows["crs"]
    assert crs.peak_grade == 3 and crs.scale == "ASTCT 2019" and crs.assessments == 4
    assert crs.onset is not None and crs.onset.astimezone().date() == START + dt.timedelta(days=1)
    assert not crs.ongoing and crs.resolved is not None
    assert any("tocilizumab" in t for t in crs.treatments)
    assert any("-> 2" in o and "still on oxygen at night" in o for o in crs.overrides)
    assert rows["icans"].peak_grade == 1
    neutropenia = rows["neutropenia"]
    assert neutropenia.peak_grade == 4 and neutropenia.scale == "CTCAE v5.0"


def test_flags_and_comparisons_are_included(stored_db: Path) -> None:
    with _open(stored_db) as repo:
        summary = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW)
    rules = {flag.rule for flag in summary.flags}
    assert FlagRule.GRADE3_EPISODE in rules
    assert FlagRule.OVERDUE_DOSE in rules
    regimens = {row.regimen for row in summary.comparisons}
    assert {"SC 250/500", "All"} <= regimens
    pooled_crs = next(r for r in summary.comparisons if r.regimen == "All" and r.toxicity == "crs")
    assert pooled_crs.patients == 2 and pooled_crs.events == 1
    assert pooled_crs.ci_low <= pooled_crs.rate <= pooled_crs.ci_high


def test_quiet_patient_has_nothing_but_planned_doses(stored_db: Path) -> None:
    with _open(stored_db) as repo:
        summary = build_cycle_summary(repo, "SUBJ-0001", 1, now=NOW)
    assert set(summary.records) == set(record_kinds())  # every registered kind, empty
    assert not any(summary.records.values()) and summary.flags == ()
    assert all(d.status is DoseStatus.PLANNED for d in summary.doses)
    assert all(row.assessments == 0 and row.peak_grade is None for row in summary.toxicity)


@pytest.mark.parametrize(
    ("subject", "cycle", "needle"), [("NOPE-1", 1, "NOPE-1"), ("SUBJ-0042", 4, "cycle 4")]
)
def test_unknown_patient_or_cycle_is_not_found(
    stored_db: Path, subject: str, cycle: int, needle: str
) -> None:
    with _open(stored_db) as repo, pytest.raises(NotFoundError, match=needle):
        build_cycle_summary(repo, subject, cycle, now=NOW)


def test_naive_now_is_refused(stored_db: Path) -> None:
    with _open(stored_db) as repo, pytest.raises(ValueError, match="timezone"):
        build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW.replace(tzinfo=None))


def test_cohort_summary_counts_treated_patients(stored_db: Path) -> None:
    with _open(stored_db) as repo:
        summary = build_cohort_summary(repo, now=NOW)
    pooled = next(c for c in summary.counts if c.regimen == "All")
    assert pooled.patients_treated == 2  # the quiet patient has no dose given
    per_group = len(toxicities())  # one row per registered toxicity
    assert len(summary.comparisons) == per_group * len(summary.counts)
    compared = {d.id for d in toxicities() if d.trial_key}
    for row in summary.comparisons:  # fewer than 10 patients; no trial figure: never compared
        assert row.verdict == ("too_few" if row.toxicity in compared else "no_comparator"), row
        assert (row.trial_rate is None) == (row.p_value is None) == (row.toxicity not in compared)
    assert summary.trial.name == "NCT04521231" and summary.trial.caveats


def test_batch_can_supply_the_cohort_comparisons(stored_db: Path) -> None:
    with _open(stored_db) as repo:
        computed = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW)
        reused = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW, comparisons=computed.comparisons[:2])
    assert reused.comparisons == computed.comparisons[:2]
    assert reused.toxicity == computed.toxicity


def test_comparisons_are_computed_once_per_distinct_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[CohortCount, ...]] = []
    real = comparisons.cohort_comparisons

    def counting(counts: tuple[CohortCount, ...], **kwargs: float) -> object:
        calls.append(counts)
        return real(counts, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(comparisons, "cohort_comparisons", counting)
    comparisons._comparison_rows.cache_clear()
    regimen = CohortCount("SC 250/500", 12, 30, 400, 420, {"crs": 3, "icans": 1, "neutropenia": 6})
    counts = [regimen, dataclasses.replace(regimen, regimen="All")]
    first = comparison_rows(counts)
    assert comparison_rows(list(counts)) == first and len(calls) == 1  # equal counts: reused
    more = [dataclasses.replace(counts[0], grade3plus={**counts[0].grade3plus, "crs": 9}), counts[1]]
    changed = comparison_rows(more)
    assert len(calls) == 2

    def crs_events(rows: tuple[comparisons.ComparisonRow, ...]) -> list[int]:
        return [r.events for r in rows if r.toxicity == "crs" and r.regimen == "SC 250/500"]

    assert crs_events(first) == [3] and crs_events(changed) == [9]
    assert comparison_rows(counts, confidence=0.9) != first and len(calls) == 3  # other level: new
