"""The Patient page says each cycle's signature state under its header (issue 16): "not signed",
"signed by NAME (id) at TIME" after Patient > Sign cycle, and "signature void: changed after signing
- re-sign" after a later change to the cycle, followed by the views without a reload."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from gui.formatting import local_time
from gui.main_window import MainWindow
from gui.settings import Settings
from tests.shots import screenshot_folder
from tests.signed_in import TESTER_PASSWORD

SHOTS = screenshot_folder()  # docs/screenshots only with TOXTRACK_WRITE_SCREENSHOTS=1

pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


def test_each_cycle_shows_not_signed_signed_then_void(
    qtbot: Any, session: Any, repo: Any, settings_path: Path, first_patient: Any
) -> None:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    session.select_patient(first_patient)
    win.show_page("patient")
    state = win.workspace.signature_state
    qtbot.waitUntil(state.isVisible)
    assert state.text() == "Cycle 1: not signed"
    win.actions_["sign_cycle"].trigger()
    dialog: Any = win.last_dialog
    qtbot.keyClicks(dialog.password, TESTER_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    cycle = repo.cycles(first_patient)[-1]
    signature = repo.cycle_signatures(cycle.id)[-1]
    assert state.text() == f"Cycle 1: signed by Tess Tester (tester) at {local_time(signature.signed_at)}"
    win.grab().save(str(SHOTS / "patient-signed.png"))
    dose = repo.doses(first_patient)[-1]
    moved = dose.planned_date + dt.timedelta(days=1)
    session.write("Move dose", lambda r: r.move_dose(dose.id, moved, "clinic shut"), patient_id=first_patient)
    assert "Cycle 1: " in state.text() and "signature void: changed after signing - re-sign" in state.text()
    assert "signed by" not in state.text()
    win.grab().save(str(SHOTS / "patient-signature-void.png"))


def test_no_patient_no_signature_line(qtbot: Any, session: Any, settings_path: Path) -> None:
    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    win.show_page("patient")
    assert win.workspace.signature_state.text() == ""
