"""No command writes its output onto the database, its -wal/-shm/lock/backups, or anything that is not
a regular file or a new name (issue 12: `report cycle --out in.db` replaced the database with a PDF;
as root, `--out /dev/full` replaced the device node). Each is refused with one sentence and a
non-zero exit, and the target is left exactly as it was. Run through main.py, as a user runs it.
"""

from __future__ import annotations

import os
import random
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from storage import Repository
from storage.backup import make_backup

from .test_read_only_opens import digests, toxtrack
from .workload import NOW, Workload


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A closed database with at least one patient-cycle, and that patient's subject id."""
    path = tmp_path_factory.mktemp("outputs") / "clinic.db"
    with Repository.open(path, clock=lambda: NOW, user="nurse") as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")
        Workload(repo, random.Random(5), prefix="P").run(40)
        subject = next(repo.get_patient(p).subject_id for p in repo.patient_ids() if repo.cycles(p))
    return path, subject


@pytest.fixture
def db(source: tuple[Path, str], tmp_path: Path) -> Path:
    path = tmp_path / "ward" / "toxtrack.db"
    path.parent.mkdir()
    shutil.copyfile(source[0], path)
    return path


def _fingerprint(path: Path) -> tuple[int, str | None]:
    """The kind of thing at `path` and the sha256 of its bytes when it is a regular file."""
    info = os.lstat(path) if os.path.lexists(path) else None
    if info is None:
        return 0, None
    if stat.S_ISREG(info.st_mode):
        return info.st_mode, digests(path)["db"]
    return info.st_mode, None


def _cycle(db: Path, subject: str, out: Path) -> list[str]:
    return ["report", "cycle", "--db", str(db), "--patient", subject, "--cycle", "1", "--out", str(out)]


def _assert_refused(args: list[str], tmp_path: Path, *watched: Path) -> str:
    """Run; assert a non-zero exit, one sentence on stderr, no traceback, and nothing changed."""
    before = [_fingerprint(path) for path in watched]
    result = toxtrack(args, tmp_path)
    message = result.stderr.strip()
    assert result.returncode != 0, f"accepted: {args} -> {result.stdout}{result.stderr}"
    assert "Traceback" not in message and "\n" not in message and message.endswith("."), message
    assert [_fingerprint(path) for path in watched] == before, f"{args} changed its target"
    return message


def _device(tmp_path: Path) -> Path:
    """A character device like /dev/full, in the test's own folder (needs root, as in the issue)."""
    node = tmp_path / "full"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("creating a device node needs root")
    return node


def test_report_onto_the_database_itself(db: Path, source: tuple[Path, str], tmp_path: Path) -> None:
    message = _assert_refused(_cycle(db, source[1], db), tmp_path, db)
    assert "database" in message


@pytest.mark.parametrize("alias", ["hard_link", "symlink", "dotted"])
def test_report_onto_the_database_under_another_name(
    db: Path, source: tuple[Path, str], tmp_path: Path, alias: str
) -> None:
    other = tmp_path / "other-name.pdf"
    if alias == "hard_link":
        os.link(db, other)
    elif alias == "symlink":
        other.symlink_to(db)
    else:
        other = db.parent / ".." / db.parent.name / db.name
    _assert_refused(_cycle(db, source[1], other), tmp_path, db)


@pytest.mark.parametrize("suffix", ["-wal", "-shm", ".lock", "-journal"])
def test_report_onto_a_companion_name_existing_or_not(
    db: Path, source: tuple[Path, str], tmp_path: Path, suffix: str
) -> None:
    """A PDF named <db>-wal would be read by SQLite as the database's journal at the next open."""
    companion = Path(f"{db}{suffix}")
    if suffix == ".lock":
        companion.write_text("nurse@ward-pc pid 1 since 2026-11-20T08:00:00+00:00", encoding="utf-8")
    _assert_refused(_cycle(db, source[1], companion), tmp_path, db, companion)
    assert suffix == ".lock" or not companion.exists()


def test_report_onto_a_device_node(db: Path, source: tuple[Path, str], tmp_path: Path) -> None:
    node = _device(tmp_path)
    message = _assert_refused(_cycle(db, source[1], node), tmp_path, node)
    assert "device" in message


def test_report_onto_a_pipe_and_a_folder(db: Path, source: tuple[Path, str], tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    _assert_refused(["report", "cohort", "--db", str(db), "--out", str(pipe)], tmp_path, pipe)
    _assert_refused(["report", "cohort", "--db", str(db), "--out", str(tmp_path)], tmp_path, tmp_path)


def test_report_onto_another_database_or_a_backup(db: Path, source: tuple[Path, str], tmp_path: Path) -> None:
    other = tmp_path / "other-clinic.db"
    shutil.copyfile(source[0], other)
    _assert_refused(_cycle(db, source[1], other), tmp_path, other)
    backup = db.parent / "toxtrack-backups" / "toxtrack-20261120T120000Z.db"
    make_backup(db, backup, NOW)
    manifest = Path(f"{backup}.json")
    _assert_refused(_cycle(db, source[1], manifest), tmp_path, manifest)


@pytest.mark.parametrize("target", ["database", "wal_name", "device", "pipe"])
def test_backup_out_is_refused(db: Path, tmp_path: Path, target: str) -> None:
    makers: dict[str, Callable[[], Path]] = {
        "database": lambda: db,
        "wal_name": lambda: Path(f"{db}-wal"),
        "device": lambda: _device(tmp_path),
        "pipe": lambda: (os.mkfifo(tmp_path / "p"), tmp_path / "p")[1],
    }
    out = makers[target]()
    _assert_refused(["backup", "--db", str(db), "--out", str(out)], tmp_path, db, out)
    assert target != "wal_name" or not out.exists()


@pytest.mark.parametrize("target", ["database", "pipe", "device"])
def test_report_cycles_out_dir_is_refused(db: Path, tmp_path: Path, target: str) -> None:
    makers: dict[str, Callable[[], Path]] = {
        "database": lambda: db,
        "pipe": lambda: (os.mkfifo(tmp_path / "p"), tmp_path / "p")[1],
        "device": lambda: _device(tmp_path),
    }
    out_dir = makers[target]()
    args = ["report", "cycles", "--db", str(db), "--out-dir", str(out_dir), "--workers", "1"]
    _assert_refused(args, tmp_path, db, out_dir)


def test_an_earlier_ordinary_file_is_still_replaced(tmp_path: Path) -> None:
    """The control, at the layer every export writes through: an earlier file of the same name
    that is nobody's data (a previous PDF) is replaced, and a new name is written."""
    from reports.atomic import write_atomically

    earlier = tmp_path / "summary.pdf"
    earlier.write_bytes(b"an earlier summary")
    write_atomically(earlier, b"%PDF-1.4 new")
    write_atomically(tmp_path / "new.pdf", b"%PDF-1.4 new")
    assert earlier.read_bytes() == (tmp_path / "new.pdf").read_bytes() == b"%PDF-1.4 new"


def test_report_cycles_never_replaces_a_device_inside_its_folder(
    db: Path, source: tuple[Path, str], tmp_path: Path
) -> None:
    """A device node (or pipe) in --out-dir under the name of a summary is refused, not replaced."""
    from reports.cli import safe_name

    out_dir = tmp_path / "pdfs"
    out_dir.mkdir()
    node = _device(out_dir)
    named = out_dir / f"{safe_name(source[1])}_cycle1.pdf"
    node.rename(named)
    args = ["report", "cycles", "--db", str(db), "--out-dir", str(out_dir), "--workers", "1"]
    _assert_refused(args, tmp_path, db, named)
