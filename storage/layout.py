"""One table for every kind (schema version 8, issue 14): how a CRS, ICANS or lab record, whose
fields once were the columns of a table of its own, is a row of the `assessment` table.

The record's own fields (as `storage.repo_convert` encodes them: enums as text, booleans 0/1, ICE
items '0'/'1' x 10) become the row's `inputs` JSON, except those every assessment row has as a real
column: patient, time, grade, scale, reasons, override, recorder and void. The same two functions
serve the repository (every write and read of those kinds), the version 8 migration (the rows it
moves) and the audit replay (which follows a moved record from its old table to its new row), so the
three cannot spell a record differently.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

# The tables version 8 moved into the assessment table: table -> (record kind, its time column).
MOVED_TABLES: dict[str, tuple[str, str]] = {
    "crs_assessment": ("crs", "assessed_at"),
    "icans_assessment": ("icans", "assessed_at"),
    "lab_result": ("lab", "drawn_at"),
}
# The record kinds stored in the assessment table with a typed record of their own (not a
# ToxicityRecord): kind -> (the table they had before version 8, the record's time field).
TYPED_KINDS: dict[str, tuple[str, str]] = {kind: (table, at) for table, (kind, at) in MOVED_TABLES.items()}
# Fields of a typed record that are real columns of the assessment table (the time field too).
_COLUMNS = (
    "id",
    "patient_id",
    "grade",
    "scale",
    "reasons",
    "override_grade",
    "override_reason",
    "recorded_by",
    "voided",
    "void_reason",
)
# A move's audit entry (action "move") names where the record came from with these two fields.
MOVED_FROM = ("table_name", "id")


def inputs_json(inputs: Mapping[str, object]) -> str:
    """The `inputs` column's text: keys sorted, as `repo_convert.inputs_text` spells it."""
    return json.dumps(dict(inputs), sort_keys=True)


def assessment_values(kind: str, values: Mapping[str, object]) -> dict[str, object]:
    """The assessment-table columns (without `id`, in `repo_convert.encode_toxicity`'s order, plus
    `void_reason` when given) of a typed record given as its stored field values."""
    _table, at = TYPED_KINDS[kind]
    inputs = {k: v for k, v in values.items() if k not in _COLUMNS and k != at}
    grade, override = values.get("grade"), values.get("override_grade")
    scale = values["scale"] if "scale" in values else f"CTCAE v{values['ctcae_version']}"
    row: dict[str, object] = {
        "patient_id": values["patient_id"],
        "kind": kind,
        "assessed_at": values[at],
        "dose_id": None,
        "inputs": inputs_json(inputs),
        "grade": grade,
        "scale": scale,
        "reasons": values["reasons"],
        "override_grade": override,
        "override_reason": values.get("override_reason", ""),
        "effective_grade": grade if override is None else override,
        "recorded_by": values.get("recorded_by", ""),
        "voided": values.get("voided", 0),
    }
    if "void_reason" in values:
        row["void_reason"] = values["void_reason"]
    return row


def record_values(kind: str, row: Mapping[str, object]) -> dict[str, object]:
    """A typed record's stored field values from its assessment row (the inverse of
    `assessment_values`; columns the record has no field for are left for the caller to ignore)."""
    _table, at = TYPED_KINDS[kind]
    values: dict[str, object] = {name: row[name] for name in _COLUMNS if name in row}
    values[at] = row["assessed_at"]
    values.update(json.loads(str(row["inputs"])))
    return values
