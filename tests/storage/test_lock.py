"""Single writer: the lock file beside the database and what a second instance is told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage import DatabaseRefusedError, InUseError, ReadOnlyError, Repository
from storage.lock import WriterLock, lock_path

ROOT = Path(__file__).resolve().parents[2]


def test_second_writer_in_the_same_process_gets_in_use(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with Repository.open(path, user="first") as first:
        with pytest.raises(InUseError) as caught:
            Repository.open(path)
        assert f"pid {os.getpid()}" in caught.value.holder
        assert str(path) in str(caught.value)
        with Repository.open(path, read_only=True) as reader:  # what the GUI offers instead
            assert reader.read_only
        assert not first.read_only
    with Repository.open(path) as again:  # released on close
        assert not again.read_only


def test_second_writer_in_another_process_gets_in_use(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    with Repository.open(path):
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from storage import Repository, InUseError\n"
                "try:\n    Repository.open(sys.argv[1])\n"
                "except InUseError as e:\n    print('IN USE', e.holder); sys.exit(3)\n",
                str(path),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    assert child.returncode == 3, child.stderr
    assert f"pid {os.getpid()}" in child.stdout


def test_stale_lock_file_is_taken_over(tmp_path: Path) -> None:
    """A crashed process leaves its lock file; the OS lock is gone, so the next writer proceeds."""
    path = tmp_path / "stale.db"
    lock_path(path).write_text("ghost@nowhere pid 999999 since 2020-01-01T00:00:00+00:00")
    with Repository.open(path) as repo:
        assert not repo.read_only
        assert f"pid {os.getpid()}" in lock_path(path).read_text()


def test_killed_holder_frees_the_lock(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from storage import Repository\n"
            "r = Repository.open(sys.argv[1]); print('ready', flush=True); time.sleep(120)\n",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(InUseError):
            WriterLock(path)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    lock = WriterLock(path)
    assert lock.held
    lock.release()
    assert not lock.held


def test_unwritable_folder_is_a_read_only_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("storage.lock.os.open", refuse)
    with pytest.raises(ReadOnlyError, match="read-only"):
        WriterLock(tmp_path / "x.db")


def test_every_spelling_of_a_file_shares_one_lock_file(tmp_path: Path) -> None:
    """A symbolic link, a linked folder and `..` all lead to `<file>.lock` beside the file itself."""
    real = tmp_path / "clinic" / "x.db"
    real.parent.mkdir()
    (tmp_path / "x-link.db").symlink_to(real)
    (tmp_path / "folder-link").symlink_to(real.parent, target_is_directory=True)
    spellings = [
        real,
        tmp_path / "x-link.db",
        tmp_path / "folder-link" / "x.db",
        real.parent / ".." / "clinic" / "x.db",
    ]
    assert {lock_path(p) for p in spellings} == {real.with_name("x.db.lock")}


def test_hard_links_in_one_process_exclude_each_other(tmp_path: Path) -> None:
    """The lock on the file itself belongs to the open file, not the process: a second name of the
    same file is refused even here, and says which name holds it."""
    path = tmp_path / "x.db"
    Repository.open(path).close()
    os.link(path, tmp_path / "y.db")
    with Repository.open(path):
        with pytest.raises(InUseError) as caught:
            Repository.open(tmp_path / "y.db")
        assert "through x.db, another name (hard link) of the same file" in str(caught.value)
        assert f"pid {os.getpid()}" in caught.value.holder
    with Repository.open(tmp_path / "y.db") as repo:  # released on close, through either name
        assert not repo.read_only


def test_without_a_file_lock_a_file_with_two_names_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the OS has no lock on the file itself (macOS, Windows here), the other name could not
    be locked, so a file with more than one name is refused for writing; one name is fine."""
    monkeypatch.setattr("storage.lock._lock_file_identity", lambda fd: None)
    path = tmp_path / "x.db"
    with Repository.open(path) as repo:
        assert not repo.read_only
    os.link(path, tmp_path / "y.db")
    with pytest.raises(DatabaseRefusedError, match=r"has 2 names \(hard links\)"):
        Repository.open(path)
    with Repository.open(path, read_only=True) as reader:
        assert reader.read_only
    os.unlink(tmp_path / "y.db")
    WriterLock(path).release()  # one name again, and the refusal had let go of the lock file


def test_a_lock_released_frees_the_file_for_another_name(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    Repository.open(path).close()
    os.link(path, tmp_path / "y.db")
    first = WriterLock(path)
    first.unlock()  # the damaged-file path: others may lock, the file stays open until release
    second = WriterLock(tmp_path / "y.db")
    second.release()
    first.release()
    assert not first.held


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="writer_alive reads /proc/locks (Linux)")
def test_writer_alive_knows_this_process_lock_without_reading_proc_locks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writable open with deferred checks reads its own file while holding its writer lock: the
    answer comes from the lock it holds, not from /proc/locks (whose first read cost 7-15 ms of
    start-up); once released, the lock of another process is still found in /proc/locks."""
    from storage import lock as lock_module

    path = tmp_path / "own.db"
    path.write_bytes(b"")
    reads: list[str] = []
    real_read_text = Path.read_text

    def counting_read_text(self: Path, *args: object, **kwargs: object) -> str:
        reads.append(str(self))
        return real_read_text(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", counting_read_text)
    writer = WriterLock(path)
    try:
        assert lock_module.writer_alive(path) is True
        assert "/proc/locks" not in reads
    finally:
        writer.release()
    assert lock_module.writer_alive(path) is False  # released: nobody holds it
    assert "/proc/locks" in reads
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from storage.lock import WriterLock\n"
            "lock = WriterLock(Path(sys.argv[1])); print('held', flush=True); time.sleep(30)",
            str(path),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert lock_module.writer_alive(path) is True  # another process's lock: read from /proc/locks
    finally:
        holder.kill()
        holder.wait()
