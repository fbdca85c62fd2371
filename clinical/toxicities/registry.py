"""The toxicities the app knows: every module under clinical/toxicities/definitions/ that has a
`DEFINITION`, in their `order`. Read once (definitions are immutable data)."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from clinical.toxicities import definitions
from clinical.toxicities.definition import ToxicityDefinition


@functools.cache
def toxicities() -> tuple[ToxicityDefinition, ...]:
    """Every definition, in display order; ids and record kinds are unique."""
    found = []
    for module in pkgutil.iter_modules(definitions.__path__):
        loaded = importlib.import_module(f"{definitions.__name__}.{module.name}")
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


def toxicity(identifier: str) -> ToxicityDefinition:
    """The definition with this id ("crs", "neutropenia", "injection_site_reaction")."""
    for definition in toxicities():
        if definition.id == identifier:
            return definition
    known = ", ".join(d.id for d in toxicities())
    raise ValueError(f"toxicity must be one of: {known} (got {identifier!r})")


def for_record_kind(kind: str) -> ToxicityDefinition:
    """The definition whose records storage keeps under `kind` ("crs", "lab", ...)."""
    for definition in toxicities():
        if definition.record_kind == kind:
            return definition
    raise ValueError(f"no toxicity stores records of kind {kind!r}")


@functools.cache
def toxicity_ids() -> tuple[str, ...]:
    """Every toxicity id, in display order (what flags, episodes and cohort counts are keyed by)."""
    return tuple(d.id for d in toxicities())


def record_kinds() -> tuple[str, ...]:
    return tuple(d.record_kind for d in toxicities())
