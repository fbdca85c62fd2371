"""Session writes, undo and change signals; the error dialogs' wording; the background helper."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from clinical.errors import NotFoundError, ToxTrackError, ValidationError
from clinical.model import PatientId
from gui import errors as gui_errors
from gui import session as session_module
from gui.session import Session
from gui.worker import run_in_background


class FakeRepo:
    """Just enough of a Repository for Session: it records the calls made on it."""

    def __init__(self, read_only: bool = False) -> None:
        self.read_only = read_only
        self.calls: list[str] = []


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[BaseException]:
    """Capture error dialogs instead of showing them."""
    seen: list[BaseException] = []
    monkeypatch.setattr(session_module, "show_error", lambda _parent, exc: seen.append(exc))
    return seen


@pytest.fixture
def fake_session(qapp: Any) -> Session:
    return Session(FakeRepo())  # type: ignore[arg-type]


def test_write_success_emits_changed_and_records_undo(qtbot: Any, fake_session: Session) -> None:
    repo: Any = fake_session.repo
    with qtbot.waitSignal(fake_session.changed) as changed:
        result = fake_session.write(
            "add",
            lambda r: r.calls.append("do") or 7,
            lambda r: r.calls.append("undo"),
            patient_id=PatientId(3),
        )
    assert result == 7
    assert changed.args == [PatientId(3)]
    assert fake_session.can_undo and fake_session.undo_description == "add"
    assert repo.calls == ["do"]


def test_expected_error_shows_dialog_writes_no_undo_and_emits_nothing(
    qtbot: Any, fake_session: Session, shown: list[BaseException]
) -> None:
    def fail(_repo: object) -> None:
        raise NotFoundError("Patient 9 does not exist.")

    with qtbot.assertNotEmitted(fake_session.changed):
        assert fake_session.write("x", fail, lambda r: None) is None
    assert [type(e) for e in shown] == [NotFoundError]
    assert not fake_session.can_undo


def test_validation_goes_to_the_form_when_it_handles_it(
    fake_session: Session, shown: list[BaseException]
) -> None:
    handled: list[str] = []

    def fail(_repo: object) -> None:
        raise ValidationError("amount_ug", 5000, "from 1 to 1000 µg")

    assert fake_session.write("x", fail, on_invalid=lambda e: handled.append(e.field) or True) is None
    assert handled == ["amount_ug"] and shown == []
    # A form that declines (returns False) falls back to the dialog.
    fake_session.write("x", fail, on_invalid=lambda e: False)
    assert len(shown) == 1


def test_unexpected_errors_are_not_swallowed(fake_session: Session) -> None:
    def bug(_repo: object) -> None:
        raise KeyError("bug")

    with pytest.raises(KeyError):
        fake_session.write("x", bug)


def test_undo_runs_last_step_first_and_signals_availability(qtbot: Any, fake_session: Session) -> None:
    repo: Any = fake_session.repo
    fake_session.write("one", lambda r: 1, lambda r: r.calls.append("undo one"))
    fake_session.write("two", lambda r: 2, lambda r: r.calls.append("undo two"))
    assert fake_session.undo_last()
    assert repo.calls == ["undo two"] and fake_session.undo_description == "one"
    with qtbot.waitSignal(fake_session.undo_available) as available:
        assert fake_session.undo_last()
    assert available.args == [False]
    assert repo.calls == ["undo two", "undo one"]
    assert not fake_session.undo_last()


def test_failed_undo_keeps_the_step(fake_session: Session, shown: list[BaseException]) -> None:
    def refuse(_repo: object) -> None:
        raise ToxTrackError("The database is open read-only; nothing was saved.")

    fake_session.write("one", lambda r: 1, refuse)
    assert not fake_session.undo_last()
    assert fake_session.can_undo and len(shown) == 1


def test_read_only_follows_the_repository(qapp: Any) -> None:
    assert Session(FakeRepo(read_only=True)).read_only  # type: ignore[arg-type]
    assert not Session(FakeRepo()).read_only  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error_name", "title"),
    [
        ("ValidationError", "Check the value"),
        ("ReadOnlyError", "Read-only"),
        ("InUseError", "Database in use"),
        ("DatabaseBusyError", "Database busy"),
        ("DiskFullError", "Disk full"),
        ("NotFoundError", "Not found"),
    ],
)
def test_each_expected_error_gets_its_own_advice(qapp: Any, error_name: str, title: str) -> None:
    kind = type(error_name, (ToxTrackError,), {})
    got_title, advice = gui_errors.advice_for(kind("x"))
    assert got_title == title
    assert advice and advice != gui_errors.advice_for(ToxTrackError("x"))[1]


def test_excepthook_logs_to_the_given_folder(tmp_path: Path, qapp: Any) -> None:
    previous = gui_errors.install_excepthook(tmp_path, show_dialog=False)
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
        for handler in list(gui_errors.log.handlers):
            gui_errors.log.removeHandler(handler)
            handler.close()
    text = (tmp_path / "toxtrack.log").read_text(encoding="utf-8")
    assert "boom in a slot" in text and "Traceback" in text


def test_background_result_arrives_on_the_gui_thread(qtbot: Any) -> None:
    got: list[tuple[int, bool]] = []
    worker_threads: list[bool] = []

    def work() -> int:
        worker_threads.append(threading.current_thread() is threading.main_thread())
        return 6 * 7

    run_in_background(
        None, work, lambda v: got.append((v, threading.current_thread() is threading.main_thread()))
    )
    qtbot.waitUntil(lambda: bool(got))
    assert got == [(42, True)] and worker_threads == [False]


def test_background_error_reaches_on_error(qtbot: Any) -> None:
    errors: list[BaseException] = []

    def work() -> int:
        raise ValueError("bad file")

    run_in_background(None, work, lambda v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError) and "bad file" in str(errors[0])


def test_closing_the_asking_widget_drops_the_result_quietly(qtbot: Any) -> None:
    from PySide6.QtCore import QObject, QThreadPool

    owner = QObject()
    got: list[int] = []
    release = threading.Event()

    def work() -> int:
        release.wait(5)
        return 1

    run_in_background(owner, work, got.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not owner_alive(owner))
    release.set()
    assert QThreadPool.globalInstance().waitForDone(5000)
    qtbot.wait(50)
    assert got == []


def owner_alive(obj: Any) -> bool:
    from shiboken6 import isValid

    return bool(isValid(obj))
