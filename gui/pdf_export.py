"""Making the cycle summary and the cohort report from the window: the user picks where to save, sees
progress while the PDF is made on the background helper (its own read-only connection), and the PDF
opens in the system viewer when done, ready to print (issue 11)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from gui.translation import active_language
from gui.worker import run_in_background

if TYPE_CHECKING:
    from reports.i18n import Language

Builder = Callable[[Path], None]


def _report_language() -> Language:
    """The PDFs are made in the language the GUI shows (issue 20), read on the GUI thread."""
    from reports.i18n import load

    return load(active_language())


def make_cycle_summary(db_path: Path, subject_id: str, cycle_number: int) -> Builder:
    """Work for the helper: read-only open, build, write atomically (reports.cycle_summary)."""
    lang = _report_language()

    def build(out: Path) -> None:
        from reports.cycle_summary import write_cycle_summary
        from reports.summary_data import build_cycle_summary
        from storage import Repository

        with Repository.open(db_path, read_only=True, create=False) as repo:
            summary = build_cycle_summary(repo, subject_id, cycle_number)
        write_cycle_summary(summary, out, lang)

    return build


def make_cohort_report(db_path: Path) -> Builder:
    lang = _report_language()

    def build(out: Path) -> None:
        from reports.cohort_report import write_cohort_report
        from reports.summary_data import build_cohort_summary
        from storage import Repository

        with Repository.open(db_path, read_only=True, create=False) as repo:
            summary = build_cohort_summary(repo)
        write_cohort_report(summary, out, lang)

    return build


def make_resource_report(db_path: Path, bag_hours: int) -> Builder:
    lang = _report_language()

    def build(out: Path) -> None:
        from reports.resources_data import build_resource_summary
        from reports.resources_report import write_resource_report
        from storage import Repository

        with Repository.open(db_path, read_only=True, create=False) as repo:
            summary = build_resource_summary(repo, bag_hours=bag_hours)
        write_resource_report(summary, out, lang)

    return build


def ask_pdf_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """The save dialog, starting in the user's documents folder; ".pdf" added when left out."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        title,
        str(Path(folder or Path.home()) / suggested),
        QCoreApplication.translate("pdf_export", "PDF documents (*.pdf)"),
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def export_pdf(parent: QWidget, title: str, suggested: str, build: Builder) -> None:
    """Ask where, make it off the GUI thread behind a progress dialog, then open it."""
    path = ask_pdf_path(parent, title, suggested)
    if path is None:
        return
    progress = QProgressDialog(
        QCoreApplication.translate("pdf_export", "Making %1...").replace("%1", path.name), "", 0, 0, parent
    )
    progress.setCancelButton(None)  # an atomic write: it either completes or leaves nothing
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.show()

    def done(_result: object) -> None:
        progress.close()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def failed(exc: BaseException) -> None:
        from clinical.errors import ToxTrackError

        progress.close()
        if not isinstance(exc, ToxTrackError | OSError):
            raise exc
        QMessageBox.warning(
            parent,
            title,
            QCoreApplication.translate("pdf_export", "The PDF was not made: %1").replace("%1", str(exc)),
        )

    run_in_background(parent, lambda: build(path), done, failed, progress.labelText())


def cycle_file_name(subject_id: str, cycle_number: int) -> str:
    return f"{subject_id}-cycle-{cycle_number}-{dt.date.today().isoformat()}.pdf"


def cohort_file_name() -> str:
    return f"toxtrack-cohort-{dt.date.today().isoformat()}.pdf"


def resources_file_name() -> str:
    return f"toxtrack-resources-{dt.date.today().isoformat()}.pdf"
