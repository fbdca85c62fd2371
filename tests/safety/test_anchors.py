"""The audit head anchored outside the file (storage/anchors.py): written after every commit, close,
backup and restore; compared by `toxtrack check`, the open checks, restores and reports (issue 12)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import random
import shutil
from pathlib import Path

import pytest

from clinical.model import Patient
from reports.cli import main as report_main
from storage import Repository, anchors
from storage.backup import BackupError, Manifest, file_sha256, make_backup, manifest_path
from storage.backup_cli import restore_main
from storage.connection import connect
from storage.engine import sqlite3
from storage.restore import restore_backup
from storage.rotation import automatic_backup, generations, rotate

from ..reports.pdftext import page_texts
from .test_tamper import _check, _raw, _recompute_chain, _restore_triggers
from .workload import ENROLMENT, NOW, Workload

CLOCK = NOW + dt.timedelta(hours=2)


def _db(directory: Path, steps: int = 60, seed: int = 3) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "toxtrack.db"
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        repo._db.conn.execute("PRAGMA synchronous=OFF")  # building a fixture, not testing durability
        Workload(repo, random.Random(seed), prefix=f"A{seed}").run(steps)
    return path


def _head(path: Path) -> tuple[int, str]:
    db = connect(path, read_only=True)
    try:
        return anchors.head(db.conn)
    finally:
        db.close()


def _logged(path: Path) -> list[anchors.Anchor]:
    found = anchors.read(path)
    assert found is not None, f"no anchor log for {path}"
    return found


def test_every_commit_and_the_close_anchor_the_head_outside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "toxtrack.db"
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        repo.add_patient(Patient("AN-1", "SC 250/500", ENROLMENT))
        head = repo.audit_head()
        assert [(a.count, a.hash, a.event) for a in _logged(path)] == [(*head, "pending"), (*head, "commit")]
        repo.add_patient(Patient("AN-2", "SC 250/500", ENROLMENT))
        assert (_logged(path)[-1].count, _logged(path)[-1].hash) == repo.audit_head()
    last = _logged(path)[-1]
    assert (last.count, last.hash, last.event) == (*_head(path), "close")
    assert anchors.log_path(path).parent == tmp_path / "toxtrack-backups"
    assert _check(path) == (0, "ok\n")


def test_a_writer_killed_between_commit_and_its_anchor_is_not_taken_for_a_forger(tmp_path: Path) -> None:
    """The "pending" line written just before COMMIT vouches for the head; without it (a forger's
    appended entry) the same file state is reported."""
    path = _db(tmp_path / "clinic", steps=10)
    log = anchors.log_path(path)
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        repo.add_patient(Patient("AN-7", "SC 250/500", ENROLMENT))
    written = log.read_text(encoding="utf-8").splitlines(keepends=True)[len(lines) :]
    assert [json.loads(line)["event"] for line in written] == ["pending", "commit", "close"]
    log.write_text("".join([*lines, written[0]]), encoding="utf-8")  # killed after COMMIT
    assert _check(path) == (0, "ok\n")
    log.write_text("".join(lines), encoding="utf-8")  # no trace of the write: as if forged
    code, output = _check(path)
    assert code == 1 and "1 entry after the anchor of" in output, output


def test_a_chain_recomputed_end_to_end_is_altered_without_any_backup(tmp_path: Path) -> None:
    """Before the anchor log only a backup manifest could tell; with no backup made yet it passed."""
    path = _db(tmp_path / "clinic")
    assert list(generations(path)) == []
    _recompute_chain(path, _head(path)[0] // 2)
    with Repository.open(path, read_only=True) as repo:
        assert repo.verify_audit() == []  # internally consistent
    code, output = _check(path)
    assert code == 1 and "differs from the anchor of" in output and "altered" in output, output
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:  # the open checks too
        assert repo.read_only and repo.damaged and "differs from the anchor" in repo.notices[0]


def test_a_missing_anchor_log_is_said_not_silent(tmp_path: Path) -> None:
    path = _db(tmp_path / "clinic", steps=10)
    anchors.log_path(path).unlink()
    code, output = _check(path)
    assert code == 0 and output.startswith("note: anchor: no anchor to compare with"), output
    with Repository.open(path, read_only=False, clock=lambda: CLOCK, user="nurse") as repo:
        assert any("no anchor to compare with" in notice for notice in repo.notices)
        assert not repo.read_only  # nothing is known to be wrong: the next commit anchors it again
        repo.add_patient(Patient("AN-9", "SC 250/500", ENROLMENT))
    assert _check(path) == (0, "ok\n")


def test_rotation_never_loses_an_anchor_and_a_same_day_backup_keeps_the_earlier_head(tmp_path: Path) -> None:
    path = _db(tmp_path / "clinic", steps=20)
    day = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
    first = automatic_backup(path, day, force=True)
    assert first is not None
    early_head = _head(path)
    with Repository.open(path, clock=lambda: CLOCK, user="nurse") as repo:
        Workload(repo, random.Random(4), prefix="B").run(10)
    automatic_backup(path, day + dt.timedelta(hours=6), force=True)  # same day: rotation drops `first`
    for days in range(1, 12):  # and many more days than rotation keeps
        automatic_backup(path, day + dt.timedelta(days=days), force=True)
    rotate(path)
    assert not first.exists() and len(generations(path)) < 12
    logged = {(a.count, a.hash) for a in _logged(path)}
    assert early_head in logged and _head(path) in logged
    assert (anchors.newest(_logged(path)).count, anchors.newest(_logged(path)).hash) == _head(path)
    # the earlier head still anchors the file: cut back to it, the chain no longer extends the newest
    _raw(path, ("DELETE FROM audit_log WHERE id > ?", (early_head[0],)))
    _restore_triggers(path)
    code, output = _check(path)
    assert code == 1 and "committed changes are missing" in output, output


def test_every_backup_manifest_records_its_anchor(tmp_path: Path) -> None:
    path = _db(tmp_path / "clinic", steps=10)
    before = anchors.newest(_logged(path))
    manifest = make_backup(path, tmp_path / "usb" / "b.db", CLOCK)
    count, digest = _head(path)
    assert manifest.anchor == {"count": count, "hash": digest, "at": manifest.created_at, "event": "backup"}
    assert manifest.previous_anchor is not None and manifest.previous_anchor["hash"] == before.hash
    assert Manifest.from_json(manifest_path(tmp_path / "usb" / "b.db").read_text()).anchor == manifest.anchor
    assert _logged(path)[-1].event == "backup"


def _rewrite_manifest(backup: Path, **snapshot: object) -> None:
    """What an editor of the backup does next: the manifest's checksum (and head) made to match."""
    data = json.loads(manifest_path(backup).read_text(encoding="utf-8"))
    data["sha256"] = file_sha256(backup)
    data["size"] = backup.stat().st_size
    data["snapshot"].update(snapshot)
    manifest_path(backup).write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("edit", ["row", "chain"])
