"""Creatinine increased (CTCAE v5.0), graded by grade_lab:
clinical/toxicities/lab_terms.py."""

from __future__ import annotations

from clinical.toxicities.lab_terms import lab_term_definition

DEFINITION = lab_term_definition(
    "Creatinine increased",
    field="creatinine",
    label="Creatinine increased",
    value_label="Creatinine",
    record_label="creatinine result",
    order=38,
)
