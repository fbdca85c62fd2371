"""Every dialog opens the same way, through gui/dialog_open.py (issue 14: the lines that open one
were written out in six files): window-modal without a nested event loop, deleted when closed."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

import gui
from gui.dialog_open import dialog_class, open_dialog

GUI = Path(gui.__file__).parent


def test_a_dialog_opens_window_modal_without_blocking_and_is_deleted_when_closed(qtbot: Any) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    accepted: list[bool] = []
    dialog = open_dialog(QDialog(parent), lambda: accepted.append(True))  # returns: no nested loop
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    with qtbot.waitSignal(dialog.destroyed, timeout=5_000):
        dialog.accept()
    assert accepted == [True]


def test_a_dialog_that_cannot_be_loaded_is_explained(qtbot: Any, message_boxes: list[str]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert dialog_class(parent, "gui.no_such_dialog", "NoSuchDialog") is None
    assert len(message_boxes) == 1 and "no_such_dialog" in message_boxes[0]
    assert dialog_class(parent, "gui.patient.history_dialog", "HistoryDialog") is not None


def test_no_other_module_opens_a_dialog_by_hand() -> None:
    """WA_DeleteOnClose, the first line of the snippet that was repeated, is set in
    gui/dialog_open.py only."""
    by_hand = []
    for path in sorted(GUI.rglob("*.py")):
        if path.name == "dialog_open.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "WA_DeleteOnClose":
                by_hand.append(f"{path.name}:{node.lineno}")
    assert by_hand == []
