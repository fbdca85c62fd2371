"""lab_import_ratio (issue 19): 100,000 lab rows imported through the app (exchange/importing.py: read
the CSV, map, convert, check patients, dates, ranges and duplicates, then `repo.import_records`: one
transaction, validated, graded, one hash-chained audit row each), against reading the same file with the
standard csv module and inserting its rows with raw sqlite3 into a plain table (one transaction, WAL,
synchronous=FULL). Target <= 4.0, audit included."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import statistics
import sys
import time
from pathlib import Path

from benchmarks.harness import Figure, Settings
from storage.engine import sqlite3

ROWS = 100_000
PATIENTS = 100
# One sample = these rows (test, value, unit, LLN, ULN): an ANC in cells/µL, counts in 10^9/L, g/dL.
SAMPLE = (
    ("NEUT", "2500", "cells/uL", "1800", ""),
    ("WBC", "5.1", "10^9/L", "4.0", "10.0"),
    ("PLT", "180", "10^9/L", "150", "400"),
    ("HGB", "12.5", "g/dL", "12", "16"),
    ("ALT", "35", "U/L", "", "40"),
)
HEADER = ("subject_id", "drawn_at", "test", "value", "unit", "lln", "uln")


def write_inputs(folder: Path, rows: int = ROWS) -> tuple[Path, Path]:
    """A database of PATIENTS patients enrolled a year ago and a CSV of `rows` lab rows for them (one
    sample an hour per patient, every test of SAMPLE), both built once per run (not timed)."""
    from clinical.model import Patient
    from storage import Repository

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "import-template.db"
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(folder / f"{db.stem}-backups", ignore_errors=True)
    today = dt.date.today()
    enrolled = today - dt.timedelta(days=365)
    with Repository.open(db, user="benchmark") as repo, repo.transaction():
        for n in range(PATIENTS):
            repo.add_patient(Patient(f"B-{n:04d}", "SC 250/500", enrolled))
    start = dt.datetime.combine(enrolled, dt.time(6, 0)) + dt.timedelta(days=1)
    path = folder / "labs-import.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        written, hour = 0, 0
        while written < rows:
            when = (start + dt.timedelta(hours=hour)).isoformat(timespec="minutes")
            for n in range(PATIENTS):
                for test, value, unit, lln, uln in SAMPLE:
                    if written == rows:
                        break
                    writer.writerow((f"B-{n:04d}", when, test, value, unit, lln, uln))
                    written += 1
            hour += 1
    return db, path


def app_seconds(template: Path, csv_path: Path, work: Path) -> float:
    """The whole import through the app on a fresh copy of the database: read, preview, commit."""
    from exchange import importing
    from exchange.labcolumns import guess_mapping
    from storage import Repository

    db = _fresh_copy(template, work / "import-app.db")
    with Repository.open(db, user="benchmark") as repo:
        start = time.perf_counter()
        loaded = importing.load_file(csv_path)
        plan = importing.preview(repo, loaded, guess_mapping(loaded.table.headers), "Benchmark lab")
        written = importing.commit(repo, loaded, plan)
        seconds = time.perf_counter() - start
    if len(written) != ROWS or plan.refused:
        raise RuntimeError(f"the import wrote {len(written):,} rows and refused {len(plan.refused):,}")
    return seconds


def raw_seconds(csv_path: Path, work: Path) -> float:
    """csv.reader over the same file, executemany into a plain table, one transaction."""
    db = work / "import-raw.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"CREATE TABLE lab ({', '.join(HEADER)})")
        start = time.perf_counter()
        with csv_path.open(newline="", encoding="utf-8") as source:
            reader = csv.reader(source)
            next(reader)
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO lab VALUES (?, ?, ?, ?, ?, ?, ?)", reader)
            conn.execute("COMMIT")
        seconds = time.perf_counter() - start
        if conn.execute("SELECT count(*) FROM lab").fetchone()[0] != ROWS:
            raise RuntimeError("the baseline did not write every row")
        return seconds
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)


def _fresh_copy(template: Path, target: Path) -> Path:
    """A copy of the template as a new database: no companions, no anchor log of an earlier copy
    (whose later head would mark the copy as rolled back)."""
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(target.parent / f"{target.stem}-backups", ignore_errors=True)
    shutil.copyfile(template, target)
    return target


def measure(settings: Settings) -> Figure:
    """One untimed warm-up of each side, then max(1, repeats // 3) app runs (each ~seconds) and
    `repeats` baseline runs; the figure is the ratio of the medians."""
    work = settings.cache / "lab-import"
    template, csv_path = write_inputs(work)
    runs = max(1, settings.repeats // 3)
    raw_seconds(csv_path, work)
    app = statistics.median(app_seconds(template, csv_path, work) for _ in range(runs))
    raw = statistics.median(raw_seconds(csv_path, work) for _ in range(settings.repeats))
    print(f"  lab import: app {app:.2f} s, csv + sqlite3 {raw:.2f} s", file=sys.stderr)
    return Figure(
        "lab_import_ratio",
        app / raw,
        "<= 4.0",
        f"import labs {ROWS / app:,.0f} rows/s ({app:.2f} s, audit included)",
        f"csv.reader + executemany {ROWS / raw:,.0f} rows/s ({raw:.2f} s)",
        note=f"{ROWS:,} rows, {PATIENTS} patients, {len(SAMPLE)} tests a sample",
    )
