"""Validation at the storage boundary: every write passes here first, so a bad value raises
ValidationError(field, value, allowed) and nothing is written.

Ranges (the schema repeats them as CHECK constraints): temperature 30-45 °C and ANC 0-100 x10^9/L
(issue 2; clinical/grading.py and clinical/ctcae_grading.py use the same ranges); dose amount > 0 and
at most 2x the largest regimen dose (clinical.regimens.max_dose_ug). Plausibility ranges chosen here,
wide enough for extreme but real values: LLN 0-100 x10^9/L, WBC 0-1000 x10^9/L (hyperleukocytosis), platelets
0-5000 x10^9/L, haemoglobin 0-300 g/L, CRP 0-1000 mg/L, ferritin 0-1,000,000 µg/L (HLH).
Observed times and enrolment: not more than 1 day in the future; events not before enrolment
(compared as local calendar dates). Planned dates (cycle start, moved dose): not before enrolment
and at most 366 days ahead. An ANC above the WBC of the same sample is refused (a neutrophil is a
white cell); UNIT_QUESTIONS lists when the lab form asks whether a value was typed in another unit.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, TypeVar

from clinical import regimens
from clinical.choices import (
    Consciousness,
    DoseReason,
    DoseStatus,
    Hypotension,
    InjectionSite,
    Motor,
    Oxygen,
    PatientStatus,
    RaisedIcp,
    Seizure,
    Sex,
)
from clinical.errors import ValidationError
from clinical.model import CrsAssessment, Dose, IcansAssessment, LabResult, Patient
from clinical.wording import choice_words

SHORT_TEXT = 200
LONG_TEXT = 2000
SUBJECT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
SUBJECT_ID_RULE = "1-40 letters, digits, dots, underscores or hyphens, starting with a letter or digit"
FUTURE_SLACK = dt.timedelta(days=1)
PLAN_AHEAD = dt.timedelta(days=366)
# Adults only: NCT04521231 enrolled patients aged 18 or more (reference §1.2, CenterWatch listing),
# and the ICE score is the adult instrument (reference §3.2-3.3; CAPD replaces it in children).
ADULT_AGE = 18
TEMPERATURE_RANGE = (30.0, 45.0, "°C")
LAB_RANGES: dict[str, tuple[float, float, str]] = {
    "anc": (0.0, 100.0, "×10⁹/L"),
    "lln": (0.0, 100.0, "×10⁹/L"),
    "wbc": (0.0, 1000.0, "×10⁹/L"),
    "platelets": (0.0, 5000.0, "×10⁹/L"),
    "haemoglobin_g_l": (0.0, 300.0, "g/L"),
    "crp_mg_l": (0.0, 1000.0, "mg/L"),
    "ferritin_ug_l": (0.0, 1_000_000.0, "µg/L"),
}


@dataclass(frozen=True)
class UnitQuestion:
    """A value typed in the form's unit that looks like a reading in `meant_unit`: stored value =
    typed value x `factor` if the user says yes."""

    field: str
    above: float | None  # ask when the value is above this...
    below: float | None  # ...or below this (and above 0)
    meant_unit: str
    factor: float


# When to ask "did you mean ...?" before a lab value is saved (issue 11, "ANC plausibility"). These
# limits are ENGINEERING CHOICES that make a unit mix-up obvious, not clinical facts: each is well
# past the values a blood count usually shows in the form's unit, while the same figure read in the
# other unit is an ordinary one. A real value beyond a limit is still saved after the question.
# - ANC 30 x10^9/L: the figure issue 11 gives (80 typed as x10^9/L meaning cells/uL saved grade 0).
# - ANC lower limit of normal 30 x10^9/L: the same figure as the ANC it is the limit of.
# - WBC 100 x10^9/L: a white count typed in cells/uL is 100 or more down to 0.1 x10^9/L.
# - Platelets 1000 x10^9/L: platelets typed in cells/uL are 1000 or more down to 1 x10^9/L.
# - Haemoglobin below 30 g/L: a reading in g/dL (3-20) typed into the g/L field.
# The question is asked by the lab form (gui/patient/lab_form.py); storage refuses only impossible values.
UNIT_QUESTIONS: tuple[UnitQuestion, ...] = (
    UnitQuestion("anc", 30.0, None, "cells/µL", 0.001),
    UnitQuestion("lln", 30.0, None, "cells/µL", 0.001),
    UnitQuestion("wbc", 100.0, None, "cells/µL", 0.001),
    UnitQuestion("platelets", 1000.0, None, "cells/µL", 0.001),
    UnitQuestion("haemoglobin_g_l", None, 30.0, "g/dL", 10.0),
)
E = TypeVar("E", bound=Enum)
T = TypeVar("T")


def updated(record: T, **values: Any) -> T:
    """`dataclasses.replace`, skipped when every value is already the record's own (the common
    case: bulk writes validate hundreds of thousands of records, and replace is the slow part)."""
    for name, value in values.items():  # a plain loop: a generator per call cost more than the check
        if getattr(record, name) is not value:
            return replace(record, **values)  # type: ignore[type-var]
    return record


@functools.cache
def dose_limit() -> float:
    """The largest amount a dose may have: 2x the largest packaged regimen dose. The packaged
    regimens are read once and never change, so this is computed once, not per dose."""
    return 2 * regimens.max_dose_ug()


def choice(field: str, value: object, options: type[E]) -> E:
    """An enum member from a member or its string value."""
    if type(value) is options:  # already a member: what options(value) would return, without the call
        return value
    try:
        return options(value)
    except ValueError:
        allowed = "one of " + ", ".join(choice_words(str(m.value)) for m in options)
        raise ValidationError(field, value, allowed) from None


def optional_choice(field: str, value: object, options: type[E]) -> E | None:
    return None if value is None else choice(field, value, options)


def number(field: str, value: object, low: float, high: float, unit: str = "") -> float:
    """A finite number in [low, high] (bools are not numbers here)."""
    if type(value) is float and low <= value <= high:  # the common case; NaN fails the comparison
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError(field, value, _number_rule(low, high, unit))
    if not low <= value <= high:
        raise ValidationError(field, value, _number_rule(low, high, unit))
    return float(value)


def _number_rule(low: float, high: float, unit: str) -> str:
    """The `allowed` text of `number`, built only for an error (formatting it cost more than the check)."""
    return f"a number from {low:g} to {high:g}{' ' + unit if unit else ''}"


def text(field: str, value: object, limit: int = SHORT_TEXT, required: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        # NUL is refused: SQLite's length() stops at it, so the CHECKs would see a shorter text.
        raise ValidationError(field, value, f"text of at most {limit} characters, without NUL")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate (from a broken paste or file) cannot be stored as UTF-8.
            raise ValidationError(field, value, "text of valid Unicode characters") from None
    if required and not value.strip():
        raise ValidationError(field, value, "a non-empty text (required)")
    return value


def reason(value: object, field: str = "reason") -> str:
    """The reason a saved value changes: required, so the audit trail says why."""
    return text(field, value, LONG_TEXT, required=True)


def event_time(field: str, value: object, enrolment: dt.date, now: dt.datetime) -> dt.datetime:
    """An observed time: timezone-aware, not before enrolment, at most a day in the future."""
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise ValidationError(field, value, "a date and time with its time zone")
    if _local_date_before(value, enrolment) or value > now + FUTURE_SLACK:
        allowed = f"a time from {enrolment.isoformat()} (enrolment) to one day after now"
        raise ValidationError(field, value, allowed)
    return value


def _local_date_before(value: dt.datetime, enrolment: dt.date) -> bool:
    """Whether the local calendar date of `value` is before `enrolment`. A local date is at most one
    day before the UTC date (UTC offsets are under 24 h), so a UTC date after enrolment settles it
    without the local-time conversion, which is the slow part of validating an observed time."""
    if value.utcoffset() is not None and value.astimezone(dt.UTC).date() > enrolment:
        return False
    return value.astimezone().date() < enrolment


def planned_date(field: str, value: object, enrolment: dt.date, today: dt.date) -> dt.date:
    """A planned date: not before enrolment, at most 366 days ahead."""
    latest = today + PLAN_AHEAD
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError(field, value, "a date")
    if not enrolment <= value <= latest:
        raise ValidationError(field, value, f"a date from {enrolment} (enrolment) to {latest}")
    return value


def regimen(value: object) -> str:
    names = regimens.regimen_names()
    if value not in names:
        raise ValidationError("regimen", value, "one of " + ", ".join(names))
    return str(value)


def override(grade: object, why: object) -> tuple[int | None, str]:
    """A clinician's override grade 0-5 needs a reason; no override needs none."""
    if grade is None:
        return None, text("override_reason", why, LONG_TEXT)
    if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= 5:
        raise ValidationError("override_grade", grade, "a whole number from 0 to 5, or none")
    return grade, text("override_reason", why, LONG_TEXT, required=True)


