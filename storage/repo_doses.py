"""Repository role: cycles and doses (start a cycle with its planned doses, record, move)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import cast

from clinical import regimens
from clinical.errors import ValidationError
from clinical.model import (
    Cycle,
    CycleId,
    Dose,
    DoseId,
    DoseReason,
    DoseStatus,
    InjectionSite,
    PatientId,
)
from storage import validation
from storage.repo_base import RepositoryBase
from storage.repo_convert import decode, encode
from storage.repo_prepare import prepare


class DosesMixin(RepositoryBase):
    def start_cycle(self, pid: PatientId, start: dt.date) -> Cycle:
        """The next cycle of the patient, with the regimen's planned doses inserted as rows."""
        patient = self.row("patient", pid)
        enrolment = dt.date.fromisoformat(str(patient["enrolment_date"]))
        validation.planned_date("start_date", start, enrolment, self.today())
        with self.transaction():
            last = self.scalar("SELECT max(number) FROM cycle WHERE patient_id = ? AND voided = 0", (pid,))
            number = 1 + int(cast(int, last or 0))
            try:
                plan = regimens.planned_doses(str(patient["regimen"]), number, start)
            except ValueError as error:
                raise ValidationError("cycle", number, str(error)) from None
            cycle = Cycle(patient_id=pid, number=number, start_date=start)
            cycle = replace(cycle, id=CycleId(self.insert("cycle", cycle)))
            for planned in plan:
                dose = Dose(
                    patient_id=pid,
                    cycle_id=cast(CycleId, cycle.id),
                    cycle_day=planned.day,
                    planned_date=planned.date,
                    planned_ug=planned.dose_ug,
                )
                self.insert("dose", dose)
        return cycle

    def cycles(self, pid: PatientId) -> list[Cycle]:
        found = self.rows("SELECT * FROM cycle WHERE patient_id = ? AND voided = 0 ORDER BY number", (pid,))
        return [cast(Cycle, decode("cycle", row)) for row in found]

    def doses(
        self, pid: PatientId, cycle_id: CycleId | None = None, include_voided: bool = False
    ) -> list[Dose]:
        """The patient's doses by planned date (one cycle's when cycle_id is given)."""
        sql = "SELECT * FROM dose WHERE patient_id = ?"
        params: list[object] = [pid]
        if cycle_id is not None:
            sql += " AND cycle_id = ?"
            params.append(cycle_id)
        if not include_voided:
            sql += " AND voided = 0"
        found = self.rows(sql + " ORDER BY planned_date, cycle_day, id", params)
        return [cast(Dose, decode("dose", row)) for row in found]

    def get_dose(self, dose_id: DoseId) -> Dose:
        return cast(Dose, self.record("dose", dose_id))

    def record_dose(
        self,
        dose_id: DoseId,
        status: DoseStatus,
        *,
        given_at: dt.datetime | None = None,
        amount_ug: float | None = None,
        site: InjectionSite | None = None,
        lot: str = "",
        reason: DoseReason | None = None,
        reason_text: str = "",
        premedication: str = "",
    ) -> Dose:
        """The first outcome of a planned dose (no reason needed); later changes go through correct()."""
        current = self.get_dose(dose_id)
        if current.voided or current.status is not DoseStatus.PLANNED:
            raise ValidationError(
                "status", current.status.value, "a planned dose; use a correction to change a recorded one"
            )
        if validation.choice("status", status, DoseStatus) is DoseStatus.PLANNED:
            raise ValidationError("status", status, "given, held or missed")
        outcome = replace(
            current,
            status=status,
            given_at=given_at,
            amount_ug=amount_ug,
            site=site,
            lot=lot,
            reason=reason,
            reason_text=reason_text,
            premedication=premedication,
            recorded_by=self.user,
        )
        checked = prepare("dose", outcome, self.enrolment(current.patient_id), self.now(), self.today())
        with self.transaction():
            self.update("dose", dose_id, encode("dose", checked), "record", "")
        return self.get_dose(dose_id)

    def move_dose(self, dose_id: DoseId, new_date: dt.date, reason: str) -> Dose:
        """Move a planned dose to another date (only while nothing is recorded for it)."""
        why = validation.reason(reason)
        current = self.get_dose(dose_id)
        if current.voided or current.status is not DoseStatus.PLANNED:
            raise ValidationError("status", current.status.value, "a planned dose (only those can move)")
        validation.planned_date("planned_date", new_date, self.enrolment(current.patient_id), self.today())
        with self.transaction():
            self.update("dose", dose_id, {"planned_date": new_date.isoformat()}, "move", why)
        return self.get_dose(dose_id)
