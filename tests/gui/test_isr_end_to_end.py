"""The injection site reaction end to end in the real window (issue 14), with no ISR-specific GUI
code: its tab, its form by keyboard after a given dose, its list with the dose's site, its flag on
Today and on the patient's Flags tab."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from clinical.choices import DoseStatus, InjectionSite
from clinical.model import PatientId
from clinical.toxicities import toxicity
from gui.main_window import MainWindow
from gui.patient.toxicity_form import ToxicityFormDialog
from gui.patient.toxicity_view import ToxicityView
from gui.today.today_model import TodayKind

from .conftest import open_active_window

ISR = "injection_site_reaction"


CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    return open_active_window(qtbot, session, settings_path)


def _give_first_dose(session: Any, patient: PatientId) -> Any:
    """Day 1 of 044-0012's cycle given yesterday evening in the left abdomen."""
    dose = session.repo.doses(patient)[0]
    return session.repo.record_dose(
        dose.id,
        DoseStatus.GIVEN,
        given_at=session.now() - dt.timedelta(hours=15),
        amount_ug=dose.planned_ug,
        site=InjectionSite.ABDOMEN_LEFT,
    )


def _press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)


def _record_grade3_by_keys(qtbot: Any, window: MainWindow) -> tuple[ToxicityView, ToxicityFormDialog]:
    """Ctrl+F, "0012", Enter (the subject); the ISR tab; New...; 3; Enter."""
    _press(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "0012")
    _press(qtbot, Qt.Key.Key_Return)
    assert window.show_view(ISR)
    view = window.workspace.view(ISR)
    assert isinstance(view, ToxicityView)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    form = view.last_dialog
    assert isinstance(form, ToxicityFormDialog)
    qtbot.waitUntil(form.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.editors["grade"].control)
    _press(qtbot, Qt.Key.Key_3)
    assert form.grade_label.text() == "Grade 3 (CTCAE v5.0)"
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    return view, form


def test_a_grade_3_isr_recorded_by_keys_is_listed_with_its_dose_site(
    qtbot: Any, window: MainWindow, session: Any, first_patient: PatientId
) -> None:
    given = _give_first_dose(session, first_patient)
    view, _form = _record_grade3_by_keys(qtbot, window)
    [saved] = session.repo.records(ISR, first_patient)
    assert saved.dose_id == given.id and saved.values["grade"] == "3"
    assert saved.effective_grade == 3 and saved.scale == "CTCAE v5.0"
    assert saved.reasons == (dict(toxicity(ISR).input("grade").choices)["3"],)
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    cells = {h: model.data(model.index(0, c)) for c, h in enumerate(headers)}
    assert "Abdomen, left" in cells["After dose (cycle day · given · site)"]
    assert cells["After dose (cycle day · given · site)"].startswith("Cycle 1 day 1 · ")
    assert cells["Grade"] == "3"
    assert cells["Why"].startswith("Grade 3: Ulceration or necrosis")


def test_the_isr_flag_shows_on_today_and_on_the_flags_tab(
    qtbot: Any, window: MainWindow, session: Any, first_patient: PatientId
) -> None:
    _give_first_dose(session, first_patient)
    _record_grade3_by_keys(qtbot, window)
    window.today.refresh_now()
    model = window.today.model
    lines = [model.item(r) for r in range(model.rowCount())]
    flags = [i for i in lines if i.kind in (TodayKind.FLAG, TodayKind.FLAG_CRITICAL)]
    assert any("Injection site reaction" in i.text or "injection site reaction" in i.text for i in flags), [
        i.text for i in lines
    ]
    assert window.show_view("flags")
    panel: Any = window.workspace.view("flags")
    mine = [f for f in panel.flags() if str(f.toxicity) == ISR]
    assert mine and mine[0].record_kind == ISR
    texts = [panel.model.data(panel.model.index(r, 1)) for r in range(panel.model.rowCount())]
    assert "Injection site reaction" in texts  # the Toxicity column: the registry's label


def test_isr_correction_and_history_speak_the_forms_words(
    qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    from clinical.toxicities import ToxicityRecord
    from gui.patient.correction_dialog import CorrectionDialog
    from gui.patient.history_dialog import HistoryDialog

    given = _give_first_dose(session, first_patient)
    at = session.now() - dt.timedelta(hours=2)
    saved = session.repo.add_record(
        ISR, ToxicityRecord(ISR, first_patient, at, {"grade": "3"}, dose_id=given.id)
    )
    dialog = CorrectionDialog(session, ISR, saved.id)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Correct injection site reaction"
    assert list(dialog.editors) == ["assessed_at", "dose_id", "grade"]  # the definition's inputs
    assert dialog.changes() == {}
    pick: Any = dialog.editors["grade"].widget.focusProxy()
    qtbot.keyClick(pick, Qt.Key.Key_2)
    dialog.reason.setText("misread the wound")
    dialog.save()
    corrected = session.repo.get_record(ISR, saved.id)
    assert corrected.effective_grade == 2 and corrected.values["grade"] == "2"
    history = HistoryDialog(session, ISR, saved.id)
    qtbot.addWidget(history)
    assert history.windowTitle() == f"History of injection site reaction {saved.id}"
    model = history.model
    cells = [
        [str(model.data(model.index(r, c)) or "") for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    text = " | ".join(" | ".join(row) for row in cells)
    assert "{" not in text and "Inputs" not in text and "Effective grade" not in text  # no raw JSON column
    picked = [row for row in cells if row[2] == "Corrected" and row[4].startswith("Grade 3: Ulceration")]
    assert (
        picked
        and picked[0][3] == "Grade"
        and picked[0][4].endswith("→ Grade 2: Pain; lipodystrophy; edema; phlebitis")
    )
    assert picked[0][5] == "misread the wound"
