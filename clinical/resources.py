"""The resource report (issue 18): what SC delivery used, set beside what the IV regimen would have
needed for the same cycles. Qt-free, plain data in and out.

SC figures are what was recorded: given doses (injections), their delivery records (setting, nurse
minutes), hospital stays (inpatient days). IV figures are the label and the stated assumptions of
clinical/data/iv-resources.toml, read in one place (`load_iv_assumptions`) and printed with every
report (`IvAssumptions.lines`), with what no source gives (`not_published`) said instead of invented.

Counting rules (written into the report's notes, `COUNTING_RULES`):
- A cycle runs from its start date to the day before the next cycle starts; the last cycle, for the
  regimen's cycle length (35 days for the SC regimens, clinical/data/regimens.toml).
- Inpatient days are nights in hospital: each calendar date (local time) from the admission's up to
  the day before the discharge's counts one day, in the cycle whose dates hold it (a stay admitted
  on day 1 at 09:00 and discharged on day 10 is 9 days); a stay ending the day it began counts 1; a
  stay still open counts up to `as_of`.
- IV bags: ceil(infusion hours / bag hours) a cycle; a bag starts at hour 0, bag, 2 x bag...; one
  that starts while the label's inpatient period lasts is an inpatient bag change, every other one
  is a visit (clinical-reference-2.md §3.3).
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from clinical.choices import DoseStatus
from clinical.data import packaged_text
from clinical.model import Cycle, Dose
from clinical.toxicities.definitions import dose_delivery, hospital_stay

IV_FILE = "iv-resources.toml"
NOT_RECORDED = "not_recorded"
SETTING_LABELS: dict[str, str] = {**dict(dose_delivery.SETTINGS), NOT_RECORDED: "Setting not recorded"}
HOME = (dose_delivery.HOME_NURSE, dose_delivery.HOME_SELF)
VISITS = (dose_delivery.DAY_UNIT, dose_delivery.OUTPATIENT)
COUNTING_RULES = (
    "A cycle runs from its start to the day before the next cycle starts (the last one: the regimen's "
    "cycle length); it is counted once a dose was given or a hospital day spent in it.",
    "Inpatient days are nights in hospital by local date, from admission to the day before discharge "
    "(a same-day stay counts 1; a stay still open counts to the report's date).",
    "SC hospital visits are doses given in the day unit or the outpatient clinic; home doses are doses "
    "given at home by a community nurse or self-administered.",
    "IV bag changes: ceil(infusion hours / bag hours) a cycle, a bag starting at hour 0, then every bag "
    "length; one starting within the label's inpatient period is inpatient, every other one a visit.",
)


@dataclass(frozen=True)
class IvAssumptions:
    """The IV regimen's figures and where each comes from (clinical/data/iv-resources.toml)."""

    label: str
    infusion_days: int
    inpatient_days: tuple[int, ...]  # cycle 1, cycle 2, ...
    inpatient_days_later: int
    bag_hours: int
    bag_hours_allowed: tuple[int, ...]
    pump_line_days: int
    sources: Mapping[str, str]
    not_published: tuple[str, ...]

    def inpatient(self, cycle: int) -> int:
        """The label's inpatient days for cycle `cycle` (1-based)."""
        listed = self.inpatient_days
        return listed[cycle - 1] if cycle <= len(listed) else self.inpatient_days_later

    @property
    def bags(self) -> int:
        """Bags a cycle: ceil(infusion hours / bag hours)."""
        return math.ceil(self.infusion_days * 24 / self.bag_hours)

    def inpatient_bags(self, cycle: int) -> int:
        """Bag changes that start while the label's inpatient period lasts."""
        hours = self.inpatient(cycle) * 24
        return sum(1 for k in range(self.bags) if k * self.bag_hours < hours)

    def lines(self) -> list[str]:
        """The assumptions in words, each with its source: printed with every report."""
        inpatient = ", ".join(f"cycle {n}: {d}" for n, d in enumerate(self.inpatient_days, start=1))
        return [
            f"IV regimen: {self.label}.",
            f"Continuous infusion {self.infusion_days} days a cycle. "
            f"Source: {self.sources['infusion_days']}.",
            f"Inpatient days {inpatient}; later cycles: {self.inpatient_days_later}. "
            f"Source: {self.sources['inpatient_days']}.",
            f"Bag length {self.bag_hours} h (the clinic's choice among "
            f"{', '.join(str(h) for h in self.bag_hours_allowed)} h): {self.bags} bags a cycle. "
            f"Source: {self.sources['bag']}.",
            f"A pump and an IV line for {self.pump_line_days} days a cycle. "
            f"Source: {self.sources['pump_line']}.",
        ]


def _int(table: Mapping[str, object], key: str) -> int:
    value = table.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError(f"IV assumptions: {key} must be a whole number >= 0")
    return value


def _ints(table: Mapping[str, object], key: str) -> tuple[int, ...]:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        raise ValueError(f"IV assumptions: {key} must be a list of whole numbers")
    return tuple(_int({key: v}, key) for v in value)


