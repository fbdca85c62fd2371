"""Validate a record for its kind and fill in computed grades: the step before every write."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace
from functools import lru_cache

from clinical import grading
from clinical.choices import (
    Consciousness,
    DoseReason,
    DoseStatus,
    Hypotension,
    InjectionSite,
    Motor,
    Oxygen,
    RaisedIcp,
    Seizure,
)
from clinical.ctcae_grading import CTCAE_VERSIONS
from clinical.errors import ValidationError
from clinical.grade_result import Grade, decided
from clinical.model import CrsAssessment, Cycle, Dose, IcansAssessment, LabResult, Patient
from clinical.toxicities import ToxicityDefinition, ToxicityRecord
from clinical.wording import KIND_LABELS
from storage import validation
from storage.repo_convert import Record, data_defined, known_kind
from storage.validation_inputs import toxicity_record

# Grading is a pure function of a few discrete inputs (enum values, a temperature or ANC to two
# decimals), so bulk writes of a whole cohort hit the same inputs over and over. The caches are
# bounded, keyed by exact type (1 and 1.0 are different keys), and hold only frozen Grade values.
GRADE_CACHE_SIZE = 65536


@lru_cache(maxsize=GRADE_CACHE_SIZE, typed=True)
def _crs_grade(
    temperature: float | None, hypotension: str, oxygen: str, masked: bool, attributed_to: str = ""
) -> Grade:
    return grading.grade_crs(temperature, hypotension, oxygen, masked, attributed_to=attributed_to)


@lru_cache(maxsize=GRADE_CACHE_SIZE, typed=True)
def _icans_grade(
    ice_score: int | None, consciousness: str, seizure: str, motor: str, raised_icp: str
) -> Grade:
    return grading.grade_icans(ice_score, consciousness, seizure, motor, raised_icp)


@lru_cache(maxsize=GRADE_CACHE_SIZE, typed=True)
def _lab_grade(anc: float, lln: float | None, version: str) -> Grade:
    return grading.grade_neutropenia(anc, lln, version)


def crs_grade(a: CrsAssessment) -> Grade:
    """ASTCT 2019 CRS grade from the stored inputs (never typed in); `a` is validated."""
    return _crs_grade(a.temperature_c, a.hypotension.value, a.oxygen.value, a.fever_masked, a.attributed_to)


def icans_grade(a: IcansAssessment) -> Grade:
    return _icans_grade(
        a.ice_score, a.consciousness.value, a.seizure.value, a.motor.value, a.raised_icp.value
    )


def lab_grade(result: LabResult) -> Grade:
    if result.ctcae_version not in CTCAE_VERSIONS:
        allowed = "one of " + ", ".join(CTCAE_VERSIONS)
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
    return replace(result, grade=decided(g), reasons=tuple(g.reasons))


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
    if isinstance(record, ToxicityRecord):
        return toxicity_record(_definition(kind, record), record, enrolment, now)
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


def _definition(kind: str, record: ToxicityRecord) -> ToxicityDefinition:
    """The definition of a data-defined kind; the record must say the same kind."""
    definition = data_defined(known_kind(kind))
    if definition is None or record.kind != kind:
        words = definition.record_label if definition else KIND_LABELS.get(kind, kind)
        raise ValidationError("kind", record.kind, f"the kind it is stored as: {words}")
    return definition


def graded_toxicity(kind: str, record: ToxicityRecord) -> ToxicityRecord:
    """A validated data-defined record with the grade its definition computes from its inputs."""
    definition = _definition(kind, record)
    grade = definition.grade_record(record)
    return replace(record, grade=grade.grade, scale=grade.scale, reasons=tuple(grade.reasons))


def prepare(kind: str, record: Record, enrolment: dt.date, now: dt.datetime, today: dt.date) -> Record:
    """The validated (and, for assessments and labs, graded) record; ValidationError otherwise."""
    checked = validated(kind, record, enrolment, now, today)
    if isinstance(checked, ToxicityRecord):
        return graded_toxicity(kind, checked)
    if isinstance(checked, CrsAssessment):
        return graded_crs(checked)
    if isinstance(checked, IcansAssessment):
        return graded_icans(checked)
    if isinstance(checked, LabResult):
        return graded_lab(checked)
    return checked


# ---- quick acceptance for bulk writes --------------------------------------------------------------
# A bulk write validates hundreds of thousands of records that are almost all plain and valid. These
# checks accept a record only when the full validation above would return that very record (no error,
# no value changed): exact types (a member, not its string; a float, not an int), ASCII text, an
# observed time whose UTC date is after enrolment. Anything else returns False, and the caller runs
# `validated`, which gives the clinician-readable error or the normalised record.


class Quick:
    """The limits of one patient's records, computed once per patient instead of once per field."""

    def __init__(self, enrolment: dt.date, now: dt.datetime, today: dt.date) -> None:
        self.enrolment = enrolment
        self.latest = now + validation.FUTURE_SLACK
        self.plan_limit = today + validation.PLAN_AHEAD
        self.dose_limit = validation.dose_limit()

    def time(self, value: object) -> bool:
        """`validation.event_time` accepts it: aware, at most a day ahead, and its local date is not
        before enrolment (settled here only when the UTC date is after enrolment)."""
        return (
            type(value) is dt.datetime
            and value.utcoffset() is not None
            and value <= self.latest
            and value.astimezone(dt.UTC).date() > self.enrolment
        )

    def amount(self, value: object) -> bool:
        return type(value) is float and 0.0 < value <= self.dose_limit


