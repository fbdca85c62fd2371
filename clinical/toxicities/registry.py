"""The record kinds the app knows: every module under clinical/toxicities/definitions/ that has a
`DEFINITION`, in their `order`. Read once (definitions are immutable data).

`all_definitions()` is every kind, the toxicities and the observations a toxicity rule reads (a vital
sign: body temperature, which febrile neutropenia is derived from, issue 11); `toxicities()` is the
graded ones only, which episodes, flags, cohort counts, Today's checks and the PDFs' tables count.
Storage, the patient tabs, forms, history and corrections take every kind."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from clinical.toxicities import definitions as _modules
from clinical.toxicities.definition import ToxicityDefinition
from clinical.toxicities.record import ToxicityRecord


@functools.cache
def all_definitions() -> tuple[ToxicityDefinition, ...]:
    """Every definition (toxicities and observations), in display order; ids and record kinds are
    unique."""
    found = []
    for module in pkgutil.iter_modules(_modules.__path__):
        loaded = importlib.import_module(f"{_modules.__name__}.{module.name}")
        definition = getattr(loaded, "DEFINITION", None)
        if isinstance(definition, ToxicityDefinition):
            found.append(definition)
    found.sort(key=lambda d: (d.order, d.id))
    for attribute in ("id", "record_kind"):
        names = [getattr(d, attribute) for d in found]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"two toxicity definitions share the {attribute} {', '.join(duplicates)}")
    return tuple(found)


@functools.cache
def toxicities() -> tuple[ToxicityDefinition, ...]:
    """The graded toxicities, in display order (an observation is recorded, never graded or counted)."""
    return tuple(d for d in all_definitions() if d.graded)


def toxicity(identifier: str) -> ToxicityDefinition:
    """The graded toxicity with this id ("crs", "neutropenia", "injection_site_reaction")."""
    for definition in toxicities():
        if definition.id == identifier:
            return definition
    known = ", ".join(d.id for d in toxicities())
    raise ValueError(f"toxicity must be one of: {known} (got {identifier!r})")


def for_record_kind(kind: str) -> ToxicityDefinition:
    """The definition whose records storage keeps under `kind` ("crs", "lab", ...)."""
    for definition in all_definitions():
        if definition.record_kind == kind:
            return definition
    raise ValueError(f"no toxicity stores records of kind {kind!r}")


def definition_of(record: object) -> ToxicityDefinition:
    """The definition a record belongs to: a ToxicityRecord by its `kind`, a typed record
    (clinical.model) by its class."""
    kind = record.kind if isinstance(record, ToxicityRecord) else None
    for definition in all_definitions():
        if definition.record_type is ToxicityRecord:
            if definition.record_kind == kind:
                return definition
        elif isinstance(record, definition.record_type):
            return definition
    raise ValueError(f"no definition stores {type(record).__name__} records of kind {kind!r}")


@functools.cache
def toxicity_ids() -> tuple[str, ...]:
    """Every graded toxicity's id, in display order (what flags, episodes and cohort counts are
    keyed by)."""
    return tuple(d.id for d in toxicities())


def record_kinds() -> tuple[str, ...]:
    """Every kind storage keeps records of (toxicities and observations), in display order."""
    return tuple(d.record_kind for d in all_definitions())
