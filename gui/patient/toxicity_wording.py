"""Toxicities in words, for every view: their labels, their record labels and their choices, from
the registry through Qt's translation. No view or form is imported here, so the dialogs and lists
that word a record can use it without importing the toxicity views (gui/toxicity_gui.py)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from clinical.toxicities import ToxicityDefinition, all_definitions, for_record_kind
from clinical.wording import KIND_LABELS


def label(definition: ToxicityDefinition) -> str:
    """The toxicity's short name as lists show it, through Qt's translation (context "toxicities")."""
    return QCoreApplication.translate("toxicities", definition.label)


def toxicity_label(identifier: str) -> str:
    """The label of a toxicity id ("crs" -> "CRS"); an unknown id is shown as it is."""
    for definition in all_definitions():
        if definition.id == identifier:
            return label(definition)
    return identifier


def choice_text(definition: ToxicityDefinition, name: str, value: object) -> str:
    """A stored choice of one of the definition's inputs in its wording ("fluids" -> "Hypotension
    not needing vasopressors (fluids)"), translated where gui.formatting.INPUT_WORDING marks it."""
    if value is None:
        return ""
    return QCoreApplication.translate("formatting", definition.input(name).choice_label(value))


def definition_of_kind(kind: str) -> ToxicityDefinition | None:
    """The definition storing records of `kind`, None for the other records (patient, cycle, dose)."""
    try:
        return for_record_kind(kind)
    except ValueError:
        return None


def record_label(kind: str) -> str:
    """A record kind in words: a toxicity's record label from the registry ("injection site
    reaction"), the others (patient, cycle, dose) from the shared wording."""
    definition = definition_of_kind(kind)
    if definition is not None:
        return QCoreApplication.translate("toxicities", definition.record_label)
    return QCoreApplication.translate("wording", KIND_LABELS.get(kind, kind))
