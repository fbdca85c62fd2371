"""The CRS assessment form: vital signs in, the ASTCT 2019 grade and its reasons out, live."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from clinical.choices import Hypotension, Oxygen
from clinical.grade_result import Grade
from clinical.grading import FEVER_C, TEMPERATURE_RANGE_C, grade_crs
from clinical.model import CrsAssessment, PatientId
from clinical.toxicities import InputSpec
from clinical.toxicities.definitions.crs import DEFINITION as CRS
from gui.patient.assessment_form import AssessmentFormDialog, insert_with_undo
from gui.widgets.number_input import NumberField

if TYPE_CHECKING:
    from gui.session import Session


def choice_combo(spec: InputSpec) -> QComboBox:
    """A combo of an input's choices in the definition's wording, the stored value as item data."""
    combo = QComboBox()
    for value, label in spec.choices:
        combo.addItem(QCoreApplication.translate("formatting", label), value)
    return combo


class CrsFormDialog(AssessmentFormDialog):
    """New CRS assessment for one patient; the grade is computed, never typed in."""

    def __init__(self, session: Session, patient_id: PatientId, parent: QWidget | None = None) -> None:
        super().__init__(session, patient_id, self.tr("New CRS assessment"), parent)
        # A line edit, not a spin box: a spin box drops the keys that leave its range ("55" showed
        # "5 °C") and Enter then saved its minimum, "not measured" (issue 13). Here the number shown
        # is the number read, or the form refuses it and says the range. Empty is not "not measured":
        # that is an explicit choice, the check box, never the silent default (issue 11).
        self.temperature = NumberField(self.tr("Temperature"), TEMPERATURE_RANGE_C, "°C")
        self.temperature.setToolTip(
            self.tr("Fever is %1 °C or more (ASTCT 2019)").replace("%1", f"{FEVER_C:.1f}")
        )
        self.not_measured = QCheckBox(self.tr("Temperature &not measured"))
        self.fever_masked = QCheckBox(self.tr("Fever masked: antipyretic / tocilizumab / steroid given"))
        self.hypotension = choice_combo(CRS.input("hypotension"))
        self.oxygen = choice_combo(CRS.input("oxygen"))
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
        self.fields.addRow(self.tr("Temperature (°C)"), self.temperature)
        self.fields.addRow("", self.not_measured)
        self.fields.addRow("", self.fever_masked)
        self.fields.addRow(self.tr("Hypotension"), self.hypotension)
        self.fields.addRow(self.tr("Oxygen"), self.oxygen)
        self.fields.addRow(self.tr("Treatment given"), self.treatment)
        self.fields.addRow(self.tr("Signs due to another cause"), self.attributed_to)
        self.temperature.textChanged.connect(self.update_grade)
        self.not_measured.toggled.connect(self._not_measured_toggled)
        self.attributed_to.textChanged.connect(self.update_grade)
        self.fever_masked.toggled.connect(self.update_grade)
        self.hypotension.currentIndexChanged.connect(self.update_grade)
        self.oxygen.currentIndexChanged.connect(self.update_grade)
        # Beside the temperature on screen, but last in the tab order (Alt+N reaches it): a measured
        # temperature, the common case, keeps its keystrokes (docs/user-stories-keys.md).
        QWidget.setTabOrder(self.attributed_to, self.not_measured)
        self.update_grade()
        self.temperature.setFocus()
        self.temperature.selectAll()

    def _not_measured_toggled(self, on: bool) -> None:
        """'Not measured' clears and locks the temperature; unticking it opens the field again."""
        if on:
            self.temperature.clear()
        self.temperature.setEnabled(not on)
        self.update_grade()

    def temperature_c(self) -> float | None:
        """The temperature typed (None when empty: not measured); ValueError names the range."""
        value = self.temperature.value()
        return None if value is None else round(value, 1)

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
        try:
            return self.temperature_c() is not None or self.not_measured.isChecked()
        except ValueError:  # typed but not a number in range: save() says so (record() raises it)
            return True

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
        try:
            record = self.record(override)
        except ValueError as exc:  # a temperature that is not a number in range: nothing is saved
            self.error_label.setText(str(exc))
            self.temperature.setFocus()
            return False
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
