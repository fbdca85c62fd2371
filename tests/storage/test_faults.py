"""Honest failure under I/O errors (reliability-reference D7): fail the Nth statement, N = 1, 2, ...
until the workflow completes; after every failure nothing of it is stored and the file checks clean."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from clinical.choices import DoseStatus, Hypotension, Oxygen
from clinical.model import CrsAssessment, Patient
from storage import DiskFullError
from storage.engine import sqlite3
from storage.schema import TABLES


class FailingConnection:
    """Wraps a sqlite3 connection; the `fail_at`-th execute/executemany raises 'disk is full' once."""

    def __init__(self, conn: sqlite3.Connection, fail_at: int) -> None:
        self._conn = conn
        self._left = fail_at

    def _tick(self) -> None:
        self._left -= 1
        if self._left == 0:
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, *args: Any) -> sqlite3.Cursor:
        self._tick()
        return self._conn.execute(*args)

    def executemany(self, *args: Any) -> sqlite3.Cursor:
        self._tick()
        return self._conn.executemany(*args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def counts(repo: Any) -> tuple[int, ...]:
    return tuple(
        int(repo._scalar(f"SELECT count(*) FROM {t}")) for t in [*TABLES.values(), "assessment", "audit_log"]
    )


def workflow(repo: Any, pid: Any) -> None:
    """One user action: start a cycle, record its first dose, add a CRS assessment."""
    with repo.transaction():
        cycle = repo.start_cycle(pid, dt.date.today() - dt.timedelta(days=1))
        first = repo.doses(pid, cycle.id)[0]
        given_at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
        repo.record_dose(first.id, DoseStatus.GIVEN, given_at=given_at, amount_ug=250.0)
        at = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        repo.add_crs(CrsAssessment(pid, at, 38.2, Hypotension.NONE, Oxygen.NONE))


def test_fail_nth_statement_until_the_workflow_completes(
    repo: Any, make_patient: Callable[..., Patient]
) -> None:
    pid = make_patient().id
    real = repo._db.conn
    before = counts(repo)
    for n in range(1, 500):
        repo._db.conn = FailingConnection(real, n)
        try:
            workflow(repo, pid)
        except DiskFullError:
            repo._db.conn = real
            assert not real.in_transaction
            assert counts(repo) == before, f"partial write after failing statement {n}"
            continue
        finally:
            repo._db.conn = real
        break
    else:
        pytest.fail("the workflow never completed")
    assert n > 5  # the loop really failed each statement of the workflow in turn
    after = counts(repo)
    assert after != before and repo.verify_audit() == []
    assert [r[0] for r in real.execute("PRAGMA integrity_check")] == ["ok"]
