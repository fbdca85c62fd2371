"""Validate a record for its kind and fill in computed grades: the step before every write."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from clinical import grading, regimens
from clinical.errors import ValidationError
from clinical.model import CrsAssessment, Cycle, Dose, DoseStatus, IcansAssessment, LabResult, Patient
from storage import validation
from storage.repo_convert import Record


def graded_crs(a: CrsAssessment) -> CrsAssessment:
    """ASTCT 2019 CRS grade from the stored inputs (never typed in)."""
    g = grading.grade_crs(a.temperature_c, a.hypotension.value, a.oxygen.value, a.fever_masked)
    return replace(a, grade=g.grade, scale=g.scale, reasons=tuple(g.reasons))


def graded_icans(a: IcansAssessment) -> IcansAssessment:
    g = grading.grade_icans(
        a.ice_score, a.consciousness.value, a.seizure.value, a.motor.value, a.raised_icp.value
    )
    return replace(a, grade=g.grade, scale=g.scale, reasons=tuple(g.reasons))


def graded_lab(result: LabResult) -> LabResult:
    if result.ctcae_version not in grading.CTCAE_VERSIONS:
        allowed = "one of " + ", ".join(grading.CTCAE_VERSIONS)
        raise ValidationError("ctcae_version", result.ctcae_version, allowed)
    g = grading.grade_neutropenia(result.anc, result.lln, result.ctcae_version)
    return replace(result, grade=g.grade, reasons=tuple(g.reasons))


def planned_dose(d: Dose, enrolment: dt.date, today: dt.date) -> Dose:
    """A dose with nothing recorded: no outcome fields, a plausible date and amount."""
    limit = 2 * regimens.max_dose_ug()
    validation.planned_date("planned_date", d.planned_date, enrolment, today)
    amount = validation.number("planned_ug", d.planned_ug, 0.0, limit, "µg")
    if amount <= 0:
        raise ValidationError("planned_ug", amount, f"a number above 0 and at most {limit:g} µg")
    return validation.updated(d, planned_ug=amount)


def prepare(kind: str, record: Record, enrolment: dt.date, now: dt.datetime, today: dt.date) -> Record:
    """The validated (and, for assessments and labs, graded) record; ValidationError otherwise."""
    if isinstance(record, Patient):
        return validation.patient(record, today)
    if isinstance(record, Cycle):
        validation.planned_date("start_date", record.start_date, enrolment, today)
        return record
    if isinstance(record, Dose):
        checked = planned_dose(record, enrolment, today)
        if validation.choice("status", record.status, DoseStatus) is DoseStatus.PLANNED:
            return validation.updated(checked, status=DoseStatus.PLANNED)
        return validation.dose_outcome(checked, enrolment, now)
    if isinstance(record, CrsAssessment):
        return graded_crs(validation.crs(record, enrolment, now))
    if isinstance(record, IcansAssessment):
        return graded_icans(validation.icans(record, enrolment, now))
    return graded_lab(validation.lab(record, enrolment, now))
