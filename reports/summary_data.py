"""Plain data that the PDFs print: everything a report needs, gathered once through the Repository.

The PDF writers take only these frozen dataclasses (never a repository), so they can run in a
worker process or thread, be tested with hand-made data, and print exactly what was gathered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import clinical
from clinical.episodes import episodes_for
from clinical.errors import NotFoundError
from clinical.flags import patient_flags
from clinical.model import (
    CohortCount,
    CrsAssessment,
    Cycle,
    CycleId,
    Dose,
    DoseStatus,
    Episode,
    Flag,
    IcansAssessment,
    LabResult,
    Patient,
    PatientId,
)
from clinical.regimens import get_regimen
from clinical.toxicities import toxicities
from clinical.treatment_window import TreatmentWindow, treatment_window
from reports.comparisons import ComparisonRow, TrialInfo, cohort_signals, comparison_rows, trial_info

TOXICITY_LABELS: dict[str, str] = {d.id: d.label for d in toxicities()}


@dataclass(frozen=True)
class ToxicityRow:
    """One toxicity within a cycle: peak grade, onset, resolution, treatments and overrides."""

    toxicity: str  # toxicity id (clinical/toxicities)
    scale: str
    assessments: int  # records in the cycle window; 0 means "not assessed"
    peak_grade: int | None
    onset: dt.datetime | None
    resolved: dt.datetime | None
    ongoing: bool
    treatments: tuple[str, ...] = ()
    overrides: tuple[str, ...] = ()  # "<time>: grade a -> b (reason)"
    baseline: str = ""  # worst value before the first dose: shown, never counted as a toxicity
    not_graded: tuple[str, ...] = ()  # "<time>: Not gradable: temperature not recorded", or attributed

    @property
    def label(self) -> str:
        return TOXICITY_LABELS[self.toxicity]


@dataclass(frozen=True)
class CycleSummary:
    """One patient's cycle, with the cohort context its flags compare against."""

    patient: Patient
    cycle: Cycle
    cycle_end: dt.date
    doses: tuple[Dose, ...]
    crs: tuple[CrsAssessment, ...]
    icans: tuple[IcansAssessment, ...]
    labs: tuple[LabResult, ...]
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
    signals: tuple[str, ...] = ()  # clinical.flags.cohort_flags: groups above the trial
    problem: str = ""  # damage the database's checks found, printed on every page (reports/pdf_common.py)
    demo: bool = False  # the file holds synthetic demo patients: every page says so


