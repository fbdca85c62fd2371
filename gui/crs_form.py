"""The CRS assessment form: vital signs in, the ASTCT 2019 grade and its reasons out, live."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLineEdit, QWidget

from clinical.grading import FEVER_C, TEMPERATURE_RANGE_C, Grade, grade_crs
from clinical.model import CrsAssessment, Hypotension, Oxygen, PatientId
from gui.assessment_form import AssessmentFormDialog, insert_with_undo
from gui.formatting import choice_label

if TYPE_CHECKING:
    from gui.session import Session

# The spin box minimum one step below the valid range stands for "nothing entered" (shown blank);
# "not measured" is an explicit choice (the check box), never the silent default (issue 11).
_NOT_MEASURED = TEMPERATURE_RANGE_C[0] - 0.1


def choice_combo(values: type[Hypotension] | type[Oxygen] | list[str]) -> QComboBox:
    """A combo of choice values in clinician wording, the stored value as item data."""
    combo = QComboBox()
    for value in values:
        combo.addItem(choice_label(str(value)), str(value))
    return combo


class CrsFormDialog(AssessmentFormDialog):
    """New CRS assessment for one patient; the grade is computed, never typed in."""

    def __init__(self, session: Session, patient_id: PatientId, parent: QWidget | None = None) -> None:
        super().__init__(session, patient_id, self.tr("New CRS assessment"), parent)
        self.temperature = QDoubleSpinBox()
        self.temperature.setDecimals(1)
        self.temperature.setSingleStep(0.1)
        self.temperature.setRange(_NOT_MEASURED, TEMPERATURE_RANGE_C[1])
        self.temperature.setSpecialValueText(" ")  # starts blank: nothing entered yet
        self.temperature.setSuffix(" °C")
        self.temperature.setValue(_NOT_MEASURED)
        self.temperature.setToolTip(
            self.tr("Fever is %1 °C or more (ASTCT 2019)").replace("%1", f"{FEVER_C:.1f}")
        )
        self.not_measured = QCheckBox(self.tr("Temperature not measured"))
        self.fever_masked = QCheckBox(self.tr("Fever masked: antipyretic / tocilizumab / steroid given"))
        self.hypotension = choice_combo(Hypotension)
        self.oxygen = choice_combo(Oxygen)
        self.treatment = QLineEdit()
        self.treatment.setPlaceholderText(self.tr("e.g. tocilizumab 8 mg/kg, paracetamol 1 g"))
        self.attributed_to = QLineEdit()
        self.attributed_to.setMaxLength(200)
        self.attributed_to.setPlaceholderText(
            self.tr("e.g. infection; leave empty when the signs may be CRS")
        )
        self.attributed_to.setToolTip(
            self.tr(
                "The clinician attributes the fever, hypotension or hypoxia to this cause: "
                "the assessment is kept and shown, not graded as CRS"
            )
        )
        self.fields.addRow(self.tr("Temperature"), self.temperature)
        self.fields.addRow("", self.not_measured)
        self.fields.addRow("", self.fever_masked)
        self.fields.addRow(self.tr("Hypotension"), self.hypotension)
        self.fields.addRow(self.tr("Oxygen"), self.oxygen)
        self.fields.addRow(self.tr("Treatment given"), self.treatment)
        self.fields.addRow(self.tr("Signs due to another cause"), self.attributed_to)
        self.temperature.valueChanged.connect(self.update_grade)
        self.not_measured.toggled.connect(self._not_measured_toggled)
        self.attributed_to.textChanged.connect(self.update_grade)
        self.fever_masked.toggled.connect(self.update_grade)
        self.hypotension.currentIndexChanged.connect(self.update_grade)
        self.oxygen.currentIndexChanged.connect(self.update_grade)
        self.update_grade()
        self.temperature.setFocus()
        self.temperature.selectAll()

    def _not_measured_toggled(self, on: bool) -> None:
        """'Not measured' clears and locks the temperature; unticking it opens the field again."""
        if on:
            self.temperature.setValue(_NOT_MEASURED)
        self.temperature.setEnabled(not on)
        self.update_grade()

    def temperature_c(self) -> float | None:
        value = self.temperature.value()
        return None if value <= _NOT_MEASURED + 1e-9 else round(value, 1)

    def compute_grade(self) -> Grade:
        return grade_crs(
            self.temperature_c(),
            self.hypotension.currentData(),
            self.oxygen.currentData(),
            self.fever_masked.isChecked(),
            attributed_to=self.attributed_to.text(),
        )

    def temperature_answered(self) -> bool:
        """A temperature was entered, or 'not measured' was chosen: never left to a default."""
        return self.temperature_c() is not None or self.not_measured.isChecked()

    def record(self, override: tuple[int | None, str]) -> CrsAssessment:
        return CrsAssessment(
            patient_id=self.patient_id,
            assessed_at=self.assessed_at(),
            temperature_c=self.temperature_c(),
            hypotension=Hypotension(self.hypotension.currentData()),
            oxygen=Oxygen(self.oxygen.currentData()),
            fever_masked=self.fever_masked.isChecked(),
            treatment=self.treatment.text().strip(),
            override_grade=override[0],
            override_reason=override[1],
            attributed_to=self.attributed_to.text().strip(),
        )

    def save(self) -> bool:
        if not self.temperature_answered():
            self.error_label.setText(
                self.tr("Not saved: enter the temperature, or tick “Temperature not measured”.")
            )
            self.temperature.setFocus()
            return False
        override = self.override_values()
        if override is None:
            return False
        record = self.record(override)
        saved = insert_with_undo(
            self.session,
            self.tr("Record CRS assessment"),
            "crs",
            lambda repo: repo.add_crs(record),
            self,
            self.patient_id,
            self.show_invalid,
        )
        return saved is not None
