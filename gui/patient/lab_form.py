"""The lab sample form: ANC in x10^9/L or cells/µL (stored in 10^9/L), live CTCAE neutropenia grade,
and every other CTCAE lab term (platelets, lymphocytes, WBC, haemoglobin, ALT, AST, bilirubin,
creatinine) with the sample's limit of normal, the patient's baseline and its own live grade (issue 15).

One sample is saved as its ANC record (kind "lab", when an ANC is given) plus one record per other
term filled in, in one storage transaction (`Repository.add_records`); undo voids them all. The lab
source names the lab: its limits last used (the newest record of each term from that source,
`Repository.last_inputs`) are offered again when it is typed.

Numbers are read by gui.widgets.number_input (a decimal comma or point, nothing guessed); the unit choice
says how the typed number is to be read, so switching it never changes what was typed. Values that
look like a reading in another unit are questioned before saving (storage.validation.UNIT_QUESTIONS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from clinical.ctcae_grading import ANC_RANGE, CTCAE_VERSIONS
from clinical.grade_result import Grade
from clinical.grading import grade_neutropenia
from clinical.model import LabResult, PatientId
from gui.formatting import number
from gui.patient.assessment_form import AssessmentFormDialog, insert_with_undo
from gui.patient.lab_term_rows import TERM_OF_FIELD, LabTermRows
from gui.widgets.number_input import NumberField, parse_clinical_number, plain_number
from storage.validation import LAB_RANGES, UNIT_QUESTIONS, UnitQuestion

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository

UNIT_10E9 = "10e9/L"
UNIT_CELLS = "cells/uL"
CTCAE_VERSION = "5.0"  # the default; v6.0 is offered beside it (reference §4.3, secondary source)
CELLS_PER_10E9 = 1000.0  # 1.0 x10^9/L is 1000 cells/µL (reference §4.1)


def parse_number(text: str) -> float | None:
    """The number typed (decimal comma or point); None when empty; ValueError when not a number."""
    return parse_clinical_number(text)


class LabFormDialog(AssessmentFormDialog):
    """New blood count; the ANC's unit is chosen where it is read, the stored value is 10^9/L."""

    def __init__(self, session: Session, patient_id: PatientId, parent: QWidget | None = None) -> None:
        super().__init__(session, patient_id, self.tr("New lab result"), parent)
        label = self.fields.labelForField(self.when)
        if isinstance(label, QLabel):
            label.setText(self.tr("Drawn at (local, %1)").replace("%1", self.offset))
        self.anc = NumberField(self.tr("ANC"), placeholder=self.tr("required"))
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
        self.version = QComboBox()
        for version in CTCAE_VERSIONS:
            self.version.addItem(self.tr("CTCAE v%1").replace("%1", version), version)
        self.version.setCurrentIndex(self.version.findData(CTCAE_VERSION))
        self.version.setToolTip(self.tr("v6.0 grades from a secondary source (reference §4.3)"))
        self.fields.addRow(self.tr("Grading"), self.version)
        self.counts = self._count_fields()
        self.lln, self.crp = self.counts["lln"], self.counts["crp_mg_l"]
        self.ferritin = self.counts["ferritin_ug_l"]
        self.source = QLineEdit()
        self.source.setObjectName("labSource")
        self.source.setPlaceholderText(
            self.tr("the lab that measured the sample: its last limits are offered")
        )
        self.fields.addRow(self.tr("Lab source"), self.source)
        self.term_rows = LabTermRows(self, self.source, session.repo)
        self.terms = self.term_rows.rows
        self.wbc = self.terms["white_blood_cell_decreased"].value
        self.platelets = self.terms["platelet_count_decreased"].value
        self.haemoglobin = self.terms["anemia"].value
        self.override_box.hide()  # lab grades are computed only (DESIGN: a grade is never typed in)
        self.grade_box.setTitle(self.tr("ANC grade (neutropenia)"))  # each other term's is in its row
        self.anc.textChanged.connect(self.update_grade)
        self.lln.textChanged.connect(self.update_grade)
        self.unit.currentIndexChanged.connect(self.update_grade)
        self.version.currentIndexChanged.connect(self.update_grade)
        self.source.textChanged.connect(lambda _text: self.term_rows.offer_limits())  # as it is typed
        self.when.dateTimeChanged.connect(lambda _at: self.term_rows.update_all())
        self.update_grade()
        self.term_rows.update_all()
        self.anc.setFocus()

    def _count_fields(self) -> dict[str, NumberField]:
        """The optional counts, each labelled with its unit and checked against storage's range."""
        rows = {
            "lln": (
                self.tr("ANC lower limit of normal (×10⁹/L)"),
                self.tr("optional; v5.0 grade 1 needs it"),
            ),
            "crp_mg_l": (self.tr("CRP (mg/L)"), self.tr("optional")),
            "ferritin_ug_l": (self.tr("Ferritin (µg/L)"), self.tr("optional")),
        }
        fields: dict[str, NumberField] = {}
        for name, (label, placeholder) in rows.items():
            low, high, unit = LAB_RANGES[name]
            fields[name] = NumberField(label.split(" (")[0], (low, high), unit, placeholder)
            self.fields.addRow(label, fields[name])
        return fields

    def anc_10e9(self) -> float | None:
        """The ANC in 10^9/L, read in the chosen unit; ValueError names the allowed range."""
        value = self.anc.value()
        if value is None:
            return None
        cells = self.unit.currentData() == UNIT_CELLS
        anc = value / CELLS_PER_10E9 if cells else value
        if not ANC_RANGE[0] <= anc <= ANC_RANGE[1]:
            shown = self.anc.text().strip() + (" cells/µL" if cells else " ×10⁹/L")
            raise ValueError(
                self.tr("ANC: %1 is outside the allowed range, %2 to %3 ×10⁹/L (%4 to %5 cells/µL).")
                .replace("%1", shown)
                .replace("%2", plain_number(ANC_RANGE[0]))
                .replace("%3", plain_number(ANC_RANGE[1]))
                .replace("%4", plain_number(ANC_RANGE[0] * CELLS_PER_10E9))
                .replace("%5", plain_number(ANC_RANGE[1] * CELLS_PER_10E9))
            )
        return anc

    def _show_other_unit(self, anc: float | None) -> None:
        """Beside the ANC, the typed number in the other unit: what the unit choice makes of it."""
        if anc is None:
            self.stored_label.clear()
        elif self.unit.currentData() == UNIT_CELLS:
            self.stored_label.setText(self.tr("= %1 ×10⁹/L").replace("%1", plain_number(anc, 3)))
        else:
            cells = plain_number(anc * CELLS_PER_10E9, 0)  # as typed in that unit: no "1,200"
            self.stored_label.setText(self.tr("= %1 cells/µL").replace("%1", cells))

    def compute_grade(self) -> Grade:
        try:
            anc = self.anc_10e9()
        except ValueError:
            self.stored_label.clear()
            raise
        self._show_other_unit(anc)
        if anc is None:
            raise ValueError(
                self.tr("Enter the ANC (%1 to %2 ×10⁹/L).")
                .replace("%1", number(ANC_RANGE[0]))
                .replace("%2", number(ANC_RANGE[1]))
            )
        return grade_neutropenia(anc, self.lln.value(), self.version.currentData())

    def record(self) -> LabResult | None:
        """The lab result as typed, or None with the reason shown beside the form."""
        try:
            anc = self.anc_10e9()
            counts = {name: field.value() for name, field in self.counts.items()}
            wbc = self.wbc.value()
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return None
        if anc is None:
            self.error_label.setText(self.tr("Enter the ANC."))
            self.anc.setFocus()
            return None
        if wbc is not None and anc > wbc:
            self.error_label.setText(
                self.tr("The ANC (%1 ×10⁹/L) cannot be more than the WBC of the same sample (%2 ×10⁹/L).")
                .replace("%1", number(anc, 3))
                .replace("%2", number(wbc, 3))
            )
            self.anc.setFocus()
            return None
        return LabResult(
            patient_id=self.patient_id,
            drawn_at=self.assessed_at(),
            anc=anc,
            lln=counts["lln"],
            crp_mg_l=counts["crp_mg_l"],
            ferritin_ug_l=counts["ferritin_ug_l"],
            ctcae_version=self.version.currentData(),
        )

    def typed_values(self) -> dict[str, float | None]:
        """The ANC and the counts by LabResult field name (the lab terms' values under the field each
        took over), as read now; ValueError when one is unreadable."""
        values: dict[str, float | None] = {"anc": self.anc_10e9()}
        values.update({name: field.value() for name, field in self.value_fields().items()})
        return values

    def value_fields(self) -> dict[str, NumberField]:
        fields = dict(self.counts)
        fields.update({name: self.terms[term].value for name, term in TERM_OF_FIELD.items()})
        return fields

    def _questioned(self) -> bool:
        """Ask about each value that looks typed in another unit; True when the form must stay open
        (the user chose the other unit, the value is converted and shown, or cancelled)."""
        typed = self.typed_values()
        for question in UNIT_QUESTIONS:
            value = typed.get(question.field)
            if question.field == "anc" and self.unit.currentData() == UNIT_CELLS:
                continue  # the user chose cells/µL already
            if value is None or not _asks(question, value):
                continue
            answer = QMessageBox.question(
                self,
                self.tr("Check the unit"),
                _question_text(self.field_label(question.field), value, question),
                QMessageBox.StandardButton.Yes
                | QMessageBox.StandardButton.No
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self._convert(question)
                return True
            if answer != QMessageBox.StandardButton.No:
                return True
        return False

    def field_label(self, name: str) -> str:
        return self.anc.label if name == "anc" else self.value_fields()[name].label

    def _convert(self, question: UnitQuestion) -> None:
        """Re-read the typed number in the unit the user meant, and say so beside the form."""
        if question.field == "anc":
            self.unit.setCurrentIndex(self.unit.findData(UNIT_CELLS))
        else:
            field = self.value_fields()[question.field]
            field.setValue((field.value() or 0.0) * question.factor)
        self.error_label.setText(self.tr("Converted; check the values and the grade, then save."))

    def save(self) -> bool:
        """The sample: its ANC record (when an ANC is given) and one record per other value, written
        in one transaction; undo voids them all."""
        terms = self.term_rows.records()
        if terms is None:
            return False
        if not self.anc.text().strip() and terms:
            lab = None  # a sample without an ANC: its other values alone
        else:
            lab = self.record()
            if lab is None:
                return False
        try:
            if self._questioned():
                return False
        except ValueError as exc:
            self.error_label.setText(str(exc))
            return False
        items: list[tuple[str, object]] = [("lab", lab)] if lab is not None else []
        items += terms
        if len(items) == 1 and lab is not None:
            saved = insert_with_undo(
                self.session,
                self.tr("Record lab result"),
                "lab",
                lambda repo: repo.add_lab(lab),
                self,
                self.patient_id,
                self.show_invalid,
            )
            return saved is not None
        return self._save_sample(items)

    def _save_sample(self, items: list[tuple[str, object]]) -> bool:
        written: list[tuple[str, int]] = []

        def action(repo: Repository) -> list[object]:
            stored: list[object] = list(repo.add_records(items))  # type: ignore[arg-type]
            written[:] = [
                (kind, int(getattr(r, "id", 0))) for (kind, _), r in zip(items, stored, strict=True)
            ]
            return stored

        def undo(repo: Repository) -> None:
            with repo.transaction():
                for kind, record_id in written:
                    repo.void(kind, record_id, "Undo: " + self.tr("Record lab sample"))

        saved = self.session.write(
            self.tr("Record lab sample"),
            action,
            undo,
            self,
            patient_id=self.patient_id,
            on_invalid=self.show_invalid,
        )
        if saved is not None:
            self.remember_limits()
        return saved is not None

    def remember_limits(self) -> None:
        """Nothing to write: the limits used for a lab source are read back from the records just
        saved (`Repository.last_inputs`), so every user of the file is offered the same."""


def _asks(question: UnitQuestion, value: float) -> bool:
    if question.above is not None and value > question.above:
        return True
    return question.below is not None and 0 < value < question.below


def _question_text(label: str, value: float, question: UnitQuestion) -> str:
    """ "ANC 80 ×10⁹/L is unusually high. Did you mean 80 cells/µL (= 0.08 ×10⁹/L)?" """
    unit = next(u for name, (_, _, u) in LAB_RANGES.items() if name == question.field)
    meant = value * question.factor
    high = question.above is not None and value > question.above
    return (
        QCoreApplication.translate(
            "LabFormDialog",
            "%1 %2 %3 is unusually %4 for a blood count in %3.\n\nDid you mean %2 %5 (= %6 %3)?\n\n"
            "Yes: read it as %5. No: save %2 %3 as typed. Cancel: back to the form.",
        )
        .replace("%1", label)
        .replace("%2", plain_number(value, 3))
        .replace("%3", unit)
        .replace(
            "%4",
            QCoreApplication.translate("LabFormDialog", "high")
            if high
            else QCoreApplication.translate("LabFormDialog", "low"),
        )
        .replace("%5", question.meant_unit)
        .replace("%6", plain_number(meant, 3))
    )
