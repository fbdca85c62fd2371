"""REDCap, CDISC SDTM-like and FHIR exports (issue 19), built from the tables of exchange/exports.py.
Their rules are ../shared/clinical-reference-2.md §6:

- REDCap (§6.3): a data dictionary CSV of the 18 columns in order, the record id first, each form's
  fields contiguous, choices as "code, label | code, label"; a records CSV whose repeating rows carry
  `redcap_repeat_instrument` and a 1-based `redcap_repeat_instance` (empty on the non-repeating row),
  and the repeating instruments (form_name, custom_form_label) for the project's settings.
- SDTM (§6.1, SDTMIG v3.4): AE, EX and LB with their Req variables first, in the IG's order, times ISO
  8601; AETOXGR the number only, CTCAE v5.0 named in the metadata (define.csv); EXROUTE SUBCUTANEOUS,
  EXSTDTC copied to EXENDTC (an injection); LBTESTCD NEUT/"Neutrophils" and the other graded tests.
  Each domain as CSV and as SAS transport v5 (.xpt, pyreadstat). NCI C-codes are not written (§6.1:
  not verified).
- FHIR (§6.2): R4-shaped AdverseEvent resources (fhir.resources' R4B models, FHIR 4.3.0: the R4
  models are not shipped by fhir.resources 8.x) in a collection Bundle, the CTCAE grade in the HL7
  AE research backport IG's ae-grade extension (a CodeableConcept: the grade as its code and text; no
  code system is named, since §6.2 verified only the value set)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from clinical import regimens
from clinical.toxicities import all_definitions
from exchange.exports import (
    DEMO_MARK,
    ExportData,
    atomic_write,
    checked_output,
    csv_bytes,
    output_folder,
    write_manifest,
)

# ---- REDCap -----------------------------------------------------------------------------------------
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
    written = _write_all(folder, db, files)
    data.manifest["format"] = "redcap"
    write_manifest(folder, data, [p.name for p in written])
    return written


def _write_all(folder: Path, db: Path, files: Mapping[str, bytes]) -> list[Path]:
    written = []
    for name, content in files.items():
        path = folder / name
        checked_output(path, db)
        atomic_write(path, content)
        written.append(path)
    return written


# ---- CDISC SDTM-like --------------------------------------------------------------------------------
STUDY_ID = "TOXTRACK"
# (variable, label, type), Req first then as the IG lists them.
AE_VARIABLES = (
    ("STUDYID", "Study Identifier", "Char"),
    ("DOMAIN", "Domain Abbreviation", "Char"),
    ("USUBJID", "Unique Subject Identifier", "Char"),
    ("AESEQ", "Sequence Number", "Num"),
    ("AETERM", "Reported Term for the Adverse Event", "Char"),
    ("AEDECOD", "Dictionary-Derived Term", "Char"),
    ("AESTDTC", "Start Date/Time of Adverse Event", "Char"),
    ("AEENDTC", "End Date/Time of Adverse Event", "Char"),
    ("AETOXGR", "Standard Toxicity Grade", "Char"),
)
EX_VARIABLES = (
    ("STUDYID", "Study Identifier", "Char"),
    ("DOMAIN", "Domain Abbreviation", "Char"),
    ("USUBJID", "Unique Subject Identifier", "Char"),
    ("EXSEQ", "Sequence Number", "Num"),
    ("EXTRT", "Name of Treatment", "Char"),
    ("EXDOSE", "Dose", "Num"),
    ("EXDOSU", "Dose Units", "Char"),
    ("EXROUTE", "Route of Administration", "Char"),
    ("EXSTDTC", "Start Date/Time of Treatment", "Char"),
    ("EXENDTC", "End Date/Time of Treatment", "Char"),
)
LB_VARIABLES = (
    ("STUDYID", "Study Identifier", "Char"),
    ("DOMAIN", "Domain Abbreviation", "Char"),
    ("USUBJID", "Unique Subject Identifier", "Char"),
    ("LBSEQ", "Sequence Number", "Num"),
    ("LBTESTCD", "Lab Test or Examination Short Name", "Char"),
    ("LBTEST", "Lab Test or Examination Name", "Char"),
    ("LBORRES", "Result or Finding in Original Units", "Char"),
    ("LBORRESU", "Original Units", "Char"),
    ("LBORNRLO", "Reference Range Lower Limit in Orig Unit", "Char"),
    ("LBORNRHI", "Reference Range Upper Limit in Orig Unit", "Char"),
    ("LBSTRESN", "Numeric Result/Finding in Standard Units", "Num"),
    ("LBSTRESU", "Standard Units", "Char"),
    ("LBTOXGR", "Standard Toxicity Grade", "Char"),
    ("LBDTC", "Date/Time of Specimen Collection", "Char"),
)
LB_TESTS = {  # LBTESTCD -> LBTEST (NEUT/Neutrophils as in the CDISC pilot data, §6.1)
    "NEUT": "Neutrophils",
    "PLAT": "Platelets",
    "LYM": "Lymphocytes",
    "WBC": "Leukocytes",
    "HGB": "Hemoglobin",
    "ALT": "Alanine Aminotransferase",
    "AST": "Aspartate Aminotransferase",
    "BILI": "Bilirubin",
    "CREAT": "Creatinine",
}
DOMAINS = {"AE": AE_VARIABLES, "EX": EX_VARIABLES, "LB": LB_VARIABLES}


def _iso(value: object) -> str:
    """ISO 8601 in UTC to the second ("2026-03-02T09:30:00"), "" when missing."""
    if not value:
        return ""
    moment = dt.datetime.fromisoformat(str(value)).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def sdtm_domains(data: ExportData, study: str = STUDY_ID) -> dict[str, list[dict[str, object]]]:
    def usubjid(subject: object) -> str:
        return f"{study}-{subject}"

    names = {d.id: d.name for d in all_definitions()}
    ae: list[dict[str, object]] = []
    for episode in data.tables["episodes"]:
        term = str(episode["name"] or names.get(str(episode["toxicity"]), episode["toxicity"]))
        ae.append(
            {
                "STUDYID": study,
                "DOMAIN": "AE",
                "USUBJID": usubjid(episode["subject_id"]),
                "AETERM": term,
                "AEDECOD": term,
                "AESTDTC": _iso(episode["onset"]),
                "AEENDTC": _iso(episode["resolved_at"]),
                "AETOXGR": str(episode["peak_grade"]),
            }
        )
    ex = [
        {
            "STUDYID": study,
            "DOMAIN": "EX",
            "USUBJID": usubjid(dose["subject_id"]),
            "EXTRT": "BLINATUMOMAB",
            "EXDOSE": float(str(dose["amount_ug"])),
            "EXDOSU": "ug",
            "EXROUTE": "SUBCUTANEOUS",
            "EXSTDTC": _iso(dose["given_at"]),
            "EXENDTC": _iso(dose["given_at"]),  # an injection: the start copied to the end (§6.1)
        }
        for dose in data.tables["doses"]
        if dose["status"] == "given"
    ]
    lb = [
        {
            "STUDYID": study,
            "DOMAIN": "LB",
            "USUBJID": usubjid(lab["subject_id"]),
            "LBTESTCD": lab["test"],
            "LBTEST": LB_TESTS.get(str(lab["test"]), str(lab["test"])),
            "LBORRES": f"{float(str(lab['value'])):g}",
            "LBORRESU": lab["unit"],
            "LBORNRLO": "" if lab["lln"] == "" else f"{float(str(lab['lln'])):g}",
            "LBORNRHI": "" if lab["uln"] == "" else f"{float(str(lab['uln'])):g}",
            "LBSTRESN": float(str(lab["value"])),
            "LBSTRESU": lab["unit"],
            "LBTOXGR": "" if lab["grade"] in ("", None) else str(lab["grade"]),
            "LBDTC": _iso(lab["drawn_at"]),
        }
        for lab in data.tables["labs"]
    ]
    domains = {"AE": ae, "EX": ex, "LB": lb}
    for name, rows in domains.items():
        rows.sort(key=lambda r: (str(r["USUBJID"]), str(r.get(f"{name}STDTC") or r.get(f"{name}DTC") or "")))
        seq: dict[str, int] = {}
        for i, row in enumerate(rows):
            seq[str(row["USUBJID"])] = seq.get(str(row["USUBJID"]), 0) + 1
            ordered = {var: row.get(var, "") for var, _, _ in DOMAINS[name]}
            ordered[f"{name}SEQ"] = seq[str(row["USUBJID"])]
            rows[i] = ordered
    return domains


def define_rows(data: ExportData) -> list[dict[str, str]]:
    """The define-style variables list: dataset, variable, label, type, order, and the grade's scale."""
    rows = []
    for domain, variables in DOMAINS.items():
        for order, (name, label, kind) in enumerate(variables, start=1):
            note = ""
            if name in ("AETOXGR", "LBTOXGR"):
                note = "CTCAE v5.0 (the grade as a number only)"
            elif name.endswith("DTC"):
                note = "ISO 8601, UTC"
            elif name == "EXROUTE":
                note = "CDISC ROUTE (C66729)"
            rows.append(
                {
                    "Dataset": domain,
                    "Variable": name,
                    "Label": label,
                    "Type": kind,
                    "Order": str(order),
                    "Comment": note,
                }
            )
    if data.demo:
        rows.append(
            {"Dataset": "", "Variable": "", "Label": DEMO_MARK, "Type": "", "Order": "", "Comment": ""}
        )
    return rows


