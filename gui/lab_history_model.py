"""Columns of the lab history table: draw time, ANC in 10^9/L with its CTCAE grade, other counts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject

from clinical.model import LabResult
from gui.formatting import grade_colour, local_time, number
from gui.record_table_model import Column, RecordTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("LabHistoryModel", text)


def lab_columns() -> list[Column[LabResult]]:
    return [
        Column(_tr("Drawn (local)"), lambda lab: local_time(lab.drawn_at)),
        Column(_tr("ANC ×10⁹/L"), lambda lab: number(lab.anc, 3), align_right=True),
        Column(
            _tr("Neutropenia grade"),
            lambda lab: f"{lab.grade} (CTCAE v{lab.ctcae_version})",
            background=lambda lab: grade_colour(lab.grade),
            tooltip=lambda lab: "\n".join(lab.reasons),
        ),
        Column(_tr("LLN ×10⁹/L"), lambda lab: number(lab.lln, 3), align_right=True),
        Column(_tr("WBC ×10⁹/L"), lambda lab: number(lab.wbc), align_right=True),
        Column(_tr("Platelets ×10⁹/L"), lambda lab: number(lab.platelets, 0), align_right=True),
        Column(_tr("Hb g/L"), lambda lab: number(lab.haemoglobin_g_l, 0), align_right=True),
        Column(_tr("CRP mg/L"), lambda lab: number(lab.crp_mg_l, 1), align_right=True),
        Column(_tr("Ferritin µg/L"), lambda lab: number(lab.ferritin_ug_l, 0), align_right=True),
    ]


def lab_history_model(parent: QObject | None = None) -> RecordTableModel[LabResult]:
    return RecordTableModel(lab_columns(), parent)
