"""Replaying the audit trail against the stored rows: every row must be what its audit entries say.

The hash chain (storage/audit.py) proves the audit log was not edited; it says nothing about the
clinical rows themselves. A raw `UPDATE crs_assessment SET grade = 1`, a raw DELETE, or a row
inserted with a forged audit entry leave the chain intact. Replaying each row's entries (insert,
then every field change in order) gives the value it must hold; any difference, a row without
entries, or entries without their row is reported by record (reliability-reference R1, R3).

Generic over tables: every table of the file except the audit log and `meta` is replayed, from its
own columns (PRAGMA table_info) and the JSON field names of its entries, so a new or merged table
(one assessments table) needs no change here. Each table is read once in id order beside its audit
entries in (row_id, id) order, through the `audit_table_row` index: memory stays flat however large
the file. A row whose only entry is its insert (almost all of them) is compared by spelling the row
as that entry's JSON (`audit.InsertChanges`) instead of parsing the entry.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
from collections.abc import Iterator

from storage.engine import sqlite3
from storage.layout import MOVED_TABLES
from storage.replay_judge import (
    UNKNOWN,
    Mismatch,
    Table,
    audit_entries_of,
    judge,
    missing_row,
    quoted,
    with_subjects,
)
from storage.schema import ASSESSMENT_TABLE

log = logging.getLogger("toxtrack.storage")

# Tables with no audit entries of their own: the log itself and the file's identity.
# `credential` (schema 9) holds password hashes and counters, which the audit trail never records.
NOT_REPLAYED = frozenset({"audit_log", "meta", "credential"})
# Audit rows about things that are not table rows: storage.safety's clock events, and the account
# events of schema 9 (sign-in, sign-out, failed sign-in on "sign_in"; password events on
# "credential"; the upgrade's marker on "accounts": storage/accounts.py, storage/migrations.py).
PSEUDO_TABLES = frozenset({"system_clock", "sign_in", "credential", "accounts", "settings"})
# At most this many records reported per table (a dropped or rewritten table would print thousands).
MAX_PER_TABLE = 20
_LITERAL = re.compile(r"^(?:NULL|-?\d+(?:\.\d+)?|'(?:[^']|'')*')$", re.IGNORECASE)


def replay_problems(conn: sqlite3.Connection, newest_rows: int | None = None) -> list[str]:
    """`replay` as sentences (what `toxtrack check` and the open checks print)."""
    return [mismatch.sentence() for mismatch in replay(conn, newest_rows)]


def replay(conn: sqlite3.Connection, newest_rows: int | None = None) -> list[Mismatch]:
    """Every record whose row differs from its audit entries, has none, or has entries but no row.

    `newest_rows`: replay only the rows (and entries) with the newest ids of each table, the part of
    a large file the open checks can afford; None replays everything."""
    if conn.execute("SELECT 1 FROM sqlite_schema WHERE name = 'audit_log'").fetchone() is None:
        return []
    began = not conn.in_transaction
    if began:  # one snapshot: a commit made meanwhile by a writer cannot look like a mismatch
        conn.execute("BEGIN")
    try:
        tables = _tables(conn)
        found: list[Mismatch] = []
        for table in tables:
            found += itertools.islice(_replay_table(conn, table, newest_rows), MAX_PER_TABLE)
        found += _entries_without_table(conn, {t.name for t in tables})
        return with_subjects(conn, found)
    finally:
        if began:
            conn.execute("COMMIT")


def _tables(conn: sqlite3.Connection) -> list[Table]:
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    tables = []
    for name in names:
        if name in NOT_REPLAYED:
            continue
        info = conn.execute(f"PRAGMA table_info({quoted(name)})").fetchall()
        columns = tuple(str(col[1]) for col in info)
        if "id" not in columns:
            continue
        tables.append(Table(name, columns, {str(c[1]): _default(c[4]) for c in info}))
    return tables


def _default(sql: object) -> object:
    """A column's DEFAULT as a value when it is a plain literal; UNKNOWN otherwise."""
    if sql is None:
        return None
    text = str(sql).strip()
    if not _LITERAL.match(text):
        return UNKNOWN
    if text.upper() == "NULL":
        return None
    if text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return float(text) if "." in text else int(text)


def _entries_without_table(conn: sqlite3.Connection, present: set[str]) -> list[Mismatch]:
    """Audit entries naming a table the file no longer has (dropped outside the app). A table that
    schema version 8 moved into the assessment table is gone by design: each of its records must
    then have been moved (a 'move' entry naming it), and one that was not is reported as deleted."""
    rows = conn.execute("SELECT DISTINCT table_name FROM audit_log").fetchall()
    missing = sorted({str(r[0]) for r in rows} - present - PSEUDO_TABLES)
    found: list[Mismatch] = []
    for name in missing:
        if name in MOVED_TABLES and ASSESSMENT_TABLE in present:
            found += itertools.islice(_not_moved(conn, name), MAX_PER_TABLE)
        else:
            found.append(
                Mismatch(
                    name, 0, None, "the audit trail has entries for this table but the file has no such table"
                )
            )
    return found


def _not_moved(conn: sqlite3.Connection, table: str) -> Iterator[Mismatch]:
    """Records of a table version 8 moved away that have entries but no move entry."""
    moved = {
        int(r[0])
        for r in conn.execute(
            "SELECT json_extract(changes, '$.id[0]') FROM audit_log WHERE table_name = ? AND action = 'move' "
            "AND json_extract(changes, '$.table_name[0]') = ?",
            (ASSESSMENT_TABLE, table),
        )
        if isinstance(r[0], int)
    }
    stub = Table(table, (), {})
    for (row_id,) in conn.execute(
        "SELECT DISTINCT row_id FROM audit_log WHERE table_name = ? ORDER BY row_id", (table,)
    ):
        if int(row_id) not in moved:
            yield missing_row(stub, int(row_id), audit_entries_of(conn, table, int(row_id)))


