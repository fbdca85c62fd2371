"""Damaged files are caught at open: refused, or opened read-only with a clear sentence; never written.

Reliability goal D5: every file of the corpus (tests/safety/corpus.py, 29 variants) is refused or
opened read-only, no write is accepted, the database file is left byte-identical, and
`toxtrack check` exits non-zero.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from clinical.errors import ToxTrackError
from clinical.model import Patient
from storage import DatabaseRefusedError, ReadOnlyError, Repository
from storage.commands import check_main
from storage.engine import sqlite3

from .corpus import Builder, corpus
from .killing import CAN_FORK, run_and_kill
from .workload import ENROLMENT, NOW, Workload

CLOCK_AT = NOW + dt.timedelta(hours=1)


def _clock() -> dt.datetime:
    return CLOCK_AT


def _grow(path: Path, seed: int, steps: int, prefix: str) -> None:
    with Repository.open(path, clock=_clock, user="nurse") as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
        Workload(repo, random.Random(seed), prefix=prefix).run(steps)


def _wal_writer(path: Path) -> None:
    """Write into `path` and die without closing, so the WAL stays beside the file."""
    repo = Repository.open(path, clock=_clock, user="nurse")
    repo._db.conn.execute("PRAGMA wal_autocheckpoint=0")
    repo._db.conn.execute("PRAGMA synchronous=OFF")
    Workload(repo, random.Random(3), prefix="W").run(60)
    # Exit here: returning would drop the last reference to `repo`, and sqlcipher3 closes a
    # connection when it is freed (checkpointing the WAL away), as a real crash would not.
    os._exit(0)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(sound file, a later state of it, a WAL written on top of the later state)."""
    if not CAN_FORK:
        pytest.skip("the WAL fixture needs fork()")
    base = tmp_path_factory.mktemp("sources")
    work = base / "work.db"
    _grow(work, 1, 300, "S")
    sound = base / "sound.db"
    shutil.copyfile(work, sound)  # closed and checkpointed: the file alone is the database
    _grow(work, 2, 100, "L")
    later = base / "later.db"
    shutil.copyfile(work, later)
    killed, code = run_and_kill(lambda: _wal_writer(later), 60.0)
    wal = Path(f"{later}-wal")
    assert not killed and code == 0 and wal.stat().st_size > 0
    return sound, later, wal


def _entries(sources: tuple[Path, Path, Path]) -> dict[str, Builder]:
    return dict(corpus(*sources))


@pytest.fixture
def damaged(request: pytest.FixtureRequest, sources: tuple[Path, Path, Path], tmp_path: Path) -> Path:
    path = tmp_path / "toxtrack.db"
    _entries(sources)[request.param](path)
    return path


def _names() -> list[str]:
    from .corpus import PAGE_FLIP_SEEDS

    fixed = [
        "zero_length", "text_file", "random_bytes", "pdf_named_db", "header_zeroed", "magic_damaged",
        "page_size_damaged", "truncated_half", "truncated_mid_page", "truncated_to_one_page",
        "truncated_to_header", "garbage_appended", "schema_page_flipped",
    ]  # fmt: skip
    tail = ["stale_wal", "wal_without_database", "other_programs_database", "newer_schema_version"]
    return fixed + [f"page_flipped_{seed}" for seed in PAGE_FLIP_SEEDS] + tail


def test_corpus_is_large_enough(sources: tuple[Path, Path, Path]) -> None:
    assert sorted(_entries(sources)) == sorted(_names())
    assert len(_names()) >= 20


def _snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def _check_exit(path: Path) -> tuple[int, str]:
    """`toxtrack check --db PATH` in-process: (exit code, output). An exception is what a real
    process would report as exit code 1 with a traceback; it is returned as (1, its text)."""
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            code = check_main(["--db", str(path)])
    except (sqlite3.Error, ToxTrackError, TypeError) as exc:
        return 1, f"uncaught {type(exc).__name__}: {exc}"
    return code, out.getvalue()


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[tuple[Repository | None, str]]:
    """(repository or None, message) from the app's safe open of `path`."""
    try:
        repo = Repository.open(path, clock=_clock, user="nurse")  # a writable session is asked for
    except DatabaseRefusedError as refusal:
        yield None, str(refusal)
        return
    try:
        assert repo.read_only and repo.damaged, "a damaged file was opened for writing"
        yield repo, " ".join(repo.notices)
    finally:
        repo.close()


@pytest.mark.parametrize("damaged", _names(), indirect=True)
def test_damaged_file_is_refused_or_read_only_and_untouched(damaged: Path) -> None:
    before, wal_before = _snapshot(damaged), _snapshot(Path(f"{damaged}-wal"))
    shm_before = _snapshot(Path(f"{damaged}-shm"))
    with _opened(damaged) as (repo, message):
        assert message and message.endswith(".") and "\n" not in message and "Traceback" not in message
        assert message.count(". ") == 0, f"more than one sentence: {message}"
        if repo is not None:
            with pytest.raises(ReadOnlyError):
                repo.add_patient(Patient(subject_id="NEW-1", regimen="SC 250/500", enrolment_date=ENROLMENT))
    assert _snapshot(damaged) == before, "the open changed the damaged file"
    # issue 12: the open's checks read through connections that cannot write (not even the empty
    # -wal and the -shm that a plain mode=ro open creates)
    assert _snapshot(Path(f"{damaged}-wal")) == wal_before, "the open wrote to the WAL"
    assert _snapshot(Path(f"{damaged}-shm")) == shm_before, "the open wrote to the WAL index"
    code, output = _check_exit(damaged)
    assert code != 0, f"toxtrack check passed a damaged file: {output}"


def test_sound_file_opens_writable_and_checks_clean(sources: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """The control: the same pipeline on the undamaged file accepts writes and checks clean."""
    path = tmp_path / "toxtrack.db"
    shutil.copyfile(sources[0], path)
    with Repository.open(path, clock=_clock, user="nurse") as repo:
        assert not repo.read_only and not repo.damaged
        # a copy without its anchor log (storage/anchors.py) is said to be unanchored, nothing more
        assert len(repo.notices) == 1 and "no anchor to compare with" in repo.notices[0]
        repo.add_patient(Patient(subject_id="NEW-1", regimen="SC 250/500", enrolment_date=ENROLMENT))
    assert _check_exit(path)[0] == 0


def test_a_fresh_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    """Zero bytes with no trace of earlier use (no lock file, WAL or backups) is a new file, not a
    truncated one: it is created as a database, as storage's contract says."""
    path = tmp_path / "new.db"
    path.touch()
    with Repository.open(path, clock=_clock, user="nurse") as repo:
        assert not repo.read_only and repo.notices == ()


def _check_in_process(path: Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return check_main(["--db", str(path)])


@pytest.mark.parametrize("damaged", ["stale_wal"], indirect=True)
def test_check_leaves_the_damaged_file_as_it_found_it(damaged: Path) -> None:
    before = damaged.read_bytes()
    assert _check_in_process(damaged) != 0
    assert damaged.read_bytes() == before


@pytest.mark.parametrize("damaged", ["page_flipped_0"], indirect=True)
def test_check_reports_undecodable_text_as_a_problem_not_a_traceback(damaged: Path) -> None:
    assert _check_in_process(damaged) == 1
