"""Entries checked against the plan and against each other (issue 11), through the storage API:
a dose amount other than planned, two given doses < 24 h apart and a cycle started before the
previous cycle's break has passed are refused unless confirmed with a reason (then stored, audited
and flagged "protocol check"); a dose cannot be moved past its neighbours; patients under 18 are
refused; demo patients go only into a file without real patients."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clinical.choices import DoseStatus
from clinical.demo import generate_cohort
from clinical.errors import ProtocolCheckError, ValidationError
from clinical.findings import FlagRule, Severity
from clinical.flags import patient_flags
from clinical.model import Patient
from storage import Repository
from storage.errors import DemoRefusedError

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def patient(make_patient: Any) -> Any:
    return make_patient()  # SC 250/500: 250 µg lead-in days 1-7, 500 µg thrice weekly


def _flags(repo: Any, pid: Any) -> list[Any]:
    return patient_flags(
        repo.get_patient(pid),
        repo.doses(pid),
        {"crs": repo.crs(pid), "icans": repo.icans(pid), "lab": repo.labs(pid)},
        repo.today(),
        repo.now(),
        cycles=repo.cycles(pid),
    )  # fmt: skip


def _given_at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), dt.UTC)


def test_amount_other_than_planned_is_refused_unless_confirmed(repo: Any, patient: Any) -> None:
    repo.start_cycle(patient.id, repo.today() - dt.timedelta(days=10))
    first = repo.doses(patient.id)[0]
    at = _given_at(first.planned_date, 9)
    head = repo.audit_head()
    with pytest.raises(ProtocolCheckError) as refused:
        repo.record_dose(first.id, DoseStatus.GIVEN, given_at=at, amount_ug=2000.0)
    assert refused.value.field == "amount_ug"
    assert "2000 µg" in str(refused.value) and "250 µg planned" in str(refused.value)
    assert str(refused.value).startswith("Protocol check:") and "confirm it with a reason" in str(
        refused.value
    )
    assert repo.get_dose(first.id).status is DoseStatus.PLANNED  # nothing written
    assert repo.audit_head() == head  # no audit row either

    saved = repo.record_dose(
        first.id,
        DoseStatus.GIVEN,
        given_at=at,
        amount_ug=2000.0,
        deviation_reason="four vials drawn up in error",
    )
    assert saved.amount_ug == 2000.0
    assert "2000 µg" in saved.deviation and "four vials drawn up in error" in saved.deviation
    entry = repo.history("dose", first.id)[-1]
    assert entry.action == "record" and entry.reason == "four vials drawn up in error"
    assert "deviation" in entry.changes
    assert repo.verify_audit() == []
    flags = [f for f in _flags(repo, patient.id) if f.rule is FlagRule.PROTOCOL_CHECK]
    assert len(flags) == 1 and flags[0].record_id == first.id and flags[0].severity is Severity.WARNING
    assert "2000 µg" in flags[0].message and "four vials" in flags[0].message


def test_a_correction_away_from_the_plan_is_a_confirmed_protocol_check(repo: Any, patient: Any) -> None:
    """A correction always has a reason: that reason confirms a new difference, which is then stored
    and flagged as when recorded; an unrelated correction keeps it; back to the plan clears it."""
    repo.start_cycle(patient.id, repo.today() - dt.timedelta(days=10))
    first = repo.doses(patient.id)[0]
    repo.record_dose(first.id, DoseStatus.GIVEN, given_at=_given_at(first.planned_date, 9), amount_ug=250.0)
    corrected = repo.correct("dose", first.id, {"amount_ug": 2000.0}, "pharmacy log shows 2000 µg")
    assert "2000 µg" in corrected.deviation and "pharmacy log" in corrected.deviation
    assert [f.record_id for f in _flags(repo, patient.id) if f.rule is FlagRule.PROTOCOL_CHECK] == [first.id]
    assert repo.correct("dose", first.id, {"lot": "L-9"}, "lot typo").deviation == corrected.deviation
    assert repo.correct("dose", first.id, {"amount_ug": 250.0}, "log misread").deviation == ""
    assert not [f for f in _flags(repo, patient.id) if f.rule is FlagRule.PROTOCOL_CHECK]


def test_planned_amount_needs_no_confirmation(repo: Any, patient: Any) -> None:
    repo.start_cycle(patient.id, repo.today() - dt.timedelta(days=10))
    first = repo.doses(patient.id)[0]
    saved = repo.record_dose(
        first.id, DoseStatus.GIVEN, given_at=_given_at(first.planned_date, 9), amount_ug=250.0
    )
    assert saved.deviation == ""
    assert not [f for f in _flags(repo, patient.id) if f.rule is FlagRule.PROTOCOL_CHECK]


def test_two_given_doses_less_than_24_h_apart_need_a_reason(repo: Any, patient: Any) -> None:
    repo.start_cycle(patient.id, repo.today() - dt.timedelta(days=10))
    day1, day2 = repo.doses(patient.id)[:2]
    repo.record_dose(day1.id, DoseStatus.GIVEN, given_at=_given_at(day1.planned_date, 9), amount_ug=250.0)
    early = _given_at(day1.planned_date, 20)  # 11 h after the day 1 dose
    with pytest.raises(ProtocolCheckError) as refused:
        repo.record_dose(day2.id, DoseStatus.GIVEN, given_at=early, amount_ug=250.0)
    assert refused.value.field == "given_at" and "less than 24 h" in str(refused.value)
    assert repo.get_dose(day2.id).status is DoseStatus.PLANNED
    saved = repo.record_dose(
        day2.id, DoseStatus.GIVEN, given_at=early, amount_ug=250.0, deviation_reason="given on the ward round"
    )
    assert "less than 24 h" in saved.deviation and "ward round" in saved.deviation
    # exactly 24 h later is not a protocol check
    day3 = repo.doses(patient.id)[2]
    later = repo.record_dose(
        day3.id, DoseStatus.GIVEN, given_at=early + dt.timedelta(hours=24), amount_ug=250.0
    )
    assert later.deviation == ""


def test_a_held_dose_is_not_checked_against_the_plan(repo: Any, patient: Any) -> None:
    repo.start_cycle(patient.id, repo.today() - dt.timedelta(days=10))
    first = repo.doses(patient.id)[0]
    assert repo.record_dose(first.id, DoseStatus.HELD, reason="adverse_event").deviation == ""


def test_cycle_started_before_the_break_has_passed_needs_a_reason(repo: Any, make_patient: Any) -> None:
    patient = make_patient(enrolment_date=repo.today() - dt.timedelta(days=90))
    start1 = repo.today() - dt.timedelta(days=80)
    repo.start_cycle(patient.id, start1)
    # cycle 1's last planned dose is day 26; the 7-day break ends on day 33, so day 34 is the earliest
    earliest = start1 + dt.timedelta(days=33)
    with pytest.raises(ProtocolCheckError) as refused:
        repo.start_cycle(patient.id, earliest - dt.timedelta(days=1))
    assert refused.value.field == "start_date" and earliest.isoformat() in str(refused.value)
    assert len(repo.cycles(patient.id)) == 1  # nothing written
    cycle2 = repo.start_cycle(
        patient.id, earliest - dt.timedelta(days=1), deviation_reason="tumour board decision"
    )
    assert "tumour board decision" in cycle2.deviation
    assert repo.cycles(patient.id)[1].deviation == cycle2.deviation
    insert = repo.history("cycle", cycle2.id)[0]
    assert insert.changes["deviation"][1] == cycle2.deviation
    flags = [f for f in _flags(repo, patient.id) if f.rule is FlagRule.PROTOCOL_CHECK]
    assert len(flags) == 1 and "cycle 2" in flags[0].message and "tumour board" in flags[0].message


def test_cycle_started_on_the_earliest_day_needs_no_reason(repo: Any, make_patient: Any) -> None:
    patient = make_patient(enrolment_date=repo.today() - dt.timedelta(days=90))
    start1 = repo.today() - dt.timedelta(days=80)
    repo.start_cycle(patient.id, start1)
    cycle2 = repo.start_cycle(patient.id, start1 + dt.timedelta(days=33))
    assert cycle2.deviation == ""


def test_moved_dose_stays_between_its_neighbours(repo: Any, patient: Any) -> None:
    repo.start_cycle(patient.id, repo.today())
    doses = repo.doses(patient.id)
    day8, day10 = doses[7], doses[8]  # day 7 (lead-in), day 8, day 10 (thrice weekly)
    for bad in (doses[6].planned_date, doses[6].planned_date - dt.timedelta(days=1), day10.planned_date,
                day10.planned_date + dt.timedelta(days=3)):  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            repo.move_dose(day8.id, bad, "clinic closed")
        assert refused.value.field == "planned_date" and "previous planned dose" in str(refused.value)
    assert repo.get_dose(day8.id).planned_date == day8.planned_date
    moved = repo.move_dose(day8.id, day8.planned_date + dt.timedelta(days=1), "clinic closed")
    assert moved.planned_date == day8.planned_date + dt.timedelta(days=1)


def test_patient_under_18_at_registration_is_refused(repo: Any) -> None:
    enrolled = repo.today() - dt.timedelta(days=3)
    head = repo.audit_head()
    with pytest.raises(ValidationError) as refused:
        repo.add_patient(Patient("KID-1", "SC 250/500", enrolled, birth_year=enrolled.year - 17))
    message = str(refused.value)
    assert refused.value.field == "birth_year"
    assert "18" in message and "adults" in message and "NCT04521231" in message and "ICE" in message
    assert repo.real_patient_count() == 0 and repo.audit_head() == head
    adult = repo.add_patient(Patient("ADULT-1", "SC 250/500", enrolled, birth_year=enrolled.year - 18))
    assert adult.id is not None


def test_demo_cohort_is_refused_into_a_file_with_a_real_patient(repo: Any, patient: Any) -> None:
    bundles = list(generate_cohort(3, seed=1, today=repo.today()))
    head = repo.audit_head()
    with pytest.raises(DemoRefusedError, match="1 real patient"):
        repo.bulk_insert(bundles)
    assert repo.audit_head() == head  # nothing written, voided demo patients included
    assert [repo.get_patient(pid).subject_id for pid in repo.patient_ids()] == [patient.subject_id]
    assert not repo.has_demo_patients()


def test_demo_cohort_in_an_empty_file_is_marked_on_the_patient_row(repo: Any) -> None:
    repo.bulk_insert(list(generate_cohort(3, seed=1, today=repo.today())))
    assert repo.has_demo_patients() and repo.real_patient_count() == 0
    assert [repo.get_patient(pid).demo for pid in repo.patient_ids()] == [True, True, True]
    with pytest.raises(ValidationError):  # the marker is not a correctable field
        repo.correct("patient", 1, {"demo": False}, "not demo")


def test_demo_cli_refuses_a_file_with_real_patients(tmp_path: Path) -> None:
    path = tmp_path / "clinic.db"
    with Repository.open(path) as repo:
        repo.add_patient(Patient("REAL-1", "SC 250/500", repo.today()))
    run = subprocess.run(
        [sys.executable, str(REPO_ROOT / "main.py"), "demo", "--db", str(path), "--patients", "3"],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=120,
    )  # fmt: skip
    assert run.returncode == 1
    assert "real patient" in run.stderr and "new, empty database" in run.stderr
    with Repository.open(path, read_only=True) as repo:
        assert repo.real_patient_count() == 1 and not repo.has_demo_patients()


def test_toxtrack_check_says_a_demo_file_is_synthetic(tmp_path: Path) -> None:
    demo, real = tmp_path / "demo.db", tmp_path / "real.db"
    with Repository.open(demo) as repo:
        repo.bulk_insert(list(generate_cohort(4, seed=1, today=repo.today())))
    with Repository.open(real) as repo:
        repo.add_patient(Patient("REAL-1", "SC 250/500", repo.today()))
    runs = {
        path: subprocess.run(
            [sys.executable, str(REPO_ROOT / "main.py"), "check", "--db", str(path)],
            capture_output=True,
            text=True,
            cwd=REPO_ROOT,
            timeout=120,
        )
        for path in (demo, real)
    }
    assert runs[demo].returncode == 0 and runs[real].returncode == 0  # a demo file is not damaged
    assert runs[demo].stdout.splitlines() == [
        "SYNTHETIC DEMO DATA - not patient records: this file holds 4 synthetic demo patients.",
        "ok",
    ]
    assert runs[real].stdout.splitlines() == ["ok"]
