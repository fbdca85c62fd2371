"""Repository role: CRS and ICANS assessments and lab results, graded on insert."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar, cast

from clinical.errors import ValidationError
from clinical.model import CrsAssessment, CrsId, IcansAssessment, IcansId, LabId, LabResult, PatientId
from storage.audit import utc_text
from storage.repo_base import RepositoryBase
from storage.repo_convert import Record, decode
from storage.repo_prepare import prepare

R = TypeVar("R", CrsAssessment, IcansAssessment, LabResult)
_TIME_COLUMN = {"crs": "assessed_at", "icans": "assessed_at", "lab": "drawn_at"}

# Not gradable and not followed by a graded (or, for CRS, attributed) assessment of the same kind:
# the check is still to do (issue 11). An attributed CRS assessment is a decision, not a gap.
_DECIDED = {"crs": "(coalesce({0}override_grade, {0}grade) IS NOT NULL OR {0}attributed_to <> '')",
            "icans": "coalesce({0}override_grade, {0}grade) IS NOT NULL"}  # fmt: skip
_NOT_GRADABLE_SQL = """
SELECT a.* FROM {table} a
WHERE a.patient_id IN (SELECT value FROM json_each(?)) AND a.voided = 0 AND a.assessed_at >= ?
    AND NOT {decided_a}
    AND NOT EXISTS (SELECT 1 FROM {table} b WHERE b.patient_id = a.patient_id AND b.voided = 0
        AND b.assessed_at > a.assessed_at AND {decided_b})
ORDER BY a.patient_id, a.assessed_at, a.id
"""


class AssessmentsMixin(RepositoryBase):
    def _add(self, kind: str, record: R) -> R:
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
        table = {"crs": "crs_assessment", "icans": "icans_assessment", "lab": "lab_result"}[kind]
        voided = "" if include_voided else " AND voided = 0"
        order = _TIME_COLUMN[kind]
        found = self._rows(f"SELECT * FROM {table} WHERE patient_id = ?{voided} ORDER BY {order}, id", (pid,))
        return [decode(kind, row) for row in found]

    def add_crs(self, a: CrsAssessment) -> CrsAssessment:
        """Store a CRS assessment; grade, scale and reasons are computed here (ASTCT 2019)."""
        return self._add("crs", a)

    def add_icans(self, a: IcansAssessment) -> IcansAssessment:
        return self._add("icans", a)

    def add_lab(self, result: LabResult) -> LabResult:
        return self._add("lab", result)

    def not_gradable_since(
        self, kind: str, pids: Sequence[PatientId], since: dt.datetime
    ) -> dict[PatientId, list[CrsAssessment | IcansAssessment]]:
        """CRS or ICANS assessments (`kind` "crs" or "icans") of these patients since `since` that
        could not be graded (a measurement missing) and that no later graded assessment of the same
        kind has answered: the checks still to do, by patient, oldest first."""
        table = {"crs": "crs_assessment", "icans": "icans_assessment"}[kind]
        sql = _NOT_GRADABLE_SQL.format(
            table=table, decided_a=_DECIDED[kind].format("a."), decided_b=_DECIDED[kind].format("b.")
        )
        found: dict[PatientId, list[CrsAssessment | IcansAssessment]] = {}
        for row in self._rows(sql, (json.dumps([int(p) for p in pids]), utc_text(since))):
            record = cast(CrsAssessment | IcansAssessment, decode(kind, row))
            found.setdefault(record.patient_id, []).append(record)
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
