"""The ICANS assessment form: the ten ICE items with a live score, the other domains, live grade."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinical.choices import ICE_ITEMS, Consciousness, Motor, RaisedIcp, Seizure
from clinical.grade_result import Grade
from clinical.grading import grade_icans
from clinical.model import IcansAssessment, PatientId
from clinical.toxicities.definitions.icans import DEFINITION as ICANS
from gui.patient.assessment_form import AssessmentFormDialog, insert_with_undo
from gui.patient.crs_form import choice_combo

if TYPE_CHECKING:
    from gui.session import Session

UNAROUSABLE = "unarousable"


class IcansFormDialog(AssessmentFormDialog):
    """New ICANS assessment; "ICE not performed" is recorded as such, never as ICE 0.

    The form opens unscored (issue 11): no box ticked is not ICE 0/10 (grade 3) until the ICE is
    marked as performed, which ticking an item does; saving needs "ICE performed" or "not performed".
    """

    def __init__(self, session: Session, patient_id: PatientId, parent: QWidget | None = None) -> None:
        super().__init__(session, patient_id, self.tr("New ICANS assessment"), parent)
        self.ice_checks: list[QCheckBox] = []
        self._consciousness_before: int | None = None  # before "unarousable" filled it in
        self.fields.addRow(self._ice_group())  # the ICE comes first, as it is done at the bedside
        self.consciousness = choice_combo(ICANS.input("consciousness"))
        self.seizure = choice_combo(ICANS.input("seizure"))
        self.motor = choice_combo(ICANS.input("motor"))
        self.raised_icp = choice_combo(ICANS.input("raised_icp"))
        self.treatment = QLineEdit()
        self.treatment.setPlaceholderText(self.tr("e.g. dexamethasone 10 mg IV"))
        self.fields.addRow(self.tr("Consciousness"), self.consciousness)
        self.fields.addRow(self.tr("Seizure"), self.seizure)
        self.fields.addRow(self.tr("Motor findings"), self.motor)
        self.fields.addRow(self.tr("Raised ICP / cerebral oedema"), self.raised_icp)
        self.fields.addRow(self.tr("Treatment given"), self.treatment)
        for combo in (self.consciousness, self.seizure, self.motor, self.raised_icp):
            combo.currentIndexChanged.connect(self.update_grade)
        self._not_performed_toggled(False)
        self.ice_checks[0].setFocus()

    def _ice_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("ICE score (one point per item passed)"))
        labels = [
            self.tr("Year"),
            self.tr("Month"),
            self.tr("City"),
            self.tr("Hospital"),
            self.tr("Object 1"),
            self.tr("Object 2"),
            self.tr("Object 3"),
            self.tr("Follows a simple command"),
            self.tr("Writes a standard sentence"),
            self.tr("Counts back from 100 in tens"),
        ]
        groups = [
            (self.tr("Orientation"), 0, 4),
            (self.tr("Naming"), 4, 7),
            (self.tr("Command"), 7, 8),
            (self.tr("Writing"), 8, 9),
            (self.tr("Attention"), 9, 10),
        ]
        grid = QGridLayout()
        for row, (title, first, last) in enumerate(groups):
            grid.addWidget(QLabel(f"<b>{title}</b>"), row, 0)
            for column, index in enumerate(range(first, last), start=1):
                check = QCheckBox(labels[index])
                check.setObjectName(ICE_ITEMS[index])
                check.toggled.connect(self._item_toggled)
                self.ice_checks.append(check)
                grid.addWidget(check, row, column)
        self.ice_score_label = QLabel()
        self.ice_score_label.setObjectName("iceScore")
        self.ice_score_label.setStyleSheet("font-weight: bold; font-size: 13pt;")
        layout = QVBoxLayout(box)
        layout.addLayout(grid)
        not_performed = self._not_performed_row()
        layout.addWidget(self.ice_performed)
        layout.addLayout(not_performed)
        layout.addWidget(self.ice_score_label)
        return box

    def _item_toggled(self, on: bool) -> None:
        """Ticking an item means the ICE is being done; the score then counts every box."""
        if on and not self.ice_performed.isChecked():
            self.ice_performed.setChecked(True)  # re-grades through its own signal
            return
        self.update_grade()

    def _performed_toggled(self, on: bool) -> None:
        if on and self.not_performed.isChecked():
            self.not_performed.setChecked(False)
        self.update_grade()

    def _not_performed_row(self) -> QHBoxLayout:
        self.ice_performed = QCheckBox(self.tr("ICE performed (a box not ticked is an item failed)"))
        self.ice_performed.toggled.connect(self._performed_toggled)
        self.not_performed = QCheckBox(self.tr("ICE not performed"))
        self.unable_reason = QComboBox()
        self.unable_reason.addItem(self.tr("Patient unarousable"), UNAROUSABLE)
        self.unable_reason.addItem(self.tr("Other reason"), "other")
        self.unable_text = QLineEdit()
        self.unable_text.setPlaceholderText(self.tr("Other reason (e.g. intubated, language barrier)"))
        self.not_performed.toggled.connect(self._not_performed_toggled)
        self.unable_reason.currentIndexChanged.connect(self._reason_changed)
        row = QHBoxLayout()
        row.addWidget(self.not_performed)
        row.addWidget(self.unable_reason)
        row.addWidget(self.unable_text, 1)
        return row

    def _not_performed_toggled(self, on: bool) -> None:
        if on and self.ice_performed.isChecked():
            self.ice_performed.setChecked(False)
        for check in self.ice_checks:
            check.setEnabled(not on)
        self.unable_reason.setEnabled(on)
        self._reason_changed()

    def _reason_changed(self) -> None:
        on = self.not_performed.isChecked()
        self.unable_text.setEnabled(on and self.unable_reason.currentData() != UNAROUSABLE)
        unarousable = self.consciousness.findData(str(Consciousness.UNAROUSABLE))
        if on and self.unable_reason.currentData() == UNAROUSABLE:
            # The reason for no ICE is also the consciousness finding (reference §3.2 grade 4).
            if self._consciousness_before is None:
                self._consciousness_before = self.consciousness.currentIndex()
            self.consciousness.setCurrentIndex(unarousable)
        elif self._consciousness_before is not None:
            # The reason changed back: undo the finding this form filled in, not one the user chose.
            if self.consciousness.currentIndex() == unarousable:
                self.consciousness.setCurrentIndex(self._consciousness_before)
            self._consciousness_before = None
        self.update_grade()

    def ice_unscored(self) -> bool:
        """Neither performed nor marked not performed: the ICE is still to be answered."""
        return not self.ice_performed.isChecked() and not self.not_performed.isChecked()

    def ice_items(self) -> tuple[bool, ...] | None:
        if not self.ice_performed.isChecked():
            return None
        return tuple(check.isChecked() for check in self.ice_checks)

    def ice_unable_reason(self) -> str:
        if not self.not_performed.isChecked():
            return ""
        if self.unable_reason.currentData() == UNAROUSABLE:
            return UNAROUSABLE
        return self.unable_text.text().strip() or "other"

    def compute_grade(self) -> Grade:
        items = self.ice_items()
        score = None if items is None else sum(items)
        if score is None and self.ice_unscored():
            self.ice_score_label.setText(self.tr("ICE not scored yet"))
        elif score is None:
            self.ice_score_label.setText(self.tr("ICE not performed"))
        else:
            self.ice_score_label.setText(self.tr("ICE %1/10").replace("%1", str(score)))
        return grade_icans(
            score,
            self.consciousness.currentData(),
            self.seizure.currentData(),
            self.motor.currentData(),
            self.raised_icp.currentData(),
        )

    def update_grade(self) -> None:
        if hasattr(self, "raised_icp"):  # the ICE boxes signal while the form is still being built
            super().update_grade()

    def save(self) -> bool:
        if self.ice_unscored():
            self.error_label.setText(
                self.tr("Not saved: tick “ICE performed” (and the items passed), or “ICE not performed”.")
            )
            self.ice_performed.setFocus()
            return False
        override = self.override_values()
        if override is None:
            return False
        record = IcansAssessment(
            patient_id=self.patient_id,
            assessed_at=self.assessed_at(),
            consciousness=Consciousness(self.consciousness.currentData()),
            ice_items=self.ice_items(),
            ice_unable_reason=self.ice_unable_reason(),
            seizure=Seizure(self.seizure.currentData()),
            motor=Motor(self.motor.currentData()),
            raised_icp=RaisedIcp(self.raised_icp.currentData()),
            treatment=self.treatment.text().strip(),
            override_grade=override[0],
            override_reason=override[1],
        )
        saved = insert_with_undo(
            self.session,
            self.tr("Record ICANS assessment"),
            "icans",
            lambda repo: repo.add_icans(record),
            self,
            self.patient_id,
            self.show_invalid,
        )
        return saved is not None
