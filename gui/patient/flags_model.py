"""Columns of the flags table: severity (coloured), toxicity, the explaining sentence, trial figure."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QColor

from clinical.findings import Flag, Severity
from gui.formatting import choice_label, local_time
from gui.patient.record_table_model import Column, RecordTableModel
from gui.patient.toxicity_wording import toxicity_label

_SEVERITY_COLOURS = {Severity.CRITICAL: "#ef9a9a", Severity.WARNING: "#ffe0b2", Severity.INFO: "#e3f2fd"}


def severity_colour(flag: Flag) -> QColor:
    return QColor(_SEVERITY_COLOURS.get(Severity(flag.severity), "#ffffff"))


def trial_figure(flag: Flag) -> str:
    if flag.trial_rate is None:
        return ""
    return QCoreApplication.translate("FlagsModel", "%1 % in the trial").replace(
        "%1", f"{flag.trial_rate * 100:.0f}"
    )


def flag_columns() -> list[Column[Flag]]:
    return [
        Column(
            QCoreApplication.translate("FlagsModel", "Severity"),
            lambda f: choice_label(f.severity),
            background=severity_colour,
        ),
        Column(
            QCoreApplication.translate("FlagsModel", "Toxicity"), lambda f: toxicity_label(str(f.toxicity))
        ),
        Column(
            QCoreApplication.translate("FlagsModel", "What needs attention"),
            lambda f: f.message,
            tooltip=lambda f: f.message,
        ),
        Column(QCoreApplication.translate("FlagsModel", "Trial figure"), trial_figure),
        Column(QCoreApplication.translate("FlagsModel", "Since (local)"), lambda f: local_time(f.at)),
    ]


def flags_model(parent: QObject | None = None) -> RecordTableModel[Flag]:
    return RecordTableModel(flag_columns(), parent)
