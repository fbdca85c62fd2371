"""Shared fixtures: no test touches the real data folder; a fresh `repo` and a `make_patient` factory.

QT_QPA_PLATFORM is set before anything can import Qt (PLATFORM.md, "Qt in tests").
"""

from __future__ import annotations

import datetime as dt
import gc
import itertools
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# New databases are encrypted by default (issue 17); the tests' files are unencrypted by this explicit
# choice (storage.cipher.plain_chosen), inherited by the app processes they start. Tests of encryption
# give a passphrase (which wins) or clear it.
os.environ.setdefault("TOXTRACK_NO_ENCRYPT", "1")

import pytest

import storage.engine  # noqa: F401  # before any test module imports sqlite_utils: one SQLite (issue 17)
from clinical.model import Patient

PatientFactory = Callable[..., Patient]


@pytest.fixture(autouse=True)
def _no_real_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default database path points into tmp_path, so nothing opens the user's real file."""
    monkeypatch.setenv("TOXTRACK_DB", str(tmp_path / "default.db"))


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Any]:
    """A writable Repository on a fresh database file in tmp_path, user "tester" signed in (an
    investigator: enters, corrects, voids, signs; tests/signed_in.py)."""
    from storage import Repository
    from tests.signed_in import sign_in_tester

    repository = sign_in_tester(Repository.open(tmp_path / "repo.db", user="oslogin"))
    yield repository
    repository.close()


@pytest.fixture
def make_patient(repo: Any) -> PatientFactory:
    """Add a patient to `repo`: unique subject ids, enrolled 60 days ago, SC 250/500 by default."""
    numbers = itertools.count(1)

    def make(**overrides: Any) -> Patient:
        base = Patient(
            subject_id=f"T-{next(numbers):04d}",
            regimen="SC 250/500",
            enrolment_date=dt.date.today() - dt.timedelta(days=60),
        )
        stored: Patient = repo.add_patient(replace(base, **overrides))
        return stored

    return make


@pytest.fixture(autouse=True)
def _gc_on_the_main_thread_in_qt_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """Qt tests run with automatic garbage collection off and collect at teardown, on this thread,
    as the app does with gui.gc_guard: a collection triggered inside a background worker can delete
    Qt objects off the GUI thread and crash the whole run."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()


@pytest.fixture
def berlin() -> Iterator[None]:
    """The process's local zone is Berlin (UTC+1 in March), restored afterwards: local-time tests
    must not pass only because the machine runs on UTC."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX-only")
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


@pytest.fixture
def slept(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The accounts back-off's waits, recorded instead of slept; password hashes at OWASP's minimum
    (fast tests; the real profile is tested in tests/storage/test_accounts.py)."""
    from storage import accounts

    waits: list[float] = []
    monkeypatch.setattr(accounts, "sleep", waits.append)
    monkeypatch.setattr(accounts, "PROFILE", accounts.OWASP_MINIMUM)
    return waits
