"""Time: stored times are UTC, shown local with the offset across DST changes; backward clock jumps warn."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage.safety import CLOCK_TOLERANCE, clock_jump_warning

BERLIN = "Europe/Berlin"
# 2026 changes in Europe/Berlin: 29 March 01:00 UTC (+1 -> +2) and 25 October 01:00 UTC (+2 -> +1).
SPRING = dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)
AUTUMN = dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC)
LAST = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def berlin_local_time() -> Iterator[ZoneInfo]:
    """Run with the process's local zone set to Berlin (POSIX tzset), restored afterwards."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset is POSIX-only; the local zone cannot be switched on this platform")
    old = os.environ.get("TZ")
    os.environ["TZ"] = BERLIN
    time.tzset()
    try:
        yield ZoneInfo(BERLIN)
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def _near_changes() -> st.SearchStrategy[dt.datetime]:
    minutes = st.integers(min_value=-6 * 60, max_value=6 * 60)
    return st.builds(
        lambda base, m: base + dt.timedelta(minutes=m), st.sampled_from([SPRING, AUTUMN]), minutes
    )


def test_no_warning_when_clock_moves_forward_or_back_within_tolerance() -> None:
    assert clock_jump_warning(None, LAST) is None
    assert clock_jump_warning(LAST, LAST + dt.timedelta(days=3)) is None
    assert clock_jump_warning(LAST, LAST - CLOCK_TOLERANCE) is None  # the boundary is allowed


@pytest.mark.parametrize(
    ("behind", "words"),
    [(dt.timedelta(minutes=2, seconds=1), "2 minutes"), (dt.timedelta(hours=5), "5 hours"),
     (dt.timedelta(days=400), "400 days")],
)  # fmt: skip
def test_warning_when_clock_is_behind_the_last_audit_entry(behind: dt.timedelta, words: str) -> None:
    warning = clock_jump_warning(LAST, LAST - behind)
    assert warning is not None
    assert words in warning and "UTC" in warning and warning.endswith(".")


def test_comparison_uses_instants_not_wall_clock_text() -> None:
    # 10:00 in Berlin (+01:00) is 09:00 UTC: 30 minutes *before* LAST, within tolerance? No: 30 > 2.
    local = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo(BERLIN))
    assert clock_jump_warning(LAST, local) is not None
    # 10:29 Berlin = 09:29 UTC, one minute behind: tolerated.
    assert clock_jump_warning(LAST, local + dt.timedelta(minutes=29)) is None


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        clock_jump_warning(LAST, dt.datetime(2026, 1, 1))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moment=_near_changes())
def test_display_is_the_same_instant_with_the_right_offset(
    berlin_local_time: ZoneInfo, moment: dt.datetime
) -> None:
    from gui.formatting import to_local, utc_offset_label

    local = to_local(moment)
    assert local == moment  # same instant
    assert local.utcoffset() == moment.astimezone(berlin_local_time).utcoffset()
    hours = int(local.utcoffset().total_seconds() // 3600)  # type: ignore[union-attr]
    assert utc_offset_label(local) == f"UTC+{hours:02d}:00"
    assert local.astimezone(dt.UTC) == moment


def _unambiguous(moment: dt.datetime) -> bool:
    """False in the repeated local hour after the autumn change (its wall time names two instants)."""
    return not (AUTUMN - dt.timedelta(hours=1) <= moment < AUTUMN + dt.timedelta(hours=1))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moment=_near_changes().filter(_unambiguous))
def test_editor_round_trip_across_dst(berlin_local_time: ZoneInfo, moment: dt.datetime) -> None:
    from gui.formatting import qdatetime_from_utc, utc_from_qdatetime

    assert utc_from_qdatetime(qdatetime_from_utc(moment)) == moment


def test_editor_round_trip_in_the_repeated_autumn_hour(berlin_local_time: ZoneInfo) -> None:
    from gui.formatting import qdatetime_from_utc, utc_from_qdatetime

    second_0230 = AUTUMN + dt.timedelta(minutes=30)  # 02:30 CET, after the clocks went back
    assert utc_from_qdatetime(qdatetime_from_utc(second_0230)) == second_0230


def test_stored_times_are_utc_whatever_zone_they_were_entered_in(tmp_path: Path) -> None:
    from clinical.choices import Hypotension, Oxygen
    from clinical.model import CrsAssessment, Patient
    from storage import Repository
    from storage.connection import connect

    path = tmp_path / "t.db"
    entered = dt.datetime(2026, 10, 25, 2, 30, tzinfo=ZoneInfo("America/New_York"))  # 06:30 UTC
    with Repository.open(path, clock=lambda: LAST, user="nurse") as repo:
        patient = repo.add_patient(Patient("T-1", "SC 250/500", dt.date(2026, 10, 1)))
        assert patient.id is not None
        stored = repo.add_crs(CrsAssessment(patient.id, entered, 38.2, Hypotension.NONE, Oxygen.NONE))
        assert stored.id is not None
        back = repo.get_crs(stored.id)
    assert back.assessed_at == entered and back.assessed_at.utcoffset() == dt.timedelta(0)
    db = connect(path, read_only=True)
    try:
        raw = db.conn.execute("SELECT assessed_at FROM assessment WHERE kind = 'crs'").fetchone()[0]
        audit_times = [r[0] for r in db.conn.execute("SELECT at FROM audit_log")]
    finally:
        db.close()
    assert raw == "2026-10-25T06:30:00+00:00"
    assert audit_times and all(t.endswith("+00:00") for t in audit_times)


def test_backward_clock_jump_is_recorded_in_the_audit_trail_and_warned(tmp_path: Path) -> None:
    import contextlib
    import io

    from clinical.model import Patient
    from storage import Repository
    from storage.commands import check_main
    from storage.safety import CLOCK_TABLE

    path = tmp_path / "t.db"
    with Repository.open(path, clock=lambda: LAST, user="nurse") as repo:
        repo.add_patient(Patient("T-1", "SC 250/500", dt.date(2026, 10, 1)))
        audit_rows = repo.audit_head()[0]

    def reopen(moment: dt.datetime) -> str | None:
        with Repository.open(path, clock=lambda: moment, user="nurse") as repo:
            return next((n for n in repo.notices if "clock" in n), None)

    assert reopen(LAST - dt.timedelta(minutes=1)) is None  # within tolerance: nothing recorded
    warning = reopen(LAST - dt.timedelta(hours=3))
    assert warning is not None and "3 hours" in warning
    with Repository.open(path, read_only=True) as repo:
        assert repo.audit_head()[0] == audit_rows + 1
        row = repo._rows(
            "SELECT table_name, action, changes, reason FROM audit_log ORDER BY id DESC LIMIT 1"
        )[0]
        assert repo.verify_audit() == []
    assert row["table_name"] == CLOCK_TABLE and row["action"] == "record" and row["reason"] == warning
    assert "2026-11-25T09:30:00+00:00" in str(row["changes"])
    with contextlib.redirect_stdout(io.StringIO()):
        assert check_main(["--db", str(path)]) == 0  # the event is part of an intact chain
