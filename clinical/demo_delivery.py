"""The demo cohort's delivery and hospital stays (issue 18), drawn for each patient by `clinical.demo`
from a generator of their own, so the rest of the cohort is the same with or without them.

Each given dose has a setting, and part of the patients spend the lead-in week in hospital, then come to
the day unit and later dose at home; a grade 3+ CRS episode is a CRS stay. These shares are the demo's
own choices, invented like the rest: no source gives an SC setting or hospitalisation
(clinical-reference-2.md §2, §3.3, "not found").
"""

from __future__ import annotations

import datetime as dt
import random

from clinical.demo_base import PLACEHOLDER, RECORDER, at_hour, grade3_window
from clinical.model import CrsAssessment, Cycle, Dose, DoseId
from clinical.toxicities import ToxicityRecord

# Issue 18, the demo's own choices (invented, no source): the share of patients monitored in hospital
# for the lead-in week, the settings of later doses, and the nurse minutes of a visit.
LEAD_IN_STAY = 0.4
LATER_SETTINGS = (("day_unit", 0.35), ("outpatient", 0.15), ("home_nurse", 0.3), ("home_self", 0.2))
MINUTES = {"day_unit": (15, 35), "outpatient": (10, 25), "home_nurse": (20, 45)}
SYNTHETIC = "synthetic demo stay"


def _setting(rng: random.Random, cycle: int) -> str:
    """Cycle 1 after the lead-in: the day unit or the clinic; later cycles: any setting."""
    if cycle == 1:
        return "day_unit" if rng.random() < 0.7 else "outpatient"
    r, total = rng.random(), 0.0
    for setting, share in LATER_SETTINGS:
        total += share
        if r < total:
            return setting
    return LATER_SETTINGS[-1][0]


def _stay(admitted: dt.datetime, discharged: dt.datetime, reason: str, cutoff: dt.datetime) -> ToxicityRecord:
    values: dict[str, object] = {"stay_reason": reason, "stay_reason_text": SYNTHETIC, "icu": False}
    if discharged < cutoff:
        values["discharged_at"] = discharged
    return ToxicityRecord("hospital_stay", PLACEHOLDER, admitted, values, recorded_by=RECORDER)


def delivery_records(
    rng: random.Random,
    cycles: tuple[tuple[Cycle, tuple[Dose, ...]], ...],
    crs: list[CrsAssessment],
    cutoff: dt.datetime,
) -> tuple[ToxicityRecord, ...]:
    """A delivery record per given dose (its `dose_id` is the dose's place in the bundle, as for the
    reactions), a lead-in stay for some patients and a CRS stay per grade 3+ CRS episode."""
    records: list[ToxicityRecord] = []
    in_hospital = rng.random() < LEAD_IN_STAY
    stays: list[tuple[dt.datetime, dt.datetime]] = []
    if in_hospital and cycles:
        start = cycles[0][0].start_date
        admitted, discharged = at_hour(start, 7.5), at_hour(start + dt.timedelta(days=rng.choice((7, 8))), 10)
        if admitted < cutoff:
            records.append(_stay(admitted, discharged, "lead_in", cutoff))
            stays.append((admitted, discharged))
    severe = grade3_window([(a.assessed_at, a.grade) for a in crs])
    if severe is not None and severe[0] < cutoff:
        admitted, discharged = severe[0] - dt.timedelta(hours=1), severe[1] + dt.timedelta(days=1)
        records.append(_stay(admitted, discharged, "crs", cutoff))
        stays.append((admitted, discharged))
    place = 0
    for cycle, doses in cycles:
        for dose in doses:
            given = dose.given_at
            if given is not None and given < cutoff:
                inpatient = any(a <= given < b for a, b in stays)
                setting = "inpatient" if inpatient else _setting(rng, cycle.number)
                values: dict[str, object] = {"setting": setting, "given_by": "Demo nurse"}
                if setting in MINUTES:
                    values["nurse_minutes"] = float(rng.randint(*MINUTES[setting]))
                if setting == "home_self":
                    values["given_by"] = "Patient (self)"
                records.append(
                    ToxicityRecord(
                        "dose_delivery", PLACEHOLDER, given, values, DoseId(place), recorded_by=RECORDER
                    )
                )
            place += 1
    return tuple(records)
