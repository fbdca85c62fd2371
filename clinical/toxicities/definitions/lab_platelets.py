"""Platelet count decreased (CTCAE v5.0), graded by grade_lab:
clinical/toxicities/lab_terms.py."""

from __future__ import annotations

from clinical.toxicities.lab_terms import lab_term_definition

DEFINITION = lab_term_definition(
    "Platelet count decreased",
    field="platelets",
    label="Platelet count decreased",
    value_label="Platelets",
    record_label="platelet count",
    order=31,
    chart_title="Platelets",
)