def _replay_table(conn: sqlite3.Connection, table: Table, newest: int | None) -> Iterator[Mismatch]:
    """SQLite finds the candidate records (C speed, no Python per row); each candidate is then judged
    exactly in Python (`judge`), which also turns a float SQLite spells differently into no
    difference at all."""
    low = -1
    if newest is not None:
        top = conn.execute(f"SELECT max(id) FROM {quoted(table.name)}").fetchone()[0]
        low = int(top or 0) - newest
    try:
        candidates = _candidates(conn, table, low)
    except sqlite3.OperationalError as exc:  # e.g. an entry that is not JSON: judge every record
        log.info("replay of %s falls back to Python: %s", table.name, exc)
        candidates = _every_record(conn, table, low)
    for row_id in sorted(candidates):
        yield from judge(conn, table, row_id)


def _every_record(conn: sqlite3.Connection, table: Table, low: int) -> set[int]:
    ids = {int(r[0]) for r in conn.execute(f"SELECT id FROM {quoted(table.name)} WHERE id > ?", (low,))}
    entries = conn.execute(
        "SELECT DISTINCT row_id FROM audit_log WHERE table_name = ? AND row_id > ?", (table.name, low)
    )
    return ids | {int(r[0]) for r in entries}


def _insert_names(conn: sqlite3.Connection, table: Table) -> list[str]:
    """The fields a table's insert entries name (all of a table's inserts name the same ones)."""
    row = conn.execute(
        "SELECT changes FROM audit_log WHERE table_name = ? AND action = 'insert' LIMIT 1", (table.name,)
    ).fetchone()
    try:
        names = list(json.loads(row[0])) if row is not None else []
    except (ValueError, TypeError):
        return []
    return [name for name in names if name in table.columns and name != "id"]


def _lit(text: str) -> str:
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


_LATER = "SELECT row_id FROM audit_log WHERE table_name = :t AND row_id > :low AND action <> 'insert'"


def _candidates(conn: sqlite3.Connection, table: Table, low: int) -> set[int]:
    """Ids of the records that may differ from their audit entries: rows that are not exactly their
    insert entry, rows with later entries whose latest values differ, rows holding something other
    than a default no entry changed, and entries whose row is gone."""
    names = _insert_names(conn, table)
    rest = [(c, table.defaults[c]) for c in table.columns if c != "id" and c not in names]
    params: dict[str, object] = {"t": table.name, "low": low}
    params |= {f"d{i}": value for i, (_, value) in enumerate(rest) if value is not UNKNOWN}
    off_default = " ".join(
        f"OR t.{quoted(c)} IS NOT :d{i}" for i, (c, v) in enumerate(rest) if v is not UNKNOWN
    )
    if any(value is UNKNOWN for _, value in rest):
        off_default += " OR 1"  # a column with a default that is not a plain value: judged in Python
    found = _not_their_insert(conn, table, names, off_default, params)
    found |= _not_their_latest(conn, table, params)
    if off_default:  # with later entries, Python judges whether one of them set the column
        rows = conn.execute(
            f"SELECT t.id FROM {quoted(table.name)} t WHERE t.id IN ({_LATER}) AND (0 {off_default})", params
        )
        found |= {int(r[0]) for r in rows}
    gone = conn.execute(
        "SELECT DISTINCT a.row_id FROM audit_log a WHERE a.table_name = :t AND a.row_id > :low "
        f"AND NOT EXISTS (SELECT 1 FROM {quoted(table.name)} t WHERE t.id = a.row_id)",
        params,
    )
    return found | {int(r[0]) for r in gone}


def _not_their_insert(
    conn: sqlite3.Connection, table: Table, names: list[str], off_default: str, params: dict[str, object]
) -> set[int]:
    """Rows with no later entries that are not their insert entry: the row rebuilt by SQLite as the
    entry's JSON (keys sorted as Python's canonical JSON sorts them) and compared as text. A float
    SQLite spells otherwise than Python only makes a candidate, which `judge` then clears."""
    pairs = ", ".join(f"{_lit(n)}, json_array(NULL, t.{quoted(n)})" for n in sorted(names))
    as_insert = f"json_object({pairs})" if names else "NULL"
    rows = conn.execute(
        f"SELECT t.id FROM {quoted(table.name)} t LEFT JOIN audit_log a "
        "ON a.table_name = :t AND a.row_id = t.id AND a.action = 'insert' "
        f"WHERE t.id > :low AND t.id NOT IN ({_LATER}) "
        f"AND (a.id IS NULL OR a.changes IS NOT {as_insert} {off_default})",
        params,
    )
    return {int(r[0]) for r in rows}


def _not_their_latest(conn: sqlite3.Connection, table: Table, params: dict[str, object]) -> set[int]:
    """Rows with later entries where some field differs from the newest entry that names it."""
    cases = " ".join(f"WHEN {_lit(c)} THEN t.{quoted(c)}" for c in table.columns if c != "id")
    rows = conn.execute(
        "SELECT DISTINCT l.row_id FROM (SELECT a.row_id, j.key AS col, "
        "json_extract(j.value, '$[1]') AS value, max(a.id) FROM audit_log a, json_each(a.changes) j "
        f"WHERE a.table_name = :t AND a.row_id IN ({_LATER}) GROUP BY a.row_id, j.key) l "
        f"JOIN {quoted(table.name)} t ON t.id = l.row_id WHERE l.value IS NOT (CASE l.col {cases} END)",
        {"t": params["t"], "low": params["low"]},
    )
    return {int(r[0]) for r in rows}
