"""Plain data that the PDFs print: everything a report needs, gathered once through the Repository.

The PDF writers take only these frozen dataclasses (never a repository), so they can run in a
worker process or thread, be tested with hand-made data, and print exactly what was gathered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import clinical
from clinical.ae_table import (
    AeTableRow,
    CohortEvent,
    EventLine,
    WorstCount,
    ae_table,
    event_lines,
    serious_events,
)
from clinical.choices import DoseStatus
from clinical.episodes import episodes_for
from clinical.errors import NotFoundError
from clinical.findings import CohortCount, Episode, Flag
from clinical.flags import patient_flags
from clinical.model import Cycle, Dose, Patient
from clinical.regimens import get_regimen
from clinical.toxicities import all_definitions
from clinical.treatment_window import treatment_window
from reports.comparisons import ComparisonRow, TrialInfo, cohort_signals, comparison_rows, trial_info
from reports.sources import RecordSource
from reports.toxicity_rows import ToxicityRow, toxicity_rows
from storage.signatures import Signature


@dataclass(frozen=True)
class CycleSummary:
    """One patient's cycle, with the cohort context its flags compare against."""

    patient: Patient
    cycle: Cycle
    cycle_end: dt.date
    doses: tuple[Dose, ...]
    records: Mapping[str, tuple[object, ...]]  # the cycle's records by storage kind (every registered kind)
    episodes: tuple[Episode, ...]
    flags: tuple[Flag, ...]
    comparisons: tuple[ComparisonRow, ...]
    toxicity: tuple[ToxicityRow, ...]
    trial: TrialInfo
    audit_count: int
    audit_hash: str
    app_version: str
    generated_at: dt.datetime  # aware, local
    include_phi: bool = False
    problem: str = ""  # damage the database's checks found, printed on every page
    demo: bool = False  # the file holds synthetic demo patients: every page says so
    # the adverse-event log's events that began in the cycle or were still open in it (issue 15)
    adverse_events: tuple[EventLine, ...] = ()
    signature: Signature | None = None  # the cycle's latest electronic signature (issue 16), if any

    @property
    def today(self) -> dt.date:
        return self.generated_at.date()

    @property
    def days_of_treatment(self) -> int:
        """Cycle days elapsed by the generation date (0 before the start, capped at the cycle end)."""
        last = min(self.today, self.cycle_end)
        return max(0, (last - self.cycle.start_date).days + 1)

    @property
    def doses_given(self) -> int:
        return sum(1 for dose in self.doses if dose.status is DoseStatus.GIVEN)

    @property
    def doses_due(self) -> int:
        """Doses whose planned date has come, plus any already recorded early."""
        return sum(
            1
            for dose in self.doses
            if dose.planned_date <= self.today or dose.status is not DoseStatus.PLANNED
        )

    @property
    def dose_dates(self) -> tuple[dt.date, ...]:
        """Local dates on which a dose was given (for the chart's dose markers)."""
        return tuple(
            dose.given_at.astimezone().date()
            for dose in self.doses
            if dose.status is DoseStatus.GIVEN and dose.given_at is not None
        )


@dataclass(frozen=True)
class CohortSummary:
    """Counts per regimen and pooled ("All"), their trial comparisons, and the trial's source."""

    counts: tuple[CohortCount, ...]
    comparisons: tuple[ComparisonRow, ...]
    trial: TrialInfo
    audit_count: int
    audit_hash: str
    app_version: str
    generated_at: dt.datetime
    min_patients: int = 10
    signals: tuple[str, ...] = ()  # clinical.cohort_flags.cohort_flags: groups above the trial
    problem: str = ""  # damage the database's checks found, printed on every page (reports/pdf_common.py)
    demo: bool = False  # the file holds synthetic demo patients: every page says so
    # the trial-style adverse event table and the serious adverse event list (clinical.ae_table)
    ae_rows: tuple[AeTableRow, ...] = ()
    serious: tuple[EventLine, ...] = ()


class ReportSource(RecordSource, Protocol):
    """The part of `storage.Repository` the builders read (docs/storage-api.md)."""

    def find_patient(self, subject_id: str) -> Patient: ...
    def cohort_counts(self, today: dt.date | None = None, *, doses: bool = True) -> list[CohortCount]: ...
    def worst_grade_counts(self) -> list[WorstCount]: ...
    def cohort_events(self) -> list[CohortEvent]: ...


def _local_now(now: dt.datetime | None) -> dt.datetime:
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return (now or dt.datetime.now(dt.UTC)).astimezone()


def build_cohort_summary(
    repo: ReportSource, now: dt.datetime | None = None, min_patients: int = 10
) -> CohortSummary:
    """Everything the cohort report prints, read through the repository's SQL aggregates."""
    generated = _local_now(now)
    counts = tuple(repo.cohort_counts(generated.date()))
    audit_count, audit_hash = repo.audit_head()
    events = repo.cohort_events()
    return CohortSummary(
        counts=counts,
        ae_rows=tuple(ae_table(counts, repo.worst_grade_counts(), events)),
        serious=tuple(serious_events(events)),
        comparisons=comparison_rows(counts, min_patients=min_patients),
        trial=trial_info(),
        signals=cohort_signals(counts, min_patients=min_patients),
        audit_count=audit_count,
        audit_hash=audit_hash,
        app_version=clinical.__version__,
        generated_at=generated,
        min_patients=min_patients,
        demo=repo.has_demo_patients(),
    )


