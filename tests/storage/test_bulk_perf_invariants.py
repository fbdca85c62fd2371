"""The bulk-write shortcuts spell exactly what the slow paths spell: audit JSON and hash payloads,
cached grades, and bulk rows against rows written one record at a time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinical import grading
from clinical.choices import Hypotension
from clinical.demo import generate_cohort
from clinical.errors import ValidationError
from clinical.model import Patient
from storage import audit, repo_bulk, repo_prepare, validation

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
            tables = ("patient", "cycle", "dose", "assessment")  # every toxicity's records: one table (v8)
            for table in tables:
                sql = f"SELECT * FROM {table} ORDER BY id"
                assert bulk._rows(sql) == single._rows(sql), table
            changes = "SELECT table_name, row_id, changes FROM audit_log ORDER BY id"
            assert bulk._rows(changes) == single._rows(changes)
        assert bulk.verify_audit() == []


def _write_one_at_a_time(repo: Any, bundles: list[Any]) -> None:
    """The same records through the single-record path (prepare + insert), in bulk order."""
    with repo.transaction():
        for bundle in bundles:
            patient = cast(
                Patient,
                repo_prepare.prepare("patient", bundle.patient, dt.date.min, repo.now(), repo.today()),
            )
            pid = repo._insert("patient", patient)
            enrolment, now, today = patient.enrolment_date, repo.now(), repo.today()
            dose_ids = []  # a data-defined record names its dose by its place in the bundle
            for cycle, doses in bundle.cycles:
                checked = repo_prepare.prepare("cycle", cycle, enrolment, now, today)
                cid = repo._insert("cycle", _relinked(checked, patient_id=pid))
                for dose in doses:
                    checked = repo_prepare.prepare("dose", dose, enrolment, now, today)
                    dose_ids.append(repo._insert("dose", _relinked(checked, patient_id=pid, cycle_id=cid)))
            for kind, records in (("crs", bundle.crs), ("icans", bundle.icans), ("lab", bundle.labs)):
                for record in records:
                    checked = repo_prepare.prepare(kind, record, enrolment, now, today)
                    who = record.recorded_by or repo.user
                    repo._insert(kind, _relinked(checked, patient_id=pid, recorded_by=who))
            for record in bundle.records:  # the single-record verb of the data-defined kinds
                dose = None if record.dose_id is None else dose_ids[record.dose_id]
                who = record.recorded_by or repo.user
                repo.add_record(record.kind, _relinked(record, patient_id=pid, dose_id=dose, recorded_by=who))


def _relinked(record: Any, **links: object) -> Any:
    from dataclasses import replace

    return replace(record, **links)


# ---- audit text spelled by templates and column by column -----------------------------------------

ROW_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.lists(st.integers(), max_size=2)
)
NAMES = st.lists(st.text(min_size=1, max_size=8), min_size=2, max_size=6, unique=True)


@given(NAMES, st.data())
def test_insert_changes_is_the_canonical_json_of_the_row(names: list[str], data: st.DataObject) -> None:
    values = data.draw(st.lists(ROW_SCALARS, min_size=len(names), max_size=len(names)))
    expected = _reference({name: [None, value] for name, value in zip(names, values, strict=True)})
    assert audit.InsertChanges(names)(values) == expected


@given(NAMES, st.data())
def test_insert_changes_of_a_batch_are_each_rows_canonical_json(
    names: list[str], data: st.DataObject
) -> None:
    """Columns of one type (how a bulk batch looks), of mixed types, and with text that holds
    commas, quotes and brackets: the column-wise spelling must still be the encoder's, row by row."""
    n_rows = data.draw(st.integers(1, 5))
    column_values = st.sampled_from(
        [st.floats(), st.integers(), st.text(), st.none() | st.text(), ROW_SCALARS]
    )
    columns = [data.draw(st.lists(data.draw(column_values), min_size=n_rows, max_size=n_rows)) for _ in names]
    rows = list(zip(*columns, strict=True))
    expected = [_reference({name: [None, v] for name, v in zip(names, row, strict=True)}) for row in rows]
    assert audit.InsertChanges(names).many(columns) == expected


