"""Lab import, the column mapping (issue 19): which header of a laboratory export holds each field.

Its own module because the mapping is what the user edits and the app remembers per source
(exchange/mappings.py), read by the command line and the import dialog before any row is checked:
the fields and their labels, the headers exports commonly use for each (`guess_mapping`), and the
`ColumnMapping` with how patients are named and dates written. Checking rows against it is
exchange/labimport.py; the tests and units it knows are exchange/labunits.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FIELDS = ("patient", "drawn_at", "test", "value", "unit", "lln", "uln")
FIELD_LABELS = {
    "patient": "Subject id or MRN",
    "drawn_at": "Date and time drawn",
    "test": "Test",
    "value": "Value",
    "unit": "Unit",
    "lln": "Lower limit of normal",
    "uln": "Upper limit of normal",
}
REQUIRED = ("patient", "drawn_at", "test", "value")
# A header naming each field, lower case, as exports commonly spell them (ToxTrack's own first).
HEADER_GUESSES: dict[str, tuple[str, ...]] = {
    "patient": ("subject_id", "usubjid", "subject", "subjid", "mrn", "patient", "patient id", "patient_id"),
    "drawn_at": ("drawn_at", "lbdtc", "collected", "collection time", "datetime", "date", "drawn", "sampled"),
    "test": ("test", "lbtestcd", "test code", "analyte", "lbtest", "component"),
    "value": ("value", "lborres", "result", "lbstresn", "result value"),
    "unit": ("unit", "lborresu", "units", "lbstresu"),
    "lln": ("lln", "lbornrlo", "low", "ref low", "lower limit", "normal low"),
    "uln": ("uln", "lbornrhi", "high", "ref high", "upper limit", "normal high"),
}


@dataclass(frozen=True)
class ColumnMapping:
    """Which header holds each field, how the patient is named and how dates are written; remembered
    per source (exchange/mappings.py). `date_order` is "ymd" (ISO 8601), "dmy" or "mdy" for a date
    written with slashes or dots; `tests` adds the source's own test names (upper case -> code)."""

    columns: Mapping[str, str]
    patient_key: str = "subject_id"  # or "mrn"
    date_order: str = "ymd"
    tests: Mapping[str, str] = field(default_factory=dict)
    encoding: str = ""  # "" = detect
    delimiter: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "columns": dict(self.columns),
            "patient_key": self.patient_key,
            "date_order": self.date_order,
            "tests": dict(self.tests),
            "encoding": self.encoding,
            "delimiter": self.delimiter,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ColumnMapping:
        return cls(
            {str(k): str(v) for k, v in dict(data.get("columns", {})).items()},
            str(data.get("patient_key", "subject_id")),
            str(data.get("date_order", "ymd")),
            {str(k).upper(): str(v) for k, v in dict(data.get("tests", {})).items()},
            str(data.get("encoding", "")),
            str(data.get("delimiter", "")),
        )

    def missing(self, headers: Iterable[str]) -> list[str]:
        """The required fields whose column is not mapped to a header of the file."""
        present = set(headers)
        return [f for f in REQUIRED if self.columns.get(f, "") not in present]


def guess_mapping(headers: Iterable[str]) -> ColumnMapping:
    """A first mapping from the header names (each field the first header it recognises)."""
    by_lower = {h.strip().lower(): h for h in headers}
    columns = {}
    for name, guesses in HEADER_GUESSES.items():
        for guess in guesses:
            if guess in by_lower:
                columns[name] = by_lower[guess]
                break
    key = "mrn" if columns.get("patient", "").strip().lower() == "mrn" else "subject_id"
    return ColumnMapping(columns, key)
