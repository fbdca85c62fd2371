"""The one place a form asks before throwing typed input away (issue 13, "Typed values").

Escape, Cancel and the window's close button all reach `QDialog.reject`. A form that the user
changed since it was shown asks "Discard what you typed?" first; keeping is the default answer.
An untouched form closes without asking. Every data-entry dialog derives from `FormDialog`: the
assessment forms, Record dose, New patient, Start cycle, Move dose, Correct and Void.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

TITLE_SEPARATOR = " — "  # "Record dose — 044-0012 · cycle 1 day 5": the form's name comes first


class FormDialog(QDialog):
    """A dialog whose input is asked about before it is discarded; `exec()`/`open()` as usual."""

    _pristine: tuple[object, ...] | None = None  # the inputs as first shown

    def form_name(self) -> str:
        """How the question names the form: the window title up to its " — " details."""
        return self.windowTitle().split(TITLE_SEPARATOR)[0]

    def _inputs(self) -> tuple[object, ...]:
        """What the user can change in the form: every text, choice, tick box, number and date, in
        child order. Popups (a date's calendar, a combo's list) are their own windows: left out, so
        opening one without choosing anything is not input."""
        state: list[object] = []
        for widget in self.findChildren(QWidget):
            if widget.window() is not self:
                continue
            if isinstance(widget, QLineEdit | QAbstractSpinBox):  # spin boxes and date/time edits too
                state.append(widget.text())
            elif isinstance(widget, QTextEdit | QPlainTextEdit):
                state.append(widget.toPlainText())
            elif isinstance(widget, QComboBox):
                state.append(widget.currentIndex())
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                state.append(widget.isChecked())
        return tuple(state)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pristine is None:
            self._pristine = self._inputs()

    def has_input(self) -> bool:
        """Whether anything was typed, chosen or ticked since the form was shown."""
        return self._pristine is not None and self._inputs() != self._pristine

    def reject(self) -> None:
        """Escape, Cancel and closing the window all come here: with input, ask before discarding."""
        if self.has_input() and not self.discard_confirmed():
            return
        super().reject()

    def discard_confirmed(self) -> bool:
        """Discard or keep editing; keeping is the default (Enter or Escape in the question keeps)."""
        buttons = QMessageBox.StandardButton
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QCoreApplication.translate("FormDialog", "Discard?"),
            QCoreApplication.translate("FormDialog", "%1 is not saved. Discard what you typed?").replace(
                "%1", self.form_name()
            ),
            buttons.Discard | buttons.Cancel,
            self,
        )
        box.button(buttons.Cancel).setText(QCoreApplication.translate("FormDialog", "Keep editing"))
        box.setDefaultButton(buttons.Cancel)
        box.setEscapeButton(buttons.Cancel)
        return box.exec() == buttons.Discard
