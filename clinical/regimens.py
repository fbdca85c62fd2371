"""Regimen schedules: the planned doses of a cycle, from the reference data in data/regimens.toml.

Regimens are data so that a site can add one without touching code; the default thrice-weekly
days are an inference (reference §0.2) and every planned dose can be moved by the user.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from clinical.data import packaged_text

REGIMENS_FILE = "regimens.toml"


@dataclass(frozen=True)
class PlannedDose:
    """One dose the regimen plans: cycle day (1-based), its date and amount in µg."""

    day: int
    date: dt.date
    dose_ug: float


@dataclass(frozen=True)
class Regimen:
    """A dosing regimen as read from the reference data, with its source text."""

    name: str
    source: str
    cycle_length_days: int
    min_cycles: int
    max_cycles: int
    lead_in_ug: float
    lead_in_days: tuple[int, ...]
    maintenance_ug: float
    first_cycle_maintenance_days: tuple[int, ...]
    later_cycle_days: tuple[int, ...]

    def schedule(self, cycle: int) -> list[tuple[int, float]]:
        """(cycle day, dose µg) for cycle `cycle`, in day order."""
        if cycle == 1:
            days = [(d, self.lead_in_ug) for d in self.lead_in_days]
            days += [(d, self.maintenance_ug) for d in self.first_cycle_maintenance_days]
        else:
            days = [(d, self.maintenance_ug) for d in self.later_cycle_days]
        return sorted(days)


def _days(table: Mapping[str, object], key: str, length: int, name: str) -> tuple[int, ...]:
    """A list of distinct cycle days within the cycle, or a ValueError naming the regimen."""
    days = table.get(key)
    if not isinstance(days, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= length for d in days
    ):
        raise ValueError(f"regimen {name!r}: {key} must be a list of days from 1 to {length}")
    if len(set(days)) != len(days):
        raise ValueError(f"regimen {name!r}: {key} repeats a day")
    return tuple(sorted(days))


def _positive(table: Mapping[str, object], key: str, name: str) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"regimen {name!r}: {key} must be a positive number (got {value!r})")
    return float(value)


def _count(table: Mapping[str, object], key: str, name: str) -> int:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"regimen {name!r}: {key} must be a whole number of 1 or more")
    return value


def _parse_regimen(table: Mapping[str, object]) -> Regimen:
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("every regimen needs a non-empty name")
    length = _count(table, "cycle_length_days", name)
    lead_in_days = _days(table, "lead_in_days", length, name)
    first_maint = _days(table, "first_cycle_maintenance_days", length, name)
    if set(lead_in_days) & set(first_maint):
        raise ValueError(f"regimen {name!r}: a cycle 1 day is both lead-in and maintenance")
    min_cycles, max_cycles = _count(table, "min_cycles", name), _count(table, "max_cycles", name)
    if min_cycles > max_cycles:
        raise ValueError(f"regimen {name!r}: min_cycles is more than max_cycles")
    return Regimen(
        name=name,
        source=str(table.get("source", "")),
        cycle_length_days=length,
        min_cycles=min_cycles,
        max_cycles=max_cycles,
        lead_in_ug=_positive(table, "lead_in_ug", name),
        lead_in_days=lead_in_days,
        maintenance_ug=_positive(table, "maintenance_ug", name),
        first_cycle_maintenance_days=first_maint,
        later_cycle_days=_days(table, "later_cycle_days", length, name),
    )


def parse_regimens(text: str) -> dict[str, Regimen]:
    """Regimens by name from TOML text; a malformed file raises ValueError saying what is wrong."""
    data = tomllib.loads(text)
    tables = data.get("regimen")
    if not isinstance(tables, list) or not tables:
        raise ValueError("the regimen file has no [[regimen]] tables")
    regimens: dict[str, Regimen] = {}
    for table in tables:
        regimen = _parse_regimen(table)
        if regimen.name in regimens:
            raise ValueError(f"regimen {regimen.name!r} is defined twice")
        regimens[regimen.name] = regimen
    return regimens


def load_regimens(path: Path | None = None) -> dict[str, Regimen]:
    """Read a regimen file (default: the packaged data/regimens.toml)."""
    text = packaged_text(REGIMENS_FILE) if path is None else path.read_text("utf-8")
    return parse_regimens(text)


@functools.cache
def _packaged() -> dict[str, Regimen]:
    """The packaged regimens, read once: immutable reference data, not mutable global state."""
    return load_regimens()


def regimen_names() -> list[str]:
    """Names of the packaged regimens, in file order."""
    return list(_packaged())


def get_regimen(name: str) -> Regimen:
    """The packaged regimen called `name`; ValueError listing the known ones otherwise."""
    known = _packaged()
    if not isinstance(name, str) or name not in known:
        raise ValueError(f"regimen must be one of: {', '.join(known)} (got {name!r})")
    return known[name]


def max_dose_ug() -> float:
    """The largest single dose in any packaged regimen: the ceiling storage validation uses."""
    return max(max(r.lead_in_ug, r.maintenance_ug) for r in _packaged().values())


def planned_doses(regimen: str, cycle: int, start: dt.date) -> list[PlannedDose]:
    """The planned doses of cycle `cycle` of `regimen` starting on `start`, in day order."""
    spec = get_regimen(regimen)
    if isinstance(cycle, bool) or not isinstance(cycle, int) or not 1 <= cycle <= spec.max_cycles:
        raise ValueError(f"cycle must be a whole number from 1 to {spec.max_cycles} (got {cycle!r})")
    if isinstance(start, dt.datetime) or not isinstance(start, dt.date):
        raise ValueError(f"start must be a date (got {start!r})")
    return [PlannedDose(day, start + dt.timedelta(days=day - 1), dose) for day, dose in spec.schedule(cycle)]


# ---- checks of entries against the plan (issue 11); each exception may be confirmed with a reason ----

# The cycle is "a 26-day treatment period followed by a 1-week treatment-free interval" (reference
# §1.3, ASH 2022 dose-escalation abstract): the next cycle may start once the 7 days after the
# previous cycle's last planned dose have passed.
BREAK_DAYS = 7
# No planned dose follows another within a day: once daily in week 1, thrice weekly after (reference
# §1.3), so two given doses less than 24 h apart are outside every packaged plan.
MIN_DOSE_INTERVAL = dt.timedelta(hours=24)
# The dose form records amounts to 0.1 µg; closer than this to the planned amount is the planned amount.
AMOUNT_TOLERANCE_UG = 0.05


def earliest_next_start(last_planned: dt.date) -> dt.date:
    """The first day a new cycle may start without a protocol check: the day after the previous
    cycle's last planned dose, plus the 7-day break."""
    return last_planned + dt.timedelta(days=1 + BREAK_DAYS)


def amount_differs(given_ug: float, planned_ug: float) -> bool:
    """Whether a given amount is not the planned amount for that dose."""
    return abs(given_ug - planned_ug) > AMOUNT_TOLERANCE_UG


def too_close(given_at: dt.datetime, others: list[dt.datetime]) -> dt.datetime | None:
    """The first of `others` (other given doses of the patient) less than 24 h from `given_at`."""
    return next((at for at in sorted(others) if abs(at - given_at) < MIN_DOSE_INTERVAL), None)


def weekend_dates(doses: list[PlannedDose]) -> list[PlannedDose]:
    """The planned doses that fall on a Saturday or Sunday (shown before a cycle is saved: the
    thrice-weekly days are an inference, reference §0.2, and a clinic may not dose at weekends)."""
    return [d for d in doses if d.date.weekday() >= 5]


# Said wherever the plan's dates are shown: the start-cycle dialog, the calendar, the cycle PDF.
INFERENCE_NOTE = (
    "The thrice-weekly days are inferred from the published schedule (once daily days 1-7 of "
    "cycle 1, then three times a week to day 26): no source names the weekdays, so ToxTrack spaces "
    "them Mon/Wed/Fri when day 1 is a Monday. Any planned dose can be moved."
)
