"""The frame the CRS, ICANS and lab forms share: patient header, time, live grade, override, save.

The subclass builds its own fields into `self.fields` and implements `compute_grade` and `save`;
this base re-grades on every change so the clinician sees the grade and why before saving.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinical.errors import ValidationError
from clinical.grade_result import not_graded_label
from clinical.model import PatientId
from gui.formatting import (
    grade_colour,
    qdatetime_from_utc,
    subject_header,
    to_local,
    utc_from_qdatetime,
    utc_offset_label,
)
from gui.widgets.dialog_buttons import save_cancel
from gui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    import datetime as dt

    from clinical.grade_result import Grade
    from gui.session import Session
    from storage.repository import Repository

MAX_GRADE = 5  # ASTCT grade 5 is death from the toxicity (reference §2, §3.2)


class AssessmentFormDialog(FormDialog):
    """Base of the data-entry dialogs; `exec()` returns Accepted only after a successful save.
    Escape or closing with input asks before discarding it (gui/widgets/form_dialog.py)."""

    def __init__(
        self, session: Session, patient_id: PatientId, title: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.patient_id = patient_id
        patient = session.repo.get_patient(patient_id)
        self.header_text = subject_header(
            patient.subject_id, session.repo.cycles(patient_id), session.today()
        )
        self.title = title
        self.setWindowTitle(f"{title} — {self.header_text}")
        self.header = QLabel(self.header_text)
        font = QFont(self.header.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.header.setFont(font)
        self.when = QDateTimeEdit(qdatetime_from_utc(session.now()))
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.fields = QFormLayout()
        self.offset = utc_offset_label(to_local(session.now()))
        self.fields.addRow(self.tr("Time (local, %1)").replace("%1", self.offset), self.when)
        self.grade_label = QLabel()
        self.grade_label.setObjectName("liveGrade")
        self.grade_label.setMargin(6)
        self.reasons_label = QLabel()
        self.reasons_label.setWordWrap(True)
        self.current_grade: Grade | None = None
        self._build_layout()

    def _build_layout(self) -> None:
        self.override_box = self._override_group()
        self.buttons, save = save_cancel(self, self.session.read_only, self.save_clicked)
        if self.session.read_only:
            save.setToolTip(self.tr("This window is read-only."))
        self.grade_box = grade_box = QGroupBox(self.tr("Computed grade"))
        grade_layout = QVBoxLayout(grade_box)
        grade_layout.addWidget(self.grade_label)
        grade_layout.addWidget(self.reasons_label)
        layout = QVBoxLayout(self)
        # Grow with the reasons (a not-gradable CRS lists what is missing and each sign seen), so
        # the live explanation is never clipped behind the override box.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(self.header)
        layout.addLayout(self.fields)
        self.extra = QVBoxLayout()
        layout.addLayout(self.extra)
        layout.addWidget(grade_box)
        layout.addWidget(self.override_box)
        self.error_label = QLabel()
        self.error_label.setObjectName("saveError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _override_group(self) -> QGroupBox:
        box = QGroupBox(self.tr("Clinician override"))
        self.override_check = QCheckBox(self.tr("Override the computed grade"))
        self.override_grade = QSpinBox()
        self.override_grade.setRange(0, MAX_GRADE)
        self.override_grade.setPrefix(self.tr("Grade "))
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText(self.tr("Reason (required for an override)"))
        self.override_error = QLabel()
        self.override_error.setStyleSheet("color: #b00020;")
        row = QHBoxLayout()
        row.addWidget(self.override_check)
        row.addWidget(self.override_grade)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.override_reason)
        layout.addWidget(self.override_error)
        self.override_check.toggled.connect(self._override_toggled)
        self._override_toggled(False)
        return box

    def _override_toggled(self, on: bool) -> None:
        self.override_grade.setEnabled(on)
        self.override_reason.setEnabled(on)
        if on and self.current_grade is not None and self.current_grade.grade is not None:
            self.override_grade.setValue(self.current_grade.grade)
        self.override_error.clear()

    # --- live grading -------------------------------------------------------------------------
    def compute_grade(self) -> Grade:
        raise NotImplementedError

    def update_grade(self) -> None:
        """Re-grade from the fields as they are now; a rejected value is shown, not raised."""
        try:
            grade = self.compute_grade()
        except ValueError as exc:
            self.current_grade = None
            self.grade_label.setText(self.tr("Cannot grade yet"))
            self.grade_label.setStyleSheet("")
            self.reasons_label.setText(str(exc))
            return
        self.current_grade = grade
        bold = "font-weight: bold; font-size: 14pt;"
        self.reasons_label.setText("\n".join(grade.reasons))
        if grade.grade is None:  # a missing measurement is shown as such, never as grade 0
            label = not_graded_label(grade.reasons)
            self.grade_label.setText(label[:1].upper() + label[1:])
            self.grade_label.setStyleSheet(bold + "border: 2px dashed #b36b00;")
            return
        self.grade_label.setText(
            self.tr("Grade %1 (%2)").replace("%1", str(grade.grade)).replace("%2", grade.scale)
        )
        colour = grade_colour(grade.grade)
        self.grade_label.setStyleSheet(bold + (f"background: {colour.name()};" if colour else ""))

    # --- saving -------------------------------------------------------------------------------
    def assessed_at(self) -> dt.datetime:
        """The time field as aware UTC (the editor shows local time)."""
        return utc_from_qdatetime(self.when.dateTime())

    def override_values(self) -> tuple[int | None, str] | None:
        """(override grade, reason), (None, "") without override, or None when the reason is missing."""
        if not self.override_check.isChecked():
            return None, ""
        reason = self.override_reason.text().strip()
        if not reason:
            self.override_error.setText(self.tr("An override needs a reason."))
            self.override_reason.setFocus()
            return None
        return self.override_grade.value(), reason

    def show_invalid(self, exc: ValidationError) -> bool:
        """Storage refused a value: say which and what is allowed, beside the form; nothing was saved."""
        self.error_label.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
        return True

    def save_clicked(self) -> None:
        if self.save():
            self.accept()

    def save(self) -> bool:
        """Write the record through the session; False keeps the dialog open with its input."""
        raise NotImplementedError

    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def form_name(self) -> str:
        return self.title

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves from any field (check boxes and combos included), Escape cancels."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.save_button().isEnabled():
                self.save_clicked()
            return
        super().keyPressEvent(event)


class _HasId(Protocol):
    @property
    def id(self) -> int | None: ...


R = TypeVar("R", bound=_HasId)


def insert_with_undo(
    session: Session,
    description: str,
    kind: str,
    insert: Callable[[Repository], R],
    parent: QWidget | None,
    patient_id: PatientId | None,
    on_invalid: Callable[[ValidationError], bool] | None = None,
) -> R | None:
    """Write a new record through the session; its undo voids that record (a new audited change)."""
    saved: list[int] = []

    def action(repo: Repository) -> R:
        record = insert(repo)
        if record.id is not None:
            saved.append(record.id)
        return record

    def undo(repo: Repository) -> None:
        repo.void(kind, saved[-1], f"Undo: {description}")

    return session.write(description, action, undo, parent, patient_id=patient_id, on_invalid=on_invalid)
