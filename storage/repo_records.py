"""Repository role: the records of every registered toxicity through one set of verbs (issue 14).

`add_record`, `records`, `get_record` and `records_by_kind` take the kind as a string and work for
every kind the registry (clinical/toxicities) lists, all rows of the one assessment table (schema
version 8): CRS, ICANS and lab results keep their typed records (storage/layout.py); a data-defined
kind (injection site reaction, and every CTCAE term to come) is a `ToxicityRecord`, validated from
its definition's InputSpecs and graded by its definition. Nothing here names a data-defined kind:
the Today, flag and episode queries below cover each one by its `kind` column.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, cast

from clinical.choices import DoseStatus
from clinical.errors import ValidationError
from clinical.model import Dose, DoseId, PatientId
from clinical.toxicities import ToxicityDefinition, ToxicityRecord, all_definitions
from storage.audit import utc_text
from storage.repo_assess import AssessmentsMixin
from storage.repo_convert import Record, data_defined, decode, decode_toxicity, known_kind
from storage.repo_doses import DosesMixin, FlagHistory, OpenEpisode
from storage.repo_prepare import prepare
from storage.schema import ASSESSMENT_TABLE, TABLES

_IDS = "SELECT value FROM json_each(?)"


def assessment_kind(kind: str) -> str:
    """`kind` when its records are rows of the assessment table (every registered toxicity and
    observation); ValidationError otherwise."""
    if known_kind(kind) in TABLES:
        words = ", ".join(d.record_label for d in all_definitions())
        raise ValidationError("kind", kind, "one of " + words)
    return kind


def generic_kinds() -> tuple[str, ...]:
    """The record kinds kept in the assessment table, in display order."""
    return tuple(d.record_kind for d in all_definitions() if data_defined(d.record_kind) is not None)


def dose_spec_label(definition: ToxicityDefinition) -> str | None:
    """The label of the definition's linked-dose input, or None when it links no dose."""
    return next((spec.label for spec in definition.inputs if spec.type == "dose"), None)


def check_linked_dose(definition: ToxicityDefinition, record: ToxicityRecord, dose: Dose | None) -> None:
    """A linked dose must be a given, non-voided dose of the record's own patient; a kind that links
    no dose takes none. `dose` is the stored dose `record.dose_id` names (None: there is none)."""
    if record.dose_id is None:
        return  # a missing required dose is refused by the input validation
    label = dose_spec_label(definition)
    if label is None:
        raise ValidationError(
            "dose_id", record.dose_id, f"none: this {definition.record_label} follows no dose"
        )
    fits = (
        dose is not None
        and dose.patient_id == record.patient_id
        and dose.status.value == "given"
        and not dose.voided
    )
    if not fits:
        raise ValidationError(
            "dose_id", record.dose_id, "a given dose of this patient that is not voided", label=label
        )


