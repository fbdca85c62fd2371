"""Bulk writes' batches (storage/repo_bulk.py): records queued per kind, turned into row values column
by column (the same encoders as repo_convert.encode), ids assigned in order and audit rows hashed in order in
Python so the chain stays valid; flushed with executemany per table."""

from __future__ import annotations

import datetime as dt
import json
import operator
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

from clinical.grade_result import Grade
from clinical.model import PatientId
from clinical.toxicities import ToxicityRecord
from storage import audit
from storage.connection import AUDIT_TABLE
from storage.layout import TYPED_KINDS
from storage.repo_base import RepositoryBase
from storage.repo_convert import Record, _encoders, codecs, columns, encode_toxicity
from storage.repo_prepare import (
    Quick,
    crs_grade,
    icans_grade,
    lab_grade,
    quick_crs,
    quick_icans,
    quick_lab,
)
from storage.schema import ASSESSMENT_TABLE, TABLES

Progress = Callable[[int, int], None]
BATCH_PATIENTS = 200
_RECORDS = "records"  # the bundles' data-defined records: the assessment table
_ORDER = ("patient", "cycle", "dose", "crs", "icans", "lab", _RECORDS)
_TABLES = {**TABLES, **{kind: ASSESSMENT_TABLE for kind in TYPED_KINDS}, _RECORDS: ASSESSMENT_TABLE}
_QUICK: dict[str, Callable[[Any, Quick], bool]] = {"crs": quick_crs, "icans": quick_icans, "lab": quick_lab}
_GRADE: dict[str, Callable[[Any], Grade]] = {"crs": crs_grade, "icans": icans_grade, "lab": lab_grade}


Pending = tuple[int, Record, dict[str, object] | None, Grade | None]  # (row id, record, links, grade)


class _Plan:
    """How one kind's records become row values and audit `changes`, built once per kind: the same
    encoders as `repo_convert.encode`, applied column by column to a whole batch (C-level loops
    instead of Python work per field), and the audit text spelled the same way."""

    def __init__(self, kind: str) -> None:
        self.names = tuple(columns(kind))
        self.getter = operator.attrgetter(*self.names)
        self.position = {name: i for i, name in enumerate(self.names)}
        reasons = codecs(kind).get("reasons")
        self.encode_reasons = reasons[0][0] if reasons else None
        self.encoders = tuple((self.position[name], enc) for name, enc in _encoders(kind) if enc is not None)
        # the grade columns of a graded kind are replaced by the computed grade: not encoded first
        self.computed = tuple(self.position[n] for n in ("grade", "scale", "reasons") if n in self.position)
        self.reasons_text: dict[tuple[str, ...], object] = {}
        self.typed = _TypedColumns(kind, self.position) if kind in TYPED_KINDS else None
        stored = self.typed.names if self.typed is not None else self.names
        self.changes = audit.InsertChanges(stored)
        marks = ", ".join("?" * (1 + len(stored)))
        self.sql = f"INSERT INTO {_TABLES[kind]} (id, {', '.join(stored)}) VALUES ({marks})"

    def rows(self, pending: list[Pending]) -> tuple[list[tuple[object, ...]], list[str]]:
        """(rows with their ids, audit `changes` of each row) for a batch of queued records."""
        columns = [list(column) for column in zip(*map(self.getter, [p[1] for p in pending]), strict=True)]
        graded = self.encode_reasons is not None and all(p[3] is not None for p in pending)
        for i, enc in self.encoders:
            if not (graded and i in self.computed):
                column = columns[i]  # None stays None (NOT NULL is the schema's job); map is the fast loop
                columns[i] = (
                    [v if v is None else enc(v) for v in column] if None in column else list(map(enc, column))
                )
        for row, (_, _, links, grade) in enumerate(pending):
            for name, value in (links or {}).items():
                columns[self.position[name]][row] = value
            if grade is not None and self.encode_reasons is not None:
                self._set_grade(columns, row, grade)
        if self.typed is not None:
            columns = self.typed.columns(columns)
        rows = list(zip([p[0] for p in pending], *columns, strict=True))
        return rows, self.changes.many(columns)

    def _set_grade(self, columns: list[list[object]], row: int, grade: Grade) -> None:
        columns[self.position["grade"]][row] = grade.grade
        if "scale" in self.position:
            columns[self.position["scale"]][row] = grade.scale
        columns[self.position["reasons"]][row] = self._reasons(tuple(grade.reasons))

    def _reasons(self, reasons: tuple[str, ...]) -> object:
        """The stored reasons text; a cohort has few distinct reason lists, so each is encoded once."""
        if reasons not in self.reasons_text and self.encode_reasons is not None:
            self.reasons_text[reasons] = self.encode_reasons(reasons)
        return self.reasons_text[reasons]