def test_an_edited_backup_with_its_checksum_recomputed_is_not_restored(tmp_path: Path, edit: str) -> None:
    source = _db(tmp_path / "clinic")
    backup = tmp_path / "usb" / "backup.db"
    make_backup(source, backup, CLOCK)
    if edit == "row":  # a grade changed; the audit trail left alone
        _raw(
            backup,
            (
                "UPDATE assessment SET grade = (grade + 2) % 5, effective_grade = (grade + 2) % 5 "
                "WHERE id = (SELECT min(id) FROM assessment WHERE kind = 'crs' AND override_grade IS NULL)",
                (),
            ),
        )
        _restore_triggers(backup)
        _rewrite_manifest(backup)
        words = "its rows differ from its audit trail"
    else:  # the audit trail rewritten and re-hashed from the middle on, the manifest's head with it
        _recompute_chain(backup, 5)
        _rewrite_manifest(backup, audit_head=_head(backup)[1])
        words = "differs from the anchor of"
    target = tmp_path / "ward" / "toxtrack.db"
    with pytest.raises(BackupError, match=words):
        restore_backup(backup, target)
    assert not target.exists()


def test_restore_says_what_it_could_and_could_not_verify(tmp_path: Path) -> None:
    source = _db(tmp_path / "clinic")
    backup = tmp_path / "usb" / "backup.db"
    make_backup(source, backup, CLOCK)
    target = source  # restore over the file that moved on since: the restore anchor takes over
    with Repository.open(source, clock=lambda: CLOCK, user="nurse") as repo:
        repo.add_patient(Patient("AN-5", "SC 250/500", ENROLMENT))
    automatic_backup(source, CLOCK + dt.timedelta(hours=1), force=True)  # holds a head past the backup's
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert restore_main(["--from", str(backup), "--db", str(target)]) == 0
    assert "verified: its audit head" in out.getvalue() and "matches the anchor log" in out.getvalue()
    assert "verified: every row matches its audit trail" in out.getvalue()
    # neither the newest anchor nor the newer automatic backup's manifest makes it "missing commits"
    assert _logged(target)[-1].event == "restore" and _check(target) == (0, "ok\n")
    # the same backup restored on a computer without the clinic's anchor log: said, not claimed
    anchors.log_path(source).rename(tmp_path / "kept-elsewhere.anchors")
    elsewhere = tmp_path / "new-pc" / "toxtrack.db"
    restored = restore_backup(backup, elsewhere, create_folder=True)  # a new folder only when asked (A)
    assert any("there is no anchor log" in line for line in restored.unverified)


