"""Ctrl+Z belongs to the window's Undo unless the focused text field has edits of its own.

A QLineEdit (a spin box, a date edit) takes every Ctrl+Z for its own undo, through the
ShortcutOverride event that Qt sends before a shortcut fires: after search, record, save, focus was
back in the search box, so Ctrl+Z undid the search text instead of the record, and a second Ctrl+Z
did nothing (issue 13). Here a field keeps Ctrl+Z only while its text differs from what it held
when focus entered it (or after its last own undo), which is when it has edits of its own to undo;
otherwise the ShortcutOverride is left unaccepted and the window's Undo action fires. So in the
search box, typing then Ctrl+Z undoes the typing, and the next Ctrl+Z undoes the last record.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget


def field_text(widget: QObject | None) -> str | None:
    """The text a field would undo edits of, or None for a widget with no text of its own."""
    # Imported here: the window has no spin box or text edit until a form opens, and PySide makes a
    # class's Python enums when it is first imported (~1 ms of start-up for these three).
    from PySide6.QtWidgets import QAbstractSpinBox, QPlainTextEdit, QTextEdit

    if isinstance(widget, QLineEdit | QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        return widget.toPlainText()
    return None


class UndoKeys(QObject):
    """Follows focus inside `window`; see the module docstring."""

    def __init__(self, window: QWidget, undo: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._undo = undo
        self._field: QWidget | None = None
        self._text_at_focus: str | None = None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._field is not None:
            self._field.removeEventFilter(self)
            self._field = None
        text = field_text(new)
        if new is None or text is None or new.window() is not self._window:
            return
        self._field, self._text_at_focus = new, text
        new.installEventFilter(self)

    def edited_since_focus(self) -> bool:
        return self._field is not None and field_text(self._field) != self._text_at_focus

    def _field_undone(self) -> None:
        """The field undid its own edits: the next Ctrl+Z is the window's again."""
        self._text_at_focus = field_text(self._field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and self._undo.isEnabled()
        ):
            return False
        if self.edited_since_focus():
            QTimer.singleShot(0, self._field_undone)  # after the field's own undo ran
            return False
        event.ignore()
        return True  # not accepted: the shortcut (the window's Undo) fires
