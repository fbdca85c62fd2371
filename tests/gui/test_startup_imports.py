"""What the first window of the everyday start does not import (issue 14, start-up <= 1.5x a bare
window): on a file without users that opens read-only while its checks run (the benchmark's network
file), no accounts or passphrase dialog is shown, so their modules, argon2 (password hashing), the
adverse event table's module and the standard library's sqlite3 stay unloaded; the AE table's module
still loads when it is asked for."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from clinical.model import Patient
from tests.gui.child_app import first_paint_report

HEAVY = (
    "gui.dialogs.accounts",
    "gui.dialogs.passphrase",
    "storage.accounts",
    "argon2",
    "secrets",
    "clinical.ae_table",
    "sqlite3",  # the standard library's driver: storage's is sqlcipher3 (storage/engine.py)
)

# Runs the real `toxtrack --db FILE` and, at the main window's first paint, notes which HEAVY modules
# are loaded and whether the window shows the file read-only, then asks for the adverse event table.
CHILD = r"""
import json, os, sys
import main
main.preload_core()
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
import gui.app
gui.app.DEFER_CHECKS_ABOVE_BYTES = 0  # this small file opens as a network file does
HEAVY = json.loads(sys.argv[2])

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if isinstance(watched, QMainWindow) and event.type() == QEvent.Type.Paint:
            seen = {"loaded": sorted(m for m in HEAVY if m in sys.modules)}
            seen["read_only"] = watched.session.read_only
            seen["worst_counts"] = len(watched.session.repo.worst_grade_counts()) >= 0
            seen["ae_table_after"] = "clinical.ae_table" in sys.modules
            print(json.dumps(seen), flush=True)
            os._exit(0)
        return False

app = QApplication(sys.argv[:1])
spy = FirstPaint()
app.installEventFilter(spy)
main.main(["--db", sys.argv[1]])
print("the app exited before its first paint", file=sys.stderr)
sys.exit(3)
"""


def test_first_window_without_users_leaves_dialogs_and_argon2_unloaded(tmp_path: Path) -> None:
    from storage import Repository

    db = tmp_path / "nousers.db"
    repo = Repository.open(db, create=True, user="oslogin")
    assert not repo.has_users()
    repo.add_patient(Patient(subject_id="044-0001", regimen="SC 250/500", enrolment_date=dt.date(2026, 1, 5)))
    repo.close()
    seen = first_paint_report(CHILD, tmp_path, str(db), json.dumps(HEAVY))
    assert seen == {"loaded": [], "read_only": True, "worst_counts": True, "ae_table_after": True}
