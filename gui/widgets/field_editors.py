"""One editor widget per record field, chosen from the dataclass type, for the correction dialog.

Each editor reads back a value of the field's own type (a `Choice`, a float, an aware UTC time...),
so a correction sends storage exactly what a new record would, and unchanged fields are left out.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QLineEdit, QWidget

from clinical.wording import field_label
from gui.formatting import choice_label, pydate, qdate, qdatetime_from_utc, utc_from_qdatetime
from gui.widgets.number_input import parse_clinical_number, plain_number


@dataclass
class FieldEditor:
    """A widget and how to read its value back; `touched` tells a date editor was really changed."""

    name: str
    widget: QWidget
    read: Callable[[], object]


def _unwrap(annotation: object) -> tuple[object, bool]:
    """(the type, whether None is allowed) of `X | None` or plain `X`."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0], True
    return annotation, False


def _combo(kind: type[enum.Enum], value: object, optional: bool, words: Callable[[str], str]) -> FieldEditor:
    combo = QComboBox()
    if optional:
        combo.addItem("", None)
    for member in kind:
        combo.addItem(words(str(member.value)), member)
    combo.setCurrentIndex(max(0, combo.findData(value)))
    return FieldEditor("", combo, combo.currentData)


def _number(value: object, integer: bool, optional: bool) -> FieldEditor:
    line = QLineEdit(
        "" if value is None else (str(value) if integer else plain_number(float(value), 3))  # type: ignore[arg-type]
    )

    def read() -> object:
        """The number typed, read as every clinical number field reads it (gui.widgets.number_input)."""
        label = field_label(line.objectName())
        try:
            parsed = parse_clinical_number(line.text())
        except ValueError as exc:
            raise ValueError(f"{label}: {exc}.") from None
        if parsed is None:
            if optional:
                return None
            raise ValueError(f"{label}: a number is required.")
        if integer and not parsed.is_integer():
            raise ValueError(f"{label}: a whole number is required.")
        return round(parsed) if integer else parsed

    return FieldEditor("", line, read)


def _datetime(value: object, fallback: dt.datetime) -> FieldEditor:
    edit = QDateTimeEdit(qdatetime_from_utc(value if isinstance(value, dt.datetime) else fallback))
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setCalendarPopup(True)
    touched = [False]
    edit.dateTimeChanged.connect(lambda _value: touched.__setitem__(0, True))

    def read() -> object:
        # Untouched: the stored value exactly (seconds included, None stays None).
        return utc_from_qdatetime(edit.dateTime()) if touched[0] else value

    return FieldEditor("", edit, read)


def _date(value: object) -> FieldEditor:
    edit = QDateEdit(qdate(value if isinstance(value, dt.date) else dt.date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")  # as every date is shown, in every locale
    return FieldEditor("", edit, lambda: pydate(edit.date()))


def make_editor(
    name: str,
    annotation: object,
    value: object,
    now: dt.datetime,
    words: Callable[[str], str] = choice_label,
) -> FieldEditor:
    """The editor for one field of a record, showing its current value; `words` gives a choice
    its wording (a toxicity input's from its definition, the others' from gui.formatting)."""
    kind, optional = _unwrap(annotation)
    editor: FieldEditor
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        editor = _combo(kind, value, optional, words)
    elif kind is bool:
        check = QCheckBox()
        check.setChecked(bool(value))
        editor = FieldEditor("", check, check.isChecked)
    elif kind in (int, float):
        editor = _number(value, kind is int, optional)
    elif kind is dt.datetime:
        editor = _datetime(value, now)
    elif kind is dt.date:
        editor = _date(value)
    else:
        line = QLineEdit("" if value is None else str(value))
        editor = FieldEditor("", line, lambda: line.text().strip())
    editor.name = name
    editor.widget.setObjectName(name)
    return editor


def field_types(record_type: type) -> dict[str, object]:
    """The resolved annotations of a record dataclass (they are strings under `from __future__`)."""
    return typing.get_type_hints(record_type)