class ReportSource(Protocol):
    """The part of `storage.Repository` the builders read (docs/storage-api.md)."""

    def find_patient(self, subject_id: str) -> Patient: ...
    def cycles(self, pid: PatientId) -> list[Cycle]: ...
    def doses(
        self, pid: PatientId, cycle_id: CycleId | None = None, include_voided: bool = False
    ) -> list[Dose]: ...
    def crs(self, pid: PatientId, include_voided: bool = False) -> list[CrsAssessment]: ...
    def icans(self, pid: PatientId, include_voided: bool = False) -> list[IcansAssessment]: ...
    def labs(self, pid: PatientId, include_voided: bool = False) -> list[LabResult]: ...
    def audit_head(self) -> tuple[int, str]: ...
    def cohort_counts(self, today: dt.date | None = None) -> list[CohortCount]: ...
    def has_demo_patients(self) -> bool: ...


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
    return CohortSummary(
        counts=counts,
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


def local_text(moment: dt.datetime) -> str:
    """A stored (UTC) time as the clinic's local wall-clock time."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class _Window:
    """The cycle's calendar days, in local dates: from its start to its end or the next cycle's start."""

    start: dt.date
    end: dt.date

    def holds(self, moment: dt.datetime) -> bool:
        return self.start <= moment.astimezone().date() <= self.end

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


def _treatments(records: Sequence[CrsAssessment | IcansAssessment]) -> tuple[str, ...]:
    """Each distinct treatment once, with when it was recorded (repeat doses are common)."""
    times: dict[str, list[dt.datetime]] = {}
    for record in records:
        if record.treatment:
            times.setdefault(record.treatment, []).append(record.assessed_at)
    return tuple(
        f"{text} ({local_text(at[0])})"
        if len(at) == 1
        else f"{text} ({len(at)} records, {local_text(min(at))} to {local_text(max(at))})"
        for text, at in times.items()
    )


def _assessment_row(
    toxicity: str, records: Sequence[CrsAssessment | IcansAssessment], episodes: Sequence[Episode]
) -> ToxicityRow:
    times = [r.assessed_at for r in records]
    treatments = _treatments(records)
    overrides = tuple(
        f"{local_text(r.assessed_at)}: grade {grade_words(r.grade)} -> {r.override_grade} "
        f"({r.override_reason})"
        for r in records
        if r.override_grade is not None
    )
    scale = next((r.scale for r in records if r.scale), episodes[0].scale if episodes else "")
    graded = [grade for grade in (r.effective_grade for r in records) if grade is not None]
    peak = max(graded, default=None)
    not_graded = tuple(
        f"{local_text(r.assessed_at)}: {r.reasons[0] if r.reasons else 'Not gradable'}"
        for r in records
        if r.effective_grade is None
    )
    row = _toxicity_row(toxicity, scale, len(times), peak, episodes, treatments, overrides)
    return replace(row, not_graded=not_graded)


def grade_words(grade: int | None) -> str:
    """A computed grade as a report prints it: the number, or "not gradable" for None."""
    return "not gradable" if grade is None else str(grade)


def _toxicity_row(
    toxicity: str,
    scale: str,
    count: int,
    peak: int | None,
    episodes: Sequence[Episode],
    treatments: tuple[str, ...] = (),
    overrides: tuple[str, ...] = (),
    baseline: str = "",
) -> ToxicityRow:
    mine = sorted((e for e in episodes if e.toxicity == toxicity), key=lambda e: e.onset)
    onset = mine[0].onset if mine else None
    last = mine[-1] if mine else None
    return ToxicityRow(
        toxicity=toxicity,
        scale=scale,
        assessments=count,
        peak_grade=peak,
        onset=onset,
        resolved=None if last is None else last.resolved_at,
        ongoing=last is not None and last.is_open,
        treatments=treatments,
        overrides=overrides,
        baseline=baseline,
    )


def toxicity_rows(
    crs: Sequence[CrsAssessment],
    icans: Sequence[IcansAssessment],
    labs: Sequence[LabResult],
    episodes: Sequence[Episode],
    window: TreatmentWindow | None = None,
) -> tuple[ToxicityRow, ...]:
    """Peak grade, onset, resolution, treatments and overrides per toxicity, from in-window records.

    With the patient's treatment `window`, counts drawn before the first dose are baseline values:
    they leave the neutropenia peak and are printed apart (clinical.treatment_window)."""
    base = [lab for lab in labs if window is not None and window.is_baseline(lab.drawn_at)]
    labs = [lab for lab in labs if lab not in base]
    crs_episodes = [e for e in episodes if e.toxicity == "crs"]
    icans_episodes = [e for e in episodes if e.toxicity == "icans"]
    lab_scale = next((f"CTCAE v{lab.ctcae_version}" for lab in reversed(labs)), "")
    return (
        _assessment_row("crs", crs, crs_episodes),
        _assessment_row("icans", icans, icans_episodes),
        _toxicity_row(
            "neutropenia",
            lab_scale,
            len(labs),
            max((lab.grade for lab in labs), default=None),
            episodes,
            baseline=_baseline_text(base),
        ),
    )


def _baseline_text(labs: Sequence[LabResult]) -> str:
    """The worst count before the first dose, e.g. "baseline grade 4 (ANC 0.3 x10^9/L, 2026-01-04 08:00)"."""
    worst = max(labs, key=lambda lab: (lab.grade, -lab.anc), default=None)
    if worst is None:
        return ""
    return f"baseline grade {worst.grade} (ANC {worst.anc:g} x10^9/L, {local_text(worst.drawn_at)})"


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
    crs, icans, labs = repo.crs(pid), repo.icans(pid), repo.labs(pid)
    records: dict[str, Sequence[object]] = {"crs": crs, "icans": icans, "lab": labs}
    episodes = tuple(e for e in episodes_for(pid, records) if window.overlaps(e))
    in_crs = tuple(a for a in crs if window.holds(a.assessed_at))
    in_icans = tuple(a for a in icans if window.holds(a.assessed_at))
    in_labs = tuple(lab for lab in labs if window.holds(lab.drawn_at))
    if comparisons is None:
        comparisons = comparison_rows(repo.cohort_counts(generated.date()))
    flags = patient_flags(
        patient, all_doses, records, generated.date(), generated.astimezone(dt.UTC), cycles=cycles
    )
    audit_count, audit_hash = repo.audit_head()
    return CycleSummary(
        patient=patient,
        cycle=cycle,
        cycle_end=window.end,
        doses=tuple(doses),
        crs=in_crs,
        icans=in_icans,
        labs=in_labs,
        episodes=episodes,
        flags=tuple(f for f in flags if window.holds(f.at)),
        comparisons=comparisons,
        toxicity=toxicity_rows(in_crs, in_icans, in_labs, episodes, treatment_window(all_doses)),
        trial=trial_info(),
        audit_count=audit_count,
        audit_hash=audit_hash,
        app_version=clinical.__version__,
        generated_at=generated,
        include_phi=include_phi,
        demo=patient.demo or repo.has_demo_patients(),
    )
