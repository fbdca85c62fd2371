"""Issue 18: the resource report's numbers, computed by hand.

Patient A, SC 250/500, cycle 1 from Monday 2 March 2026: a 9-day stay (admitted day 1 08:00,
discharged day 10 10:00: the nights of 2-10 March), 16 doses (days 1-7 daily, then 8, 10, 12, 15, 17,
19, 22, 24, 26): days 1-8 on the ward, the other 8 in the day unit at 20 minutes each. Cycle 2 from
day 36 (6 April): 12 doses at home, 6 by a community nurse (15 minutes each) and 6 self-administered.

IV, by the label (clinical-reference.md §5.1) and the bag of clinical-reference-2.md §3.3:
48 h bags: ceil(672 / 48) = 14 a cycle, starting at hours 0, 48, ..., 624. Cycle 1's 9 inpatient days
are hours 0-216: bags starting at 0, 48, 96, 144, 192 are inpatient (5), the other 9 are visits.
Cycle 2's 2 inpatient days are hours 0-48: only the bag at 0 is inpatient, 13 are visits.
24 h bags: 28 a cycle; 9 and 2 inpatient, 19 and 26 visits. 7-day bags: 4 a cycle; starts at 0 and
168 fall in cycle 1's stay (2 inpatient, 2 visits), cycle 2 has 1 inpatient and 3 visits.
"""

from __future__ import annotations

import datetime as dt

import pytest

from clinical.choices import DoseStatus
from clinical.model import Cycle, CycleId, Dose, DoseId, PatientId
from clinical.resources import (
    Stay,
    by_cycle_number,
    load_iv_assumptions,
    parse_iv_assumptions,
    patient_resources,
    total,
    with_bag,
)
from clinical.toxicities import ToxicityRecord

UTC = dt.UTC
PID = PatientId(1)
C1 = dt.date(2026, 3, 2)
C2 = C1 + dt.timedelta(days=35)
DAYS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 17, 19, 22, 24, 26)
DAYS_2 = (1, 3, 5, 8, 10, 12, 15, 17, 19, 22, 24, 26)
AS_OF = dt.datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


