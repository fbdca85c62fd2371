"""Repository role: bulk writes (demo cohort, imports, benchmarks) in one audited transaction.

Ids are assigned here (the transaction holds the write lock, so nobody else can take them), rows
go in with executemany per table in batches, and audit rows are hashed in order in Python so
the chain stays valid. Validation and grading are the same as for single records (plain valid
records take a quick check that accepts only what full validation returns unchanged). A write that
more than doubles a table rebuilds that table's non-unique indexes once, before COMMIT, instead of
updating them row by row; the database file never holds the new rows without their indexes.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import cast

from clinical.errors import ValidationError
from clinical.model import CycleId, Dose, DoseId, PatientBundle, PatientId
from clinical.toxicities import ToxicityRecord
from storage import validation
from storage.bulk_batch import _GRADE, _QUICK, _RECORDS, BATCH_PATIENTS, Progress, _Batch
from storage.connection import AUDIT_TABLE
from storage.engine import sqlite3
from storage.errors import DemoRefusedError
from storage.repo_base import RepositoryBase
from storage.repo_convert import data_defined, known_kind
from storage.repo_prepare import (
    Quick,
    prepare,
    quick_dose,
    validated,
)
from storage.repo_records import check_linked_dose
from storage.schema import ASSESSMENT_TABLE, TABLES

BULK_CACHE_KIB = 128 * 1024  # page cache during a bulk write (SQLite's default is 2 MiB)


def _rows_added(patients: Sequence[PatientBundle]) -> dict[str, int]:
    """Rows a bulk write adds to each table: one audit row per clinical row."""
    added = {
        TABLES["patient"]: len(patients),
        TABLES["cycle"]: sum(len(bundle.cycles) for bundle in patients),
        TABLES["dose"]: sum(len(doses) for bundle in patients for _, doses in bundle.cycles),
        ASSESSMENT_TABLE: sum(
            len(bundle.crs) + len(bundle.icans) + len(bundle.labs) + len(bundle.records)
            for bundle in patients
        ),
    }
    added[AUDIT_TABLE] = sum(added.values())
    return added


def _set_aside_indexes(conn: sqlite3.Connection, added: dict[str, int], held: dict[str, int]) -> list[str]:
    """Drop the secondary indexes of each table this write more than doubles, and return their
    CREATE statements for the caller to run before COMMIT. Building an index once from the finished
    table (a sort) is much cheaper than updating it row by row, and DDL is transactional in SQLite:
    a failure or a crash before COMMIT leaves the old schema, indexes included. UNIQUE indexes stay,
    so a duplicate is still refused by the row that brings it, and so do SQLite's own (sql IS NULL)."""
    rebuild: list[str] = []
    found = conn.execute(
        "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
        "ORDER BY rowid"
    ).fetchall()
    for name, table, sql in found:
        unique = str(sql).upper().startswith("CREATE UNIQUE")
        if not unique and added.get(table, 0) > held.get(table, 0):
            conn.execute(f'DROP INDEX "{name}"')
            rebuild.append(str(sql))
    return rebuild


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Automatic garbage collection off for the write, back as it was afterwards. A batch holds
    several containers per row until it is flushed; each collection of the older generations walks
    them and the caller's records again (measured: about half the time of building a batch of rows),
    and the write makes no reference cycles for it to find. Where collection is already off (the
    GUI collects on its own thread: gui/gc_guard.py) nothing changes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _large_cache(conn: sqlite3.Connection) -> Iterator[None]:
    """A page cache of BULK_CACHE_KIB for the write, so SQLite keeps the pages it is filling in
    memory instead of spilling them to the WAL and reading them back; the connection's own size
    comes back afterwards (the setting is per connection and not part of the transaction)."""
    before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
    conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {before}")


