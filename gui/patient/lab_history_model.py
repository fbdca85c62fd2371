"""Columns of the lab history table: draw time, ANC in 10^9/L with its CTCAE grade, other counts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject

from clinical.model import LabResult
from gui.formatting import grade_colour, local_time, number
from gui.patient.record_table_model import Column, RecordTableModel


def _grade_text(lab: LabResult, baseline: Callable[[LabResult], bool]) -> str:
    text = f"{lab.grade} (CTCAE v{lab.ctcae_version})"
    if baseline(lab):  # before the first dose: shown, never a toxicity of treatment (issue 11)
        text += QCoreApplication.translate("LabHistoryModel", ", baseline")
    return text


def lab_columns(baseline: Callable[[LabResult], bool] = lambda lab: False) -> list[Column[LabResult]]:
    """`baseline` tells which results were drawn before the patient's first given dose."""
    return [
        Column(
            QCoreApplication.translate("LabHistoryModel", "Drawn (local)"),
            lambda lab: local_time(lab.drawn_at),
        ),
        Column(
            QCoreApplication.translate("LabHistoryModel", "ANC ×10⁹/L"),
            lambda lab: number(lab.anc, 3),
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("LabHistoryModel", "Neutropenia grade"),
            lambda lab: _grade_text(lab, baseline),
            background=lambda lab: grade_colour(lab.grade),
            tooltip=lambda lab: "\n".join(lab.reasons),
        ),
        Column(
            QCoreApplication.translate("LabHistoryModel", "LLN ×10⁹/L"),
            lambda lab: number(lab.lln, 3),
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("LabHistoryModel", "WBC ×10⁹/L"),
            lambda lab: number(lab.wbc),
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("LabHistoryModel", "Platelets ×10⁹/L"),
            lambda lab: number(lab.platelets, 0),
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("LabHistoryModel", "Hb g/L"),
            lambda lab: number(lab.haemoglobin_g_l, 0),
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("LabHistoryModel", "CRP mg/L"),
            lambda lab: number(lab.crp_mg_l, 1),
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("LabHistoryModel", "Ferritin µg/L"),
            lambda lab: number(lab.ferritin_ug_l, 0),
            align_right=True,
        ),
    ]


def lab_history_model(parent: QObject | None = None) -> RecordTableModel[LabResult]:
    return RecordTableModel(lab_columns(), parent)
