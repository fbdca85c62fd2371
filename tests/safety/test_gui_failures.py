"""The GUI half of failing honestly: when a save fails (disk full, locked, read-only file) the CRS
form stays open with what the nurse typed, an error says what happened, and nothing says "saved"."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clinical.choices import Hypotension
from clinical.model import LabResult, Patient, PatientId
from storage import DiskFullError, Repository
from storage.engine import sqlite3

from .killing import CAN_FORK
from .test_faults import read_only_file
from .workload import check_database, counts

pytest.importorskip("pytestqt")


@pytest.fixture(autouse=True)
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs never block: each is recorded as "title: text | informative text"."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(f"{box.windowTitle()}: {box.text()} | {box.informativeText()}")
        return int(QMessageBox.StandardButton.Ok)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def _prepare(path: Path) -> PatientId:
    today = dt.datetime.now(dt.UTC).date()
    with Repository.open(path, user="nurse") as repo:
        patient = repo.add_patient(
            Patient(subject_id="044-0012", regimen="SC 250/500", enrolment_date=today - dt.timedelta(days=10))
        )
    assert patient.id is not None
    return patient.id


def _fill_form(dialog: Any) -> dict[str, object]:
    dialog.temperature.setValue(38.6)
    dialog.hypotension.setCurrentIndex(dialog.hypotension.findData(Hypotension.FLUIDS.value))
    dialog.treatment.setText("paracetamol 1 g; " + "x" * 150)
    return _inputs(dialog)


def _inputs(dialog: Any) -> dict[str, object]:
    return {
        "temperature": dialog.temperature.value(),
        "hypotension": dialog.hypotension.currentData(),
        "treatment": dialog.treatment.text(),
        "when": dialog.when.dateTime(),
    }


def _fill_disk(repo: Repository, patient: PatientId) -> None:
    """Cap the file at its current size, then fill the free space inside it."""
    pages = int(repo._db.conn.execute("PRAGMA page_count").fetchone()[0])
    repo._db.conn.execute(f"PRAGMA max_page_count = {pages}")
    with contextlib.suppress(DiskFullError):  # full is the point: it is what the form will meet
        for hour in range(100_000):
            repo.add_lab(
                LabResult(patient_id=patient, drawn_at=repo.now() - dt.timedelta(minutes=hour), anc=2.0)
            )


@contextlib.contextmanager
def _locked_by_another_program(path: Path) -> Iterator[None]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        os.write(write_end, b"x")
        signal.pause()
        os._exit(0)
    try:
        assert os.read(read_end, 1) == b"x"
        yield
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


@pytest.mark.parametrize("fault", ["disk_full", "locked", "read_only_file"])
def test_failed_save_keeps_the_form_open_with_its_input(
    qtbot: Any, message_boxes: list[str], tmp_path: Path, fault: str
) -> None:
    from gui.patient.crs_form import CrsFormDialog
    from gui.session import Session

    if fault == "locked" and not CAN_FORK:
        pytest.skip("needs fork()")
    path = tmp_path / "toxtrack.db"
    patient = _prepare(path)
    with contextlib.ExitStack() as stack:
        if fault == "read_only_file":
            stack.enter_context(read_only_file(path))
        repo = stack.enter_context(Repository.open(path, user="nurse"))
        session = Session(repo)
        changed: list[object] = []
        session.changed.connect(changed.append)
        dialog = CrsFormDialog(session, patient)
        qtbot.addWidget(dialog)
        dialog.show()
        typed = _fill_form(dialog)
        if fault == "disk_full":
            _fill_disk(repo, patient)
        crs_before, audit_before = counts(path)["assessment"], repo.audit_head()[0]
        if fault == "locked":
            repo._db.conn.execute("PRAGMA busy_timeout = 300")
            stack.enter_context(_locked_by_another_program(path))
        dialog.save_clicked()
        assert dialog.isVisible() and dialog.result() == 0, "the form closed although nothing was saved"
        assert _inputs(dialog) == typed, "the form lost what was typed"
        assert changed == [], "the views were told something changed"
        assert len(message_boxes) == 1 and "nothing was saved" in message_boxes[0], message_boxes
    assert counts(path)["assessment"] == crs_before
    with Repository.open(path, read_only=True) as reopened:
        assert reopened.audit_head()[0] == audit_before
    assert check_database(path) == []
