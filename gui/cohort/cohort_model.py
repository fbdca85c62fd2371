"""Columns of the cohort table: per regimen and pooled, grade 3-4 k/n, rate, exact CI, trial rate,
verdict, and grade 5 (death) in its own column, outside the comparison (issue 11). The long headers
break over two or three short lines (the cap that fits the columns at 1400 px cut longer ones:
"rade 5 (death") and the verdict wraps, so the table fits the default window (the Verdict column
was cut at 1400 px, issue 13)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor

from clinical.incidence import CohortComparison, Comparison, Verdict
from gui.patient.record_table_model import Column, RecordTableModel
from gui.patient.toxicity_wording import toxicity_label

_VERDICT_COLOURS = {Verdict.ABOVE: "#ef9a9a", Verdict.BELOW: "#c8e6c9", Verdict.TOO_FEW: "#eeeeee"}


def percent(value: float) -> str:
    """ "28.6 %" with a no-break space: a narrow column wraps between figures, never before the %."""
    return f"{value * 100:.1f}\u00a0%"


def p_text(p_value: float) -> str:
    """Two decimals, or "< 0.001" rather than a misleading "0.00"."""
    return "< 0.001" if p_value < 0.001 else f"{p_value:.3f}" if p_value < 0.01 else f"{p_value:.2f}"


def _with(row: CohortComparison, text: Callable[[Comparison], str]) -> str:
    """A compared row's figure; empty without patients or without a trial figure to compare with
    (a toxicity the trial reported nothing for has no interval, p or verdict: it is never compared)."""
    return text(row.comparison) if row.patients and row.comparison is not None else ""


def rate_text(row: CohortComparison) -> str:
    """The cohort's grade 3-4 rate, also for a toxicity with no trial comparator (its own count)."""
    if not row.patients:
        return ""
    return percent(row.comparison.rate if row.comparison is not None else row.events / row.patients)


def verdict_text(row: CohortComparison) -> str:
    if row.comparison is None:  # never compared; the tooltip says why in full (comparator_text)
        return QCoreApplication.translate("CohortModel", "no trial comparator")
    verdict = Verdict(row.comparison.verdict)
    if verdict == Verdict.TOO_FEW:
        return QCoreApplication.translate("CohortModel", "too few patients to compare")
    if verdict == Verdict.ABOVE:
        return QCoreApplication.translate("CohortModel", "above the trial")
    if verdict == Verdict.BELOW:
        return QCoreApplication.translate("CohortModel", "below the trial")
    return QCoreApplication.translate("CohortModel", "consistent with the trial")


def verdict_colour(row: CohortComparison) -> QColor | None:
    if row.comparison is None:
        return None
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
            rate_text,
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("CohortModel", "95 %\nexact CI"),
            lambda r: _with(r, lambda c: f"{percent(c.ci_low)} – {percent(c.ci_high)}"),
        ),
        Column(
            QCoreApplication.translate("CohortModel", "Trial rate\n(pooled,\ngrade 3-4)"),
            lambda r: "—" if r.trial_rate is None else f"{r.trial_rate * 100:.0f} %",
            align_right=True,
        ),
        Column(
            QCoreApplication.translate("CohortModel", "p (exact,\ntwo-sided)"),
            lambda r: _with(r, lambda c: p_text(c.p_value)),
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
            tooltip=lambda r: r.comparator_text,
            wrap=True,
        ),
    ]


def cohort_model(parent: QObject | None = None) -> RecordTableModel[CohortComparison]:
    return RecordTableModel(cohort_columns(), parent)