def patient(p: Patient, today: dt.date) -> Patient:
    if not isinstance(p.subject_id, str) or not SUBJECT_ID.fullmatch(p.subject_id):
        raise ValidationError("subject_id", p.subject_id, SUBJECT_ID_RULE)
    if not isinstance(p.enrolment_date, dt.date) or isinstance(p.enrolment_date, dt.datetime):
        raise ValidationError("enrolment_date", p.enrolment_date, "a date")
    if p.enrolment_date > today + FUTURE_SLACK or p.enrolment_date.year < 1990:
        raise ValidationError("enrolment_date", p.enrolment_date, "a date from 1990 to tomorrow")
    birth = p.birth_year
    if birth is not None and (
        isinstance(birth, bool) or not isinstance(birth, int) or not 1900 <= birth <= today.year
    ):
        raise ValidationError("birth_year", birth, f"a year from 1900 to {today.year}, or none")
    adult(birth, p.enrolment_date)
    if not isinstance(p.demo, bool):
        raise ValidationError("demo", p.demo, "true or false")
    return updated(
        p,
        regimen=regimen(p.regimen),
        sex=choice("sex", p.sex, Sex),
        status=choice("status", p.status, PatientStatus),
        name=text("name", p.name),
        mrn=text("mrn", p.mrn),
        status_reason=text("status_reason", p.status_reason, LONG_TEXT),
        notes=text("notes", p.notes, LONG_TEXT),
    )


