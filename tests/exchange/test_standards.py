"""Issue 19: the REDCap, CDISC SDTM-like and FHIR exports, each read back and checked against the
format's rules in ../shared/clinical-reference-2.md §6."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from exchange import exports, fhir, redcap, sdtm
from exchange.cli import export_main

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
CHOICE = re.compile(r"^[A-Za-z0-9_]+, [^|]+$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_redcap_dictionary_and_records_follow_the_rules(filled: Any, tmp_path: Path) -> None:
    redcap.write_redcap(exports.collect(filled), tmp_path / "rc", filled.path)
    with (tmp_path / "rc" / "redcap_data_dictionary.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == redcap.DD_COLUMNS and len(header) == 18
    fields = _rows(tmp_path / "rc" / "redcap_data_dictionary.csv")
    assert fields[0]["Variable / Field Name"] == "record_id" and fields[0]["Field Type"] == "text"
    names = [f["Variable / Field Name"] for f in fields]
    assert len(set(names)) == len(names) and all(FIELD_NAME.match(n) and len(n) <= 26 for n in names)
    forms = [f["Form Name"] for f in fields]
    seen: list[str] = []
    for form in forms:  # each form's fields contiguous
        if not seen or seen[-1] != form:
            assert form not in seen, f"form {form} is split"
            seen.append(form)
    choices: dict[str, set[str]] = {}
    for f in fields:
        if f["Field Type"] in ("dropdown", "radio"):
            items = f["Choices, Calculations, OR Slider Labels"].split(" | ")
            assert all(CHOICE.match(i) for i in items), items
            choices[f["Variable / Field Name"]] = {i.split(", ", 1)[0] for i in items}
    records = _rows(tmp_path / "rc" / "redcap_records.csv")
    assert list(records[0])[:3] == ["record_id", "redcap_repeat_instrument", "redcap_repeat_instance"]
    assert set(records[0]) - {"redcap_repeat_instrument", "redcap_repeat_instance"} <= set(names)
    instances: dict[tuple[str, str], list[int]] = {}
    for row in records:
        if row["redcap_repeat_instrument"]:
            assert row["redcap_repeat_instrument"] in redcap.REPEATING
            instances.setdefault((row["record_id"], row["redcap_repeat_instrument"]), []).append(
                int(row["redcap_repeat_instance"])
            )
        else:
            assert row["redcap_repeat_instance"] == ""
        for name, allowed in choices.items():
            if row.get(name):
                assert row[name] in allowed, (name, row[name])
        for name in ("dose_given_at", "lab_drawn_at"):
            if row.get(name):
                dt.datetime.strptime(row[name], "%Y-%m-%d %H:%M")
    assert all(found == list(range(1, len(found) + 1)) for found in instances.values())
    assert [i for (s, f), i in instances.items() if f == "lab"] == [[1, 2, 3]]
    repeating = _rows(tmp_path / "rc" / "redcap_repeating_instruments.csv")
    assert [r["form_name"] for r in repeating] == list(redcap.REPEATING)


def test_sdtm_domains_csv_xpt_and_define(filled: Any, tmp_path: Path) -> None:
    import pyreadstat

    sdtm.write_sdtm(exports.collect(filled), tmp_path / "sdtm", filled.path)
    for domain, variables in sdtm.DOMAINS.items():
        names = [v for v, _, _ in variables]
        rows = _rows(tmp_path / "sdtm" / f"{domain.lower()}.csv")
        assert list(rows[0]) == names and names[:4] == ["STUDYID", "DOMAIN", "USUBJID", f"{domain}SEQ"]
        frame, meta = pyreadstat.read_xport(str(tmp_path / "sdtm" / f"{domain.lower()}.xpt"))
        assert list(frame.columns) == names and len(frame) == len(rows) and meta.table_name == domain
        assert all(r["DOMAIN"] == domain and r["STUDYID"] and r["USUBJID"] for r in rows)
        for r in rows:
            for name in names:
                if name.endswith("DTC") and r[name]:
                    assert ISO.match(r[name]), r[name]
    ae = _rows(tmp_path / "sdtm" / "ae.csv")
    tremor = next(r for r in ae if r["AETERM"] == "Tremor")
    assert tremor["AETOXGR"] == "2" and all(r["AETOXGR"].isdigit() for r in ae)
    ex = _rows(tmp_path / "sdtm" / "ex.csv")
    assert len(ex) == 1 and ex[0]["EXROUTE"] == "SUBCUTANEOUS" and ex[0]["EXSTDTC"] == ex[0]["EXENDTC"]
    lb = _rows(tmp_path / "sdtm" / "lb.csv")
    neut = next(r for r in lb if r["LBTESTCD"] == "NEUT")
    assert (neut["LBTEST"], neut["LBORRES"], neut["LBORRESU"], neut["LBORNRLO"], neut["LBTOXGR"]) == (
        "Neutrophils",
        "0.4",
        "10^9/L",
        "1.8",
        "4",
    )
    frame, _ = pyreadstat.read_xport(str(tmp_path / "sdtm" / "lb.xpt"))
    assert sorted(frame["LBTESTCD"]) == ["ALT", "NEUT", "PLAT"]
    define = _rows(tmp_path / "sdtm" / "define.csv")
    grade = next(d for d in define if d["Variable"] == "AETOXGR")
    assert "CTCAE v5.0" in grade["Comment"]


def test_fhir_bundle_validates_and_carries_the_grade(filled: Any, tmp_path: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    path = fhir.write_fhir(exports.collect(filled), tmp_path / "ae.json", filled.path)
    bundle = Bundle.model_validate_json(path.read_text(encoding="utf-8"))
    events = [e.resource for e in bundle.entry if e.resource.__resource_type__ == "AdverseEvent"]
    tremor = next(e for e in events if e.event.text == "Tremor")
    (extension,) = tremor.extension
    assert extension.url == fhir.GRADE_EXTENSION
    assert extension.valueCodeableConcept.coding[0].code == "2" and tremor.actuality == "actual"
    manifest = json.loads((tmp_path / "ae.json.manifest.json").read_text())
    assert manifest["fhir_version"].startswith("4.3.0") and manifest["rows"]["episodes"] == len(events)


@pytest.mark.parametrize(("fmt", "out"), [("redcap", "rc"), ("sdtm", "sdtm"), ("fhir", "ae.json")])
def test_each_format_from_the_command_line(filled: Any, tmp_path: Path, fmt: str, out: str) -> None:
    db = filled.path
    filled.close()
    err = io.StringIO()
    assert export_main([fmt, "--db", str(db), "--out", str(tmp_path / out)], io.StringIO(), err) == 0, (
        err.getvalue()
    )
    assert (tmp_path / out).exists()
