"""One row per registered toxicity for the cycle summary, built from the definitions alone.

Every toxicity in clinical.toxicities gets a row (peak grade, onset and resolution from its episodes,
treatments, overrides, the baseline before the first dose, records not gradable); a toxicity graded by
picking its scale's sentence (the CTCAE terms) also lists each graded record's sentence and, when it
follows a dose, that dose's time and injection site. No toxicity is named here: a new definition gets
its row without a change to this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clinical.findings import Episode
from clinical.model import Dose
from clinical.toxicities import ToxicityDefinition, toxicities, toxicity
from clinical.treatment_window import TreatmentWindow


@dataclass(frozen=True)
class ToxicityRow:
    """One registered toxicity within a cycle: peak grade, onset, resolution, treatments, overrides,
    and for a grade picked from its scale's sentences (CTCAE terms) each graded record in words."""

    toxicity: str  # the definition's id (clinical.toxicities)
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
    # "<time>: Grade 3: <the scale's sentence> (after the dose given <time>, <site>)": picked grades
    details: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The name the registry gives it ("CRS", "Injection site reaction")."""
        return toxicity(self.toxicity).label


def local_text(moment: dt.datetime) -> str:
    """A stored (UTC) time as the clinic's local wall-clock time."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _effective(record: object) -> int | None:
    """The clinician's override where a record has one, else its computed grade (None: not gradable)."""
    return getattr(record, "effective_grade", getattr(record, "grade", None))


def _treatments(definition: ToxicityDefinition, records: Sequence[object]) -> tuple[str, ...]:
    """Each distinct treatment once, with when it was recorded (repeat doses are common); from the
    definition's "treatment" input, for the toxicities whose assessments record one."""
    if not any(spec.name == "treatment" for spec in definition.inputs):
        return ()
    times: dict[str, list[dt.datetime]] = {}
    for record in records:
        text = definition.values(record).get("treatment")
        if text:
            times.setdefault(str(text), []).append(definition.at(record))
    return tuple(
        f"{text} ({local_text(at[0])})"
        if len(at) == 1
        else f"{text} ({len(at)} records, {local_text(min(at))} to {local_text(max(at))})"
        for text, at in times.items()
    )


def grade_words(grade: int | None) -> str:
    """A computed grade as a report prints it: the number, or "not gradable" for None."""
    return "not gradable" if grade is None else str(grade)


def _overrides(definition: ToxicityDefinition, records: Sequence[object]) -> tuple[str, ...]:
    return tuple(
        f"{local_text(definition.at(r))}: grade {grade_words(getattr(r, 'grade', None))} -> "
        f"{r.override_grade} ({getattr(r, 'override_reason', '')})"  # type: ignore[attr-defined]
        for r in records
        if getattr(r, "override_grade", None) is not None
    )


def _scale(definition: ToxicityDefinition, records: Sequence[object], episodes: Sequence[Episode]) -> str:
    """The scale the newest record was graded with (a lab records its CTCAE version), else the episode's."""
    if records:
        newest = records[-1]
        return str(getattr(newest, "scale", "") or definition.grade_record(newest).scale)
    return episodes[0].scale if episodes else ""


def dose_text(dose: Dose | None) -> str:
    """The dose a record follows, as the reports print it: "the dose given <time>, <site>"."""
    if dose is None or dose.given_at is None:
        return "a dose not found among the given doses"
    site = dose.site.value.replace("_", " ") if dose.site else "site not recorded"
    return f"the dose given {local_text(dose.given_at)}, {site}"


