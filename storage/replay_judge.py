"""The exact judgement of one record of the audit replay (storage/replay.py): what its audit entries
leave against the stored row, in Python, and the sentences that say where they differ.

storage/replay.py finds the candidate records in SQL; each candidate is judged here, so a float
SQLite spells differently is no difference at all, and each difference is named by field (an
assessment's JSON `inputs` by input).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from storage import audit
from storage.engine import sqlite3
from storage.layout import MOVED_FROM, MOVED_TABLES, assessment_values, record_values

UNKNOWN = object()  # a column default that is not a plain literal: not compared


@dataclass(frozen=True)
class Mismatch:
    """One record whose stored row and audit entries disagree."""

    table: str
    row_id: int
    subject: str | None  # the study subject id the record belongs to, when it can be told
    what: str
    patient_id: int | None = None  # where to look the subject id up (not printed)

    def sentence(self) -> str:
        who = f" (subject {self.subject})" if self.subject else ""
        return f"replay: {self.table} row {self.row_id}{who}: {self.what}"


@dataclass(frozen=True)
class Table:
    """What the replay needs of one table: column names, their defaults, where each one sits."""

    name: str
    columns: tuple[str, ...]
    defaults: dict[str, object]

    def row_dict(self, row: Sequence[object]) -> dict[str, object]:
        return dict(zip(self.columns, row, strict=True))


def quoted(name: str) -> str:
    """An SQL identifier, quoted (names come from the file being judged)."""
    return '"' + name.replace('"', '""') + '"'


def judge(conn: sqlite3.Connection, table: Table, row_id: int) -> Iterator[Mismatch]:
    """The exact comparison of one record with its entries, in Python."""
    row = conn.execute(f"SELECT * FROM {quoted(table.name)} WHERE id = ?", (row_id,)).fetchone()
    entries = audit_entries_of(conn, table.name, row_id)
    if row is None:
        if entries:
            yield missing_row(table, row_id, entries)
    elif not entries:
        yield Mismatch(
            table.name, row_id, _subject_of(table, row), "has no audit entry (written outside ToxTrack)"
        )
    else:
        yield from _compare(table, row, entries, conn)


def _subject_of(table: Table, row: Sequence[object] | None) -> str | None:
    """The subject id when the row is a patient (its own column); other rows get theirs later."""
    if row is None or table.name != "patient" or "subject_id" not in table.columns:
        return None
    return str(row[table.columns.index("subject_id")])


def _expected(entries: list[tuple[int, int, str, str]]) -> tuple[dict[str, object], list[str]]:
    """The values the entries leave, and where the entries contradict each other (an entry whose
    "old" value is not what the entries before it left)."""
    state: dict[str, object] = {}
    notes: list[str] = []
    for position, (entry_id, _row, action, changes) in enumerate(entries):
        try:
            fields = json.loads(changes)
        except ValueError:
            notes.append(f"audit entry {entry_id} cannot be read")
            continue
        moved_in = action == "move" and all(name in fields for name in MOVED_FROM)
        # a move between tables starts the row as an insert does, and a signature's "sign" entry its row
        if action in ("insert", "sign") or moved_in:
            if position:
                notes.append(
                    f"audit entry {entry_id} {'moves in' if moved_in else 'inserts'} a row that "
                    "already had entries"
                )
            state = {name: pair[1] for name, pair in fields.items() if not (moved_in and name in MOVED_FROM)}
            continue
        if position == 0:
            notes.append("its audit trail has no insert entry")
        for name, (old, new) in fields.items():
            if name in state and state[name] != old:
                notes.append(
                    f"audit entry {entry_id} says {name} was {_show(old)}, "
                    f"but the entries before it left {_show(state[name])}"
                )
            state[name] = new
    return state, notes


def _origin_notes(conn: sqlite3.Connection, entries: list[tuple[int, int, str, str]]) -> list[str]:
    """When the row's first entry moved it from another table (schema version 8), what that entry
    says it moved against what the old row's own entries left: a record changed on its way into the
    new table (or moved from a row with no entries) is reported like any other contradiction."""
    entry_id, _row, action, changes = entries[0]
    try:
        fields = json.loads(changes)
        table, old_id = fields[MOVED_FROM[0]][0], fields[MOVED_FROM[1]][0]
    except (ValueError, TypeError, KeyError, IndexError):
        return []
    if action != "move" or table not in MOVED_TABLES:
        return []
    origin = audit_entries_of(conn, str(table), int(old_id))
    if not origin:
        return [f"audit entry {entry_id} moves {table} row {old_id}, which has no audit entries"]
    before, _notes = _expected(origin)
    claimed = {name: pair[1] for name, pair in fields.items() if name not in MOVED_FROM}
    kind = MOVED_TABLES[str(table)][0]
    try:
        left = assessment_values(kind, {**record_values(kind, claimed), **before})
    except (ValueError, TypeError, KeyError):
        return [f"audit entry {entry_id} moves {table} row {old_id} with values that cannot be read"]
    return [
        f"audit entry {entry_id} moves {table} row {old_id} with {name} {_show(claimed.get(name))}, "
        f"but that row's entries left {_show(value)}"
        for name, value in left.items()
        if name in claimed and claimed[name] != value
    ]


def _compare(
    table: Table, row: Sequence[object], entries: list[tuple[int, int, str, str]], conn: sqlite3.Connection
) -> Iterator[Mismatch]:
    state, notes = _expected(entries)
    notes = _origin_notes(conn, entries) + notes
    stored = table.row_dict(row)
    row_id = int(stored["id"])  # type: ignore[call-overload]
    subject = _subject_of(table, row)
    for note in notes:
        yield Mismatch(table.name, row_id, subject, note)
    differences = []
    for name in table.columns:
        if name == "id":
            continue
        expected = state.get(name, table.defaults.get(name))
        if expected is UNKNOWN:
            continue
        if audit.jsonable(stored[name]) != expected:
            differences += _differences(name, stored[name], expected)
    if differences:
        yield Mismatch(table.name, row_id, subject, "; ".join(differences) + " (changed outside ToxTrack)")


def _differences(name: str, stored: object, expected: object) -> list[str]:
    """How a column differs, in words; the JSON `inputs` of an assessment row by input (a raw
    edit of one value inside it names that value, not the whole text)."""
    if name == "inputs":
        try:
            file, trail = json.loads(str(stored)), json.loads(str(expected))
        except ValueError:
            file = trail = None
        if isinstance(file, dict) and isinstance(trail, dict):
            keys = sorted(k for k in {*file, *trail} if file.get(k, UNKNOWN) != trail.get(k, UNKNOWN))
            if keys:
                return [
                    f"{key} is {_show(file.get(key))} in the file "
                    f"but {_show(trail.get(key))} in its audit trail"
                    for key in keys
                ]
    return [f"{name} is {_show(stored)} in the file but {_show(expected)} in its audit trail"]


def missing_row(table: Table, row_id: int, entries: list[tuple[int, int, str, str]]) -> Mismatch:
    state, _notes = _expected(entries)
    subject = str(state["subject_id"]) if table.name == "patient" and "subject_id" in state else None
    mismatch = Mismatch(
        table.name,
        row_id,
        subject,
        f"its audit trail has {len(entries)} entr{'y' if len(entries) == 1 else 'ies'} "
        "but the row is not in the file (deleted outside ToxTrack)",
    )
    patient = state.get("patient_id")
    if subject is None and isinstance(patient, int):
        return Mismatch(mismatch.table, row_id, None, mismatch.what, patient)
    return mismatch


def with_subjects(conn: sqlite3.Connection, found: list[Mismatch]) -> list[Mismatch]:
    """Fill in each record's subject id (from its patient_id; only for the few records reported)."""
    result = []
    for mismatch in found:
        if mismatch.subject is not None or mismatch.row_id == 0:
            result.append(mismatch)
            continue
        patient_id = mismatch.patient_id if mismatch.patient_id is not None else _patient_id(conn, mismatch)
        result.append(Mismatch(mismatch.table, mismatch.row_id, _subject(conn, patient_id), mismatch.what))
    return result