def adult(birth_year: int | None, enrolment: dt.date) -> None:
    """Refuse a patient certainly under 18 at registration. Only the birth year is stored, so a
    patient who turns 18 in the enrolment year (17 or 18 that day) is accepted."""
    if birth_year is not None and enrolment.year - birth_year < ADULT_AGE:
        raise ValidationError(
            "birth_year",
            birth_year,
            f"a patient aged {ADULT_AGE} or more at registration ({enrolment.isoformat()}): ToxTrack is "
            f"for adults, as the SC blinatumomab trial (NCT04521231) enrolled only patients aged "
            f"{ADULT_AGE} or more and the ICE score used for ICANS grading is the adult assessment",
        )


def dose_outcome(d: Dose, enrolment: dt.date, now: dt.datetime) -> Dose:
    """A dose's recorded outcome: given needs time and amount, held/missed a coded reason."""
    status = choice("status", d.status, DoseStatus)
    limit = dose_limit()
    given_at, amount = d.given_at, d.amount_ug
    if status is DoseStatus.GIVEN or given_at is not None:
        given_at = event_time("given_at", given_at, enrolment, now)
    if status is DoseStatus.GIVEN or amount is not None:
        amount = number("amount_ug", amount, 0.0, limit, "µg")
        if amount <= 0:
            raise ValidationError("amount_ug", amount, f"a number above 0 and at most {limit:g} µg")
    why = optional_choice("reason", d.reason, DoseReason)
    if status in (DoseStatus.HELD, DoseStatus.MISSED) and why is None:
        raise ValidationError("reason", d.reason, "a coded reason when a dose is held or missed")
    return updated(
        d,
        status=status,
        given_at=given_at,
        amount_ug=amount,
        reason=why,
        site=optional_choice("site", d.site, InjectionSite),
        lot=text("lot", d.lot),
        reason_text=text("reason_text", d.reason_text, LONG_TEXT),
        premedication=text("premedication", d.premedication),
        recorded_by=text("recorded_by", d.recorded_by),
    )