def _text(value: object, limit: int = validation.SHORT_TEXT) -> bool:
    """`validation.text` accepts it as it is (ASCII only here: other text takes the full check)."""
    return type(value) is str and len(value) <= limit and value.isascii() and "\x00" not in value


def _within(value: object, low: float, high: float, _unit: str = "") -> bool:
    return type(value) is float and low <= value <= high


_LAB_OPTIONAL = tuple((name, *limits) for name, limits in validation.LAB_RANGES.items() if name != "anc")


def quick_lab(r: LabResult, q: Quick) -> bool:
    if not (q.time(r.drawn_at) and _within(r.anc, *validation.LAB_RANGES["anc"])):
        return False
    for name, low, high, _unit in _LAB_OPTIONAL:
        value = getattr(r, name)
        if value is not None and not _within(value, low, high):
            return False
    if r.wbc is not None and r.anc > r.wbc:  # validation.lab refuses it, with its message
        return False
    version = r.ctcae_version
    return _text(version, 20) and bool(version.strip()) and _text(r.recorded_by)


def quick_dose(d: Dose, q: Quick) -> bool:
    planned, status = d.planned_date, d.status
    if type(planned) is not dt.date or not q.enrolment <= planned <= q.plan_limit:
        return False
    if not q.amount(d.planned_ug) or type(status) is not DoseStatus:
        return False
    if status is DoseStatus.PLANNED:  # nothing recorded yet: the outcome fields are not checked
        return True
    given = status is DoseStatus.GIVEN
    if (given or d.given_at is not None) and not q.time(d.given_at):
        return False
    if (given or d.amount_ug is not None) and not q.amount(d.amount_ug):
        return False
    reason, site = d.reason, d.site
    if reason is None and status in (DoseStatus.HELD, DoseStatus.MISSED):
        return False
    if (reason is not None and type(reason) is not DoseReason) or (
        site is not None and type(site) is not InjectionSite
    ):
        return False
    texts = _text(d.lot) and _text(d.premedication) and _text(d.recorded_by)
    return texts and _text(d.reason_text, validation.LONG_TEXT)


def _no_override(a: CrsAssessment | IcansAssessment) -> bool:
    return a.override_grade is None and _text(a.override_reason, validation.LONG_TEXT)


def quick_crs(a: CrsAssessment, q: Quick) -> bool:
    temperature = a.temperature_c
    if temperature is not None and not _within(temperature, *validation.TEMPERATURE_RANGE):
        return False
    return (
        type(a.fever_masked) is bool
        and q.time(a.assessed_at)
        and type(a.hypotension) is Hypotension
        and type(a.oxygen) is Oxygen
        and _text(a.treatment)
        and _no_override(a)
        and _text(a.recorded_by)
        and _text(a.attributed_to)
    )


