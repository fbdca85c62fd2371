"""Never hang, never a traceback (issue 12): each odd file or argument gets one sentence and a
non-zero exit, through main.py as a user runs it, within a timeout (a hang fails the test)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage import Repository
from storage.backup import make_backup
from storage.engine import sqlite3

from .test_read_only_opens import ROOT, digests, toxtrack
from .workload import NOW, Workload

HANG_S = 20  # far above any of these commands' run time; reaching it is the hang


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hangs") / "sound.db"
    with Repository.open(path, clock=lambda: NOW, user="nurse") as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")
        Workload(repo, random.Random(11), prefix="H").run(40)
    return path


def _one_sentence(result: subprocess.CompletedProcess[str]) -> str:
    text = (result.stderr + result.stdout).strip()
    lines = [line for line in text.splitlines() if "propagateSizeHints" not in line]  # Qt offscreen noise
    assert result.returncode != 0, text
    assert "Traceback" not in text and len(lines) == 1 and lines[0].endswith("."), text
    return lines[0]


def _commands(db: Path, out: Path) -> dict[str, list[str]]:
    return {
        "check": ["check", "--db", str(db)],
        "report": ["report", "cohort", "--db", str(db), "--out", str(out / "c.pdf")],
        "backup": ["backup", "--db", str(db), "--out", str(out / "b.db")],
        "gui": ["--db", str(db), "--screenshot", str(out / "s.png")],
    }


def _all_refuse(
    db: Path, tmp_path: Path, names: tuple[str, ...] = ("check", "report", "backup", "gui")
) -> list[str]:
    messages = []
    for name in names:
        out = tmp_path / f"out-{name}"
        out.mkdir()
        messages.append(_one_sentence(toxtrack(_commands(db, out)[name], tmp_path, timeout=HANG_S)))
    return messages


def test_a_fifo_at_the_database_path(tmp_path: Path) -> None:
    db = tmp_path / "toxtrack.db"
    os.mkfifo(db)
    for message in _all_refuse(db, tmp_path):
        assert "pipe" in message


def test_a_wal_that_is_a_directory(sound: Path, tmp_path: Path) -> None:
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(sound, db)
    Path(f"{db}-wal").mkdir()
    for message in _all_refuse(db, tmp_path):
        assert "toxtrack.db-wal" in message and "folder" in message


def test_a_dropped_table(sound: Path, tmp_path: Path) -> None:
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(sound, db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("DROP TABLE patient")
    conn.commit()
    conn.close()
    for message in _all_refuse(db, tmp_path, ("check", "report", "gui")):
        assert "patient table missing" in message


@pytest.mark.parametrize("version", [0, 2])
def test_a_version_number_that_lies(sound: Path, tmp_path: Path, version: int) -> None:
    """user_version rewritten below what the file holds: the writable open (GUI) tried to migrate
    it again and failed on 'already exists'; a report refused it as 'older', check said ok."""
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(sound, db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    for message in _all_refuse(db, tmp_path, ("check", "gui")):
        assert "version number is wrong" in message


def test_an_unreadable_file(sound: Path, tmp_path: Path) -> None:
    """chmod 000; root reads anything, so as root the commands run without the capabilities that
    let root ignore file permissions."""
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(sound, db)
    db.chmod(0)
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("as root this needs setpriv to drop CAP_DAC_OVERRIDE")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    for name, args in _commands(db, tmp_path).items():
        if name in ("gui", "report"):  # the same file_kind path as check and backup, slower to start
            continue
        result = subprocess.run(
            [*prefix, sys.executable, "main.py", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=HANG_S,
        )  # fmt: skip
        assert "Permission denied" in _one_sentence(result)


def test_a_zero_byte_file_is_called_empty_not_missing(tmp_path: Path) -> None:
    db = tmp_path / "toxtrack.db"
    db.touch()
    for message in _all_refuse(db, tmp_path, ("check", "report")):
        assert "empty (0 bytes)" in message and "does not exist" not in message


def test_invalid_utf8_in_arguments(sound: Path, tmp_path: Path) -> None:
    bad = os.fsdecode(b"\xff\xfe")
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(sound, db)
    for args in (
        [
            "report",
            "cycle",
            "--db",
            str(db),
            "--patient",
            bad,
            "--cycle",
            "1",
            "--out",
            str(tmp_path / "x.pdf"),
        ],
        ["check", "--db", str(tmp_path / f"{bad}.db")],
        ["--db", str(db), "--screenshot", str(tmp_path / "s.png"), "--patient", bad],
    ):
        assert "not valid UTF-8" in _one_sentence(toxtrack(args, tmp_path, timeout=HANG_S))


def _small_disk(tmp_path: Path) -> Path:
    """A 256 kB tmpfs: a real full disk (needs root and mount; skipped elsewhere)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    return mount


