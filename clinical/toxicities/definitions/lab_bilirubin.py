"""Blood bilirubin increased (CTCAE v5.0), graded by grade_lab:
clinical/toxicities/lab_terms.py."""

from __future__ import annotations

from clinical.toxicities.lab_terms import lab_term_definition

DEFINITION = lab_term_definition(
    "Blood bilirubin increased",
    field="bilirubin",
    label="Bilirubin increased",
    value_label="Bilirubin",
    record_label="bilirubin result",
    order=37,
)
