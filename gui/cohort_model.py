"""Columns of the cohort table: per regimen and pooled, grade 3-4 k/n, rate, exact CI, trial rate,
verdict, and grade 5 (death) in its own column, outside the comparison (issue 11). The long headers
break over two or three short lines (the cap that fits the columns at 1400 px cut longer ones:
"rade 5 (death") and the verdict wraps, so the table fits the default window (the Verdict column
was cut at 1400 px, issue 13)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor

from clinical.incidence import CohortComparison, Verdict
from gui.record_table_model import Column, RecordTableModel
from gui.toxicity_gui import toxicity_label

_VERDICT_COLOURS = {Verdict.ABOVE: "#ef9a9a", Verdict.BELOW: "#c8e6c9", Verdict.TOO_FEW: "#eeeeee"}


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def p_text(p_value: float) -> str:
    """Two decimals, or "< 0.001" rather than a misleading "0.00"."""
    return "< 0.001" if p_value < 0.001 else f"{p_value:.3f}" if p_value < 0.01 else f"{p_value:.2f}"


def verdict_text(row: CohortComparison) -> str:
    verdict = Verdict(row.comparison.verdict)
    if verdict == Verdict.TOO_FEW:
        return QCoreApplication.translate("CohortModel", "too few patients to compare")
    if verdict == Verdict.ABOVE:
        return QCoreApplication.translate("CohortModel", "above the trial")
    if verdict == Verdict.BELOW:
        return QCoreApplication.translate("CohortModel", "below the trial")
    return QCoreApplication.translate("CohortModel", "consistent with the trial")


def verdict_colour(row: CohortComparison) -> QColor | None:
    colour = _VERDICT_COLOURS.get(Verdict(row.comparison.verdict))
    return None if colour is None else QColor(colour)


def regimen_label(regimen: str) -> str:
    return QCoreApplication.translate("CohortModel", "All regimens (pooled)") if regimen == "All" else regimen


def cohort_columns() -> list[Column[CohortComparison]]:
    return [
        Column(QCoreApplication.translate("CohortModel", "Regimen"), lambda r: regimen_label(r.regimen)),
        Column(
            QCoreApplication.translate("CohortModel", "Toxicity"), lambda r: toxicity_label(str(r.toxicity))
        ),
        Column(
            QCoreApplication.translate("CohortModel", "Grade 3-4\n/ treated"),
            lambda r: f"{r.events} / {r.patients}",
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("CohortModel", "Rate"),
            lambda r: percent(r.comparison.rate) if r.patients else "",
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("CohortModel", "95 %\nexact CI"),
            lambda r: (
                f"{percent(r.comparison.ci_low)} – {percent(r.comparison.ci_high)}" if r.patients else ""
            ),
        ),
        Column(
            QCoreApplication.translate("CohortModel", "Trial rate\n(pooled,\ngrade 3-4)"),
            lambda r: f"{r.trial_rate * 100:.0f} %",
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("CohortModel", "p (exact,\ntwo-sided)"),
            lambda r: p_text(r.comparison.p_value) if r.patients else "",
        ),
        Column(
            QCoreApplication.translate("CohortModel", "Grade 5\n(death), not\ncompared"),
            lambda r: f"{r.grade5} / {r.patients}",
            align_right=True,
            background=lambda r: QColor(_VERDICT_COLOURS[Verdict.ABOVE]) if r.grade5 else None,
        ),
        Column(
            QCoreApplication.translate("CohortModel", "Verdict"),
            verdict_text,
            background=verdict_colour,
            wrap=True,
        ),
    ]


def cohort_model(parent: QObject | None = None) -> RecordTableModel[CohortComparison]:
    return RecordTableModel(cohort_columns(), parent)
