"""Where tests save the screenshots they take: docs/screenshots only when asked
(`TOXTRACK_WRITE_SCREENSHOTS=1`, to refresh the README's images), else a temporary folder, so that
running the tests never changes a tracked file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def screenshot_folder() -> Path:
    folder = (
        DOCS
        if os.environ.get("TOXTRACK_WRITE_SCREENSHOTS")
        else Path(tempfile.gettempdir()) / "toxtrack-shots"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder
