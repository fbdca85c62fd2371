"""Opening a dialog the one way the app does it (issue 14: the same lines were written in six files):
window-modal through QDialog.open(), never exec(), so no nested event loop runs while it is up
(timers, background results and tests keep running), and deleted when closed. Dialogs that load
on first use are imported by name, with a message instead of a traceback when one is missing."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

D = TypeVar("D", bound=QDialog)


def open_dialog(dialog: D, on_accepted: Callable[[], None] | None = None) -> D:
    """Show `dialog` window-modal and return it (callers keep it as `last_dialog`, which tests reach);
    `on_accepted` runs when the user saves it."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_accepted is not None:
        dialog.accepted.connect(on_accepted)
    dialog.open()
    return dialog


def dialog_class(parent: QWidget, module: str, name: str) -> Callable[..., QDialog] | None:
    """The dialog class `name` of `module`, imported now (dialogs are not loaded at start-up); when it
    cannot be loaded the user is told why and None is returned."""
    try:
        found = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        QMessageBox.warning(parent, QCoreApplication.translate("dialog_open", "Not available"), str(exc))
        return None
    return found
