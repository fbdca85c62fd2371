"""The assessment form of any toxicity without a custom one, built from its definition's inputs.

Each InputSpec gets its editor (gui/widgets/input_editors.py): numbers are read and range-checked as every
clinical number is (gui/widgets/number_input.py), choices show the definition's labels, a CTCAE grade is
picked from the official sentences by keyboard, a linked dose is one of the patient's given doses
(the last one by default). The grade and its reasons are the definition's own `grade`, shown live;
storage computes the saved grade again with the same function (`repo.add_record`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from clinical.toxicities import ToxicityDefinition, ToxicityRecord
from gui.patient.assessment_form import AssessmentFormDialog, insert_with_undo
from gui.widgets.input_editors import InputEditor, link_choices, make_input_editor

if TYPE_CHECKING:
    from clinical.grade_result import Grade
    from clinical.model import PatientId
    from gui.session import Session


class ToxicityFormDialog(AssessmentFormDialog):
    """New record of one toxicity; the grade is computed from the inputs, never typed in (a picked
    CTCAE sentence is the clinician's reading of the scale, and its reason is the sentence)."""

    def __init__(
        self,
        session: Session,
        definition: ToxicityDefinition,
        patient_id: PatientId,
        parent: QWidget | None = None,
    ) -> None:
        title = QCoreApplication.translate("ToxicityForm", "New %1").replace(
            "%1", QCoreApplication.translate("toxicities", definition.record_label)
        )
        super().__init__(session, patient_id, title, parent)
        self.definition = definition
        self.editors: dict[str, InputEditor] = {}
        if definition.time_label:  # "Onset (local, UTC+01:00)": what the record's time is
            time_label = self.fields.labelForField(self.when)
            assert isinstance(time_label, QLabel)
            words = QCoreApplication.translate("ToxicityForm", "%1 (local, %2)").replace(
                "%1", QCoreApplication.translate("toxicities", definition.time_label)
            )
            time_label.setText(words.replace("%2", self.offset))
        for spec in definition.inputs:
            editor = make_input_editor(spec, session, patient_id)
            self.editors[spec.name] = editor
            self.fields.addRow(editor.label, editor.widget)
            if spec.hint and editor.hint_shown:
                editor.widget.setToolTip(spec.hint)
        link_choices(self.editors)  # first: the grade is re-graded with the term's own sentences
        for editor in self.editors.values():
            editor.changed(self.update_grade)
        if definition.overridable:
            self.override_grade.setRange(0, definition.max_grade)
        else:
            self.override_box.hide()  # the grade is the definition's only (no override allowed)
        if not definition.graded:
            self.grade_box.hide()  # an observation (a vital sign) has no grade to show
        self.update_grade()
        first = next((e for e in self.editors.values() if not e.prefilled), None)
        if first is not None:
            first.widget.setFocus()

    def values(self) -> dict[str, object]:
        """Every input's value (None when empty); ValueError names a field that cannot be read."""
        return {name: editor.read() for name, editor in self.editors.items()}

    def compute_grade(self) -> Grade:
        return self.definition.grade(self.values())

    def _inputs(self) -> tuple[object, ...]:
        """The base's texts, choices and ticks, and what was picked in lists (a CTCAE sentence)."""
        return (*super()._inputs(), *(e.read_state() for e in self.editors.values()))

    def missing(self) -> InputEditor | None:
        """The first required input left empty (a grade not picked, a number not typed)."""
        for editor in self.editors.values():
            if editor.spec.required and editor.read() in (None, ""):
                return editor
        return None

    def record(self, override: tuple[int | None, str]) -> ToxicityRecord:
        values = self.values()
        dose = next((n for n, e in self.editors.items() if e.spec.type == "dose"), None)
        return ToxicityRecord(
            kind=self.definition.record_kind,
            patient_id=self.patient_id,
            assessed_at=self.assessed_at(),
            values={name: value for name, value in values.items() if name != dose},
            dose_id=values[dose] if dose is not None else None,  # type: ignore[arg-type]
            override_grade=override[0],
            override_reason=override[1],
        )

    def save(self) -> bool:
        try:
            empty = self.missing()  # reads every input: an unreadable number raises here
        except ValueError as exc:  # a number that is not one, or out of range: nothing is saved
            self.error_label.setText(str(exc))
            return False
        if empty is not None:
            self.error_label.setText(
                QCoreApplication.translate("ToxicityForm", "Not saved: %1").replace(
                    "%1", empty.required_text()
                )
            )
            empty.widget.setFocus()
            return False
        override = self.override_values()
        if override is None:
            return False
        record = self.record(override)
        kind = self.definition.record_kind
        saved = insert_with_undo(
            self.session,
            QCoreApplication.translate("ToxicityForm", "Record %1").replace(
                "%1", QCoreApplication.translate("toxicities", self.definition.record_label)
            ),
            kind,
            lambda repo: repo.add_record(kind, record),
            self,
            self.patient_id,
            self.show_invalid,
        )
        return saved is not None
