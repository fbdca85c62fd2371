"""Files made before schema version 8, written as the app of their version wrote them.

Until version 8 (issue 14) CRS and ICANS assessments and lab results had tables of their own
(`crs_assessment`, `icans_assessment`, `lab_result`); today's repository writes them into the
assessment table, so it cannot make an older file. This writer can: the file is created by the
migration steps up to the version wanted (frozen code: storage/migrations.py), and each record goes
in as the repository of that time wrote it: validated and graded by `storage.repo_prepare.prepare`,
its fields encoded by `storage.repo_convert.field_values` (the encoding the old tables had), only
the columns the table has at that version, and one 'insert' audit row per row in the same
transaction (storage/audit.py). Corrections and voids are audited field changes, as then.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from clinical.model import Dose, PatientBundle, PatientId
from clinical.toxicities import ToxicityRecord
from storage import audit
from storage.connection import database, enable_wal, open_connection, write
from storage.engine import sqlite3
from storage.migrations import migrate
from storage.repo_convert import encode_toxicity, field_values
from storage.repo_prepare import prepare

OLD_TABLES = {
    "patient": "patient",
    "cycle": "cycle",
    "dose": "dose",
    "crs": "crs_assessment",
    "icans": "icans_assessment",
    "lab": "lab_result",
}
MOVED = ("crs_assessment", "icans_assessment", "lab_result")


def create(path: Path, version: int) -> sqlite3.Connection:
    """A new file at schema `version`, made by the migration steps up to it."""
    conn = open_connection(path)
    enable_wal(conn)
    migrate(database(conn), target=version)
    return conn


class Writer:
    """Audited writes into an old-layout file (call inside `with writer.transaction():`)."""

    def __init__(
        self, conn: sqlite3.Connection, user: str = "tester", now: dt.datetime | None = None
    ) -> None:
        self.conn, self.db = conn, database(conn)
        self.user = user
        self.now = now or dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
        tables = [str(r[0]) for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
        self.columns = {t: [str(r[1]) for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}

    def transaction(self) -> Any:
        return write(self.db)

    def _entry(self, action: str, table: str, row_id: int, changes: dict[str, Any], reason: str = "") -> None:
        at = audit.utc_text(self.now)
        entry = audit.PendingEntry(at, self.user, action, table, row_id, audit.canonical(changes), reason)
        audit.append(self.db, [entry])

    def insert(self, kind: str, record: object) -> int:
        """One row and its insert audit row; returns the row's id."""
        if isinstance(record, ToxicityRecord):
            table, values = "assessment", encode_toxicity(record)
        else:
            table, values = OLD_TABLES[kind], field_values(kind, record)  # type: ignore[arg-type]
        return self.insert_values(table, {k: v for k, v in values.items() if k in self.columns[table]})

    def insert_values(self, table: str, values: dict[str, object]) -> int:
        """A row given as its column values, with its insert audit row (a row an old rule wrote)."""
        names, marks = ", ".join(values), ", ".join("?" * len(values))
        cursor = self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(values.values()))
        row_id = int(cursor.lastrowid or 0)
        self._entry("insert", table, row_id, {k: [None, v] for k, v in values.items()})
        return row_id

    def update(self, table: str, row_id: int, values: dict[str, object], action: str, reason: str) -> None:
        """Changed columns of one row with their audit row (a correction, void or unvoid)."""
        cursor = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        old = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
        changes = audit.diff(old, values)
        assignments = ", ".join(f"{name} = ?" for name in changes)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [values[n] for n in changes] + [row_id]
        )
        self._entry(action, table, row_id, changes, reason)

    def correct(self, kind: str, row_id: int, changes: dict[str, object], reason: str) -> None:
        """A correction as the old repository made it: the record regraded from its new fields."""
        table = OLD_TABLES[kind]
        cursor = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        from storage.repo_convert import decode

        row = dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
        edited = replace(decode(kind, row), **changes)  # type: ignore[type-var]
        checked = prepare(kind, edited, dt.date.min, self.now, self.now.date())
        values = {k: v for k, v in field_values(kind, checked).items() if k in self.columns[table]}
        self.update(table, row_id, values, "correct", reason)

    def bundle(self, bundle: PatientBundle) -> PatientId:
        """A whole patient as bulk_insert stored one: patient, cycles and doses, CRS, ICANS, labs
        and (in a file that has the assessment table) the data-defined records."""
        now, today = self.now, self.now.date()
        patient = prepare("patient", bundle.patient, dt.date.min, now, today)
        pid = PatientId(self.insert("patient", patient))
        enrolment = bundle.patient.enrolment_date
        doses: list[tuple[int, Dose]] = []
        for cycle, planned in bundle.cycles:
            cid = self.insert(
                "cycle", prepare("cycle", replace(cycle, patient_id=pid), enrolment, now, today)
            )
            for dose in planned:
                checked = cast(
                    Dose, prepare("dose", replace(dose, patient_id=pid, cycle_id=cid), enrolment, now, today)
                )
                doses.append((self.insert("dose", checked), checked))
        for kind, records in (("crs", bundle.crs), ("icans", bundle.icans), ("lab", bundle.labs)):
            for record in records:
                placed = replace(record, patient_id=pid, recorded_by=record.recorded_by or self.user)  # type: ignore[type-var]
                self.insert(kind, prepare(kind, placed, enrolment, now, today))
        if "assessment" in self.columns:
            for extra in bundle.records:
                dose_id = doses[extra.dose_id][0] if extra.dose_id is not None else None
                placed = replace(
                    extra, patient_id=pid, dose_id=dose_id, recorded_by=extra.recorded_by or self.user
                )
                self.insert(extra.kind, prepare(extra.kind, placed, enrolment, now, today))
        return pid


