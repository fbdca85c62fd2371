"""Rotation of automatic backups: 7 daily and 4 weekly generations, the newest of each kept."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.rotation import KEEP_DAILY, KEEP_WEEKLY, Generation, to_keep

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _generations(hours: list[int]) -> list[Generation]:
    return [Generation(START + dt.timedelta(hours=h), Path(f"b-{h}.db")) for h in sorted(set(hours))]


def test_sixty_days_of_hourly_backups_keep_newest_per_day_and_week() -> None:
    found = _generations(list(range(0, 60 * 24, 3)))
    kept = to_keep(found)
    newest = max(g.at for g in found)
    kept_times = sorted((g.at for g in found if g.path in kept), reverse=True)
    days = {t.date() for t in kept_times}
    weeks = {tuple(t.date().isocalendar())[:2] for t in kept_times}
    assert kept_times[0] == newest
    assert len(days) >= KEEP_DAILY and len(weeks) >= KEEP_WEEKLY
    # every kept file is the newest of its day (daily) or of its week (weekly)
    for t in kept_times:
        same_day = [g.at for g in found if g.at.date() == t.date()]
        same_week = [g.at for g in found if g.at.isocalendar()[:2] == t.isocalendar()[:2]]
        assert t == max(same_day) or t == max(same_week)
    assert len(kept) <= KEEP_DAILY + KEEP_WEEKLY


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=24 * 120), min_size=1, max_size=80))
def test_rotation_never_drops_the_newest_and_bounds_the_count(hours: list[int]) -> None:
    found = _generations(hours)
    kept = to_keep(found)
    newest = max(found, key=lambda g: g.at)
    assert newest.path in kept
    assert len(kept) <= KEEP_DAILY + KEEP_WEEKLY
    days = sorted({g.at.date() for g in found}, reverse=True)[:KEEP_DAILY]
    for day in days:  # each of the 7 newest days keeps exactly its newest backup
        best = max((g for g in found if g.at.date() == day), key=lambda g: g.at)
        assert best.path in kept


def test_order_of_input_does_not_matter() -> None:
    found = _generations(list(range(0, 40 * 24, 5)))
    shuffled = found[:]
    random.Random(4).shuffle(shuffled)
    assert to_keep(found) == to_keep(shuffled)


def test_a_second_backup_in_the_same_second_takes_a_free_name_and_is_the_one_kept(tmp_path: Path) -> None:
    """Back up now clicked twice within a second: the second backup takes a free name (the helper
    restore also uses for the file it keeps aside) and, being the newer of that day, is the one
    rotation keeps. It used to sort before the first by name and was deleted at once, so the
    path reported as 'saved and verified' no longer existed."""
    from storage import Repository
    from storage.backup import verify_backup
    from storage.rotation import automatic_backup, generations

    db = tmp_path / "toxtrack.db"
    Repository.open(db, create=True).close()
    first = automatic_backup(db, START, force=True)
    second = automatic_backup(db, START, force=True)
    assert first is not None and second is not None
    assert second.name == first.name.replace(".db", "-1.db")
    assert [g.path for g in generations(db)] == [second] and verify_backup(second)