_ASCII_QUOTE = (
    getattr(json.encoder, "c_encode_basestring_ascii", None) or json.encoder.py_encode_basestring_ascii
)


def _dumps_column(values: list[object]) -> list[str]:
    """`json.dumps(value)` of each value of a column (how `layout.inputs_json` spells a value),
    a whole column of numbers or of text at once."""
    kinds = set(map(type, values))
    if kinds <= {int, float, type(None)}:
        texts = audit.canonical(values)[1:-1].split(",")
        if len(texts) == len(values):
            return texts
    if kinds <= {str, type(None)}:
        return ["null" if v is None else _ASCII_QUOTE(v) for v in cast(list[str | None], values)]
    return [json.dumps(v) for v in values]


class _TypedColumns:
    """A CRS, ICANS or lab batch's field columns as assessment-table columns (storage/layout.py,
    `assessment_values`, done column by column): the inputs JSON filled into one template per kind
    (keys sorted, json.dumps' spelling), the effective grade, the scale of a lab from its version."""

    def __init__(self, kind: str, position: dict[str, int]) -> None:
        self.kind, self.position = kind, position
        self.at = TYPED_KINDS[kind][1]
        self.names = tuple(encode_toxicity(_SAMPLE))
        fixed = {"id", "patient_id", "grade", "scale", "reasons", "override_grade", "override_reason"}
        fixed |= {"recorded_by", "voided", "void_reason", self.at}
        self.inputs = sorted(name for name in position if name not in fixed)
        self.template = "{" + ", ".join(f"{json.dumps(name)}: %s" for name in self.inputs) + "}"

    def columns(self, fields: list[list[object]]) -> list[list[object]]:
        pos, n = self.position, len(fields[0])
        spelled = [_dumps_column(fields[pos[name]]) for name in self.inputs]
        inputs: list[object] = [self.template % row for row in zip(*spelled, strict=True)]
        grade = fields[pos["grade"]]
        none: list[object] = [None] * n
        override = fields[pos["override_grade"]] if "override_grade" in pos else none
        effective = (
            grade
            if override.count(None) == n
            else [g if o is None else o for g, o in zip(grade, override, strict=True)]
        )
        if "scale" in pos:
            scale = fields[pos["scale"]]
        else:
            scale = [f"CTCAE v{version}" for version in fields[pos["ctcae_version"]]]
        empty: list[object] = [""] * n
        reason = fields[pos["override_reason"]] if "override_reason" in pos else empty
        return [
            fields[pos["patient_id"]],
            [self.kind] * n,
            fields[pos[self.at]],
            none,
            inputs,
            grade,
            scale,
            fields[pos["reasons"]],
            override,
            reason,
            effective,
            fields[pos["recorded_by"]],
            fields[pos["voided"]],
        ]


class _RecordPlan:
    """`_Plan` for the assessment table's rows (every data-defined kind): each record encoded as
    `repo_convert.encode_toxicity` encodes it, its links and computed grade already in the record."""

    def __init__(self) -> None:
        self.names = tuple(encode_toxicity(_SAMPLE))
        self.changes = audit.InsertChanges(self.names)
        marks = ", ".join("?" * (1 + len(self.names)))
        self.sql = f"INSERT INTO {ASSESSMENT_TABLE} (id, {', '.join(self.names)}) VALUES ({marks})"

    def rows(self, pending: list[Pending]) -> tuple[list[tuple[object, ...]], list[str]]:
        """Column by column (an import's lab terms: tens of thousands of rows), the same values as
        `encode_toxicity` row by row (tests/storage/test_bulk_perf_invariants.py compares them)."""
        records = [cast(ToxicityRecord, p[1]) for p in pending]
        if self.names != _RECORD_COLUMNS:  # the row's layout changed: the plain encoder, row by row
            values = [tuple(encode_toxicity(r).values()) for r in records]
            changes = [self.changes(row) for row in values]
            return [(p[0], *row) for p, row in zip(pending, values, strict=True)], changes
        reasons: dict[tuple[str, ...], str] = {}
        for r in records:
            if r.reasons not in reasons:
                reasons[r.reasons] = json.dumps(list(r.reasons))
        columns: list[list[object]] = [
            [r.patient_id for r in records],
            [r.kind for r in records],
            [audit.utc_text(r.assessed_at) for r in records],
            [r.dose_id for r in records],
            _inputs_column([r.values for r in records]),
            [r.grade for r in records],
            [r.scale for r in records],
            [reasons[r.reasons] for r in records],
            [r.override_grade for r in records],
            [r.override_reason for r in records],
            [r.effective_grade for r in records],
            [r.recorded_by for r in records],
            [int(bool(r.voided)) for r in records],
        ]
        rows = list(zip([p[0] for p in pending], *columns, strict=True))
        return rows, self.changes.many(columns)


