"""Dataclass <-> row conversion, driven by the `clinical.model` type hints (one rule per type)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import operator
import types
import typing
from collections.abc import Callable
from functools import cache

from clinical.errors import ToxTrackError, ValidationError
from clinical.model import CrsAssessment, Cycle, Dose, DoseId, IcansAssessment, LabResult, Patient, PatientId
from clinical.toxicities import ToxicityDefinition, ToxicityRecord, all_definitions
from clinical.wording import KIND_LABELS
from storage.audit import utc_text
from storage.errors import DatabaseRefusedError
from storage.layout import TYPED_KINDS, assessment_values, record_values
from storage.schema import ASSESSMENT_TABLE, TABLES

Record = Patient | Cycle | Dose | CrsAssessment | IcansAssessment | LabResult | ToxicityRecord
RECORD_TYPES: dict[str, type[Record]] = {
    "patient": Patient,
    "cycle": Cycle,
    "dose": Dose,
    "crs": CrsAssessment,
    "icans": IcansAssessment,
    "lab": LabResult,
}
Encoder = Callable[[object], object]
Codec = tuple[Encoder, Callable[[object], object]]


def _unwrap(hint: object) -> tuple[object, bool]:
    """(inner type, nullable) for `X | None`; NewTypes become their base type."""
    nullable = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable, hint = True, args[0]
    while hasattr(hint, "__supertype__"):
        hint = hint.__supertype__
    return hint, nullable


def _ice_encode(value: object) -> object:
    return "".join("1" if item else "0" for item in typing.cast(tuple[bool, ...], value))


def _codec(hint: object) -> Codec:
    """(encode for SQLite, decode from SQLite) for one field type."""
    # Encoders are plain callables (no lambda + cast per value): bulk writes encode every field.
    if hint is dt.datetime:
        return (typing.cast(Encoder, utc_text), lambda v: dt.datetime.fromisoformat(str(v)))
    if hint is dt.date:
        return (operator.methodcaller("isoformat"), lambda v: dt.date.fromisoformat(str(v)))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        choice = hint
        return (operator.attrgetter("value"), lambda v: choice(v))
    if hint is bool:
        return (lambda v: int(bool(v)), lambda v: bool(v))
    if hint is float:
        return (typing.cast(Encoder, float), lambda v: float(typing.cast(float, v)))
    if typing.get_origin(hint) is tuple and typing.get_args(hint)[0] is bool:
        return (_ice_encode, lambda v: tuple(ch == "1" for ch in str(v)))
    if typing.get_origin(hint) is tuple:
        return (
            lambda v: json.dumps(list(typing.cast(tuple[str, ...], v))),
            lambda v: tuple(json.loads(str(v))),
        )
    return (lambda v: v, lambda v: v)


@cache
def codecs(kind: str) -> dict[str, tuple[Codec, bool]]:
    """Field name -> (codec, nullable) for one record kind."""
    hints = typing.get_type_hints(RECORD_TYPES[kind])
    result = {}
    for field in dataclasses.fields(RECORD_TYPES[kind]):
        inner, nullable = _unwrap(hints[field.name])
        result[field.name] = (_codec(inner), nullable)
    return result


def columns(kind: str) -> list[str]:
    """Stored columns of a kind, in dataclass order, without `id`."""
    return [name for name in codecs(kind) if name != "id"]


@cache
def _encoders(kind: str) -> tuple[tuple[str, Callable[[object], object] | None], ...]:
    """(field, encoder or None when the value is stored as it is), without `id`."""
    plain = {int, str}
    hints = typing.get_type_hints(RECORD_TYPES[kind])
    result = []
    for name, ((enc, _), _nullable) in codecs(kind).items():
        if name != "id":
            inner, _ = _unwrap(hints[name])
            result.append((name, None if inner in plain else enc))
    return tuple(result)


def data_defined(kind: str) -> ToxicityDefinition | None:
    """The definition of a kind whose records are ToxicityRecords, or None for the kinds with a
    typed record (patient, cycle, dose; CRS, ICANS and lab results, whose rows are in the same
    assessment table since schema version 8: storage/layout.py)."""
    if kind in RECORD_TYPES:
        return None
    for definition in all_definitions():
        if definition.record_kind == kind and definition.record_type is ToxicityRecord:
            return definition
    return None


def known_kind(kind: str) -> str:
    """`kind` when storage keeps records of it; ValidationError naming the known kinds otherwise."""
    if kind in RECORD_TYPES or data_defined(kind) is not None:
        return kind
    words = [KIND_LABELS[k] for k in RECORD_TYPES] + [
        d.record_label for d in all_definitions() if d.record_kind not in RECORD_TYPES
    ]
    raise ValidationError("kind", kind, "one of " + ", ".join(words))


def table_of(kind: str) -> str:
    """The table holding records of `kind` (every toxicity's: the one assessment table)."""
    return TABLES.get(kind) or ASSESSMENT_TABLE


def encode(kind: str, record: Record) -> dict[str, object]:
    """The row values (without `id`) for a record; None stays None (NOT NULL is the schema's job).
    A CRS, ICANS or lab record is an assessment-table row (storage/layout.py)."""
    if isinstance(record, ToxicityRecord):
        return encode_toxicity(record)
    values = field_values(kind, record)
    return assessment_values(kind, values) if kind in TYPED_KINDS else values


def field_values(kind: str, record: Record) -> dict[str, object]:
    """A typed record's fields (without `id`) as stored: enums as text, booleans 0/1, times as text."""
    row: dict[str, object] = {}
    for name, enc in _encoders(kind):
        value = getattr(record, name)
        row[name] = value if enc is None or value is None else enc(value)
    return row


def inputs_text(values: object) -> str:
    """The JSON text of a record's input values, as the `inputs` column and its audit rows hold it
    (keys sorted, so equal values are equal text and a correction's audit diff shows real changes)."""
    plain = {k: list(v) if isinstance(v, tuple) else v for k, v in dict(values).items()}  # type: ignore[call-overload]
    return json.dumps(plain, sort_keys=True)


def encode_toxicity(record: ToxicityRecord) -> dict[str, object]:
    """The assessment-table row of a data-defined record (without `id`); `effective_grade` is kept
    here with the grade and override it follows (the schema's CHECK pins it)."""
    return {
        "patient_id": record.patient_id,
        "kind": record.kind,
        "assessed_at": utc_text(record.assessed_at),
        "dose_id": record.dose_id,
        "inputs": inputs_text(record.values),
        "grade": record.grade,
        "scale": record.scale,
        "reasons": json.dumps(list(record.reasons)),
        "override_grade": record.override_grade,
        "override_reason": record.override_reason,
        "effective_grade": record.effective_grade,
        "recorded_by": record.recorded_by,
        "voided": int(bool(record.voided)),
    }


def decode_toxicity(row: dict[str, object]) -> ToxicityRecord:
    """A ToxicityRecord from an assessment-table row (JSON lists come back as tuples)."""
    try:
        values = {
            k: tuple(v) if isinstance(v, list) else v for k, v in json.loads(str(row["inputs"])).items()
        }
        dose = row["dose_id"]
        override = row["override_grade"]
        return ToxicityRecord(
            kind=str(row["kind"]),
            patient_id=PatientId(int(typing.cast(int, row["patient_id"]))),
            assessed_at=dt.datetime.fromisoformat(str(row["assessed_at"])),
            values=values,
            dose_id=None if dose is None else DoseId(int(typing.cast(int, dose))),
            grade=None if row["grade"] is None else int(typing.cast(int, row["grade"])),
            scale=str(row["scale"]),
            reasons=tuple(json.loads(str(row["reasons"]))),
            override_grade=None if override is None else int(typing.cast(int, override)),
            override_reason=str(row["override_reason"]),
            recorded_by=str(row["recorded_by"]),
            voided=bool(row["voided"]),
            id=int(typing.cast(int, row["id"])) if row.get("id") is not None else None,
        )
    except (ValueError, AttributeError, TypeError) as exc:
        raise DatabaseRefusedError(
            f"A stored {row.get('kind')} record cannot be read (its values are damaged); "
            "run toxtrack check and restore a backup."
        ) from exc


def decode(kind: str, row: dict[str, object]) -> Record:
    """A record from a row mapping (extra columns such as void_reason are ignored)."""
    if kind not in RECORD_TYPES:
        return decode_toxicity(row)
    values: dict[str, object] = {}
    name = ""
    try:
        if kind in TYPED_KINDS and "inputs" in row:  # an assessment-table row (storage/layout.py)
            name = "inputs"
            row = record_values(kind, row)
        for name, ((_, dec), _nullable) in codecs(kind).items():
            if name in row:
                value = row[name]
                values[name] = None if value is None else dec(value)
        return RECORD_TYPES[kind](**values)  # type: ignore[arg-type]
    except ToxTrackError:
        raise  # the model's own ValidationError says what is wrong in its words
    except ValueError as exc:  # a damaged page that still reads (issue 12: a traceback)
        raise DatabaseRefusedError(
            f"A stored {kind} record cannot be read (its {name.replace('_', ' ')} is damaged); "
            "run toxtrack check and restore a backup."
        ) from exc
