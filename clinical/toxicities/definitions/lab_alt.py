"""Alanine aminotransferase increased (CTCAE v5.0), graded by grade_lab:
clinical/toxicities/lab_terms.py."""

from __future__ import annotations

from clinical.toxicities.lab_terms import lab_term_definition

DEFINITION = lab_term_definition(
    "Alanine aminotransferase increased",
    field="alt",
    label="ALT increased",
    value_label="ALT",
    record_label="ALT result",
    order=35,
    chart_title="ALT",
)
