"""Per-patient flag rules: what needs attention in one patient's records and why, citing the trial
figure it compares against. `patient_flags` gathers them, with febrile neutropenia
(clinical.febrile_neutropenia); the cohort rule is clinical.cohort_flags, the shared wording
clinical.flag_text.

Flags inform; they never instruct a dose. No SC dose-modification rules exist in the sources
(reference §0.3, §5.2), so a dose given during a grade >= 3 episode asks for a protocol check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from clinical.choices import DoseStatus, PatientStatus
from clinical.episodes import episodes_for
from clinical.febrile_neutropenia import LAB_KIND, febrile_flags
from clinical.findings import Episode, Flag, FlagRule, Severity
from clinical.flag_text import death_sentence, phrase, trial_rate, trial_sentence, when
from clinical.model import Cycle, Dose, LabResult, Patient
from clinical.reference import TrialReference, trial
from clinical.toxicities.definition import ToxicityDefinition
from clinical.toxicities.registry import for_record_kind, toxicity
from clinical.treatment_window import (
    TREATMENT_EMERGENT_DAYS,
    WINDOW_TEXT,
    TreatmentWindow,
    emergent_grade3_at,
    treatment_window,
)

_SEVERITY_ORDER = [Severity.CRITICAL, Severity.WARNING, Severity.INFO]


# (time, effective grade, record id, name) of one toxicity's live records, by toxicity id.
_Ids = Mapping[str, Sequence[tuple[dt.datetime, int | None, int | None, str]]]


def _peak_record_id(
    episode: Episode, records: Iterable[tuple[dt.datetime, int | None, int | None, str]]
) -> int | None:
    """The id of the record that set the episode's peak (first at peak time and grade)."""
    return next(
        (
            rid
            for at, grade, rid, name in records
            if at == episode.peak_at and grade == episode.peak_grade and name == episode.name
        ),
        None,
    )


def _grade3_flags(
    episodes: Sequence[Episode], ids: _Ids, ref: TrialReference, window: TreatmentWindow
) -> list[Flag]:
    """Episodes at the toxicity's `flag_from_grade` or more that are treatment-emergent
    (clinical.treatment_window): a grade 4 ANC drawn before the first dose is a baseline value, not a
    toxicity of treatment. The message cites the trial figure, or says the trial gave none."""
    flags = []
    for episode in episodes:
        definition = toxicity(episode.toxicity)
        if emergent_grade3_at(episode, window, definition.flag_from_grade) is None:
            flags += _not_emergent_flag(episode, definition, window, ids)
            continue
        death = episode.peak_grade >= 5  # reference §2, §3.2: grade 5 is death from the toxicity
        name = episode.name
        message = (
            death_sentence(definition, ref, name)
            if death
            else f"Grade {episode.peak_grade} {phrase(definition, name)}. "
            f"{trial_sentence(definition, ref, name)}"
        )
        flags.append(
            Flag(
                FlagRule.GRADE3_EPISODE,
                Severity.CRITICAL if episode.peak_grade >= 4 else Severity.WARNING,
                message,
                episode.peak_at,
                episode.patient_id,
                episode.toxicity,
                None if death else trial_rate(definition, ref),
                definition.record_kind,
                _peak_record_id(episode, ids[episode.toxicity]),
            )
        )
    return flags


def _not_emergent_flag(
    episode: Episode, definition: ToxicityDefinition, window: TreatmentWindow, ids: _Ids
) -> list[Flag]:
    """A grade >= 3 episode outside the treatment-emergent window is still shown (it may be a dose
    not yet recorded, or a late event), but says why it is not compared with the trial."""
    if episode.peak_grade < definition.flag_from_grade:
        return []
    label, at = phrase(definition, episode.name), episode.peak_at
    if window.first_dose is None:
        why = "recorded before any dose was given: if a dose was given, record it"
    elif window.is_baseline(at):
        why = "a baseline value, before the first given dose"
    else:
        why = f"more than {TREATMENT_EMERGENT_DAYS} days after the last given dose"
    baseline_count = definition.baseline_expected and window.is_baseline(at)
    return [
        Flag(
            FlagRule.GRADE3_NOT_EMERGENT,
            Severity.CRITICAL
            if episode.peak_grade >= 5
            else Severity.INFO
            if baseline_count
            else Severity.WARNING,
            f"Grade {episode.peak_grade} {label} at {when(at)}, {why}. Not counted as a toxicity of "
            f"treatment and not compared with the trial (treatment-emergent: {WINDOW_TEXT}).",
            at,
            episode.patient_id,
            episode.toxicity,
            None,
            definition.record_kind,
            _peak_record_id(episode, ids[episode.toxicity]),
        )
    ]


