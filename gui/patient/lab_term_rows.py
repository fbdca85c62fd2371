"""The lab form's other CTCAE lab terms (issue 15): one row per term of the registry with the sample's
value, its limit of normal, the patient's baseline and the live grade with why; the limits last used for
the typed lab source are offered (`Repository.last_inputs`). Split from gui/patient/lab_form.py by role:
the dialog owns the ANC, the counts and saving; this owns the rows of the other terms. Its strings keep
the "LabFormDialog" translation context they had in the dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit

from clinical.grade_result import not_graded_label
from clinical.toxicities import ToxicityDefinition, ToxicityRecord, all_definitions
from clinical.toxicities.lab_terms import SOURCE, baseline_value, fields_of, lab_term_definitions
from clinical.treatment_window import TreatmentWindow, treatment_window
from gui.formatting import grade_colour, local_time
from gui.widgets.number_input import NumberField, plain_number

if TYPE_CHECKING:
    from gui.patient.assessment_form import AssessmentFormDialog
    from storage.repository import Repository

# The LabResult fields a lab term took over (issue 15): the form's field for each, for the unit
# questions and the ANC-above-WBC check; old results keep their values in these fields (read-only).
TERM_OF_FIELD = {
    "wbc": "white_blood_cell_decreased",
    "platelets": "platelet_count_decreased",
    "haemoglobin_g_l": "anemia",
}


@dataclass
class TermRow:
    """One lab term's row in the form: its value, the sample's limit, the baseline and live grade."""

    definition: ToxicityDefinition
    value: NumberField
    limit: NumberField
    baseline: QLabel
    grade: QLabel
    reasons: QLabel
    history: Sequence[object]  # the patient's records of the term, where the baseline is found
    window: TreatmentWindow  # the patient's first and last given dose
    baseline_value: tuple[float, dt.datetime] | None = None
    offered_limit: str = ""  # the limit text the lab source filled in (replaced when it changes)

    @property
    def limit_name(self) -> str:
        """ "platelets_lln" (a decreased term) or "alt_uln" (an increased one)."""
        return fields_of(self.definition).limit


class LabTermRows:
    """The rows of the lab terms other than the ANC, in the lab form's extra area; `rows` by term id."""

    def __init__(self, form: AssessmentFormDialog, source: QLineEdit, repo: Repository) -> None:
        self.form = form
        self.source = source
        self.rows = self._build(repo)

    def _build(self, repo: Repository) -> dict[str, TermRow]:
        """A row per lab term of the registry: value, limit of normal, baseline, grade and why."""
        box = QGroupBox(
            QCoreApplication.translate(
                "LabFormDialog", "Other values of this sample (CTCAE v5.0, graded as you type)"
            )
        )
        grid = QGridLayout(box)
        for column, title in enumerate(
            (
                QCoreApplication.translate("LabFormDialog", "Value"),
                QCoreApplication.translate("LabFormDialog", "Limit of normal"),
                QCoreApplication.translate("LabFormDialog", "Baseline"),
                QCoreApplication.translate("LabFormDialog", "Grade"),
                QCoreApplication.translate("LabFormDialog", "Why"),
            )
        ):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column + 1)
        doses = treatment_window(repo.doses(self.form.patient_id))
        history = repo.records_by_kind(self.form.patient_id)
        rows: dict[str, TermRow] = {}
        for n, definition in enumerate(lab_term_definitions(all_definitions()), start=1):
            names = fields_of(definition)
            value_spec, limit_spec = definition.input(names.value), definition.input(names.limit)
            unit = value_spec.unit or QCoreApplication.translate("LabFormDialog", "lab's unit")
            # the registry's labels in the user's language (gui/registry_strings.py, "ToxicityForm")
            value_label = QCoreApplication.translate("ToxicityForm", value_spec.label)
            limit_label = QCoreApplication.translate("ToxicityForm", limit_spec.label)
            value = NumberField(
                value_label.split(" (")[0].split("（")[0],
                (value_spec.low or 0.0, value_spec.high or 0.0),
                unit,
            )
            value.setPlaceholderText(QCoreApplication.translate("LabFormDialog", "optional"))
            limit = NumberField(limit_label, (limit_spec.low or 0.0, limit_spec.high or 0.0), unit)
            limit.setPlaceholderText(
                QCoreApplication.translate("LabFormDialog", "LLN")
                if names.limit_is_lower
                else QCoreApplication.translate("LabFormDialog", "ULN")
            )
            records = history.get(definition.record_kind, [])
            row = TermRow(definition, value, limit, QLabel(), QLabel(), QLabel(), records, doses)
            for field in (value, limit):
                field.setMinimumWidth(90)  # "optional", "1500" shown whole
            row.grade.setObjectName(f"grade_{definition.id}")
            row.grade.setMinimumWidth(
                self.form.fontMetrics().horizontalAdvance("Not gradable: LLN not given") // 2
            )
            row.reasons.setWordWrap(True)
            row.reasons.setMinimumWidth(260)
            grid.addWidget(QLabel(value_label), n, 0)
            for column, widget in enumerate((value, limit, row.baseline, row.grade, row.reasons), start=1):
                grid.addWidget(widget, n, column)
            value.textChanged.connect(lambda _t, r=row: self.update(r))
            limit.textChanged.connect(lambda _t, r=row: self.update(r))
            rows[definition.id] = row
        grid.setColumnStretch(5, 1)
        self.form.extra.addWidget(box)
        return rows

    def offer_limits(self) -> None:
        """The limits last used for the typed lab source, in each limit field left empty or still
        holding the limit offered before (a limit typed by hand is kept)."""
        source = self.source.text().strip()
        for row in self.rows.values():
            if row.limit.text() not in ("", row.offered_limit):
                continue
            last = (
                self.form.session.repo.last_inputs(row.definition.record_kind, SOURCE, source)
                if source
                else None
            )
            limit = None if last is None else last.get(row.limit_name)
            row.offered_limit = "" if limit is None else plain_number(float(str(limit)))
            row.limit.setText(row.offered_limit)

    def update_all(self) -> None:
        for row in self.rows.values():
            self.update(row)

    def values(self, row: TermRow) -> dict[str, object] | None:
        """The inputs of one term's record as typed (None when no value); ValueError when unreadable."""
        value = row.value.value()
        limit = row.limit.value()
        if value is None:
            return None
        names = fields_of(row.definition)
        values: dict[str, object] = {names.value: value, names.limit: limit}
        if names.baseline:
            values[names.baseline] = None if row.baseline_value is None else row.baseline_value[0]
        source = self.source.text().strip()
        if source:
            values[SOURCE] = source
        return values

    def update(self, row: TermRow) -> None:
        """Re-grade one term from its fields as they are now (a rejected value is shown, not raised)."""
        found = baseline_value(row.history, row.definition, row.window, self.form.assessed_at())
        row.baseline_value = found
        row.baseline.setText(
            QCoreApplication.translate("LabFormDialog", "none before the first dose")
            if found is None
            else f"{plain_number(found[0])} ({local_time(found[1])})"
        )
        try:
            values = self.values(row)
        except ValueError as exc:
            row.grade.setText(QCoreApplication.translate("LabFormDialog", "Cannot grade yet"))
            row.grade.setStyleSheet("")
            row.reasons.setText(str(exc))
            return
        if values is None:
            row.grade.clear()
            row.grade.setStyleSheet("")
            row.reasons.clear()
            return
        grade = row.definition.grade(values)
        row.reasons.setText("\n".join(grade.reasons))
        if grade.grade is None:
            label = not_graded_label(grade.reasons)
            row.grade.setText(label[:1].upper() + label[1:])
            row.grade.setStyleSheet("border: 2px dashed #b36b00;")
            return
        row.grade.setText(
            QCoreApplication.translate("LabFormDialog", "Grade %1").replace("%1", str(grade.grade))
        )
        colour = grade_colour(grade.grade)
        row.grade.setStyleSheet("font-weight: bold;" + (f"background: {colour.name()};" if colour else ""))

    def records(self) -> list[tuple[str, ToxicityRecord]] | None:
        """One record per lab term filled in, or None with the reason shown beside the form."""
        records = []
        for row in self.rows.values():
            try:
                values = self.values(row)
            except ValueError as exc:
                self.form.error_label.setText(str(exc))
                row.value.setFocus()
                return None
            if values is None:
                continue
            kind = row.definition.record_kind
            records.append(
                (kind, ToxicityRecord(kind, self.form.patient_id, self.form.assessed_at(), values))
            )
        return records
