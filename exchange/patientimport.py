"""Patients from a ToxTrack export's patients table (issue 19: the round trip into an empty database).

The round trip of an export is this import followed by the lab import (exchange/importing.py) of the
same export's labs table: the patients first, so the labs find them by subject id. Doses, assessments,
adverse events, episodes and flags are not read back: an export is for a trial office or a hospital
system, and a database moves whole by its own file and backups (storage/backup.py). Each row is a
new patient added through `repo.add_patient` (validated, one audited insert each), all in one
transaction or none; a subject id already in the database is refused as a duplicate, never merged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clinical.choices import PatientStatus, Sex
from clinical.model import Patient
from exchange.labimport import Refused
from exchange.tables import read_table
from storage import Repository

REQUIRED = ("subject_id", "regimen", "enrolment_date")
IDENTIFIERS = ("name", "mrn", "birth_year")  # present only when the export included them


@dataclass
class PatientPlan:
    accepted: list[Patient]
    refused: list[Refused]


def plan_patients(headers: Sequence[str], rows: Sequence[tuple[object, ...]], known: set[str]) -> PatientPlan:
    """Each row of an exported patients table as a Patient, or refused with why. `known`: the subject
    ids already in the database (upper case)."""
    missing = [name for name in REQUIRED if name not in headers]
    if missing:
        raise ValueError(f"Not a ToxTrack patients export: no {', '.join(missing)} column.")
    position = {name: i for i, name in enumerate(headers)}
    plan = PatientPlan([], [])
    seen: set[str] = set()

    def cell(row: tuple[object, ...], name: str) -> str:
        index = position.get(name)
        value = row[index] if index is not None and index < len(row) else ""
        return "" if value is None else str(value).strip()

    for line, row in enumerate(rows, start=2):
        shown = tuple("" if c is None else str(c) for c in row)
        subject = cell(row, "subject_id")
        if not subject:
            continue
        if subject.upper() in known or subject.upper() in seen:
            plan.refused.append(
                Refused(line, f"duplicate: subject {subject} already stored or in the file", shown)
            )
            continue
        try:
            year = cell(row, "birth_year")
            patient = Patient(
                subject,
                cell(row, "regimen"),
                dt.date.fromisoformat(cell(row, "enrolment_date")),
                sex=Sex(cell(row, "sex") or "unknown"),
                birth_year=int(year) if year else None,
                name=cell(row, "name"),
                mrn=cell(row, "mrn"),
                status=PatientStatus(cell(row, "status") or "on_treatment"),
                demo=cell(row, "demo") == "1",
            )
        except ValueError as error:
            plan.refused.append(Refused(line, f"unreadable patient row: {error}", shown))
            continue
        seen.add(subject.upper())
        plan.accepted.append(patient)
    return plan


def preview_patients(repo: Repository, path: Path) -> PatientPlan:
    """The plan of an exported patients.csv (or .xlsx sheet of the same columns) against `repo`."""
    table = read_table(path.name, path.read_bytes())
    known = {subject.upper() for _, subject, _, _ in repo.patient_identifiers()}
    return plan_patients(table.headers, table.rows, known)


def commit_patients(repo: Repository, plan: PatientPlan) -> list[Patient]:
    """Every accepted patient in one transaction (ValidationError: nothing is written)."""
    added: list[Patient] = []
    with repo.transaction():
        for patient in plan.accepted:
            added.append(repo.add_patient(patient))
    return added
