"""The hand-computed resource case of issue 18, stored through the repository (tests/clinical/
test_resources.py computes the same numbers from plain data): cycle 1 with a 9-day lead-in stay and
16 doses (days 1-8 on the ward, 8 in the day unit at 20 minutes), cycle 2 dosed at home (6 by a
community nurse at 15 minutes, 6 self-administered)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clinical.choices import DoseStatus
from clinical.model import Patient
from clinical.toxicities import ToxicityRecord

SUBJECT = "RES-001"


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour)).astimezone()


def add_resource_case(repo: Any, today: dt.date | None = None) -> Any:
    """The patient, enrolled 100 days before `today`; returns its id."""
    today = today or dt.date.today()
    patient = repo.add_patient(Patient(SUBJECT, "SC 250/500", today - dt.timedelta(days=100)))
    pid = patient.id
    c1 = repo.start_cycle(pid, today - dt.timedelta(days=90))
    for dose in repo.doses(pid, c1.id):
        if dose.cycle_day <= 8:
            values: dict[str, object] = {"setting": "inpatient", "given_by": "Ward nurse"}
        else:
            values = {"setting": "day_unit", "given_by": "Day unit nurse", "nurse_minutes": 20.0}
        given = _local(dose.planned_date, 11)
        delivery = ToxicityRecord("dose_delivery", pid, given, values)
        repo.record_dose_with(
            dose.id,
            DoseStatus.GIVEN,
            [("dose_delivery", delivery)],
            given_at=given,
            amount_ug=dose.planned_ug,
        )
    repo.add_record(
        "hospital_stay",
        ToxicityRecord(
            "hospital_stay",
            pid,
            _local(c1.start_date, 8),
            {
                "discharged_at": _local(c1.start_date + dt.timedelta(days=9), 10),
                "stay_reason": "lead_in",
                "icu": False,
            },
        ),
    )
    c2 = repo.start_cycle(pid, c1.start_date + dt.timedelta(days=35))
    for n, dose in enumerate(repo.doses(pid, c2.id)):
        home = {"setting": "home_nurse", "nurse_minutes": 15.0} if n % 2 == 0 else {"setting": "home_self"}
        given = _local(dose.planned_date, 11)
        delivery = ToxicityRecord("dose_delivery", pid, given, home)
        repo.record_dose_with(
            dose.id,
            DoseStatus.GIVEN,
            [("dose_delivery", delivery)],
            given_at=given,
            amount_ug=dose.planned_ug,
        )
    return pid
