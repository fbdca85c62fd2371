"""A record's audit history: who did what when and why, one row per changed field (old -> new).

The audit log stores column names and raw values (`voided 0 -> 1`, JSON reasons, `patient_id=1`);
this dialog shows them as the forms do (issue 13): the field's label, local times, choices in words,
yes/no, the subject id for the patient, and drops what only repeats another column.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from clinical.model import AuditEntry, PatientId
from clinical.toxicities import InputSpec, ToxicityRecord, all_definitions
from clinical.wording import field_label
from gui.formatting import choice_label, local_time, number
from gui.i18n import QT_TRANSLATE_NOOP
from gui.patient.record_table_model import Column, RecordTableModel
from gui.patient.toxicity_wording import choice_text, record_label
from gui.widgets.wrapping_table import WrappingTableView

if TYPE_CHECKING:
    from gui.session import Session


WRAPPED_COLUMNS = {3: 170, 4: 360, 5: 260}  # Field, Old → new, Reason: widest before they wrap (px)


@dataclass(frozen=True)
class HistoryLine:
    """One audit entry and one of its changed fields (an entry with no field change gives one line)."""

    entry: AuditEntry
    field: str
    old: object
    new: object


# Columns the audit keeps that a reader does not need on a line of their own: the link to the cycle
# (the cycle day says it), the void flag of a new record (always "no") and the void reason (the
# Reason column shows it).
# A data-defined record's effective grade repeats its grade (or override) and its kind the title.
_NOT_SHOWN = {"cycle_id", "void_reason", "effective_grade"}
_ON_INSERT_NOT_SHOWN = {*_NOT_SHOWN, "voided", "id", "kind", "table_name"}
_INPUT = "inputs."  # a data-defined record's inputs are one JSON column: one line per input here


def _expanded(changes: Mapping[str, tuple[object, object]], insert: bool) -> dict[str, tuple[object, object]]:
    """The changes with a data-defined record's JSON `inputs` split into one change per input
    (named "inputs.<input>"), only those that changed unless this is the insert."""
    out = {name: change for name, change in changes.items() if name != "inputs"}
    if "inputs" in changes:
        old, new = (_json(value) for value in changes["inputs"])
        for key in sorted({*old, *new}):
            if insert or old.get(key) != new.get(key):
                out[_INPUT + key] = (old.get(key), new.get(key))
    return out


def _json(value: object) -> dict[str, object]:
    if isinstance(value, str) and value.startswith("{"):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {}
    return {}


def _input_spec(name: str) -> InputSpec | None:
    """The InputSpec of a data-defined toxicity's input "inputs.<name>"."""
    key = name.removeprefix(_INPUT)
    for definition in all_definitions():
        if definition.record_type is ToxicityRecord:
            for spec in definition.inputs:
                if spec.name == key:
                    return spec
    return None


_YES_NO = {"voided"}  # and every toxicity's flag inputs (_inputs_of_type)


def _subject_unknown(patient_id: int) -> str:
    return QCoreApplication.translate("HistoryModel", "patient %1").replace("%1", str(patient_id))


def history_lines(
    entries: list[AuditEntry], subject: Callable[[int], str] = _subject_unknown
) -> list[HistoryLine]:
    """One line per changed field; the insert is one line listing the values it was created with.
    `subject` names a patient by id (the dialog passes the subject id lookup)."""
    lines: list[HistoryLine] = []
    for entry in entries:
        # a record moved into the assessment table by schema upgrade 8 ("table_name": [old, new]) is
        # listed with the values it was moved with, as an insert is (the Reason column says why)
        whole = entry.action == "insert" or "table_name" in entry.changes
        changes = _expanded(entry.changes, whole)
        if whole:
            values = [
                f"{_label(name)}: {_value(name, new, subject)}"
                for name, (_old, new) in sorted(changes.items())
                if name not in _ON_INSERT_NOT_SHOWN and _value(name, new, subject)
            ]
            lines.append(HistoryLine(entry, "", None, "; ".join(values)))
            continue
        shown = {name: change for name, change in changes.items() if name not in _NOT_SHOWN}
        if not shown:
            lines.append(HistoryLine(entry, "", None, None))
        for name, (old, new) in sorted(shown.items()):
            lines.append(HistoryLine(entry, name, _value(name, old, subject), _value(name, new, subject)))
    return lines


def _label(name: str) -> str:
    if name.startswith(_INPUT):
        spec = _input_spec(name)
        return spec.label if spec is not None else name.removeprefix(_INPUT)
    return QCoreApplication.translate("wording", field_label(name))


