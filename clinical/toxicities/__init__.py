"""Toxicities as data (issue 14): one definition each, listed by the registry.

`toxicities()` gives every definition in display order; `toxicity(id)` and `for_record_kind(kind)`
find one. See clinical/toxicities/definition.py for what a definition holds and docs/architecture.md
for how to add one.
"""

from clinical.toxicities.definition import (
    NO_TRIAL_COMPARATOR,
    ChartHint,
    InputSpec,
    ToxicityDefinition,
)
from clinical.toxicities.record import ToxicityRecord
from clinical.toxicities.registry import (
    for_record_kind,
    record_kinds,
    toxicities,
    toxicity,
    toxicity_ids,
)

__all__ = [
    "NO_TRIAL_COMPARATOR",
    "ChartHint",
    "InputSpec",
    "ToxicityDefinition",
    "ToxicityRecord",
    "for_record_kind",
    "record_kinds",
    "toxicities",
    "toxicity",
    "toxicity_ids",
]