def write_sdtm(data: ExportData, folder: Path, db: Path, study: str = STUDY_ID) -> list[Path]:
    import pandas as pd
    import pyreadstat

    output_folder(folder, db)
    domains = sdtm_domains(data, study)
    files = {
        f"{name.lower()}.csv": csv_bytes(rows, [v for v, _, _ in DOMAINS[name]])
        for name, rows in domains.items()
    }
    files["define.csv"] = csv_bytes(
        define_rows(data), ("Dataset", "Variable", "Label", "Type", "Order", "Comment")
    )
    written = _write_all(folder, db, files)
    label = f"{study} {DEMO_MARK}" if data.demo else study
    for name, rows in domains.items():
        variables = DOMAINS[name]
        frame = pd.DataFrame(
            {
                var: pd.Series([row[var] for row in rows], dtype="float64" if kind == "Num" else "object")
                for var, _, kind in variables
            }
        )
        path = folder / f"{name.lower()}.xpt"
        checked_output(path, db)
        temporary = folder / f".{name.lower()}.xpt.tmp"
        pyreadstat.write_xport(
            frame,
            str(temporary),
            file_label=label[:40],
            column_labels={var: lab for var, lab, _ in variables},
            table_name=name,
            file_format_version=5,
        )
        temporary.replace(path)
        written.append(path)
    data.manifest["format"] = "sdtm"
    data.manifest["study"] = study
    write_manifest(folder, data, [p.name for p in written])
    return written


