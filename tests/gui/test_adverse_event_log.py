"""The adverse-event log in the real window (issue 15), by keyboard: the term found by typing part
of it, the grade picked among that term's own sentences, seriousness ticked, saved with Enter;
listed on its tab, flagged on the Flags tab and on Today, with its open event on Today. Corrections,
voids, undo and history come from the generic dialogs.

Set TOXTRACK_SHOTS to a folder to keep the form's and the list's screenshots there."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QWidget

from clinical.findings import FlagRule
from clinical.model import PatientId
from clinical.toxicities import ToxicityRecord
from gui.main_window import MainWindow
from gui.patient.toxicity_form import ToxicityFormDialog
from gui.patient.toxicity_view import ToxicityView
from gui.today.today_model import TodayKind
from gui.widgets.term_search import TermField

from .conftest import open_active_window

AE = "adverse_event"
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: Any, session: Any, settings_path: Path) -> MainWindow:
    return open_active_window(qtbot, session, settings_path)


def _press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key, modifier)


def _shot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("TOXTRACK_SHOTS", str(tmp_path)))
    path = folder / name
    QApplication.processEvents()  # the layout requests the keys posted (the term's note grew)
    assert widget.grab().save(str(path))
    return path


def _open_form(qtbot: Any, window: MainWindow) -> tuple[ToxicityView, ToxicityFormDialog]:
    """Ctrl+F, "0012", Enter (the subject); the adverse event tab; New..."""
    _press(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(QApplication.focusWidget(), "0012")
    _press(qtbot, Qt.Key.Key_Return)
    assert window.show_view(AE)
    view = window.workspace.view(AE)
    assert isinstance(view, ToxicityView)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    form = view.last_dialog
    assert isinstance(form, ToxicityFormDialog)
    qtbot.waitUntil(form.isVisible)
    return view, form


def _pick_term(qtbot: Any, form: ToxicityFormDialog, typed: str, line: int = 0) -> TermField:
    """Type part of a term in the focused search field, Down to the `line`-th match, Enter."""
    search = form.editors["term"].widget
    assert isinstance(search, TermField)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is search.line)
    qtbot.keyClicks(search.line, typed)
    popup = search.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    for _ in range(line + 1):
        qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    return search


def _record_serious_tremor(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> tuple[ToxicityView, ToxicityFormDialog]:
    """ "tremo", Tremor; Tab Tab to the grade, 2; Tab to the seriousness ticks, Space on
    hospitalisation; Enter."""
    view, form = _open_form(qtbot, window)
    search = _pick_term(qtbot, form, "tremo")
    assert search.value() == "Tremor"
    assert "Nervous system disorders · MedDRA 10044565" in search.note_text()
    assert "uncontrolled shaking movement" in search.note_text()  # the term's definition
    pick = form.editors["grade"].control
    sentences = [pick.model().index(r, 0).data() for r in range(pick.model().rowCount())]
    assert sentences == [  # Tremor's own sentences only: CTCAE v5.0 defines no grade 4 or 5
        "Grade 1: Mild symptoms",
        "Grade 2: Moderate symptoms; limiting instrumental ADL",
        "Grade 3: Severe symptoms; limiting self care ADL",
    ]
    _press(qtbot, Qt.Key.Key_Tab)  # the name of an "Other, specify" event
    _press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is pick
    _press(qtbot, Qt.Key.Key_2)
    assert form.grade_label.text() == "Grade 2 (CTCAE v5.0)"
    assert form.reasons_label.text() == "Grade 2 Tremor: Moderate symptoms; limiting instrumental ADL"
    _press(qtbot, Qt.Key.Key_Tab)  # the resolution's "Recorded" tick (left empty: ongoing)
    for _ in range(3):  # the date edit is skipped while unticked: death, life-threatening, hospitalisation
        _press(qtbot, Qt.Key.Key_Tab)
    ticked = QApplication.focusWidget()
    assert isinstance(ticked, QCheckBox) and ticked.objectName() == "hospitalisation"
    _press(qtbot, Qt.Key.Key_Space)
    assert form.values()["serious"] == ("hospitalisation",)
    _shot(form, "ae-form.png", tmp_path)
    _press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    return view, form


def test_a_serious_tremor_recorded_by_keys_is_listed_and_flagged(
    qtbot: Any, window: MainWindow, session: Any, first_patient: PatientId, tmp_path: Path
) -> None:
    view, form = _record_serious_tremor(qtbot, window, tmp_path)
    [saved] = session.repo.records(AE, first_patient)
    assert saved.values["term"] == "Tremor" and saved.values["grade"] == "2"
    assert saved.values["serious"] == ("hospitalisation",) and saved.values["resolved_at"] is None
    assert (saved.effective_grade, saved.assessed_at) == (2, form.assessed_at())
    model = view.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    cells = {h: model.data(model.index(0, c)) for c, h in enumerate(headers)}
    assert headers == [
        "Onset (local)",
        "Adverse event",
        "Resolved",
        "Serious",
        "Related",
        "Action",
        "Outcome",
        "Site",
        "Organism",
        "Grade",
        "Why",
    ]
    assert cells["Adverse event"] == "Tremor"
    assert cells["Serious"] == "Hospitalisation or its prolongation"
    assert cells["Grade"] == "2" and cells["Resolved"] == ""
    assert view.summary(saved).startswith("Tremor 2026-03-02 ") and view.summary(saved).endswith(", grade 2")
    _shot(view, "ae.png", tmp_path)

    assert window.show_view("flags")
    panel: Any = window.workspace.view("flags")
    [serious] = [f for f in panel.flags() if f.rule == FlagRule.SERIOUS_EVENT]
    assert serious.message.startswith("Serious adverse event: Tremor, grade 2, onset ")
    assert "(hospitalisation or its prolongation)" in serious.message
    assert "reported serious adverse events in 80 % of patients" in serious.message

    window.today.refresh_now()
    today = window.today.model
    lines = [today.item(r) for r in range(today.rowCount()) if today.item(r).subject_id == "044-0012"]
    texts = {(i.kind, i.text) for i in lines}
    assert (TodayKind.FLAG, serious.message) in texts
    [open_line] = [i for i in lines if i.kind == TodayKind.EPISODE and i.toxicity == AE]
    assert open_line.text.startswith("Tremor, peak grade 2, open since ")
    assert open_line.text.endswith("(serious): no resolution recorded")


def test_typing_aphasia_suggests_dysphasia_and_icans_is_redirected(
    qtbot: Any, window: MainWindow, tmp_path: Path
) -> None:
    _view, form = _open_form(qtbot, window)
    search = _pick_term(qtbot, form, "aphas")
    assert search.value() == "Dysphasia"  # the line "Aphasia → Dysphasia" puts the CTCAE term
    pick = form.editors["grade"].control
    assert pick.model().rowCount() == 3  # Dysphasia: grades 1-3
    search.line.clear()
    qtbot.keyClicks(search.line, "ICANS")
    assert "recorded as ICANS (ASTCT 2019) on the ICANS tab" in search.note_text()
    assert search.value() == "ICANS"  # not a term: the grade offers nothing, storage would refuse it
    assert pick.model().rowCount() == 0
    assert form.grade_label.text() == "Not gradable: no CTCAE v5.0 term was chosen"


def test_a_term_graded_on_its_own_tab_says_so(qtbot: Any, window: MainWindow) -> None:
    """From the registry (a definition's ctcae_term), not from a list of names: counted once."""
    _view, form = _open_form(qtbot, window)
    search = form.editors["term"].widget
    assert isinstance(search, TermField)
    search.set_value("injection site reaction")  # any case: the term as CTCAE spells it
    assert search.value() == "Injection site reaction"
    assert "Injection site reaction has its own tab: record it there, not here." in search.note_text()
    search.set_value("Neutrophil count decreased")
    assert (
        "Neutrophil count decreased is recorded as Neutropenia on its own tab, not here."
        in search.note_text()
    )
    search.set_value("Tremor")
    assert "own tab" not in search.note_text()


def test_a_term_is_found_by_its_system_organ_class_or_meddra_code(qtbot: Any, window: MainWindow) -> None:
    _view, form = _open_form(qtbot, window)
    search = _pick_term(qtbot, form, "10044565")  # Tremor's MedDRA code
    assert search.value() == "Tremor"
    search.line.clear()
    qtbot.keyClicks(search.line, "infections and inf")
    completer = search.completer
    found = {completer.completionModel().index(r, 0).data() for r in range(completer.completionCount())}
    assert len(found) > 50 and all("Infections and infestations" in line for line in found)


def test_an_other_specify_term_without_its_name_is_not_saved(
    qtbot: Any, window: MainWindow, session: Any, first_patient: PatientId
) -> None:
    _view, form = _open_form(qtbot, window)
    search = form.editors["term"].widget
    assert isinstance(search, TermField)
    search.set_value("Immune system disorders - Other, specify")
    qtbot.keyClick(form.editors["grade"].control, Qt.Key.Key_2)
    assert not form.save()
    assert form.error_label.text().startswith("Not saved: Name of the event (an “Other, specify” term)")
    assert session.repo.records(AE, first_patient) == []
    form.editors["term_name"].widget.setText("Hypogammaglobulinaemia")  # type: ignore[attr-defined]
    assert form.save()
    [saved] = session.repo.records(AE, first_patient)
    assert saved.reasons[0].startswith(
        "Grade 2 Hypogammaglobulinaemia (Immune system disorders - Other, specify)"
    )


def test_correction_void_undo_and_history_of_an_adverse_event(
    qtbot: Any, session: Any, first_patient: PatientId
) -> None:
    from gui.patient.correction_dialog import CorrectionDialog, VoidDialog
    from gui.patient.history_dialog import HistoryDialog

    onset = session.now() - dt.timedelta(hours=30)
    saved = session.repo.add_record(
        AE, ToxicityRecord(AE, first_patient, onset, {"term": "Tremor", "grade": "1"})
    )
    dialog = CorrectionDialog(session, AE, saved.id)
    qtbot.addWidget(dialog)
    assert dialog.changes() == {}  # every saved value reads back unchanged
    pick: Any = dialog.editors["grade"].widget.focusProxy()
    assert pick.model().rowCount() == 3  # Tremor's sentences, loaded from the saved term
    qtbot.keyClick(pick, Qt.Key.Key_3)
    resolved: Any = dialog.inputs["resolved_at"]
    resolved.show(session.now() - dt.timedelta(hours=2))
    dialog.reason.setText("worse than first written")
    dialog.save()
    corrected = session.repo.get_record(AE, saved.id)
    assert corrected.effective_grade == 3
    assert corrected.values["resolved_at"] == (session.now() - dt.timedelta(hours=2)).isoformat()
    # a new term reloads its sentences: Tumor lysis syndrome offers grades 3-5 only
    again = CorrectionDialog(session, AE, saved.id)
    qtbot.addWidget(again)
    term: Any = again.inputs["term"].widget
    term.set_value("Tumor lysis syndrome")
    grades: Any = again.editors["grade"].widget.focusProxy()
    assert [grades.model().index(r, 0).data()[:7] for r in range(3)] == ["Grade 3", "Grade 4", "Grade 5"]
    assert grades.value() == "3"  # the grade picked before is still one the new term defines

    void = VoidDialog(session, AE, saved.id, patient_id=first_patient)
    qtbot.addWidget(void)
    void.reason.setText("wrong patient")
    void.confirm.setChecked(True)
    void.save()
    assert session.repo.records(AE, first_patient) == []
    assert session.undo_last()  # the void undone: the event is back
    assert [r.id for r in session.repo.records(AE, first_patient)] == [saved.id]
    history = HistoryDialog(session, AE, saved.id)
    qtbot.addWidget(history)
    model = history.model
    actions = [str(model.data(model.index(r, 2))) for r in range(model.rowCount())]
    assert actions == ["Created", *["Corrected"] * 4, "Voided", "Void undone"]  # a line per field changed
    text = " | ".join(
        str(model.data(model.index(r, c)) or "")
        for r in range(model.rowCount())
        for c in range(model.columnCount())
    )
    assert "Grade 1 Tremor: Mild symptoms → Grade 3 Tremor: Severe symptoms" in text
    assert "{" not in text
