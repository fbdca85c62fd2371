"""One patient's ICANS assessments: ICE score, the other domains, the grade, "New ICANS assessment"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from clinical.model import IcansAssessment, PatientId
from clinical.toxicities.definitions.icans import DEFINITION as ICANS
from gui.formatting import grade_colour, local_time
from gui.patient.crs_view import grade_summary, grade_text
from gui.patient.record_list_view import RecordListView
from gui.patient.record_table_model import Column
from gui.patient.toxicity_wording import choice_text

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository


def ice_text(a: IcansAssessment) -> str:
    if a.ice_score is None:
        reason = a.ice_unable_reason or QCoreApplication.translate("IcansView", "not performed")
        return QCoreApplication.translate("IcansView", "not done (%1)").replace("%1", reason)
    return f"{a.ice_score}/10"


def icans_columns() -> list[Column[IcansAssessment]]:
    return [
        Column(QCoreApplication.translate("IcansView", "Time (local)"), lambda a: local_time(a.assessed_at)),
        Column(QCoreApplication.translate("IcansView", "ICE"), ice_text),
        Column(
            QCoreApplication.translate("IcansView", "Consciousness"),
            lambda a: choice_text(ICANS, "consciousness", a.consciousness),
        ),
        Column(
            QCoreApplication.translate("IcansView", "Seizure"),
            lambda a: choice_text(ICANS, "seizure", a.seizure),
        ),
        Column(
            QCoreApplication.translate("IcansView", "Motor"), lambda a: choice_text(ICANS, "motor", a.motor)
        ),
        Column(
            QCoreApplication.translate("IcansView", "Raised ICP"),
            lambda a: choice_text(ICANS, "raised_icp", a.raised_icp),
        ),
        Column(
            QCoreApplication.translate("IcansView", "Grade"),
            lambda a: grade_text(a.grade, a.override_grade, a.reasons),
            background=lambda a: grade_colour(a.effective_grade),
            tooltip=lambda a: "\n".join((*a.reasons, a.override_reason)).strip(),
        ),
        Column(QCoreApplication.translate("IcansView", "Why"), lambda a: "; ".join(a.reasons), wrap=True),
    ]


class IcansView(RecordListView[IcansAssessment]):
    kind = "icans"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            QCoreApplication.translate("IcansView", "New ICANS assessment..."),
            icans_columns(),
            parent,
        )

    def fetch(self, repo: Repository, patient_id: PatientId) -> list[IcansAssessment]:
        return repo.icans(patient_id, include_voided=self.include_voided())

    def new_form(self, patient_id: PatientId) -> QDialog:
        from gui.patient.icans_form import IcansFormDialog

        return IcansFormDialog(self.session, patient_id, self)

    def summary(self, record: IcansAssessment) -> str:
        return (
            QCoreApplication.translate("IcansView", "ICANS %1, %2")
            .replace("%1", local_time(record.assessed_at))
            .replace("%2", grade_summary(record))
        )