def _value(name: str, value: object, subject: Callable[[int], str] = _subject_unknown) -> str:
    """A stored value as the forms show it: local time, words for choices, yes/no, the subject id."""
    if value is None or value == "":
        return ""
    if name.startswith(_INPUT):
        spec = _input_spec(name)
        if spec is not None and spec.type in ("choice", "grade_pick"):
            return QCoreApplication.translate("formatting", spec.choice_label(value))
        return _value(name.removeprefix(_INPUT), value, subject)
    if name == "patient_id" and isinstance(value, int):
        return subject(value)
    if name in _YES_NO or name in _inputs_of_type("flag"):
        yes = QCoreApplication.translate("HistoryModel", "yes")
        return yes if value else QCoreApplication.translate("HistoryModel", "no")
    if name == "reasons" and isinstance(value, str) and value.startswith("["):
        return "; ".join(str(reason) for reason in json.loads(value))
    if name == "ice_items" and isinstance(value, str):
        return QCoreApplication.translate("HistoryModel", "%1 of 10 passed").replace(
            "%1", str(value.count("1"))
        )
    if isinstance(value, float):
        return number(value, 3)
    if isinstance(value, str) and len(value) >= 19 and value[10:11] == "T":
        try:
            return local_time(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and name not in _FREE_TEXT and name not in _inputs_of_type("text"):
        return _choice_words(name, value)
    return str(value)


# Fields whose stored text is the user's own words, shown as typed (the others are choice values).
_FREE_TEXT = {
    "subject_id", "regimen", "name", "mrn", "status_reason", "notes", "lot", "reason_text",
    "premedication", "recorded_by", "treatment", "ice_unable_reason", "override_reason",
    "ctcae_version", "scale", "planned_date", "start_date", "enrolment_date",
}  # fmt: skip


def _choice_words(name: str, value: str) -> str:
    """A stored choice in words: a toxicity input's from its definition, the others' (dose site,
    status) from gui.formatting."""
    for definition in all_definitions():
        if any(spec.name == name and spec.type == "choice" for spec in definition.inputs):
            return choice_text(definition, name, value)
    return choice_label(value)


@functools.cache
def _inputs_of_type(kind: str) -> frozenset[str]:
    """The names of every registered toxicity's inputs of one type ("flag", "text")."""
    return frozenset(spec.name for d in all_definitions() for spec in d.inputs if spec.type == kind)


def _change(line: HistoryLine) -> str:
    if line.field:
        return f"{line.old or '—'} → {line.new or '—'}"
    return "" if line.new is None else str(line.new)


_ACTIONS = {
    "insert": QT_TRANSLATE_NOOP("HistoryModel", "Created"),
    "record": QT_TRANSLATE_NOOP("HistoryModel", "Recorded"),
    "move": QT_TRANSLATE_NOOP("HistoryModel", "Moved"),
    "correct": QT_TRANSLATE_NOOP("HistoryModel", "Corrected"),
    "void": QT_TRANSLATE_NOOP("HistoryModel", "Voided"),
    "unvoid": QT_TRANSLATE_NOOP("HistoryModel", "Void undone"),
}


def _action(line: HistoryLine) -> str:
    action = _ACTIONS.get(line.entry.action)
    return QCoreApplication.translate("HistoryModel", action) if action else line.entry.action


def history_model(parent: QWidget | None = None) -> RecordTableModel[HistoryLine]:
    """Times are stored in UTC and shown local with their offset."""
    columns: list[Column[HistoryLine]] = [
        Column(
            QCoreApplication.translate("HistoryModel", "When (local)"), lambda line: local_time(line.entry.at)
        ),
        Column(QCoreApplication.translate("HistoryModel", "Who"), lambda line: line.entry.user),
        Column(QCoreApplication.translate("HistoryModel", "Action"), _action),
        Column(
            QCoreApplication.translate("HistoryModel", "Field"),
            lambda line: _label(line.field) if line.field else "",
        ),
        Column(QCoreApplication.translate("HistoryModel", "Old → new"), _change, tooltip=_change),
        Column(QCoreApplication.translate("HistoryModel", "Reason"), lambda line: line.entry.reason),
    ]
    return RecordTableModel(columns, parent)


class HistoryDialog(QDialog):
    """Read-only view of `repo.history(kind, row_id)`, oldest first."""

    def __init__(self, session: Session, kind: str, row_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        what = record_label(kind)
        self.setWindowTitle(self.tr("History of %1 %2").replace("%1", what).replace("%2", str(row_id)))
        self.model = history_model(self)

        def subject(patient_id: int) -> str:
            return session.repo.get_patient(PatientId(patient_id)).subject_id

        self.model.set_rows(history_lines(session.repo.history(kind, row_id), subject))
        self.table = WrappingTableView()  # rows grow to show wrapped text in full
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        # The change and the reason are free text: capped, they wrap (rows grow to fit) instead of
        # pushing the reason out of the dialog behind a horizontal scroll bar.
        for column, widest in WRAPPED_COLUMNS.items():
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("Every change is kept; times are local with their offset from UTC."))
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(1060, 380)
