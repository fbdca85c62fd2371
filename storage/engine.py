"""The one SQLite library ToxTrack uses: SQLCipher's, through `sqlcipher3` (issue 17).

CPython's own `sqlite3` is linked against the SQLite of the build (3.40.1 here), inside the range of
the WAL-reset corruption bug (reliability-reference A1.2: 3.7.0 through 3.51.2, fixed in 3.51.3 with
backports 3.50.7 and 3.44.6; 3.52.0 was withdrawn), and the app opens several connections to one WAL
file. `sqlcipher3` bundles a current SQLite with SQLCipher 4, so plain and encrypted files alike are
opened by one library: every module in storage/ imports `sqlite3` from here, never the standard one.

Two SQLite libraries in one process must never open the same file: each keeps its own table of POSIX
locks, and closing a file in one drops the other's locks (sqlite.org/howtocorrupt.html 2.2.1). So
sqlite-utils is made to use this module too: it takes `pysqlite3` when that imports
(`sqlite_utils/utils.py`), and this module answers to that name before sqlite-utils is imported.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the driver has no type information of its own; its API is the standard module's
    import sqlite3 as sqlite3
else:
    import sqlcipher3
    from sqlcipher3 import dbapi2 as sqlite3

    sys.modules.setdefault("pysqlite3", sqlcipher3)
    sys.modules.setdefault("pysqlite3.dbapi2", sqlite3)

__all__ = ["affected_by_wal_reset", "library_refusal", "sqlite3"]

# (first affected, first fixed) per release line (reliability-reference A1.2); 3.52.0 was withdrawn.
FIXED_IN = (3, 51, 3)
BACKPORTS = ((3, 50, 7), (3, 44, 6))
WITHDRAWN = ((3, 52, 0),)


def affected_by_wal_reset(version: tuple[int, int, int]) -> bool:
    """Whether a SQLite version has the WAL-reset bug (3.7.0 through 3.51.2, less the backports)."""
    if version in WITHDRAWN:
        return True
    if version >= FIXED_IN or version < (3, 7, 0):
        return False
    return not any(version[:2] == fix[:2] and version >= fix for fix in BACKPORTS)


def library_refusal(version: tuple[int, int, int] | None = None) -> str | None:
    """One sentence refusing to run on an affected SQLite, or None (checked at every start)."""
    found = version or sqlite3.sqlite_version_info
    if not affected_by_wal_reset(found):
        return None
    shown = ".".join(str(part) for part in found)
    return (
        f"ToxTrack cannot start: its SQLite library is version {shown}, which can corrupt a database in "
        "write-ahead-log mode (fixed in 3.51.3); reinstall ToxTrack so it uses sqlcipher3 0.6.4 or later."
    )


def sqlite_utils_bound() -> bool:
    """Whether sqlite-utils uses this module (False when it was imported before storage)."""
    utils = sys.modules.get("sqlite_utils.utils")
    return utils is None or getattr(utils, "sqlite3", None) is sys.modules.get("pysqlite3")
