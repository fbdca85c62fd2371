"""The Labs tab's second list: every CTCAE lab term graded from a lab value (platelets, ALT, ...), one
row per record, newest sample last, with its limit of normal, baseline, grade and why (issue 15).

The records are made by the lab form (one sample: its ANC and its other values); here each can be
corrected, voided and its history read from the row's menu, as every record kind's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from clinical.model import PatientId
from clinical.toxicities import ToxicityRecord, all_definitions, definition_of
from clinical.toxicities.lab_terms import SOURCE, fields_of, lab_term_definitions
from clinical.treatment_window import TreatmentWindow, treatment_window
from gui.formatting import grade_colour, local_time, number
from gui.patient.crs_view import grade_text
from gui.patient.record_list_view import RecordListView
from gui.patient.record_table_model import Column
from gui.patient.toxicity_wording import label

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository


def _input(record: object, which: str) -> str:
    """The record's value, limit or baseline ("value", "limit", "baseline") as a number."""
    definition = definition_of(record)
    name = getattr(fields_of(definition), which)
    value = definition.values(record).get(name) if name else None
    return "" if value is None or value == "" else number(float(str(value)), 3)


def _limit(record: object) -> str:
    """ "LLN 150" or "ULN 40" (empty when the sample's limit was not given)."""
    shown = _input(record, "limit")
    word = "LLN" if fields_of(definition_of(record)).limit_is_lower else "ULN"
    return f"{word} {shown}" if shown else ""


def _unit(record: object) -> str:
    definition = definition_of(record)
    return definition.input(fields_of(definition).value).unit


class LabTermsView(RecordListView[ToxicityRecord]):
    """The patient's lab-term records of every term, by time; the lab form above makes them."""

    treatment = TreatmentWindow(None, None)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, "", self.columns(), parent)
        self.new_button.hide()  # one sample is entered once, with the ANC: "New lab result..."

    def columns(self) -> list[Column[ToxicityRecord]]:
        def grade(record: ToxicityRecord) -> str:
            text = grade_text(record.grade, record.override_grade, record.reasons)
            if self.treatment.is_baseline(record.assessed_at):
                text += QCoreApplication.translate("LabTermsView", ", baseline")
            return text

        return [
            Column(
                QCoreApplication.translate("LabTermsView", "Drawn (local)"),
                lambda r: local_time(r.assessed_at),
            ),
            Column(QCoreApplication.translate("LabTermsView", "Term"), lambda r: label(definition_of(r))),
            Column(
                QCoreApplication.translate("LabTermsView", "Value"),
                lambda r: f"{_input(r, 'value')} {_unit(r)}".strip(),
                align_right=True,
            ),
            Column(QCoreApplication.translate("LabTermsView", "Limit"), _limit, align_right=True),
            Column(
                QCoreApplication.translate("LabTermsView", "Baseline"),
                lambda r: _input(r, "baseline"),
                align_right=True,
            ),
            Column(
                QCoreApplication.translate("LabTermsView", "Lab source"),
                lambda r: str(definition_of(r).values(r).get(SOURCE) or ""),
            ),
            Column(
                QCoreApplication.translate("LabTermsView", "Grade"),
                grade,
                background=lambda r: grade_colour(r.effective_grade),
                tooltip=lambda r: "\n".join(r.reasons),
            ),
            Column(
                QCoreApplication.translate("LabTermsView", "Why"), lambda r: "; ".join(r.reasons), wrap=True
            ),
        ]

    def fetch(self, repo: Repository, patient_id: PatientId) -> list[ToxicityRecord]:
        """Every lab term's records of the patient, by time (then id)."""
        self.treatment = treatment_window(repo.doses(patient_id))
        found: list[ToxicityRecord] = []
        for definition in lab_term_definitions(all_definitions()):
            records = repo.records(definition.record_kind, patient_id, include_voided=self.include_voided())
            found += [r for r in records if isinstance(r, ToxicityRecord)]
        return sorted(found, key=lambda r: (r.assessed_at, r.id or 0))

    def _record_at(self, row: int) -> tuple[str, int, object, str] | None:
        record = self.model.row_at(self.model.index(row, 0))
        if record is None or record.id is None:
            return None
        return record.kind, record.id, record, self.summary(record)

    def new_form(self, patient_id: PatientId) -> QDialog:
        from gui.patient.lab_form import LabFormDialog

        return LabFormDialog(self.session, patient_id, self)

    def summary(self, record: ToxicityRecord) -> str:
        """ "Platelet count decreased 2026-03-01 08:00, 20 ×10⁹/L" (as history and void dialogs name it)."""
        value = f"{_input(record, 'value')} {_unit(record)}".strip()
        return f"{label(definition_of(record))} {local_time(record.assessed_at)}, {value}"
