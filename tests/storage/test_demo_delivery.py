"""Issue 18: the demo cohort gains a setting for every given dose, lead-in stays for part of the
patients and a stay per grade 3+ CRS episode, all marked synthetic, and stores them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clinical.demo import generate_cohort
from clinical.demo_delivery import SYNTHETIC
from reports.resources_data import build_resource_summary
from storage import Repository
from storage.demo import main

TODAY = dt.date.today() - dt.timedelta(days=3)


def _records(bundle: object, kind: str) -> list:
    return [r for r in bundle.records if r.kind == kind]  # type: ignore[attr-defined]


def test_every_given_dose_has_a_setting_and_stays_are_synthetic() -> None:
    bundles = list(generate_cohort(60, 7, TODAY))
    for bundle in bundles:
        doses = [d for _, ds in bundle.cycles for d in ds]
        given = {place for place, d in enumerate(doses) if d.given_at is not None}
        deliveries = _records(bundle, "dose_delivery")
        assert {r.dose_id for r in deliveries} == given  # one per given dose, none for others
        for stay in _records(bundle, "hospital_stay"):
            assert stay.values["stay_reason_text"] == SYNTHETIC and stay.recorded_by == "demo"
            assert bundle.patient.demo
    lead_in = [
        b for b in bundles if any(r.values["stay_reason"] == "lead_in" for r in _records(b, "hospital_stay"))
    ]
    assert 10 <= len(lead_in) <= 40  # part of the patients, not all
    settings = {r.values["setting"] for b in bundles for r in _records(b, "dose_delivery")}
    assert settings == {"inpatient", "day_unit", "outpatient", "home_nurse", "home_self"}
    # a patient in hospital for the lead-in week has those doses on the ward
    first = lead_in[0]
    stay = next(r for r in _records(first, "hospital_stay") if r.values["stay_reason"] == "lead_in")
    doses = [d for _, ds in first.cycles for d in ds]
    day_1 = next(r for r in _records(first, "dose_delivery") if doses[r.dose_id].cycle_day == 1)
    assert day_1.values["setting"] == "inpatient" and stay.assessed_at <= day_1.assessed_at


def test_the_demo_stores_them_and_the_resource_report_reads_them(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert main(["--db", str(db), "--patients", "30", "--seed", "7", "--today", str(TODAY)]) == 0
    with Repository.open(db, read_only=True) as repo:
        summary = build_resource_summary(repo)
    cohort = summary.cohort
    assert summary.demo and cohort.patients > 0
    assert cohort.sc.inpatient_days > 0 and cohort.sc.hospital_visits > 0 and cohort.sc.home_doses > 0
    assert cohort.sc.by_setting.get("not_recorded", 0) == 0
    assert cohort.sc.injections == sum(cohort.sc.by_setting.values())