def _source(table: Mapping[str, object], key: str) -> str:
    value = table.get(f"{key}_source")
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"IV assumptions: {key}_source is missing (every assumption names its source)")
    return value


def parse_iv_assumptions(text: str, bag_hours: int | None = None) -> IvAssumptions:
    """The assumptions from TOML text; `bag_hours` overrides the file's bag (one of the allowed)."""
    data = tomllib.loads(text)
    table = data.get("iv")
    if not isinstance(table, dict):
        raise ValueError("IV assumptions: needs an [iv] table")
    allowed = _ints(table, "bag_hours_allowed")
    chosen = _int(table, "bag_hours") if bag_hours is None else bag_hours
    if chosen not in allowed:
        choices = ", ".join(str(h) for h in allowed)
        raise ValueError(f"IV bag length must be one of {choices} h (got {chosen})")
    notes = table.get("not_published", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise ValueError("IV assumptions: not_published must be a list of text")
    return IvAssumptions(
        label=str(table.get("label", "IV blinatumomab")),
        infusion_days=_int(table, "infusion_days"),
        inpatient_days=_ints(table, "inpatient_days"),
        inpatient_days_later=_int(table, "inpatient_days_later"),
        bag_hours=chosen,
        bag_hours_allowed=allowed,
        pump_line_days=_int(table, "pump_line_days"),
        sources={
            name: _source(table, name) for name in ("infusion_days", "inpatient_days", "bag", "pump_line")
        },
        not_published=tuple(notes),
    )


def load_iv_assumptions(bag_hours: int | None = None, path: Path | None = None) -> IvAssumptions:
    """The packaged assumptions (or a file's), with the clinic's bag length when given."""
    text = packaged_text(IV_FILE) if path is None else path.read_text("utf-8")
    return parse_iv_assumptions(text, bag_hours)


@dataclass(frozen=True)
class ScUse:
    """What SC delivery used in a cycle, from the records."""

    injections: int = 0
    inpatient_days: int = 0
    stays: int = 0
    icu_stays: int = 0
    by_setting: Mapping[str, int] = field(default_factory=dict)  # setting (or NOT_RECORDED) -> doses
    nurse_minutes: float = 0.0
    minutes_recorded: int = 0  # doses whose delivery recorded minutes

    @property
    def hospital_visits(self) -> int:
        return sum(self.by_setting.get(s, 0) for s in VISITS)

    @property
    def home_doses(self) -> int:
        return sum(self.by_setting.get(s, 0) for s in HOME)

    def __add__(self, other: ScUse) -> ScUse:
        settings = {s: self.by_setting.get(s, 0) + other.by_setting.get(s, 0) for s in SETTING_LABELS}
        return ScUse(
            self.injections + other.injections,
            self.inpatient_days + other.inpatient_days,
            self.stays + other.stays,
            self.icu_stays + other.icu_stays,
            {s: n for s, n in settings.items() if n},
            self.nurse_minutes + other.nurse_minutes,
            self.minutes_recorded + other.minutes_recorded,
        )


@dataclass(frozen=True)
class IvUse:
    """What the IV regimen would have needed for the same cycle (label + assumptions)."""

    inpatient_days: int = 0
    bag_changes: int = 0
    inpatient_bag_changes: int = 0
    pump_line_days: int = 0

    @property
    def visits(self) -> int:
        """Bag changes outside hospital, each a visit (clinical-reference-2.md §3.3)."""
        return self.bag_changes - self.inpatient_bag_changes

    def __add__(self, other: IvUse) -> IvUse:
        return IvUse(
            self.inpatient_days + other.inpatient_days,
            self.bag_changes + other.bag_changes,
            self.inpatient_bag_changes + other.inpatient_bag_changes,
            self.pump_line_days + other.pump_line_days,
        )


@dataclass(frozen=True)
class CycleResources:
    subject_id: str
    cycle: int
    start: dt.date
    end: dt.date  # exclusive
    sc: ScUse
    iv: IvUse


@dataclass(frozen=True)
class Stay:
    admitted: dt.datetime
    discharged: dt.datetime | None
    icu: bool = False


def _local(moment: dt.datetime, tz: dt.tzinfo | None) -> dt.date:
    return moment.astimezone(tz).date()


def inpatient_dates(stay: Stay, as_of: dt.datetime, tz: dt.tzinfo | None = None) -> list[dt.date]:
    """The local dates a stay counts as inpatient days (nights: admission date to the day before
    discharge; a same-day stay: its date; an open stay, or one ending after `as_of`: to `as_of`'s
    date)."""
    first = _local(stay.admitted, tz)
    last = _local(min(stay.discharged or as_of, as_of), tz)  # a report as of a date counts to it
    nights = (last - first).days
    return [first + dt.timedelta(days=n) for n in range(max(nights, 1))]


def cycle_resources(
    subject_id: str,
    cycle: int,
    start: dt.date,
    end: dt.date,
    doses: Iterable[Dose],
    deliveries: Mapping[int, Mapping[str, object]],
    stays: Sequence[Stay],
    iv: IvAssumptions,
    as_of: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> CycleResources:
    """One cycle's SC use from its given doses (their delivery values by dose id) and the patient's
    stays (the days within [start, end) count), beside the IV regimen's needs for cycle `cycle`."""
    given = [d for d in doses if d.status is DoseStatus.GIVEN and not d.voided]
    settings: dict[str, int] = {}
    minutes, timed = 0.0, 0
    for dose in given:
        values = deliveries.get(int(dose.id or 0), {})
        setting = str(values.get(dose_delivery.SETTING) or NOT_RECORDED)
        settings[setting] = settings.get(setting, 0) + 1
        spent = values.get(dose_delivery.MINUTES)
        if isinstance(spent, int | float) and not isinstance(spent, bool):
            minutes, timed = minutes + float(spent), timed + 1
    days: set[dt.date] = set()
    in_cycle = [s for s in stays if any(start <= d < end for d in inpatient_dates(s, as_of, tz))]
    for stay in in_cycle:
        days.update(d for d in inpatient_dates(stay, as_of, tz) if start <= d < end)
    sc = ScUse(
        injections=len(given),
        inpatient_days=len(days),
        stays=len(in_cycle),
        icu_stays=sum(1 for s in in_cycle if s.icu),
        by_setting=settings,
        nurse_minutes=minutes,
        minutes_recorded=timed,
    )
    iv_use = IvUse(iv.inpatient(cycle), iv.bags, iv.inpatient_bags(cycle), iv.pump_line_days)
    return CycleResources(subject_id, cycle, start, end, sc, iv_use)


def _stays(records: Iterable[object]) -> list[Stay]:
    found = []
    definition = hospital_stay.DEFINITION
    for record in records:
        values = definition.values(record)
        out = values.get(hospital_stay.DISCHARGED)
        discharged = dt.datetime.fromisoformat(out) if isinstance(out, str) and out else None
        found.append(Stay(definition.at(record), discharged, bool(values.get("icu"))))
    return found


def patient_resources(
    subject_id: str,
    cycle_length_days: int,
    cycles: Sequence[Cycle],
    doses: Sequence[Dose],
    records_by_kind: Mapping[str, Sequence[object]],
    iv: IvAssumptions,
    as_of: dt.datetime,
    tz: dt.tzinfo | None = None,
) -> list[CycleResources]:
    """Every started cycle of one patient in which a dose was given or a hospital day spent
    (records_by_kind as storage returns it)."""
    deliveries = {
        int(getattr(r, "dose_id", 0) or 0): dose_delivery.DEFINITION.values(r)
        for r in records_by_kind.get(dose_delivery.DEFINITION.record_kind, ())
    }
    stays = _stays(records_by_kind.get(hospital_stay.DEFINITION.record_kind, ()))
    ordered = sorted(cycles, key=lambda c: c.number)
    rows = []
    for index, cycle in enumerate(ordered):
        if cycle.start_date > _local(as_of, tz):
            continue  # not started: nothing used yet
        following = ordered[index + 1].start_date if index + 1 < len(ordered) else None
        end = following or cycle.start_date + dt.timedelta(days=cycle_length_days)
        mine = [d for d in doses if d.cycle_id == cycle.id]
        row = cycle_resources(
            subject_id, cycle.number, cycle.start_date, end, mine, deliveries, stays, iv, as_of, tz
        )
        if row.sc.injections or row.sc.inpatient_days:  # nothing given or used yet: no IV need either
            rows.append(row)
    return rows


@dataclass(frozen=True)
class Total:
    """SC and IV summed over some cycles (a patient's, a cycle number's, the cohort's)."""

    cycles: int = 0
    patients: int = 0
    sc: ScUse = field(default_factory=ScUse)
    iv: IvUse = field(default_factory=IvUse)


def total(rows: Iterable[CycleResources]) -> Total:
    listed = list(rows)
    sc, iv = ScUse(), IvUse()
    for row in listed:
        sc, iv = sc + row.sc, iv + row.iv
    return Total(len(listed), len({r.subject_id for r in listed}), sc, iv)


def by_cycle_number(rows: Iterable[CycleResources]) -> dict[int, Total]:
    """Cycle number -> the total over every patient's cycle of that number (the chart's bars)."""
    grouped: dict[int, list[CycleResources]] = {}
    for row in rows:
        grouped.setdefault(row.cycle, []).append(row)
    return {number: total(grouped[number]) for number in sorted(grouped)}


def with_bag(iv: IvAssumptions, bag_hours: int) -> IvAssumptions:
    """The same assumptions with another of the allowed bag lengths."""
    if bag_hours not in iv.bag_hours_allowed:
        raise ValueError(f"IV bag length must be one of {', '.join(str(h) for h in iv.bag_hours_allowed)} h")
    return replace(iv, bag_hours=bag_hours)
