"""sqlite-utils imported without numpy, which keeps about 0.1-0.3 s out of every start-up.

sqlite-utils imports numpy and pandas when they are installed (`sqlite_utils/db.py`, "If numpy is available,
add more types") only so that `table.insert` can map numpy scalars to column types. ToxTrack never hands
sqlite-utils a numpy value: every value passes `storage.validation` as a plain Python type. numpy is
installed for matplotlib, so without this the GUI would pay for importing it before its window appears
(benchmarks/README.md, start-up). The mask covers this one import only: numpy stays importable for the
charts, and nothing changes when numpy was already imported (a report worker).
"""

from __future__ import annotations

import sys


def import_without_numpy() -> None:
    """Import sqlite_utils with `import numpy` failing as if numpy were absent, then unmask it
    (storage.connection.database calls this before its own import of sqlite_utils)."""
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # the import system's "not available"
    try:
        import sqlite_utils  # noqa: F401  # the import whose numpy lookup is masked
    finally:
        if sys.modules.get("numpy", 0) is None:
            del sys.modules["numpy"]
