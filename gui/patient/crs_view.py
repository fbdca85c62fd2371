"""One patient's CRS assessments: inputs, the computed grade, any override, and "New CRS assessment"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from clinical.grade_result import not_graded_label
from clinical.model import CrsAssessment, IcansAssessment, PatientId
from clinical.toxicities.definitions.crs import DEFINITION as CRS
from gui.formatting import grade_colour, local_time, number
from gui.patient.record_list_view import RecordListView
from gui.patient.record_table_model import Column
from gui.patient.toxicity_wording import choice_text

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository


def grade_text(grade: int | None, override: int | None, reasons: Sequence[str] = ()) -> str:
    """ "3" or "2 (override; computed 3)": an override is never shown without the computed grade.
    No grade reads "not gradable: temperature not recorded" (or why it was not graded), never 0."""
    computed = not_graded_label(reasons) if grade is None else str(grade)
    if override is None:
        return computed
    return (
        QCoreApplication.translate("CrsView", "%1 (override; computed %2)")
        .replace("%1", str(override))
        .replace("%2", computed)
    )


def grade_summary(record: CrsAssessment | IcansAssessment) -> str:
    """The effective grade in a sentence ("grade 3", or "not gradable: ICE not assessed")."""
    if record.effective_grade is None:
        return not_graded_label(record.reasons)
    return QCoreApplication.translate("CrsView", "grade %1").replace("%1", str(record.effective_grade))


def crs_columns() -> list[Column[CrsAssessment]]:
    return [
        Column(QCoreApplication.translate("CrsView", "Time (local)"), lambda a: local_time(a.assessed_at)),
        Column(
            QCoreApplication.translate("CrsView", "Temp °C"),
            lambda a: (
                QCoreApplication.translate("CrsView", "not measured")
                if a.temperature_c is None
                else number(a.temperature_c, 1)
            ),
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("CrsView", "Fever\nmasked"),
            lambda a: QCoreApplication.translate("CrsView", "yes") if a.fever_masked else "",
        ),
        Column(
            QCoreApplication.translate("CrsView", "Hypotension"),
            lambda a: choice_text(CRS, "hypotension", a.hypotension),
        ),
        Column(
            QCoreApplication.translate("CrsView", "Oxygen"), lambda a: choice_text(CRS, "oxygen", a.oxygen)
        ),
        Column(
            QCoreApplication.translate("CrsView", "Grade"),
            lambda a: grade_text(a.grade, a.override_grade, a.reasons),
            background=lambda a: grade_colour(a.effective_grade),
            tooltip=lambda a: "\n".join((*a.reasons, a.override_reason)).strip(),
        ),
        Column(QCoreApplication.translate("CrsView", "Why"), lambda a: "; ".join(a.reasons), wrap=True),
        Column(QCoreApplication.translate("CrsView", "Treatment"), lambda a: a.treatment),
    ]


class CrsView(RecordListView[CrsAssessment]):
    """CRS history (newest last, as stored) with the grade explained; right-click to correct."""

    kind = "crs"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            session, QCoreApplication.translate("CrsView", "New CRS assessment..."), crs_columns(), parent
        )

    def fetch(self, repo: Repository, patient_id: PatientId) -> list[CrsAssessment]:
        return repo.crs(patient_id, include_voided=self.include_voided())

    def new_form(self, patient_id: PatientId) -> QDialog:
        from gui.patient.crs_form import CrsFormDialog

        return CrsFormDialog(self.session, patient_id, self)

    def summary(self, record: CrsAssessment) -> str:
        return (
            QCoreApplication.translate("CrsView", "CRS %1, %2")
            .replace("%1", local_time(record.assessed_at))
            .replace("%2", grade_summary(record))
        )
