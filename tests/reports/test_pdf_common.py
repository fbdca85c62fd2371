"""Table cells: short Latin text is drawn as a plain string, the rest wraps in a Paragraph; all intact."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from reports import fonts
from reports import pdf_common as pc

from .pdftext import all_text


def _decor() -> pc.PageDecor:
    return pc.PageDecor(header="Cells", audit_count=1, audit_hash="cd" * 32)


def test_only_short_latin_text_skips_the_paragraph() -> None:
    styles = pc.make_styles()
    width = 4 * cm
    short = "2026-11-03 19:33"
    long = "dexamethasone 10 mg (5 records, 2026-11-02 22:30 to 2026-11-04 22:30)"
    assert stringWidth(long, styles.cell.fontName, styles.cell.fontSize) > width  # it must wrap
    assert pc._cell(short, styles.cell, width) == short
    assert isinstance(pc._cell(long, styles.cell, width), Paragraph)
    assert isinstance(pc._cell("王小明", styles.cell, width), Paragraph)  # needs the CJK font
    assert isinstance(pc._cell("two\nlines", styles.cell, width), Paragraph)


def test_cells_print_their_text_literally_whichever_way_they_are_drawn(tmp_path: Path) -> None:
    styles = pc.make_styles()
    rows = [
        ["Item", "Text"],
        ["short", "a < b & c"],
        ["long", "x < y & z, " * 12 + "end"],
        ["mixed", "王小明 <Zoë>"],
    ]
    out = tmp_path / "cells.pdf"
    out.write_bytes(pc.render([pc.table(rows, styles, [3 * cm, 8 * cm])], _decor(), title="cells"))
    text = all_text(out)
    assert "a < b & c" in text
    assert "x < y & z, " * 2 in text and "end" in text
    assert "王小明 <Zoë>" in text
    assert "&amp;" not in text and "&lt;" not in text


def test_header_cells_are_measured_in_the_bold_font() -> None:
    styles = pc.make_styles()
    text = "Patients with grade >= 3"
    regular = stringWidth(text, fonts.PDF_REGULAR, 8)
    bold = stringWidth(text, fonts.PDF_BOLD, 8)
    width = (regular + bold) / 2 + 2 * pc.CELL_PADDING  # fits in regular, not in bold
    assert pc._cell(text, styles.cell, width) == text
    assert isinstance(pc._cell(text, styles.cell_bold, width), Paragraph)
