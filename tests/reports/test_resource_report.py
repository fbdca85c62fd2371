"""Issue 18: `toxtrack report resources` writes the resource report; read back, it holds the
hand-computed numbers (tests/reports/resource_case.py), the IV assumptions with their sources and
what no source gives."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from clinical.toxicities import ToxicityRecord
from reports.cli import EXIT_OK, main
from reports.resources_data import build_resource_summary

from .pdftext import all_text, image_pages, page_texts
from .resource_case import SUBJECT, add_resource_case


def test_summary_holds_the_hand_computed_cycles(repo: Any) -> None:
    add_resource_case(repo)
    summary = build_resource_summary(repo)
    first, second = summary.rows
    assert (first.sc.injections, first.sc.inpatient_days, first.sc.hospital_visits) == (16, 9, 8)
    assert (first.sc.nurse_minutes, first.iv.inpatient_days, first.iv.visits) == (160.0, 9, 9)
    assert (second.sc.injections, second.sc.home_doses, second.sc.inpatient_days) == (12, 12, 0)
    assert (second.sc.nurse_minutes, second.iv.inpatient_days, second.iv.visits) == (90.0, 2, 13)


def _report(repo: Any, tmp_path: Path, *extra: str) -> tuple[Path, str]:
    add_resource_case(repo)
    db = Path(repo.path)
    repo.close()
    out = tmp_path / "resources.pdf"
    err = io.StringIO()
    code = main(["resources", "--db", str(db), "--out", str(out), *extra], stderr=err)
    assert (code, err.getvalue()) == (EXIT_OK, "")
    return out, all_text(out)


def test_the_pdf_reads_back_with_numbers_assumptions_and_gaps(repo: Any, tmp_path: Path) -> None:
    out, text = _report(repo, tmp_path)
    # per cycle: patients, injections, inpatient SC / IV, visits SC / IV, home, minutes, pump days
    assert "Cycle 1 (n=1) 16 9 9 8 9 0 160 (8 of 16) 28" in text
    assert "Cycle 2 (n=1) 12 0 2 0 13 12 90 (6 of 12) 28" in text
    assert "All cycles (n=1) 28 9 11 8 22 12 250 (14 of 28) 56" in text
    assert f"{SUBJECT} 1 16 9 8 0 0 9 9" in text and f"{SUBJECT} 2 12 0 0 12 0 2 13" in text
    assert "Bag length 48 h" in text and "14 bags a cycle" in text
    assert "clinical-reference.md §5.1" in text and "clinical-reference-2.md §3.3" in text
    assert "SC hospitalisation: no source gives" in text
    assert "Home or self-administered SC dosing: not published" in text
    assert image_pages(out) == [1] or 1 in image_pages(out)  # the IV vs SC chart
    assert len(page_texts(out)) >= 1


def test_the_bag_length_is_an_argument(repo: Any, tmp_path: Path) -> None:
    _, text = _report(repo, tmp_path, "--bag-hours", "168")
    assert "Bag length 168 h" in text and "4 bags a cycle" in text
    assert "Cycle 1 (n=1) 16 9 9 8 2 0 160 (8 of 16) 28" in text  # 7-day bags: 2 changes after the stay


def test_the_cycle_pdf_lists_delivery_premedication_and_stays(repo: Any, tmp_path: Path) -> None:
    pid = add_resource_case(repo)
    first = repo.doses(pid)[0]
    premed = ToxicityRecord(
        "premedication",
        pid,
        first.given_at - dt.timedelta(minutes=45),
        {"drug": "Paracetamol", "premed_amount": 1000, "premed_unit": "mg", "route": "oral"},
        dose_id=first.id,
    )
    repo.add_record("premedication", premed)
    db = Path(repo.path)
    repo.close()
    out = tmp_path / "cycle1.pdf"
    args = ["cycle", "--db", str(db), "--patient", SUBJECT, "--cycle", "1", "--out", str(out)]
    assert main(args, stderr=io.StringIO()) == EXIT_OK
    text = all_text(out)
    section = text.split("Delivery, premedication and hospital stays", 1)[1]
    assert section.startswith(" Day Setting Given by Nurse min Premedication 1 Inpatient ward Ward nurse")
    assert "Paracetamol 1000 mg oral at" in section
    assert "10 Day unit Day unit nurse 20" in section
    assert "Hospital stay: Admitted" in section and "(Planned lead-in monitoring)" in section
    # cycle 2: no stay in it, home settings
    out2 = tmp_path / "cycle2.pdf"
    assert main([*args[:-4], "--cycle", "2", "--out", str(out2)], stderr=io.StringIO()) == EXIT_OK
    text2 = all_text(out2)
    assert "Home, by a community nurse" in text2 and "Hospital stay:" not in text2
