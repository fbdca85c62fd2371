"""The toxicity registry costs little before the first paint (issue 14, start-up <= 1.5x a bare window):
the definitions load when first read (the Patient page's tabs, made when first shown, list one per
toxicity), and the CTCAE list is not parsed whole for the one term a definition grades (837 rows,
~16 ms before)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.signed_in import TESTER, TESTER_PASSWORD

ROOT = Path(__file__).resolve().parents[2]

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
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")  # never the user's real data folder or settings
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(db_path), TESTER, TESTER_PASSWORD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["definitions"] >= 4  # CRS, ICANS, neutropenia, injection site reaction at least
    assert seen["whole_list_parsed"] == 0
