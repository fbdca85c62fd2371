"""Exports for a trial office or a hospital system (issue 19): the data of one patient or the cohort as
plain tables, read through `Repository`'s public API, with a manifest (what, when, who, the database's
audit head, row counts). Writers: CSV (a folder of files) and Excel (one workbook); REDCap, SDTM and
FHIR build on the same tables (exchange/redcap.py, exchange/sdtm.py, exchange/fhir.py).

Only the identifiers the user selects leave the app: the subject id always, name, MRN and birth year
only when asked for. A database holding synthetic demo patients says so in the manifest and in every
row of every file (column `demo_data`)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinical.episodes import episodes_for
from clinical.flags import patient_flags
from clinical.model import Patient, PatientId
from clinical.toxicities import all_definitions, for_record_kind
from exchange.labunits import targets
from storage import Repository
from storage.outputs import output_refusal

IDENTIFIERS = ("name", "mrn", "birth_year")  # besides the subject id, only when selected
DEMO_MARK = "SYNTHETIC DEMO DATA - not patient data"
TABLES = ("patients", "doses", "assessments", "labs", "adverse_events", "episodes", "flags")
LAB_COLUMNS = ("subject_id", "drawn_at", "test", "value", "unit", "lln", "uln", "grade")
_LAB_UNITS = {"count": "10^9/L", "haemoglobin": "g/L", "own": ""}


class ExportRefused(Exception):
    """An output path that must not be written (one sentence, storage.outputs)."""


@dataclass
class ExportData:
    """Rows (dicts, one key order per table) and the manifest facts."""

    tables: dict[str, list[dict[str, object]]]
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def demo(self) -> bool:
        return bool(self.manifest.get("demo"))


def _time(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(getattr(value, "value", value))


def _plain(value: object) -> object:
    """A cell: times as UTC ISO 8601, enums by value, tuples joined, None empty."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return _time(value)
    if isinstance(value, tuple | list):
        return "; ".join(str(_plain(v)) for v in value)
    if isinstance(value, bool):
        return int(value)
    return getattr(value, "value", value)


def collect(
    repo: Repository,
    subject_ids: Sequence[str] = (),
    identifiers: Iterable[str] = (),
    what: str = "export",
) -> ExportData:
    """The tables of the patients named (all non-voided ones when none), with the manifest."""
    chosen = [i for i in identifiers if i in IDENTIFIERS]
    pids = [repo.find_patient(s).id for s in subject_ids] if subject_ids else repo.patient_ids()
    demo = repo.has_demo_patients()
    tables: dict[str, list[dict[str, object]]] = {name: [] for name in TABLES}
    lab_targets = {t.kind: t for t in targets().values()}
    today, now = repo.today(), repo.now()
    for pid in pids:
        patient = repo.get_patient(PatientId(int(pid)))  # type: ignore[arg-type]
        subject = patient.subject_id
        tables["patients"].append(_patient_row(patient, chosen))
        cycles = {c.id: c.number for c in repo.cycles(patient.id)}  # type: ignore[arg-type]
        doses = repo.doses(patient.id)  # type: ignore[arg-type]
        for dose in doses:
            tables["doses"].append(
                {
                    "subject_id": subject,
                    "dose_id": dose.id,
                    "cycle": cycles.get(dose.cycle_id, ""),
                    "cycle_day": dose.cycle_day,
                    "planned_date": _time(dose.planned_date),
                    "planned_ug": dose.planned_ug,
                    "status": _plain(dose.status),
                    "given_at": _time(dose.given_at),
                    "amount_ug": _plain(dose.amount_ug),
                    "site": _plain(dose.site),
                    "lot": dose.lot,
                    "reason": _plain(dose.reason),
                    "reason_text": dose.reason_text,
                    "premedication": dose.premedication,
                    "deviation": dose.deviation,
                }
            )
        by_kind = repo.records_by_kind(patient.id)  # type: ignore[arg-type]
        for kind, records in by_kind.items():
            definition = for_record_kind(kind)
            for record in records:
                values = definition.values(record)
                row = {
                    "subject_id": subject,
                    "kind": kind,
                    "record_id": getattr(record, "id", ""),
                    "at": _time(definition.at(record)),
                    "grade": _plain(getattr(record, "grade", None)),
                    "effective_grade": _plain(getattr(record, "effective_grade", None)),
                    "scale": getattr(record, "scale", ""),
                    "reasons": _plain(getattr(record, "reasons", ())),
                    "override_grade": _plain(getattr(record, "override_grade", None)),
                    "override_reason": getattr(record, "override_reason", ""),
                    "inputs": json.dumps({k: _plain(v) for k, v in values.items()}, ensure_ascii=False),
                }
                tables["assessments"].append(row)
                if kind == "adverse_event":
                    event = {"subject_id": subject, "record_id": row["record_id"], "onset": row["at"]}
                    event.update({k: _plain(v) for k, v in values.items()})
                    event.update(grade=row["effective_grade"], scale=row["scale"])
                    tables["adverse_events"].append(event)
                target = lab_targets.get(kind)
                if target is not None and values.get(target.value) is not None:
                    tables["labs"].append(
                        {
                            "subject_id": subject,
                            "drawn_at": row["at"],
                            "test": target.code,
                            "value": values[target.value],
                            "unit": _LAB_UNITS[target.family],
                            "lln": _plain(values.get(target.limit)) if target.limit_is_lower else "",
                            "uln": "" if target.limit_is_lower else _plain(values.get(target.limit)),
                            "grade": row["grade"],
                        }
                    )
        for episode in episodes_for(patient.id, by_kind):  # type: ignore[arg-type]
            tables["episodes"].append(
                {
                    "subject_id": subject,
                    "toxicity": episode.toxicity,
                    "name": episode.name,
                    "onset": _time(episode.onset),
                    "peak_grade": episode.peak_grade,
                    "peak_at": _time(episode.peak_at),
                    "resolved_at": _time(episode.resolved_at),
                    "scale": episode.scale,
                }
            )
        cycle_list = repo.cycles(patient.id)  # type: ignore[arg-type]
        for flag in patient_flags(patient, doses, by_kind, today, now, cycles=cycle_list):
            tables["flags"].append(
                {
                    "subject_id": subject,
                    "rule": _plain(flag.rule),
                    "severity": _plain(flag.severity),
                    "toxicity": flag.toxicity or "",
                    "at": _time(flag.at),
                    "message": flag.message,
                }
            )
    if demo:
        for rows in tables.values():
            for i, row in enumerate(rows):
                rows[i] = {"demo_data": DEMO_MARK, **row}
    count, head = repo.audit_head()
    manifest: dict[str, Any] = {
        "what": what,
        "scope": "cohort" if not subject_ids else "patients " + ", ".join(subject_ids),
        "when": now.isoformat(),
        "who": repo.user,
        "database": repo.path.name,
        "audit_head": {"entries": count, "hash": head},
        "rows": {name: len(rows) for name, rows in tables.items()},
        "identifiers": ["subject_id", *chosen],
        "toxicities": [d.record_kind for d in all_definitions()],
        "times": "UTC, ISO 8601",
        "demo": demo,
    }
    if demo:
        manifest["note"] = DEMO_MARK
    if chosen:
        manifest["warning"] = "Contains patient identifiers (" + ", ".join(chosen) + "): protect it as PHI."
    return ExportData(tables, manifest)


