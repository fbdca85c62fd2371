"""Episodes from small hand-made timelines: open, resolved, two in one cycle, overrides, voids."""

from __future__ import annotations

import datetime as dt

import pytest

from clinical.choices import Consciousness, Hypotension, Oxygen
from clinical.episodes import build_episodes, episodes_for
from clinical.model import CrsAssessment, IcansAssessment, LabResult, PatientId
from clinical.toxicities import toxicity_ids

PID = PatientId(7)
T0 = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)


def h(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def test_open_episode() -> None:
    [episode] = build_episodes("crs", PID, [(h(0), 0), (h(6), 1), (h(12), 2)], "ASTCT 2019")
    assert episode.is_open
    assert (episode.onset, episode.peak_grade, episode.peak_at) == (h(6), 2, h(12))
    assert episode.grades == ((h(6), 1), (h(12), 2))
    assert episode.scale == "ASTCT 2019"


def test_two_episodes_in_one_cycle_and_unsorted_input() -> None:
    graded = [(h(48), 0), (h(0), 1), (h(24), 3), (h(200), 2), (h(30), 3), (h(220), 0)]
    first, second = build_episodes("crs", PID, graded, "ASTCT 2019")
    assert (first.onset, first.peak_grade, first.peak_at, first.resolved_at) == (
        h(0),
        3,
        h(24),  # the first time the peak was reached
        h(48),
    )
    assert (second.onset, second.peak_grade, second.resolved_at) == (h(200), 2, h(220))
    assert not first.is_open and not second.is_open


def test_zeros_only_and_empty_make_no_episode() -> None:
    assert build_episodes("icans", PID, [(h(0), 0), (h(1), 0)], "ASTCT 2019") == []
    assert build_episodes("icans", PID, [], "ASTCT 2019") == []


@pytest.mark.parametrize(
    ("graded", "message"),
    [([(h(0), 6)], "grades"), ([(h(0), -1)], "grades"), ([("2026-01-05", 1)], "datetimes")],
)
def test_invalid_input(graded: list[tuple[object, object]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_episodes("crs", PID, graded, "")  # type: ignore[arg-type]


def test_unknown_toxicity() -> None:
    with pytest.raises(ValueError, match="toxicity"):
        build_episodes("fatigue", PID, [], "")


def _crs(at: dt.datetime, grade: int, **kw: object) -> CrsAssessment:
    return CrsAssessment(PID, at, 38.5, Hypotension.NONE, Oxygen.NONE, grade=grade, scale="ASTCT 2019", **kw)  # type: ignore[arg-type]


def test_episodes_for_uses_effective_grade_and_skips_voided() -> None:
    crs = [
        _crs(h(0), 1),
        _crs(h(4), 2, override_grade=3, override_reason="clinical judgement"),
        _crs(h(5), 4, voided=True),
        _crs(h(10), 0),
    ]
    icans = [IcansAssessment(PID, h(2), Consciousness.AWAKENS_TO_VOICE, grade=2)]
    labs = [LabResult(PID, h(1), 0.4, grade=4), LabResult(PID, h(30), 1.6, grade=0)]
    episodes = episodes_for(PID, {"crs": crs, "icans": icans, "lab": labs})
    assert [e.toxicity for e in episodes] == ["crs", "neutropenia", "icans"]
    crs_episode = episodes[0]
    assert (crs_episode.peak_grade, crs_episode.resolved_at) == (3, h(10))
    assert episodes[1].scale == "CTCAE v5.0" and episodes[1].resolved_at == h(30)
    assert episodes[2].is_open


def test_episodes_for_refuses_another_patients_records() -> None:
    other = CrsAssessment(PatientId(8), h(0), 39.0, Hypotension.NONE, Oxygen.NONE, grade=1)
    with pytest.raises(ValueError, match="patient"):
        episodes_for(PID, {"crs": [other]})


# ------------------------------------------------- missing is not normal (issue 11)


def test_not_gradable_never_opens_raises_or_closes_an_episode() -> None:
    graded: list[tuple[dt.datetime, int | None]] = [
        (h(0), None),  # opens nothing
        (h(6), 3),
        (h(12), None),  # closes nothing (the old grade 0 "no fever" closed the episode here)
        (h(18), 2),
        (h(24), None),
    ]
    [episode] = build_episodes("crs", PID, graded, "ASTCT 2019")
    assert episode.is_open and episode.onset == h(6)
    assert episode.grades == ((h(6), 3), (h(18), 2))
    graded.append((h(30), 0))
    [resolved] = build_episodes("crs", PID, graded, "ASTCT 2019")
    assert resolved.resolved_at == h(30)


def test_only_not_gradable_records_make_no_episode() -> None:
    assert build_episodes("icans", PID, [(h(0), None), (h(5), None)], "ASTCT 2019") == []


def test_crs_without_temperature_keeps_the_episode_open_in_episodes_for() -> None:
    crs = [
        CrsAssessment(PID, h(0), 39.0, Hypotension.ONE_VASOPRESSOR, Oxygen.NONE, grade=3),
        CrsAssessment(PID, h(6), None, Hypotension.MULTIPLE_VASOPRESSORS, Oxygen.NONE, grade=None),
    ]
    [episode] = episodes_for(PID, {"crs": crs})
    assert episode.is_open and episode.peak_grade == 3


def test_an_override_of_a_not_gradable_record_counts() -> None:
    crs = [CrsAssessment(PID, h(0), None, Hypotension.FLUIDS, Oxygen.NONE, grade=None, override_grade=2,
                         override_reason="fever documented elsewhere")]  # fmt: skip
    [episode] = episodes_for(PID, {"crs": crs})
    assert episode.peak_grade == 2


# ------------------------------------------- edges and messages a clinician reads (issue 11)


def test_grade_5_is_a_grade_and_6_is_refused_with_the_whole_sentence() -> None:
    [episode] = build_episodes("crs", PID, [(h(0), 2), (h(3), 5)], "ASTCT 2019")
    assert (episode.peak_grade, episode.peak_at, episode.is_open) == (5, h(3), True)
    with pytest.raises(ValueError) as error:
        build_episodes("crs", PID, [(h(0), 6)], "ASTCT 2019")
    assert str(error.value) == "grades must be whole numbers from 0 to 5 (got 6)"


@pytest.mark.parametrize("grade", [True, False, 2.0, "2", -1])
def test_bools_floats_strings_and_negatives_are_not_grades(grade: object) -> None:
    with pytest.raises(ValueError) as error:
        build_episodes("icans", PID, [(h(0), grade)], "ASTCT 2019")  # type: ignore[list-item]
    assert str(error.value) == f"grades must be whole numbers from 0 to 5 (got {grade!r})"


def test_a_time_that_is_not_a_datetime_is_refused_with_the_whole_sentence() -> None:
    with pytest.raises(ValueError) as error:
        build_episodes("crs", PID, [(h(0), 1), (dt.date(2026, 1, 5), 1)], "")  # type: ignore[list-item]
    assert str(error.value) == "episode times must be datetimes (got datetime.date(2026, 1, 5))"


def test_grade_1_opens_and_grade_0_at_the_first_record_opens_nothing() -> None:
    [episode] = build_episodes("crs", PID, [(h(0), 0), (h(2), 1), (h(4), 1), (h(6), 0)], "s")
    assert (episode.onset, episode.peak_grade, episode.peak_at, episode.resolved_at) == (h(2), 1, h(2), h(6))
    assert episode.grades == ((h(2), 1), (h(4), 1))
    assert (episode.toxicity, episode.patient_id, episode.scale) == ("crs", PID, "s")


def test_the_other_patients_record_is_named_in_the_refusal() -> None:
    lab = LabResult(PatientId(8), h(0), 0.4, grade=4)
    with pytest.raises(ValueError) as error:
        episodes_for(PID, {"lab": [lab]})
    assert str(error.value) == "record of patient 8 passed for patient 7"


def test_voided_icans_and_lab_records_make_no_episode() -> None:
    icans = [IcansAssessment(PID, h(0), Consciousness.AWAKENS_TO_VOICE, grade=2, voided=True)]
    labs = [LabResult(PID, h(1), 0.4, grade=4, voided=True)]
    assert episodes_for(PID, {"icans": icans, "lab": labs}) == []


def test_scales_come_from_the_records_or_astct_2019_when_unset() -> None:
    crs = [CrsAssessment(PID, h(0), 39.0, Hypotension.FLUIDS, Oxygen.NONE, grade=2)]  # scale unset
    icans = [
        IcansAssessment(PID, h(0), Consciousness.AWAKENS_TO_VOICE, grade=2),
        IcansAssessment(PID, h(1), Consciousness.AWAKENS_TO_VOICE, grade=2, scale="local ICE"),
    ]
    labs = [LabResult(PID, h(0), 0.4, grade=4, ctcae_version="4.03")]
    crs_e, icans_e, neut_e = episodes_for(PID, {"crs": crs, "icans": icans, "lab": labs})
    assert (crs_e.toxicity, crs_e.scale) == ("crs", "ASTCT 2019")
    assert (icans_e.toxicity, icans_e.scale) == ("icans", "local ICE")
    assert (neut_e.toxicity, neut_e.scale) == ("neutropenia", "CTCAE v4.03")


def test_same_onset_orders_crs_icans_neutropenia_whatever_the_input() -> None:
    labs = [LabResult(PID, h(0), 0.4, grade=4)]
    icans = [IcansAssessment(PID, h(0), Consciousness.AWAKENS_TO_VOICE, grade=2)]
    crs = [_crs(h(0), 1)]
    order = [e.toxicity for e in episodes_for(PID, {"crs": crs, "icans": icans, "lab": labs})]
    assert order == ["crs", "icans", "neutropenia"]


def test_an_unknown_toxicity_is_refused_with_the_allowed_ones() -> None:
    with pytest.raises(ValueError) as error:
        build_episodes("fatigue", PID, [], "")
    # Issue 14: the allowed ones are the registry's, in its order (injection site reaction included).
    known = toxicity_ids()
    assert known[:3] == ("crs", "icans", "neutropenia") and "injection_site_reaction" in known
    assert str(error.value) == f"toxicity must be one of: {', '.join(known)} (got 'fatigue')"


def test_icans_without_a_recorded_scale_is_astct_2019() -> None:
    icans = [IcansAssessment(PID, h(0), Consciousness.AWAKENS_TO_VOICE, grade=2)]
    [episode] = episodes_for(PID, {"icans": icans})
    assert (episode.toxicity, episode.scale) == ("icans", "ASTCT 2019")


def test_an_unknown_episode_rule_is_refused_by_name() -> None:
    import dataclasses

    from clinical.episodes import _episodes_of
    from clinical.model import PatientId
    from clinical.toxicities import toxicity

    odd = dataclasses.replace(toxicity("crs"), episode_rule="weekly")
    with pytest.raises(ValueError) as refused:
        _episodes_of(odd, PatientId(1), [])
    assert str(refused.value) == "crs: no episode rule named 'weekly'"
