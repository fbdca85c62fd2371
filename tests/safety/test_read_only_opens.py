"""Opens that do not intend to write cannot write (issue 12): every read-only command, run as a user
runs it (`python main.py ...` in a subprocess), leaves the database, its -wal and its -shm
byte-identical (sha256 before and after; a file that did not exist must still not exist).

The reproduction: a stale -wal from another database beside an intact file. Before the fix,
`toxtrack report` and `toxtrack backup` opened it with a plain connection whose close checkpointed
the foreign WAL into the file.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from storage import Repository
from storage.engine import sqlite3

from .corpus import corpus
from .killing import CAN_FORK, run_and_kill
from .test_damaged_files import _names
from .workload import NOW, Workload

ROOT = Path(__file__).resolve().parents[2]
COMPANIONS = ("", "-wal", "-shm")
SUBJECT = ""  # a patient of the sound file with a first cycle (set by the `files` fixture)


def _clock() -> object:
    return NOW


def _grow(path: Path, seed: int, steps: int, prefix: str) -> None:
    with Repository.open(path, clock=_clock, user="nurse") as repo:  # type: ignore[arg-type]
        repo._db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
        Workload(repo, random.Random(seed), prefix=prefix).run(steps)


def _die_with_wal(path: Path, seed: int) -> None:
    """Write into `path` and exit without closing: its -wal (and -shm) stay beside it."""
    repo = Repository.open(path, clock=_clock, user="nurse")  # type: ignore[arg-type]
    repo._db.conn.execute("PRAGMA wal_autocheckpoint=0")
    repo._db.conn.execute("PRAGMA synchronous=OFF")
    Workload(repo, random.Random(seed), prefix="W").run(40)
    os._exit(0)  # returning would free `repo`, and sqlcipher3 closes (checkpoints) a freed connection


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An intact closed file, another database's -wal and -shm, and a later WAL of the same one."""
    if not CAN_FORK:
        pytest.skip("the WAL fixtures need fork()")
    base = tmp_path_factory.mktemp("read_only")
    sound = base / "sound.db"
    _grow(sound, 1, 120, "S")
    other = base / "other.db"
    _grow(other, 7, 30, "O")
    assert run_and_kill(lambda: _die_with_wal(other, 8), 60.0) == (False, 0)
    later = base / "later.db"
    shutil.copyfile(sound, later)
    assert run_and_kill(lambda: _die_with_wal(later, 9), 60.0) == (False, 0)
    global SUBJECT
    with Repository.open(sound, read_only=True) as repo:
        SUBJECT = next(repo.get_patient(p).subject_id for p in repo.patient_ids() if repo.cycles(p))
    return {
        "sound": sound,
        "foreign_wal": Path(f"{other}-wal"),
        "foreign_shm": Path(f"{other}-shm"),
        "later": later,
        "later_wal": Path(f"{later}-wal"),
    }


def digests(db: Path) -> dict[str, str | None]:
    """sha256 of the database, its -wal and its -shm (None: the file does not exist)."""
    found: dict[str, str | None] = {}
    for suffix in COMPANIONS:
        path = Path(f"{db}{suffix}")
        found[suffix or "db"] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
    return found


