"""The adverse-event log's definition (issue 15): any CTCAE v5.0 term, its grade picked among the
term's own sentences, the event's episodes per term, and its flags.

Sentences are NCI's, read back from the shipped list (clinical/data/ctcae-v5.0.csv) and checked
here against clinical-reference-2.md §4 (Tremor G1-G3, no G4/G5; Tumor lysis syndrome G3-G5 only).
Seriousness is ICH E2A's (docs/clinical-additions.md §6); the trial's serious AE figure is the
seed's 80 % (clinical-reference.md §1.1).
"""

from __future__ import annotations

import datetime as dt

import pytest

from clinical.choices import DoseStatus
from clinical.episodes import build_event_episodes, episodes_for
from clinical.errors import ValidationError
from clinical.findings import FlagRule, Severity
from clinical.flags import patient_flags
from clinical.reference import trial
from clinical.toxicities import ToxicityRecord, toxicity
from clinical.toxicities.ctcae import ctcae_terms, grade_choices, is_other_specify
from tests.clinical.test_flags import NOW, PATIENT, PID, TODAY, dose, h

AE = toxicity("adverse_event")
KIND = AE.record_kind
TREMOR_2 = "Moderate symptoms; limiting instrumental ADL"  # clinical-reference-2.md §4, Tremor G2


@pytest.fixture(autouse=True)
def _in_berlin(berlin: None) -> None:
    """Flag times read in Berlin time (tests/conftest.py `berlin`)."""


def ae(
    at: dt.datetime,
    term: str,
    grade: int,
    rid: int,
    resolved: dt.datetime | None = None,
    **values: object,
) -> ToxicityRecord:
    """One adverse event graded by its definition, as storage grades it."""
    inputs: dict[str, object] = {"term": term, "grade": str(grade), **values}
    if resolved is not None:
        inputs["resolved_at"] = resolved.isoformat()
    record = ToxicityRecord(KIND, PID, at, inputs, id=rid)  # type: ignore[arg-type]
    graded = AE.with_grade(record, AE.grade_record(record))
    assert isinstance(graded, ToxicityRecord)
    return graded


# ---- the definition ------------------------------------------------------------------------------


def test_the_definition_reads_as_an_adverse_event_log() -> None:
    assert (AE.label, AE.scale, AE.time_label, AE.episode_rule) == (
        "Adverse event",
        "CTCAE v5.0",
        "Onset",
        "events",
    )
    assert AE.trial_key is None and AE.flag_from_grade == 3 and AE.serious_input == "serious"
    names = [spec.name for spec in AE.inputs]
    assert names == [
        "term",
        "term_name",
        "grade",
        "resolved_at",
        "serious",
        "relatedness",
        "action",
        "outcome",
        "infection_site",
        "organism",
    ]
    assert [s.name for s in AE.inputs if s.required] == ["term", "grade"]


def test_each_list_is_the_one_the_brief_names() -> None:
    assert [v for v, _ in AE.input("serious").choices] == [
        "death",
        "life_threatening",
        "hospitalisation",
        "disability",
        "congenital_anomaly",
        "important_medical_event",
    ]
    assert [v for v, _ in AE.input("relatedness").choices] == [
        "not_related",
        "unlikely",
        "possible",
        "probable",
        "definite",
    ]
    assert [v for v, _ in AE.input("action").choices] == [
        "dose_not_changed",
        "held",
        "withdrawn",
        "not_applicable",
    ]
    assert [v for v, _ in AE.input("outcome").choices] == [
        "recovered",
        "recovering",
        "not_recovered",
        "recovered_with_sequelae",
        "fatal",
        "unknown",
    ]


def test_the_grade_is_offered_only_among_the_terms_own_sentences() -> None:
    pick = AE.input("grade")
    assert pick.depends_on == "term" and pick.choices == ()
    assert pick.choices_given({"term": "Tremor"}) == (
        ("1", "Grade 1: Mild symptoms"),
        ("2", f"Grade 2: {TREMOR_2}"),
        ("3", "Grade 3: Severe symptoms; limiting self care ADL"),
    )
    # Tumor lysis syndrome defines grades 3-5 only (clinical-reference-2.md §4)
    assert [g for g, _ in pick.choices_given({"term": "Tumor lysis syndrome"})] == ["3", "4", "5"]
    assert pick.choices_given({"term": "Aphasia"}) == ()  # not a CTCAE v5.0 term
    assert pick.choices_given({}) == ()


