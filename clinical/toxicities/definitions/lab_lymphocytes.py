"""Lymphocyte count decreased (CTCAE v5.0), graded by grade_lab:
clinical/toxicities/lab_terms.py."""

from __future__ import annotations

from clinical.toxicities.lab_terms import lab_term_definition

DEFINITION = lab_term_definition(
    "Lymphocyte count decreased",
    field="lymphocytes",
    label="Lymphocyte count decreased",
    value_label="Lymphocytes",
    record_label="lymphocyte count",
    order=32,
)
