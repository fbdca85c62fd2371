"""Repository role: CRS and ICANS assessments and lab results, graded on insert; since schema
version 8 rows of the one assessment table like every kind's (storage/layout.py)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar, cast

from clinical.errors import ValidationError
from clinical.model import CrsAssessment, CrsId, IcansAssessment, IcansId, LabId, LabResult, PatientId
from storage.audit import utc_text
from storage.repo_base import RepositoryBase
from storage.repo_convert import Record, decode
from storage.repo_prepare import prepare
from storage.schema import ASSESSMENT_TABLE

R = TypeVar("R", CrsAssessment, IcansAssessment, LabResult)

# Not gradable and not followed by a graded (or, for CRS, attributed) record of the same kind: the
# check is still to do (issue 11). An attributed CRS assessment is a decision, not a gap.
_DECIDED = (
    "({0}effective_grade IS NOT NULL "
    "OR ({0}kind = 'crs' AND json_extract({0}inputs, '$.attributed_to') <> ''))"
)
_NOT_GRADABLE_SQL = f"""
SELECT a.* FROM {ASSESSMENT_TABLE} a
WHERE a.kind = :kind AND a.patient_id IN (SELECT value FROM json_each(:ids)) AND a.voided = 0
    AND a.assessed_at >= :since AND NOT {_DECIDED.format("a.")}
    AND NOT EXISTS (SELECT 1 FROM {ASSESSMENT_TABLE} b WHERE b.kind = a.kind
        AND b.patient_id = a.patient_id AND b.voided = 0 AND b.assessed_at > a.assessed_at
        AND {_DECIDED.format("b.")})
ORDER BY a.patient_id, a.assessed_at, a.id
"""


class AssessmentsMixin(RepositoryBase):
    def _add(self, kind: str, record: R) -> R:
        self._require_entry(record)
        if record.id is not None:
            raise ValidationError("id", record.id, "none for a new record")
        stamped = replace(record, recorded_by=record.recorded_by or self.user)
        checked = cast(
            R, prepare(kind, stamped, self._enrolment(record.patient_id), self.now(), self.today())
        )
        with self.transaction():
            new_id = self._insert(kind, checked)
        return cast(R, self.record(kind, new_id))

    def _list(self, kind: str, pid: PatientId, include_voided: bool) -> list[Record]:
        """The patient's records of one kind of the assessment table, by time (then id)."""
        voided = "" if include_voided else " AND voided = 0"
        sql = (
            f"SELECT * FROM {ASSESSMENT_TABLE} WHERE kind = ? AND patient_id = ?{voided} "
            "ORDER BY assessed_at, id"
        )
        return [decode(kind, row) for row in self._rows(sql, (kind, pid))]

    def add_crs(self, a: CrsAssessment) -> CrsAssessment:
        """Store a CRS assessment; grade, scale and reasons are computed here (ASTCT 2019)."""
        return self._add("crs", a)

    def add_icans(self, a: IcansAssessment) -> IcansAssessment:
        return self._add("icans", a)

    def add_lab(self, result: LabResult) -> LabResult:
        return self._add("lab", result)

    def not_gradable_since(
        self, kind: str, pids: Sequence[PatientId], since: dt.datetime
    ) -> dict[PatientId, list[Any]]:
        """Records of one kind (`kind`: "crs", "icans" or any graded kind) of these patients since
        `since` that could not be graded (a measurement missing) and that no later graded record of
        the same kind has answered: the checks still to do, by patient, oldest first."""
        params: dict[str, object] = {
            "kind": kind,
            "ids": json.dumps([int(p) for p in pids]),
            "since": utc_text(since),
        }
        found: dict[PatientId, list[Any]] = {}
        for row in self._rows(_NOT_GRADABLE_SQL, params):
            record = decode(kind, row)
            found.setdefault(cast(Any, record).patient_id, []).append(record)
        return found

    def crs(self, pid: PatientId, include_voided: bool = False) -> list[CrsAssessment]:
        return cast(list[CrsAssessment], self._list("crs", pid, include_voided))

    def icans(self, pid: PatientId, include_voided: bool = False) -> list[IcansAssessment]:
        return cast(list[IcansAssessment], self._list("icans", pid, include_voided))

    def labs(self, pid: PatientId, include_voided: bool = False) -> list[LabResult]:
        return cast(list[LabResult], self._list("lab", pid, include_voided))

    def get_crs(self, crs_id: CrsId) -> CrsAssessment:
        return cast(CrsAssessment, self.record("crs", crs_id))

    def get_icans(self, icans_id: IcansId) -> IcansAssessment:
        return cast(IcansAssessment, self.record("icans", icans_id))

    def get_lab(self, lab_id: LabId) -> LabResult:
        return cast(LabResult, self.record("lab", lab_id))
