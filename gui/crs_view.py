"""One patient's CRS assessments: inputs, the computed grade, any override, and "New CRS assessment"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from clinical.model import CrsAssessment, PatientId
from gui.formatting import choice_label, grade_colour, local_time, number
from gui.record_list_view import RecordListView
from gui.record_table_model import Column

if TYPE_CHECKING:
    from gui.session import Session
    from storage.repository import Repository


def grade_text(grade: int, override: int | None) -> str:
    """ "3" or "2 (override; computed 3)": an override is never shown without the computed grade."""
    if override is None:
        return str(grade)
    return (
        QCoreApplication.translate("CrsView", "%1 (override; computed %2)")
        .replace("%1", str(override))
        .replace("%2", str(grade))
    )


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
        Column(QCoreApplication.translate("CrsView", "Hypotension"), lambda a: choice_label(a.hypotension)),
        Column(QCoreApplication.translate("CrsView", "Oxygen"), lambda a: choice_label(a.oxygen)),
        Column(
            QCoreApplication.translate("CrsView", "Grade"),
            lambda a: grade_text(a.grade, a.override_grade),
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
        from gui.crs_form import CrsFormDialog

        return CrsFormDialog(self.session, patient_id, self)

    def summary(self, record: CrsAssessment) -> str:
        return (
            QCoreApplication.translate("CrsView", "CRS %1, grade %2")
            .replace("%1", local_time(record.assessed_at))
            .replace("%2", str(record.effective_grade))
        )
