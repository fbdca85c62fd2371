"""CDISC SDTM-like export (issue 19, ../shared/clinical-reference-2.md §6.1, SDTMIG v3.4): AE, EX and LB
with their Req variables first, in the IG's order, times ISO 8601; AETOXGR the number only, CTCAE v5.0
named in the metadata (define.csv); EXROUTE SUBCUTANEOUS, EXSTDTC copied to EXENDTC (an injection);
LBTESTCD NEUT/ "Neutrophils" and the other graded tests. Each domain as CSV and as SAS transport v5
(.xpt, pyreadstat). NCI C-codes are not written (§6.1: not verified)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from clinical.toxicities import all_definitions
from exchange.exports import (
    DEMO_MARK,
    ExportData,
    checked_output,
    csv_bytes,
    output_folder,
    write_files,
    write_manifest,
)

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
    written = write_files(folder, db, files)
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
