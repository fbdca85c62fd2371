"""The fair baseline of bulk_write_ratio (issue 14) does the work the app's bulk write promises: each
clinical row with one audit row, chained by SHA-256 so that storage's own verifier accepts it, and with
the same audit `changes` text the app writes for that row. A baseline that skipped part of that work
would be faster and the ratio flattering; these tests fail on such a baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from benchmarks import cohort_db, fig_bulk_write, raw_audited
from storage import audit
from storage.engine import sqlite3

PATIENTS = 6


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, fig_bulk_write.Rows]:
    """(the app's file, the baseline's file, the clinical rows): a small topped-up demo cohort written
    by repo.bulk_insert, then the same rows by the audited baseline, as the benchmark does."""
    folder = tmp_path_factory.mktemp("bulk")
    app_db, raw_db = folder / "app.db", folder / "raw.db"
    cohort_db.write_bundles(app_db, cohort_db.cohort_bundles(PATIENTS))
    rows = fig_bulk_write.read_rows(app_db)
    columns = fig_bulk_write.audited_columns(app_db)
    audited = raw_audited.Audited(dt.datetime.now(dt.UTC).isoformat(), "benchmark", columns)
    seconds = raw_audited.audited_insert_seconds(raw_db, rows, audited)
    assert seconds > 0
    return app_db, raw_db, rows


@pytest.fixture
def raw(written: tuple[Path, Path, fig_bulk_write.Rows]) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(written[1])
    yield conn
    conn.close()


def test_storage_verifier_accepts_the_baselines_chain(raw: sqlite3.Connection) -> None:
    """storage.audit.verify_chain checks every link and hash and that every clinical row has its
    'insert' audit row: nothing to report."""
    assert audit.verify_chain(sqlite_utils.Database(raw)) == []


def test_one_audit_row_per_clinical_row(raw: sqlite3.Connection, written: tuple) -> None:
    clinical = sum(len(values) for _, values in written[2].values())
    assert clinical > PATIENTS * 50  # the topped-up cohort: a real amount of rows, not a few
    assert raw.execute("SELECT count(*) FROM audit_log").fetchone()[0] == clinical
    assert raw.execute("SELECT count(*) FROM audit_log WHERE action != 'insert'").fetchone()[0] == 0


def test_baseline_audits_each_row_with_the_apps_changes_text(raw: sqlite3.Connection, written: tuple) -> None:
    """Same `changes` (canonical JSON of every column) per (table, row) as the app's own audit row: the
    baseline hashes payloads as long as the app's, not a shortened stand-in."""
    app = sqlite3.connect(f"file:{written[0]}?mode=ro", uri=True)
    try:
        query = "SELECT table_name, row_id, changes FROM audit_log WHERE action = 'insert'"
        apps = {(t, r): c for t, r, c in app.execute(query)}
    finally:
        app.close()
    ours = {(t, r): c for t, r, c in raw.execute(query)}
    assert ours == apps


def test_verifier_sees_a_changed_baseline_row(written: tuple, tmp_path: Path) -> None:
    """The check above can fail: one changed value in the baseline's audit log is reported."""
    copy = tmp_path / "raw-copy.db"
    source = sqlite3.connect(written[1])
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("UPDATE audit_log SET changes = replace(changes, '\"', ' ') WHERE id = 3")
    target.commit()
    problems = audit.verify_chain(sqlite_utils.Database(target))
    target.close()
    assert problems == ["audit row 3 was changed after it was written"]