def _at(start: dt.date, day: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(start + dt.timedelta(days=day - 1), dt.time(hour), UTC)


def _cohort_patient() -> tuple[list[Cycle], list[Dose], dict[str, list[object]]]:
    cycles = [Cycle(PID, 1, C1, id=CycleId(1)), Cycle(PID, 2, C2, id=CycleId(2))]
    doses: list[Dose] = []
    deliveries: list[object] = []
    plan = [(1, C1, d) for d in DAYS_1] + [(2, C2, d) for d in DAYS_2]
    for n, (cycle, start, day) in enumerate(plan, start=1):
        given = _at(start, day, 11)
        doses.append(
            Dose(PID, CycleId(cycle), day, given.date(), 250.0, DoseStatus.GIVEN, given, 250.0, id=DoseId(n))
        )
        if cycle == 1:
            values = {"setting": "inpatient"} if day <= 8 else {"setting": "day_unit", "nurse_minutes": 20.0}
        else:
            values = {"setting": "home_nurse", "nurse_minutes": 15.0} if n % 2 else {"setting": "home_self"}
        deliveries.append(ToxicityRecord("dose_delivery", PID, given, values, dose_id=DoseId(n)))
    # a held dose and a planned one count as no injection
    doses.append(Dose(PID, CycleId(2), 27, C2 + dt.timedelta(days=26), 250.0, DoseStatus.HELD, id=DoseId(90)))
    stay = ToxicityRecord(
        "hospital_stay",
        PID,
        _at(C1, 1, 8),
        {"discharged_at": _at(C1, 10, 10).isoformat(), "stay_reason": "lead_in", "icu": False},
    )
    return cycles, doses, {"dose_delivery": deliveries, "hospital_stay": [stay]}


def _rows(bag_hours: int = 48) -> list:
    cycles, doses, records = _cohort_patient()
    iv = load_iv_assumptions(bag_hours)
    return patient_resources("A-01", 35, cycles, doses, records, iv, AS_OF, UTC)


def test_cycle_1_a_nine_day_stay_and_sixteen_doses() -> None:
    first = _rows()[0]
    assert (first.cycle, first.start, first.end) == (1, C1, C2)
    sc = first.sc
    assert sc.injections == 16
    assert sc.inpatient_days == 9 and sc.stays == 1 and sc.icu_stays == 0
    assert dict(sc.by_setting) == {"inpatient": 8, "day_unit": 8}
    assert sc.hospital_visits == 8 and sc.home_doses == 0
    assert (sc.nurse_minutes, sc.minutes_recorded) == (160.0, 8)
    iv = first.iv
    assert (iv.inpatient_days, iv.bag_changes, iv.inpatient_bag_changes, iv.visits) == (9, 14, 5, 9)
    assert iv.pump_line_days == 28


def test_cycle_2_dosed_at_home() -> None:
    second = _rows()[1]
    assert (second.cycle, second.start, second.end) == (2, C2, C2 + dt.timedelta(days=35))
    sc = second.sc
    assert sc.injections == 12  # the held dose is not an injection
    assert sc.inpatient_days == 0 and sc.stays == 0
    assert dict(sc.by_setting) == {"home_nurse": 6, "home_self": 6}
    assert sc.home_doses == 12 and sc.hospital_visits == 0
    assert (sc.nurse_minutes, sc.minutes_recorded) == (90.0, 6)
    assert (second.iv.inpatient_days, second.iv.inpatient_bag_changes, second.iv.visits) == (2, 1, 13)


def test_patient_and_cycle_totals() -> None:
    rows = _rows()
    whole = total(rows)
    assert (whole.cycles, whole.patients) == (2, 1)
    assert (whole.sc.injections, whole.sc.inpatient_days, whole.sc.hospital_visits) == (28, 9, 8)
    assert (whole.sc.home_doses, whole.sc.nurse_minutes, whole.sc.minutes_recorded) == (12, 250.0, 14)
    assert (whole.iv.inpatient_days, whole.iv.bag_changes, whole.iv.visits, whole.iv.pump_line_days) == (
        11,
        28,
        22,
        56,
    )
    per_cycle = by_cycle_number(rows + [r for r in _rows() if r.cycle == 1])  # two patients' cycle 1
    assert per_cycle[1].cycles == 2 and per_cycle[1].sc.inpatient_days == 18 and per_cycle[1].iv.visits == 18
    assert per_cycle[2].sc.home_doses == 12


@pytest.mark.parametrize(
    ("bag", "bags", "visits_1", "visits_2"),
    [(24, 28, 19, 26), (48, 14, 9, 13), (168, 4, 2, 3)],
)
def test_bag_length_is_the_clinics_choice(bag: int, bags: int, visits_1: int, visits_2: int) -> None:
    first, second = _rows(bag)
    assert first.iv.bag_changes == second.iv.bag_changes == bags
    assert (first.iv.visits, second.iv.visits) == (visits_1, visits_2)


def test_stay_days_fall_in_the_cycle_that_holds_them() -> None:
    cycles, doses, records = _cohort_patient()
    # still in hospital: admitted on cycle 1's day 34 at noon, as of cycle 2's day 3 at noon
    open_stay = ToxicityRecord("hospital_stay", PID, _at(C1, 34, 12), {"stay_reason": "crs", "icu": True})
    same_day = ToxicityRecord(
        "hospital_stay",
        PID,
        _at(C1, 20, 8),
        {"discharged_at": _at(C1, 20, 18).isoformat(), "stay_reason": "other"},
    )
    records["hospital_stay"] = [*records["hospital_stay"], same_day, open_stay]
    as_of = _at(C2, 3, 12)
    first, second = patient_resources("A-01", 35, cycles, doses, records, load_iv_assumptions(), as_of, UTC)
    assert first.sc.inpatient_days == 9 + 1 + 2  # lead-in, a same-day stay, days 34-35
    assert second.sc.inpatient_days == 2  # days 1-2 of cycle 2 (the night into day 3 not yet over)
    assert (first.sc.stays, second.sc.stays, second.sc.icu_stays) == (3, 1, 1)


def test_a_cycle_with_nothing_given_or_spent_is_left_out() -> None:
    cycles, _, _ = _cohort_patient()
    rows = patient_resources("A-01", 35, cycles, [], {}, load_iv_assumptions(), AS_OF, UTC)
    assert rows == []  # started, but no dose given and no hospital day: no IV need either


def test_not_started_cycles_are_left_out_and_stays_need_no_dose() -> None:
    cycles, doses, records = _cohort_patient()
    rows = patient_resources("A-01", 35, cycles, doses, records, load_iv_assumptions(), _at(C1, 5, 12), UTC)
    assert [r.cycle for r in rows] == [1]
    assert rows[0].sc.inpatient_days == 4  # nights of days 1-4 so far
    assert Stay(_at(C1, 1, 8), None).discharged is None


def test_every_assumption_has_its_source_and_the_gaps_are_said() -> None:
    iv = load_iv_assumptions()
    lines = iv.lines()
    assert iv.bag_hours == 48 and iv.inpatient_days == (9, 2) and iv.infusion_days == 28
    assert "§5.1" in lines[1] and "§5.1" in lines[2] and "§3.3" in lines[3] and "§3.3" in lines[4]
    assert all("Source:" in line for line in lines[1:])
    assert any(note.startswith("SC hospitalisation") for note in iv.not_published)
    assert any(note.startswith("Home or self-administered") for note in iv.not_published)
    with pytest.raises(ValueError, match="one of 24, 48, 72, 96, 168"):
        with_bag(iv, 36)
    with pytest.raises(ValueError, match="inpatient_days_source is missing"):
        text = (
            "[iv]\ninfusion_days = 28\ninfusion_days_source = 'x'\ninpatient_days = [9, 2]\n"
            "inpatient_days_later = 0\nbag_hours = 48\nbag_hours_allowed = [48]\npump_line_days = 28\n"
        )
        parse_iv_assumptions(text)