def toxtrack(args: list[str], tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env.pop("TOXTRACK_DB", None)
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def read_only_commands(db: Path, out: Path) -> dict[str, list[str]]:
    """Every command that opens the database without intending to write it."""
    return {
        "check": ["check", "--db", str(db)],
        "report cycle": ["report", "cycle", "--db", str(db), "--patient", SUBJECT, "--cycle", "1",
                         "--out", str(out / "cycle.pdf")],
        "report cohort": ["report", "cohort", "--db", str(db), "--out", str(out / "cohort.pdf")],
        "report cycles": ["report", "cycles", "--db", str(db), "--out-dir", str(out / "all"),
                          "--workers", "1"],
        "backup": ["backup", "--db", str(db), "--out", str(out / "backup.db")],
    }  # fmt: skip


GUI_READ_ONLY = "gui --read-only"


def _run_all(db: Path, tmp_path: Path, commands: list[str]) -> list[str]:
    """Run each command on `db`; returns what changed the files or printed a traceback."""
    wrong = []
    for number, name in enumerate(commands):
        out = tmp_path / f"out{number}"
        out.mkdir()
        args = (
            ["--db", str(db), "--read-only", "--screenshot", str(out / "s.png")]
            if name == GUI_READ_ONLY
            else read_only_commands(db, out)[name]
        )
        before = digests(db)
        result = toxtrack(args, tmp_path)
        after = digests(db)
        if after != before:
            changed = [key for key in before if before[key] != after[key]]
            wrong.append(f"{name} changed {changed} (exit {result.returncode}: {result.stderr[-300:]})")
        if "Traceback" in result.stderr + result.stdout:
            wrong.append(f"{name} printed a traceback: {result.stderr[-500:]}")
    return wrong


ALL_COMMANDS = [*read_only_commands(Path("x"), Path("y")), GUI_READ_ONLY]


def test_reproduction_foreign_wal_beside_an_intact_file(files: dict[str, Path], tmp_path: Path) -> None:
    """The issue's reproduction: another database's -wal beside an intact file (no -shm, as after a
    copy or a sync); report and backup checkpointed it into the file."""
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(files["sound"], db)
    shutil.copyfile(files["foreign_wal"], Path(f"{db}-wal"))
    assert _run_all(db, tmp_path, ALL_COMMANDS) == []


def test_foreign_wal_and_shm_beside_an_intact_file(files: dict[str, Path], tmp_path: Path) -> None:
    """The same with the other database's -shm too (a crashed writer's pair copied beside it)."""
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(files["sound"], db)
    shutil.copyfile(files["foreign_wal"], Path(f"{db}-wal"))
    shutil.copyfile(files["foreign_shm"], Path(f"{db}-shm"))
    assert _run_all(db, tmp_path, ["check", "backup"]) == []


def test_a_closed_sound_file_gets_no_wal_or_shm(files: dict[str, Path], tmp_path: Path) -> None:
    """A cleanly closed file: a mode=ro open alone would still create an empty -wal and a -shm."""
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(files["sound"], db)
    assert _run_all(db, tmp_path, ["check", "backup"]) == []  # the same URI path as report and GUI
    assert toxtrack(["check", "--db", str(db)], tmp_path).stdout.strip() == "ok"


def test_a_crashed_writers_wal_is_read_not_merged(files: dict[str, Path], tmp_path: Path) -> None:
    """A writer died with commits in its WAL: a report sees them (they were acknowledged), and the
    file, WAL and WAL index stay as they were for the next writable open to recover."""
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(files["later"], db)
    shutil.copyfile(files["later_wal"], Path(f"{db}-wal"))
    shutil.copyfile(Path(f"{files['later']}-shm"), Path(f"{db}-shm"))
    before = digests(db)
    result = toxtrack(["backup", "--db", str(db), "--out", str(tmp_path / "b.db")], tmp_path)
    assert result.returncode == 0, result.stderr
    assert digests(db) == before
    with (
        Repository.open(tmp_path / "b.db", read_only=True) as copy,
        Repository.open(files["sound"], read_only=True) as sound,
    ):
        assert len(copy.patient_ids()) > len(sound.patient_ids())  # the WAL's patients are in it


@pytest.mark.parametrize("separated", [False, True], ids=["with_shm", "wal_only"])
def test_the_open_checks_of_a_writable_open_change_nothing_they_judge(
    files: dict[str, Path], tmp_path: Path, separated: bool
) -> None:
    """The checks a writable open runs first (quick_check, audit tail) read the file through a
    connection that cannot write: a damaged file they refuse keeps its -shm as well."""
    from storage.safety import read_only_connection

    db = tmp_path / "toxtrack.db"
    shutil.copyfile(files["sound"], db)
    shutil.copyfile(files["foreign_wal"], Path(f"{db}-wal"))
    if not separated:
        shutil.copyfile(files["foreign_shm"], Path(f"{db}-shm"))
    before = digests(db)
    conn = read_only_connection(db)
    try:
        conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError:  # the foreign pages may not even read; only the bytes matter here
        pass
    finally:
        conn.close()
    assert digests(db) == before


def _corpus_files(files: dict[str, Path]) -> list[tuple[str, object]]:
    return list(corpus(files["sound"], files["later"], files["later_wal"]))


@pytest.mark.soak
@pytest.mark.parametrize("name", _names())
def test_whole_corpus_every_read_only_command_changes_nothing(
    files: dict[str, Path], tmp_path: Path, name: str
) -> None:
    """Every damaged file of the corpus (tests/safety/corpus.py) x every read-only command."""
    db = tmp_path / "toxtrack.db"
    dict(_corpus_files(files))[name](db)  # type: ignore[operator]
    assert _run_all(db, tmp_path, ALL_COMMANDS) == []


def test_corpus_sample_every_read_only_command_changes_nothing(
    files: dict[str, Path], tmp_path: Path
) -> None:
    """The default run's share of the corpus (all of it, with every command, runs under `make soak`;
    stale_wal is the reproduction above): a WAL without its database, a file from a newer ToxTrack."""
    wanted = {"wal_without_database", "newer_schema_version"}
    wrong = []
    for name, build in _corpus_files(files):
        if name not in wanted:
            continue
        folder = tmp_path / name
        folder.mkdir()
        db = folder / "toxtrack.db"
        build(db)  # type: ignore[operator]
        wrong += [f"{name}: {line}" for line in _run_all(db, folder, ["check", "backup"])]
    assert wrong == []


def test_a_writer_closing_while_a_reader_opens(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The read-only URI depends on which of -wal/-shm exist; a writer that closes between that look
    and the open removes them. The reader looks again instead of failing ("unable to open")."""
    from storage import connection

    db = tmp_path / "toxtrack.db"
    shutil.copyfile(files["sound"], db)
    writer = Repository.open(db, user="nurse")
    assert Path(f"{db}-shm").exists()
    real = connection.read_only_uri
    calls: list[str | None] = []

    def look_then_close(path: Path) -> str | None:
        uri = real(path)
        if not calls:
            writer.close()  # checkpoints and deletes -wal and -shm
        calls.append(uri)
        return uri

    monkeypatch.setattr(connection, "read_only_uri", look_then_close)
    conn = connection.open_connection(db, read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM patient").fetchone()[0] > 0
    finally:
        conn.close()
    assert calls[0] is not None and "readonly_shm" in calls[0] and "immutable" in str(calls[-1])