class RecordsMixin(DosesMixin, AssessmentsMixin):
    def add_record(self, kind: str, record: Record) -> Record:
        """Store one record of any registered kind; its grade is computed here by the definition
        (typed kinds: as add_crs / add_icans / add_lab). Returns the record as stored, with its id."""
        definition = data_defined(known_kind(kind))
        if definition is None:
            return self._add(kind, record)  # type: ignore[type-var]
        if not isinstance(record, ToxicityRecord):
            raise TypeError(f"a {definition.record_label} is stored as a ToxicityRecord")
        self._require_entry(record)
        if record.id is not None:
            raise ValidationError("id", record.id, "none for a new record")
        stamped = replace(record, recorded_by=record.recorded_by or self.user)
        checked = prepare(kind, stamped, self._enrolment(record.patient_id), self.now(), self.today())
        with self.transaction():
            self._linked_dose_checked(definition, cast(ToxicityRecord, checked))
            new_id = self._insert(kind, checked)
        return self.record(kind, new_id)

    def add_records(self, items: Sequence[tuple[str, Record]]) -> list[Record]:
        """Store several records (of any registered kinds) in ONE transaction, each as `add_record`
        stores it: all are written or, when one is refused, none (the lab form's sample: its ANC and
        each other lab value, issue 15). Returns them as stored, in the order given."""
        with self.transaction():
            return [self.add_record(kind, record) for kind, record in items]

    def last_inputs(self, kind: str, name: str, value: str) -> dict[str, object] | None:
        """The inputs of the newest non-voided record of `kind` whose input `name` is `value` (the
        limits last used for a lab source, issue 15); None when there is none."""
        sql = (
            f"SELECT inputs FROM {ASSESSMENT_TABLE} WHERE kind = ? AND voided = 0 "
            "AND json_extract(inputs, '$.' || ?) = ? ORDER BY assessed_at DESC, id DESC LIMIT 1"
        )
        rows = self._rows(sql, (assessment_kind(kind), name, value))
        return dict(json.loads(str(rows[0]["inputs"]))) if rows else None

    def _linked_dose_checked(self, definition: ToxicityDefinition, record: ToxicityRecord) -> None:
        dose = None
        if isinstance(record.dose_id, int) and not isinstance(record.dose_id, bool):
            found = self._rows("SELECT * FROM dose WHERE id = ?", (record.dose_id,))
            dose = cast(Dose, self.record("dose", record.dose_id)) if found else None
        check_linked_dose(definition, record, dose)
        self._linked_records_checked(definition, record)

    def _linked_records_checked(self, definition: ToxicityDefinition, record: ToxicityRecord) -> None:
        """Each "record" input names a non-voided record of its `links_kind` of the same patient (a
        hospital stay's adverse event)."""
        for spec in definition.inputs:
            linked = record.values.get(spec.name) if spec.type == "record" else None
            if linked is None:
                continue
            sql = f"SELECT 1 FROM {ASSESSMENT_TABLE} WHERE id = ? AND kind = ? AND patient_id = ?"
            sql += " AND voided = 0"
            if not self._rows(sql, (linked, spec.links_kind, record.patient_id)):
                allowed = f"a {spec.links_kind.replace('_', ' ')} of this patient that is not voided"
                raise ValidationError(spec.name, linked, allowed, label=spec.label)

    def record_dose_with(
        self,
        dose_id: DoseId,
        status: DoseStatus,
        records: Sequence[tuple[str, ToxicityRecord]] = (),
        **outcome: Any,
    ) -> tuple[Dose, list[Record]]:
        """`record_dose` and records that belong to the dose (its delivery, its premedication: each
        linked to `dose_id` here) in ONE transaction: the dose and all of them, or, when any is
        refused, none (issue 18). `outcome` is record_dose's keywords."""
        with self.transaction():
            dose = self.record_dose(dose_id, status, **outcome)
            stored = [self.add_record(kind, replace(record, dose_id=dose_id)) for kind, record in records]
        return dose, stored

    def _checked_against_plan(self, kind: str, record: Record, reason: str) -> Record:
        """A corrected data-defined record keeps a valid dose link (inside the correction's write
        lock); other kinds as the other roles check them."""
        definition = data_defined(kind) if isinstance(record, ToxicityRecord) else None
        if definition is not None:
            self._linked_dose_checked(definition, cast(ToxicityRecord, record))
            return record
        return super()._checked_against_plan(kind, record, reason)

    def records(self, kind: str, pid: PatientId, include_voided: bool = False) -> list[Record]:
        """The patient's records of one kind, by time (then id)."""
        return self._list(assessment_kind(kind), pid, include_voided)

    def get_record(self, kind: str, record_id: int) -> Record:
        """One record by kind and id; NotFoundError when there is none of that kind."""
        return self.record(known_kind(kind), record_id)

    def records_by_kind(self, pid: PatientId, include_voided: bool = False) -> dict[str, list[Record]]:
        """Every registered kind's records of the patient (record kind -> list by time; empty lists
        included), in the registry's order: one query on the assessment table."""
        found: dict[str, list[Record]] = {d.record_kind: [] for d in all_definitions()}
        voided = "" if include_voided else " AND voided = 0"
        # kind IN (...) first: the (kind, patient_id, ...) index is then searched kind by kind; by
        # patient_id alone SQLite scanned the whole index for every patient (an export of 10,000
        # patients read the table 10,000 times)
        kinds = list(found)
        marks = ", ".join("?" * len(kinds))
        sql = (
            f"SELECT * FROM {ASSESSMENT_TABLE} WHERE kind IN ({marks}) AND patient_id = ?{voided} "
            "ORDER BY kind, assessed_at, id"
        )
        for row in self._rows(sql, (*kinds, pid)):
            kind = str(row["kind"])
            if kind in found:
                found[kind].append(decode(kind, row))
        return found

    # ---- the batched queries of Today and the flags -----------------------------------------------

    def not_gradable_since(
        self, kind: str, pids: Sequence[PatientId], since: dt.datetime
    ) -> dict[PatientId, list[Any]]:  # the records of `kind`: typed, or ToxicityRecord
        """As AssessmentsMixin.not_gradable_since, for any registered kind; an observation (never
        graded: body temperature) has no check to do."""
        kind = assessment_kind(kind)
        definition = data_defined(kind)
        if definition is not None and not definition.graded:
            return {}
        return dict(super().not_gradable_since(kind, pids, since))

    def open_episodes(self, kind: str, pids: Sequence[PatientId]) -> dict[PatientId, OpenEpisode]:
        """As DosesMixin.open_episodes, for a registered kind (ValidationError otherwise)."""
        return super().open_episodes(assessment_kind(kind), pids)

    def event_records(
        self, kind: str, pids: Sequence[PatientId], since: dt.datetime
    ) -> dict[PatientId, list[ToxicityRecord]]:
        """Every live record of an event kind (a definition with a `resolved_input`: the adverse
        event) of each patient of `pids` who has one still open or one with onset >= `since`, by
        time then id: enough to build those patients' episodes of the kind (one query)."""
        definition = data_defined(known_kind(kind))
        if definition is None or not definition.resolved_input:
            raise ValueError(f"{kind} records are not events with a resolution")
        sql = f"""
SELECT a.* FROM {ASSESSMENT_TABLE} a
WHERE a.kind = :kind AND a.patient_id IN ({_IDS.replace("?", ":ids")}) AND a.voided = 0
    AND EXISTS (SELECT 1 FROM {ASSESSMENT_TABLE} b WHERE b.kind = a.kind AND b.patient_id = a.patient_id
        AND b.voided = 0 AND (b.assessed_at >= :since OR json_extract(b.inputs, :path) IS NULL))
ORDER BY a.patient_id, a.assessed_at, a.id"""
        params: dict[str, object] = {
            "kind": kind,
            "ids": json.dumps([int(p) for p in pids]),
            "since": utc_text(since),
            "path": f"$.{definition.resolved_input}",
        }
        found: dict[PatientId, list[ToxicityRecord]] = {}
        for row in self._rows(sql, params):
            record = decode_toxicity(row)
            found.setdefault(record.patient_id, []).append(record)
        return found

    def flag_histories(self, pids: Sequence[PatientId], since: dt.datetime) -> dict[PatientId, FlagHistory]:
        """As DosesMixin.flag_histories, with each patient's data-defined records (FlagHistory.records)
        cut the same way: from each kind's last effective grade 0 before `since`; an observation
        (never graded: body temperature) from febrile neutropenia's window before `since`."""
        from clinical.febrile_neutropenia import FN_WINDOW  # not at start-up (storage/repo_doses.py says why)

        histories = super().flag_histories(pids, since)
        kinds = generic_kinds()
        observed = [d.record_kind for d in all_definitions() if not d.graded and d.record_kind in kinds]
        sql = f"""
WITH zero AS (
    SELECT patient_id, kind, max(assessed_at) AS t FROM {ASSESSMENT_TABLE}
    WHERE patient_id IN ({_IDS.replace("?", ":ids")}) AND voided = 0 AND effective_grade = 0
        AND assessed_at < :cut AND kind IN ({_IDS.replace("?", ":kinds")}) GROUP BY patient_id, kind
)
SELECT r.* FROM {ASSESSMENT_TABLE} r LEFT JOIN zero ON zero.patient_id = r.patient_id AND zero.kind = r.kind
WHERE r.patient_id IN ({_IDS.replace("?", ":ids")}) AND r.voided = 0
    AND r.kind IN ({_IDS.replace("?", ":kinds")})
    AND r.assessed_at >= coalesce(zero.t, '')
    AND (r.kind NOT IN ({_IDS.replace("?", ":observed")}) OR r.assessed_at >= :fever_cut)
ORDER BY r.patient_id, r.kind, r.assessed_at, r.id"""
        grouped: dict[PatientId, dict[str, list[ToxicityRecord]]] = {}
        params: dict[str, object] = {"ids": json.dumps(list(pids)), "cut": utc_text(since)}
        params["observed"] = json.dumps(observed)
        params["kinds"] = json.dumps(list(kinds))
        params["fever_cut"] = utc_text(since - FN_WINDOW)
        for row in self._rows(sql, params):
            if str(row["kind"]) in kinds:
                record = decode_toxicity(row)
                grouped.setdefault(record.patient_id, {}).setdefault(record.kind, []).append(record)
        return {
            pid: replace(history, records={k: grouped.get(pid, {}).get(k, []) for k in kinds})
            for pid, history in histories.items()
        }
