"""One file, one writer (issue 12): every name and spelling of a database shares its writer lock.

The lock was keyed by the path's spelling: two writers through a hard link ended in "database disk
image is malformed" with half the acknowledged writes gone, and a restore through a symbolic link
swapped the file under a live writer. Here real processes write through one name while a second
writer (the `demo` command), a restore (the `restore` command) or a migration (Repository.open of an
older file) comes in through another name: each is refused with one sentence, and every write the
first process acknowledged is in the file afterwards.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from storage import InUseError, Repository
from storage.backup import make_backup
from storage.connection import connect, enable_wal
from storage.migrations import SCHEMA_VERSION, migrate

from .workload import NOW, check_database, counts, read_acks

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120

# The writer: opens the database through argv[1], says "ready", then performs random user actions
# (one acknowledgement line each, written after the commit) until the file argv[3] exists.
WRITER = """
import pathlib, random, sys
from clinical.errors import ValidationError
from storage import Repository
from tests.safety.killing import ack_writer
from tests.safety.workload import Workload
path, acks, stop = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
with Repository.open(path, user="first") as repo:
    print("ready", flush=True)
    work = Workload(repo, random.Random(7), prefix="A", acks=ack_writer(acks))
    while not stop.exists():
        try:
            work.step()
        except ValidationError:
            pass
