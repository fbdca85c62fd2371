"""The CTCAE lab grading tables (data/ctcae-labs.toml), read and checked; ctcae_grading.grade_lab uses them.

The thresholds are data with their CTCAE sentence beside them: the file says how to read a table, and
a malformed one is refused with a ValueError naming the term and what is wrong. The file is read (and
tomllib imported) on the first lab grade, not at import: the start-up path imports clinical.grading.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from clinical.data import packaged_text

LAB_FILE = "ctcae-labs.toml"
DIRECTIONS = ("decreased", "increased")
BASELINE_RULES = ("abnormal", "always")


@dataclass(frozen=True)
class Band:
    """One grade's threshold: `bound` x10^9/L or g/L ("decreased" terms), or a multiple of the ULN or
    the baseline ("increased" terms). `kind` is "below", "above" (more than) or "at_least"."""

    grade: int
    bound: float
    kind: str


@dataclass(frozen=True)
class LabCriteria:
    """How one CTCAE term is graded from a lab value, and where that comes from."""

    term: str
    ctcae_version: str
    name: str  # what the reasons call the value: "ANC", "platelet count", "ALT"
    direction: str  # "decreased" or "increased"
    unit: str  # "" for the "increased" terms: value, ULN and baseline share the lab's unit
    low: float
    high: float
    source: str
    ctcae_grades: tuple[str, ...]
    bands: tuple[Band, ...]  # most severe first
    lln_grade: int | None = None
    baseline_rule: str = ""
    baseline_bands: tuple[Band, ...] = ()
    note: str = ""


def _fail(term: object, problem: str) -> ValueError:
    return ValueError(f"lab grades: {term}: {problem}")


def _text(table: Mapping[str, object], key: str, term: object, *, required: bool = True) -> str:
    value = table.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value):
        raise _fail(term, f"{key} must be {'non-empty ' if required else ''}text (got {value!r})")
    return value


def _number(value: object, term: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(term, f"{what} must be a number (got {value!r})")
    return float(value)


def _grade(value: object, term: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
        raise _fail(term, f"{what} must be a whole number from 1 to 4 (got {value!r})")
    return value


def _band(table: object, term: object, kinds: tuple[str, ...]) -> Band:
    if not isinstance(table, dict):
        raise _fail(term, f"a band must be a table (got {table!r})")
    grade = _grade(table.get("grade"), term, "a band's grade")
    found = [kind for kind in kinds if kind in table]
    if len(found) != 1 or len(table) != 2:
        raise _fail(term, f"grade {grade} needs one bound, {' or '.join(kinds)} (got {table!r})")
    return Band(grade, _number(table[found[0]], term, f"grade {grade}'s bound"), found[0])


def _bands(data: object, term: object, kinds: tuple[str, ...], rising: bool) -> tuple[Band, ...]:
    """Bands most severe first: grades falling and bounds rising ("below") or falling (multiples)."""
    if not isinstance(data, list) or not data:
        raise _fail(term, f"bands must be a non-empty list (got {data!r})")
    bands = tuple(_band(item, term, kinds) for item in data)
    for worse, milder in itertools.pairwise(bands):
        ordered = worse.bound < milder.bound if rising else worse.bound > milder.bound
        if milder.grade >= worse.grade or not ordered:
            raise _fail(term, "bands must go from the most severe grade down, each bound past the last")
    return bands


def _criteria(table: Mapping[str, object]) -> LabCriteria:
    term = _text(table, "term", "?")
    direction = _text(table, "direction", term)
    if direction not in DIRECTIONS:
        raise _fail(term, f"direction must be one of: {', '.join(DIRECTIONS)} (got {direction!r})")
    limits = table.get("range")
    if not isinstance(limits, list) or len(limits) != 2:
        raise _fail(term, f"range must be [low, high] (got {limits!r})")
    low, high = (_number(limit, term, "range") for limit in limits)
    if not 0 <= low < high:
        raise _fail(term, f"range must be [low, high] with 0 <= low < high (got {limits!r})")
    grades = table.get("ctcae_grades")
    if not isinstance(grades, list) or len(grades) != 4 or not all(isinstance(g, str) and g for g in grades):
        raise _fail(term, "ctcae_grades must be the four CTCAE sentences of grades 1-4")
    decreased = direction == "decreased"
    lln_grade = table.get("lln_grade")
    rule = _text(table, "baseline_rule", term, required=False)
    if decreased and (rule or "baseline_bands" in table):
        raise _fail(term, "a decreased term has no baseline rule")
    if not decreased and (lln_grade is not None or rule not in BASELINE_RULES):
        raise _fail(term, f"an increased term needs a baseline_rule, one of: {', '.join(BASELINE_RULES)}")
    kinds = ("below",) if decreased else ("above", "at_least")
    return LabCriteria(
        term=term,
        ctcae_version=_text(table, "ctcae_version", term),
        name=_text(table, "name", term),
        direction=direction,
        unit=_text(table, "unit", term, required=decreased),
        low=low,
        high=high,
        source=_text(table, "source", term),
        ctcae_grades=tuple(grades),
        bands=_bands(table.get("bands"), term, kinds, decreased),
        lln_grade=None if lln_grade is None else _grade(lln_grade, term, "lln_grade"),
        baseline_rule=rule,
        baseline_bands=() if decreased else _bands(table.get("baseline_bands"), term, kinds, False),
        note=_text(table, "note", term, required=False),
    )


def parse_lab_criteria(text: str) -> dict[tuple[str, str], LabCriteria]:
    """The tables by (CTCAE version, term) from TOML text; ValueError says what is malformed."""
    import tomllib  # here, not at import: ~6 ms that the start-up path does not need

    items = tomllib.loads(text).get("term")
    if not isinstance(items, list) or not items:
        raise ValueError("lab grades: needs [[term]] tables")
    table: dict[tuple[str, str], LabCriteria] = {}
    for item in items:
        criteria = _criteria(item)
        key = (criteria.ctcae_version, criteria.term)
        if key in table:
            raise _fail(criteria.term, f"CTCAE v{criteria.ctcae_version} is given twice")
        table[key] = criteria
    return table


@functools.cache
def lab_criteria() -> dict[tuple[str, str], LabCriteria]:
    """The packaged tables, read once (immutable reference data)."""
    return parse_lab_criteria(packaged_text(LAB_FILE))
