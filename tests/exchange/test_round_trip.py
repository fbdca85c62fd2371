"""Issue 19's round trip: the cohort exported as CSV and loaded into an EMPTY database, record for
record: its patients by the patient import (exchange/patientimport.py), then its labs by the lab import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from exchange import exports, importing, patientimport
from exchange.labcolumns import guess_mapping
from storage import Repository
from tests.exchange.conftest import ALT, PLT


def _patients(repo: Repository) -> list[tuple[object, ...]]:
    found = []
    for p in sorted((repo.get_patient(pid) for pid in repo.patient_ids()), key=lambda p: p.subject_id):
        found.append(
            (p.subject_id, p.regimen, p.enrolment_date, p.sex, p.status, p.name, p.mrn, p.birth_year)
        )
    return found


def _lab_records(repo: Repository) -> dict[str, list[tuple[object, ...]]]:
    """Every lab of every patient by subject id; the lab source (the import names its file) left out."""
    found: dict[str, list[tuple[object, ...]]] = {}
    for pid in repo.patient_ids():
        rows: list[tuple[object, ...]] = [
            (r.drawn_at, r.anc, r.lln, r.grade, r.reasons) for r in repo.labs(pid)
        ]
        for kind in (PLT, ALT):
            for r in repo.records(kind, pid):
                values = {k: v for k, v in dict(r.values).items() if k != "lab_source"}  # type: ignore[attr-defined]
                rows.append((kind, r.assessed_at, values, r.grade, r.reasons))  # type: ignore[attr-defined]
        found[repo.get_patient(pid).subject_id] = rows
    return found


def test_export_loads_into_an_empty_database_record_for_record(filled: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    exports.write_csv(exports.collect(filled, identifiers=exports.IDENTIFIERS), out, filled.path)
    with Repository.open(tmp_path / "empty.db", user="tester") as other:
        assert other.patient_ids() == []
        plan = patientimport.preview_patients(other, out / "patients.csv")
        assert not plan.refused and len(plan.accepted) == 2
        patientimport.commit_patients(other, plan)
        loaded = importing.load_file(out / "labs.csv")
        labs = importing.preview(other, loaded, guess_mapping(loaded.table.headers))
        assert not labs.refused and len(labs.accepted) == 3
        importing.commit(other, loaded, labs)

        assert _patients(other) == _patients(filled)
        assert _lab_records(other) == _lab_records(filled)
        assert other.verify_audit() == []
        # loading the same export again adds nothing: every patient and every lab is a duplicate
        again = patientimport.preview_patients(other, out / "patients.csv")
        assert not again.accepted and all("duplicate" in r.reason for r in again.refused)
        assert all(
            "duplicate" in r.reason
            for r in importing.preview(other, loaded, guess_mapping(loaded.table.headers)).refused
        )


def test_a_file_without_the_patients_columns_is_refused(repo: Any, tmp_path: Path) -> None:
    path = tmp_path / "labs.csv"
    path.write_text("subject_id,drawn_at,test,value\nA-1,2026-01-01T08:00,NEUT,2.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="regimen, enrolment_date"):
        patientimport.preview_patients(repo, path)


def test_the_command_line_round_trip(filled: Any, tmp_path: Path) -> None:
    """`toxtrack import patients` then `toxtrack import labs` from an export into a new file."""
    import io

    from exchange.cli import import_main

    out_dir = tmp_path / "out"
    exports.write_csv(exports.collect(filled), out_dir, filled.path)
    db = tmp_path / "new.db"
    Repository.open(db, user="tester").close()
    out, err = io.StringIO(), io.StringIO()
    patients = ["patients", "--db", str(db), "--file", str(out_dir / "patients.csv")]
    assert import_main([*patients, "--dry-run"], out, err) == 0, err.getvalue()
    assert "2 patients would be added" in out.getvalue()
    assert import_main(patients, out, err) == 0, err.getvalue()
    assert "2 patients added, 0 refused" in out.getvalue()
    assert import_main(["labs", "--db", str(db), "--file", str(out_dir / "labs.csv")], out, err) == 0
    assert "3 rows added from labs.csv" in out.getvalue()
    with Repository.open(db, read_only=True, create=False) as repo:
        assert _lab_records(repo) == _lab_records(filled)
