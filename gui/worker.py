"""The one background helper: slow work (charts, cohort statistics, PDFs, demo data) runs on a
thread pool and reports back on the GUI thread. Work functions get plain data or paths, never
widgets, and open their own read-only Repository if they need one."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    QThreadPool,
    Signal,
    SignalInstance,
    Slot,
)
from PySide6.QtWidgets import QMainWindow, QStatusBar, QWidget

T = TypeVar("T")
log = logging.getLogger("toxtrack.gui")


class _Relay(QObject, Generic[T]):
    """Lives on the GUI thread; the worker emits its signals, Qt queues them to these slots."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_done: Callable[[T], None],
        on_error: Callable[[BaseException], None] | None,
        parent: QObject | None,
        label: str,
    ) -> None:
        super().__init__(parent)
        self._on_done = on_done
        self._on_error = on_error
        self._label = label
        self.finished.connect(self._done)
        self.failed.connect(self._fail)

    @Slot(object)
    def _done(self, result: object) -> None:
        self._clear_status()
        try:
            self._on_done(result)  # type: ignore[arg-type]
        finally:
            self.deleteLater()

    @Slot(object)
    def _fail(self, exc: object) -> None:
        self._clear_status()
        try:
            if self._on_error is not None and isinstance(exc, BaseException):
                self._on_error(exc)
            else:
                raise exc if isinstance(exc, BaseException) else RuntimeError(str(exc))
        finally:
            self.deleteLater()

    def _clear_status(self) -> None:
        bar = _status_bar(self.parent())
        if bar is not None and self._label and bar.currentMessage() == self._label:
            bar.clearMessage()


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay[object]) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # reported to the GUI thread, never swallowed
            log.debug("background work failed: %r", exc)
            self._report(self._relay.failed, exc)
            return
        self._report(self._relay.finished, result)

    def _report(self, signal: SignalInstance, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The widget that asked (and its relay) was closed meanwhile: nobody is waiting.
            log.info("background result dropped: its window was closed")


def _status_bar(obj: QObject | None) -> QStatusBar | None:
    if isinstance(obj, QWidget):
        window = obj.window()
        if isinstance(window, QMainWindow):
            return window.statusBar()
    return None


def run_in_background(
    parent: QObject | None,
    work: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None] | None = None,
    progress_label: str = "",
) -> QObject:
    """Run `work()` on the thread pool; `on_done(result)` or `on_error(exc)` then runs on the GUI
    thread. Without `on_error`, the exception is re-raised on the GUI thread (the excepthook shows
    it). A non-empty `progress_label` appears in the main window's status bar meanwhile (no modal
    dialog). Returns the relay object, which deletes itself when the work is reported."""
    owner = parent if parent is not None else QCoreApplication.instance()
    relay: _Relay[T] = _Relay(on_done, on_error, owner, progress_label)
    bar = _status_bar(parent)
    if bar is not None and progress_label:
        bar.showMessage(progress_label)
    QThreadPool.globalInstance().start(_Job(work, relay))  # type: ignore[arg-type]
    return relay


def wait_for_background(msecs: int = -1) -> bool:
    """Block until queued work finishes (shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