def test_the_picked_grade_is_the_sentence() -> None:
    grade = AE.grade({"term": "Tremor", "grade": "2"})
    assert (grade.grade, grade.scale, grade.reasons) == (2, "CTCAE v5.0", (f"Grade 2 Tremor: {TREMOR_2}",))


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({"grade": "2"}, "Not gradable: no CTCAE v5.0 term was chosen"),
        ({"term": "Aphasia", "grade": "2"}, "Not gradable: no CTCAE v5.0 term was chosen"),
        ({"term": "Tremor"}, "Not gradable: no grade was picked"),
        ({"term": "Tremor", "grade": ""}, "Not gradable: no grade was picked"),
        ({"term": "Tremor", "grade": "4"}, "Not gradable: CTCAE v5.0 defines no grade 4 for Tremor"),
    ],
)
def test_what_cannot_be_graded_says_why(values: dict[str, object], reason: str) -> None:
    grade = AE.grade(values)
    assert (grade.grade, grade.reasons) == (None, (reason,))


def test_an_other_specify_term_is_named_by_its_free_text() -> None:
    term = "Immune system disorders - Other, specify"
    assert is_other_specify(term) and not is_other_specify("Tremor")
    values = {"term": term, "term_name": "Hypogammaglobulinaemia", "grade": "2"}
    assert AE.event_name is not None
    assert AE.event_name(values) == f"Hypogammaglobulinaemia ({term})"
    assert AE.grade(values).reasons[0].startswith(f"Grade 2 Hypogammaglobulinaemia ({term}): Moderate;")
    assert AE.event_name({"term": "Tremor", "term_name": "ignored"}) == "Tremor"


def test_every_other_specify_term_of_the_list_is_recognised() -> None:
    found = [t for t in ctcae_terms() if is_other_specify(t)]
    assert len(found) == len([t for t in ctcae_terms() if "Other, specify" in t]) >= 20
    assert all(grade_choices(t) for t in found)


def test_an_other_specify_term_needs_its_name() -> None:
    assert AE.check is not None
    term = "Infections and infestations - Other, specify"
    with pytest.raises(ValidationError) as refused:
        AE.check({"term": term, "term_name": "  "}, h(0))
    assert refused.value.field == "term_name"
    assert str(refused.value).startswith("Name of the event (an “Other, specify” term)")
    AE.check({"term": term, "term_name": "Pneumocystis"}, h(0))  # accepted


def test_an_event_cannot_resolve_before_its_onset() -> None:
    assert AE.check is not None
    with pytest.raises(ValidationError) as refused:
        AE.check({"term": "Tremor", "resolved_at": h(-1).isoformat()}, h(0))
    assert refused.value.field == "resolved_at"
    AE.check({"term": "Tremor", "resolved_at": h(0).isoformat()}, h(0))  # resolving at onset is allowed
    AE.check({"term": "Tremor", "resolved_at": None}, h(0))


def test_serious_reads_the_ticked_criteria_in_words() -> None:
    record = ae(h(1), "Tremor", 2, 1, serious=("hospitalisation", "death"))
    assert AE.serious(record) == ("Results in death", "Hospitalisation or its prolongation")
    assert AE.serious(ae(h(1), "Tremor", 2, 2)) == ()
    assert AE.resolved(ae(h(1), "Tremor", 2, 3, resolved=h(5))) == h(5)
    assert AE.resolved(ae(h(1), "Tremor", 2, 3)) is None


# ---- episodes per term ----------------------------------------------------------------------------


def test_a_grade_that_changes_makes_one_episode_with_its_peak() -> None:
    records = [
        ae(h(0), "Tremor", 1, 1, resolved=h(24)),
        ae(h(24), "Tremor", 2, 2, resolved=h(48)),
        ae(h(48), "Tremor", 1, 3, resolved=h(72)),
    ]
    [episode] = episodes_for(PID, {KIND: records})
    assert (episode.name, episode.onset, episode.peak_grade, episode.peak_at, episode.resolved_at) == (
        "Tremor",
        h(0),
        2,
        h(24),
        h(72),
    )
    assert episode.grades == ((h(0), 1), (h(24), 2), (h(48), 1))


def test_events_are_read_in_onset_order_whatever_order_they_come_in() -> None:
    records = [ae(h(48), "Tremor", 1, 3, resolved=h(72)), ae(h(0), "Tremor", 2, 1, resolved=h(48))]
    [episode] = episodes_for(PID, {KIND: records})
    assert (episode.onset, episode.grades, episode.resolved_at) == (h(0), ((h(0), 2), (h(48), 1)), h(72))


def test_an_event_left_open_is_ended_by_the_next_of_its_term() -> None:
    """Recording grade 2 without resolving the grade 1 record: one episode, resolved with the last."""
    records = [ae(h(0), "Tremor", 1, 1), ae(h(10), "Tremor", 2, 2, resolved=h(30))]
    [episode] = episodes_for(PID, {KIND: records})
    assert (episode.peak_grade, episode.resolved_at, episode.is_open) == (2, h(30), False)


