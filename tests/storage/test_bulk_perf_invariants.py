"""The bulk-write shortcuts spell exactly what the slow paths spell: audit JSON and hash payloads,
cached grades, and bulk rows against rows written one record at a time."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from clinical import grading
from clinical.demo import generate_cohort
from clinical.model import Hypotension, Patient
from storage import audit, repo_prepare

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
JSON_VALUES = st.recursive(
    JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4)
)


def _reference(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@given(JSON_VALUES)
def test_canonical_is_json_dumps_with_sorted_keys(value: object) -> None:
    assert audit.canonical(value) == _reference(value)


@given(
    st.integers(),
    st.text(),
    st.text(),
    st.text(),
    st.text(),
    st.integers() | st.booleans(),
    st.dictionaries(st.text(), JSON_SCALARS, max_size=5).map(audit.canonical),
    st.text(),
)
def test_hash_payload_is_the_canonical_json_of_the_row(
    row_id: int, at: str, user: str, action: str, table: str, target: int, changes: str, reason: str
) -> None:
    entry = audit.PendingEntry(at, user, action, table, target, changes, reason)
    fields = {"id": row_id, "at": at, "user": user, "action": action, "table": table}
    fields |= {"row_id": target, "changes": changes, "reason": reason}
    assert audit.hash_payload(row_id, entry) == _reference(fields)


@given(st.floats(30, 45) | st.none(), st.sampled_from([h.value for h in Hypotension]))
def test_cached_crs_grade_is_the_grading_result(temperature: float | None, hypotension: str) -> None:
    for _ in range(2):  # the second call comes from the cache
        assert repo_prepare._crs_grade(temperature, hypotension, "none", False) == grading.grade_crs(
            temperature, hypotension, "none", False
        )


def test_bulk_rows_equal_rows_written_one_at_a_time(tmp_path: Path) -> None:
    from storage import Repository

    now = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
    bundles = list(generate_cohort(6, 5, now.date()))
    with Repository.open(tmp_path / "bulk.db", user="u", clock=lambda: now) as bulk:
        bulk.bulk_insert(bundles)
        with Repository.open(tmp_path / "single.db", user="u", clock=lambda: now) as single:
            _write_one_at_a_time(single, bundles)
            for table in ("patient", "cycle", "dose", "crs_assessment", "icans_assessment", "lab_result"):
                sql = f"SELECT * FROM {table} ORDER BY id"
                assert bulk.rows(sql) == single.rows(sql), table
            changes = "SELECT table_name, row_id, changes FROM audit_log ORDER BY id"
            assert bulk.rows(changes) == single.rows(changes)
        assert bulk.verify_audit() == []


def _write_one_at_a_time(repo: Any, bundles: list[Any]) -> None:
    """The same records through the single-record path (prepare + insert), in bulk order."""
    with repo.transaction():
        for bundle in bundles:
            patient = cast(
                Patient,
                repo_prepare.prepare("patient", bundle.patient, dt.date.min, repo.now(), repo.today()),
            )
            pid = repo.insert("patient", patient)
            enrolment, now, today = patient.enrolment_date, repo.now(), repo.today()
            for cycle, doses in bundle.cycles:
                checked = repo_prepare.prepare("cycle", cycle, enrolment, now, today)
                cid = repo.insert("cycle", _relinked(checked, patient_id=pid))
                for dose in doses:
                    checked = repo_prepare.prepare("dose", dose, enrolment, now, today)
                    repo.insert("dose", _relinked(checked, patient_id=pid, cycle_id=cid))
            for kind, records in (("crs", bundle.crs), ("icans", bundle.icans), ("lab", bundle.labs)):
                for record in records:
                    checked = repo_prepare.prepare(kind, record, enrolment, now, today)
                    who = record.recorded_by or repo.user
                    repo.insert(kind, _relinked(checked, patient_id=pid, recorded_by=who))


def _relinked(record: Any, **links: object) -> Any:
    from dataclasses import replace

    return replace(record, **links)
