"""The trial-style adverse event table and the serious adverse event list (issue 15).

A publication's safety table counts patients, not events: for each term, the treated patients with
the term at any grade and at grade >= 3, n and % of the treated patients of the group (a regimen, or
"All" pooled), each patient once per term at their worst treatment-emergent grade
(clinical.treatment_window: from the first given dose to 30 days after the last, and worse than what
the patient brought to treatment). Grade >= 3 includes grade 5 here, as such tables do; the trial
figures beside it are grade 3-4 (clinical/data/trial.toml) and say so.

Two sources feed it, both read by storage in a few queries (docs/storage-api.md):
- every toxicity graded on its own tab (CRS, ICANS, the ANC, the CTCAE lab terms, the injection site
  reaction): storage gives, per regimen and toxicity, the treated patients at each worst
  treatment-emergent grade (`WorstCount`), by the rule the grade 3-4 cohort counts use;
- the adverse-event log (the "events" episode rule): storage gives its live records with each
  patient's dose window (`CohortEvent`), and the episodes are built here (clinical.episodes), so an
  event ongoing at the first dose and not worse on treatment is baseline, as for CRS.

A toxicity is named by its CTCAE v5.0 term and system organ class where it has one; CRS and ICANS,
graded by ASTCT 2019, are named with their scale. The trial comparator is the trial's pooled grade
3-4 rate where the trial reported one (clinical-reference.md §1.1: neutropenia 22 %, CRS 20 %,
ICANS 17 %), else "no trial comparator".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from clinical.episodes import build_event_episodes
from clinical.findings import CohortCount
from clinical.model import PatientId
from clinical.reference import TrialReference, trial
from clinical.toxicities import ToxicityDefinition, ToxicityRecord, for_record_kind, toxicities
from clinical.toxicities.ctcae import CTCAE_V5, known_term
from clinical.treatment_window import TreatmentWindow, emergent_grade3_at

NO_COMPARATOR = "no trial comparator"
NO_SOC = "not a CTCAE v5.0 term"
ALL = "All"


@dataclass(frozen=True)
class WorstCount:
    """`patients` treated patients of `regimen` whose worst treatment-emergent effective grade of
    the toxicity recorded as `kind` is `grade` (1-5); what storage counts for the kinds with their
    own tab (the "consecutive" episode rule)."""

    regimen: str
    kind: str
    grade: int
    patients: int


@dataclass(frozen=True)
class CohortEvent:
    """One live record of an event kind (the adverse-event log) of a treated patient, with what the
    table and the serious list need about the patient: subject id, regimen and dose window."""

    subject_id: str
    regimen: str
    first_dose: dt.datetime | None  # None: no dose given (a cycle summary's patient may have none)
    last_dose: dt.datetime | None
    record: ToxicityRecord


@dataclass(frozen=True)
class AeTableRow:
    """One term in one group: `any_grade` and `grade3plus` patients of `patients` treated."""

    regimen: str  # a regimen's name, or "All" (pooled)
    term: str  # the CTCAE term (an "Other, specify" event: its name, then the term in brackets)
    soc: str  # its system organ class, or NO_SOC
    scale: str  # "CTCAE v5.0", "ASTCT 2019"
    any_grade: int
    grade3plus: int
    patients: int
    trial_rate: float | None = None  # the trial's pooled grade 3-4 rate, None: none reported
    trial_text: str = NO_COMPARATOR  # the comparator in words ("20 % (grade 3-4, pooled)")
    trial_grades: str = ""  # the grades of trial_rate ("3-4"), for a display that words it itself

    @property
    def any_share(self) -> float:
        return self.any_grade / self.patients if self.patients else 0.0

    @property
    def grade3_share(self) -> float:
        return self.grade3plus / self.patients if self.patients else 0.0


@dataclass(frozen=True)
class EventLine:
    """One adverse event as the serious adverse event list and the cycle summary print it; `criteria`
    are the ICH E2A seriousness criteria ticked (empty: not serious)."""

    subject_id: str
    regimen: str
    term: str
    grade: int | None
    onset: dt.datetime
    resolved: dt.datetime | None
    criteria: tuple[str, ...]
    relatedness: str
    action: str
    outcome: str
    emergent: bool  # within the treatment-emergent window


def n_percent(count: int, patients: int) -> str:
    """ "3 (12.5 %)": patients and their share of the group's treated patients (no-break spaces)."""
    share = count / patients * 100 if patients else 0.0
    return f"{count} ({share:.1f}\u00a0%)"


def _name(definition: ToxicityDefinition) -> tuple[str, str]:
    """(term as the table shows it, system organ class) of a toxicity with its own tab."""
    term_name = definition.ctcae_term or definition.name
    found = known_term(term_name)
    soc = found.soc if found is not None else NO_SOC
    shown = term_name if definition.scale == CTCAE_V5 else f"{term_name} ({definition.scale})"
    return shown, soc


def _comparator(definition: ToxicityDefinition | None, ref: TrialReference) -> tuple[float | None, str]:
    if definition is None or definition.trial_key is None:
        return None, NO_COMPARATOR
    rate = ref.rate(definition.trial_key)
    return rate, f"{rate * 100:.0f} % (grade {ref.grades}, pooled)"