def _patient_id(conn: sqlite3.Connection, mismatch: Mismatch) -> int | None:
    try:
        row = conn.execute(
            f"SELECT patient_id FROM {quoted(mismatch.table)} WHERE id = ?", (mismatch.row_id,)
        ).fetchone()
    except sqlite3.OperationalError:  # a table without patient_id
        return None
    return None if row is None or row[0] is None else int(row[0])


def _subject(conn: sqlite3.Connection, patient_id: int | None) -> str | None:
    if patient_id is None:
        return None
    row = conn.execute("SELECT subject_id FROM patient WHERE id = ?", (patient_id,)).fetchone()
    if row is not None:
        return str(row[0])
    entries = audit_entries_of(conn, "patient", patient_id)
    state, _ = _expected(entries)
    value = state.get("subject_id")
    return None if value is None else str(value)


def audit_entries_of(conn: sqlite3.Connection, table: str, row_id: int) -> list[tuple[int, int, str, str]]:
    return conn.execute(
        "SELECT id, row_id, action, changes FROM audit_log WHERE table_name = ? AND row_id = ? ORDER BY id",
        (table, row_id),
    ).fetchall()


def _show(value: object) -> str:
    """A value as a reader would write it: text quoted, nothing for NULL."""
    if value is None:
        return "empty"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