def test_the_latest_event_open_keeps_the_episode_open() -> None:
    records = [ae(h(0), "Tremor", 2, 1, resolved=h(10)), ae(h(5), "Tremor", 1, 2)]
    [episode] = episodes_for(PID, {KIND: records})
    assert episode.is_open and episode.peak_grade == 2


def test_a_gap_after_resolution_starts_a_new_episode() -> None:
    records = [ae(h(0), "Tremor", 3, 1, resolved=h(10)), ae(h(10.5), "Tremor", 1, 2)]
    first, second = episodes_for(PID, {KIND: records})
    assert (first.peak_grade, first.resolved_at, second.onset, second.peak_grade) == (3, h(10), h(10.5), 1)
    # starting exactly at the resolution continues it
    records = [ae(h(0), "Tremor", 3, 1, resolved=h(10)), ae(h(10), "Tremor", 1, 2)]
    assert len(episodes_for(PID, {KIND: records})) == 1


def test_overlapping_events_resolve_at_the_latest_resolution() -> None:
    records = [ae(h(0), "Tremor", 1, 1, resolved=h(50)), ae(h(5), "Tremor", 2, 2, resolved=h(20))]
    [episode] = episodes_for(PID, {KIND: records})
    assert episode.resolved_at == h(50)


def test_each_term_forms_its_own_episodes() -> None:
    records = [
        ae(h(0), "Tremor", 1, 1),
        ae(h(1), "Headache", 2, 2, resolved=h(3)),
        ae(h(2), "Tremor", 3, 3),
    ]
    episodes = episodes_for(PID, {KIND: records})
    assert [(e.name, e.peak_grade, e.is_open) for e in episodes] == [
        ("Tremor", 3, True),
        ("Headache", 2, False),
    ]


def test_voided_and_ungradable_events_form_no_episode() -> None:
    voided = ae(h(0), "Tremor", 3, 1)
    voided = ToxicityRecord(**{**voided.__dict__, "voided": True})
    assert episodes_for(PID, {KIND: [voided]}) == []
    assert build_event_episodes("adverse_event", PID, [("Tremor", h(0), None, None)], "CTCAE v5.0") == []


# ---- flags ---------------------------------------------------------------------------------------

FIRST = dose(1, DoseStatus.GIVEN, h(-2), rid=90)


def test_a_grade_3_event_flags_with_no_trial_comparator_for_its_term() -> None:
    [flag] = patient_flags(PATIENT, [FIRST], {KIND: [ae(h(1), "Tremor", 3, 11)]}, TODAY, NOW)
    assert (flag.rule, flag.severity, flag.toxicity, flag.record_kind, flag.record_id) == (
        FlagRule.GRADE3_EPISODE,
        Severity.WARNING,
        "adverse_event",
        KIND,
        11,
    )
    assert flag.message == "Grade 3 Tremor. No trial comparator: the trial reported no figure for Tremor."
    assert flag.trial_rate is None


def test_grade_2_not_serious_raises_no_flag() -> None:
    assert patient_flags(PATIENT, [FIRST], {KIND: [ae(h(1), "Tremor", 2, 11)]}, TODAY, NOW) == []


def test_a_serious_event_flags_whatever_its_grade_with_the_trials_figure() -> None:
    record = ae(h(1), "Tremor", 2, 12, serious=("hospitalisation",))
    [flag] = patient_flags(PATIENT, [FIRST], {KIND: [record]}, TODAY, NOW)
    assert (flag.rule, flag.severity, flag.record_id, flag.at) == (
        FlagRule.SERIOUS_EVENT,
        Severity.WARNING,
        12,
        h(1),
    )
    assert flag.message == (
        "Serious adverse event: Tremor, grade 2, onset 2026-01-05 10:00 (hospitalisation or its "
        "prolongation). The SC blinatumomab phase 1/2 trial (NCT04521231) reported serious adverse "
        "events in 80 % of patients (any grade, pooled, as given in the trial summary, not checked "
        "against the full paper)."
    )
    assert flag.trial_rate == trial().serious_ae_rate == 0.80


def test_a_serious_grade_4_event_is_critical_and_also_a_grade_flag() -> None:
    record = ae(h(1), "Tumor lysis syndrome", 4, 13, serious=("life_threatening",))
    flags = patient_flags(PATIENT, [FIRST], {KIND: [record]}, TODAY, NOW)
    assert {(f.rule, f.severity) for f in flags} == {
        (FlagRule.SERIOUS_EVENT, Severity.CRITICAL),
        (FlagRule.GRADE3_EPISODE, Severity.CRITICAL),
    }


def test_a_voided_serious_event_flags_nothing() -> None:
    record = ae(h(1), "Tremor", 2, 12, serious=("hospitalisation",))
    voided = ToxicityRecord(**{**record.__dict__, "voided": True})
    assert patient_flags(PATIENT, [FIRST], {KIND: [voided]}, TODAY, NOW) == []


