"""The one object every view shares: the open repository, the clock, change signals and undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from clinical.errors import ToxTrackError, ValidationError
from clinical.model import PatientId
from gui.errors import show_error

if TYPE_CHECKING:
    from storage.repository import Repository

T = TypeVar("T")
UndoAction = Callable[["Repository"], None]


@dataclass(frozen=True)
class UndoStep:
    """What `undo_last` replays: a description for the menu and the storage call that reverses it."""

    description: str
    undo: UndoAction
    patient_id: PatientId | None


class Session(QObject):
    """Views get this in their constructor instead of a global: writes go through `write`, which
    turns expected errors into a dialog, records the undo step and tells every view to refresh."""

    changed = Signal(object)  # PatientId, or None for "everything"
    patient_selected = Signal(object)  # PatientId or None
    undo_available = Signal(bool)
    mode_changed = Signal()  # read-only <-> writable (the checks at open of a large file finished)

    def __init__(
        self, repo: Repository, read_only: bool | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.read_only: bool = repo.read_only if read_only is None else read_only
        self._undo: list[UndoStep] = []
        self.current_patient: PatientId | None = None

    def today(self) -> dt.date:
        """Local calendar date; tests replace this method to pin the clock."""
        return dt.date.today()

    def now(self) -> dt.datetime:
        """Timezone-aware UTC now; tests replace this method to pin the clock."""
        return dt.datetime.now(dt.UTC)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_description(self) -> str:
        return self._undo[-1].description if self._undo else ""

    def select_patient(self, patient_id: PatientId | None) -> None:
        """Remember and broadcast the selected patient (the list, Today and the workspace follow it)."""
        self.current_patient = patient_id
        self.patient_selected.emit(patient_id)

    def write(
        self,
        description: str,
        action: Callable[[Repository], T],
        undo: UndoAction | None = None,
        parent: QWidget | None = None,
        *,
        patient_id: PatientId | None = None,
        on_invalid: Callable[[ValidationError], bool] | None = None,
    ) -> T | None:
        """Run one storage write. An expected error is shown (what happened, what to do) and None is
        returned so the caller keeps its form open with the input intact; on success the undo step is
        recorded and `changed` is emitted (for `patient_id`, or None meaning everything).
        `on_invalid` lets a form show a ValidationError beside its field instead of in a dialog:
        return True when it was shown."""
        try:
            result = action(self.repo)
        except ValidationError as exc:
            if on_invalid is None or not on_invalid(exc):
                show_error(parent, exc)
            return None
        except ToxTrackError as exc:
            show_error(parent, exc)
            return None
        if undo is not None:
            self._undo.append(UndoStep(description, undo, patient_id))
            self.undo_available.emit(True)
        self.changed.emit(patient_id)
        return result

    def undo_last(self, parent: QWidget | None = None) -> bool:
        """Reverse this session's last action as a new audited change (void, unvoid or correct
        back); the step is only dropped when the reversal was written."""
        if not self._undo:
            return False
        step = self._undo[-1]

        def reverse(repo: Repository) -> bool:
            step.undo(repo)
            return True

        done = self.write(f"undo: {step.description}", reverse, parent=parent, patient_id=step.patient_id)
        if done:
            self._undo.pop()
            self.undo_available.emit(self.can_undo)
        return bool(done)

    def set_read_only(self, read_only: bool) -> None:
        """Change what this window may do (views re-read `read_only` on `mode_changed`)."""
        self.read_only = read_only
        self.mode_changed.emit()
        if self.current_patient is not None:
            self.changed.emit(self.current_patient)  # patient views rebuild their buttons

    def replace_repository(self, repo: Repository) -> None:
        """The file was swapped under the window (a backup restored) and reopened as `repo`: the
        undo steps and the selected patient belonged to the old file, so they go; every view then
        re-reads, in the mode the new file was opened in."""
        self.repo = repo
        self.read_only = repo.read_only
        self._undo.clear()
        self.undo_available.emit(False)
        self.select_patient(None)
        self.mode_changed.emit()
        self.refresh()

    def refresh(self) -> None:
        """Ask every view to re-read (F5, or after another workstation changed the file)."""
        self.changed.emit(None)
