"""Correct a saved record (changed fields plus a required reason) or void it as entered in error.

Both go through `repo.correct` / `repo.void`, which keep the old version in the audit trail; undo
writes the reverse change (old values back, or unvoid), itself audited.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinical import wording
from clinical.errors import ValidationError
from clinical.model import Cycle, Dose, Patient, PatientId
from clinical.toxicities import ToxicityRecord, for_record_kind
from gui.patient.toxicity_wording import choice_text, definition_of_kind, record_label
from gui.widgets.dialog_buttons import save_cancel
from gui.widgets.field_editors import FieldEditor, field_types, make_editor
from gui.widgets.form_dialog import FormDialog
from gui.widgets.input_editors import InputEditor, link_choices, make_input_editor

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository

# The records that are not toxicities; a toxicity's record type and fields come from its definition.
RECORD_TYPES: dict[str, type] = {"patient": Patient, "cycle": Cycle, "dose": Dose}
_OVERRIDE = ("override_grade", "override_reason")
# What a correction may change: observations and free text, never ids, computed grades or flags.
EDITABLE: dict[str, tuple[str, ...]] = {
    "patient": ("name", "mrn", "sex", "birth_year", "enrolment_date", "status", "status_reason", "notes"),
    "cycle": ("start_date",),
    "dose": ("status", "given_at", "amount_ug", "site", "lot", "reason", "reason_text", "premedication"),
}
# Inputs only a custom form can ask (the ten ICE answers): corrected by voiding and entering again.
_NOT_CORRECTABLE = ("ice_items",)


def editable(kind: str) -> tuple[str, ...]:
    """The fields a correction of `kind` offers: a toxicity's time, its inputs and, when a
    physician may override its grade, the override (from the registry)."""
    if kind in EDITABLE:
        return EDITABLE[kind]
    definition = for_record_kind(kind)
    inputs = (s.name for s in definition.inputs if s.type not in _NOT_CORRECTABLE)
    return (definition.time_field, *inputs, *(_OVERRIDE if definition.overridable else ()))


def saved_values(kind: str, record: object) -> dict[str, object]:
    """The saved value of each field a correction offers (a data-defined record keeps its inputs
    in `values`: the definition reads them)."""
    definition = definition_of_kind(kind)
    inputs = definition.values(record) if definition is not None else {}
    return {name: inputs[name] if name in inputs else getattr(record, name) for name in editable(kind)}


# Field labels as the entry forms show them: the shared wording (clinical/wording.py, also used by
# storage's messages and the history dialog), with the hints a correction needs on top.
FIELD_LABELS: dict[str, str] = {
    **wording.FIELD_LABELS,
    "given_at": "Given at (local)",
    "temperature_c": "Temperature (°C; empty = not measured)",
    "override_grade": "Override grade (empty = none)",
    "reason": "Reason not given",
    "reason_text": "Reason details",
}


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
    return QCoreApplication.translate("CorrectionDialog", label)


def load_record(repo: Repository, kind: str, row_id: int) -> object:
    """The current version of a record by kind and id (NotFoundError when there is none)."""
    return repo.record(kind, row_id)


def _reason_row(dialog: QDialog, form: QFormLayout, placeholder: str) -> tuple[QLineEdit, QLabel]:
    reason = QLineEdit()
    reason.setObjectName("reason")
    reason.setPlaceholderText(placeholder)
    error = QLabel()
    error.setObjectName("error")
    error.setWordWrap(True)
    error.setStyleSheet("color: #b00020;")
    form.addRow(dialog.tr("Reason (required)"), reason)
    return reason, error


class CorrectionDialog(FormDialog):
    """Edit the fields of one saved record; only changed fields are sent, with the reason."""

    def __init__(
        self,
        session: Session,
        kind: str,
        row_id: int,
        parent: QWidget | None = None,
        record: object | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.kind, self.row_id = session, kind, row_id
        self.record = record if record is not None else load_record(session.repo, kind, row_id)
        self.setWindowTitle(self.tr("Correct %1").replace("%1", record_label(kind)))
        self.definition = definition_of_kind(kind)
        self.saved = saved_values(kind, self.record)
        form = QFormLayout()
        self.editors: dict[str, FieldEditor] = {}
        self.inputs: dict[str, InputEditor] = {}  # the inputs built from their InputSpecs
        for name in editable(kind):
            label, editor = self._editor(name)
            self.editors[name] = editor
            form.addRow(label, editor.widget)
        link_choices(self.inputs)  # a grade among the corrected term's sentences
        self.reason, self.error = _reason_row(self, form, self.tr("e.g. transcription error"))
        buttons, self.save_button = save_cancel(self, session.read_only, self.save)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("The old values stay in the record's history. Grades are recomputed."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _editor(self, name: str) -> tuple[str, FieldEditor]:
        """(row label, editor) of one field: from the record type's annotation, or for an input
        the type does not spell (a data-defined record's `values`, a choice held as text) from
        its InputSpec, labelled as the form labels it."""
        value, definition = self.saved[name], self.definition
        record_type = definition.record_type if definition else RECORD_TYPES[self.kind]
        annotation = field_types(record_type).get(name)
        spec = next((s for s in definition.inputs if s.name == name), None) if definition else None
        if definition is None or spec is None:
            return field_label(name), make_editor(name, annotation, value, self.session.now())
        if record_type is not ToxicityRecord and (spec.type, annotation) != ("choice", str):
            words = partial(choice_text, definition, name)
            return field_label(name), make_editor(name, annotation, value, self.session.now(), words)
        patient = PatientId(int(getattr(self.record, "patient_id", 0)))
        offered = replace(spec, choices=spec.choices_given(self.saved)) if spec.options else spec
        made = make_input_editor(offered, self.session, patient)
        made.show(value)
        self.inputs[name] = made
        made.widget.setObjectName(name)
        return made.label, FieldEditor(name, made.widget, made.read)

    def changes(self) -> dict[str, object]:
        """Fields whose value differs from the saved record (ValueError for an unreadable number)."""
        changed: dict[str, object] = {}
        for name, editor in self.editors.items():
            value, saved = editor.read(), self.saved[name]
            if value != saved and not (value in (None, "") and saved in (None, "")):  # both empty
                changed[name] = value
        return changed

    def _inputs(self) -> tuple[object, ...]:
        """The base's texts, choices and ticks, and each field as read (a grade picked from a
        list of sentences is none of those)."""
        return (*super()._inputs(), *(_read_or_refusal(editor) for editor in self.editors.values()))

    def _show_invalid(self, exc: ValidationError) -> bool:
        self.error.setText(self.tr("Not saved: %1").replace("%1", str(exc)))
        return True

    def save(self) -> None:
        try:
            changes = self.changes()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        reason = self.reason.text().strip()
        if not changes:
            self.error.setText(self.tr("Nothing was changed."))
            return
        if not reason:
            self.error.setText(self.tr("A correction needs a reason."))
            self.reason.setFocus()
            return
        old = {name: self.saved[name] for name in changes}
        kind, row_id = self.kind, self.row_id
        description = self.tr("Correct %1").replace("%1", record_label(kind))
        result = self.session.write(
            description,
            lambda repo: repo.correct(kind, row_id, changes, reason),
            lambda repo: _correct_back(repo, kind, row_id, old, f"Undo: {description}"),
            self,
            patient_id=getattr(self.record, "patient_id", None),
            on_invalid=self._show_invalid,
        )
        if result is not None:
            self.accept()


class VoidDialog(FormDialog):
    """Mark a record "entered in error": nothing is deleted; a reason and a confirmation are required."""

    def __init__(
        self,
        session: Session,
        kind: str,
        row_id: int,
        parent: QWidget | None = None,
        summary: str = "",
        patient_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.kind, self.row_id, self.patient_id = session, kind, row_id, patient_id
        self.setWindowTitle(self.tr("Void %1").replace("%1", record_label(kind)))
        form = QFormLayout()
        if summary:
            form.addRow(self.tr("Record"), QLabel(summary))
        self.reason, self.error = _reason_row(self, form, self.tr("e.g. entered in error: wrong patient"))
        self.confirm = QCheckBox(self.tr("I confirm this record was entered in error"))
        form.addRow("", self.confirm)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.void_button = buttons.addButton(self.tr("Void record"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.void_button.setEnabled(False)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update_button)
        self.confirm.toggled.connect(self._update_button)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Voiding keeps the record and its history; it no longer counts anywhere."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _update_button(self) -> None:
        ready = bool(self.reason.text().strip()) and self.confirm.isChecked()
        self.void_button.setEnabled(ready and not self.session.read_only)

    def save(self) -> None:
        reason = self.reason.text().strip()
        if not reason or not self.confirm.isChecked():
            self.error.setText(self.tr("Give a reason and tick the confirmation."))
            return
        kind, row_id = self.kind, self.row_id
        description = self.tr("Void %1").replace("%1", record_label(kind))
        done = self.session.write(
            description,
            lambda repo: _void(repo, kind, row_id, reason),
            lambda repo: repo.unvoid(kind, row_id, f"Undo: {description}"),
            self,
            patient_id=self.patient_id,  # type: ignore[arg-type]
        )
        if done:
            self.accept()


def _read_or_refusal(editor: FieldEditor) -> object:
    """The field's value, or the sentence refusing what was typed (still input to ask about)."""
    try:
        return editor.read()
    except ValueError as exc:
        return str(exc)


def _void(repo: Repository, kind: str, row_id: int, reason: str) -> bool:
    repo.void(kind, row_id, reason)
    return True


def _correct_back(repo: Repository, kind: str, row_id: int, old: dict[str, object], reason: str) -> None:
    repo.correct(kind, row_id, old, reason)
