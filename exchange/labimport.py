"""Lab results from a laboratory system's export (issue 19): column mapping, units, the preview.

Qt-free and SQL-free: `plan_import` takes the file's table, a `ColumnMapping`, the database's patients
and the values already stored (plain data the caller read through `Repository`), and returns every
row it would add (with the record to store) and every row it refuses, with why. Storing is
`Repository.import_records` (one transaction, one audited batch). The records are what the lab form
writes: an ANC is a `LabResult` (kind "lab"); every other graded lab test is a record of its CTCAE
lab term (clinical/toxicities/lab_terms.py) with its value, its limit of normal and the lab source.

Units: counts are stored in 10^9/L (cells/µL and /mm³ x 0.001; 10^3/µL, K/µL, G/L x 1), haemoglobin
in g/L (g/dL x 10), a neutrophil or lymphocyte count in % of the WBC becomes % / 100 x the WBC of
the same sample (same patient, same time, in the same file). The "increased" terms (ALT, AST,
bilirubin, creatinine) are graded as multiples of the ULN, so their value and ULN stay in the lab's
own unit (docs/clinical-additions.md §5), which the row must give for both.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from clinical.model import LabResult, PatientId
from clinical.toxicities import ToxicityRecord, all_definitions
from clinical.toxicities.lab_terms import SOURCE, fields_of, lab_term_definitions

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

COUNT, HAEMOGLOBIN, OWN_UNIT = "count", "haemoglobin", "own"


@dataclass(frozen=True)
class Target:
    """What a test becomes: a record `kind`, its value input `value`, its limit input `limit`
    (an LLN for a decreased count, a ULN for an increased term), the unit family."""

    code: str  # the CDISC LBTESTCD ToxTrack writes (NEUT, PLAT...)
    label: str
    kind: str
    value: str
    limit: str
    family: str
    low: float
    high: float
    percent_of_wbc: bool = False

    @property
    def limit_is_lower(self) -> bool:
        return self.limit in ("lln",) or self.limit.endswith("_lln")


# The test names of each target (upper case); a mapping may add its own (`ColumnMapping.tests`).
TEST_ALIASES: dict[str, tuple[str, ...]] = {
    "NEUT": ("NEUT", "ANC", "NEUTROPHILS", "NEUTROPHIL COUNT", "ABSOLUTE NEUTROPHIL COUNT", "NEUT#"),
    "PLAT": ("PLAT", "PLT", "PLATELETS", "PLATELET COUNT"),
    "LYM": ("LYM", "LYMPH", "LYMPHOCYTES", "LYMPHOCYTE COUNT", "LYMPH#"),
    "WBC": ("WBC", "LEUKOCYTES", "WHITE BLOOD CELLS", "WHITE CELL COUNT", "WBC COUNT"),
    "HGB": ("HGB", "HB", "HAEMOGLOBIN", "HEMOGLOBIN"),
    "ALT": ("ALT", "ALAT", "SGPT", "GPT", "ALANINE AMINOTRANSFERASE"),
    "AST": ("AST", "ASAT", "SGOT", "GOT", "ASPARTATE AMINOTRANSFERASE"),
    "BILI": ("BILI", "TBIL", "BILIRUBIN", "TOTAL BILIRUBIN"),
    "CREAT": ("CREAT", "CREA", "CREATININE"),
}
_CODE_OF_TERM = {
    "Platelet count decreased": "PLAT",
    "Lymphocyte count decreased": "LYM",
    "White blood cell decreased": "WBC",
    "Anemia": "HGB",
    "Alanine aminotransferase increased": "ALT",
    "Aspartate aminotransferase increased": "AST",
    "Blood bilirubin increased": "BILI",
    "Creatinine increased": "CREAT",
}


def targets() -> dict[str, Target]:
    """Every test the import knows, by its code: the ANC and each registered CTCAE lab term."""
    found = {"NEUT": Target("NEUT", "ANC", "lab", "anc", "lln", COUNT, 0.0, 100.0, True)}
    for definition in lab_term_definitions(all_definitions()):
        code = _CODE_OF_TERM.get(definition.ctcae_term or "")
        if code is None:
            continue
        names = fields_of(definition)
        spec = definition.inputs[0]
        unit = spec.unit or ""
        family = COUNT if unit.startswith("×10⁹") else HAEMOGLOBIN if unit == "g/L" else OWN_UNIT
        found[code] = Target(
            code,
            definition.label,
            definition.record_kind,
            names.value,
            names.limit,
            family,
            float(spec.low if spec.low is not None else 0.0),
            float(spec.high if spec.high is not None else 1e9),
            code == "LYM",
        )
    return found


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


# ---- units ------------------------------------------------------------------------------------------
_COUNT_UNITS = {
    "10^9/l": 1.0,
    "x10^9/l": 1.0,
    "10*9/l": 1.0,
    "10e9/l": 1.0,
    "gpt/l": 1.0,
    "g/l": 1.0,  # giga per litre, in a count's row (never grams: haemoglobin has its own family)
    "/nl": 1.0,
    "10^3/ul": 1.0,
    "x10^3/ul": 1.0,
    "10*3/ul": 1.0,
    "k/ul": 1.0,
    "10^3/mm3": 1.0,
    "thou/ul": 1.0,
    "cells/ul": 0.001,
    "/ul": 0.001,
    "cells/mm3": 0.001,
    "/mm3": 0.001,
}
_HAEMOGLOBIN_UNITS = {"g/l": 1.0, "g/dl": 10.0}
PERCENT = "%"


def unit_key(unit: str) -> str:
    """A unit as the tables above spell it: lower case, no spaces, µ as u, ³ as 3, × as x."""
    text = unit.strip().lower().replace(" ", "").replace("µ", "u").replace("μ", "u").replace("×", "x")
    return text.replace("10⁹", "10^9").replace("10³", "10^3").replace("³", "3")


def factor(target: Target, unit: str) -> float | None:
    """The factor from `unit` to the stored unit; None when the unit is unknown for the test (and
    the percent mark returns -1: the count is a share of the WBC)."""
    key = unit_key(unit)
    if target.family == OWN_UNIT:
        return 1.0
    if key == PERCENT:
        return -1.0 if target.percent_of_wbc else None
    table = _COUNT_UNITS if target.family == COUNT else _HAEMOGLOBIN_UNITS
    return table.get(key)


# ---- cells ------------------------------------------------------------------------------------------
_DAY_FIRST = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_time(cell: object, order: str, tz: dt.tzinfo | None) -> dt.datetime | None:
    """A cell as an aware time (naive times are local: `tz`, or the computer's zone), or None."""
    if isinstance(cell, dt.datetime):
        moment = cell
    elif isinstance(cell, dt.date):
        moment = dt.datetime.combine(cell, dt.time())
    else:
        text = str(cell).strip()
        if not text:
            return None
        found = _DAY_FIRST.match(text) if order in ("dmy", "mdy") else None
        if found is not None:
            first, second, year, hour, minute, second_s = found.groups()
            day, month = (first, second) if order == "dmy" else (second, first)
            try:
                moment = dt.datetime(
                    int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second_s or 0)
                )
            except ValueError:
                return None
        else:
            try:
                moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz) if tz is not None else moment.astimezone()
    return moment


