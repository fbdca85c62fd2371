"""Exports are complete or absent: temp file beside the target, renamed only when complete."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from reports import atomic
from reports.atomic import ExportError, write_atomically

from .pdftext import page_texts


def test_writes_the_bytes_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    write_atomically(target, b"%PDF-1.4 complete")
    assert target.read_bytes() == b"%PDF-1.4 complete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    write_atomically(target, b"new contents")
    assert target.read_bytes() == b"new contents"


def test_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"^Cannot save the report in .*missing") as caught:
        write_atomically(tmp_path / "missing" / "out.pdf", b"x")
    assert "\n" not in str(caught.value)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_unwritable_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="Cannot save the report"):
            write_atomically(folder / "out.pdf", b"x")
    finally:
        folder.chmod(0o700)


def test_a_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="that is a folder"):
        write_atomically(tmp_path, b"x")


def test_failure_while_writing_removes_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_handle: object, _data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic, "_write", broken)
    with pytest.raises(ExportError, match="No space left on device"):
        write_atomically(tmp_path / "out.pdf", b"x")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_removes_the_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(_handle: object, _data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic, "_write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "out.pdf", b"x")
    assert list(tmp_path.iterdir()) == []


def _wait_for(predicate: Callable[[], bool], limit_s: float = 60.0) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_killed_midway_leaves_nothing_under_the_final_name(stored_db: Path, tmp_path: Path) -> None:
    """SIGKILL the real CLI while it is paused halfway through writing (test hook env var)."""
    out = tmp_path / "exports" / "killed.pdf"
    out.parent.mkdir()
    env = {**os.environ, atomic.PAUSE_ENV: "60", "QT_QPA_PLATFORM": "offscreen"}
    args = ["cycle", "--db", str(stored_db), "--patient", "SUBJ-0042", "--cycle", "1", "--out", str(out)]
    code = f"import sys; from reports.cli import main; sys.exit(main({args!r}))"
    child = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=Path(__file__).parents[2])
    try:
        assert _wait_for(lambda: any(p.stat().st_size > 0 for p in out.parent.glob(f".{out.name}.*"))), (
            "the export never started writing"
        )
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert not out.exists()
    partial = list(out.parent.glob(f".{out.name}.*{atomic.TEMP_SUFFIX}"))
    assert partial and partial[0].read_bytes().startswith(b"%PDF")  # the partial file was the temp one


@pytest.mark.slow
def test_kill_loop_never_leaves_a_partial_pdf(stored_db: Path, tmp_path: Path) -> None:
    """Reliability goal E1 in small: SIGKILL real exports at random moments; the destination is
    always either absent or a complete PDF (set TOXTRACK_KILL_LOOPS for a longer run)."""
    rounds = int(os.environ.get("TOXTRACK_KILL_LOOPS", "8"))
    chooser = random.Random(20260302)
    out = tmp_path / "loop.pdf"
    args = ["cycle", "--db", str(stored_db), "--patient", "SUBJ-0042", "--cycle", "1", "--out", str(out)]
    code = f"import sys; from reports.cli import main; sys.exit(main({args!r}))"
    for _ in range(rounds):
        child = subprocess.Popen([sys.executable, "-c", code], cwd=Path(__file__).parents[2])
        try:
            child.wait(timeout=chooser.uniform(0.2, 5.0))
        except subprocess.TimeoutExpired:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        if out.exists():
            pages = page_texts(out)
            assert pages and f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_parts_left_by_killed_exports_are_cleaned_at_the_next_export(tmp_path: Path) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead_pid = int(finished.stdout)
    destination = tmp_path / "cycle.pdf"
    stale = tmp_path / f".cycle.pdf.{dead_pid}{atomic.TEMP_SUFFIX}"
    live = tmp_path / f".cycle.pdf.{os.getppid()}{atomic.TEMP_SUFFIX}"  # a process that is running
    other = tmp_path / f".other.pdf.{dead_pid}{atomic.TEMP_SUFFIX}"  # another destination's part
    for path in (stale, live, other):
        path.write_bytes(b"%PDF-partial")
    write_atomically(destination, b"%PDF-1.4 complete")
    assert destination.read_bytes() == b"%PDF-1.4 complete"
    assert not stale.exists()
    assert live.exists() and other.exists()
