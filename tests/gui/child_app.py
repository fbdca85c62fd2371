"""Run a start-up probe script in a child Python, as the app starts on a clinic's machine, and read the
one JSON line it prints at the window's first paint. The child gets the offscreen platform and a home,
data and config folder of its own under the test's tmp_path: never the user's real data or settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def first_paint_report(script: str, tmp_path: Path, *args: str) -> Any:
    """The JSON value of the last line `python -c script *args` printed; the child must exit 0."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
