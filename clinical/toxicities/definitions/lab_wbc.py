"""White blood cell decreased (CTCAE v5.0), graded by grade_lab:
clinical/toxicities/lab_terms.py."""

from __future__ import annotations

from clinical.toxicities.lab_terms import lab_term_definition

DEFINITION = lab_term_definition(
    "White blood cell decreased",
    field="wbc",
    label="White blood cell decreased",
    value_label="WBC",
    record_label="WBC count",
    order=33,
)
