"""Toxicities as data (issue 14): one definition each, listed by the registry.

`all_definitions()` gives every record kind in display order (the toxicities and the observations a
rule reads, such as body temperature), `toxicities()` the graded ones; `toxicity(id)`,
`for_record_kind(kind)` and `definition_of(record)` find one. See clinical/toxicities/definition.py
for what a definition holds and docs/architecture.md for how to add one.
"""

from clinical.toxicities.definition import (
    NO_TRIAL_COMPARATOR,
    ChartHint,
    InputSpec,
    ToxicityDefinition,
)
from clinical.toxicities.record import ToxicityRecord
from clinical.toxicities.registry import (
    all_definitions,
    definition_of,
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
    "all_definitions",
    "definition_of",
    "for_record_kind",
    "record_kinds",
    "toxicities",
    "toxicity",
    "toxicity_ids",
]
