"""The history dialog of a record schema upgrade 8 moved into the assessment table (issue 14): its
entries from before the move first, then the move as one line with the values it was moved with
(its reason says why), then what happened since; every line names the record's own fields."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from clinical.choices import Hypotension
from clinical.demo import generate_cohort
from clinical.model import PatientId
from gui.patient.history_dialog import HistoryDialog
from gui.session import Session
from storage import Repository
from storage.engine import sqlite3
from storage.migrations import V8_REASON
from tests.gui.words import tr
from tests.storage import legacy

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_history_of_a_moved_crs_assessment(tmp_path: Path, qtbot: Any, qapp: Any) -> None:
    path = tmp_path / "v3.db"
    legacy.write_file(path, 3, list(generate_cohort(3, seed=4, today=NOW.date())), NOW)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        writer = legacy.Writer(conn, user="nurse", now=NOW)
        with writer.transaction():
            writer.correct("crs", 1, {"hypotension": Hypotension.FLUIDS}, "read the chart again")
    finally:
        conn.close()
    with Repository.open(path, user="nurse", clock=lambda: NOW) as repo:
        new_id = legacy.moved_ids(repo)[("crs_assessment", 1)]
        repo.correct("crs", new_id, {"treatment": "tocilizumab 8 mg/kg"}, "given at 10:00")
        session = Session(repo)
        dialog = HistoryDialog(session, "crs", new_id)
        qtbot.addWidget(dialog)
        dialog.resize(1100, 420)
        dialog.show()
        lines = dialog.model.rows()
        actions = [line.entry.action for line in lines]
        entries = list(dict.fromkeys((line.entry.id, line.entry.action) for line in lines))
        assert [action for _id, action in entries] == ["insert", "correct", "move", "correct"], entries
        assert actions.count("insert") == actions.count("move") == 1  # each one line
        fields = [line.field for line in lines]
        assert "hypotension" in fields and "treatment" in fields  # the record's fields, not "inputs"
        move = lines[actions.index("move")]
        assert move.entry.reason == V8_REASON and move.field == ""
        assert tr("formatting", "Hypotension not needing vasopressors (fluids)") in str(move.new)
        assert not any("inputs" in line.field or "table_name" in line.field for line in lines)
        subject = repo.get_patient(PatientId(repo.get_crs(new_id).patient_id)).subject_id
        assert subject in str(lines[0].new)
        if os.environ.get("TOXTRACK_SCREENSHOTS"):
            dialog.grab().save(os.environ["TOXTRACK_SCREENSHOTS"])
