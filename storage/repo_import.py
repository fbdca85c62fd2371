"""Repository role: an import of records into existing patients (issue 19: lab results from a file).

Every accepted row of a file goes in through the bulk-write machinery (storage/repo_bulk.py): one
transaction, validated and graded as `add_record` does it, one hash-chained audit "insert" row per
record. The audit log has no "import" action at schema version 8, so the import is marked in the
reason of each of its audit rows ("Imported from <file> (SHA-256 <hex>)"): the batch marker that
`repo.import_batches` reads back and that an undo names. Cancelling (the progress callback returns
False) raises `ImportCancelled` inside the transaction, which rolls back: nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import cast

from clinical.errors import ToxTrackError, ValidationError
from clinical.model import LabResult, PatientId
from clinical.toxicities import ToxicityRecord
from storage.bulk_batch import _RECORDS, _Batch
from storage.repo_bulk import BulkMixin, _collector_paused, _large_cache
from storage.repo_convert import Record, data_defined, known_kind, table_of
from storage.repo_prepare import GradeMemo, Quick, lab_grade, prepare, quick_lab, quick_toxicity, validated
from storage.schema import ASSESSMENT_TABLE

ImportProgress = Callable[[int, int], bool]  # (done, total) -> go on; False cancels, nothing written
IMPORT_MARK = "Imported from "
FLUSH_EVERY = 2000


class ImportCancelled(ToxTrackError):
    """The user cancelled an import; its transaction was rolled back, nothing was written."""


def import_reason(file_name: str, sha256: str) -> str:
    """The batch marker every audit row of one import carries."""
    return f"{IMPORT_MARK}{file_name} (SHA-256 {sha256})"


class ImportMixin(BulkMixin):
    def import_records(
        self,
        items: Sequence[tuple[str, LabResult | ToxicityRecord]],
        file_name: str,
        sha256: str,
        progress: ImportProgress | None = None,
    ) -> list[tuple[str, int]]:
        """Store records of existing patients in ONE transaction, all or none, each validated and
        graded as `add_record` does; every audit row names the file and its SHA-256. Returns
        (kind, id) of each record in the order given (what an undo voids)."""
        self._require("enter")  # entered by a signed-in user whose role enters data (issue 16)
        reason = import_reason(file_name, sha256)
        written: list[tuple[str, int]] = []
        with _collector_paused(), _large_cache(self._db.conn), self.transaction():
            batch = _Batch(self, reason)
            enrolments = self._enrolments({int(r.patient_id) for _, r in items})
            now, today = self.now(), self.today()
            quick: dict[int, Quick] = {}
            grades: GradeMemo = {}  # the lab terms' grades by their inputs, for this import
            for done, (kind, record) in enumerate(items, start=1):
                pid = int(record.patient_id)
                if pid not in enrolments:
                    raise ValidationError("patient_id", pid, "a patient of this database")
                if pid not in quick:
                    quick[pid] = Quick(enrolments[pid], now, today)
                written.append((kind, self._queue(batch, kind, record, quick[pid], (now, today), grades)))
                if done % FLUSH_EVERY == 0:
                    batch.flush()
                    if progress is not None and not progress(done, len(items)):
                        raise ImportCancelled("The import was cancelled; nothing was written.")
            batch.flush()
            # the bulk path writes its audit rows itself: name the rows here, so the end of this
            # transaction voids the signature of a cycle the import changed (repo_signatures)
            self._touched.update((table_of(kind), row_id) for kind, row_id in written)
        if progress is not None:
            progress(len(items), len(items))
        return written

    def _queue(
        self,
        batch: _Batch,
        kind: str,
        record: Record,
        quick: Quick,
        when: tuple[dt.datetime, dt.date],
        grades: GradeMemo,
    ) -> int:
        if isinstance(record, LabResult) and kind == "lab":
            checked = record if quick_lab(record, quick) else validated(kind, record, quick.enrolment, *when)
            links = {"patient_id": record.patient_id, "recorded_by": self.user}
            return batch.add("lab", checked, links, lab_grade(cast(LabResult, checked)))
        definition = data_defined(known_kind(kind))
        if definition is None or definition.links_dose or not isinstance(record, ToxicityRecord):
            allowed = "a lab result or a toxicity recorded without a linked dose"
            raise ValidationError("kind", kind, allowed)
        if record.id is not None:
            raise ValidationError("id", record.id, "none for a new record")
        graded = quick_toxicity(definition, record, quick, self.user, grades)
        if graded is None:
            stamped = replace(record, recorded_by=self.user)
            graded = cast(ToxicityRecord, prepare(kind, stamped, quick.enrolment, *when))
        return batch.add(_RECORDS, graded)

    def _enrolments(self, pids: set[int]) -> dict[int, dt.date]:
        rows = self._rows(
            "SELECT id, enrolment_date FROM patient "
            "WHERE voided = 0 AND id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(pids)),),
        )
        return {int(str(r["id"])): dt.date.fromisoformat(str(r["enrolment_date"])) for r in rows}

    def patient_identifiers(self) -> list[tuple[PatientId, str, str, dt.date]]:
        """(id, subject id, MRN, enrolment date) of every non-voided patient, by subject id: one query
        (an import finds the patient of each row by either, and refuses a row before enrolment)."""
        rows = self._rows(
            "SELECT id, subject_id, mrn, enrolment_date FROM patient WHERE voided = 0 ORDER BY subject_id"
        )
        return [
            (
                PatientId(int(str(r["id"]))),
                str(r["subject_id"]),
                str(r["mrn"] or ""),
                dt.date.fromisoformat(str(r["enrolment_date"])),
            )
            for r in rows
        ]

    def input_values(self, kind: str, name: str) -> set[tuple[PatientId, str, float]]:
        """(patient, time as stored UTC text, value) of the input `name` of every non-voided record of
        `kind`: what an import compares its rows with to find duplicates. One query."""
        stored = "lab" if kind == "lab" else kind
        sql = (
            f"SELECT patient_id, assessed_at, json_extract(inputs, '$.' || ?) AS v FROM {ASSESSMENT_TABLE} "
            "WHERE kind = ? AND voided = 0"
        )
        found: set[tuple[PatientId, str, float]] = set()
        for row in self._rows(sql, (name, stored)):
            value = row["v"]
            if isinstance(value, int | float):
                found.add((PatientId(int(str(row["patient_id"]))), str(row["assessed_at"]), float(value)))
        return found

    def import_batches(self) -> list[tuple[str, int]]:
        """(the import's audit reason, records inserted) of every import, oldest first."""
        rows = self._rows(
            "SELECT reason, count(*) AS n, min(id) AS first FROM audit_log WHERE action = 'insert' "
            "AND reason LIKE ? GROUP BY reason ORDER BY first",
            (IMPORT_MARK + "%",),
        )
        return [(str(r["reason"]), int(str(r["n"]))) for r in rows]
