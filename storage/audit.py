"""Append-only audit trail: one row per change, in the change's transaction, chained by SHA-256.

hash = SHA-256(prev_hash + canonical JSON of the row's other columns). The triggers in the schema
stop UPDATE/DELETE from the app; the chain makes an edit made outside the app (after dropping the
triggers) detectable by `verify_chain`, and `head()` is the anchor that PDFs and backups print.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import operator
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from clinical.model import AuditEntry
from storage.layout import MOVED_TABLES
from storage.schema import ASSESSMENT_TABLE, TABLES

if TYPE_CHECKING:  # imported on first use (storage.connection.database), not at start-up
    import sqlite_utils

GENESIS = "0" * 64
AUDIT_COLUMNS = "id, at, user_name, action, table_name, row_id, changes, reason, prev_hash, hash"


def utc_text(moment: dt.datetime) -> str:
    """UTC ISO-8601 text ('...+00:00'); seconds only when there are no microseconds, which keeps
    lexical order equal to time order ('+' sorts before '.')."""
    if moment.tzinfo is None:
        raise ValueError("a stored time must be timezone-aware")
    # isoformat()'s default ('auto') spells seconds only when there are no microseconds, and six
    # digits otherwise: the same text as choosing timespec by hand, without parsing the keyword.
    return moment.astimezone(dt.UTC).isoformat()


def jsonable(value: object) -> object:
    """A JSON value for a dataclass field value (enums by value, dates as ISO, tuples as lists)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return utc_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [jsonable(item) for item in value]
    return value


