"""Any adverse event, by its CTCAE v5.0 term (issue 15): the adverse-event log.

The term is one of the 837 of the shipped NCI list (clinical/data/ctcae-v5.0.csv, read through
clinical/toxicities/ctcae.py); an "Other, specify" term takes a free-text name of the event. The
grade is picked among the sentences CTCAE v5.0 gives for that term: a grade the term does not define
is not offered and is refused (Tremor has no grade 4 or 5). Its reason is the sentence itself.

Each record is one event: its onset (the record's time), its resolution (empty while ongoing), its
seriousness by the ICH E2A criteria (each a tick; any tick makes it serious), its relatedness to
blinatumomab, the action taken with blinatumomab (a record of what the clinician did, never a
suggestion), its outcome, and for an infection its site and organism. Where these lists come from:
docs/clinical-additions.md §6 (ICH E2A; the SDTM and FHIR outcome and action lists of
clinical-reference-2.md §6).

A grade that changes is recorded as a new event of the same term; the events of one term that follow
on or overlap form one episode with its peak, as for CRS (the "events" rule, clinical/episodes.py).
Flags: grade >= 3 (no trial comparator: the trial reported no figure per term) and any serious
event (the trial's serious adverse event figure, clinical/data/trial.toml) (clinical/flags.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from clinical.errors import ValidationError
from clinical.grade_result import Grade
from clinical.toxicities.ctcae import CTCAE_V5, grade_choices, is_other_specify, known_term
from clinical.toxicities.definition import InputSpec, ToxicityDefinition
from clinical.toxicities.record import ToxicityRecord

# ICH E2A (1994) §II.B: a serious adverse event results in death, is life-threatening, requires
# inpatient hospitalisation or prolongs an existing one, results in persistent or significant
# disability/incapacity, or is a congenital anomaly/birth defect; medical and scientific judgement
# decides whether other important medical events are serious (docs/clinical-additions.md §6).
SERIOUSNESS = (
    ("death", "Results in death"),
    ("life_threatening", "Life-threatening"),
    ("hospitalisation", "Hospitalisation or its prolongation"),
    ("disability", "Persistent or significant disability or incapacity"),
    ("congenital_anomaly", "Congenital anomaly or birth defect"),
    ("important_medical_event", "Other important medical event"),
)
RELATEDNESS = (
    ("not_related", "Not related"),
    ("unlikely", "Unlikely related"),
    ("possible", "Possibly related"),
    ("probable", "Probably related"),
    ("definite", "Definitely related"),
)
# What was done with blinatumomab, as the clinician records it (SDTM AEACN, docs/clinical-additions.md
# §4): a record, never a suggestion.
ACTION = (
    ("dose_not_changed", "Dose not changed"),
    ("held", "Held"),
    ("withdrawn", "Withdrawn"),
    ("not_applicable", "Not applicable"),
)
# SDTM AEOUT / FHIR AdverseEvent.outcome (clinical-reference-2.md §6.1, §6.2).
OUTCOME = (
    ("recovered", "Recovered"),
    ("recovering", "Recovering"),
    ("not_recovered", "Not recovered"),
    ("recovered_with_sequelae", "Recovered with sequelae"),
    ("fatal", "Fatal"),
    ("unknown", "Unknown"),
)

TERM = "term"
TERM_NAME = "term_name"
RESOLVED = "resolved_at"
TERM_LABEL = "CTCAE v5.0 term"
TERM_NAME_LABEL = "Name of the event (an “Other, specify” term)"
RESOLVED_LABEL = "Resolved (local)"


def event_name(values: Mapping[str, object]) -> str:
    """The event as lists and flags name it: the CTCAE term, or for an "Other, specify" term the
    name given with the term ("Hypogammaglobulinaemia (Immune system disorders - Other, specify)")."""
    term = str(values.get(TERM) or "")
    named = str(values.get(TERM_NAME) or "").strip()
    return f"{named} ({term})" if named and is_other_specify(term) else term


def _grade(values: Mapping[str, object]) -> Grade:
    """The picked grade of the chosen term, with its CTCAE v5.0 sentence as the reason."""
    term = known_term(values.get(TERM))
    if term is None:
        return Grade(None, CTCAE_V5, ("Not gradable: no CTCAE v5.0 term was chosen",))
    raw = values.get("grade")
    if raw is None or raw == "":
        return Grade(None, CTCAE_V5, ("Not gradable: no grade was picked",))
    grade = int(str(raw))
    defined = dict(term.grades)
    if grade not in defined:
        return Grade(None, CTCAE_V5, (f"Not gradable: CTCAE v5.0 defines no grade {grade} for {term.term}",))
    return Grade(grade, CTCAE_V5, (f"Grade {grade} {event_name(values)}: {defined[grade]}",))


def _check(values: Mapping[str, object], onset: dt.datetime) -> None:
    """An "Other, specify" term needs the event's name; an event cannot resolve before its onset."""
    term = str(values.get(TERM) or "")
    if is_other_specify(term) and not str(values.get(TERM_NAME) or "").strip():
        allowed = f"the name of the event: {term} needs one (required)"
        raise ValidationError(TERM_NAME, values.get(TERM_NAME), allowed, label=TERM_NAME_LABEL)
    resolved = values.get(RESOLVED)
    if isinstance(resolved, str) and resolved:
        resolved = dt.datetime.fromisoformat(resolved)
    if isinstance(resolved, dt.datetime) and resolved < onset:
        allowed = f"a time not before the onset ({onset.astimezone().strftime('%Y-%m-%d %H:%M')})"
        raise ValidationError(RESOLVED, resolved, allowed, label=RESOLVED_LABEL)


