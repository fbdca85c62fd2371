"""The toxicity registry costs little before the first paint (issue 14, start-up <= 1.5x a bare window):
the definitions load when first read (the Patient page's tabs, made when first shown, list one per
toxicity), and the CTCAE list is not parsed whole for the one term a definition grades (837 rows,
~16 ms before)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.gui.child_app import first_paint_report
from tests.signed_in import TESTER, TESTER_PASSWORD

# Runs the real `toxtrack --db FILE` and, at the main window's first paint, notes the registry's state.
CHILD = r"""
import json, os, sys
import main
main.preload_core()
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if isinstance(watched, QMainWindow) and event.type() == QEvent.Type.Paint:
            from clinical.toxicities import ctcae, registry
            seen = {
                "definitions": len(registry.toxicities()),
                "whole_list_parsed": ctcae.ctcae_terms.cache_info().currsize,
            }
            print(json.dumps(seen), flush=True)
            os._exit(0)
        return False

import gui.dialogs.accounts
# the sign-in dialog answered as "tester" would (issue 16: it comes before the window)
gui.dialogs.accounts.ensure_signed_in = lambda repo, parent=None: bool(repo.sign_in(*sys.argv[2:4]))
app = QApplication(sys.argv[:1])
spy = FirstPaint()
app.installEventFilter(spy)
main.main(["--db", sys.argv[1]])
print("the app exited before its first paint", file=sys.stderr)
sys.exit(3)
"""


def test_first_paint_does_not_parse_the_whole_ctcae_list(repo: Any, db_path: Path, tmp_path: Path) -> None:
    repo.close()
    seen = first_paint_report(CHILD, tmp_path, str(db_path), TESTER, TESTER_PASSWORD)
    assert seen["definitions"] >= 4  # CRS, ICANS, neutropenia, injection site reaction at least
    assert seen["whole_list_parsed"] == 0
