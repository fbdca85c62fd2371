"""Lab results from a laboratory system's export (issue 19): the row checks and the preview.

Qt-free and SQL-free: `plan_import` takes the file's table, a `ColumnMapping` (exchange/labcolumns.py),
the database's patients and the values already stored (plain data the caller read through
`Repository`), and returns every row it would add (with the record to store) and every row it
refuses, with why. Storing is `Repository.import_records` (one transaction, one audited batch). The
records are what the lab form writes: an ANC is a `LabResult` (kind "lab"); every other graded lab
test is a record of its CTCAE lab term (clinical/toxicities/lab_terms.py) with its value, its limit
of normal and the lab source. The tests it knows and their unit conversions are exchange/labunits.py.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from clinical.model import LabResult, PatientId
from clinical.toxicities import ToxicityRecord
from clinical.toxicities.lab_terms import SOURCE
from exchange.labcolumns import FIELDS, ColumnMapping
from exchange.labunits import TEST_ALIASES, Target, factor, scaled, targets

_T = TypeVar("_T")

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
    if type(cell) is str:  # the usual cell: where float() takes it as it is, the result is the same
        try:
            value = float(cell)
        except ValueError:
            pass
        else:
            return value if value == value and value not in (float("inf"), float("-inf")) else None
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

    def look_up(
        line: int, row: tuple[object, ...], name: str, table: Mapping[str, _T]
    ) -> tuple[str, _T] | None:
        """The row's `name` cell and what `table` holds for it (upper case), or None: refused as unknown."""
        text = str(cell(row, name)).strip()
        found = table.get(text.upper())
        if found is None:
            refuse(line, row, f"{REFUSALS[name]}: {text or '(empty)'}")
            return None
        return text, found

    def when(raw: object) -> tuple[dt.datetime, str, dt.date] | None:
        if raw not in times:
            at = parse_time(raw, mapping.date_order, tz)
            times[raw] = None if at is None else (at, _utc_key(at), at.astimezone().date())
        return times[raw]

    def add(pending: Pending, scale: float) -> None:
        line, row, target, pid, subject, at, utc_key, raw_value, raw_limit = pending
        value = scaled(raw_value, scale)
        limit = None if raw_limit is None else scaled(raw_limit, scale)
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
        first = row[0] if row else None
        if not (type(first) is str and first.strip()) and _blank(row):
            continue
        patient = look_up(line, row, "patient", find)
        if patient is None:
            continue
        subject, (pid, enrolment) = patient
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
        test = look_up(line, row, "test", names)
        if test is None:
            continue
        target = known[test[1]]
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


def _mapped(mapping: ColumnMapping, name: str, headers: tuple[str, ...]) -> bool:
    return mapping.columns.get(name, "") in headers


def _blank(row: tuple[object, ...]) -> bool:
    """No cell holds anything but spaces (a blank line of the file)."""
    return not any(str(c).strip() for c in row if c is not None)
