"""Episodes: consecutive graded assessments of one toxicity, from onset to the first grade 0.

Every registered toxicity (clinical/toxicities) forms episodes by its definition's `episode_rule`.
An episode is the unit that incidence counts (a patient has a grade >= 3 event when any episode
peaks at 3 or more) and what the patient header shows while it is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from clinical.findings import Episode
from clinical.model import PatientId
from clinical.toxicities.definition import ToxicityDefinition
from clinical.toxicities.registry import for_record_kind, toxicities, toxicity

MAX_GRADE = 5  # the highest grade of any scale (death); a definition's own max_grade is lower or equal


def _check(graded: Sequence[tuple[dt.datetime, int | None]]) -> None:
    for at, grade in graded:
        if not isinstance(at, dt.datetime):
            raise ValueError(f"episode times must be datetimes (got {at!r})")
        if grade is None:
            continue
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= MAX_GRADE:
            raise ValueError(f"grades must be whole numbers from 0 to {MAX_GRADE} (got {grade!r})")


def build_episodes(
    toxicity_id: str,
    patient_id: PatientId,
    graded: Sequence[tuple[dt.datetime, int | None]],
    scale: str,
) -> list[Episode]:
    """Episodes from (time, effective grade) pairs of one patient and one toxicity (by its id).

    Pairs are sorted by time (ties keep their input order). An episode starts at the first
    grade >= 1, peaks at its highest grade (the first time it is reached) and resolves at the
    first later grade 0; the last one stays open when no grade 0 follows. Callers leave voided
    records out. `grades` holds the assessments from onset up to, not including, resolution.
    A grade None (not gradable, or attributed to another cause) is skipped: a missing measurement
    never opens, raises or closes an episode (issue 11).
    """
    kind = toxicity(toxicity_id).id  # ValueError naming the registered toxicities
    _check(graded)
    episodes: list[Episode] = []
    current: list[tuple[dt.datetime, int]] = []

    def close(resolved_at: dt.datetime | None) -> None:
        peak = max(grade for _, grade in current)
        peak_at = next(at for at, grade in current if grade == peak)
        episodes.append(
            Episode(kind, patient_id, current[0][0], peak, peak_at, resolved_at, tuple(current), scale)
        )

    for at, grade in sorted(graded, key=lambda pair: pair[0]):
        if grade is None:
            continue
        if grade > 0:
            current.append((at, grade))
        elif current:
            close(at)
            current = []
    if current:
        close(None)
    return episodes


# One event of the "events" rule: (name, onset, resolved or None while open, effective grade).
Event = tuple[str, dt.datetime, dt.datetime | None, int | None]


def build_event_episodes(
    toxicity_id: str, patient_id: PatientId, events: Sequence[Event], scale: str
) -> list[Episode]:
    """Episodes from events of one patient and one toxicity, one name (an adverse event's term) at
    a time: the events of a name sorted by onset (ties keep their input order); an event starting
    while the episode is open (its latest event not resolved) or at or before its resolution
    continues it, a later one starts the next. A grade that changes is recorded as a new event, so
    an earlier event still open when a later one of the same name starts is taken to have ended
    there. The episode resolves when its latest event does (at the latest resolution of its
    events), peaks at its highest grade (the onset of the first event at that grade). A grade None
    (not gradable) is skipped, as in build_episodes."""
    kind = toxicity(toxicity_id).id
    _check([(onset, grade) for _, onset, _, grade in events])
    episodes: list[Episode] = []
    for name in dict.fromkeys(name for name, *_ in events):
        graded = [(at, end, grade) for named, at, end, grade in events if named == name and grade is not None]
        for chain, end in _chains(sorted(graded, key=lambda e: e[0])):
            peak = max(grade for _, grade in chain)
            peak_at = next(at for at, grade in chain if grade == peak)
            episodes.append(Episode(kind, patient_id, chain[0][0], peak, peak_at, end, chain, scale, name))
    return episodes


def _chains(
    events: Sequence[tuple[dt.datetime, dt.datetime | None, int]],
) -> list[tuple[tuple[tuple[dt.datetime, int], ...], dt.datetime | None]]:
    """The graded events of one name, by onset, cut into episodes: ((onset, grade) pairs, end)."""
    found: list[tuple[tuple[tuple[dt.datetime, int], ...], dt.datetime | None]] = []
    chain: list[tuple[dt.datetime, int]] = []
    ends: list[dt.datetime] = []
    end: dt.datetime | None = None
    for onset, resolved, grade in events:
        if chain and end is not None and onset > end:
            found.append((tuple(chain), end))
            chain, ends = [], []
        chain.append((onset, grade))
        ends += [] if resolved is None else [resolved]
        end = None if resolved is None else max(ends)
    if chain:
        found.append((tuple(chain), end))
    return found


def _own(patient_id: PatientId, records: Sequence[object]) -> None:
    """Refuse records of another patient rather than silently mixing or dropping them."""
    for record in records:
        owner = getattr(record, "patient_id", None)
        if owner != patient_id:
            raise ValueError(f"record of patient {owner} passed for patient {patient_id}")


def _episodes_of(
    definition: ToxicityDefinition, patient_id: PatientId, records: Sequence[object]
) -> list[Episode]:
    """The episodes of one toxicity by its `episode_rule` ("consecutive": build_episodes;
    "events": build_event_episodes)."""
    live = [r for r in records if not getattr(r, "voided", False)]
    scale = next((definition.record_scale(r) for r in live if getattr(r, "scale", "")), definition.scale)
    graded = [(definition.at(r), definition.effective_grade(r)) for r in live]
    if not definition.graded:  # an observation (a vital sign) forms no episode
        return []
    if definition.episode_rule == "events":
        events = [
            (definition.name_of(r), definition.at(r), definition.resolved(r), definition.effective_grade(r))
            for r in live
        ]
        return build_event_episodes(definition.id, patient_id, events, scale)
    if definition.episode_rule != "consecutive":  # the rules of clinical/toxicities/definition.py
        raise ValueError(f"{definition.id}: no episode rule named {definition.episode_rule!r}")
    return build_episodes(definition.id, patient_id, graded, scale)


def episodes_for(patient_id: PatientId, records_by_kind: Mapping[str, Sequence[object]]) -> list[Episode]:
    """Every toxicity's episodes of one patient, ordered by onset then the registry's order.

    `records_by_kind` maps a record kind ("crs", "lab", "injection_site_reaction") to that kind's
    records (`repo.records_by_kind(pid)`); a registered kind left out has no records, an unknown one
    is refused. Uses effective grades (a clinician's override wins); voided records are skipped here too.
    """
    definitions = [for_record_kind(kind) for kind in records_by_kind]
    for records in records_by_kind.values():
        _own(patient_id, records)
    episodes = [
        episode
        for definition, records in zip(definitions, records_by_kind.values(), strict=True)
        for episode in _episodes_of(definition, patient_id, records)
    ]
    order = [d.id for d in toxicities()]
    return sorted(episodes, key=lambda e: (e.onset, order.index(e.toxicity)))