_RECORD_COLUMNS = (
    "patient_id",
    "kind",
    "assessed_at",
    "dose_id",
    "inputs",
    "grade",
    "scale",
    "reasons",
    "override_grade",
    "override_reason",
    "effective_grade",
    "recorded_by",
    "voided",
)


def _inputs_column(inputs: list[Mapping[str, object]]) -> list[object]:
    """`repo_convert.inputs_text` of each record's values (json.dumps, keys sorted), records with the
    same input names filled into one template, each input's values spelled as a column at once."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, values in enumerate(inputs):
        groups.setdefault(tuple(sorted(values)), []).append(i)
    texts: list[object] = ["{}"] * len(inputs)
    for names, rows in groups.items():
        if not names:
            continue
        template = "{" + ", ".join(json.dumps(name).replace("%", "%%") + ": %s" for name in names) + "}"
        spelled = [_dumps_column([inputs[i][name] for i in rows]) for name in names]
        for i, filled in zip(rows, zip(*spelled, strict=True), strict=True):
            texts[i] = template % filled
    return texts


_SAMPLE = ToxicityRecord("sample", PatientId(0), dt.datetime(2000, 1, 1, tzinfo=dt.UTC))


class _Batch:
    """Records waiting for executemany, and the running id and audit-chain state."""

    def __init__(self, repo: RepositoryBase, reason: str = "") -> None:
        self.repo = repo
        self.reason = reason  # every audit row's reason (an import names its file: storage/repo_import.py)
        self.next_id = {  # by table: the assessment table's ids are shared by every kind in it
            table: 1 + int(repo._scalar(f"SELECT coalesce(max(id), 0) FROM {table}") or 0)  # type: ignore[call-overload]
            for table in set(_TABLES.values())
        }
        self.chain = audit.last(repo._db)
        self.pending: dict[str, list[Pending]] = {kind: [] for kind in _ORDER}
        self.order: list[str] = []  # the kind of each queued record, in order: the audit rows' order
        self.at = audit.utc_text(repo.now())
        self.plans: dict[str, _Plan | _RecordPlan] = {
            kind: _Plan(kind) for kind in _ORDER if kind != _RECORDS
        }
        self.plans[_RECORDS] = _RecordPlan()

    def held(self) -> dict[str, int]:
        """Rows each table held before this write (its largest id: ids only grow), audit included."""
        held = {table: next_id - 1 for table, next_id in self.next_id.items()}
        held[AUDIT_TABLE] = self.chain[0]
        return held

    def add(
        self, kind: str, record: Record, links: dict[str, object] | None = None, grade: Grade | None = None
    ) -> int:
        """Queue one validated record; `links` sets patient_id/cycle_id in the row (the record
        itself carries placeholders, which saves a dataclass copy per record), `grade` the
        computed grade columns (likewise)."""
        table = _TABLES[kind]
        row_id = self.next_id[table]
        self.next_id[table] = row_id + 1
        self.pending[kind].append((row_id, record, links, grade))
        self.order.append(kind)
        return row_id

    def flush(self) -> None:
        conn = self.repo._db.conn
        audited: dict[str, Iterator[tuple[str, int, str]]] = {}
        # The kinds sharing the assessment table (same columns, same INSERT) go in as one batch in id
        # order: kind by kind, their interleaved ids made SQLite insert into the middle of the table.
        shared: list[tuple[object, ...]] = []
        for kind in _ORDER:
            if self.pending[kind]:
                rows, changes = self.plans[kind].rows(self.pending[kind])
                table = _TABLES[kind]
                if table == ASSESSMENT_TABLE:
                    shared += rows
                else:
                    conn.executemany(self.plans[kind].sql, rows)
                ids = [queued[0] for queued in self.pending[kind]]
                audited[kind] = iter([(table, i, text) for i, text in zip(ids, changes, strict=True)])
                self.pending[kind] = []
        if shared:
            shared.sort(key=operator.itemgetter(0))
            conn.executemany(self.plans[_RECORDS].sql, shared)
        items = [next(audited[kind]) for kind in self.order]  # back in the order they were queued
        chained = audit.insert_rows(self.chain, self.at, self.repo.user, items, self.reason)
        if chained:
            conn.executemany(audit.INSERT_SQL, chained)
            self.chain = (int(chained[-1][0]), str(chained[-1][-1]))  # type: ignore[call-overload]
        self.order = []