def _choice_label(definition: ToxicityDefinition, name: str, value: object) -> str:
    """The label of a stored choice ("possible" -> "Possibly related"); "" when none was recorded or
    the definition has no such input."""
    if value in (None, "") or name not in {spec.name for spec in definition.inputs}:
        return ""
    return dict(definition.input(name).choices).get(str(value), str(value))


def event_worst(events: Sequence[CohortEvent]) -> dict[tuple[str, PatientId, str], int]:
    """(regimen, patient, event name) -> worst treatment-emergent grade of the event kinds' records:
    the episodes of each patient's events (clinical.episodes "events" rule), and within each the
    grades reached in the window and above the grade the episode had before the first dose."""
    by_patient: dict[tuple[str, PatientId, str], list[CohortEvent]] = {}
    for event in events:
        key = (event.regimen, event.record.patient_id, event.record.kind)
        by_patient.setdefault(key, []).append(event)
    worst: dict[tuple[str, PatientId, str], int] = {}
    for (regimen, pid, kind), items in by_patient.items():
        definition = for_record_kind(kind)
        window = TreatmentWindow(items[0].first_dose, items[0].last_dose)
        rows = [
            (
                definition.name_of(e.record),
                definition.at(e.record),
                definition.resolved(e.record),
                definition.effective_grade(e.record),
            )
            for e in items
            if not e.record.voided
        ]
        for episode in build_event_episodes(definition.id, pid, rows, definition.scale):
            reached = [g for g in range(1, 6) if emergent_grade3_at(episode, window, g) is not None]
            if reached:
                key = (regimen, pid, episode.name)
                worst[key] = max(worst.get(key, 0), max(reached))
    return worst


def ae_table(
    counts: Sequence[CohortCount],
    worst_counts: Iterable[WorstCount],
    events: Sequence[CohortEvent],
    reference: TrialReference | None = None,
) -> list[AeTableRow]:
    """Every group of `counts` (each regimen, then "All"), its terms by frequency: any grade, then
    grade >= 3, most first, then by term. A term is listed in a group when a patient of the group
    had it, and a toxicity with a trial figure always (its comparator is shown at 0 too)."""
    ref = trial() if reference is None else reference
    # (regimen, term key) -> [any grade, grade >= 3]; the key is the kind or the event's name
    tally: dict[tuple[str, str], list[int]] = {}

    def add(regimen: str, key: str, grade: int, patients: int) -> None:
        for group in (regimen, ALL):
            cell = tally.setdefault((group, key), [0, 0])
            cell[0] += patients
            cell[1] += patients if grade >= 3 else 0

    kinds = {d.record_kind: d for d in toxicities()}
    for item in worst_counts:
        if item.kind in kinds and item.grade >= 1:
            add(item.regimen, item.kind, item.grade, item.patients)
    for (regimen, _pid, name), grade in event_worst(events).items():
        add(regimen, f"event:{name}", grade, 1)

    rows: list[AeTableRow] = []
    for count in counts:
        group = count.regimen
        keys = {key for (g, key) in tally if g == group}
        keys |= {d.record_kind for d in toxicities() if d.trial_key and d.episode_rule != "events"}
        group_rows = [_row(group, key, tally.get((group, key), [0, 0]), count, kinds, ref) for key in keys]
        group_rows.sort(key=lambda r: (-r.any_grade, -r.grade3plus, r.term.lower()))
        rows += group_rows
    return rows


def _row(
    group: str,
    key: str,
    cell: list[int],
    count: CohortCount,
    kinds: dict[str, ToxicityDefinition],
    ref: TrialReference,
) -> AeTableRow:
    if key.startswith("event:"):
        name = key.removeprefix("event:")
        # An "Other, specify" event is named "<its name> (<the CTCAE term>)" (adverse_event.event_name).
        term = known_term(name)
        if term is None and name.endswith(")"):
            term = known_term(name[name.rfind("(") + 1 : -1])
        soc = term.soc if term is not None else NO_SOC
        return AeTableRow(group, name, soc, CTCAE_V5, cell[0], cell[1], count.patients_treated)
    definition = kinds[key]
    shown, soc = _name(definition)
    rate, text = _comparator(definition, ref)
    grades = ref.grades if rate is not None else ""
    return AeTableRow(
        group, shown, soc, definition.scale, cell[0], cell[1], count.patients_treated, rate, text, grades
    )


def event_lines(events: Sequence[CohortEvent]) -> list[EventLine]:
    """Every live event in words (choices by their labels), by onset then subject."""
    found: list[EventLine] = []
    for event in events:
        record = event.record
        if record.voided:
            continue
        definition = for_record_kind(record.kind)
        window = TreatmentWindow(event.first_dose, event.last_dose)
        at = definition.at(record)
        found.append(
            EventLine(
                subject_id=event.subject_id,
                regimen=event.regimen,
                term=definition.name_of(record),
                grade=definition.effective_grade(record),
                onset=at,
                resolved=definition.resolved(record),
                criteria=definition.serious(record),
                relatedness=_choice_label(definition, "relatedness", record.values.get("relatedness")),
                action=_choice_label(definition, "action", record.values.get("action")),
                outcome=_choice_label(definition, "outcome", record.values.get("outcome")),
                emergent=window.holds(at),
            )
        )
    return sorted(found, key=lambda s: (s.onset, s.subject_id))


def serious_events(events: Sequence[CohortEvent]) -> list[EventLine]:
    """The live events ticked serious (the definition's `serious_input`), by onset then subject."""
    return [line for line in event_lines(events) if line.criteria]
