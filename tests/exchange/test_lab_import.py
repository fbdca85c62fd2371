"""Issue 19: lab results imported from a laboratory system's CSV/Excel export: detection of the
delimiter and encoding, the column mapping, unit conversion (%WBC with the WBC), the preview's refused
rows with why, duplicates, one audited transaction naming the file and its SHA-256, undo as one step,
cancel writes nothing, and the command line."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical.model import Patient
from clinical.toxicities import ToxicityRecord, all_definitions
from exchange import importing, labimport, mappings
from exchange.cli import import_main
from exchange.labcolumns import guess_mapping
from exchange.labimport import parse_time
from exchange.labunits import unit_key
from exchange.tables import detect_delimiter, detect_encoding, read_table
from storage.repo_import import ImportCancelled
from storage.repo_prepare import Quick, prepare, quick_toxicity
from tests.signed_in import TESTER, TESTER_PASSWORD

DAY = (dt.date.today() - dt.timedelta(days=3)).isoformat()
PLT = "platelet_count_decreased"
WBC = "white_blood_cell_decreased"
HB = "anemia"
ALT = "alanine_aminotransferase_increased"


def _csv(rows: list[str], delimiter: str = ",") -> str:
    header = delimiter.join(["subject_id", "drawn_at", "test", "value", "unit", "lln", "uln"])
    return "\n".join([header, *[r.replace(",", delimiter) for r in rows]]) + "\n"


def _file(tmp_path: Path, text: str, name: str = "labs.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def patient(repo: Any, make_patient: Callable[..., Patient]) -> Patient:
    return make_patient(subject_id="044-0001", mrn="MRN77")


def test_delimiter_and_encoding_are_detected_and_can_be_overridden() -> None:
    text = _csv([f'044-0001,{DAY}T08:00,WBC,"4,5",G/L,4,10'], ";").replace('"4;5"', '"4,5"')
    data = ("Ä-comment-free\n" if False else "") + text
    assert detect_delimiter(data) == ";"
    latin = "name;value\nMüller;1\n".encode("cp1252")
    assert detect_encoding(latin) == "cp1252"
    assert detect_encoding(b"\xef\xbb\xbfa,b\n") == "utf-8-sig"
    table = read_table("x.csv", latin)
    assert table.headers == ("name", "value") and table.rows == [("Müller", "1")]
    forced = read_table("x.csv", latin, encoding="latin-1", delimiter=",")
    assert forced.headers == ("name;value",)  # the override is obeyed, not re-detected
    tabbed = read_table("x.tsv", b"a\tb\n1\t2\n")
    assert tabbed.delimiter == "\t" and tabbed.rows == [("1", "2")]


def test_the_mapping_is_guessed_from_headers_and_dates_parse_per_order() -> None:
    mapping = guess_mapping(["MRN", "Collected", "Analyte", "Result", "Units", "Ref Low", "Ref High"])
    assert mapping.patient_key == "mrn" and mapping.columns["value"] == "Result"
    assert mapping.missing(["MRN"]) == ["drawn_at", "test", "value"]
    utc = dt.UTC
    assert parse_time("03/04/2026 09:30", "dmy", utc) == dt.datetime(2026, 4, 3, 9, 30, tzinfo=utc)
    assert parse_time("03/04/2026 09:30", "mdy", utc) == dt.datetime(2026, 3, 4, 9, 30, tzinfo=utc)
    assert parse_time("2026-03-04T09:30:00+01:00", "ymd", utc) == dt.datetime(2026, 3, 4, 8, 30, tzinfo=utc)
    assert parse_time("31/02/2026", "dmy", utc) is None and parse_time("soon", "ymd", utc) is None
    assert unit_key("×10⁹/L") == "x10^9/l" and unit_key("cells/µL") == "cells/ul"


def test_preview_converts_units_and_refuses_rows_with_why(
    repo: Any, patient: Patient, tmp_path: Path
) -> None:
    rows = [
        f"044-0001,{DAY}T08:00,WBC,4.0,10^9/L,4,10",  # line 2
        f"044-0001,{DAY}T08:00,NEUT,25,%,,",  # 3: 25 % of WBC 4.0 = 1.0 x10^9/L
        f"044-0001,{DAY}T08:00,PLT,45000,cells/uL,150000,",  # 4: 45 x10^9/L, LLN 150
        f"044-0001,{DAY}T08:00,HGB,7.5,g/dL,12,",  # 5: 75 g/L
        f"044-0001,{DAY}T08:00,ALT,240,U/L,,40",  # 6: 6 x ULN
        f"999-9999,{DAY}T08:00,WBC,4.0,10^9/L,,",  # 7 unknown patient
        "044-0001,yesterday,WBC,4.0,10^9/L,,",  # 8 unparseable date
        f"044-0001,{DAY}T09:00,WBC,4000,10^9/L,,",  # 9 implausible
        f"044-0001,{DAY}T09:00,WBC,4.0,mmol/L,,",  # 10 unit unknown
        f"044-0001,{DAY}T08:00,WBC,4.0,10^9/L,4,10",  # 11 duplicate of line 2
        f"044-0001,{DAY}T09:00,Sodium,140,mmol/L,,",  # 12 unknown test
        f"044-0001,{DAY}T10:00,NEUT,50,%,,",  # 13 % without a WBC of the sample
    ]
    path = _file(tmp_path, _csv(rows))
    loaded = importing.load_file(path)
    plan = importing.preview(repo, loaded, guess_mapping(loaded.table.headers), "City lab")
    assert [a.line for a in plan.accepted] == [2, 3, 4, 5, 6]
    values = {a.test: a.value for a in plan.accepted}
    assert values == {"WBC": 4.0, "NEUT": 1.0, "PLAT": 45.0, "HGB": 75.0, "ALT": 240.0}
    reasons = {r.line: r.reason for r in plan.refused}
    assert reasons[7].startswith("unknown patient: 999-9999")
    assert reasons[8].startswith("unparseable date")
    assert reasons[9].startswith("implausible value")
    assert reasons[10].startswith("unit unknown: mmol/L")
    assert reasons[11] == "duplicate: WBC 4 at this time is already in the file"
    assert reasons[12].startswith("unknown test: Sodium")
    assert reasons[13].startswith("unit unknown: % of the WBC without a WBC")


def test_commit_is_one_audited_batch_undone_as_one_step(repo: Any, patient: Patient, tmp_path: Path) -> None:
    text = _csv(
        [
            f"044-0001,{DAY}T08:00,NEUT,400,cells/uL,1800,",
            f"044-0001,{DAY}T08:00,PLT,20,10^9/L,150,",
            f"044-0001,{DAY}T08:00,ALT,240,U/L,,40",
        ]
    )
    path = _file(tmp_path, text)
    loaded = importing.load_file(path)
    plan = importing.preview(repo, loaded, guess_mapping(loaded.table.headers), "City lab")
    before = repo.audit_head()[0]
    written = importing.commit(repo, loaded, plan)
    assert repo.audit_head()[0] == before + 3 and repo.verify_audit() == []
    (lab,) = repo.labs(patient.id)
    assert (lab.anc, lab.lln, lab.grade) == (0.4, 1.8, 4)
    (plt,) = repo.records(PLT, patient.id)
    assert plt.grade == 4 and plt.values["lab_source"] == "City lab"
    assert repo.records(ALT, patient.id)[0].grade == 3
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert repo.import_batches() == [(f"Imported from labs.csv (SHA-256 {digest})", 3)]
    history = repo.history(PLT, plt.id)
    assert history[0].action == "insert" and history[0].reason.endswith(f"(SHA-256 {digest})")
    # the same file again: every row is now a duplicate of what is stored
    again = importing.preview(repo, loaded, guess_mapping(loaded.table.headers))
    assert not again.accepted and all(r.reason.endswith("already stored") for r in again.refused)
    importing.undo(repo, written, "labs.csv")
    assert repo.labs(patient.id) == [] and repo.records(PLT, patient.id) == []
    assert repo.records(ALT, patient.id) == []


def test_cancel_writes_nothing(repo: Any, patient: Patient, tmp_path: Path) -> None:
    start = dt.datetime.combine(dt.date.fromisoformat(DAY), dt.time(0, 0))
    rows = [
        f"044-0001,{(start + dt.timedelta(minutes=i)).isoformat()},NEUT,2.5,10^9/L,," for i in range(5000)
    ]
    loaded = importing.load_file(_file(tmp_path, _csv(rows)))
    plan = importing.preview(repo, loaded, guess_mapping(loaded.table.headers))
    assert len(plan.accepted) == 5000
    head = repo.audit_head()
    seen: list[int] = []

    def progress(done: int, total: int) -> bool:
        seen.append(done)
        return done < 4000

    with pytest.raises(ImportCancelled):
        importing.commit(repo, loaded, plan, progress)
    assert seen == [2000, 4000] and repo.labs(patient.id) == [] and repo.audit_head() == head


def test_excel_file_is_read_with_calamine(repo: Any, patient: Patient, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["MRN", "Collected", "Analyte", "Result", "Units", "Ref Low", "Ref High"])
    drawn = dt.datetime.combine(dt.date.fromisoformat(DAY), dt.time(7, 15))
    sheet.append(["MRN77", drawn, "Platelets", 80, "10^3/uL", 150, 400])
    path = tmp_path / "labs.xlsx"
    book.save(path)
    loaded = importing.load_file(path)
    plan = importing.preview(repo, loaded, guess_mapping(loaded.table.headers))
    (row,) = plan.accepted
    assert (row.test, row.value, row.drawn_at.replace(tzinfo=None)) == ("PLAT", 80.0, drawn)


def test_command_line_imports_and_remembers_the_mapping(
    repo: Any, patient: Patient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "Patient;When;Code;Result;Unit\n" + f"044-0001;{DAY[8:10]}/{DAY[5:7]}/{DAY[:4]} 08:00;NEUT;0,9;G/L\n"
    )
    path = _file(tmp_path, text, encoding="cp1252")
    db = repo.path
    repo.close()
    out, err = io.StringIO(), io.StringIO()
    argv = [
        "labs",
        "--db",
        str(db),
        "--file",
        str(path),
        "--mapping",
        "City lab",
        "--patient-column",
        "Patient",
        "--drawn-at-column",
        "When",
        "--test-column",
        "Code",
        "--date-order",
        "dmy",
    ]
    # the file has users (issue 16): an import is entered by one, signed in by --user
    monkeypatch.setenv("TOXTRACK_PASSWORD", TESTER_PASSWORD)
    assert import_main(argv, out, err) == 1
    assert "give --user USER_ID" in err.getvalue() and "rows added" not in out.getvalue()
    argv += ["--user", TESTER]
    assert import_main(argv, out, err) == 0, err.getvalue()
    assert "1 rows added from labs.csv" in out.getvalue()
    saved = mappings.load_all(db)["City lab"]
    assert saved.columns["patient"] == "Patient" and saved.date_order == "dmy"
    # the second time the saved mapping is enough; the row is then a duplicate
    out = io.StringIO()
    again = ["labs", "--db", str(db), "--file", str(path), "--mapping", "City lab", "--user", TESTER]
    assert import_main(again, out, err) == 0
    assert "refused, duplicate" in out.getvalue() and "0 rows added" in out.getvalue()
    assert import_main(["labs", "--db", str(db), "--file", str(tmp_path / "none.csv")], out, err) == 1


def test_quick_acceptance_gives_what_the_full_check_gives(repo: Any, patient: Patient) -> None:
    """storage.repo_prepare.quick_toxicity (the import's fast path) returns the very record `prepare`
    returns for plain lab-term records, and declines anything else (which then takes `prepare`)."""
    now = dt.datetime.now(dt.UTC)
    drawn = now - dt.timedelta(hours=2)
    quick = Quick(patient.enrolment_date, now, now.date())
    definitions = {d.record_kind: d for d in all_definitions()}
    cases = [
        (PLT, {"platelets": 20.0, "platelets_lln": 150.0, "lab_source": "City lab"}),
        (ALT, {"alt": 240.0, "alt_uln": 40.0}),
        (HB, {"haemoglobin_g_l": 75.0}),
    ]
    for kind, values in cases:
        record = ToxicityRecord(kind, patient.id, drawn, values)
        fast = quick_toxicity(definitions[kind], record, quick, "tester")
        full = prepare(
            kind,
            ToxicityRecord(kind, patient.id, drawn, values, recorded_by="tester"),
            patient.enrolment_date,
            now,
            now.date(),
        )
        assert fast == full and fast is not None and fast.grade is not None
    declined = [
        ToxicityRecord(PLT, patient.id, drawn, {"platelets": 20}),  # an int: full check makes it 20.0
        ToxicityRecord(PLT, patient.id, drawn, {"platelets": 9000.0}),  # out of range: the error
        ToxicityRecord(PLT, patient.id, drawn, {"platelets": 20.0, "wbc": 1.0}),  # not its input
        ToxicityRecord(PLT, patient.id, drawn, {"platelets": 20.0, "lab_source": "Zürich"}),  # not ASCII
        ToxicityRecord(PLT, patient.id, drawn.replace(tzinfo=None), {"platelets": 20.0}),
    ]
    assert [quick_toxicity(definitions[PLT], r, quick, "tester") for r in declined] == [None] * 5


def test_an_import_passes_the_audit_replay(repo: Any, patient: Patient, tmp_path: Path) -> None:
    text = _csv([f"044-0001,{DAY}T08:00,PLT,20,10^9/L,150,", f"044-0001,{DAY}T08:00,NEUT,0.8,G/L,1.5,"])
    loaded = importing.load_file(_file(tmp_path, text))
    importing.commit(repo, loaded, importing.preview(repo, loaded, guess_mapping(loaded.table.headers)))
    found = repo.run_tamper_checks()
    repo.finish_tamper_checks(found)
    assert not repo.damaged and repo.verify_audit() == []


def _slow_number(cell: str) -> float | None:
    """parse_number's rule for a text cell, without its float() fast path."""
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@given(
    st.text(alphabet="0123456789.,-+eE _\u00a0\u2003naif", max_size=10)
    | st.floats(allow_nan=True).map(str)
    | st.sampled_from(["1,5", " 12 ", "1 000", "\u00a03.5", "1_0", "nan", "-inf", "1e400", ""])
)
def test_parse_number_of_a_text_cell_is_the_spelled_rule(cell: str) -> None:
    assert labimport.parse_number(cell) == _slow_number(cell)