def _patient_row(patient: Patient, identifiers: Sequence[str]) -> dict[str, object]:
    row: dict[str, object] = {
        "subject_id": patient.subject_id,
        "regimen": patient.regimen,
        "enrolment_date": _time(patient.enrolment_date),
        "sex": _plain(patient.sex),
        "status": _plain(patient.status),
        "demo": int(patient.demo),
    }
    for name in identifiers:
        row[name] = _plain(getattr(patient, name))
    return row


# ---- writing ----------------------------------------------------------------------------------------
def checked_output(path: Path, db: Path) -> None:
    """ExportRefused when `path` must not be written (the database, its side files, a device...)."""
    refusal = output_refusal(path, db)
    if refusal is not None:
        raise ExportRefused(refusal)


def output_folder(folder: Path, db: Path) -> Path:
    """A folder for a multi-file export: made when missing; never a file, the database's backups."""
    if folder.exists() and not folder.is_dir():
        raise ExportRefused(f"Cannot save the export in {folder}: that is not a folder.")
    checked_output(folder / "manifest.json", db)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def atomic_write(path: Path, data: bytes) -> None:
    """The whole file or nothing: written beside its name and renamed into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def csv_bytes(rows: Sequence[Mapping[str, object]], columns: Sequence[str] | None = None) -> bytes:
    """UTF-8 CSV (comma, header row); columns default to the union of the rows' keys in order."""
    if columns is None:
        seen: dict[str, None] = {}
        for row in rows:
            seen.update(dict.fromkeys(row))
        columns = list(seen)
    text = _StringBuffer()
    writer = csv.DictWriter(text, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


class _StringBuffer:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.parts)


def write_manifest(folder: Path, data: ExportData, files: Sequence[str]) -> None:
    manifest = {**data.manifest, "files": list(files)}
    atomic_write(folder / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))


def write_csv(data: ExportData, folder: Path, db: Path) -> list[Path]:
    """One CSV per table (labs in the columns the import reads back) and manifest.json."""
    output_folder(folder, db)
    written = []
    for name, rows in data.tables.items():
        path = folder / f"{name}.csv"
        checked_output(path, db)
        columns = None
        if name == "labs":
            columns = (["demo_data"] if data.demo else []) + list(LAB_COLUMNS)
        atomic_write(path, csv_bytes(rows, columns))
        written.append(path)
    data.manifest["format"] = "csv"
    write_manifest(folder, data, [p.name for p in written])
    return written


def write_excel(data: ExportData, path: Path, db: Path) -> Path:
    """One workbook: a sheet per table, then the manifest sheet."""
    from openpyxl import Workbook

    checked_output(path, db)
    book = Workbook(write_only=True)
    for name, rows in data.tables.items():
        sheet = book.create_sheet(name)
        columns: list[str] = []
        for row in rows:
            columns += [k for k in row if k not in columns]
        if name == "labs" and not rows:
            columns = list(LAB_COLUMNS)
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(c, "") for c in columns])
    data.manifest["format"] = "xlsx"
    sheet = book.create_sheet("manifest")
    for key, value in data.manifest.items():
        sheet.append([key, value if isinstance(value, str | int | float) else json.dumps(value)])
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        book.save(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_files(folder: Path, db: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Each named content written atomically into folder, refusing a path onto the database."""
    written = []
    for name, content in files.items():
        path = folder / name
        checked_output(path, db)
        atomic_write(path, content)
        written.append(path)
    return written
