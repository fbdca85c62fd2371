"""The resource report's data (issue 18): every patient's started cycles through
clinical/resources.py, with the IV assumptions, read from the repository once. Shared by the PDF
(reports/resources_report.py) and the Resources view (gui/cohort/resources_view.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import clinical
from clinical.model import Patient, PatientId
from clinical.regimens import get_regimen
from clinical.resources import (
    COUNTING_RULES,
    CycleResources,
    IvAssumptions,
    Total,
    by_cycle_number,
    load_iv_assumptions,
    patient_resources,
    total,
)
from reports.sources import RecordSource


class ResourceSource(RecordSource, Protocol):
    """The part of `storage.Repository` the builder reads (docs/storage-api.md)."""

    def patient_ids(self) -> list[PatientId]: ...
    def get_patient(self, pid: PatientId) -> Patient: ...


@dataclass(frozen=True)
class ResourceSummary:
    rows: tuple[CycleResources, ...]  # every patient's started cycles, by subject then cycle
    iv: IvAssumptions
    generated_at: dt.datetime  # aware, local
    audit_count: int = 0
    audit_hash: str = ""
    app_version: str = ""
    demo: bool = False
    problem: str = ""

    @property
    def per_cycle(self) -> dict[int, Total]:
        return by_cycle_number(self.rows)

    @property
    def cohort(self) -> Total:
        return total(self.rows)

    @property
    def notes(self) -> tuple[str, ...]:
        """Printed with every report: the assumptions with their sources, what no source gives,
        how the counts are made."""
        return (*self.iv.lines(), *self.iv.not_published, *COUNTING_RULES)


def build_resource_summary(
    repo: ResourceSource, now: dt.datetime | None = None, bag_hours: int | None = None
) -> ResourceSummary:
    generated = (now or dt.datetime.now(dt.UTC)).astimezone()
    iv = load_iv_assumptions(bag_hours)
    rows: list[CycleResources] = []
    for pid in repo.patient_ids():
        patient = repo.get_patient(pid)
        length = get_regimen(patient.regimen).cycle_length_days
        records = repo.records_by_kind(pid)
        found = patient_resources(
            patient.subject_id, length, repo.cycles(pid), repo.doses(pid), records, iv, generated
        )
        rows += found
    rows.sort(key=lambda r: (r.subject_id, r.cycle))
    count, head = repo.audit_head()
    return ResourceSummary(
        tuple(rows), iv, generated, count, head, clinical.__version__, repo.has_demo_patients()
    )


HEADER = (
    "Cycle (patients)",
    "Doses SC",
    "Inpatient days SC",
    "Inpatient days IV",
    "Hospital visits SC",
    "IV visits (bag changes)",
    "Home doses SC",
    "Nurse minutes SC (doses timed)",
    "Pump and line days IV",
)


def _minutes(value: float) -> str:
    return f"{value:.0f}"


def total_cells(label: str, t: Total) -> list[str]:
    return [
        f"{label} (n={t.patients})",
        str(t.sc.injections),
        str(t.sc.inpatient_days),
        str(t.iv.inpatient_days),
        str(t.sc.hospital_visits),
        str(t.iv.visits),
        str(t.sc.home_doses),
        f"{_minutes(t.sc.nurse_minutes)} ({t.sc.minutes_recorded} of {t.sc.injections})",
        str(t.iv.pump_line_days),
    ]


def table_rows(per_cycle: Mapping[int, Total], cohort: Total) -> list[list[str]]:
    """The per-cycle table with the cohort's total last (header excluded)."""
    rows = [total_cells(f"Cycle {number}", t) for number, t in per_cycle.items()]
    return [*rows, total_cells("All cycles", cohort)] if rows else []


def patient_rows(rows: Sequence[CycleResources]) -> list[list[str]]:
    """One line per patient-cycle: subject, cycle, SC use by setting, IV need."""
    cells = []
    for row in rows:
        sc = row.sc
        cells.append(
            [
                row.subject_id,
                str(row.cycle),
                str(sc.injections),
                str(sc.inpatient_days),
                str(sc.hospital_visits),
                str(sc.home_doses),
                str(sc.by_setting.get("not_recorded", 0)),
                str(row.iv.inpatient_days),
                str(row.iv.visits),
            ]
        )
    return cells


PATIENT_HEADER = (
    "Subject",
    "Cycle",
    "Doses SC",
    "Inpatient days SC",
    "Hospital visits SC",
    "Home doses SC",
    "Setting not recorded",
    "Inpatient days IV",
    "IV visits (bag changes)",
)