def crs(a: CrsAssessment, enrolment: dt.date, now: dt.datetime) -> CrsAssessment:
    temperature = a.temperature_c
    if temperature is not None:
        temperature = number("temperature_c", temperature, *TEMPERATURE_RANGE)
    if not isinstance(a.fever_masked, bool):
        raise ValidationError("fever_masked", a.fever_masked, "true or false")
    grade, why = override(a.override_grade, a.override_reason)
    return updated(
        a,
        assessed_at=event_time("assessed_at", a.assessed_at, enrolment, now),
        temperature_c=temperature,
        hypotension=choice("hypotension", a.hypotension, Hypotension),
        oxygen=choice("oxygen", a.oxygen, Oxygen),
        treatment=text("treatment", a.treatment),
        override_grade=grade,
        override_reason=why,
        recorded_by=text("recorded_by", a.recorded_by),
        attributed_to=text("attributed_to", a.attributed_to),
    )


def ice_items(value: object) -> tuple[bool, ...] | None:
    if value is None:
        return None
    if (
        not isinstance(value, tuple | list)
        or len(value) != 10
        or not all(isinstance(item, bool) for item in value)
    ):
        raise ValidationError("ice_items", value, "exactly 10 true/false answers, or none")
    return tuple(value)


def icans(a: IcansAssessment, enrolment: dt.date, now: dt.datetime) -> IcansAssessment:
    grade, why = override(a.override_grade, a.override_reason)
    return updated(
        a,
        assessed_at=event_time("assessed_at", a.assessed_at, enrolment, now),
        consciousness=choice("consciousness", a.consciousness, Consciousness),
        ice_items=ice_items(a.ice_items),
        ice_unable_reason=text("ice_unable_reason", a.ice_unable_reason),
        seizure=choice("seizure", a.seizure, Seizure),
        motor=choice("motor", a.motor, Motor),
        raised_icp=choice("raised_icp", a.raised_icp, RaisedIcp),
        treatment=text("treatment", a.treatment),
        override_grade=grade,
        override_reason=why,
        recorded_by=text("recorded_by", a.recorded_by),
    )


def lab(result: LabResult, enrolment: dt.date, now: dt.datetime) -> LabResult:
    values: dict[str, float | None] = {}
    for field, (low, high, unit) in LAB_RANGES.items():
        value = getattr(result, field)
        required = field == "anc"
        values[field] = None if value is None and not required else number(field, value, low, high, unit)
    anc, wbc = values["anc"], values["wbc"]
    if anc is not None and wbc is not None and anc > wbc:
        # Neutrophils are white cells: more of them than white cells in one sample is a typing slip.
        raise ValidationError("anc", anc, f"at most the WBC of the same sample ({wbc:g} ×10⁹/L)")
    return updated(
        result,
        drawn_at=event_time("drawn_at", result.drawn_at, enrolment, now),
        ctcae_version=text("ctcae_version", result.ctcae_version, 20, required=True),
        recorded_by=text("recorded_by", result.recorded_by),
        **values,
    )