def _grade3_since(episode: Episode, from_grade: int) -> dt.datetime | None:
    """When the episode first reached `from_grade` (None if it never did)."""
    return next((at for at, grade in episode.grades if grade >= from_grade), None)


def _dose_during_episode_flags(
    doses: Sequence[Dose], episodes: Sequence[Episode], ref: TrialReference
) -> list[Flag]:
    """A dose given from the first assessment at the toxicity's `flag_from_grade` (3) or more until
    the resolving grade 0, for every toxicity whose definition asks for the check (`dose_check`)."""
    flags = []
    given = [
        (d, d.given_at)
        for d in doses
        if d.status == DoseStatus.GIVEN and not d.voided and d.given_at is not None
    ]
    for episode in episodes:
        definition = toxicity(episode.toxicity)
        since = _grade3_since(episode, definition.flag_from_grade)
        if since is None or not definition.dose_check:
            continue
        for dose, given_at in given:
            if given_at < since:
                continue
            if episode.resolved_at is not None and given_at >= episode.resolved_at:
                continue
            message = (
                f"Protocol check: the cycle day {dose.cycle_day} dose was recorded as given at "
                f"{when(given_at)} while a grade {episode.peak_grade} {phrase(definition, episode.name)} "
                f"episode was open (grade {definition.flag_from_grade} or more since {when(since)}). "
                f"{trial_sentence(definition, ref, episode.name)}"
            )
            flags.append(
                Flag(
                    FlagRule.DOSE_DURING_EPISODE,
                    Severity.WARNING,
                    message,
                    given_at,
                    dose.patient_id,
                    episode.toxicity,
                    trial_rate(definition, ref),
                    "dose",
                    dose.id,
                )
            )
    return flags


def _overdue_flags(doses: Sequence[Dose], today: dt.date) -> list[Flag]:
    """Planned doses whose date has passed with nothing recorded."""
    return [
        Flag(
            FlagRule.OVERDUE_DOSE,
            Severity.WARNING,
            f"The cycle day {dose.cycle_day} dose ({dose.planned_ug:g} µg) planned for "
            f"{dose.planned_date.isoformat()} has nothing recorded: record it as given, held or "
            "missed, or move it.",
            dt.datetime.combine(dose.planned_date, dt.time(), dt.UTC),
            dose.patient_id,
            None,
            None,
            "dose",
            dose.id,
        )
        for dose in doses
        if dose.status == DoseStatus.PLANNED and not dose.voided and dose.planned_date < today
    ]


def _protocol_flags(doses: Sequence[Dose], cycles: Sequence[Cycle]) -> list[Flag]:
    """An entry outside the plan that the user confirmed with a reason (a dose amount, two doses
    within 24 h, an early cycle start): stated with its reason, for review, never as an instruction."""
    flags = [
        Flag(
            FlagRule.PROTOCOL_CHECK,
            Severity.WARNING,
            f"Protocol check, cycle day {dose.cycle_day} dose given at {when(dose.given_at)}: "
            f"{dose.deviation}",
            dose.given_at,
            dose.patient_id,
            None,
            None,
            "dose",
            dose.id,
        )
        for dose in doses
        if dose.deviation and not dose.voided and dose.given_at is not None
    ]
    flags += [
        Flag(
            FlagRule.PROTOCOL_CHECK,
            Severity.WARNING,
            f"Protocol check, cycle {cycle.number}: {cycle.deviation}",
            dt.datetime.combine(cycle.start_date, dt.time(), dt.UTC),
            cycle.patient_id,
        )
        for cycle in cycles
        if cycle.deviation
    ]
    return flags