"""

# Holds the writer lock only (what a restore or a writer holds), until its stdin closes.
HOLDER = """
import sys
from storage.lock import WriterLock
lock = WriterLock(__import__("pathlib").Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
lock.release()
"""


def _hard_link_here(real: Path) -> Path:
    alias = real.with_name("alias.db")
    os.link(real, alias)
    return alias


def _hard_link_elsewhere(real: Path) -> Path:
    folder = real.parent.parent / "elsewhere"
    folder.mkdir()
    os.link(real, folder / "alias.db")
    return folder / "alias.db"


def _symlink(real: Path) -> Path:
    folder = real.parent.parent / "links"
    folder.mkdir()
    (folder / "link.db").symlink_to(real)
    return folder / "link.db"


def _dot_dot(real: Path) -> Path:
    """`a/../a/x.db` (the old lock already shared this spelling's lock file: kept as a guard)."""
    return real.parent / ".." / real.parent.name / real.name


def _linked_folder(real: Path) -> Path:
    folder = real.parent.parent / "folder-link"
    folder.symlink_to(real.parent, target_is_directory=True)
    return folder / real.name


SPELLINGS: dict[str, Callable[[Path], Path]] = {
    "hard link, same folder": _hard_link_here,
    "hard link, another folder": _hard_link_elsewhere,
    "symbolic link to the file": _symlink,
    "a/../a/x.db": _dot_dot,
    "symbolic link to the folder": _linked_folder,
}


def _database(tmp_path: Path, spelling: str) -> tuple[Path, Path]:
    """A new database and another name of it."""
    real = tmp_path / "clinic" / "toxtrack.db"
    real.parent.mkdir()
    Repository.open(real, clock=lambda: NOW).close()
    return real, SPELLINGS[spelling](real)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _python(code: str, *args: object, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-c", code, *map(str, args)], cwd=ROOT, text=True, **kwargs
    )


def _toxtrack(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip


@contextmanager
def _writing(path: Path, tmp_path: Path) -> Iterator[Path]:
    """A process writing through `path` for the life of the block; yields its acknowledgement file
    (with at least one acknowledged write in it before the block runs)."""
    acks, stop = tmp_path / "acks.jsonl", tmp_path / "stop"
    writer = _python(WRITER, path, acks, stop, stdout=subprocess.PIPE)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + TIMEOUT
        while not (acks.exists() and read_acks(acks)) and time.monotonic() < deadline:
            time.sleep(0.02)
        yield acks
        time.sleep(0.3)  # the first writer keeps writing after the refusal
    finally:
        stop.touch()
        assert writer.wait(timeout=TIMEOUT) == 0


def _one_sentence(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_second_writer_through_another_name_is_refused(tmp_path: Path, spelling: str) -> None:
    real, other = _database(tmp_path, spelling)
    with _writing(real, tmp_path) as acks:
        second = _toxtrack("demo", "--db", other, "--patients", "3")
    assert second.returncode == 1
    refusal = _one_sentence(second.stderr.replace("demo: generating 3 patients (seed 1)\n", ""))
    assert "already open for writing" in refusal
    if spelling == "hard link, another folder":  # the holder's lock file cannot be found from here
        assert "another name (hard link) of the same file" in refusal
    else:
        assert "pid" in refusal  # says who (user@host pid N since ...)
    acknowledged = read_acks(acks)
    assert len(acknowledged) > 1
    assert check_database(real, acknowledged) == []  # sound, and every acknowledged write is there
    patients = sum(1 for ack in acknowledged if ack["kind"] == "patient")
    assert counts(real)["patient"] == patients  # none of the refused demo's


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_writer_through_another_name_refuses_opening_by_the_file(tmp_path: Path, spelling: str) -> None:
    """The same refusal whichever name the first writer used (a hard link's holder sentence is
    built from the other side)."""
    real, other = _database(tmp_path, spelling)
    with _writing(other, tmp_path) as acks, pytest.raises(InUseError, match="already open for writing"):
        Repository.open(real)
    assert check_database(real, read_acks(acks)) == []


@pytest.mark.parametrize("spelling", list(SPELLINGS)[:3])  # the names the old lock missed
def test_restore_while_another_process_writes_is_refused(tmp_path: Path, spelling: str) -> None:
    real, other = _database(tmp_path, spelling)
    backup = tmp_path / "usb" / "backup.db"
    make_backup(real, backup, NOW)
    for writer_name, restore_name in ((real, other), (other, real)):
        with _writing(writer_name, tmp_path) as acks:
            restore = _toxtrack("restore", "--from", backup, "--db", restore_name)
        assert restore.returncode == 1
        assert "already open for writing" in _one_sentence(restore.stderr)
        assert not [p for p in real.parent.iterdir() if ".replaced-" in p.name]  # nothing swapped
        assert real.is_file() and not real.is_symlink()
        assert check_database(real, read_acks(acks)) == []
        (tmp_path / "stop").unlink()
        acks.unlink()


def _version_1(tmp_path: Path, spelling: str) -> tuple[Path, Path]:
    real = tmp_path / "clinic" / "toxtrack.db"
    real.parent.mkdir()
    db = connect(real)
    enable_wal(db.conn)
    migrate(db, target=1)
    db.close()
    return real, SPELLINGS[spelling](real)


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_migration_under_another_processs_lock_is_refused(tmp_path: Path, spelling: str) -> None:
    """An older file is upgraded only under its writer lock: while another process holds that lock
    through another name, opening it for writing changes nothing; once it is free, it upgrades."""
    real, other = _version_1(tmp_path, spelling)
    before = _digest(real)
    holder = _python(HOLDER, other, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(InUseError, match="already open for writing"):
            Repository.open(real)
        assert _digest(real) == before
        assert not Path(f"{real}-wal").exists() or Path(f"{real}-wal").stat().st_size == 0
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        assert holder.wait(timeout=TIMEOUT) == 0
    with Repository.open(real) as repo:
        assert repo._scalar("PRAGMA user_version") == SCHEMA_VERSION


def _claim_more_pages(path: Path) -> None:
    """What a reader sees mid-checkpoint: page 1 already records the grown page count, the pages
    that extend the file are not written yet (the race that failed CI through a hard link)."""
    with path.open("r+b") as handle:
        header = bytearray(handle.read(100))
        pages = int.from_bytes(header[28:32], "big")
        header[28:32] = (pages + 5).to_bytes(4, "big")
        header[92:96] = header[24:28]  # the count is declared valid
        handle.seek(0)
        handle.write(header)


def _holding(path: Path) -> subprocess.Popen[str]:
    holder = _python(HOLDER, path, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    return holder


def test_a_second_writer_is_refused_as_in_use_before_the_file_is_judged(tmp_path: Path) -> None:
    """A writer through a hard link is told the file is in use, not that it is damaged, when it
    arrives while the first writer's checkpoint has grown the header but not yet the file."""
    real, alias = _database(tmp_path, "hard link, same folder")
    _claim_more_pages(real)
    holder = _holding(real)
    try:
        with pytest.raises(InUseError, match="already open for writing"):
            Repository.open(alias)
    finally:
        holder.communicate("")


def test_a_file_in_use_is_not_called_truncated_but_one_nobody_holds_is(tmp_path: Path) -> None:
    from storage.file_checks import inspect_file

    real, alias = _database(tmp_path, "hard link, same folder")
    _claim_more_pages(real)
    holder = _holding(real)
    try:
        assert inspect_file(alias) is None  # its writer may be mid-checkpoint: quick_check judges
    finally:
        holder.communicate("")
    refusal = inspect_file(alias)
    assert refusal is not None and "shorter than the size its header records" in refusal