def parse_number(cell: object) -> float | None:
    """A number cell (a decimal comma accepted); None when empty or not a plain number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


# ---- the plan ---------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Accepted:
    """A row the import will add: file line, subject, test, time, stored value and the record."""

    line: int
    subject: str
    test: str
    drawn_at: dt.datetime
    value: float
    kind: str
    record: LabResult | ToxicityRecord


@dataclass(frozen=True, slots=True)
class Refused:
    line: int
    reason: str
    cells: tuple[str, ...]


@dataclass
class ImportPlan:
    accepted: list[Accepted]
    refused: list[Refused]

    def items(self) -> list[tuple[str, LabResult | ToxicityRecord]]:
        return [(a.kind, a.record) for a in self.accepted]


@dataclass(frozen=True)
class Patients:
    """The database's patients as an import finds them: by subject id and by MRN (id, enrolment)."""

    by_subject: Mapping[str, tuple[PatientId, dt.date]]
    by_mrn: Mapping[str, tuple[PatientId, dt.date]]

    @classmethod
    def of(cls, rows: Iterable[tuple[PatientId, str, str, dt.date]]) -> Patients:
        subject, mrn = {}, {}
        for pid, subject_id, number, enrolment in rows:
            subject[subject_id.upper()] = (pid, enrolment)
            if number:
                mrn[number.upper()] = (pid, enrolment)
        return cls(subject, mrn)


REFUSALS = {
    "patient": "unknown patient",
    "date": "unparseable date",
    "test": "unknown test",
    "value": "value not a number",
    "implausible": "implausible value",
    "unit": "unit unknown",
    "duplicate": "duplicate",
}


def _utc_key(moment: dt.datetime) -> str:
    """The stored spelling of a time (storage/audit.py utc_text): duplicates compare by it."""
    return moment.astimezone(dt.UTC).isoformat()


