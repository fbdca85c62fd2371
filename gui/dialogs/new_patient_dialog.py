"""New patient: every field with its own message line, so a refused value is explained where it
was typed (from ValidationError.field) and nothing is written until all fields are acceptable."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinical.choices import Sex
from clinical.errors import ValidationError
from clinical.model import Patient, PatientId
from clinical.regimens import INFERENCE_NOTE, planned_doses, regimen_names
from gui.dialogs.start_cycle_dialog import weekend_text
from gui.formatting import pydate, qdate
from gui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository

MIN_BIRTH_YEAR = 1900
ERROR_STYLE = "color: #b00020;"


def normalise_field(name: str) -> str:
    """Storage may name a field "subject id" or "subject_id"; both map to the same widget."""
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def field_message(exc: ValidationError) -> str:
    """The message shown beside a field: the field is evident, so say what was typed and what is
    allowed."""
    allowed = exc.allowed[:1].upper() + exc.allowed[1:]
    if exc.value in ("", None):
        return f"{allowed}."
    # The value as the form shows it (quoted text, local time), never its Python repr (issue 13).
    return QCoreApplication.translate("NewPatientDialog", "{0} is not allowed: {1}.").format(
        exc.shown, exc.allowed
    )


class NewPatientDialog(FormDialog):
    """Creates a patient (and optionally starts cycle 1); `created` holds it after Accepted."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New patient"))
        self._session = session
        self.created: Patient | None = None
        today = session.today()
        self.subject_id = QLineEdit(self)
        self.subject_id.setPlaceholderText(self.tr("e.g. 044-0012"))
        self.regimen = QComboBox(self)
        self.regimen.addItems(regimen_names())
        self.enrolment = self._date_edit(today)
        self.sex = QComboBox(self)
        for sex in Sex:
            self.sex.addItem(self.tr(sex.value.capitalize()), sex)
        self.sex.setCurrentIndex(list(Sex).index(Sex.UNKNOWN))
        self.birth_year = QLineEdit(self)
        self.birth_year.setPlaceholderText(self.tr("optional, e.g. 1961 (adults only: 18 or more)"))
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("optional (identifying)"))
        self.mrn = QLineEdit(self)
        self.mrn.setPlaceholderText(self.tr("optional (identifying)"))
        self.notes = QLineEdit(self)
        # Ticked by default: a new patient is registered to be treated, and unticked the first
        # Ctrl+D said to start a cycle first (issue 13).
        self.start_cycle = QCheckBox(self.tr("Start cycle 1 on"), self)
        self.start_cycle.setChecked(True)
        self.start_date = self._date_edit(today)
        self.start_cycle.toggled.connect(self.start_date.setEnabled)
        self.start_date.setEnabled(self.start_cycle.isChecked())
        # Cycle 1's plan before it is saved: weekend doses, and that the thrice-weekly days are inferred.
        self.plan_note = QLabel(self)
        self.plan_note.setWordWrap(True)
        self.plan_note.hide()
        for changed in (
            self.start_cycle.toggled,
            self.start_date.dateChanged,
            self.regimen.currentIndexChanged,
        ):
            changed.connect(self._update_plan_note)
        self.errors: dict[str, QLabel] = {}
        self._build_layout()
        self._clear_on_edit()
        self._update_plan_note()  # cycle 1 is ticked by default: its plan shows from the start
        self.setMinimumWidth(480)

    def _date_edit(self, day: dt.date) -> QDateEdit:
        edit = QDateEdit(qdate(day), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")  # unambiguous in every locale
        return edit

    def _build_layout(self) -> None:
        form = QFormLayout()
        rows: list[tuple[str, str, QWidget]] = [
            ("subject_id", self.tr("Subject id *"), self.subject_id),
            ("regimen", self.tr("Regimen *"), self.regimen),
            ("enrolment_date", self.tr("Enrolment date *"), self.enrolment),
            ("sex", self.tr("Sex"), self.sex),
            ("birth_year", self.tr("Birth year"), self.birth_year),
            ("name", self.tr("Name"), self.name),
            ("mrn", self.tr("MRN"), self.mrn),
            ("notes", self.tr("Notes"), self.notes),
        ]
        for key, label, widget in rows:
            form.addRow(label, self._with_error(key, widget))
        form.addRow(self.start_cycle, self._with_error("start", self.start_date))
        self.general_error = QLabel(self)
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.plan_note)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    def _update_plan_note(self) -> None:
        if not self.start_cycle.isChecked():
            self.plan_note.hide()
            return
        doses = planned_doses(self.regimen.currentText(), 1, pydate(self.start_date.date()))
        self.plan_note.setText("\n".join(t for t in (weekend_text(doses), self.tr(INFERENCE_NOTE)) if t))
        self.plan_note.show()

    def _with_error(self, key: str, widget: QWidget) -> QWidget:
        box = QWidget(self)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(2)
        inner.addWidget(widget)
        label = QLabel(box)
        label.setObjectName(f"error_{key}")
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.hide()
        inner.addWidget(label)
        self.errors[key] = label
        return box

    def _clear_on_edit(self) -> None:
        """A field's message goes once the field is edited: "a subject id is required" stayed
        after an id was typed (issue 13). Save checks everything again."""
        fields = {"subject_id": self.subject_id, "birth_year": self.birth_year, "name": self.name}
        fields.update(mrn=self.mrn, notes=self.notes)
        for key, edit in fields.items():
            edit.textEdited.connect(lambda _text, label=self.errors[key]: label.hide())

    def show_field_error(self, field: str, message: str) -> None:
        label = self.errors.get(normalise_field(field), self.general_error)
        label.setText(message)
        label.show()
        self.adjustSize()  # make room for the message instead of clipping it

    def _clear_errors(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.clear()
            label.hide()

    def _on_invalid(self, exc: ValidationError) -> bool:
        self.show_field_error(exc.field, field_message(exc))
        return True

    def local_errors(self) -> list[ValidationError]:
        """What can be checked before asking storage, all at once so every field says what is wrong."""
        errors = []
        if not self.subject_id.text().strip():
            errors.append(ValidationError("subject_id", "", self.tr("a subject id is required")))
        year = self.birth_year.text().strip()
        latest = self._session.today().year
        if year and not (year.isdigit() and MIN_BIRTH_YEAR <= int(year) <= latest):
            allowed = self.tr("a year from {0} to {1}, or empty").format(MIN_BIRTH_YEAR, latest)
            errors.append(ValidationError("birth_year", year, allowed))
        start = pydate(self.start_date.date())
        if self.start_cycle.isChecked() and start < pydate(self.enrolment.date()):
            allowed = self.tr("a date on or after the enrolment date")
            errors.append(ValidationError("start", start.isoformat(), allowed))
        return errors

    def patient(self) -> Patient:
        """The record the fields describe (call after `local_errors` found nothing)."""
        year = self.birth_year.text().strip()
        return Patient(
            subject_id=self.subject_id.text().strip(),
            regimen=self.regimen.currentText(),
            enrolment_date=pydate(self.enrolment.date()),
            sex=Sex(self.sex.currentData()),
            birth_year=int(year) if year else None,
            name=self.name.text().strip(),
            mrn=self.mrn.text().strip(),
            notes=self.notes.text().strip(),
        )

    def save(self) -> None:
        """Validate, write in one session action, and close only when it was saved."""
        self._clear_errors()
        errors = self.local_errors()
        for error in errors:
            self._on_invalid(error)
        if errors:
            return
        patient = self.patient()
        start = pydate(self.start_date.date()) if self.start_cycle.isChecked() else None
        created: list[PatientId] = []

        def add(repo: Repository) -> Patient:
            with repo.transaction():  # patient and cycle 1 together, or neither
                saved = repo.add_patient(patient)
                assert saved.id is not None  # storage returns the record with its new id
                if start is not None:
                    repo.start_cycle(saved.id, start)
            created.append(saved.id)
            return saved

        def undo(repo: Repository) -> None:
            repo.void("patient", created[0], "undo: new patient")

        description = self.tr("new patient {0}").format(patient.subject_id)
        saved = self._session.write(description, add, undo, self, on_invalid=self._on_invalid)
        if saved is not None:
            self.created = saved
            self.accept()