def _sorted(flags: list[Flag]) -> list[Flag]:
    return sorted(flags, key=lambda f: (_SEVERITY_ORDER.index(f.severity), f.at))


def _live(records_by_kind: Mapping[str, Sequence[object]]) -> dict[str, list[object]]:
    return {
        kind: [r for r in records if not getattr(r, "voided", False)]
        for kind, records in records_by_kind.items()
    }


def _ids(live: Mapping[str, Sequence[object]]) -> _Ids:
    """(time, effective grade, id, name) of each given kind's live records, by toxicity id."""
    return {
        (d := for_record_kind(kind)).id: [
            (d.at(r), d.effective_grade(r), getattr(r, "id", None), d.name_of(r)) for r in records
        ]
        for kind, records in live.items()
    }


def _serious_flags(live: Mapping[str, Sequence[object]], ref: TrialReference) -> list[Flag]:
    """Every live record ticked serious (a definition's `serious_input`: an adverse event by the
    ICH E2A criteria), whatever its grade; critical at grade 4 or more, as the grade flags."""
    flags = []
    for kind, records in live.items():
        definition = for_record_kind(kind)
        if not definition.serious_input:
            continue
        for record in records:
            criteria = definition.serious(record)
            if not criteria:
                continue
            grade = definition.effective_grade(record)
            at = definition.at(record)
            what = phrase(definition, definition.name_of(record))
            graded = "" if grade is None else f", grade {grade}"
            message = (
                f"Serious {definition.phrase}: {what}{graded}, onset {when(at)} "
                f"({'; '.join(c[:1].lower() + c[1:] for c in criteria)}). {ref.serious_text}"
            ).strip()
            flags.append(
                Flag(
                    FlagRule.SERIOUS_EVENT,
                    Severity.CRITICAL if grade is not None and grade >= 4 else Severity.WARNING,
                    message,
                    at,
                    getattr(record, "patient_id", None),
                    definition.id,
                    ref.serious_ae_rate,
                    kind,
                    getattr(record, "id", None),
                )
            )
    return flags


def patient_flags(
    patient: Patient,
    doses: Sequence[Dose],
    records_by_kind: Mapping[str, Sequence[object]],
    today: dt.date,
    now: dt.datetime,
    reference: TrialReference | None = None,
    cycles: Sequence[Cycle] = (),
) -> list[Flag]:
    """Every flag for one patient, most severe first then oldest first.

    `records_by_kind` maps a record kind ("crs", "lab", "injection_site_reaction") to its records
    (`repo.records_by_kind(pid)`; a registered kind left out has none). Voided records are ignored.
    `today` decides which planned doses are overdue; overdue doses are not flagged once the patient
    has completed or discontinued treatment (the remaining planned doses will never be given).
    `now` is the caller's clock, kept in the signature so that every rule can be evaluated against
    the same instant.
    """
    if patient.id is None:
        raise ValueError("patient must be a saved patient (with an id) to compute flags")
    ref = trial() if reference is None else reference
    live = _live(records_by_kind)
    episodes = episodes_for(patient.id, live)
    labs = [r for r in live.get(LAB_KIND, ()) if isinstance(r, LabResult)]
    measured = [r for kind in live if for_record_kind(kind).temperature_input for r in live[kind]]
    flags = [
        *_grade3_flags(episodes, _ids(live), ref, treatment_window(doses)),
        *_dose_during_episode_flags(doses, episodes, ref),
        *(_overdue_flags(doses, today) if patient.status == PatientStatus.ON_TREATMENT else []),
        *febrile_flags(labs, measured),
        *_protocol_flags(doses, cycles),
        *_serious_flags(live, ref),
    ]
    return _sorted(flags)
