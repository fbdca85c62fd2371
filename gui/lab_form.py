"""The blood count form: ANC in x10^9/L or cells/µL (stored in 10^9/L), live CTCAE neutropenia grade."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from clinical.grading import ANC_RANGE, Grade, cells_per_ul_to_10e9, grade_neutropenia
from clinical.model import LabResult, PatientId
from gui.assessment_form import AssessmentFormDialog, insert_with_undo
from gui.formatting import number

if TYPE_CHECKING:
    from gui.session import Session

UNIT_10E9 = "10e9/L"
UNIT_CELLS = "cells/uL"
CTCAE_VERSION = "5.0"


def parse_number(text: str) -> float | None:
    """A number typed in the locale's format (a dot is accepted too); None when empty or not a number."""
    text = text.strip()
    if not text:
        return None
    value, ok = QLocale().toDouble(text)
    if not ok:
        value, ok = QLocale.c().toDouble(text)
    return float(value) if ok else None


def number_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setValidator(QDoubleValidator(0.0, 1_000_000.0, 3))
    field.setPlaceholderText(placeholder)
    return field


class LabFormDialog(AssessmentFormDialog):
    """New blood count; the ANC's unit is chosen where it is read, the stored value is 10^9/L."""

    def __init__(self, session: Session, patient_id: PatientId, parent: QWidget | None = None) -> None:
        super().__init__(session, patient_id, self.tr("New lab result"), parent)
        label = self.fields.labelForField(self.when)
        if isinstance(label, QLabel):
            label.setText(self.tr("Drawn at (local, %1)").replace("%1", self.offset))
        self.anc = number_field(self.tr("required"))
        self.unit = QComboBox()
        self.unit.addItem(self.tr("×10⁹/L"), UNIT_10E9)
        self.unit.addItem(self.tr("cells/µL"), UNIT_CELLS)
        self.stored_label = QLabel()
        self.stored_label.setObjectName("ancStored")
        anc_row = QHBoxLayout()
        anc_row.addWidget(self.anc, 1)
        anc_row.addWidget(self.unit)
        anc_row.addWidget(self.stored_label)
        self.fields.addRow(self.tr("ANC"), anc_row)
        self.lln = number_field(self.tr("optional; grade 1 needs it"))
        self.wbc = number_field(self.tr("optional"))
        self.platelets = number_field(self.tr("optional"))
        self.haemoglobin = number_field(self.tr("optional"))
        self.crp = number_field(self.tr("optional"))
        self.ferritin = number_field(self.tr("optional"))
        self.fields.addRow(self.tr("ANC lower limit of normal (×10⁹/L)"), self.lln)
        self.fields.addRow(self.tr("WBC (×10⁹/L)"), self.wbc)
        self.fields.addRow(self.tr("Platelets (×10⁹/L)"), self.platelets)
        self.fields.addRow(self.tr("Haemoglobin (g/L)"), self.haemoglobin)
        self.fields.addRow(self.tr("CRP (mg/L)"), self.crp)
        self.fields.addRow(self.tr("Ferritin (µg/L)"), self.ferritin)
        self.override_box.hide()  # lab grades are computed only (DESIGN: a grade is never typed in)
        self._unit = UNIT_10E9
        self.anc.textChanged.connect(self.update_grade)
        self.lln.textChanged.connect(self.update_grade)
        self.unit.currentIndexChanged.connect(self._unit_changed)
        self.update_grade()
        self.anc.setFocus()

    def _unit_changed(self) -> None:
        """Convert what is typed to the new unit, so switching never changes the count itself."""
        value = parse_number(self.anc.text())
        new_unit = self.unit.currentData()
        if value is not None and new_unit != self._unit:
            converted = value * 1000.0 if new_unit == UNIT_CELLS else value / 1000.0
            self.anc.setText(number(converted, 0 if new_unit == UNIT_CELLS else 3))
        self._unit = new_unit
        self.update_grade()

    def anc_10e9(self) -> float | None:
        """The ANC in 10^9/L; ValueError names the allowed range when it is out of range."""
        value = parse_number(self.anc.text())
        if value is None:
            return None
        if self.unit.currentData() == UNIT_CELLS:
            return cells_per_ul_to_10e9(value)
        return value

    def compute_grade(self) -> Grade:
        anc = self.anc_10e9()
        if anc is None:
            self.stored_label.clear()
            raise ValueError(
                self.tr("Enter the ANC (%1 to %2 ×10⁹/L).")
                .replace("%1", number(ANC_RANGE[0]))
                .replace("%2", number(ANC_RANGE[1]))
            )
        stored = self.tr("= %1 ×10⁹/L").replace("%1", number(anc, 3))
        self.stored_label.setText(stored if self.unit.currentData() == UNIT_CELLS else "")
        return grade_neutropenia(anc, parse_number(self.lln.text()), CTCAE_VERSION)

    def save(self) -> bool:
        try:
            anc = self.anc_10e9()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return False
        if anc is None:
            self.error_label.setText(self.tr("Enter the ANC."))
            self.anc.setFocus()
            return False
        record = LabResult(
            patient_id=self.patient_id,
            drawn_at=self.assessed_at(),
            anc=anc,
            lln=parse_number(self.lln.text()),
            wbc=parse_number(self.wbc.text()),
            platelets=parse_number(self.platelets.text()),
            haemoglobin_g_l=parse_number(self.haemoglobin.text()),
            crp_mg_l=parse_number(self.crp.text()),
            ferritin_ug_l=parse_number(self.ferritin.text()),
            ctcae_version=CTCAE_VERSION,
        )
        saved = insert_with_undo(
            self.session,
            self.tr("Record lab result"),
            "lab",
            lambda repo: repo.add_lab(record),
            self,
            self.patient_id,
            self.show_invalid,
        )
        return saved is not None