def _crash_image(path: Path, image: Path) -> None:
    """The database, its WAL and its anchor log as a killed writer leaves them (no checkpoint)."""
    image.mkdir(parents=True)
    shutil.copyfile(path, image / path.name)
    shutil.copyfile(f"{path}-wal", image / f"{path.name}-wal")
    log = anchors.log_path(image / path.name)
    log.parent.mkdir()
    shutil.copyfile(anchors.log_path(path), log)


def _wal_damaged(tmp_path: Path, damage: str) -> tuple[Path, int, int]:
    """A killed writer's file whose WAL lost its last three frames ("truncated") or one bit of a late
    frame ("flipped"): (the file, audit rows it still holds, audit rows acknowledged)."""
    path = _db(tmp_path / "clinic", steps=15)
    repo = Repository.open(path, clock=lambda: CLOCK, user="nurse")
    try:
        repo._db.conn.execute("PRAGMA wal_autocheckpoint=0")
        for number in range(6):  # acknowledged: each returned after its COMMIT
            repo.add_patient(Patient(f"W-{number}", "SC 250/500", ENROLMENT))
        acknowledged = repo.audit_head()[0]
        image = tmp_path / "crash"
        _crash_image(path, image)
    finally:
        repo.close()
    wal = image / f"{path.name}-wal"
    data = bytearray(wal.read_bytes())
    page = int.from_bytes(data[8:12], "big")
    cut = len(data) - 3 * (24 + page)  # the last three frames
    if damage == "truncated":
        wal.write_bytes(bytes(data[:cut]))
    else:
        data[cut + 24 + 100] ^= 0x01  # one bit in the page image of a late frame
        wal.write_bytes(bytes(data))
    copy = image / path.name
    db = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    held = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    db.close()
    return copy, held, acknowledged


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_commits_lost_from_a_damaged_wal_are_reported(tmp_path: Path, damage: str) -> None:
    """SQLite stops reading a WAL at the first frame that does not check out, silently: the file
    opens, integrity_check and the chain pass. The anchors written after each COMMIT show more."""
    copy, held, acknowledged = _wal_damaged(tmp_path, damage)
    assert held < acknowledged  # the damage did lose acknowledged commits
    code, output = _check(copy)
    assert code == 1 and "committed changes are missing" in output and f"holds {held} audit" in output, output


def test_a_report_from_a_file_that_lost_commits_says_so_on_every_page(tmp_path: Path) -> None:
    """Not only tampering: a file whose damaged WAL lost acknowledged commits prints its cohort report
    with the problem on every page (issue 12, "reports from a file whose checks found damage")."""
    copy, held, acknowledged = _wal_damaged(tmp_path, "truncated")
    assert held < acknowledged
    cohort = tmp_path / "cohort.pdf"
    assert report_main(["cohort", "--db", str(copy), "--out", str(cohort)], stderr=io.StringIO()) == 0
    texts = page_texts(cohort)
    assert texts and all("NOT VERIFIED - the database failed its checks" in t for t in texts)


def test_a_report_from_a_tampered_file_says_so_on_every_page(tmp_path: Path) -> None:
    path = _db(tmp_path / "clinic", steps=80)
    db = connect(path, read_only=True)
    subject, cycle = db.conn.execute(
        "SELECT p.subject_id, c.number FROM cycle c JOIN patient p ON p.id = c.patient_id "
        "JOIN assessment a ON a.patient_id = p.id AND a.kind = 'crs' LIMIT 1"
    ).fetchone()
    db.close()
    clean_pdf, pdf = tmp_path / "clean.pdf", tmp_path / "tampered.pdf"
    args = ["cycle", "--db", str(path), "--patient", subject, "--cycle", str(cycle)]
    assert report_main([*args, "--out", str(clean_pdf)], stderr=io.StringIO()) == 0
    assert not any("NOT VERIFIED" in text for text in page_texts(clean_pdf))  # control
    _raw(path, ("UPDATE assessment SET grade = (grade + 3) % 5, effective_grade = (grade + 3) % 5 "
                "WHERE kind = 'crs' AND override_grade IS NULL AND patient_id = "
                "(SELECT id FROM patient WHERE subject_id = ?)", (subject,)))  # fmt: skip
    _restore_triggers(path)
    assert report_main([*args, "--out", str(pdf)], stderr=io.StringIO()) == 0
    texts = page_texts(pdf)
    assert len(texts) >= 1 and all("NOT VERIFIED - the database failed its checks" in t for t in texts)
    assert all("assessment row" in t for t in texts)  # the one table of every kind's records (v8)
    cohort = tmp_path / "cohort.pdf"
    assert report_main(["cohort", "--db", str(path), "--out", str(cohort)], stderr=io.StringIO()) == 0
    cohort_texts = page_texts(cohort)
    assert all("NOT VERIFIED" in t and subject not in t for t in cohort_texts)
