"""Private files (issue 17): everything ToxTrack creates is readable by its user alone.

The process umask is set once, at start (main.py), before any file exists, so the database and its
-wal/-shm/lock, backups and manifests, the anchor log, the crash log, settings, PDFs, exports and
temporary files are all born 0600 and folders 0700: nothing is chmod-ed after data were written to
it (a window in which the data were world-readable). Files opened with an explicit mode use FILE_MODE.
"""

from __future__ import annotations

import os

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600


def make_private() -> None:
    """Every file and folder this process creates from now on is private to its user."""
    os.umask(PRIVATE_UMASK)