def test_the_grade_flag_points_at_the_peak_record_of_its_own_term() -> None:
    """Two terms with the same onset and grade: each flag names its own record."""
    records = [ae(h(1), "Tremor", 3, 21), ae(h(1), "Headache", 3, 22)]
    flags = patient_flags(PATIENT, [FIRST], {KIND: records}, TODAY, NOW)
    assert sorted((f.message.split(".")[0], f.record_id) for f in flags) == [
        ("Grade 3 Headache", 22),
        ("Grade 3 Tremor", 21),
    ]


# ---- the trial's serious adverse event figure (clinical/data/trial.toml) ---------------------------


def test_the_serious_figure_is_optional_and_a_proportion() -> None:
    from clinical.data import packaged_text
    from clinical.reference import load_trial, parse_trial

    text = packaged_text("trial.toml")
    assert load_trial().serious_ae_rate == 0.80
    without = parse_trial(text.replace("serious_ae_rate = 0.80\n", ""))
    assert without.serious_ae_rate is None and without.serious_text == ""
    for edge in ("0", "1", "1.0"):
        assert parse_trial(
            text.replace("serious_ae_rate = 0.80", f"serious_ae_rate = {edge}")
        ).serious_ae_rate == float(edge)
    for wrong in ("1.01", "-0.01", "true", '"80 %"'):
        with pytest.raises(ValueError) as refused:
            parse_trial(text.replace("serious_ae_rate = 0.80", f"serious_ae_rate = {wrong}"))
        shown = {"true": "True", '"80 %"': "'80 %'"}.get(wrong, wrong)
        expected = f"trial reference: serious_ae_rate must be a proportion from 0 to 1 (got {shown})"
        assert str(refused.value) == expected


# ---- ToxTrack's navigational notes (clinical/toxicities/ctcae.py) -----------------------------------


def test_aphasia_redirects_to_dysphasia_and_icans_to_its_tab() -> None:
    from clinical.toxicities.ctcae import ctcae_term, redirects_for

    [aphasia] = redirects_for("Aphas")
    assert aphasia.term == "Dysphasia" and ctcae_term(aphasia.term).grades  # a real CTCAE v5.0 term
    assert "Aphasia" not in ctcae_terms()  # clinical-reference-2.md §4: no such term
    [icans] = redirects_for("icans tremor")
    assert icans.term == "" and "recorded as ICANS (ASTCT 2019)" in icans.note and "as Tremor" in icans.note
    assert redirects_for("Tremor") == () and redirects_for("  ") == ()
    assert redirects_for("aph") == ()  # from 4 letters on: "aph" starts too many words
    assert [r.term for r in redirects_for("neurotoxicity")] == [""] == [r.term for r in redirects_for("neur")]
    assert [r.term for r in redirects_for("Cytokine release syndrome")] == [""]
    assert [r.term for r in redirects_for("neutropenia")] == [""]


def test_two_criteria_are_named_in_the_list_order_for_the_patient() -> None:
    record = ae(h(1), "Tremor", 1, 14, serious=("hospitalisation", "disability"))
    [flag] = patient_flags(PATIENT, [FIRST], {KIND: [record]}, TODAY, NOW)
    assert flag.patient_id == PID and flag.toxicity == "adverse_event" and flag.record_kind == KIND
    assert flag.message.startswith(
        "Serious adverse event: Tremor, grade 1, onset 2026-01-05 10:00 (hospitalisation or its "
        "prolongation; persistent or significant disability or incapacity). The SC"
    )


def test_a_grade_5_event_is_reported_on_its_own() -> None:
    [flag] = patient_flags(PATIENT, [FIRST], {KIND: [ae(h(1), "Tumor lysis syndrome", 5, 15)]}, TODAY, NOW)
    assert (flag.rule, flag.severity, flag.trial_rate) == (FlagRule.GRADE3_EPISODE, Severity.CRITICAL, None)
    assert flag.message == (
        "Grade 5 Tumor lysis syndrome (death from Tumor lysis syndrome): reported on its own; no trial "
        "comparator: the trial reported no figure for this toxicity."
    )


def test_a_toxicity_without_terms_keeps_the_general_no_comparator_sentence() -> None:
    """The term-named sentence is for events only: the injection site reaction keeps its own."""
    isr = toxicity("injection_site_reaction")
    record = ToxicityRecord(isr.record_kind, PID, h(1), {"grade": "3"}, dose_id=FIRST.id, id=16)
    graded = isr.with_grade(record, isr.grade_record(record))
    [flag] = patient_flags(PATIENT, [FIRST], {isr.record_kind: [graded]}, TODAY, NOW)
    assert flag.message == (
        "Grade 3 injection site reaction. No trial comparator: the trial reported no figure for this "
        "toxicity."
    )
