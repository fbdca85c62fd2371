"""export_s (issue 19): seconds to export the network database's whole cohort as CSV with its manifest
(exchange.exports.collect + write_csv: patients, doses, every record with inputs, grades and reasons,
labs, adverse events, episodes, flags), on a read-only repository, one run (absolute: no baseline)."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from benchmarks.harness import Figure, Settings


def measure(settings: Settings, db: Path) -> Figure:
    from exchange import exports
    from storage import Repository

    out = settings.cache / "export-csv"
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    with Repository.open(db, read_only=True, create=False) as repo:
        data = exports.collect(repo, what="benchmark")
    exports.write_csv(data, out, db)
    seconds = time.perf_counter() - start
    rows = sum(data.manifest["rows"].values())
    print(f"  export: {rows:,} rows in {seconds:.1f} s", file=sys.stderr)
    shutil.rmtree(out, ignore_errors=True)
    return Figure(
        "export_s",
        seconds,
        "(reported)",
        f"CSV export of {settings.patients:,} patients, {rows:,} rows ({seconds:.1f} s)",
        "(absolute)",
        note="collect through Repository's public API + one CSV per table + manifest.json",
    )
