"""Validation of a data-defined toxicity record (clinical.toxicities.ToxicityRecord) from its
definition's InputSpecs: the storage boundary of every kind added as a definition module alone.

Each refusal names the input as the form labels it (`InputSpec.label`) and says what is allowed (the
range with its unit, the choices by their labels), so a new toxicity gets clinician-readable
messages without a wording entry of its own. Values are normalised to what the JSON `inputs` column
keeps: numbers as floats, choices and picked grades as their stored text, flags as booleans, ICE
answers as a tuple of ten booleans, a CTCAE term as its exact name, a date and time as UTC ISO text
(checked as every observed time is), ticks as the tuple of ticked values in the choices' order (None
when none is ticked). An input whose choices depend on another (a grade among the chosen term's
sentences) is checked against the choices that input's value gives; the definition's own `check`
then runs the rules across inputs (an "Other, specify" term's name, a resolution not before the
onset). The linked dose (an input of type "dose") is the record's
`dose_id`; whether it is a given dose of the same patient is checked against the file
(storage/repo_records.py), not here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math

from clinical.errors import ValidationError
from clinical.toxicities import InputSpec, ToxicityDefinition, ToxicityRecord
from clinical.toxicities.ctcae import known_term
from storage import validation
from storage.audit import utc_text


def _choices(spec: InputSpec) -> str:
    """What a choice allows, as the form offers it: a picked grade by its numbers (the sentences
    are long), other choices by their labels."""
    if spec.type == "grade_pick":
        return "one of the grades offered: " + ", ".join(value for value, _ in spec.choices)
    return "one of " + ", ".join(f"“{label}”" for _, label in spec.choices)


def _range(spec: InputSpec) -> str:
    unit = f" {spec.unit}" if spec.unit else ""
    if spec.low is None and spec.high is None:
        return f"a number{unit}"
    low = "" if spec.low is None else f" from {spec.low:g}"
    high = "" if spec.high is None else f" to {spec.high:g}"
    return f"a number{low}{high}{unit}"


def _number(spec: InputSpec, value: object) -> float:
    low = -math.inf if spec.low is None else spec.low
    high = math.inf if spec.high is None else spec.high
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    if not (math.isfinite(number) and low <= number <= high):
        raise ValidationError(spec.name, value, _range(spec), label=spec.label)
    return float(number)


def _choice(spec: InputSpec, value: object) -> str:
    stored = value.value if isinstance(value, enum.Enum) else value
    if isinstance(stored, int) and not isinstance(stored, bool) and spec.type == "grade_pick":
        stored = str(stored)  # a picked grade may come as the number itself
    if not isinstance(stored, str) or stored not in {choice for choice, _ in spec.choices}:
        raise ValidationError(spec.name, value, _choices(spec), label=spec.label)
    return stored


def _text(spec: InputSpec, value: object) -> str:
    ok = isinstance(value, str) and len(value) <= spec.max_length and "\x00" not in value
    if ok and not str(value).isascii():
        try:
            str(value).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a broken paste) cannot be stored as UTF-8
            ok = False
    if not ok:
        allowed = f"text of at most {spec.max_length} valid characters"
        raise ValidationError(spec.name, value, allowed, label=spec.label)
    return str(value)


def _flag(spec: InputSpec, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(spec.name, value, "ticked or not ticked", label=spec.label)
    return value


def _ice_items(spec: InputSpec, value: object) -> tuple[bool, ...]:
    if not (isinstance(value, tuple | list) and len(value) == 10 and all(isinstance(v, bool) for v in value)):
        raise ValidationError(spec.name, value, "the ten ICE answers, each right or wrong", label=spec.label)
    return tuple(value)


def _term(spec: InputSpec, value: object) -> str:
    term = known_term(value)
    if term is None:
        raise ValidationError(spec.name, value, "a term of the CTCAE v5.0 list", label=spec.label)
    return term.term


def _datetime(spec: InputSpec, value: object) -> str:
    moment = value
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
    if not isinstance(moment, dt.datetime) or moment.tzinfo is None:
        raise ValidationError(spec.name, value, "a date and time with its time zone", label=spec.label)
    return utc_text(moment)


def _ticks(spec: InputSpec, value: object) -> tuple[str, ...] | None:
    offered = [stored for stored, _ in spec.choices]
    ticked = (
        [v.value if isinstance(v, enum.Enum) else v for v in value]
        if isinstance(value, tuple | list)
        else None
    )
    if ticked is None or any(not isinstance(v, str) or v not in offered for v in ticked):
        allowed = "any of " + ", ".join(f"“{label}”" for _, label in spec.choices)
        raise ValidationError(spec.name, value, allowed, label=spec.label)
    return tuple(v for v in offered if v in ticked) or None


_CHECKS = {
    "number": _number,
    "choice": _choice,
    "grade_pick": _choice,
    "text": _text,
    "flag": _flag,
    "ice_items": _ice_items,
    "term": _term,
    "datetime": _datetime,
    "ticks": _ticks,
}


def input_value(spec: InputSpec, value: object) -> object:
    """One input's value as stored, or ValidationError in the words of its form; None when an
    optional input was left empty."""
    if value is None or (value == "" and spec.type != "text"):
        if spec.required:
            raise ValidationError(spec.name, value, "a value (required)", label=spec.label)
        return None
    return _CHECKS[spec.type](spec, value)


def _observed(spec: InputSpec, moment: dt.datetime, enrolment: dt.date, now: dt.datetime) -> None:
    """A time input is an observed time too: from enrolment to one day after now."""
    try:
        validation.event_time(spec.name, moment, enrolment, now)
    except ValidationError as exc:
        raise ValidationError(spec.name, moment, exc.allowed, label=spec.label) from None


def toxicity_record(
    definition: ToxicityDefinition, record: ToxicityRecord, enrolment: dt.date, now: dt.datetime
) -> ToxicityRecord:
    """The validated record: known inputs only, each checked and normalised; an observed time; the
    override only where the definition allows one (with its reason); the dose present when the
    definition links one."""
    known = {spec.name: spec for spec in definition.inputs if spec.type != "dose"}
    unknown = sorted(set(record.values) - set(known))
    if unknown:
        labels = ", ".join(spec.label for spec in known.values())
        raise ValidationError("inputs", unknown[0], f"one of the inputs of this record: {labels}")
    values: dict[str, object] = {}
    for name, spec in known.items():  # in the definition's order: a term before the grade it offers
        offered = (
            spec if spec.options is None else dataclasses.replace(spec, choices=spec.choices_given(values))
        )
        values[name] = input_value(offered, record.values.get(name))
    assessed_at = validation.event_time("assessed_at", record.assessed_at, enrolment, now)
    for spec in definition.inputs:
        if spec.type == "datetime" and values.get(spec.name) is not None:
            moment = dt.datetime.fromisoformat(str(values[spec.name]))
            _observed(spec, moment, enrolment, now)
    if definition.check is not None:
        definition.check(values, assessed_at)
    for spec in definition.inputs:
        if spec.type == "dose" and record.dose_id is None and spec.required:
            allowed = "the given dose this record follows (required)"
            raise ValidationError(spec.name, None, allowed, label=spec.label)
    grade, why = validation.override(record.override_grade, record.override_reason)
    if grade is not None and not definition.overridable:
        allowed = f"none: the grade of a {definition.record_label} is not overridden"
        raise ValidationError("override_grade", grade, allowed)
    return validation.updated(
        record,
        assessed_at=assessed_at,
        values=values,
        override_grade=grade,
        override_reason=why,
        recorded_by=validation.text("recorded_by", record.recorded_by),
    )
