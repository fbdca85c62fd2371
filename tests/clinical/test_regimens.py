"""Schedules for both regimens and every cycle, and the regimen file's validation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clinical.regimens import (
    PlannedDose,
    get_regimen,
    load_regimens,
    max_dose_ug,
    parse_regimens,
    planned_doses,
    regimen_names,
)

START = dt.date(2026, 1, 5)  # a Monday
CYCLE1_TIW = [8, 10, 12, 15, 17, 19, 22, 24, 26]
LATER_TIW = [1, 3, 5, 8, 10, 12, 15, 17, 19, 22, 24, 26]
REGIMENS = {"SC 250/500": (250.0, 500.0), "SC 500/1000": (500.0, 1000.0)}


@pytest.mark.parametrize("regimen", sorted(REGIMENS))
def test_cycle_1_lead_in_then_tiw(regimen: str) -> None:
    lead_in, maintenance = REGIMENS[regimen]
    doses = planned_doses(regimen, 1, START)
    assert [d.day for d in doses] == [1, 2, 3, 4, 5, 6, 7, *CYCLE1_TIW]
    assert [d.dose_ug for d in doses] == [lead_in] * 7 + [maintenance] * len(CYCLE1_TIW)


@pytest.mark.parametrize("cycle", [2, 3, 4, 5])
@pytest.mark.parametrize("regimen", sorted(REGIMENS))
def test_later_cycles_tiw_maintenance(regimen: str, cycle: int) -> None:
    doses = planned_doses(regimen, cycle, START)
    assert [d.day for d in doses] == LATER_TIW
    assert {d.dose_ug for d in doses} == {REGIMENS[regimen][1]}


@pytest.mark.parametrize("cycle", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("regimen", sorted(REGIMENS))
def test_dates_follow_start_and_stay_in_cycle(regimen: str, cycle: int) -> None:
    start = dt.date(2026, 2, 26)  # crosses the end of February
    doses = planned_doses(regimen, cycle, start)
    for dose in doses:
        assert dose.date == start + dt.timedelta(days=dose.day - 1)
        assert 1 <= dose.day <= 26
    assert doses == sorted(doses, key=lambda d: d.day)


def test_tiw_days_are_mon_wed_fri_when_day_1_is_monday() -> None:
    tiw = [d for d in planned_doses("SC 250/500", 2, START)]
    assert {d.date.weekday() for d in tiw} == {0, 2, 4}


def test_story_1_step_up_on_cycle_1_day_8() -> None:
    day8 = next(d for d in planned_doses("SC 250/500", 1, START) if d.day == 8)
    assert day8 == PlannedDose(8, dt.date(2026, 1, 12), 500.0)


@pytest.mark.parametrize("cycle", [0, 6, -1, True, 2.0])
def test_cycle_outside_1_to_5_is_invalid(cycle: object) -> None:
    with pytest.raises(ValueError, match="cycle"):
        planned_doses("SC 250/500", cycle, START)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["SC 250", "sc 250/500", "", "IV 9/28"])
def test_unknown_regimen_lists_known(name: str) -> None:
    with pytest.raises(ValueError, match="SC 250/500, SC 500/1000"):
        planned_doses(name, 1, START)


def test_start_must_be_a_date() -> None:
    with pytest.raises(ValueError, match="start"):
        planned_doses("SC 250/500", 1, "2026-01-05")  # type: ignore[arg-type]


def test_names_and_max_dose() -> None:
    assert regimen_names() == ["SC 250/500", "SC 500/1000"]
    assert max_dose_ug() == 1000.0


def test_packaged_regimens_carry_source_and_cycle_length() -> None:
    for name in regimen_names():
        regimen = get_regimen(name)
        assert "NCT04521231" in regimen.source and "inference" in regimen.source
        assert regimen.cycle_length_days == 35
        assert (regimen.min_cycles, regimen.max_cycles) == (2, 5)


SITE_REGIMEN = """
[[regimen]]
name = "Site 100/200"
source = "local protocol"
cycle_length_days = 28
min_cycles = 1
max_cycles = 3
lead_in_ug = 100
lead_in_days = [1, 2, 3]
maintenance_ug = 200
first_cycle_maintenance_days = [5, 8]
later_cycle_days = [1, 8]
"""


def test_site_can_add_a_regimen_by_file(tmp_path: Path) -> None:
    path = tmp_path / "regimens.toml"
    path.write_text(SITE_REGIMEN, encoding="utf-8")
    regimen = load_regimens(path)["Site 100/200"]
    assert regimen.schedule(1) == [(1, 100.0), (2, 100.0), (3, 100.0), (5, 200.0), (8, 200.0)]
    assert regimen.schedule(2) == [(1, 200.0), (8, 200.0)]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("lead_in_days = [1, 2, 3]", "lead_in_days = [1, 40]", "lead_in_days"),
        ("lead_in_days = [1, 2, 3]", "lead_in_days = [1, 1]", "repeats"),
        ("lead_in_days = [1, 2, 3]", "lead_in_days = [1, 5]", "both lead-in"),
        ("lead_in_ug = 100", "lead_in_ug = 0", "lead_in_ug"),
        ("min_cycles = 1", "min_cycles = 4", "min_cycles"),
        ('name = "Site 100/200"', 'name = ""', "name"),
    ],
)
def test_malformed_regimen_file(old: str, new: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_regimens(SITE_REGIMEN.replace(old, new))


def test_duplicate_regimen_rejected() -> None:
    with pytest.raises(ValueError, match="twice"):
        parse_regimens(SITE_REGIMEN + SITE_REGIMEN)
