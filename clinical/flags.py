"""Flag rules: what needs attention and why, citing the trial figure it compares against.

Flags inform; they never instruct a dose. No SC dose-modification rules exist in the sources
(reference §0.3, §5.2), so a dose given during a grade >= 3 episode asks for a protocol check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from clinical.choices import DoseStatus, PatientStatus
from clinical.episodes import episodes_for
from clinical.findings import Episode, Flag, FlagRule, Severity
from clinical.incidence import CohortComparison, Verdict
from clinical.model import Cycle, Dose, LabResult, Patient
from clinical.reference import TrialReference, trial
from clinical.toxicities.definition import NO_TRIAL_COMPARATOR, ToxicityDefinition
from clinical.toxicities.registry import definition_of, for_record_kind, toxicity
from clinical.treatment_window import (
    TREATMENT_EMERGENT_DAYS,
    WINDOW_TEXT,
    TreatmentWindow,
    emergent_grade3_at,
    treatment_window,
)

# Febrile neutropenia, CTCAE v5.0 (reference §4.2): ANC < 1.0 x10^9/L with a single temperature
# > 38.3 °C, or >= 38.0 °C sustained for more than one hour. The window around the ANC draw in
# which a temperature counts is ToxTrack's choice (the definition gives none): 24 h either side.
FN_ANC_BELOW = 1.0
FN_SINGLE_TEMP_ABOVE_C = 38.3
FN_SUSTAINED_TEMP_C = 38.0
FN_SUSTAINED_FOR = dt.timedelta(hours=1)
FN_WINDOW = dt.timedelta(hours=24)

# The kind whose ANC febrile neutropenia reads; its temperatures come from every kind whose
# definition names a `temperature_input` (the temperature vital sign, CRS).
_LAB_KIND = "lab"
_SEVERITY_ORDER = [Severity.CRITICAL, Severity.WARNING, Severity.INFO]


def _when(at: dt.datetime) -> str:
    """The clinic's local wall-clock time (the machine's zone), as every other time on screen and in
    the PDFs; flags said "... UTC" beside local times everywhere else (issue 13)."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def _p_text(p_value: float) -> str:
    return "< 0.001" if p_value < 0.001 else f"{p_value:.3f}"


def _phrase(definition: ToxicityDefinition, name: str = "") -> str:
    """The toxicity in a sentence, or what the episode is of within it (an adverse event's term)."""
    return name or definition.phrase


def _trial_sentence(definition: ToxicityDefinition, ref: TrialReference, name: str = "") -> str:
    """The trial's figure for the toxicity, or the sentence that it gave none (for an adverse
    event's term: none for that term)."""
    if definition.trial_key is None and name:
        return f"No trial comparator: the trial reported no figure for {name}."
    if definition.trial_key is None:
        return f"{NO_TRIAL_COMPARATOR[:1].upper()}{NO_TRIAL_COMPARATOR[1:]}."
    return (
        f"The {ref.short_name} ({ref.registry_id}) reported {definition.phrase} in "
        f"{ref.figure_text(definition.trial_key)}."
    )


def _trial_rate(definition: ToxicityDefinition, ref: TrialReference) -> float | None:
    return None if definition.trial_key is None else ref.rate(definition.trial_key)


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