@given(
    st.tuples(st.integers(0, 10**6), st.text(min_size=64, max_size=64)),
    st.text(),
    st.text(),
    st.lists(
        st.tuples(st.sampled_from(["dose", "lab_result"]), st.integers(1, 10**9), st.text()), max_size=6
    ),
)
def test_insert_rows_are_chain_rows_of_the_same_entries(
    start: tuple[int, str], at: str, user: str, items: list[tuple[str, int, str]]
) -> None:
    entries = [
        audit.PendingEntry(at, user, "insert", table, row_id, changes) for table, row_id, changes in items
    ]
    assert audit.insert_rows(start, at, user, items) == list(audit.chain_rows(start, entries))


@given(st.datetimes(timezones=st.timezones()))
def test_utc_text_is_the_utc_time_with_seconds_or_microseconds(moment: dt.datetime) -> None:
    utc = moment.astimezone(dt.UTC)
    spec = "seconds" if utc.microsecond == 0 else "microseconds"
    assert audit.utc_text(moment) == utc.isoformat(timespec=spec)


# ---- quick acceptance never lets through what full validation would refuse or change -------------

NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
COHORT = list(generate_cohort(12, 7, TODAY))
TZ = dt.timezone(dt.timedelta(hours=-11))
ODD: list[object] = [
        None, 0, 1, 2, True, False, -1.0, 0.0, 0.5, 37.5, 45.0, 45.01, 29.9, 100.0, 100.5, 2000.0, 1e9,
        float("nan"), float("inf"), "", " ", "x", "é", "\x00", "\ud800", "5.0", "a" * 201, "a" * 2001,
        "none", "given", "planned", "held", "arm_left", "awake", (True,) * 10, [True] * 10, (True,) * 9,
        (1,) * 10, (), dt.date(2026, 6, 1), dt.date(1980, 1, 1), dt.date(2028, 1, 1),
        dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), dt.datetime(2026, 6, 1, 12),
        dt.datetime(2026, 6, 16, 9, 59, tzinfo=dt.UTC), dt.datetime(2026, 6, 16, 10, 1, tzinfo=dt.UTC),
        dt.datetime(1999, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 6, 1, 23, tzinfo=TZ),
    ]  # fmt: skip
ODD_VALUES = st.sampled_from(ODD)


def _cohort_records() -> list[tuple[str, Any, dt.date]]:
    found: list[tuple[str, Any, dt.date]] = []
    for bundle in COHORT:
        enrolment = bundle.patient.enrolment_date
        found += [("dose", d, enrolment) for _, doses in bundle.cycles for d in doses]
        found += [("crs", r, enrolment) for r in bundle.crs] + [("icans", r, enrolment) for r in bundle.icans]
        found += [("lab", r, enrolment) for r in bundle.labs]
    return found


RECORDS = _cohort_records()
QUICK: dict[str, Callable[[Any, repo_prepare.Quick], bool]] = {
    "dose": repo_prepare.quick_dose,
    "crs": repo_prepare.quick_crs,
    "icans": repo_prepare.quick_icans,
    "lab": repo_prepare.quick_lab,
}


def _accepted_as_is(kind: str, record: Any, enrolment: dt.date) -> bool:
    """Full validation returns this very record (no error, nothing normalised)."""
    try:
        return repo_prepare.validated(kind, record, enrolment, NOW, TODAY) is record
    except ValidationError:
        return False


@given(st.sampled_from(RECORDS), st.data())
def test_quick_acceptance_implies_full_validation_returns_the_record(
    found: tuple[str, Any, dt.date], data: st.DataObject
) -> None:
    kind, record, enrolment = found
    fields = [f.name for f in dataclasses.fields(record) if f.name not in ("id", "patient_id", "cycle_id")]
    for name in data.draw(st.lists(st.sampled_from(fields), max_size=3)):
        record = dataclasses.replace(record, **{name: data.draw(ODD_VALUES)})
    if QUICK[kind](record, repo_prepare.Quick(enrolment, NOW, TODAY)):
        assert _accepted_as_is(kind, record, enrolment)


def test_quick_acceptance_takes_the_plain_demo_records() -> None:
    """The shortcut is the common path: valid demo records pass it (else it would save nothing)."""
    taken = [QUICK[k](r, repo_prepare.Quick(e, NOW, TODAY)) for k, r, e in RECORDS]
    assert all(_accepted_as_is(k, r, e) for k, r, e in RECORDS)
    assert sum(taken) >= 0.95 * len(RECORDS)