def quick_icans(a: IcansAssessment, q: Quick) -> bool:
    items = a.ice_items
    if items is not None and not (
        type(items) is tuple and len(items) == 10 and all(type(item) is bool for item in items)
    ):
        return False
    return (
        q.time(a.assessed_at)
        and type(a.consciousness) is Consciousness
        and type(a.seizure) is Seizure
        and type(a.motor) is Motor
        and type(a.raised_icp) is RaisedIcp
        and _text(a.ice_unable_reason)
        and _text(a.treatment)
        and _no_override(a)
        and _text(a.recorded_by)
    )


_PlainSpec = tuple[str, str, float, float, int, bool]  # name, type, low, high, max length, required
_PLAIN: dict[str, tuple[_PlainSpec, ...] | None] = {}


def _plain_specs(definition: ToxicityDefinition) -> tuple[_PlainSpec, ...] | None:
    """The inputs of a definition whose records `quick_toxicity` may settle: numbers and texts only,
    no input depending on another, no rule across inputs, no linked dose, no override (once per kind)."""
    kind = definition.record_kind
    if kind not in _PLAIN:
        plain = (
            definition.check is None
            and not definition.links_dose
            and not definition.overridable
            and all(s.type in ("number", "text") and s.options is None for s in definition.inputs)
        )
        _PLAIN[kind] = (
            tuple(
                (
                    s.name,
                    s.type,
                    -math.inf if s.low is None else s.low,
                    math.inf if s.high is None else s.high,
                    s.max_length,
                    s.required,
                )
                for s in definition.inputs
            )
            if plain
            else None
        )
    return _PLAIN[kind]


GradeMemo = dict[tuple[str, tuple[tuple[str, object], ...]], Grade]


def quick_toxicity(
    definition: ToxicityDefinition, r: ToxicityRecord, q: Quick, user: str, grades: GradeMemo | None = None
) -> ToxicityRecord | None:
    """The record `prepare` would return for a plain record (numbers as floats in range, ASCII texts,
    an accepted time, no override, no dose, no id), stamped with `user` and graded; None for
    anything else, which then takes `prepare` (the clinician-readable error or the normalised record).
    An import's lab terms (issue 19): one record built instead of three copies and every check."""
    specs = _plain_specs(definition)
    if (
        specs is None
        or r.kind != definition.record_kind
        or r.id is not None
        or r.dose_id is not None
        or r.override_grade is not None
        or r.override_reason
        or r.voided
        or not q.time(r.assessed_at)
    ):
        return None
    given = r.values
    values: dict[str, object] = {}
    for name, kind, low, high, limit, required in specs:
        value = given.get(name)
        if value is None:
            if required:
                return None
            values[name] = None
        elif kind == "number":
            if type(value) is not float or not low <= value <= high:
                return None
            values[name] = value
        elif _text(value, limit):
            values[name] = value
        else:
            return None
    if len(given) > sum(1 for name in given if name in values):
        return None  # an input the definition does not have: refused by the full check
    grade = _graded(definition, values, grades)
    return ToxicityRecord(
        r.kind,
        r.patient_id,
        r.assessed_at,
        values,
        None,
        grade.grade,
        grade.scale,
        tuple(grade.reasons),
        recorded_by=user,
    )


def _graded(definition: ToxicityDefinition, values: dict[str, object], grades: GradeMemo | None) -> Grade:
    """`definition.grade(values)`, remembered in `grades` (one import's memo) by the definition's kind
    and the values: grading is a function of the inputs alone, and a laboratory export repeats the
    same value with the same limits of normal many times (values of a few significant digits).
    A zero is graded afresh: -0.0 equals 0.0 as a key but may be spelled otherwise in the reasons."""
    if grades is None or 0.0 in values.values():
        return definition.grade(values)
    key = (definition.record_kind, tuple(values.items()))
    grade = grades.get(key)
    if grade is None:
        grade = grades[key] = definition.grade(values)
    return grade
