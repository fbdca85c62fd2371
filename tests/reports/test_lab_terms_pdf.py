"""Issue 15: the cycle PDF prints each lab term's row from the registry and charts platelets, ALT and
AST beside the ANC (their titles as text above each chart); read back from the PDF."""

from __future__ import annotations

from pathlib import Path

from clinical.toxicities import ToxicityRecord
from reports.cycle_summary import write_cycle_summary
from reports.summary_data import build_cycle_summary
from storage.repository import Repository

from .conftest import NOW, at
from .pdftext import all_text

PLT = "platelet_count_decreased"
ALT = "alanine_aminotransferase_increased"


def test_the_cycle_pdf_has_the_lab_terms_rows_and_charts(stored_db: Path, tmp_path: Path) -> None:
    with Repository.open(stored_db, user="tester", clock=lambda: NOW) as repo:
        pid = repo.find_patient("SUBJ-0042").id
        assert pid is not None
        repo.add_records(
            [
                (PLT, ToxicityRecord(PLT, pid, at(3, 8), {"platelets": 20, "platelets_lln": 150})),
                (ALT, ToxicityRecord(ALT, pid, at(3, 8), {"alt": 240, "alt_uln": 40})),
            ]
        )
    with Repository.open(stored_db, read_only=True) as repo:
        summary = build_cycle_summary(repo, "SUBJ-0042", 1, now=NOW)
    out = tmp_path / "cycle.pdf"
    write_cycle_summary(summary, out)
    text = all_text(out)
    assert "Platelet count decreased Grade 4 (CTCAE v5.0)" in text
    assert "ALT increased Grade 3 (CTCAE v5.0)" in text
    assert "Anaemia Not assessed in this cycle" in text  # every term has its row
    for caption in (
        "ANC: ANC (×10⁹/L) over time (Neutrophil count decreased)",
        "Platelets: Platelets (×10⁹/L) over time (Platelet count decreased)",
        "ALT: ALT (the lab's unit) over time (Alanine aminotransferase increased)",
        "AST: AST (the lab's unit) over time (Aspartate aminotransferase increased)",
        "Grades by cycle day",
    ):
        assert caption in text, caption
    charts = text.index("Charts")
    assert text.index("ANC: ANC") > charts and text.index("Platelets: Platelets") > text.index("ANC: ANC")
