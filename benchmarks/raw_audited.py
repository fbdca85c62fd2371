"""The fair baseline of bulk_write_ratio (issue 14): raw sqlite3 keeping the promise the app keeps.

A bulk write of the app puts every clinical row in the file together with one audit row for it, chained
by SHA-256, in one transaction. The baseline does that with nothing else: plain tables (no constraints,
indexes or triggers), no validation or grading, the values already as stored. It is written from the
recipe in storage/audit.py's docstring with the standard library only (no code of storage/), so that
tests/benchmarks/test_bulk_baseline.py can check it against storage's own chain verifier: a baseline
that skipped part of the work (a shorter payload, no chain) would be faster and would fail that test.

Recipe: an 'insert' audit row's `changes` is the canonical JSON {column: [null, value]} of the row's
audited columns (the record's fields: `id` and the columns the schema fills by default, such as
`void_reason`, are not in it; the caller names them, read from the app's own audit rows); its `hash`
is SHA-256(prev_hash + canonical JSON of the audit row's other columns, keyed id, at, user, action,
table, row_id, changes, reason); the first row links to 64 zeros.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

Table = tuple[list[str], list[tuple[object, ...]]]  # (column names, rows)
GENESIS = "0" * 64
AUDIT_COLUMNS = ("id", "at", "user_name", "action", "table_name", "row_id", "changes", "reason")
AUDIT_COLUMNS += ("prev_hash", "hash")
# The app's page cache during a bulk write (storage/repo_bulk.py BULK_CACHE_KIB): the same setting here,
# so the baseline is not slowed by spilling pages the app keeps in memory.
CACHE_KIB = 128 * 1024

# One encoder built once: json.dumps would build one per call. Same canonical spelling as the app's.
_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


@dataclass(frozen=True)
class Audited:
    """What each audit row says besides the row: its time and user, and per table the columns its
    `changes` holds (the app's audit rows name them)."""

    at: str
    user: str
    columns: Mapping[str, Sequence[str]]


class Chain:
    """The running end of the audit chain: the last audit id and hash."""

    def __init__(self) -> None:
        self.last_id = 0
        self.prev = GENESIS

    def rows(
        self, table: str, columns: Sequence[str], values: Sequence[tuple[object, ...]], audited: Audited
    ) -> Iterator[tuple[object, ...]]:
        """One audit row per clinical row of `table`, hashed in order, yielded for executemany."""
        at, user = audited.at, audited.user
        id_at = list(columns).index("id")
        kept = set(audited.columns.get(table, ()))
        named = [(i, name) for i, name in enumerate(columns) if name in kept]
        sha256 = hashlib.sha256
        for row in values:
            self.last_id += 1
            changes = _canonical({name: [None, row[i]] for i, name in named})
            payload = _canonical(
                {
                    "id": self.last_id,
                    "at": at,
                    "user": user,
                    "action": "insert",
                    "table": table,
                    "row_id": row[id_at],
                    "changes": changes,
                    "reason": "",
                }
            )
            digest = sha256((self.prev + payload).encode("utf-8")).hexdigest()
            yield (self.last_id, at, user, "insert", table, row[id_at], changes, "", self.prev, digest)
            self.prev = digest


def audited_insert_seconds(path: Path, tables: Mapping[str, Table], audited: Audited) -> float:
    """A fresh file at `path` with plain tables (the same column names) and an `audit_log` table; in one
    transaction, each table's rows by executemany and then its audit rows, computed while they are
    written (the hashing is inside the time, as in the app's). WAL and synchronous=FULL like the app.
    Timed from BEGIN to COMMIT; returns the seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
        for table, (columns, _) in tables.items():
            conn.execute(f"CREATE TABLE {table} ({', '.join(columns)})")
        conn.execute(f"CREATE TABLE audit_log ({', '.join(AUDIT_COLUMNS)})")
        audit_sql = f"INSERT INTO audit_log VALUES ({', '.join('?' for _ in AUDIT_COLUMNS)})"
        chain = Chain()
        start = time.perf_counter()
        conn.execute("BEGIN")
        for table, (columns, values) in tables.items():
            marks = ", ".join("?" for _ in columns)
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", values)
            conn.executemany(audit_sql, chain.rows(table, columns, values, audited))
        conn.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        conn.close()
