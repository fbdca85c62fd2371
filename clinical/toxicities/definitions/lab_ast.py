"""Aspartate aminotransferase increased (CTCAE v5.0), graded by grade_lab:
clinical/toxicities/lab_terms.py."""

from __future__ import annotations

from clinical.toxicities.lab_terms import lab_term_definition

DEFINITION = lab_term_definition(
    "Aspartate aminotransferase increased",
    field="ast",
    label="AST increased",
    value_label="AST",
    record_label="AST result",
    order=36,
    chart_title="AST",
)
