"""The cycle PDF's review block (issue 16, Part 11 §11.50) read back with pypdf: a signed cycle prints
the signature manifestation (printed name, date and time, meaning); after a change to the cycle it
prints the signature as void; an unsigned cycle says "not signed"."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from clinical.model import Patient
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import build_cycle_summary
from tests.shots import screenshot_folder
from tests.signed_in import TESTER_PASSWORD

from .pdftext import all_text

SHOTS = screenshot_folder()  # docs/screenshots only with TOXTRACK_WRITE_SCREENSHOTS=1


pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


def _pdf(repo: Any, out: Path) -> str:
    write_cycle_summary(build_cycle_summary(repo, "SIG-1", 1), out)
    return " ".join(all_text(out).split())


def test_the_review_block_prints_the_signature_then_its_voiding(repo: Any, tmp_path: Path) -> None:
    patient = repo.add_patient(Patient("SIG-1", "SC 250/500", dt.date.today() - dt.timedelta(days=20)))
    cycle = repo.start_cycle(patient.id, dt.date.today() - dt.timedelta(days=5))
    assert "Review not signed" in _pdf(repo, tmp_path / "unsigned.pdf")
    signed = repo.sign_cycle(cycle.id, TESTER_PASSWORD)
    text = _pdf(repo, tmp_path / "signed.pdf")
    assert "Signed by (printed name) Tess Tester (tester)" in text
    assert signed.signed_at.strftime("%Y-%m-%d %H:%M UTC") in text
    assert "Reviewed and approved: doses, toxicity grades and flags of this cycle" in text
    assert "valid: the cycle's records are as signed" in text and "not signed" not in text
    dose = repo.doses(patient.id)[-1]
    repo.move_dose(dose.id, dose.planned_date + dt.timedelta(days=1), "clinic shut")
    void = _pdf(repo, tmp_path / "void.pdf")
    assert "signature void: changed after signing - re-sign" in void and "valid:" not in void
    if os.environ.get("TOXTRACK_SHOTS"):  # the pages the closing note shows
        SHOTS.mkdir(exist_ok=True)
        for name in ("signed", "void"):
            (SHOTS / f"cycle-{name}.pdf").write_bytes((tmp_path / f"{name}.pdf").read_bytes())
