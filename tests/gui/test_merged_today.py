"""Today after the issue 11/13 merges: E's open-episode lines, G's not-gradable checks and grade 5
(death) seen together on one patient, in the clinic's local time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from clinical.choices import Hypotension, Oxygen
from clinical.model import CrsAssessment
from gui.today.today_model import TodayKind, collect_today
from tests.gui.words import tr


def test_open_grade2_episode_and_a_later_not_gradable_check_both_show_in_local_time(
    berlin: None, repo: Any, first_patient: Any, today: dt.date, now: dt.datetime
) -> None:
    # now is 09:30 UTC = 10:30 Berlin: grade 2 at 07:00 local, not gradable at 09:30 local.
    repo.add_crs(
        CrsAssessment(first_patient, now - dt.timedelta(hours=3.5), 38.6, Hypotension.FLUIDS, Oxygen.NONE)
    )
    repo.add_crs(
        CrsAssessment(first_patient, now - dt.timedelta(hours=1), None, Hypotension.NONE, Oxygen.NONE)
    )
    items = [i for i in collect_today(repo, today, now) if i.patient_id == first_patient]
    [episode] = [i for i in items if (i.kind, i.toxicity) == (TodayKind.EPISODE, "crs")]
    [check] = [i for i in items if (i.kind, i.toxicity) == (TodayKind.CHECK, "crs")]
    # The not-gradable record neither raised, closed nor re-timed the episode: due 4 h after 07:00.
    episode_line = tr("TodayModel", "{0} episode open since {1}, peak grade {2}: next assessment due {3}")
    assert episode.text == episode_line.format(
        "CRS", "2026-03-02 07:00 (UTC+01:00)", 2, "2026-03-02 11:00 (UTC+01:00)"
    )
    check_line = tr("TodayModel", "{0} at {1}: {2}; the check is still to do")
    reason = "not gradable: temperature not recorded"  # a sentence from clinical/: English (issue 20)
    assert check.text == check_line.format("CRS", "2026-03-02 09:30 (UTC+01:00)", reason)
    assert episode.since == check.since == dt.date(2026, 3, 2)


def test_an_episode_that_ended_in_death_asks_for_no_next_assessment(
    repo: Any, first_patient: Any, today: dt.date, now: dt.datetime
) -> None:
    repo.add_crs(
        CrsAssessment(
            first_patient, now - dt.timedelta(hours=30), 40.1, Hypotension.MULTIPLE_VASOPRESSORS,
            Oxygen.POSITIVE_PRESSURE, override_grade=5, override_reason="died of CRS",
        )
    )  # fmt: skip
    items = [i for i in collect_today(repo, today, now) if i.patient_id == first_patient]
    assert [i for i in items if (i.kind, i.toxicity) == (TodayKind.EPISODE, "crs")] == []
    [critical] = [i for i in items if i.kind == TodayKind.FLAG_CRITICAL]
    assert critical.text.startswith("Grade 5 CRS")  # the death stays on Today as its critical flag
