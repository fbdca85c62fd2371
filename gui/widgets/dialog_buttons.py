"""The Save / Cancel row every record dialog ends with, built one way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton


def save_cancel(
    dialog: QDialog, read_only: bool, on_save: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Save is the default button (Enter saves) and is disabled in a read-only session; Cancel rejects."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setDefault(True)
    save.setEnabled(not read_only)
    buttons.accepted.connect(on_save)
    buttons.rejected.connect(dialog.reject)
    return buttons, save
