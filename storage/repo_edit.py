"""Repository role: corrections, voiding ("entered in error"), undo of a void, and history."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace

from clinical.errors import ValidationError
from clinical.model import AuditEntry
from clinical.toxicities import ToxicityRecord
from clinical.wording import field_label
from storage import audit, validation
from storage.layout import MOVED_FROM, TYPED_KINDS
from storage.repo_base import RepositoryBase
from storage.repo_convert import RECORD_TYPES, Record, codecs, data_defined, encode, known_kind, table_of
from storage.repo_prepare import prepare

# Fields a correction may not touch: identity, links, what storage computes, and the void flag
# (void()/unvoid() change that, with their own audit action).
_FIXED = {"id", "patient_id", "cycle_id", "grade", "scale", "reasons", "recorded_by", "voided"}
_FIXED_BY_KIND = {"cycle": {"number"}, "dose": {"cycle_day"}, "patient": {"demo"}}


def _kind(kind: str) -> str:
    return known_kind(kind)


def editable_fields(kind: str) -> list[str]:
    """The fields `correct(kind, ...)` accepts. A data-defined kind: its time, its inputs by their
    names (a picked grade is the input "grade"; the linked dose is "dose_id") and, when the
    definition allows one, the override."""
    definition = data_defined(_kind(kind))
    if definition is not None:
        override = ["override_grade", "override_reason"] if definition.overridable else []
        return ["assessed_at", *(spec.name for spec in definition.inputs), *override]
    fixed = _FIXED | _FIXED_BY_KIND.get(kind, set())
    return [f.name for f in dataclasses.fields(RECORD_TYPES[kind]) if f.name not in fixed]


def _with_changes(record: Record, changes: dict[str, object]) -> Record:
    """`record` with `changes` applied; a data-defined record's input names go into its values."""
    if not isinstance(record, ToxicityRecord):
        return replace(record, **changes)  # type: ignore[arg-type]  # names checked by the caller
    inputs = {k: v for k, v in changes.items() if k not in _RECORD_FIELDS}
    fields = {k: v for k, v in changes.items() if k in _RECORD_FIELDS}
    return replace(record, values={**record.values, **inputs}, **fields)  # type: ignore[arg-type]


def _label(kind: str, name: str) -> str:
    """A field as its form labels it: a data-defined kind's input by its InputSpec label."""
    definition = data_defined(kind)
    labels = {spec.name: spec.label for spec in definition.inputs} if definition else {}
    return labels.get(name) or field_label(name)


def _record_fields(kind: str, entry: AuditEntry) -> AuditEntry:
    """An audit entry of a CRS, ICANS or lab record with its changes named by the record's fields:
    the `inputs` JSON split into one change per input (only those that changed, unless the entry
    inserts or moves the record), the time under the record's own name, and the assessment table's
    bookkeeping columns (kind, linked dose, effective grade) left out."""
    fields = {*codecs(kind), "void_reason", *MOVED_FROM}
    whole = entry.action == "insert" or MOVED_FROM[0] in entry.changes
    changes: dict[str, tuple[object, object]] = {}
    for name, change in entry.changes.items():
        if name == "inputs":
            old, new = (json.loads(value) if isinstance(value, str) else {} for value in change)
            for key in sorted({*old, *new}):
                if whole or old.get(key) != new.get(key):
                    changes[key] = (old.get(key), new.get(key))
        elif name == "assessed_at":
            changes[TYPED_KINDS[kind][1]] = change
        elif name in fields:
            changes[name] = change
    return replace(entry, changes=changes)


# The ToxicityRecord fields a correction sets directly (every other editable name is an input).
_RECORD_FIELDS = {"assessed_at", "dose_id", "override_grade", "override_reason"}


