"""A random clinical workload through the real Repository, and the checks that judge the file after it.

Writers print an acknowledgement line only after a call returned (the transaction committed), so a
record that was acknowledged and is missing afterwards is a lost write. `check_database` is the
oracle every crash, fault and concurrency test uses: SQLite integrity, foreign keys, the audit
chain, the audit replay (the audit rows rebuild every stored value, so nothing is half-applied) and
the acknowledged states.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinical import regimens
from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.errors import ValidationError
from clinical.model import CrsAssessment, LabResult, Patient, PatientId
from storage import audit
from storage.connection import connect
from storage.layout import TYPED_KINDS, record_values
from storage.repo_convert import table_of
from storage.schema import ASSESSMENT_TABLE, TABLES

# Every table of clinical rows: since schema version 8 every toxicity's records are the assessment table's.
STORED_TABLES = (*TABLES.values(), ASSESSMENT_TABLE)

REGIMEN = "SC 250/500"
# A fixed past moment keeps generated files byte-for-byte alike from run to run (the damaged-file
# corpus flips the same bytes every time); repositories get clocks after it.
NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
ENROLMENT = (NOW - dt.timedelta(days=40)).date()
Ack = dict[str, Any]


@dataclass
class Workload:
    """Random user actions on one repository; `acks` receives one dict per committed action."""

    repo: Any  # storage.Repository (typed loosely: tests also pass a bare RepositoryBase subclass)
    rng: random.Random
    prefix: str = "S"
    acks: Callable[[Ack], None] = lambda ack: None
    patients: list[PatientId] = field(default_factory=list)
    planned: list[int] = field(default_factory=list)
    labs: list[int] = field(default_factory=list)
    serial: int = 0

    def step(self) -> Ack:
        """One user action, chosen at random among those possible now; returns its acknowledgement."""
        actions: list[Callable[[], Ack]] = [self.add_patient]
        if self.patients:
            actions += [self.start_cycle, self.add_crs, self.add_lab]
        if self.planned:
            actions += [self.record_dose, self.record_dose]
        if self.labs:
            actions += [self.correct_lab, self.void_lab]
        ack = self.rng.choice(actions)()
        self.acks(ack)
        return ack

    def add_patient(self) -> Ack:
        self.serial += 1
        subject = f"{self.prefix}{os.getpid() % 1000:03d}-{self.serial:05d}"
        p = self.repo.add_patient(Patient(subject_id=subject, regimen=REGIMEN, enrolment_date=ENROLMENT))
        self.patients.append(p.id)
        return {"kind": "patient", "id": p.id, "state": {"subject_id": subject}}

    def start_cycle(self) -> Ack:
        pid = self.rng.choice(self.patients)
        # a later cycle this soon is a protocol check: confirmed, as a user would (issue 11)
        start = ENROLMENT + dt.timedelta(days=self.rng.randint(0, 5))
        cycle = self.repo.start_cycle(pid, start, deviation_reason="workload: cycles close together")
        self.planned += [d.id for d in self.repo.doses(pid, cycle.id)]
        return {"kind": "cycle", "id": cycle.id, "state": {"number": cycle.number}}

    def run(self, steps: int) -> int:
        """`steps` actions; a refusal that is part of normal use (a sixth cycle) is skipped.
        Returns how many were acknowledged."""
        done = 0
        for _ in range(steps):
            try:
                self.step()
            except ValidationError:
                continue
            done += 1
        return done

    def pending(self, kind: str, row_id: int, state: dict[str, Any]) -> None:
        """Announce a change to an existing record before making it: if the writer dies after the
        commit but before the acknowledgement, the file may hold either version of that record."""
        self.acks({"kind": kind, "id": row_id, "state": state, "pending": True})

    def record_dose(self) -> Ack:
        dose_id = self.planned.pop(self.rng.randrange(len(self.planned)))
        amount = self.rng.choice([250.0, 500.0, 487.5])
        self.pending("dose", dose_id, {"status": "given", "amount_ug": amount})
        given = NOW - dt.timedelta(minutes=self.rng.randint(1, 600))
        self.repo.record_dose(
            dose_id, DoseStatus.GIVEN, given_at=given, amount_ug=amount, deviation_reason="workload"
        )  # random amounts and times are protocol checks, confirmed as a user would
        return {"kind": "dose", "id": dose_id, "state": {"status": "given", "amount_ug": amount}}

    def add_crs(self) -> Ack:
        temp = round(self.rng.uniform(36.0, 40.5), 1)
        a = CrsAssessment(
            patient_id=self.rng.choice(self.patients),
            assessed_at=NOW - dt.timedelta(minutes=self.rng.randint(1, 900)),
            temperature_c=temp,
            hypotension=self.rng.choice(list(Hypotension)),
            oxygen=self.rng.choice(list(Oxygen)),
        )
        stored = self.repo.add_crs(a)
        return {"kind": "crs", "id": stored.id, "state": {"temperature_c": temp, "grade": stored.grade}}

    def add_lab(self) -> Ack:
        anc = round(self.rng.uniform(0.0, 8.0), 3)
        lab = LabResult(
            patient_id=self.rng.choice(self.patients),
            drawn_at=NOW - dt.timedelta(minutes=self.rng.randint(1, 900)),
            anc=anc,
        )
        stored = self.repo.add_lab(lab)
        self.labs.append(stored.id)
        return {"kind": "lab", "id": stored.id, "state": {"anc": anc, "grade": stored.grade}}

    def correct_lab(self) -> Ack:
        lab_id = self.rng.choice(self.labs)
        anc = round(self.rng.uniform(0.0, 8.0), 3)
        self.pending("lab", lab_id, {"anc": anc})
        stored = self.repo.correct("lab", lab_id, {"anc": anc}, "transcription error")
        return {"kind": "lab", "id": lab_id, "state": {"anc": anc, "grade": stored.grade}}

    def void_lab(self) -> Ack:
        lab_id = self.labs.pop(self.rng.randrange(len(self.labs)))
        self.pending("lab", lab_id, {"voided": 1})
        self.repo.void("lab", lab_id, "entered in error: wrong patient")
        return {"kind": "lab", "id": lab_id, "state": {"voided": 1}}


def read_acks(path: Path) -> list[Ack]:
    """Acknowledgements from a file a killed writer appended to; a torn last line is ignored
    (it was being written when the process died, so its action was not yet acknowledged)."""
    acks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            acks.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return acks


@dataclass
class Expected:
    """What a record must hold: its acknowledged fields, or (while a change to it was announced but
    never acknowledged) the announced fields instead."""

    acked: dict[str, Any] = field(default_factory=dict)
    pending: dict[str, Any] | None = None

    def problems(self, label: str, stored: dict[str, Any]) -> list[str]:
        wrong = [
            f"{label}.{k}={v!r} but stored {stored[k]!r}" for k, v in self.acked.items() if stored[k] != v
        ]
        if wrong and self.pending is not None and all(stored[k] == v for k, v in self.pending.items()):
            return []
        return [f"acknowledged {w}" for w in wrong]


def expected_states(acks: Iterable[Ack]) -> dict[tuple[str, int], Expected]:
    """The latest acknowledged value of every field, per record, and any unacknowledged change."""
    states: dict[tuple[str, int], Expected] = {}
    for ack in acks:
        expected = states.setdefault((ack["kind"], int(ack["id"])), Expected())
        if ack.get("pending"):
            expected.pending = ack["state"]
        else:
            expected.acked.update(ack["state"])
            expected.pending = None
    return states


def check_database(path: Path, acks: Iterable[Ack] = ()) -> list[str]:
    """Every problem found in the file (empty when it is sound and holds every acknowledged write)."""
    acks = list(acks)
    db = connect(path, read_only=True)
    try:
        conn = db.conn
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0:  # killed while the file was being created: empty, never half a schema
            objects = int(conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0])
            return [f"version 0 file has {objects} schema objects"] * bool(objects) + [
                f"version 0 file but {len(acks)} acknowledged actions"
            ] * bool(acks)
        problems = [str(r[0]) for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if problems == ["ok"] else [f"integrity: {p}" for p in problems]
        problems += [f"foreign key: {tuple(r)}" for r in conn.execute("PRAGMA foreign_key_check")]
        problems += [f"audit: {p}" for p in audit.verify_chain(db)]
        problems += replay_problems(conn)
        problems += cycle_problems(conn)
        problems += ack_problems(conn, expected_states(acks))
    finally:
        db.close()
    return problems


def replay_problems(conn: Any) -> list[str]:
    """Replaying the audit rows must rebuild every stored value (R1): a change without its audit
    row, or an audit row whose change is missing, is a half-applied transaction."""
    state: dict[tuple[str, int], dict[str, Any]] = {}
    for table, row_id, action, changes in conn.execute(
        "SELECT table_name, row_id, action, changes FROM audit_log ORDER BY id"
    ):
        fields = {name: pair[1] for name, pair in json.loads(changes).items()}
        if action == "move" and "table_name" in fields:  # moved in from another table (schema v8)
            state[(table, row_id)] = {k: v for k, v in fields.items() if k not in ("table_name", "id")}
        elif action == "insert":
            state[(table, row_id)] = fields
        else:
            state.setdefault((table, row_id), {}).update(fields)
    problems = []
    for (table, row_id), fields in state.items():
        if table not in STORED_TABLES:
            continue
        cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        if row is None:
            problems.append(f"replay: {table} {row_id} is in the audit trail but not stored")
            continue
        stored = dict(zip(names, row, strict=True))
        for name, value in fields.items():
            if stored.get(name) != value:
                problems.append(
                    f"replay: {table} {row_id}.{name} is {stored.get(name)!r}, audit says {value!r}"
                )
    return problems


def cycle_problems(conn: Any) -> list[str]:
    """A cycle and its planned doses are one transaction: a cycle with a partial plan is half-applied."""
    problems = []
    rows = conn.execute(
        "SELECT c.id, c.number, c.start_date, p.regimen, "
        "(SELECT count(*) FROM dose d WHERE d.cycle_id = c.id) "
        "FROM cycle c JOIN patient p ON p.id = c.patient_id"
    ).fetchall()
    for cycle_id, number, start, regimen, doses in rows:
        planned = len(regimens.planned_doses(regimen, number, dt.date.fromisoformat(start)))
        if doses != planned:
            problems.append(f"cycle {cycle_id} has {doses} doses, its plan has {planned}")
    return problems


def ack_problems(conn: Any, states: dict[tuple[str, int], Expected]) -> list[str]:
    problems = []
    for (kind, row_id), expected in states.items():
        cursor = conn.execute(f"SELECT * FROM {table_of(kind)} WHERE id = ?", (row_id,))
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        if row is None:
            if expected.acked:
                problems.append(f"acknowledged {kind} {row_id} is missing")
            continue
        stored = dict(zip(names, row, strict=True))
        if kind in TYPED_KINDS:  # a row of the assessment table (schema v8): its fields from its inputs
            stored = {**stored, **record_values(kind, stored)}
        problems += expected.problems(f"{kind} {row_id}", stored)
    return problems


def counts(path: Path) -> dict[str, int]:
    """Row counts per table (a cheap fingerprint for comparing a file with its backup)."""
    db = connect(path, read_only=True)
    try:
        return {t: int(db.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in STORED_TABLES}
    finally:
        db.close()
