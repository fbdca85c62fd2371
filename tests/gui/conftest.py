"""GUI test fixtures: offscreen Qt, a Session over a fresh tmp_path database, temporary settings.

QT_QPA_PLATFORM is set before anything imports Qt: without it (and without DISPLAY) the test run
aborts with no summary (PLATFORM.md, "Qt in tests").
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from clinical.choices import Sex
from clinical.model import Patient, PatientId

# The clock every GUI test runs on: a Monday, mid-morning UTC.
TODAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="session", autouse=True)
def _language(qapp: Any) -> Iterator[str]:
    """TOXTRACK_LANG=zh_CN runs the GUI tests in Chinese (`make test` does it once after the English
    run): the translators the app installs at start are installed on the tests' application."""
    from gui.translation import ENGLISH, chosen_language, install_translators

    language = chosen_language(None, {"TOXTRACK_LANG": os.environ.get("TOXTRACK_LANG", ENGLISH)})
    installed = install_translators(qapp, language)
    yield language
    for translator in installed:
        qapp.removeTranslator(translator)


@pytest.fixture(autouse=True)
def _no_real_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the default database at tmp_path so no test can open the user's real file."""
    monkeypatch.setenv("TOXTRACK_DB", str(tmp_path / "default.db"))


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes never block a test: each one is recorded (title: text) and answered with its
    default (Yes/Open/Ok). A test asserts on the list when a box is expected."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    button = QMessageBox.StandardButton

    def exec_(box: QMessageBox) -> int:
        shown.append(f"{box.windowTitle()}: {box.text()}")
        return int(button.Ok)

    def static(answer: QMessageBox.StandardButton) -> Any:
        def show(_parent: object, title: str, text: str, *args: object, **kwargs: object) -> object:
            shown.append(f"{title}: {text}")
            return answer

        return show

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "question", static(button.Yes))
    monkeypatch.setattr(QMessageBox, "information", static(button.Ok))
    monkeypatch.setattr(QMessageBox, "warning", static(button.Ok))
    monkeypatch.setattr(QMessageBox, "critical", static(button.Ok))
    monkeypatch.setattr(QMessageBox, "about", static(button.Ok))
    return shown


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "toxtrack.db"


@pytest.fixture
def repo(db_path: Path) -> Iterator[Any]:
    """A fresh database with two patients: 044-0012 (SC 250/500, cycle 1 started five days ago,
    so four lead-in doses are overdue and one is due today) and 044-0020 (SC 500/1000, no cycle);
    user "tester" signed in (tests/signed_in.py)."""
    storage = pytest.importorskip("storage.repository")
    from tests.signed_in import sign_in_tester

    repository = sign_in_tester(storage.Repository.open(db_path, create=True, user="oslogin"))
    first = repository.add_patient(
        Patient(
            subject_id="044-0012",
            regimen="SC 250/500",
            enrolment_date=TODAY - dt.timedelta(days=5),
            sex=Sex.FEMALE,
            birth_year=1961,
            name="Ada Example",
            mrn="MRN-12",
        )
    )
    repository.start_cycle(first.id, TODAY - dt.timedelta(days=4))
    repository.add_patient(
        Patient(subject_id="044-0020", regimen="SC 500/1000", enrolment_date=TODAY, name="Bo Test")
    )
    yield repository
    repository.close()


@pytest.fixture
def session(repo: Any, qapp: Any) -> Any:
    """A Session over `repo` whose clock is pinned to TODAY / NOW."""
    from gui.session import Session

    s = Session(repo)
    s.today = lambda: TODAY  # type: ignore[method-assign]
    s.now = lambda: NOW  # type: ignore[method-assign]
    return s


@pytest.fixture
def today() -> dt.date:
    """The date every GUI test's session and repository fixture treats as today."""
    return TODAY


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def first_patient(repo: Any) -> PatientId:
    return PatientId(repo.find_patient("044-0012").id)


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    """An ini file for gui.settings.Settings, so tests never touch the user's QSettings."""
    return tmp_path / "settings.ini"


def open_active_window(qtbot: Any, session: Any, settings_path: Path) -> Any:
    """The real main window, shown and active (keys go where a user's would), with its settings in
    `settings_path`."""
    from gui.main_window import MainWindow
    from gui.settings import Settings

    win = MainWindow(session, Settings(settings_path))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win