@dataclass(frozen=True)
class _Window:
    """The cycle's calendar days, in local dates: from its start to its end or the next cycle's start."""

    start: dt.date
    end: dt.date

    def holds(self, moment: dt.datetime) -> bool:
        return self.start <= moment.astimezone().date() <= self.end

    def spans(self, onset: dt.datetime, resolved: dt.datetime | None) -> bool:
        """Whether an event from `onset` to `resolved` (None: still open) falls in the window."""
        began = onset.astimezone().date() <= self.end
        return began and (resolved is None or resolved.astimezone().date() >= self.start)

    def overlaps(self, episode: Episode) -> bool:
        began = episode.onset.astimezone().date() <= self.end
        return began and (
            episode.resolved_at is None or episode.resolved_at.astimezone().date() >= self.start
        )


def _window(patient: Patient, cycle: Cycle, cycles: Sequence[Cycle]) -> _Window:
    end = cycle.start_date + dt.timedelta(days=get_regimen(patient.regimen).cycle_length_days - 1)
    later = [c.start_date for c in cycles if c.number > cycle.number and c.start_date > cycle.start_date]
    if later:
        end = min(end, min(later) - dt.timedelta(days=1))
    return _Window(cycle.start_date, end)


def _find_cycle(repo: ReportSource, patient: Patient, number: int) -> tuple[Cycle, list[Cycle]]:
    if patient.id is None:
        raise ValueError("patient must be a saved patient (with an id)")
    cycles = repo.cycles(patient.id)
    for cycle in cycles:
        if cycle.number == number:
            return cycle, cycles
    have = ", ".join(str(c.number) for c in cycles) or "none yet"
    raise NotFoundError(f"Patient {patient.subject_id} has no cycle {number} (cycles: {have}).")


def build_cycle_summary(
    repo: ReportSource,
    subject_id: str,
    cycle_number: int,
    include_phi: bool = False,
    now: dt.datetime | None = None,
    comparisons: tuple[ComparisonRow, ...] | None = None,
) -> CycleSummary:
    """Everything one cycle summary prints; NotFoundError for an unknown patient or cycle.

    `comparisons` lets a batch compute the cohort aggregates once instead of once per cycle.
    """
    generated = _local_now(now)
    patient = repo.find_patient(subject_id)
    cycle, cycles = _find_cycle(repo, patient, cycle_number)
    pid = cycle.patient_id
    window = _window(patient, cycle, cycles)
    all_doses = repo.doses(pid)  # the treatment window and the flags need every cycle's doses
    doses = [d for d in all_doses if d.cycle_id == cycle.id]
    by_kind = repo.records_by_kind(pid)
    episodes = tuple(e for e in episodes_for(pid, by_kind) if window.overlaps(e))
    in_cycle = {
        d.record_kind: tuple(r for r in by_kind.get(d.record_kind, ()) if window.holds(d.at(r)))
        for d in all_definitions()
    }
    if comparisons is None:
        comparisons = comparison_rows(repo.cohort_counts(generated.date(), doses=False))
    flags = patient_flags(
        patient, all_doses, by_kind, generated.date(), generated.astimezone(dt.UTC), cycles=cycles
    )
    audit_count, audit_hash = repo.audit_head()
    return CycleSummary(
        adverse_events=_cycle_events(patient, all_doses, by_kind, window),
        patient=patient,
        cycle=cycle,
        cycle_end=window.end,
        doses=tuple(doses),
        records=in_cycle,
        episodes=episodes,
        flags=tuple(f for f in flags if window.holds(f.at)),
        comparisons=comparisons,
        toxicity=toxicity_rows(in_cycle, episodes, treatment_window(all_doses), all_doses),
        trial=trial_info(),
        audit_count=audit_count,
        audit_hash=audit_hash,
        app_version=clinical.__version__,
        generated_at=generated,
        include_phi=include_phi,
        demo=patient.demo or repo.has_demo_patients(),
        signature=_latest_signature(repo, cycle),
    )


def _cycle_events(
    patient: Patient, doses: Sequence[Dose], by_kind: Mapping[str, Sequence[Any]], window: _Window
) -> tuple[EventLine, ...]:
    """The patient's live events (the "events" kinds: the adverse-event log) that began in the cycle
    or were still open in it, in words (clinical.ae_table.event_lines)."""
    dosed = treatment_window(doses)
    events = [
        CohortEvent(patient.subject_id, patient.regimen, dosed.first_dose, dosed.last_dose, record)
        for definition in all_definitions()
        if definition.episode_rule == "events"
        for record in by_kind.get(definition.record_kind, ())
        if not record.voided and window.spans(definition.at(record), definition.resolved(record))
    ]
    return tuple(event_lines(events))


def _latest_signature(repo: ReportSource, cycle: Cycle) -> Signature | None:
    """The cycle's newest signature, its hash checked on reading (a source without signatures, such
    as a test's stand-in, has none)."""
    read = getattr(repo, "cycle_signatures", None)
    if read is None or cycle.id is None:
        return None
    signatures: list[Signature] = read(cycle.id)
    return signatures[-1] if signatures else None