def _edges() -> list[object]:
    """Each range's ends and the floats just outside them, as floats and as ints."""
    limits = [(low, high) for low, high, _ in validation.LAB_RANGES.values()]
    limits += [validation.TEMPERATURE_RANGE[:2], (0.0, validation.dose_limit())]
    edges: list[object] = []
    for low, high in limits:
        for edge in (low, high):
            edges += [edge, int(edge), math.nextafter(edge, -math.inf), math.nextafter(edge, math.inf)]
    return edges


def _around(enrolment: dt.date) -> list[object]:
    """Times and dates around the enrolment day, in UTC and in zones far from it."""
    zones = [dt.UTC, TZ, dt.timezone(dt.timedelta(hours=14))]
    days = [enrolment + dt.timedelta(days=n) for n in (-2, -1, 0, 1, 2)]
    times = [dt.time(0, 30), dt.time(12), dt.time(23, 30)]
    return [*days, *(dt.datetime.combine(d, t, tzinfo=z) for d in days for t in times for z in zones)]


def test_quick_acceptance_of_every_odd_value_in_every_field() -> None:
    """Exhaustively, one field at a time: every odd value and range edge in every field of a record
    of each kind (a given, a held and a planned dose among them)."""
    firsts: dict[tuple[str, object], tuple[str, Any, dt.date]] = {}
    for kind, record, enrolment in RECORDS:
        firsts.setdefault((kind, getattr(record, "status", None)), (kind, record, enrolment))
    values = [*ODD, *_edges()]
    for kind, record, enrolment in firsts.values():
        quick = repo_prepare.Quick(enrolment, NOW, TODAY)
        for field in dataclasses.fields(record):
            for value in values + _around(enrolment):
                changed = dataclasses.replace(record, **{field.name: value})
                if QUICK[kind](changed, quick):
                    assert _accepted_as_is(kind, changed, enrolment), (kind, field.name, value)


# ---- the write's transaction: indexes set aside and rebuilt, settings restored, all or nothing -----


def _schema(repo: Any) -> set[tuple[object, ...]]:
    return {tuple(r.values()) for r in repo._rows("SELECT type, name, tbl_name, sql FROM sqlite_schema")}


def _state(repo: Any) -> tuple[object, ...]:
    """Everything a failed bulk write must leave as it was."""
    tables = (
        "patient",
        "cycle",
        "dose",
        "assessment",
        "audit_log",
    )  # every toxicity's records: one table (v8)
    counts = tuple(repo._scalar(f"SELECT count(*) FROM {table}") for table in tables)
    return _schema(repo), counts, repo.audit_head(), repo._scalar("PRAGMA cache_size")


def _spy_set_aside(monkeypatch: Any) -> list[list[str]]:
    calls: list[list[str]] = []
    original = repo_bulk._set_aside_indexes

    def spy(*args: Any) -> list[str]:
        calls.append(original(*args))
        return calls[-1]

    monkeypatch.setattr(repo_bulk, "_set_aside_indexes", spy)
    return calls


def test_indexes_set_aside_for_a_large_write_come_back_identical(tmp_path: Path, monkeypatch: Any) -> None:
    from storage import Repository

    calls = _spy_set_aside(monkeypatch)
    with Repository.open(tmp_path / "bulk.db", user="u", clock=lambda: NOW) as repo:
        before = _schema(repo)
        cache = repo._scalar("PRAGMA cache_size")
        repo.bulk_insert(COHORT[:8])
        assert calls and calls[-1], "a write into empty tables rebuilds their indexes"
        assert _schema(repo) == before and repo._scalar("PRAGMA cache_size") == cache
        assert repo._scalar("PRAGMA integrity_check") == "ok"  # every index holds every row
        repo.bulk_insert(COHORT[8:9])  # one patient into tables that hold eight: indexes stay
        assert calls[-1] == [] and _schema(repo) == before
        assert repo.verify_audit() == []


def test_a_failure_after_some_batches_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: Any) -> None:
    """Batches are flushed (rows written, indexes dropped) before a later patient fails validation:
    everything, the dropped indexes included, is rolled back."""
    from storage import Repository

    monkeypatch.setattr(repo_bulk, "BATCH_PATIENTS", 2)
    calls = _spy_set_aside(monkeypatch)
    broken = dataclasses.replace(COHORT[5], labs=(dataclasses.replace(COHORT[5].labs[0], anc=500.0),))
    with Repository.open(tmp_path / "bulk.db", user="u", clock=lambda: NOW) as repo:
        repo.bulk_insert(COHORT[6:7])
        before = _state(repo)
        with pytest.raises(ValidationError) as caught:
            repo.bulk_insert([*COHORT[:5], broken])
        assert caught.value.field == "anc"
        assert calls[-1], "the indexes were dropped before the failure"
        assert _state(repo) == before and not repo._db.conn.in_transaction
        assert repo.verify_audit() == []