DEFINITION = ToxicityDefinition(
    id="adverse_event",
    record_kind="adverse_event",
    label="Adverse event",
    name="Adverse event (CTCAE v5.0, any term)",
    record_label="adverse event",
    scale=CTCAE_V5,
    source="CTCAE v5.0, any term; seriousness by ICH E2A: clinical-additions.md §6",
    record_type=ToxicityRecord,
    time_field="assessed_at",
    time_label="Onset",
    inputs=(
        InputSpec(
            TERM,
            TERM_LABEL,
            "term",
            hint="Type part of the term, its system organ class or its MedDRA code",
            column="Adverse event",
        ),
        InputSpec(TERM_NAME, TERM_NAME_LABEL, "text", required=False, listed=False),
        InputSpec(
            "grade",
            "Grade",
            "grade_pick",
            depends_on=TERM,
            options=grade_choices,
            hint="Only the grades CTCAE v5.0 defines for the term are offered.",
        ),
        InputSpec(
            RESOLVED,
            RESOLVED_LABEL,
            "datetime",
            required=False,
            hint="Empty while ongoing",
            column="Resolved",
        ),
        InputSpec(
            "serious", "Serious (ICH E2A)", "ticks", choices=SERIOUSNESS, required=False, column="Serious"
        ),
        InputSpec(
            "relatedness",
            "Related to blinatumomab",
            "choice",
            choices=RELATEDNESS,
            required=False,
            column="Related",
        ),
        InputSpec(
            "action",
            "Action taken with blinatumomab",
            "choice",
            choices=ACTION,
            required=False,
            column="Action",
        ),
        InputSpec("outcome", "Outcome", "choice", choices=OUTCOME, required=False),
        InputSpec(
            "infection_site", "Infection site", "text", required=False, hint="For infections", column="Site"
        ),
        InputSpec("organism", "Organism", "text", required=False, hint="For infections"),
    ),
    grade=_grade,
    order=60,
    episode_rule="events",
    resolved_input=RESOLVED,
    event_name=event_name,
    serious_input="serious",
    check=_check,
)
