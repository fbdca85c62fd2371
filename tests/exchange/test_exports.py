"""Issue 19 exports, each read back: CSV (a folder with manifest.json) and Excel (a workbook with a
manifest sheet); the labs round trip (export, import into another database holding the same patients,
record for record); only the selected identifiers leave; a demo database says so in every file;
outputs never go onto the database or its side files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clinical.model import Patient
from exchange import exports, importing
from exchange.cli import export_main
from exchange.labcolumns import guess_mapping
from storage import Repository
from tests.exchange.conftest import ALT, DRAWN, PLT


def _read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_csv_export_reads_back_with_its_manifest(filled: Any, tmp_path: Path) -> None:
    data = exports.collect(filled)
    written = exports.write_csv(data, tmp_path / "out", filled.path)
    assert sorted(p.name for p in written) == sorted(f"{t}.csv" for t in exports.TABLES)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["audit_head"] == {"entries": filled.audit_head()[0], "hash": filled.audit_head()[1]}
    assert manifest["who"] == "tester" and manifest["demo"] is False and manifest["format"] == "csv"
    for table in exports.TABLES:
        assert len(_read_csv(tmp_path / "out" / f"{table}.csv")) == manifest["rows"][table]
    labs = _read_csv(tmp_path / "out" / "labs.csv")
    assert {(r["test"], r["value"], r["lln"], r["uln"], r["grade"]) for r in labs} == {
        ("NEUT", "0.4", "1.8", "", "4"),
        ("PLAT", "20.0", "150.0", "", "4"),
        ("ALT", "240.0", "", "40.0", "3"),
    }
    patients = _read_csv(tmp_path / "out" / "patients.csv")
    assert [p["subject_id"] for p in patients] == ["044-0001", "044-0002"]
    assert "name" not in patients[0] and "mrn" not in patients[0]  # identifiers only when selected
    doses = _read_csv(tmp_path / "out" / "doses.csv")
    assert any(d["status"] == "given" for d in doses)
    events = _read_csv(tmp_path / "out" / "adverse_events.csv")
    assert events[0]["term"] == "Tremor" and events[0]["grade"] == "2"
    assessments = _read_csv(tmp_path / "out" / "assessments.csv")
    alt = next(a for a in assessments if a["kind"] == ALT)
    assert json.loads(alt["inputs"])["alt_uln"] == 40.0 and alt["reasons"]
    assert dt.datetime.fromisoformat(alt["at"]) == DRAWN  # ISO 8601, UTC


def test_labs_round_trip_record_for_record(filled: Any, tmp_path: Path) -> None:
    exports.write_csv(exports.collect(filled), tmp_path / "out", filled.path)
    with Repository.open(tmp_path / "other.db", user="tester") as other:
        for patient in (filled.get_patient(pid) for pid in filled.patient_ids()):
            other.add_patient(Patient(patient.subject_id, patient.regimen, patient.enrolment_date))
        loaded = importing.load_file(tmp_path / "out" / "labs.csv")
        plan = importing.preview(other, loaded, guess_mapping(loaded.table.headers))
        assert not plan.refused
        importing.commit(other, loaded, plan)

        def labs(repo: Repository) -> list[tuple[object, ...]]:
            pid = repo.find_patient("044-0001").id
            found = [(r.drawn_at, r.anc, r.lln, r.grade, r.reasons) for r in repo.labs(pid)]
            for kind in (PLT, ALT):
                found += [
                    (r.assessed_at, dict(r.values), r.grade, r.reasons)  # type: ignore[misc]
                    for r in repo.records(kind, pid)
                ]
            return found

        theirs = labs(other)
        ours = labs(filled)
        # the import records the file as the lab source; everything else is the same record
        for record in theirs:
            if isinstance(record[1], dict):
                record[1].pop("lab_source", None)
        for record in ours:
            if isinstance(record[1], dict):
                record[1].pop("lab_source", None)
        assert theirs == ours


def test_identifiers_only_when_selected_and_demo_marked(
    filled: Any, tmp_path: Path, make_patient: Callable[..., Patient]
) -> None:
    data = exports.collect(filled, ["044-0001"], ["name", "mrn"])
    assert data.tables["patients"] == [
        {
            "subject_id": "044-0001",
            "regimen": "SC 250/500",
            "enrolment_date": filled.get_patient(
                filled.find_patient("044-0001").id
            ).enrolment_date.isoformat(),
            "sex": "unknown",
            "status": "on_treatment",
            "demo": 0,
            "name": "Ada Example",
            "mrn": "MRN-1",
        }
    ]
    assert "PHI" in data.manifest["warning"] and data.manifest["scope"] == "patients 044-0001"
    from clinical.demo import generate_cohort

    with Repository.open(tmp_path / "demo.db", user="tester") as demo:
        demo.bulk_insert(list(generate_cohort(2, seed=1, today=dt.date.today())))
        marked = exports.collect(demo)
        path = exports.write_excel(marked, tmp_path / "demo.xlsx", demo.path)
    assert marked.manifest["note"] == exports.DEMO_MARK
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    for name in exports.TABLES:
        rows = book.get_sheet_by_name(name).to_python()
        assert all(row[0] == exports.DEMO_MARK for row in rows[1:]), name
    manifest = dict(book.get_sheet_by_name("manifest").to_python())
    assert manifest["demo"] in (True, 1) and manifest["note"] == exports.DEMO_MARK


def test_excel_export_reads_back(filled: Any, tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    data = exports.collect(filled)
    path = exports.write_excel(data, tmp_path / "out.xlsx", filled.path)
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == [*exports.TABLES, "manifest"]
    labs = book.get_sheet_by_name("labs").to_python()
    assert labs[0] == list(exports.LAB_COLUMNS) and len(labs) == 4
    manifest = dict(book.get_sheet_by_name("manifest").to_python())
    assert json.loads(manifest["rows"])["labs"] == 3 and manifest["format"] == "xlsx"


def test_outputs_never_onto_the_database(filled: Any, tmp_path: Path) -> None:
    db = filled.path
    with pytest.raises(exports.ExportRefused, match="database"):
        exports.write_excel(exports.collect(filled), db, db)
    with pytest.raises(exports.ExportRefused):
        exports.write_excel(exports.collect(filled), Path(f"{db}-wal"), db)
    filled.close()
    err = io.StringIO()
    assert export_main(["excel", "--db", str(db), "--out", str(db)], io.StringIO(), err) == 1
    assert "database" in err.getvalue()
    out = io.StringIO()
    assert export_main(["csv", "--db", str(db), "--out", str(tmp_path / "cli")], out, io.StringIO()) == 0
    assert (tmp_path / "cli" / "manifest.json").exists() and "labs 3" in out.getvalue()