def plan_import(
    table_headers: tuple[str, ...],
    rows: Iterable[tuple[object, ...]],
    mapping: ColumnMapping,
    patients: Patients,
    stored: Mapping[str, set[tuple[PatientId, str, float]]],
    now: dt.datetime,
    source: str = "",
    *,
    first_line: int = 2,
    tz: dt.tzinfo | None = None,
) -> ImportPlan:
    """Every row as accepted (with its record) or refused (with why). `stored[kind]` holds the
    (patient, UTC time text, value) of the records already in the database (duplicates)."""
    known = targets()
    names = {alias: code for code, aliases in TEST_ALIASES.items() for alias in aliases if code in known}
    names.update({k.upper(): v for k, v in mapping.tests.items() if v in known})
    position = {
        name: table_headers.index(mapping.columns[name])
        for name in FIELDS
        if _mapped(mapping, name, table_headers)
    }
    find = patients.by_mrn if mapping.patient_key == "mrn" else patients.by_subject
    latest = now + dt.timedelta(days=1)
    source = source[:100]
    accepted: list[Accepted] = []
    refused: list[Refused] = []
    seen: set[tuple[object, ...]] = set()
    Pending = tuple[int, tuple[object, ...], Target, PatientId, str, dt.datetime, str, float, float | None]
    pending_percent: list[Pending] = []
    wbc: dict[tuple[PatientId, str], float] = {}
    times: dict[object, tuple[dt.datetime, str, dt.date] | None] = {}  # a sample's rows share its time

    def cell(row: tuple[object, ...], name: str) -> object:
        index = position.get(name)
        return row[index] if index is not None and index < len(row) else ""

    def refuse(line: int, row: tuple[object, ...], why: str) -> None:
        refused.append(Refused(line, why, tuple("" if c is None else str(c) for c in row)))

    def when(raw: object) -> tuple[dt.datetime, str, dt.date] | None:
        if raw not in times:
            at = parse_time(raw, mapping.date_order, tz)
            times[raw] = None if at is None else (at, _utc_key(at), at.astimezone().date())
        return times[raw]

    def add(pending: Pending, scale: float) -> None:
        line, row, target, pid, subject, at, utc_key, raw_value, raw_limit = pending
        value = _scaled(raw_value, scale)
        limit = None if raw_limit is None else _scaled(raw_limit, scale)
        if not target.low <= value <= target.high or (
            limit is not None and not target.low <= limit <= target.high
        ):
            shown = f"{target.code} {value:g} outside {target.low:g}-{target.high:g}"
            refuse(line, row, f"{REFUSALS['implausible']}: {shown}")
            return
        key = (pid, target.kind, utc_key, round(value, 9))
        if key in seen or (pid, utc_key, key[3]) in stored.get(target.kind, ()):
            where = "already in the file" if key in seen else "already stored"
            refuse(line, row, f"{REFUSALS['duplicate']}: {target.code} {value:g} at this time is {where}")
            return
        seen.add(key)
        if target.kind == "lab":
            record: LabResult | ToxicityRecord = LabResult(pid, at, value, lln=limit)
        else:
            values: dict[str, object] = {target.value: value}
            if limit is not None:
                values[target.limit] = limit
            if source:
                values[SOURCE] = source
            record = ToxicityRecord(target.kind, pid, at, values)
        accepted.append(Accepted(line, subject, target.code, at, value, target.kind, record))
        if target.code == "WBC":
            wbc[(pid, utc_key)] = value

    for line, row in enumerate(rows, start=first_line):
        if not any(str(c).strip() for c in row if c is not None):
            continue
        subject = str(cell(row, "patient")).strip()
        found = find.get(subject.upper())
        if found is None:
            refuse(line, row, f"{REFUSALS['patient']}: {subject or '(empty)'}")
            continue
        pid, enrolment = found
        parsed = when(cell(row, "drawn_at"))
        if parsed is None:
            refuse(line, row, f"{REFUSALS['date']}: {cell(row, 'drawn_at')!s}")
            continue
        at, utc_key, local_day = parsed
        if local_day < enrolment:
            refuse(line, row, f"{REFUSALS['date']}: drawn before the patient's enrolment ({enrolment})")
            continue
        if at > latest:
            refuse(line, row, f"{REFUSALS['date']}: more than a day in the future")
            continue
        test = str(cell(row, "test")).strip()
        code = names.get(test.upper())
        if code is None:
            refuse(line, row, f"{REFUSALS['test']}: {test or '(empty)'}")
            continue
        target = known[code]
        value = parse_number(cell(row, "value"))
        if value is None:
            refuse(line, row, f"{REFUSALS['value']}: {cell(row, 'value')!s}")
            continue
        unit = str(cell(row, "unit") or "")
        scale = factor(target, unit)
        if scale is None:
            refuse(line, row, f"{REFUSALS['unit']}: {unit or '(empty)'} for {target.code}")
            continue
        # an increased term without its ULN is stored "not gradable", as the form stores it
        limit = parse_number(cell(row, "lln" if target.limit_is_lower else "uln"))
        pending = (line, row, target, pid, subject, at, utc_key, value, limit)
        if scale < 0:  # a share of the WBC: converted once the file's WBCs are known
            pending_percent.append(pending)
        else:
            add(pending, scale)
    for pending in pending_percent:
        total = wbc.get((pending[3], pending[6]))
        if total is None:
            refuse(
                pending[0], pending[1], f"{REFUSALS['unit']}: % of the WBC without a WBC of the same sample"
            )
        else:
            add(pending, total / 100)
    accepted.sort(key=lambda a: a.line)
    refused.sort(key=lambda r: r.line)
    return ImportPlan(accepted, refused)


def _scaled(value: float, scale: float) -> float:
    """value x scale without the binary noise of the multiplication (0.0018, not 0.0018000000000000002)."""
    return value if scale == 1.0 else round(value * scale, 9)


def _mapped(mapping: ColumnMapping, name: str, headers: tuple[str, ...]) -> bool:
    return mapping.columns.get(name, "") in headers
