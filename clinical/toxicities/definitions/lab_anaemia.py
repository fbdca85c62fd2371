"""Anemia (haemoglobin in g/L) (CTCAE v5.0), graded by grade_lab:
clinical/toxicities/lab_terms.py."""

from __future__ import annotations

from clinical.toxicities.lab_terms import lab_term_definition

DEFINITION = lab_term_definition(
    "Anemia",
    field="haemoglobin_g_l",
    label="Anaemia",
    value_label="Haemoglobin",
    record_label="haemoglobin result",
    order=34,
)
