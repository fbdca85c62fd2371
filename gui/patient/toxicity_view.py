"""One patient's records of any toxicity without a custom view: a column per input, the grade and why.

Columns come from the definition's inputs (a linked dose shows its cycle day, date and injection
site; a picked CTCAE grade is the Grade column itself, with the sentence under "Why"), so a
toxicity added as a definition module has its tab without GUI code of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from clinical.model import Dose, DoseId, PatientId
from clinical.toxicities import InputSpec, ToxicityDefinition
from gui.formatting import grade_colour, local_time, number
from gui.patient.crs_view import grade_text
from gui.patient.record_list_view import RecordListView
from gui.patient.record_table_model import Column
from gui.patient.toxicity_form import ToxicityFormDialog
from gui.patient.toxicity_wording import label
from gui.widgets.input_editors import dose_text, linked_record_text

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository


def grade_summary(record: object) -> str:
    """The effective grade in a few words ("grade 3", "not gradable: no grade was picked")."""
    from clinical.grade_result import not_graded_label

    effective = getattr(record, "effective_grade", None)
    if effective is None:
        return not_graded_label(getattr(record, "reasons", ()))
    return QCoreApplication.translate("ToxicityView", "grade %1").replace("%1", str(effective))


class ToxicityView(RecordListView[object]):
    """Records of one toxicity (oldest first, as stored); right-click to correct, void, see history."""

    def __init__(
        self, session: Session, definition: ToxicityDefinition, parent: QWidget | None = None
    ) -> None:
        self.definition = definition
        self.kind = definition.record_kind
        self._doses: dict[DoseId, str] = {}
        self._linked: dict[int, str] = {}
        new_label = QCoreApplication.translate("ToxicityView", "New %1...").replace(
            "%1", QCoreApplication.translate("toxicities", definition.record_label)
        )
        super().__init__(session, new_label, self.columns(), parent)

    def columns(self) -> list[Column[object]]:
        d = self.definition
        # the registry's words are marked under "toxicities" (gui/registry_strings.py)
        time = (
            QCoreApplication.translate("toxicities", d.time_label)
            if d.time_label
            else QCoreApplication.translate("ToxicityView", "Time")
        )
        columns: list[Column[object]] = [
            Column(
                QCoreApplication.translate("ToxicityView", "%1 (local)").replace("%1", time),
                lambda r: local_time(d.at(r)),
            )
        ]
        columns += [
            self._input_column(spec)
            for spec in d.inputs
            if spec.type not in ("grade_pick", "ice_items") and spec.listed
        ]
        if not d.graded:  # an observation (a vital sign): its values are the record
            return columns
        columns += [
            Column(
                QCoreApplication.translate("ToxicityView", "Grade"),
                lambda r: grade_text(
                    getattr(r, "grade", None), getattr(r, "override_grade", None), getattr(r, "reasons", ())
                ),
                background=lambda r: grade_colour(getattr(r, "effective_grade", None)),
                tooltip=lambda r: "\n".join(
                    (*getattr(r, "reasons", ()), getattr(r, "override_reason", ""))
                ).strip(),
            ),
            Column(
                QCoreApplication.translate("ToxicityView", "Why"),
                lambda r: "; ".join(getattr(r, "reasons", ())),
                wrap=True,
            ),
        ]
        return columns

    def _input_column(self, spec: InputSpec) -> Column[object]:
        values = self.definition.values

        def text(record: object) -> str:
            value = values(record).get(spec.name)
            if value is None or value == "":
                return ""
            if spec.type == "dose":
                return self._doses.get(DoseId(int(str(value))), "")
            if spec.type == "flag":
                return QCoreApplication.translate("ToxicityView", "yes") if value else ""
            if spec.type == "number":
                return number(float(str(value)), 3)
            if spec.type == "choice":
                return QCoreApplication.translate("formatting", spec.choice_label(value))
            if spec.type == "term":  # the event as named (an "Other, specify" term with its name)
                return self.definition.name_of(record) or str(value)
            if spec.type == "datetime":
                return local_time(dt.datetime.fromisoformat(str(value)))
            if spec.type == "record":
                return self._linked.get(int(str(value)), f"#{value}")
            if spec.type == "ticks" and isinstance(value, tuple | list):
                return "; ".join(
                    QCoreApplication.translate("formatting", spec.choice_label(v)) for v in value
                )
            return str(value)

        header = (
            QCoreApplication.translate("ToxicityView", "After dose (cycle day · given · site)")
            if spec.type == "dose"
            else QCoreApplication.translate("ToxicityView", spec.column or spec.label)
        )
        return Column(header, text, align_right=spec.type == "number")

    def fetch(self, repo: Repository, patient_id: PatientId) -> list[object]:
        """The records, after the patient's doses their dose column describes."""
        cycles = {c.id: c.number for c in repo.cycles(patient_id)}
        doses: list[Dose] = repo.doses(patient_id)
        self._doses = {d.id: dose_text(d, cycles) for d in doses if d.id is not None}
        linked = {spec.links_kind for spec in self.definition.inputs if spec.type == "record"}
        self._linked = {
            int(getattr(r, "id", 0)): linked_record_text(r)
            for kind in linked
            for r in repo.records(kind, patient_id, include_voided=True)
        }
        return list(repo.records(self.kind, patient_id, include_voided=self.include_voided()))

    def new_form(self, patient_id: PatientId) -> QDialog:
        """The generic form: a toxicity with a richer form has its richer view (gui/toxicity_gui.py)."""
        return ToxicityFormDialog(self.session, self.definition, patient_id, self)

    def summary(self, record: object) -> str:
        """ "Temperature 2026-03-01 08:00, 38.6 °C" (an observation's first input) or
        "Injection site reaction 2026-03-01 08:00, grade 1"."""
        d = self.definition
        first = d.inputs[0]
        what = (
            grade_summary(record)
            if d.graded
            else f"{self._input_column(first).text(record)} {first.unit}".strip()
        )
        named = d.name_of(record) or label(d)  # an adverse event by its term: "Tremor ..., grade 2"
        return "%1 %2, %3".replace("%1", named).replace("%2", local_time(d.at(record))).replace("%3", what)