def test_a_duplicate_refused_by_a_unique_index_rolls_back_too(tmp_path: Path) -> None:
    """UNIQUE indexes are never set aside, so a duplicate cycle number fails at its own row."""
    from storage import Repository

    bundle = next(b for b in COHORT[3:] if len(b.cycles) >= 2)
    first, second = bundle.cycles[0], bundle.cycles[1]
    repeated = dataclasses.replace(second[0], number=first[0].number)
    # The clash drops the second cycle's doses, so the records that follow those doses go too.
    clash = dataclasses.replace(bundle, cycles=(first, (repeated, ())), records=())
    with Repository.open(tmp_path / "bulk.db", user="u", clock=lambda: NOW) as repo:
        before = _state(repo)
        with pytest.raises(Exception, match="UNIQUE"):
            repo.bulk_insert([*COHORT[:3], clash])
        assert _state(repo) == before and not repo._db.conn.in_transaction


@pytest.mark.parametrize("enabled", [True, False])
def test_garbage_collection_is_left_as_it_was(tmp_path: Path, enabled: bool) -> None:
    from storage import Repository

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with Repository.open(tmp_path / "bulk.db", user="u", clock=lambda: NOW) as repo:
            repo.bulk_insert(COHORT[:2])
            assert gc.isenabled() is enabled
            with pytest.raises(ValidationError):
                repo.bulk_insert([COHORT[0]])  # subject id already used
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


RECORD_INPUTS = st.dictionaries(
    st.text(min_size=1, max_size=6),
    st.none()
    | st.integers(-5, 5)
    | st.floats(-1e6, 1e6)
    | st.text(max_size=5)
    | st.tuples(st.text(max_size=3)),
    max_size=4,
)


@given(
    st.lists(
        st.tuples(RECORD_INPUTS, st.integers(0, 4) | st.none(), st.lists(st.text(max_size=4))), max_size=6
    )
)
def test_record_rows_by_column_equal_encode_toxicity_row_by_row(
    given_records: list[tuple[dict[str, object], int | None, list[str]]],
) -> None:
    """The assessment rows of data-defined records (an import's lab terms) built column by column
    are the rows and audit texts `encode_toxicity` and InsertChanges give one record at a time."""
    from clinical.model import PatientId
    from clinical.toxicities import ToxicityRecord
    from storage.bulk_batch import _RecordPlan
    from storage.repo_convert import encode_toxicity

    at = dt.datetime(2026, 3, 2, 9, 30, 15, 120, tzinfo=dt.UTC)
    records = [
        ToxicityRecord(
            "lab_alt",
            PatientId(n + 1),
            at + dt.timedelta(hours=n),
            values,
            grade=grade,
            reasons=tuple(reasons),
        )
        for n, (values, grade, reasons) in enumerate(given_records)
    ]
    plan = _RecordPlan()
    rows, changes = plan.rows([(n + 10, r, None, None) for n, r in enumerate(records)])
    expected = [tuple(encode_toxicity(r).values()) for r in records]
    assert rows == [(n + 10, *row) for n, row in enumerate(expected)]
    assert changes == [plan.changes(row) for row in expected]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([0.0, -0.0, 12.0, 35.0, 80.0, 130.0, 400.0, 1000.0]) | st.floats(0, 2000),
            st.sampled_from([40.0, 45.0]) | st.none(),
            st.sampled_from([20.0, 30.0]) | st.none(),
        ),
        max_size=12,
    )
)
def test_an_imports_grade_memo_gives_the_definitions_own_grade(rows: list[tuple[float, Any, Any]]) -> None:
    """An import remembers lab-term grades by their inputs (repo_prepare._graded): each remembered
    grade, repeats and zeros of either sign included, is the definition's grade of those inputs."""
    from clinical.toxicities import all_definitions

    alt = next(d for d in all_definitions() if d.id == "alanine_aminotransferase_increased")
    memo: repo_prepare.GradeMemo = {}
    for value, uln, baseline in rows + rows:
        values: dict[str, object] = {
            "alt": value,
            "alt_uln": uln,
            "alt_baseline": baseline,
            "lab_source": None,
        }
        assert repo_prepare._graded(alt, values, memo) == alt.grade(values)
