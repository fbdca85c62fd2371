"""REDCap export (issue 19), built from the tables of exchange/exports.py; rules in ../shared/clinical-
reference-2.md §6.3: a data dictionary CSV of the 18 columns in order, the record id first, each form's
fields contiguous, choices as "code, label | code, label"; a records CSV whose repeating rows carry
`redcap_repeat_instrument` and a 1-based `redcap_repeat_instance` (empty on the non-repeating row), and
the repeating instruments (form_name, custom_form_label) for the project's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from clinical import regimens
from clinical.toxicities import all_definitions
from exchange.exports import (
    DEMO_MARK,
    ExportData,
    csv_bytes,
    output_folder,
    write_files,
    write_manifest,
)

DD_COLUMNS = (
    "Variable / Field Name",
    "Form Name",
    "Section Header",
    "Field Type",
    "Field Label",
    "Choices, Calculations, OR Slider Labels",
    "Field Note",
    "Text Validation Type OR Show Slider Number",
    "Text Validation Min",
    "Text Validation Max",
    "Identifier?",
    "Branching Logic (Show field only if...)",
    "Required Field?",
    "Custom Alignment",
    "Question Number (surveys only)",
    "Matrix Group Name",
    "Matrix Ranking?",
    "Field Annotation",
)
REPEATING = ("dose", "lab", "toxicity", "adverse_event")
UTC_NOTE = "UTC"


def _choices(items: Sequence[tuple[str, str]]) -> str:
    return " | ".join(f"{code}, {label}" for code, label in items)


def _field(
    name: str, form: str, kind: str, label: str, choices: str = "", validation: str = "", note: str = ""
) -> dict[str, str]:
    row = dict.fromkeys(DD_COLUMNS, "")
    row.update(
        {
            "Variable / Field Name": name,
            "Form Name": form,
            "Field Type": kind,
            "Field Label": label,
            "Choices, Calculations, OR Slider Labels": choices,
            "Field Note": note,
            "Text Validation Type OR Show Slider Number": validation,
        }
    )
    return row


def _code(text: object) -> str:
    """A REDCap choice code: letters, digits and underscores."""
    return "".join(c if c.isalnum() else "_" for c in str(text).lower()).strip("_")


def redcap_dictionary(data: ExportData) -> list[dict[str, str]]:
    regimen = [(_code(r), r) for r in regimens.regimen_names()]
    statuses = ("on_treatment", "completed", "discontinued")
    dose_status = [(s, s.capitalize()) for s in ("planned", "given", "held", "missed")]
    tests = sorted({str(r["test"]) for r in data.tables["labs"]} | {"NEUT"})
    kinds = [(d.record_kind, d.label) for d in all_definitions()]
    grades = [(str(g), f"Grade {g}") for g in range(6)]
    fields = [
        _field("record_id", "patient", "text", "Subject id"),
        _field("regimen", "patient", "dropdown", "Regimen", _choices(regimen)),
        _field("enrolment_date", "patient", "text", "Enrolment date", validation="date_ymd"),
        _field(
            "sex",
            "patient",
            "dropdown",
            "Sex",
            _choices([(s, s) for s in ("female", "male", "other", "unknown")]),
        ),
        _field(
            "status", "patient", "dropdown", "Status", _choices([(s, s.replace("_", " ")) for s in statuses])
        ),
        _field("dose_cycle", "dose", "text", "Cycle", validation="integer"),
        _field("dose_day", "dose", "text", "Cycle day", validation="integer"),
        _field("dose_planned_date", "dose", "text", "Planned date", validation="date_ymd"),
        _field("dose_planned_ug", "dose", "text", "Planned dose (ug)", validation="number"),
        _field("dose_status", "dose", "dropdown", "Outcome", _choices(dose_status)),
        _field("dose_given_at", "dose", "text", "Given at", validation="datetime_ymd", note=UTC_NOTE),
        _field("dose_amount_ug", "dose", "text", "Amount given (ug)", validation="number"),
        _field("lab_test", "lab", "dropdown", "Test (LBTESTCD)", _choices([(t, t) for t in tests])),
        _field("lab_drawn_at", "lab", "text", "Drawn at", validation="datetime_ymd", note=UTC_NOTE),
        _field("lab_value", "lab", "text", "Value", validation="number"),
        _field("lab_unit", "lab", "text", "Unit"),
        _field("lab_lln", "lab", "text", "Lower limit of normal", validation="number"),
        _field("lab_uln", "lab", "text", "Upper limit of normal", validation="number"),
        _field("lab_grade", "lab", "dropdown", "CTCAE v5.0 grade", _choices(grades)),
        _field("tox_kind", "toxicity", "dropdown", "Toxicity", _choices(kinds)),
        _field("tox_at", "toxicity", "text", "Assessed at", validation="datetime_ymd", note=UTC_NOTE),
        _field("tox_grade", "toxicity", "dropdown", "Grade", _choices(grades)),
        _field("tox_scale", "toxicity", "text", "Scale"),
        _field("tox_reasons", "toxicity", "notes", "Why this grade"),
        _field("ae_term", "adverse_event", "text", "CTCAE term"),
        _field("ae_onset", "adverse_event", "text", "Onset", validation="datetime_ymd", note=UTC_NOTE),
        _field("ae_grade", "adverse_event", "dropdown", "Grade", _choices(grades)),
    ]
    if data.demo:
        fields.insert(1, _field("demo_data", "patient", "text", "Synthetic demo data", note=DEMO_MARK))
    return fields


def _redcap_time(value: object) -> str:
    """REDCap's datetime_ymd: "YYYY-MM-DD HH:MM" (UTC)."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(str(value)).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M")


