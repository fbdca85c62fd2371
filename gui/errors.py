"""Two tiers of errors in the GUI: expected ones become a "what happened / what to do" dialog,
anything else reaches the excepthook, which logs it to the data folder and shows a crash dialog."""

from __future__ import annotations

import functools
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

log = logging.getLogger("toxtrack.gui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def advice_for(exc: BaseException) -> tuple[str, str]:
    """(title, what to do) for an expected error. Matched by class name along the MRO so the GUI
    needs no import of storage's error module just to word a dialog."""
    names = [cls.__name__ for cls in type(exc).__mro__]
    table: list[tuple[str, str, str]] = [
        (
            "ValidationError",
            QCoreApplication.translate("errors", "Check the value"),
            QCoreApplication.translate("errors", "Correct the field and save again; nothing was saved."),
        ),
        (
            "ReadOnlyError",
            QCoreApplication.translate("errors", "Read-only"),
            QCoreApplication.translate(
                "errors",
                "This window is read-only. Close the other ToxTrack window that has the file "
                "open, then reopen it.",
            ),
        ),
        (
            "InUseError",
            QCoreApplication.translate("errors", "Database in use"),
            QCoreApplication.translate(
                "errors",
                "Another ToxTrack window is writing to this file. Close it or open this one read-only.",
            ),
        ),
        (
            "DatabaseBusyError",
            QCoreApplication.translate("errors", "Database busy"),
            QCoreApplication.translate(
                "errors", "Another program is holding the file. Wait a moment and try again."
            ),
        ),
        (
            "DiskFullError",
            QCoreApplication.translate("errors", "Disk full"),
            QCoreApplication.translate("errors", "Free some disk space, then save again; nothing was saved."),
        ),
        (
            "NotFoundError",
            QCoreApplication.translate("errors", "Not found"),
            QCoreApplication.translate("errors", "The record no longer exists. Press F5 to refresh."),
        ),
        (
            "DatabaseRefusedError",
            QCoreApplication.translate("errors", "Cannot open the database"),
            QCoreApplication.translate("errors", "Choose another file or restore a backup."),
        ),
    ]
    for name, title, advice in table:
        if name in names:
            return title, advice
    return QCoreApplication.translate("errors", "Could not complete the action"), QCoreApplication.translate(
        "errors", "Check the input and try again."
    )


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show an expected error (a `ToxTrackError`): the message says what happened and what to do."""
    title, advice = advice_for(exc)
    log.info("expected error shown: %s: %s", type(exc).__name__, exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, str(exc), QMessageBox.StandardButton.Ok, parent)
    box.setInformativeText(advice)
    box.exec()


def _log_file(log_dir: Path | None) -> Path:
    if log_dir is None:
        from storage.paths import data_dir

        log_dir = data_dir()
    log_dir.mkdir(parents=True, exist_ok=True)
    return log_dir / "toxtrack.log"


class LogFile(logging.Handler):
    """The log file, found and opened at its first record instead of at start-up: the data folder
    comes from platformdirs (~5 ms to import, before the first paint) and a normal start writes no
    record. Handler.handle holds the handler's lock around emit, so two threads open it once."""

    def __init__(self, log_dir: Path | None) -> None:
        super().__init__()
        self.log_dir = log_dir
        self.file: logging.FileHandler | None = None
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    @functools.cached_property
    def path(self) -> Path:
        return _log_file(self.log_dir)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.file is None:
                self.file = logging.FileHandler(self.path, encoding="utf-8")
                self.file.setFormatter(self.formatter)
            self.file.emit(record)
        except Exception:  # what logging.FileHandler does with a record it cannot write
            self.handleError(record)

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
        super().close()


def install_excepthook(log_dir: Path | None = None, show_dialog: bool = True) -> ExceptHook:
    """Route unexpected exceptions to a log file in the data folder and a crash dialog; returns the
    previous hook so tests (and shutdown) can restore it."""
    handler = LogFile(log_dir)
    log.addHandler(handler)
    previous: ExceptHook = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, exc, tb))
        log.error("unexpected error\n%s", text)
        if show_dialog and QApplication.instance() is not None:
            show_crash_dialog(None, exc, text, handler.path)

    sys.excepthook = hook
    return previous


def show_crash_dialog(parent: QWidget | None, exc: BaseException, details: str, log_path: Path) -> None:
    """A bug, not a user error: say so, say where the log is, keep the traceback under Details."""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("errors", "Unexpected error"),
        QCoreApplication.translate("errors", "ToxTrack hit an unexpected error: {0}").format(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setInformativeText(
        QCoreApplication.translate(
            "errors",
            "Saved records are safe. The details were written to {0}; please send that file "
            "to your ToxTrack support contact.",
        ).format(log_path)
    )
    box.setDetailedText(details)
    box.exec()