# ---- FHIR -------------------------------------------------------------------------------------------
GRADE_EXTENSION = "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/ae-grade"
FHIR_VERSION = "4.3.0 (R4B models of fhir.resources, R4-shaped AdverseEvent)"


def fhir_bundle(data: ExportData) -> dict[str, object]:
    """A collection Bundle: a Patient per subject (its subject id as identifier) and an AdverseEvent per
    episode (event text, onset as date, the CTCAE grade in the ae-grade extension), validated by
    fhir.resources' models."""
    from fhir.resources.R4B.bundle import Bundle

    names = {d.id: d.name for d in all_definitions()}
    entries: list[dict[str, object]] = []
    for patient in data.tables["patients"]:
        subject = str(patient["subject_id"])
        entries.append(
            {
                "fullUrl": f"urn:toxtrack:patient:{subject}",
                "resource": {
                    "resourceType": "Patient",
                    "id": _fhir_id(subject),
                    "identifier": [{"system": "urn:toxtrack:subject-id", "value": subject}],
                },
            }
        )
    for n, episode in enumerate(data.tables["episodes"], start=1):
        term = str(episode["name"] or names.get(str(episode["toxicity"]), episode["toxicity"]))
        grade = str(episode["peak_grade"])
        resource: dict[str, object] = {
            "resourceType": "AdverseEvent",
            "id": f"ae-{n}",
            "extension": [
                {
                    "url": GRADE_EXTENSION,
                    "valueCodeableConcept": {
                        "coding": [{"code": grade, "display": f"Grade {grade}"}],
                        "text": f"{episode['scale'] or 'CTCAE v5.0'} grade {grade}",
                    },
                }
            ],
            "actuality": "actual",
            "event": {"text": term},
            "subject": {"reference": f"Patient/{_fhir_id(str(episode['subject_id']))}"},
            "date": str(episode["onset"]),
        }
        if data.demo:
            resource["meta"] = {"tag": [{"code": "demo", "display": DEMO_MARK}]}
        entries.append({"fullUrl": f"urn:toxtrack:adverse-event:{n}", "resource": resource})
    bundle: dict[str, object] = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    if data.demo:
        bundle["meta"] = {"tag": [{"code": "demo", "display": DEMO_MARK}]}
    validated = Bundle.model_validate(bundle)
    return dict(json.loads(validated.model_dump_json()))


def _fhir_id(subject: str) -> str:
    return "".join(c if c.isalnum() or c in "-." else "-" for c in subject)[:64]


def write_fhir(data: ExportData, path: Path, db: Path) -> Path:
    """The bundle as JSON; its manifest beside it (<name>.manifest.json)."""
    checked_output(path, db)
    bundle = fhir_bundle(data)
    atomic_write(path, json.dumps(bundle, indent=2, ensure_ascii=False).encode("utf-8"))
    data.manifest["format"] = "fhir"
    data.manifest["fhir_version"] = FHIR_VERSION
    manifest = path.with_name(path.name + ".manifest.json")
    checked_output(manifest, db)
    atomic_write(manifest, json.dumps({**data.manifest, "files": [path.name]}, indent=2).encode("utf-8"))
    return path
