"""bulk_write_ratio: rows/s of the demo cohort written by repo.bulk_insert, against raw sqlite3 writing the
same rows with one SHA-256-chained audit row each (benchmarks/raw_audited.py); bulk_write_plain_ratio, the
figure before issue 14, against the same rows without audit rows."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path

from benchmarks import cohort_db, raw_audited
from benchmarks.harness import Figure, Settings
from storage.engine import sqlite3

Rows = dict[str, tuple[list[str], list[tuple[object, ...]]]]


def read_rows(path: Path) -> Rows:
    """Every clinical row the app wrote, table by table (columns, values): the baseline writes exactly
    these values, so its rows have the same count and width. Audit and meta rows are the app's own
    overhead and are not counted as rows written."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows: Rows = {}
        for table in cohort_db.CLINICAL_TABLES:
            cursor = conn.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            rows[table] = (columns, cursor.fetchall())
        return rows
    finally:
        conn.close()


def audited_columns(path: Path) -> dict[str, list[str]]:
    """Per clinical table, the columns the app's audit rows record for an insert (the keys of the first
    one's `changes`): the baseline's audit rows record the same, no more and no less."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found: dict[str, list[str]] = {}
        for table in cohort_db.CLINICAL_TABLES:
            row = conn.execute(
                "SELECT changes FROM audit_log WHERE table_name = ? AND action = 'insert' LIMIT 1", (table,)
            ).fetchone()
            found[table] = list(json.loads(row[0])) if row else []
        return found
    finally:
        conn.close()


def raw_insert_seconds(path: Path, rows: Rows) -> float:
    """Plain tables (same column names, no constraints or indexes), the app's durability settings (WAL,
    synchronous=FULL), one transaction of executemany per table; timed from BEGIN to COMMIT."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        for table, (columns, _) in rows.items():
            conn.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
        start = time.perf_counter()
        conn.execute("BEGIN")
        for table, (columns, values) in rows.items():
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
        conn.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        conn.close()


def measure(settings: Settings) -> list[Figure]:
    """Generate the cohort first (not timed: the baselines' rows are in memory too), time bulk_insert
    once into a fresh file, then time the audited baseline max(3, repeats // 2) times (it writes about
    twice the bytes of the plain one) and the plain baseline `repeats` times. The written file becomes
    the cached network database when that cache is missing or stale, so a full run builds it only once."""
    start = time.perf_counter()
    bundles = cohort_db.cohort_bundles(settings.patients)
    generate_s = time.perf_counter() - start
    path = settings.cache / f"bulk-{settings.patients}.db"
    settings.cache.mkdir(parents=True, exist_ok=True)
    app_s = cohort_db.write_bundles(path, bundles)
    rows = read_rows(path)
    n_rows = sum(len(values) for _, values in rows.values())
    expected = sum(1 + len(b.crs) + len(b.icans) + len(b.labs) for b in bundles)
    expected += sum(1 + len(doses) for b in bundles for _, doses in b.cycles)
    expected += sum(len(b.records) for b in bundles)  # the data-defined toxicities (assessment table)
    if n_rows != expected:  # a figure over rows that are not there would be meaningless
        raise RuntimeError(f"bulk_insert left {n_rows:,} rows in {path.name}; {expected:,} were given")
    raw_path = settings.cache / "bulk-raw.db"
    audited = raw_audited.Audited(dt.datetime.now(dt.UTC).isoformat(), "benchmark", audited_columns(path))
    audited_s = statistics.median(
        raw_audited.audited_insert_seconds(raw_path, rows, audited)
        for _ in range(max(3, settings.repeats // 2))
    )
    raw_s = statistics.median(raw_insert_seconds(raw_path, rows) for _ in range(settings.repeats))
    cohort_db.remove_db(raw_path)
    _adopt_as_big_db(settings, path, cohort_db.records(bundles))
    detail = ", ".join(f"{t} {len(v):,}" for t, (_, v) in rows.items())
    print(f"  bulk write: {n_rows:,} rows ({detail}); generation {generate_s:.1f} s", file=sys.stderr)
    measured = f"bulk_insert {n_rows / app_s:,.0f} rows/s ({app_s:.1f} s)"
    return [
        Figure(
            "bulk_write_ratio",
            audited_s / app_s,
            ">= 0.5",
            measured,
            f"executemany + chained audit row {n_rows / audited_s:,.0f} rows/s ({audited_s:.2f} s)",
            note=f"{n_rows:,} clinical rows, each with its audit row in both",
        ),
        Figure(
            "bulk_write_plain_ratio",
            raw_s / app_s,
            ">= 0.4",
            measured,
            f"executemany, no audit rows {n_rows / raw_s:,.0f} rows/s ({raw_s:.2f} s)",
            note="the figure before issue 14, printed for comparison; not in results.json",
        ),
    ]


def _adopt_as_big_db(settings: Settings, path: Path, n_records: int) -> None:
    big = cohort_db.big_db_path(settings.cache, settings.patients)
    if cohort_db.cached(big, settings.patients):
        cohort_db.remove_db(path)
        return
    cohort_db.remove_db(big)
    for suffix in ("", "-wal", "-shm"):  # a WAL left beside the file belongs to it
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(f"{big}{suffix}")
    Path(f"{path}.lock").unlink(missing_ok=True)
    cohort_db.mark_built(big, settings.patients, n_records)
