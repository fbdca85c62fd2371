"""Schedules for both regimens and every cycle, and the regimen file's validation."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from clinical.regimens import (
    INFERENCE_NOTE,
    PlannedDose,
    Regimen,
    amount_differs,
    earliest_next_start,
    get_regimen,
    load_regimens,
    max_dose_ug,
    parse_regimens,
    planned_doses,
    regimen_names,
    too_close,
    weekend_dates,
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


# ------------------------------------ limits and sentences of the regimen file and the plan (issue 11)


def _refusal(old: str, new: str) -> str:
    with pytest.raises(ValueError) as error:
        parse_regimens(SITE_REGIMEN.replace(old, new))
    return str(error.value)


def _site(old: str = "", new: str = "") -> Regimen:
    return parse_regimens(SITE_REGIMEN.replace(old, new) if old else SITE_REGIMEN)["Site 100/200"]


def test_site_regimen_is_read_field_by_field() -> None:
    regimen = _site()
    assert regimen == Regimen(
        name="Site 100/200",
        source="local protocol",
        cycle_length_days=28,
        min_cycles=1,
        max_cycles=3,
        lead_in_ug=100.0,
        lead_in_days=(1, 2, 3),
        maintenance_ug=200.0,
        first_cycle_maintenance_days=(5, 8),
        later_cycle_days=(1, 8),
    )


def test_days_are_sorted_and_the_last_day_of_the_cycle_is_a_day() -> None:
    regimen = _site("later_cycle_days = [1, 8]", "later_cycle_days = [28, 1, 8]")
    assert regimen.later_cycle_days == (1, 8, 28)
    assert regimen.schedule(3) == [(1, 200.0), (8, 200.0), (28, 200.0)]


@pytest.mark.parametrize("days", ["[0, 8]", "[1, 29]", "[1, true]", "[1, 2.0]", '"1, 8"'])
def test_days_outside_the_cycle_or_not_whole_numbers_are_refused(days: str) -> None:
    assert _refusal("later_cycle_days = [1, 8]", f"later_cycle_days = {days}") == (
        "regimen 'Site 100/200': later_cycle_days must be a list of days from 1 to 28"
    )


def test_a_missing_day_list_and_repeated_days_are_refused_with_the_whole_sentence() -> None:
    assert _refusal("later_cycle_days = [1, 8]\n", "") == (
        "regimen 'Site 100/200': later_cycle_days must be a list of days from 1 to 28"
    )
    assert _refusal("lead_in_days = [1, 2, 3]", "lead_in_days = [2, 2]") == (
        "regimen 'Site 100/200': lead_in_days repeats a day"
    )
    assert _refusal("lead_in_days = [1, 2, 3]", "lead_in_days = [1, 5]") == (
        "regimen 'Site 100/200': a cycle 1 day is both lead-in and maintenance"
    )


@pytest.mark.parametrize(("value", "shown"), [("0", "0"), ("-5", "-5"), ("true", "True"), ('"100"', "'100'")])
def test_amounts_must_be_positive_numbers(value: str, shown: str) -> None:
    assert _refusal("lead_in_ug = 100", f"lead_in_ug = {value}") == (
        f"regimen 'Site 100/200': lead_in_ug must be a positive number (got {shown})"
    )


def test_a_small_positive_amount_is_an_amount() -> None:
    assert _site("maintenance_ug = 200", "maintenance_ug = 0.5").maintenance_ug == 0.5
    assert _site("lead_in_ug = 100", "lead_in_ug = 1").lead_in_ug == 1.0


@pytest.mark.parametrize("value", ["0", "true", "2.0", '"3"'])
def test_counts_must_be_whole_numbers_of_1_or_more(value: str) -> None:
    assert _refusal("max_cycles = 3", f"max_cycles = {value}") == (
        "regimen 'Site 100/200': max_cycles must be a whole number of 1 or more"
    )


def test_min_cycles_equal_to_max_cycles_is_allowed_and_more_is_refused() -> None:
    assert (_site("min_cycles = 1", "min_cycles = 3").min_cycles, 3) == (3, 3)
    assert _refusal("min_cycles = 1", "min_cycles = 4") == (
        "regimen 'Site 100/200': min_cycles is more than max_cycles"
    )


@pytest.mark.parametrize("name", ['""', '"   "', "5"])
def test_a_regimen_needs_a_name(name: str) -> None:
    assert _refusal('name = "Site 100/200"', f"name = {name}") == "every regimen needs a non-empty name"


def test_source_is_empty_when_the_file_gives_none() -> None:
    assert _site('source = "local protocol"\n', "").source == ""


@pytest.mark.parametrize("text", ["", "regimen = 1", "regimen = []"])
def test_a_file_without_regimen_tables_is_refused(text: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_regimens(text)
    assert str(error.value) == "the regimen file has no [[regimen]] tables"


def test_a_regimen_defined_twice_is_named() -> None:
    with pytest.raises(ValueError) as error:
        parse_regimens(SITE_REGIMEN + SITE_REGIMEN)
    assert str(error.value) == "regimen 'Site 100/200' is defined twice"


@pytest.mark.parametrize("name", ["IV 9/28", 250, ["SC 250/500"]])
def test_unknown_regimen_sentence(name: object) -> None:
    with pytest.raises(ValueError) as error:
        planned_doses(name, 1, START)  # type: ignore[arg-type]
    assert str(error.value) == f"regimen must be one of: SC 250/500, SC 500/1000 (got {name!r})"


def test_cycle_and_start_sentences() -> None:
    with pytest.raises(ValueError) as error:
        planned_doses("SC 500/1000", 6, START)
    assert str(error.value) == "cycle must be a whole number from 1 to 5 (got 6)"
    with pytest.raises(ValueError) as error:
        planned_doses("SC 500/1000", 1, dt.datetime(2026, 1, 5, 9, 0))
    assert str(error.value) == "start must be a date (got datetime.datetime(2026, 1, 5, 9, 0))"


def test_day_1_is_the_start_and_the_last_cycle_is_planned() -> None:
    first, *_, last = planned_doses("SC 500/1000", 5, START)
    assert first == PlannedDose(1, START, 1000.0)
    assert last == PlannedDose(26, dt.date(2026, 1, 30), 1000.0)


def test_the_next_cycle_may_start_8_days_after_the_last_planned_dose() -> None:
    # day 26 on Fri 30 Jan; 7 treatment-free days (31 Jan - 6 Feb); the next cycle from Sat 7 Feb
    assert earliest_next_start(dt.date(2026, 1, 30)) == dt.date(2026, 2, 7)


@pytest.mark.parametrize(
    ("given", "planned", "differs"),
    [
        (500.0, 500.0, False),
        (500.04, 500.0, False),
        (0.05, 0.0, False),  # exactly the tolerance
        (500.1, 500.0, True),
        (499.9, 500.0, True),
        (250.0, 500.0, True),
    ],
)
def test_an_amount_within_0_05_ug_is_the_planned_amount(given: float, planned: float, differs: bool) -> None:
    assert amount_differs(given, planned) is differs


def test_doses_less_than_24_hours_apart_are_too_close() -> None:
    at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    day = dt.timedelta(hours=24)
    assert too_close(at, [at - day, at + day]) is None  # exactly 24 h is not too close
    later, earlier = at + dt.timedelta(hours=23, minutes=59), at - dt.timedelta(hours=2)
    assert too_close(at, [later, earlier]) == earlier  # the first in time of the close ones
    assert too_close(at, [at + dt.timedelta(hours=24, minutes=30)]) is None
    assert too_close(at, []) is None


def test_weekend_dates_are_saturday_and_sunday_only() -> None:
    doses = planned_doses("SC 250/500", 1, dt.date(2026, 1, 2))  # day 1 on a Friday
    weekend = weekend_dates(doses)
    assert [(d.day, d.date.strftime("%a")) for d in weekend[:4]] == [
        (2, "Sat"),
        (3, "Sun"),
        (10, "Sun"),
        (17, "Sun"),
    ]
    assert all(d.date.weekday() in (5, 6) for d in weekend)
    assert weekend_dates(planned_doses("SC 250/500", 2, START)) == []  # Mon/Wed/Fri


def test_the_inference_note_says_the_days_are_inferred_and_movable() -> None:
    assert INFERENCE_NOTE == (
        "The thrice-weekly days are inferred from the published schedule (once daily days 1-7 of "
        "cycle 1, then three times a week to day 26): no source names the weekdays, so ToxTrack spaces "
        "them Mon/Wed/Fri when day 1 is a Monday. Any planned dose can be moved."
    )


def test_the_packaged_reference_data_cannot_be_changed_by_a_caller() -> None:
    """The packaged regimens are read once and shared: a caller that tried to alter one (or a planned
    dose) would change every later schedule, so both are frozen."""
    regimen = get_regimen("SC 250/500")
    with pytest.raises(dataclasses.FrozenInstanceError):
        regimen.maintenance_ug = 5000.0  # type: ignore[misc]
    day1 = planned_doses("SC 250/500", 1, START)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        day1.dose_ug = 5000.0  # type: ignore[misc]
    assert get_regimen("SC 250/500").maintenance_ug == 500.0