def _details(
    definition: ToxicityDefinition, records: Sequence[object], doses: Mapping[int, Dose]
) -> tuple[str, ...]:
    """For a grade picked from the scale's sentences: each graded record's sentence (its reason) and,
    for a toxicity that follows a dose, that dose's time and injection site."""
    if not any(spec.type == "grade_pick" for spec in definition.inputs):
        return ()
    lines = []
    for record in records:
        grade = _effective(record)
        if grade is None or grade == 0:
            continue
        reasons: tuple[str, ...] = getattr(record, "reasons", ())
        sentence = reasons[0] if reasons else f"Grade {grade}"
        if getattr(record, "override_grade", None) is not None:
            sentence = f"Grade {grade} (clinician override; computed {sentence})"
        dose_id = getattr(record, "dose_id", None)
        after = f" (after {dose_text(doses.get(dose_id))})" if definition.links_dose and dose_id else ""
        lines.append(f"{local_text(definition.at(record))}: {sentence}{after}")
    return tuple(lines)


def _baseline_text(definition: ToxicityDefinition, records: Sequence[object]) -> str:
    """The worst record before the first dose, e.g. "baseline grade 4 (ANC 0.3 x10^9/L, 2026-01-04 08:00)"
    (the charted value where the definition charts one)."""
    graded = [r for r in records if _effective(r) is not None]
    field = definition.chart.value_field if definition.chart else None

    def badness(record: object) -> tuple[int, float]:
        value = definition.values(record).get(field) if field else None
        return (_effective(record) or 0, -float(str(value)) if value is not None else 0.0)

    worst = max(graded, key=badness, default=None)
    if worst is None or (not field and not _effective(worst)):  # a grade 0 before treatment says nothing
        return ""  # unless it is a measured value (a baseline ANC)
    when = local_text(definition.at(worst))
    value = definition.values(worst).get(field) if field else None
    if field and value is not None:
        spec = definition.input(field)
        unit = spec.unit.replace("×10⁹", "x10^9")  # as the reports have always printed it
        when = f"{spec.label.split(' (')[0]} {float(str(value)):g} {unit}, {when}"
    return f"baseline grade {_effective(worst)} ({when})"


def toxicity_row(
    definition: ToxicityDefinition,
    records: Sequence[object],
    episodes: Sequence[Episode],
    window: TreatmentWindow | None = None,
    doses: Mapping[int, Dose] | None = None,
) -> ToxicityRow:
    """One toxicity's row from its in-cycle records (by time) and the patient's episodes.

    With the patient's treatment `window`, records before the first dose are baseline values: they
    leave the peak and are printed apart (clinical.treatment_window)."""
    base = [r for r in records if window is not None and window.is_baseline(definition.at(r))]
    records = [r for r in records if r not in base]
    mine = sorted((e for e in episodes if e.toxicity == definition.id), key=lambda e: e.onset)
    last = mine[-1] if mine else None
    return ToxicityRow(
        toxicity=definition.id,
        scale=_scale(definition, records, mine),
        assessments=len(records),
        peak_grade=max((g for g in map(_effective, records) if g is not None), default=None),
        onset=mine[0].onset if mine else None,
        resolved=None if last is None else last.resolved_at,
        ongoing=last is not None and last.is_open,
        treatments=_treatments(definition, records),
        overrides=_overrides(definition, records),
        baseline=_baseline_text(definition, base),
        not_graded=tuple(
            f"{local_text(definition.at(r))}: {r.reasons[0] if getattr(r, 'reasons', ()) else 'Not gradable'}"  # type: ignore[attr-defined]
            for r in records
            if _effective(r) is None
        ),
        details=_details(definition, records, doses or {}),
    )


def toxicity_rows(
    records_by_kind: Mapping[str, Sequence[object]],
    episodes: Sequence[Episode],
    window: TreatmentWindow | None = None,
    doses: Sequence[Dose] = (),
) -> tuple[ToxicityRow, ...]:
    """One row per registered toxicity, in the registry's order, from the in-cycle records by kind."""
    by_id = {int(d.id): d for d in doses if d.id is not None}
    return tuple(
        toxicity_row(d, records_by_kind.get(d.record_kind, ()), episodes, window, by_id) for d in toxicities()
    )
