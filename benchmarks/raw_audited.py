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
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.engine import sqlite3

Table = tuple[list[str], list[tuple[object, ...]]]  # (column names, rows)
GENESIS = "0" * 64
AUDIT_COLUMNS = ("id", "at", "user_name", "action", "table_name", "row_id", "changes", "reason")
AUDIT_COLUMNS += ("prev_hash", "hash")
# The app's page cache during a bulk write (storage/repo_bulk.py BULK_CACHE_KIB): the same setting here,
# so the baseline is not slowed by spilling pages the app keeps in memory.
CACHE_KIB = 128 * 1024

# The canonical JSON of the recipe is json.dumps(value, sort_keys=True, separators=(",", ":"),
# ensure_ascii=False). Encoding a dict per row that way made the audit rows cost 13-15 us a row against
# 8 us spelled from templates (1,000-patient cohort, loaded VM), and the ratio read about 1.0: a baseline
# that slow flatters the app, which spells the same text from templates. So the baseline spells it the
# efficient way too: keys sorted once per table, each value as the encoder spells it (its own string
# quoting; repr for numbers), checked in the tests against the app's own text and storage's verifier.
_quote = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring
_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def _real(value: float) -> str:
    return repr(value) if value - value == 0 else _canonical(value)  # NaN and infinities: the encoder


# A stored value (SQLite gives text, integer, real or NULL) as the canonical encoder spells it.
_SPELL: dict[type, Callable[[Any], str]] = {
    str: _quote,
    int: repr,
    float: _real,
    type(None): lambda _: "null",
}


def changes_template(names: Sequence[str]) -> tuple[str, list[str]]:
    """A %-template of {name: [null, value]} with the names in sorted order, and that order."""
    order = sorted(names)
    slots = (str(_quote(name)).replace("%", "%%") + ":[null,%s]" for name in order)
    return "{" + ",".join(slots) + "}", order


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
        template, order = changes_template(audited.columns.get(table, ()))
        positions = [list(columns).index(name) for name in order]
        # The payload's keys in sorted order: action, at, changes, id, reason, row_id, table, user.
        head = f'{{"action":"insert","at":{_quote(at)},"changes":'
        tail = f',"table":{_quote(table)},"user":{_quote(user)}}}'
        sha256 = hashlib.sha256
        for row in values:
            self.last_id += 1
            changes = template % tuple([_SPELL[type(row[i])](row[i]) for i in positions])
            target = row[id_at]
            payload = f'{head}{_quote(changes)},"id":{self.last_id},"reason":"","row_id":{target}{tail}'
            digest = sha256((self.prev + payload).encode("utf-8")).hexdigest()
            yield (self.last_id, at, user, "insert", table, target, changes, "", self.prev, digest)
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
