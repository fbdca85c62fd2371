"""Validate a record for its kind and fill in computed grades: the step before every write."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import lru_cache

from clinical import grading
from clinical.errors import ValidationError
from clinical.model import CrsAssessment, Cycle, Dose, DoseStatus, IcansAssessment, LabResult, Patient
from storage import validation
from storage.repo_convert import Record

# Grading is a pure function of a few discrete inputs (enum values, a temperature or ANC to two
# decimals), so bulk writes of a whole cohort hit the same inputs over and over. The caches are
# bounded, keyed by exact type (1 and 1.0 are different keys), and hold only frozen Grade values.
GRADE_CACHE_SIZE = 65536


@lru_cache(maxsize=GRADE_CACHE_SIZE, typed=True)
def _crs_grade(temperature: float | None, hypotension: str, oxygen: str, masked: bool) -> grading.Grade:
    return grading.grade_crs(temperature, hypotension, oxygen, masked)


@lru_cache(maxsize=GRADE_CACHE_SIZE, typed=True)
def _icans_grade(
    ice_score: int | None, consciousness: str, seizure: str, motor: str, raised_icp: str
) -> grading.Grade:
    return grading.grade_icans(ice_score, consciousness, seizure, motor, raised_icp)


@lru_cache(maxsize=GRADE_CACHE_SIZE, typed=True)
def _lab_grade(anc: float, lln: float | None, version: str) -> grading.Grade:
    return grading.grade_neutropenia(anc, lln, version)


def crs_grade(a: CrsAssessment) -> grading.Grade:
    """ASTCT 2019 CRS grade from the stored inputs (never typed in); `a` is validated."""
    return _crs_grade(a.temperature_c, a.hypotension.value, a.oxygen.value, a.fever_masked)


def icans_grade(a: IcansAssessment) -> grading.Grade:
    return _icans_grade(
        a.ice_score, a.consciousness.value, a.seizure.value, a.motor.value, a.raised_icp.value
    )


def lab_grade(result: LabResult) -> grading.Grade:
    if result.ctcae_version not in grading.CTCAE_VERSIONS:
        allowed = "one of " + ", ".join(grading.CTCAE_VERSIONS)
        raise ValidationError("ctcae_version", result.ctcae_version, allowed)
    return _lab_grade(result.anc, result.lln, result.ctcae_version)


def graded_crs(a: CrsAssessment) -> CrsAssessment:
    g = crs_grade(a)
    return replace(a, grade=g.grade, scale=g.scale, reasons=tuple(g.reasons))


def graded_icans(a: IcansAssessment) -> IcansAssessment:
    g = icans_grade(a)
    return replace(a, grade=g.grade, scale=g.scale, reasons=tuple(g.reasons))


def graded_lab(result: LabResult) -> LabResult:
    g = lab_grade(result)
    return replace(result, grade=g.grade, reasons=tuple(g.reasons))


def planned_dose(d: Dose, enrolment: dt.date, today: dt.date) -> Dose:
    """A dose with nothing recorded: no outcome fields, a plausible date and amount."""
    limit = validation.dose_limit()
    validation.planned_date("planned_date", d.planned_date, enrolment, today)
    amount = validation.number("planned_ug", d.planned_ug, 0.0, limit, "µg")
    if amount <= 0:
        raise ValidationError("planned_ug", amount, f"a number above 0 and at most {limit:g} µg")
    return validation.updated(d, planned_ug=amount)


def validated(kind: str, record: Record, enrolment: dt.date, now: dt.datetime, today: dt.date) -> Record:
    """The validated record, grades not yet filled in; ValidationError otherwise."""
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
        return validation.crs(record, enrolment, now)
    if isinstance(record, IcansAssessment):
        return validation.icans(record, enrolment, now)
    return validation.lab(record, enrolment, now)


def grade_of(record: Record) -> grading.Grade | None:
    """The computed grade of a validated assessment or lab; None for the ungraded kinds."""
    if isinstance(record, CrsAssessment):
        return crs_grade(record)
    if isinstance(record, IcansAssessment):
        return icans_grade(record)
    if isinstance(record, LabResult):
        return lab_grade(record)
    return None


def prepare(kind: str, record: Record, enrolment: dt.date, now: dt.datetime, today: dt.date) -> Record:
    """The validated (and, for assessments and labs, graded) record; ValidationError otherwise."""
    checked = validated(kind, record, enrolment, now, today)
    if isinstance(checked, CrsAssessment):
        return graded_crs(checked)
    if isinstance(checked, IcansAssessment):
        return graded_icans(checked)
    if isinstance(checked, LabResult):
        return graded_lab(checked)
    return checked
