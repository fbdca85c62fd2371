"""The top of every PDF page after the merges: H's demo label in the running header, C's problem
line and "Page x of y" share the top margin. A 40-character subject id (the longest allowed) in a
file that holds demo patients made the header run under "Page 1 of 3" (read back from the PDF)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from clinical.demo import generate_cohort
from clinical.model import Patient
from reports import fonts
from reports.cycle_summary import write_cycle_summary
from reports.pdf_common import PAGE_HEIGHT
from reports.summary_data import build_cycle_summary
from storage.repository import Repository

from .conftest import NOW

LONGEST = "LONG-SUBJECT-ID-0123456789-ABCDEFGHIJKLM"  # 40 characters, the most storage allows


def _top_runs(pdf: Path) -> list[list[tuple[float, float, str, float]]]:
    """Per page, the text runs drawn in the top margin: (x, y, text, font size)."""
    pages = []
    for page in PdfReader(pdf).pages:
        runs: list[tuple[float, float, str, float]] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, size: float, runs: Any = runs) -> None:
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            if text.strip() and y > PAGE_HEIGHT - 60:
                runs.append((x, y, text, size * tm[0] * cm[0] if tm[0] else size))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def test_a_long_subject_id_in_a_demo_file_leaves_the_page_number_clear(tmp_path: Path) -> None:
    db, pdf = tmp_path / "demo.db", tmp_path / "cycle.pdf"
    today = NOW.astimezone().date()
    with Repository.open(db, create=True, clock=lambda: NOW) as repo:
        repo.bulk_insert(list(generate_cohort(2, seed=1, today=today)))
        patient = repo.add_patient(Patient(LONGEST, "SC 250/500", today - dt.timedelta(days=3)))
        assert patient.id is not None
        repo.start_cycle(patient.id, today - dt.timedelta(days=2))
        write_cycle_summary(build_cycle_summary(repo, LONGEST, 1, now=NOW), pdf)
    fonts.register_pdf_fonts()
    for runs in _top_runs(pdf):
        [header] = [r for r in runs if "ToxTrack cycle summary" in r[2]]
        [number] = [r for r in runs if r[2].startswith("Page ") and abs(r[1] - header[1]) < 1]
        assert LONGEST in header[2] and "SYNTHETIC DEMO DATA" in header[2]
        end = header[0] + stringWidth(header[2].rstrip(), fonts.PDF_REGULAR, header[3])
        assert end + 6 <= number[0], (
            f"the header ends at {end:.0f} pt, the page number starts at {number[0]:.0f}"
        )