def _not_json(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _compiled_encoder() -> Callable[[object], str]:
    """`json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`, with the C
    encoder built once instead of on every call (json.dumps builds a JSONEncoder and a C encoder
    per call, which was most of the audit cost of a bulk write). Same C code, so same output."""
    make = getattr(json.encoder, "c_make_encoder", None)
    basestring = getattr(json.encoder, "c_encode_basestring", None)
    if make is None or basestring is None:  # an interpreter without the C accelerator
        return lambda value: json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # c_make_encoder(markers, default, encoder, indent, key_separator, item_separator,
    #                sort_keys, skipkeys, allow_nan): what JSONEncoder.iterencode passes, except
    # markers=None (no circular check: a shared markers dict is left dirty by a failed call, and
    # audit values are flat rows that cannot be circular).
    encoder = make(None, _not_json, basestring, None, ":", ",", True, False, True)
    return lambda value: "".join(encoder(value, 0))


_canonical = _compiled_encoder()


def canonical(value: object) -> str:
    """One spelling of a JSON value, so the same row always hashes the same."""
    return _canonical(value)


def diff(old: Mapping[str, object], new: Mapping[str, object]) -> dict[str, list[object]]:
    """Field-level {field: [old, new]} for the fields whose JSON value differs."""
    changes: dict[str, list[object]] = {}
    for name, value in new.items():
        before, after = jsonable(old.get(name)), jsonable(value)
        if before != after:
            changes[name] = [before, after]
    return changes


@dataclass(frozen=True)
class PendingEntry:
    """An audit row before its id and hashes are assigned."""

    at: str
    user: str
    action: str
    table: str
    row_id: int
    changes: str  # canonical JSON
    reason: str = ""


_quote = getattr(json.encoder, "c_encode_basestring", None) or json.encoder.py_encode_basestring


def hash_payload(row_id: int, entry: PendingEntry) -> str:
    """The canonical JSON that row_hash hashes. Its keys are fixed, so for the usual value types
    (str, and int that is not bool) it is spelled directly, keys already in sorted order, with the
    JSON encoder's own string quoting: the same text as `canonical(...)` at a fraction of the cost
    (it ran once per audit row of a bulk write and once per row in verify_chain)."""
    texts = (entry.at, entry.user, entry.action, entry.table, entry.changes, entry.reason)
    if type(row_id) is int and type(entry.row_id) is int and all(type(t) is str for t in texts):
        return (
            f'{{"action":{_quote(entry.action)},"at":{_quote(entry.at)},"changes":{_quote(entry.changes)},'
            f'"id":{row_id},"reason":{_quote(entry.reason)},"row_id":{entry.row_id},'
            f'"table":{_quote(entry.table)},"user":{_quote(entry.user)}}}'
        )
    return canonical(
        {
            "id": row_id,
            "at": entry.at,
            "user": entry.user,
            "action": entry.action,
            "table": entry.table,
            "row_id": entry.row_id,
            "changes": entry.changes,
            "reason": entry.reason,
        }
    )


def _float_json(value: float) -> str:
    """A float as the canonical encoder spells it: repr when finite (NaN and infinities are rare:
    left to the encoder itself)."""
    return float.__repr__(value) if value - value == 0 else canonical(value)


# The canonical encoder's spelling of each plain scalar type, keyed by exact type (a subclass, such as
# an enum member, goes through the encoder itself).
_SCALAR_JSON: dict[type, Callable[[Any], str]] = {
    str: _quote,
    int: int.__repr__,
    float: _float_json,
    bool: lambda value: "true" if value else "false",
    type(None): lambda _value: "null",
}


_NUMERIC = frozenset({int, float, bool, type(None)})


def _column_json(values: Sequence[object]) -> list[str] | None:
    """Each value spelled as the canonical encoder spells it inside a row, or None when the column
    holds a type spelled otherwise than here. A column of numbers, booleans and nulls is encoded as
    one JSON array and split at its commas (none of these spellings contains one); text is quoted."""
    kinds = set(map(type, values))
    if kinds <= _NUMERIC:
        texts = canonical(list(values))[1:-1].split(",")
        return texts if len(texts) == len(values) else None
    if kinds == {str}:
        return list(map(_quote, typing.cast(Sequence[str], values)))
    if kinds == {str, type(None)}:
        return [
            "null" if value is None else _quote(value) for value in typing.cast(Sequence[str | None], values)
        ]
    return None


class InsertChanges:
    """`canonical({name: [None, value], ...})` for the rows of one table (fixed column names): the
    audit `changes` of an insert. Spelled by a template built once, with the keys already in sorted
    order, and each value spelled as the encoder spells it; a value of any other type sends the
    whole row through `canonical`, so the text is always the encoder's own."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = tuple(names)
        self.order = sorted(range(len(self.names)), key=lambda i: self.names[i])
        self.pick = operator.itemgetter(*self.order) if len(self.order) > 1 else None
        slots = (_quote(self.names[i]).replace("%", "%%") + ":[null,%s]" for i in self.order)
        self.template = "{" + ",".join(slots) + "}"

    def __call__(self, values: Sequence[object]) -> str:
        if self.pick is None or len(values) != len(self.names):
            return self.slow(values)
        try:
            return self.template % tuple([_SCALAR_JSON[type(v)](v) for v in self.pick(values)])
        except KeyError:
            return self.slow(values)

    def many(self, columns: Sequence[Sequence[object]]) -> list[str]:
        """`self(row)` for every row of a batch given column by column (in name order): each column
        spelled at once, then one template fill per row."""
        spelled = [_column_json(columns[i]) for i in self.order]
        if any(texts is None for texts in spelled) or len(columns) != len(self.names):
            return [self.slow(row) for row in zip(*columns, strict=True)]
        return [self.template % row for row in zip(*spelled, strict=True)]

    def slow(self, values: Sequence[object]) -> str:
        return canonical({name: [None, value] for name, value in zip(self.names, values, strict=True)})


def row_hash(prev_hash: str, row_id: int, entry: PendingEntry) -> str:
    return hashlib.sha256((prev_hash + hash_payload(row_id, entry)).encode("utf-8")).hexdigest()


def last(db: sqlite_utils.Database) -> tuple[int, str]:
    """(id, hash) of the newest audit row, or (0, GENESIS) for an empty log."""
    row = db.conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def head(db: sqlite_utils.Database) -> tuple[int, str]:
    """(row count, head hash): the anchor printed in PDFs and backup manifests."""
    count = int(db.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    return count, last(db)[1]


def chain_rows(start: tuple[int, str], entries: Iterable[PendingEntry]) -> Iterator[tuple[object, ...]]:
    """Rows ready for INSERT, hashed in order from `start` = last(db)."""
    row_id, prev = start
    for entry in entries:
        row_id += 1
        digest = row_hash(prev, row_id, entry)
        yield (
            row_id,
            entry.at,
            entry.user,
            entry.action,
            entry.table,
            entry.row_id,
            entry.changes,
            entry.reason,
            prev,
            digest,
        )
        prev = digest


def insert_rows(
    start: tuple[int, str], at: str, user: str, items: Iterable[tuple[str, int, str]], reason: str = ""
) -> list[tuple[object, ...]]:
    """`chain_rows` for 'insert' entries that share one time, user and reason (a bulk write; an
    import's reason names its file and SHA-256), from (table, row_id, changes) items: the same rows
    and hashes, with the parts of the hash payload that every row shares spelled once instead of once
    per row."""
    if type(at) is not str or type(user) is not str or type(reason) is not str:
        entries = [PendingEntry(at, user, "insert", *item, reason) for item in items]
        return list(chain_rows(start, entries))
    head = f'{{"action":"insert","at":{_quote(at)},"changes":'
    why = f',"reason":{_quote(reason)},"row_id":'
    tails: dict[str, str] = {}
    rows: list[tuple[object, ...]] = []
    row_id, prev = start
    sha256 = hashlib.sha256
    for table, target, changes in items:
        row_id += 1
        tail = tails.get(table)
        if tail is None:
            tail = tails[table] = f',"table":{_quote(table)},"user":{_quote(user)}}}'
        if type(target) is int and type(changes) is str and type(table) is str and type(row_id) is int:
            payload = f'{head}{_quote(changes)},"id":{row_id}{why}{target}{tail}'
        else:
            payload = hash_payload(row_id, PendingEntry(at, user, "insert", table, target, changes, reason))
        digest = sha256((prev + payload).encode("utf-8")).hexdigest()
        rows.append((row_id, at, user, "insert", table, target, changes, reason, prev, digest))
        prev = digest
    return rows


INSERT_SQL = f"INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def append(db: sqlite_utils.Database, entries: Iterable[PendingEntry]) -> None:
    """Write audit rows; the caller holds the write transaction that makes the change itself."""
    db.conn.executemany(INSERT_SQL, list(chain_rows(last(db), entries)))


def verify_chain(db: sqlite_utils.Database) -> list[str]:
    """One sentence per broken link, changed row, missing id or unaudited clinical row."""
    problems: list[str] = []
    prev, expected_id = GENESIS, 1
    cursor = db.conn.execute(f"SELECT {AUDIT_COLUMNS} FROM audit_log ORDER BY id")
    for row in cursor:
        row_id, at, user, action, table, target, changes, reason, prev_hash, digest = row
        if row_id != expected_id:
            problems.append(f"audit row {expected_id} is missing (next row is {row_id})")
        if prev_hash != prev:
            problems.append(f"audit row {row_id} does not link to the row before it")
        entry = PendingEntry(at, user, action, table, target, changes, reason)
        if row_hash(prev_hash, row_id, entry) != digest:
            problems.append(f"audit row {row_id} was changed after it was written")
        prev, expected_id = digest, row_id + 1
    problems.extend(unaudited_rows(db))
    return problems


def unaudited_rows(db: sqlite_utils.Database) -> list[str]:
    """Clinical rows with no 'insert' audit row: written outside the app."""
    problems: list[str] = []
    present = {str(r[0]) for r in db.conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    for table in [*TABLES.values(), *MOVED_TABLES, ASSESSMENT_TABLE]:
        if table not in present:  # a file before schema version 7 (no assessment table) or after 7
            continue
        # a row schema version 8 moved into the assessment table starts with its 'move' entry
        first = "action IN ('insert', 'move')" if table == ASSESSMENT_TABLE else "action = 'insert'"
        missing = db.conn.execute(
            f"SELECT id FROM {table} WHERE id NOT IN "
            f"(SELECT row_id FROM audit_log WHERE table_name = ? AND {first}) "
            "ORDER BY id LIMIT 20",
            (table,),
        ).fetchall()
        problems.extend(f"{table} row {row[0]} has no audit row" for row in missing)
    return problems


def with_origin(db: sqlite_utils.Database, entries: list[AuditEntry]) -> list[AuditEntry]:
    """A row's entries preceded by those of the row it was moved from, when its first entry is a
    move between tables (schema version 8: action "move" naming the old `table_name` and `id`)."""
    first = entries[0] if entries else None
    if first is None or first.action != "move" or "table_name" not in first.changes:
        return entries
    table, row_id = first.changes["table_name"][0], first.changes["id"][0]
    if (
        not isinstance(table, str)
        or not isinstance(row_id, int)
        or (table, row_id) == (first.table, first.row_id)
    ):
        return entries
    return with_origin(db, entries_for(db, table, row_id)) + entries


def entries_for(db: sqlite_utils.Database, table: str, row_id: int) -> list[AuditEntry]:
    """The audit history of one row, oldest first."""
    return entries_where(db, "table_name = ? AND row_id = ?", (table, row_id))


def entries_where(db: sqlite_utils.Database, where: str, params: Sequence[object]) -> list[AuditEntry]:
    """The audit rows matching `where` (an SQL condition on audit_log's columns), oldest first."""
    cursor = db.conn.execute(f"SELECT {AUDIT_COLUMNS} FROM audit_log WHERE {where} ORDER BY id", params)
    return [
        AuditEntry(
            id=int(r[0]),
            at=dt.datetime.fromisoformat(r[1]),
            user=r[2],
            action=r[3],
            table=r[4],
            row_id=int(r[5]),
            changes={k: (v[0], v[1]) for k, v in json.loads(r[6]).items()},
            reason=r[7],
            prev_hash=r[8],
            hash=r[9],
        )
        for r in cursor
    ]