def redcap_records(data: ExportData) -> list[dict[str, object]]:
    """One non-repeating row per patient, then its repeating instances, instrument by instrument."""
    rows: list[dict[str, object]] = []
    by_subject: dict[str, dict[str, list[dict[str, object]]]] = {}
    for dose in data.tables["doses"]:
        by_subject.setdefault(str(dose["subject_id"]), {}).setdefault("dose", []).append(
            {
                "dose_cycle": dose["cycle"],
                "dose_day": dose["cycle_day"],
                "dose_planned_date": dose["planned_date"],
                "dose_planned_ug": dose["planned_ug"],
                "dose_status": dose["status"],
                "dose_given_at": _redcap_time(dose["given_at"]),
                "dose_amount_ug": dose["amount_ug"],
            }
        )
    for lab in data.tables["labs"]:
        by_subject.setdefault(str(lab["subject_id"]), {}).setdefault("lab", []).append(
            {
                "lab_test": lab["test"],
                "lab_drawn_at": _redcap_time(lab["drawn_at"]),
                "lab_value": lab["value"],
                "lab_unit": lab["unit"],
                "lab_lln": lab["lln"],
                "lab_uln": lab["uln"],
                "lab_grade": lab["grade"],
            }
        )
    for record in data.tables["assessments"]:
        by_subject.setdefault(str(record["subject_id"]), {}).setdefault("toxicity", []).append(
            {
                "tox_kind": record["kind"],
                "tox_at": _redcap_time(record["at"]),
                "tox_grade": record["effective_grade"],
                "tox_scale": record["scale"],
                "tox_reasons": record["reasons"],
            }
        )
    for event in data.tables["adverse_events"]:
        by_subject.setdefault(str(event["subject_id"]), {}).setdefault("adverse_event", []).append(
            {
                "ae_term": event.get("term", ""),
                "ae_onset": _redcap_time(event["onset"]),
                "ae_grade": event["grade"],
            }
        )
    regimen_codes = {r: _code(r) for r in regimens.regimen_names()}
    for patient in data.tables["patients"]:
        subject = str(patient["subject_id"])
        base = {"record_id": subject, "redcap_repeat_instrument": "", "redcap_repeat_instance": ""}
        row = {
            **base,
            "regimen": regimen_codes.get(str(patient["regimen"]), ""),
            "enrolment_date": patient["enrolment_date"],
            "sex": patient["sex"],
            "status": patient["status"],
        }
        if data.demo:
            row["demo_data"] = DEMO_MARK
        rows.append(row)
        for form in REPEATING:
            for instance, values in enumerate(by_subject.get(subject, {}).get(form, []), start=1):
                rows.append(
                    {
                        "record_id": subject,
                        "redcap_repeat_instrument": form,
                        "redcap_repeat_instance": instance,
                    }
                    | values
                )
    return rows


def write_redcap(data: ExportData, folder: Path, db: Path) -> list[Path]:
    output_folder(folder, db)
    dictionary = redcap_dictionary(data)
    columns = ["record_id", "redcap_repeat_instrument", "redcap_repeat_instance"]
    columns += [f["Variable / Field Name"] for f in dictionary if f["Variable / Field Name"] != "record_id"]
    files = {
        "redcap_data_dictionary.csv": csv_bytes(dictionary, DD_COLUMNS),
        "redcap_records.csv": csv_bytes(redcap_records(data), columns),
        "redcap_repeating_instruments.csv": csv_bytes(
            [{"form_name": f, "custom_form_label": ""} for f in REPEATING], ("form_name", "custom_form_label")
        ),
    }
    written = write_files(folder, db, files)
    data.manifest["format"] = "redcap"
    write_manifest(folder, data, [p.name for p in written])
    return written