class EditMixin(RepositoryBase):
    def correct(self, kind: str, row_id: int, changes: dict[str, object], reason: str) -> object:
        """A new version of a saved record, with the reason; grades are recomputed from the inputs.

        Returns the record as stored now. Changing nothing writes nothing (and no audit row).
        """
        if "override_grade" in changes or "override_reason" in changes:
            self._require("override_grade")  # first: its sentence is the more specific one
        self._require("correct")
        why = validation.reason(reason)
        allowed = editable_fields(kind)
        for name in changes:
            if name not in allowed:
                editable = ", ".join(_label(kind, field) for field in allowed)
                raise ValidationError(
                    "changes", _label(kind, name), "one of the editable fields: " + editable
                )
        # Read, apply and write inside one BEGIN IMMEDIATE transaction: a record read before the write
        # lock could be stale, and writing it back would revert another session's change to a field
        # this correction does not touch (a lost update).
        with self.transaction():
            checked = self._checked_against_plan(kind, self._edited(kind, row_id, changes), why)
            self._update(kind, row_id, encode(kind, checked), "correct", why)
        return self.record(kind, row_id)

    def _edited(self, kind: str, row_id: int, changes: dict[str, object]) -> Record:
        """The stored record with `changes` applied and validated (called inside the write lock)."""
        stored = self._row(kind, row_id)
        if stored.get("voided"):
            raise ValidationError("voided", True, "a record that is not voided (undo the void first)")
        current = self.record(kind, row_id)
        edited = _with_changes(current, changes)
        patient_id = row_id if kind == "patient" else int(stored["patient_id"])  # type: ignore[call-overload]
        enrolment = self._enrolment(patient_id)
        if kind == "patient":
            enrolment = getattr(edited, "enrolment_date", enrolment)
        checked = prepare(kind, edited, enrolment, self.now(), self.today())
        if kind == "patient" and "subject_id" in changes:
            clash = self._scalar(
                "SELECT 1 FROM patient WHERE subject_id = ? AND id <> ?",
                (getattr(checked, "subject_id", ""), row_id),
            )
            if clash:
                raise ValidationError("subject_id", changes["subject_id"], "a subject id not already used")
        return checked

    def void(self, kind: str, row_id: int, reason: str) -> None:
        """Mark a record "entered in error" (it stays in the file and its history); never a DELETE."""
        self._set_voided(kind, row_id, True, reason)

    def unvoid(self, kind: str, row_id: int, reason: str) -> None:
        """Undo a void (for the GUI's undo), with its own audit row."""
        self._set_voided(kind, row_id, False, reason)

    def _set_voided(self, kind: str, row_id: int, voided: bool, reason: str) -> None:
        self._require("void")
        why = validation.reason(reason)
        stored = self._row(_kind(kind), row_id)
        if bool(stored["voided"]) == voided:
            state = "voided" if voided else "not voided"
            raise ValidationError("voided", voided, f"a change (the record is already {state})")
        values: dict[str, object] = {"voided": int(voided), "void_reason": why if voided else ""}
        with self.transaction():
            self._update(kind, row_id, values, "void" if voided else "unvoid", why)

    def history(self, kind: str, row_id: int) -> list[AuditEntry]:
        """Every audit row of one record, oldest first: a record that schema version 8 moved into
        the assessment table has its entries from before the move first (audit.with_origin). A CRS,
        ICANS or lab record's entries name its own fields (`_record_fields`), as before the move."""
        self._row(_kind(kind), row_id)
        entries = audit.with_origin(self._db, audit.entries_for(self._db, table_of(kind), row_id))
        if kind in TYPED_KINDS:
            return [_record_fields(kind, entry) for entry in entries]
        return entries

    # The last audit_head of this instance with the newest audit row it was read at (see audit_head);
    # a class-level None that each instance shadows with its own.
    _audit_head_memo: tuple[tuple[int, str], int] | None = None

    def audit_head(self) -> tuple[int, str]:
        """(audit row count, head hash): the anchor for PDFs and backups.

        The count scans the audit log's index (~12 ms of every cycle PDF on a 1.5 million-row log,
        benchmarks/README.md), so it is kept while the newest audit row (id and hash: one rowid
        seek) is the same, as `cohort_counts` keeps its result: the log is append-only and
        hash-chained, so any write, by this session or by another process, changes that row."""
        newest = audit.last(self._db)
        memo = self._audit_head_memo
        if memo is None or memo[0] != newest:
            count, digest = audit.head(self._db)
            if digest != newest[1]:  # a write landed between the two reads: report it, keep nothing
                return count, digest
            memo = self._audit_head_memo = (newest, count)
        return memo[1], newest[1]

    def verify_audit(self) -> list[str]:
        """Problems in the audit chain (empty when intact)."""
        return audit.verify_chain(self._db)