def _death_sentence(definition: ToxicityDefinition, ref: TrialReference, name: str = "") -> str:
    label = _phrase(definition, name)
    if definition.trial_key is None:
        return f"Grade 5 {label} (death from {label}): reported on its own; {NO_TRIAL_COMPARATOR}."
    return (
        f"Grade 5 {label} (death from {label}): reported on its own, not with the trial's grade "
        f"{ref.grades} figures."
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
            _death_sentence(definition, ref, name)
            if death
            else f"Grade {episode.peak_grade} {_phrase(definition, name)}. "
            f"{_trial_sentence(definition, ref, name)}"
        )
        flags.append(
            Flag(
                FlagRule.GRADE3_EPISODE,
                Severity.CRITICAL if episode.peak_grade >= 4 else Severity.WARNING,
                message,
                episode.peak_at,
                episode.patient_id,
                episode.toxicity,
                None if death else _trial_rate(definition, ref),
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
    label, at = _phrase(definition, episode.name), episode.peak_at
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
            f"Grade {episode.peak_grade} {label} at {_when(at)}, {why}. Not counted as a toxicity of "
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
                f"{_when(given_at)} while a grade {episode.peak_grade} {_phrase(definition, episode.name)} "
                f"episode was open (grade {definition.flag_from_grade} or more since {_when(since)}). "
                f"{_trial_sentence(definition, ref, episode.name)}"
            )
            flags.append(
                Flag(
                    FlagRule.DOSE_DURING_EPISODE,
                    Severity.WARNING,
                    message,
                    given_at,
                    dose.patient_id,
                    episode.toxicity,
                    _trial_rate(definition, ref),
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


def body_temperature(record: object) -> tuple[dt.datetime, float] | None:
    """(when, °C) of a live record that measured a body temperature (its definition's
    `temperature_input`: the temperature vital sign, a CRS assessment), else None."""
    if getattr(record, "voided", False):
        return None
    definition = definition_of(record)
    if not definition.temperature_input:
        return None
    value = definition.values(record).get(definition.temperature_input)
    if value is None or isinstance(value, bool):
        return None
    return definition.at(record), float(str(value))


def febrile_evidence(lab: LabResult, records: Iterable[object]) -> str | None:
    """Why the lab meets the CTCAE v5.0 febrile neutropenia definition, or None.

    `records` are any records that may hold a body temperature: every recorded temperature counts,
    whether charted as a vital sign or in a CRS assessment (issue 11: febrile neutropenia does not
    depend on a CRS assessment existing)."""
    if lab.voided or lab.anc >= FN_ANC_BELOW:
        return None
    readings = sorted(
        reading
        for reading in map(body_temperature, records)
        if reading is not None and abs(reading[0] - lab.drawn_at) <= FN_WINDOW
    )
    for at, temp in readings:
        if temp > FN_SINGLE_TEMP_ABOVE_C:
            return f"a temperature of {temp:.1f} °C at {_when(at)}"
    run: list[dt.datetime] = []
    for at, temp in readings:
        run = [*run, at] if temp >= FN_SUSTAINED_TEMP_C else []
        if run and run[-1] - run[0] > FN_SUSTAINED_FOR:
            return f"temperatures of 38.0 °C or more from {_when(run[0])} to {_when(run[-1])}"
    return None


def _febrile_flags(labs: Sequence[LabResult], measured: Sequence[object]) -> list[Flag]:
    flags = []
    hours = int(FN_WINDOW.total_seconds() // 3600)
    for lab in labs:
        evidence = febrile_evidence(lab, measured)
        if evidence is None:
            continue
        message = (
            f"Febrile neutropenia (CTCAE v5.0 definition: ANC below 1.0 x10^9/L with a temperature "
            f"above 38.3 °C, or 38.0 °C or more for over an hour): ANC {lab.anc:g} x10^9/L drawn at "
            f"{_when(lab.drawn_at)} with {evidence}, within {hours} h of the draw."
        )
        flags.append(
            Flag(
                FlagRule.FEBRILE_NEUTROPENIA,
                Severity.CRITICAL,
                message,
                lab.drawn_at,
                lab.patient_id,
                for_record_kind(_LAB_KIND).id,
                None,
                _LAB_KIND,
                lab.id,
            )
        )
    return flags


def _protocol_flags(doses: Sequence[Dose], cycles: Sequence[Cycle]) -> list[Flag]:
    """An entry outside the plan that the user confirmed with a reason (a dose amount, two doses
    within 24 h, an early cycle start): stated with its reason, for review, never as an instruction."""
    flags = [
        Flag(
            FlagRule.PROTOCOL_CHECK,
            Severity.WARNING,
            f"Protocol check, cycle day {dose.cycle_day} dose given at {_when(dose.given_at)}: "
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
            what = _phrase(definition, definition.name_of(record))
            graded = "" if grade is None else f", grade {grade}"
            message = (
                f"Serious {definition.phrase}: {what}{graded}, onset {_when(at)} "
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
    labs = [r for r in live.get(_LAB_KIND, ()) if isinstance(r, LabResult)]
    measured = [r for kind in live if for_record_kind(kind).temperature_input for r in live[kind]]
    flags = [
        *_grade3_flags(episodes, _ids(live), ref, treatment_window(doses)),
        *_dose_during_episode_flags(doses, episodes, ref),
        *(_overdue_flags(doses, today) if patient.status == PatientStatus.ON_TREATMENT else []),
        *_febrile_flags(labs, measured),
        *_protocol_flags(doses, cycles),
        *_serious_flags(live, ref),
    ]
    return _sorted(flags)


def cohort_flags(
    comparisons: Sequence[CohortComparison],
    now: dt.datetime | None = None,
    reference: TrialReference | None = None,
) -> list[Flag]:
    """A warning for each regimen/toxicity whose exact CI lies wholly above the trial rate."""
    ref = trial() if reference is None else reference
    at = dt.datetime.now(dt.UTC) if now is None else now
    flags = []
    for row in comparisons:
        result, key = row.comparison, toxicity(row.toxicity).trial_key
        if result is None or key is None or result.verdict != Verdict.ABOVE:
            continue  # a toxicity with no trial comparator is never compared
        message = (
            f"{row.regimen}: grade 3 or more {toxicity(row.toxicity).phrase} in {row.events} of "
            f"{row.patients} patients ({result.rate * 100:.1f} %, {result.confidence * 100:g} % "
            f"exact CI {result.ci_low * 100:.1f}-{result.ci_high * 100:.1f} %, exact two-sided "
            f"p {_p_text(result.p_value)}), above the rate reported in the {ref.short_name} "
            f"({ref.registry_id}): {ref.figure_text(key)}"
            + ("." if row.regimen == "All" else "; this regimen is compared with the pooled rate.")
        )
        flags.append(
            Flag(
                FlagRule.COHORT_ABOVE_TRIAL,
                Severity.WARNING,
                message,
                at,
                None,
                row.toxicity,
                row.trial_rate,
            )
        )
    return flags
