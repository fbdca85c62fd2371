"""The cycle summary and the cohort report made from the window: save dialog, background work with
progress, the PDF opened in the system viewer (issue 11). PDFs are read back with pypdf."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QUrl

from clinical.model import PatientId
from gui import pdf_export
from gui.cohort.cohort_dashboard import CohortDashboard
from gui.patient.dose_calendar import DoseCalendarView
from tests.gui.words import report_tr, tr


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """What the app asked the system viewer to open (nothing is really opened in tests)."""
    seen: list[Path] = []

    def open_url(url: QUrl) -> bool:
        seen.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(pdf_export.QDesktopServices, "openUrl", open_url)
    return seen


def _save_as(monkeypatch: pytest.MonkeyPatch, chosen: Path, asked: list[str]) -> None:
    def dialog(parent: object, title: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(chosen), filters

    monkeypatch.setattr(pdf_export.QFileDialog, "getSaveFileName", dialog)


def _text(path: Path) -> str:
    """The PDF's text without spaces (a wrapped Chinese line reads back with one at the break)."""
    return "".join("".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def _words(context: str, text: str, *values: object) -> str:
    """A report's text in the GUI's language, without spaces (as _text reads it back)."""
    return "".join(report_tr(context, text, *values).split())


def test_cycle_summary_from_the_dose_calendar(
    session: Any,
    first_patient: PatientId,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[Path],
) -> None:
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "for the chart", asked)  # no extension typed
    view = DoseCalendarView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    assert view.pdf_button.isEnabled()
    qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    assert asked and Path(asked[0]).name.startswith("044-0012-cycle-1-")
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert opened == [tmp_path / "for the chart.pdf"]
    text = _text(opened[0])
    assert _words("CycleSummary", "Cycle summary: %1, cycle %2", "044-0012", 1) in text
    assert len(PdfReader(opened[0]).pages) >= 1


def test_cohort_report_from_the_dashboard(
    session: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Path]
) -> None:
    asked: list[str] = []
    _save_as(monkeypatch, tmp_path / "cohort.pdf", asked)
    dashboard = CohortDashboard(session)
    qtbot.addWidget(dashboard)
    qtbot.mouseClick(dashboard.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=30000)
    assert opened == [tmp_path / "cohort.pdf"]
    text = _text(opened[0])
    assert _words("CohortReport", "ToxTrack cohort report") in text
    assert _words("CohortReport", "Signals") in text


def test_cancelled_save_makes_nothing(
    session: Any, first_patient: PatientId, qtbot: Any, monkeypatch: pytest.MonkeyPatch, opened: list[Path]
) -> None:
    monkeypatch.setattr(pdf_export.QFileDialog, "getSaveFileName", lambda *args: ("", ""))
    view = DoseCalendarView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert opened == []


def test_a_failed_export_says_so_and_opens_nothing(
    session: Any,
    first_patient: PatientId,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    opened: list[Path],
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(pdf_export.QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    _save_as(monkeypatch, tmp_path / "no such folder" / "x.pdf", [])
    view = DoseCalendarView(session)
    qtbot.addWidget(view)
    view.set_patient(first_patient)
    qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warned), timeout=30000)
    assert warned[0].startswith(tr("pdf_export", "The PDF was not made: %1").split("%1")[0]) and opened == []


def test_progress_shows_while_the_pdf_is_made_and_closes_when_it_is_done(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[Path]
) -> None:
    """The user sees what is being made while it is made (off the GUI thread), and the window stays
    responsive; the dialog goes away when the PDF opens."""
    import threading

    from PySide6.QtWidgets import QProgressDialog, QWidget

    _save_as(monkeypatch, tmp_path / "summary.pdf", [])
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release, started = threading.Event(), threading.Event()

    def build(out: Path) -> None:
        started.set()
        assert release.wait(30)
        out.write_bytes(b"%PDF-1.4\n")

    pdf_export.export_pdf(parent, "Cycle summary", "summary.pdf", build)
    qtbot.waitUntil(started.is_set, timeout=10000)
    [progress] = parent.findChildren(QProgressDialog)
    assert progress.isVisible() and progress.labelText() == tr("pdf_export", "Making %1...").replace(
        "%1", "summary.pdf"
    )
    assert progress.windowModality() == Qt.WindowModality.WindowModal and opened == []
    release.set()
    qtbot.waitUntil(lambda: bool(opened), timeout=10000)
    assert not progress.isVisible() and opened == [tmp_path / "summary.pdf"]