def test_a_backup_onto_a_full_disk(sound: Path, tmp_path: Path) -> None:
    disk = _small_disk(tmp_path)
    try:
        (disk / "filler").write_bytes(bytes(200 * 1024))  # the backup (~300 kB) cannot fit
        before = digests(sound)
        result = toxtrack(
            ["backup", "--db", str(sound), "--out", str(disk / "b.db")], tmp_path, timeout=HANG_S
        )
        assert "full" in _one_sentence(result)
        assert sorted(p.name for p in disk.iterdir()) == ["filler"], "a partial file or journal was left"
        assert digests(sound) == before
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_restore_into_a_missing_folder_needs_create_folder(sound: Path, tmp_path: Path) -> None:
    backup = tmp_path / "usb" / "b.db"
    make_backup(sound, backup, NOW)
    target = tmp_path / "typo" / "toxtrack.db"
    result = toxtrack(["restore", "--from", str(backup), "--db", str(target)], tmp_path, timeout=HANG_S)
    assert "--create-folder" in _one_sentence(result) and not target.parent.exists()
    args = ["restore", "--from", str(backup), "--db", str(target), "--create-folder"]
    assert toxtrack(args, tmp_path, timeout=HANG_S).returncode == 0 and target.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["demo", "--db", "{db}", "--patients", "1000000000"],
        [
            "report",
            "cycle",
            "--db",
            "{db}",
            "--patient",
            "X",
            "--cycle",
            "99999999999999999999",
            "--out",
            "{out}",
        ],
        ["report", "cycles", "--db", "{db}", "--out-dir", "{dir}", "--workers", "100000"],
    ],
    ids=["demo_patients", "report_cycle", "report_workers"],
)
def test_every_count_argument_is_bounded(sound: Path, tmp_path: Path, args: list[str]) -> None:
    """A count beyond what ToxTrack is sized for is an argparse error at once, before any memory
    is spent or SQL runs (a cycle number past SQLite's integers was an OverflowError traceback)."""
    db = tmp_path / "toxtrack.db"
    shutil.copyfile(sound, db)
    filled = [a.format(db=db, out=tmp_path / "o.pdf", dir=tmp_path / "pdfs") for a in args]
    started = time.monotonic()
    result = toxtrack(filled, tmp_path, timeout=HANG_S)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "must be from" in result.stderr.splitlines()[-1]
    assert time.monotonic() - started < HANG_S / 2


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_report_cycles_workers_die_with_their_parent(tmp_path: Path) -> None:
    import datetime as dt

    from clinical.demo import generate_cohort

    db = tmp_path / "demo.db"
    with Repository.open(db, user="nurse") as repo:
        repo.bulk_insert(list(generate_cohort(12, 3, dt.date(2026, 11, 20))))
    env = {**os.environ, "HOME": str(tmp_path)}
    args = ["report", "cycles", "--db", str(db), "--out-dir", str(tmp_path / "pdfs"), "--workers", "2"]
    parent = subprocess.Popen(
        [sys.executable, "main.py", *args], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and parent.poll() is None and time.monotonic() < deadline:
            workers = _children(parent.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the pool never started"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=HANG_S)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if _alive(pid)], "workers outlived the killed report"
    finally:
        for pid in workers:  # only the pids this test saw its own child start
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
