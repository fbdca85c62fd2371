"""Every file and folder a session writes is private to its user (issue 17): the database and its
companions, the lock, the anchor log, backups and manifests, PDFs; none carries a patient's name.

Each command runs as the app does (`main.py` in a fresh process, umask 022 inherited as on a typical
workstation), so the modes come from the app's own umask, not from the test's."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from clinical.model import Patient
from storage import Repository, cipher

ROOT = Path(__file__).resolve().parents[2]
CANARY = "Zebedee Quillfeather"


def _toxtrack(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home"), **env}
    environment.pop("TOXTRACK_DB", None)
    return subprocess.run(
        [sys.executable, "main.py", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
        preexec_fn=lambda: os.umask(0o022),
    )  # fmt: skip


def _session(tmp_path: Path, **env: str) -> list[Path]:
    """A full command-line session in `tmp_path/clinic`: demo cohort, a patient with a name, backup,
    PDFs, check; returns every file and folder it wrote."""
    work = tmp_path / "clinic"
    db = work / "data" / "toxtrack.db"
    out = work / "out"
    db.parent.mkdir(parents=True, mode=0o700, exist_ok=True)  # the clinic's own folder (work: 0700 too)
    work.chmod(0o700)
    assert _toxtrack(tmp_path, "demo", "--db", str(db), "--patients", "3", **env).returncode == 0
    cipher.remember(db, env.get("TOXTRACK_PASSPHRASE"))
    with Repository.open(db, user="tester") as repo:
        repo.add_patient(Patient("CAN-1", "SC 250/500", repo.today(), name=CANARY))
    cipher.forget_all()
    steps = [
        ("backup", "--db", str(db)),
        ("backup", "--db", str(db), "--out", str(out / "backups" / "manual.db")),
        ("report", "cohort", "--db", str(db), "--out", str(work / "cohort.pdf")),
        ("report", "cycles", "--db", str(db), "--out-dir", str(out / "cycles"), "--workers", "1"),
        ("check", "--db", str(db)),
    ]
    for step in steps:
        result = _toxtrack(tmp_path, *step, **env)
        assert result.returncode == 0, (step, result.stderr)
    return sorted(work.rglob("*"))


def test_every_file_and_folder_of_a_session_is_private(tmp_path: Path) -> None:
    written = _session(tmp_path)
    files = [p for p in written if p.is_file()]
    assert len(files) >= 6  # database, lock, backups and manifests, PDFs...
    loose = {str(p.relative_to(tmp_path)): oct(stat.S_IMODE(p.stat().st_mode)) for p in written
             if stat.S_IMODE(p.stat().st_mode) & 0o077}  # fmt: skip
    assert loose == {}


@pytest.mark.parametrize("encrypted", [False, True])
def test_no_patient_name_outside_an_unencrypted_database(tmp_path: Path, encrypted: bool) -> None:
    """The canary name is written into the database; besides the database itself (and its plain
    backups) no file carries it: not the lock, the anchor log, the manifests or the PDFs (which
    leave out PHI by default). Encrypted, it is found 0 times anywhere, backups included."""
    env = {"TOXTRACK_PASSPHRASE": "correct horse battery"} if encrypted else {}
    written = _session(tmp_path, **env)
    needle = CANARY.encode()
    holding = [p.name for p in written if p.is_file() and needle in p.read_bytes()]
    if encrypted:
        assert holding == []
    else:
        assert holding and all(name.endswith(".db") for name in holding), holding