def write_file(path: Path, version: int, bundles: list[PatientBundle], now: dt.datetime) -> list[PatientId]:
    """A file at `version` holding `bundles`, written in one transaction; closed afterwards."""
    conn = create(path, version)
    try:
        writer = Writer(conn, now=now)
        with writer.transaction():
            return [writer.bundle(bundle) for bundle in bundles]
    finally:
        conn.close()


def rows(path: Path, table: str) -> list[dict[str, object]]:
    """Every row of a table by id, read with a plain connection."""
    conn = sqlite3.connect(path)
    try:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]
    finally:
        conn.close()


def old_layout(repo: Any, columns: dict[str, list[str]]) -> dict[str, list[dict[str, object]]]:
    """The rows of the tables version 8 moved, as they would read in the old layout: each moved
    record (found by its 'move' audit entry) under its old id, with the old table's `columns`."""
    from storage.layout import MOVED_TABLES, record_values

    found: dict[str, list[dict[str, object]]] = {table: [] for table in MOVED_TABLES}
    for entry in repo._rows("SELECT row_id, changes FROM audit_log WHERE action = 'move' ORDER BY id"):
        changes = json.loads(str(entry["changes"]))
        table, old_id = changes["table_name"][0], changes["id"][0]
        [row] = repo._rows("SELECT * FROM assessment WHERE id = ?", (entry["row_id"],))
        values = {**record_values(MOVED_TABLES[table][0], row), "id": old_id}
        found[table].append({name: values[name] for name in columns[table]})
    return {table: sorted(rows, key=lambda r: int(r["id"])) for table, rows in found.items()}  # type: ignore[call-overload]


def moved_ids(repo: Any) -> dict[tuple[str, int], int]:
    """(old table, old id) -> the record's id in the assessment table, from the 'move' entries."""
    found = {}
    for entry in repo._rows("SELECT row_id, changes FROM audit_log WHERE action = 'move' ORDER BY id"):
        changes = json.loads(str(entry["changes"]))
        found[(str(changes["table_name"][0]), int(changes["id"][0]))] = int(entry["row_id"])
    return found