class BulkMixin(RepositoryBase):
    def bulk_insert(
        self, patients: Sequence[PatientBundle], progress: Progress | None = None
    ) -> list[PatientId]:
        """Insert whole patients with their records in one transaction; all or nothing.

        Demo patients go only into a file without real patients (DemoRefusedError otherwise), so
        synthetic records are never mixed with patient records."""
        self._require("enter")
        ids: list[PatientId] = []
        with _collector_paused(), _large_cache(self._db.conn), self.transaction():
            if any(bundle.patient.demo for bundle in patients):
                self._check_no_real_patients()  # inside the write lock: no real patient slips in first
            self._check_subject_ids(patients)
            batch = _Batch(self)
            rebuild = _set_aside_indexes(self._db.conn, _rows_added(patients), batch.held())
            for done, bundle in enumerate(patients, start=1):
                ids.append(self._add_bundle(batch, bundle))
                if done % BATCH_PATIENTS == 0:
                    batch.flush()
                    if progress is not None:
                        progress(done, len(patients))
            batch.flush()
            for sql in rebuild:  # before COMMIT: the file never holds the rows without their indexes
                self._db.conn.execute(sql)
        if progress is not None:
            progress(len(patients), len(patients))
        return ids

    def _check_no_real_patients(self) -> None:
        real = int(self._scalar("SELECT count(*) FROM patient WHERE demo = 0") or 0)  # type: ignore[call-overload]
        if real:
            raise DemoRefusedError(
                f"The demo cohort was not loaded: this database holds {real} real "
                f"patient{'s' if real != 1 else ''}, and synthetic demo patients go only into a new, "
                "empty database. Create a new database file for the demo."
            )

    def _check_subject_ids(self, patients: Sequence[PatientBundle]) -> None:
        wanted = [bundle.patient.subject_id for bundle in patients]
        seen: set[str] = set()
        for subject in wanted:
            if subject in seen:
                raise ValidationError("subject_id", subject, "a subject id used once in the batch")
            seen.add(subject)
        taken = self._rows(
            "SELECT subject_id FROM patient WHERE subject_id IN (SELECT value FROM json_each(?)) LIMIT 1",
            (json.dumps(wanted),),
        )
        if taken:
            raise ValidationError("subject_id", taken[0]["subject_id"], "a subject id not already used")

    def _add_bundle(self, batch: _Batch, bundle: PatientBundle) -> PatientId:
        today, now = self.today(), self.now()
        patient = validation.patient(bundle.patient, today)
        pid = PatientId(batch.add("patient", patient))
        enrolment = patient.enrolment_date
        quick = Quick(enrolment, now, today)
        stored: list[tuple[DoseId, Dose]] = []  # the bundle's doses in order, with their new ids
        for cycle, doses in bundle.cycles:
            checked_cycle = validated("cycle", cycle, enrolment, now, today)
            cid = CycleId(batch.add("cycle", checked_cycle, {"patient_id": pid}))
            links: dict[str, object] = {"patient_id": pid, "cycle_id": cid}
            for dose in doses:
                # quick_* accepts only what `validated` returns unchanged; the rest goes through it
                checked_dose = (
                    dose if quick_dose(dose, quick) else validated("dose", dose, enrolment, now, today)
                )
                stored.append((DoseId(batch.add("dose", checked_dose, links)), cast(Dose, checked_dose)))
        for kind, records in (("crs", bundle.crs), ("icans", bundle.icans), ("lab", bundle.labs)):
            accept, grade = _QUICK[kind], _GRADE[kind]
            for record in records:
                checked = record if accept(record, quick) else validated(kind, record, enrolment, now, today)
                links = {"patient_id": pid, "recorded_by": record.recorded_by or self.user}
                batch.add(kind, checked, links, grade(checked))
        for extra in bundle.records:
            batch.add(_RECORDS, self._bundle_record(extra, pid, stored, (enrolment, now, today)))
        return pid

    def _bundle_record(
        self,
        record: ToxicityRecord,
        pid: PatientId,
        doses: list[tuple[DoseId, Dose]],
        when: tuple[dt.date, dt.datetime, dt.date],
    ) -> ToxicityRecord:
        """A bundle's data-defined record validated and graded as `add_record` does, its dose
        position turned into the dose's new id and checked (a given, non-voided dose of the bundle)."""
        kind = known_kind(record.kind)
        definition = data_defined(kind)
        if definition is None:
            allowed = (
                "a toxicity recorded with the inputs of its definition (the others have records of their own)"
            )
            raise ValidationError("kind", record.kind, allowed)
        position = record.dose_id
        linked: tuple[DoseId, Dose] | None = None
        if isinstance(position, int) and not isinstance(position, bool) and 0 <= position < len(doses):
            linked = doses[position]
        placed = replace(
            record,
            patient_id=pid,
            dose_id=linked[0] if linked else record.dose_id,
            recorded_by=record.recorded_by or self.user,
        )
        checked = cast(ToxicityRecord, prepare(kind, placed, *when))
        dose = replace(linked[1], patient_id=pid) if linked else None
        check_linked_dose(definition, checked, dose)
        for spec in definition.inputs:  # a new patient has no record yet that a link could name
            if spec.type == "record" and checked.values.get(spec.name) is not None:
                allowed = "none when patients are added in bulk: link it once the record it names is saved"
                raise ValidationError(spec.name, checked.values[spec.name], allowed, label=spec.label)
        return checked
