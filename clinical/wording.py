"""How a field and a value are named to a clinician: the form's label, the value as the form shows it.

A refused value used to read "given_at: datetime.datetime(2027, 1, 3, 14, 35, tzinfo=...) is not
allowed" (issue 13): a Python repr and a column name. Every user-visible message about a record
field goes through here instead: labels as the entry forms label them (with their units), times in
local time to the minute with the UTC offset, choices in words, text quoted, never a repr.
Pure Python (no Qt): storage builds its messages with it, and the GUI translates the labels.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Iterator, Mapping

from clinical.toxicities.registry import all_definitions

# The label each entry form gives a field (gui/patient/*_form.py, gui/patient/record_dose_dialog.py,
# gui/dialogs/new_patient_dialog.py), with the unit the form shows. A field missing here is shown with its
# underscores as spaces, which tests/storage/test_messages.py refuses for every field storage names.
# A toxicity's inputs are labelled by its definition (InputSpec.label), added below.
_RECORD_FIELD_LABELS: dict[str, str] = {
    "subject_id": "Subject id",
    "deviation": "Protocol check: reason",
    "regimen": "Regimen",
    "enrolment_date": "Enrolment date",
    "sex": "Sex",
    "birth_year": "Birth year",
    "name": "Name",
    "mrn": "MRN",
    "status": "Status",
    "status_reason": "Status reason",
    "notes": "Notes",
    "demo": "Demo data",  # no form field (Load demo sets it); the patient list's Data column
    "start_date": "Start date (cycle day 1)",
    "start": "Start date (cycle day 1)",
    "cycle": "Cycle",
    "number": "Cycle number",
    "patient_id": "Patient",
    "cycle_id": "Cycle",
    "cycle_day": "Cycle day",
    "planned_date": "Planned date",
    "planned_ug": "Planned amount (µg)",
    "given_at": "Time (local)",
    "amount_ug": "Amount given (µg)",
    "site": "Injection site",
    "lot": "Lot",
    "reason": "Reason",
    "reason_text": "Details",
    "premedication": "Premedication",
    "recorded_by": "Recorded by",
    "assessed_at": "Time (local)",
    "grade": "Grade",
    "scale": "Grading scale",
    "reasons": "Why",
    "override_grade": "Override grade",
    "override_reason": "Override reason",
    "drawn_at": "Drawn at (local)",
    "voided": "Voided (entered in error)",
    "void_reason": "Reason voided",
    "id": "Record number",
    "kind": "Kind of record",
    "dose_id": "After the dose given",
    "inputs": "Inputs",
    "changes": "Fields changed",
}


def _input_labels() -> dict[str, str]:
    """Each registered toxicity input's label, by input name (the first definition's, in registry
    order, when two definitions share an input name)."""
    labels: dict[str, str] = {}
    for definition in all_definitions():
        for spec in definition.inputs:
            labels.setdefault(spec.name, spec.label)
    return labels


class _FirstUse(Mapping[str, str]):
    """A read-only mapping built at its first read. Storage and the GUI import the label tables
    at start-up, but read them only to word a message or a history row: built at import, they
    loaded the whole toxicity registry before the window's first paint (issue 14)."""

    def __init__(self, build: Callable[[], dict[str, str]]) -> None:
        self._build = build
        self._built: dict[str, str] | None = None

    def _table(self) -> dict[str, str]:
        if self._built is None:
            self._built = self._build()
        return self._built

    def __getitem__(self, key: str) -> str:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return repr(self._table())


def _field_labels() -> dict[str, str]:
    return {
        **{name: label for name, label in _input_labels().items() if name not in _RECORD_FIELD_LABELS},
        **_RECORD_FIELD_LABELS,
    }


def _kind_labels() -> dict[str, str]:
    return {
        "patient": "patient",
        "cycle": "cycle",
        "dose": "dose",
        **{definition.record_kind: definition.record_label for definition in all_definitions()},
    }


# Every field's label: the app's own (above), and each registered toxicity's inputs as their
# definitions label them. Built when first read.
FIELD_LABELS: Mapping[str, str] = _FirstUse(_field_labels)

# The record kinds of the storage API (`repo.history(kind, ...)`) in words: the app's own kinds,
# then every registered toxicity's records as its definition names them (clinical/toxicities):
# "crs" -> "CRS assessment", "lab" -> "lab result", "injection_site_reaction" -> "injection site reaction".
# Built when first read.
KIND_LABELS: Mapping[str, str] = _FirstUse(_kind_labels)

_LONGEST_TEXT = 60  # characters of a refused text quoted in a message; the rest is counted


def field_label(name: str) -> str:
    """The form's label of a field ("amount_ug" -> "Amount given (µg)")."""
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def choice_words(value: str) -> str:
    """A stored choice value in words ("one_vasopressor" -> "one vasopressor")."""
    return value.replace("_", " ")


def local_minute(moment: dt.datetime) -> str:
    """ "2027-01-03 15:35 (UTC+01:00)": local time to the minute with its offset, as the forms
    show it (gui.formatting.local_time); a time without a zone says so instead of guessing one."""
    if moment.tzinfo is None:
        return f"{moment:%Y-%m-%d %H:%M} (no time zone)"
    local = moment.astimezone()
    minutes = int((local.utcoffset() or dt.timedelta(0)).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{local:%Y-%m-%d %H:%M} (UTC{sign}{hours:02d}:{mins:02d})"


def _number(value: float) -> str:
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "infinite" if value > 0 else "minus infinite"
    return f"{value:g}"


def _text(value: str) -> str:
    """Quoted, control characters made visible, a lone surrogate replaced, a long text cut."""
    cleaned = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else ("·" if ord(c) < 32 else c) for c in value)
    if len(cleaned) > _LONGEST_TEXT:
        cleaned = f"{cleaned[:_LONGEST_TEXT]}… ({len(value)} characters)"
    return f"“{cleaned}”"


def shown(value: object) -> str:
    """A value as a form would show it; never a Python repr."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return choice_words(str(value.value))
    if isinstance(value, int | float):
        return _number(float(value)) if isinstance(value, float) else str(value)
    if isinstance(value, dt.datetime):
        return local_minute(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return ", ".join(field_label(str(name)) for name in value) or "nothing"
    if isinstance(value, list | tuple):
        return f"{len(value)} answers"
    return "a value of the wrong kind"


def describe(field: str, value: object, allowed: str, *, label: str = "") -> str:
    """The sentence of a refused value: "Amount given (µg): 5000 is not allowed; a number ...".

    An empty value says "nothing entered" rather than quoting nothing. `label`: the field's label
    when the caller has its own (a toxicity definition's input), else the shared one."""
    label = label or field_label(field)
    if value is None or value == "":
        return f"{label}: nothing entered; {allowed}."
    return f"{label}: {shown(value)} is not allowed; {allowed}."
