"""Repository role: CRS and ICANS assessments and lab results, graded on insert."""

from __future__ import annotations

from dataclasses import replace
from typing import TypeVar, cast

from clinical.errors import ValidationError
from clinical.model import CrsAssessment, CrsId, IcansAssessment, IcansId, LabId, LabResult, PatientId
from storage.repo_base import RepositoryBase
from storage.repo_convert import Record, decode
from storage.repo_prepare import prepare

R = TypeVar("R", CrsAssessment, IcansAssessment, LabResult)
_TIME_COLUMN = {"crs": "assessed_at", "icans": "assessed_at", "lab": "drawn_at"}


class AssessmentsMixin(RepositoryBase):
    def _add(self, kind: str, record: R) -> R:
        if record.id is not None:
            raise ValidationError("id", record.id, "none for a new record")
        stamped = replace(record, recorded_by=record.recorded_by or self.user)
        checked = cast(R, prepare(kind, stamped, self.enrolment(record.patient_id), self.now(), self.today()))
        with self.transaction():
            new_id = self.insert(kind, checked)
        return cast(R, self.record(kind, new_id))

    def _list(self, kind: str, pid: PatientId, include_voided: bool) -> list[Record]:
        table = {"crs": "crs_assessment", "icans": "icans_assessment", "lab": "lab_result"}[kind]
        voided = "" if include_voided else " AND voided = 0"
        order = _TIME_COLUMN[kind]
        found = self.rows(f"SELECT * FROM {table} WHERE patient_id = ?{voided} ORDER BY {order}, id", (pid,))
        return [decode(kind, row) for row in found]

    def add_crs(self, a: CrsAssessment) -> CrsAssessment:
        """Store a CRS assessment; grade, scale and reasons are computed here (ASTCT 2019)."""
        return self._add("crs", a)

    def add_icans(self, a: IcansAssessment) -> IcansAssessment:
        return self._add("icans", a)

    def add_lab(self, result: LabResult) -> LabResult:
        return self._add("lab", result)

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
