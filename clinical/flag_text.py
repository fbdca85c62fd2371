"""The sentence pieces every flag rule shares: times in the clinic's local time, the toxicity (or
the adverse event's term) in a sentence, and the trial's figure for it or the sentence that it gave none.

Split from clinical.flags (the rules) as the wording they are built from: the febrile neutropenia rule
(clinical.febrile_neutropenia), which clinical.flags calls, words its times the same way without
importing clinical.flags back. Flags inform; these sentences never instruct a dose.
"""

from __future__ import annotations

import datetime as dt

from clinical.reference import TrialReference
from clinical.toxicities.definition import NO_TRIAL_COMPARATOR, ToxicityDefinition


def when(at: dt.datetime) -> str:
    """The clinic's local wall-clock time (the machine's zone), as every other time on screen and in
    the PDFs; flags said "... UTC" beside local times everywhere else (issue 13)."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def phrase(definition: ToxicityDefinition, name: str = "") -> str:
    """The toxicity in a sentence, or what the episode is of within it (an adverse event's term)."""
    return name or definition.phrase


def trial_sentence(definition: ToxicityDefinition, ref: TrialReference, name: str = "") -> str:
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


def trial_rate(definition: ToxicityDefinition, ref: TrialReference) -> float | None:
    return None if definition.trial_key is None else ref.rate(definition.trial_key)


def death_sentence(definition: ToxicityDefinition, ref: TrialReference, name: str = "") -> str:
    label = phrase(definition, name)
    if definition.trial_key is None:
        return f"Grade 5 {label} (death from {label}): reported on its own; {NO_TRIAL_COMPARATOR}."
    return (
        f"Grade 5 {label} (death from {label}): reported on its own, not with the trial's grade "
        f"{ref.grades} figures."
    )
