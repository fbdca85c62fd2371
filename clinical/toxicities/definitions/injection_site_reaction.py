"""Injection site reaction (CTCAE v5.0, MedDRA 10022095), after a given SC dose.

The clinician picks the grade from CTCAE's five sentences (clinical-reference-2.md §1.1; the shipped
list clinical/data/ctcae-v5.0.csv); the record is linked to the dose it follows, whose injection
site the dose record already holds. The trial reported no figure for it: no trial comparator.
"""

from __future__ import annotations

from clinical.toxicities.ctcae import picked_grade_definition

DEFINITION = picked_grade_definition(
    "Injection site reaction",
    order=40,
    links_dose=True,
    source="CTCAE v5.0 Injection site reaction: clinical-reference-2.md §1.1",
)
