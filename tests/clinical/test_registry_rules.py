"""Flags, episodes and the cohort comparison of a toxicity that exists only as a definition
(issue 14): the injection site reaction (clinical/toxicities/definitions/injection_site_reaction.py)
is named nowhere in clinical/ outside its definition, yet flags, episodes and cohort rows follow its
definition: grade >= `flag_from_grade` flags, "consecutive" episodes, and no trial comparator
because the trial gave no figure for it (no `trial_key`).

Its records are `ToxicityRecord`s graded here as storage grades them: the definition's own pure
grading of the picked CTCAE sentence (`definition.grade_record`).
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import pathlib
import pickle

import pytest

from clinical.choices import DoseStatus
from clinical.cohort_flags import cohort_flags
from clinical.episodes import episodes_for
from clinical.findings import CohortCount, FlagRule, Severity
from clinical.flags import patient_flags
from clinical.incidence import cohort_comparisons
from clinical.model import DoseId
from clinical.toxicities import NO_TRIAL_COMPARATOR, ToxicityRecord, toxicities, toxicity
from clinical.wording import KIND_LABELS, field_label
from tests.clinical.test_flags import NOW, PATIENT, PID, TODAY, dose, h

ISR = toxicity("injection_site_reaction")
KIND = ISR.record_kind
NO_COMPARATOR_SENTENCE = "No trial comparator: the trial reported no figure for this toxicity."
FIRST = dose(1, DoseStatus.GIVEN, h(-2), rid=90)


@pytest.fixture(autouse=True)
def _in_berlin(berlin: None) -> None:
    """Flag times read in Berlin time (tests/conftest.py `berlin`)."""


def isr(at: dt.datetime, picked: int, rid: int, **kw: object) -> ToxicityRecord:
    """One injection site reaction after dose 90, graded by its definition from the picked sentence."""
    record = ToxicityRecord(KIND, PID, at, {"grade": str(picked)}, dose_id=DoseId(90), id=rid, **kw)  # type: ignore[arg-type]
    graded = ISR.with_grade(record, ISR.grade_record(record))
    assert isinstance(graded, ToxicityRecord)
    return graded


def test_the_definition_has_no_trial_figure() -> None:
    """What the rules below rely on, read from the definition, not assumed."""
    assert ISR.trial_key is None and ISR.flag_from_grade == 3 and ISR.dose_check
    assert ISR.episode_rule == "consecutive" and ISR.comparator_text == NO_TRIAL_COMPARATOR


def test_grade_3_isr_flags_with_no_trial_comparator() -> None:
    record = isr(h(1), 3, rid=11)
    assert (record.grade, record.scale) == (3, "CTCAE v5.0")
    [flag] = patient_flags(PATIENT, [FIRST], {KIND: [record]}, TODAY, NOW)
    assert (flag.rule, flag.severity, flag.at, flag.patient_id) == (
        FlagRule.GRADE3_EPISODE,
        Severity.WARNING,
        h(1),
        PID,
    )
    assert flag.message == f"Grade 3 injection site reaction. {NO_COMPARATOR_SENTENCE}"
    assert (flag.toxicity, flag.trial_rate, flag.record_kind, flag.record_id) == (ISR.id, None, KIND, 11)


def test_grade_2_isr_raises_no_flag_and_grade_4_is_critical() -> None:
    assert patient_flags(PATIENT, [FIRST], {KIND: [isr(h(1), 2, rid=1)]}, TODAY, NOW) == []
    [flag] = patient_flags(PATIENT, [FIRST], {KIND: [isr(h(1), 4, rid=2)]}, TODAY, NOW)
    assert (flag.severity, flag.message) == (
        Severity.CRITICAL,
        f"Grade 4 injection site reaction. {NO_COMPARATOR_SENTENCE}",
    )


def test_grade_5_isr_is_a_death_reported_on_its_own_with_no_comparator() -> None:
    [flag] = patient_flags(PATIENT, [FIRST], {KIND: [isr(h(1), 5, rid=3)]}, TODAY, NOW)
    assert (flag.rule, flag.severity, flag.trial_rate) == (FlagRule.GRADE3_EPISODE, Severity.CRITICAL, None)
    assert flag.message == (
        "Grade 5 injection site reaction (death from injection site reaction): reported on its own; "
        f"{NO_TRIAL_COMPARATOR}."
    )


def test_grade_2_then_0_is_one_resolved_episode() -> None:
    [episode] = episodes_for(PID, {KIND: [isr(h(1), 2, rid=1), isr(h(30), 0, rid=2)]})
    assert (episode.toxicity, episode.patient_id, episode.scale) == (ISR.id, PID, "CTCAE v5.0")
    assert (episode.onset, episode.peak_grade, episode.peak_at, episode.resolved_at) == (h(1), 2, h(1), h(30))
    assert episode.grades == ((h(1), 2),) and not episode.is_open


def test_voided_and_overridden_isr_records_count_as_the_others_do() -> None:
    records = [isr(h(1), 3, rid=1, voided=True), isr(h(2), 1, rid=2, override_grade=2, override_reason="x")]
    [episode] = episodes_for(PID, {KIND: records})
    assert (episode.onset, episode.peak_grade, episode.is_open) == (h(2), 2, True)
    assert patient_flags(PATIENT, [FIRST], {KIND: records}, TODAY, NOW) == []


def test_a_dose_given_while_a_grade_3_isr_is_open_asks_for_a_protocol_check() -> None:
    second = dose(2, DoseStatus.GIVEN, h(26), rid=91)
    records = [isr(h(1), 3, rid=1), isr(h(50), 0, rid=2)]
    flags = patient_flags(PATIENT, [FIRST, second], {KIND: records}, TODAY, NOW)
    [during] = [f for f in flags if f.rule == FlagRule.DOSE_DURING_EPISODE]
    assert during.message == (
        "Protocol check: the cycle day 2 dose was recorded as given at 2026-01-06 11:00 while a grade 3 "
        "injection site reaction episode was open (grade 3 or more since 2026-01-05 10:00). "
        f"{NO_COMPARATOR_SENTENCE}"
    )
    assert (during.toxicity, during.trial_rate, during.record_kind, during.record_id) == (
        ISR.id,
        None,
        "dose",
        91,
    )


def test_grade_3_isr_before_the_first_dose_is_shown_as_not_treatment_emergent() -> None:
    late_first = dose(1, DoseStatus.GIVEN, h(5), rid=90)
    flags = patient_flags(PATIENT, [late_first], {KIND: [isr(h(1), 3, rid=4)]}, TODAY, NOW)
    [flag] = [f for f in flags if f.rule == FlagRule.GRADE3_NOT_EMERGENT]
    # A warning, not information: only a count the disease lowers is expected before treatment.
    assert (flag.severity, flag.record_kind, flag.record_id) == (Severity.WARNING, KIND, 4)
    assert flag.message.startswith(
        "Grade 3 injection site reaction at 2026-01-05 10:00, a baseline value, before the first given dose."
    )


def test_the_cohort_comparison_lists_isr_as_no_trial_comparator() -> None:
    counts = [CohortCount("All", 10, 20, 200, 210, {"crs": 1, ISR.id: 10}, {ISR.id: 0})]
    rows = {row.toxicity: row for row in cohort_comparisons(counts)}
    assert list(rows) == [d.id for d in toxicities()]
    row = rows[ISR.id]
    assert (row.regimen, row.events, row.patients, row.grade5) == ("All", 10, 10, 0)
    assert (row.compared, row.trial_rate, row.comparison) == (False, None, None)
    assert row.comparator_text == NO_TRIAL_COMPARATOR
    assert rows["crs"].compared and rows["crs"].comparator_text == ""
    # 10 of 10 would be far above any rate, but there is nothing to compare with: no cohort flag.
    assert cohort_flags(list(rows.values()), now=NOW) == []


def test_every_toxicity_without_a_trial_key_is_a_no_comparator_row() -> None:
    """Whatever is registered: rows follow the definitions, not a list in clinical/."""
    [count] = [CohortCount("SC 250/500", 12, 24, 240, 240)]
    rows = cohort_comparisons([count])
    assert [(r.toxicity, r.compared) for r in rows] == [(d.id, d.trial_key is not None) for d in toxicities()]
    assert all(r.events == 0 and r.grade5 == 0 for r in rows)


def _code_strings(path: pathlib.Path) -> set[str]:
    """Every string constant and name in a module's code: docstrings and comments left out."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found.add(node.value)
        elif isinstance(node, ast.Name | ast.Attribute | ast.alias):
            found.add(getattr(node, "id", None) or getattr(node, "attr", None) or getattr(node, "name", ""))
    return found


def test_clinical_code_names_the_isr_only_in_its_definition() -> None:
    """No per-kind table or branch for it anywhere in clinical/'s code (issue 14): only its definition
    module names it (docstrings may use it as an example)."""
    root = pathlib.Path(__file__).parents[2] / "clinical"
    naming = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if any("injection site reaction" in text.lower().replace("_", " ") for text in _code_strings(path))
    )
    assert naming == ["toxicities/definitions/injection_site_reaction.py"]


def test_history_and_messages_name_every_kind_by_its_definition() -> None:
    """clinical/wording.py's kinds in words come from the registry (no table of toxicity kinds)."""
    assert KIND_LABELS[KIND] == "injection site reaction"
    assert {d.record_kind: KIND_LABELS[d.record_kind] for d in toxicities()} == {
        d.record_kind: d.record_label for d in toxicities()
    }
    assert (KIND_LABELS["crs"], KIND_LABELS["icans"], KIND_LABELS["lab"]) == (
        "CRS assessment",
        "ICANS assessment",
        "lab result",
    )


def test_counts_hold_every_registered_id_and_refuse_an_unknown_one() -> None:
    count = CohortCount("All", 3, 3, 3, 3, {"crs": 2})
    assert dict(count.grade3plus) == {d.id: 2 if d.id == "crs" else 0 for d in toxicities()}
    assert dict(count.grade5) == dict.fromkeys((d.id for d in toxicities()), 0)
    with pytest.raises(TypeError):
        count.grade3plus["crs"] = 0  # type: ignore[index]
    with pytest.raises(ValueError) as error:
        CohortCount("All", 3, 3, 3, 3, {"fatigue": 1})
    assert str(error.value).startswith("grade3plus toxicity must be one of: crs, icans, neutropenia")
    with pytest.raises(ValueError, match="whole number"):
        CohortCount("All", 3, 3, 3, 3, {}, {"crs": -1})


def test_counts_and_records_survive_a_report_worker_process() -> None:
    """`toxtrack report` hands data to worker processes (pickle) and caches by counts (hash): a
    MappingProxyType inside a record could do neither."""
    count = CohortCount("All", 10, 20, 200, 210, {"crs": 2, ISR.id: 1}, {ISR.id: 1})
    record = isr(h(1), 2, rid=1)
    for value in (count, record):
        again = pickle.loads(pickle.dumps(value))
        assert again == value and hash(again) == hash(value) and copy.deepcopy(value) == value
    assert pickle.loads(pickle.dumps(record)).values == {"grade": "2"}


def test_messages_label_every_registered_input_as_its_definition_does() -> None:
    """Storage's refusals and the history name a toxicity's field by clinical/wording.field_label:
    for every registered input that is the definition's own label (a new term needs no entry)."""
    for definition in toxicities():
        for spec in definition.inputs:
            assert field_label(spec.name) == spec.label, (definition.id, spec.name)
    assert field_label("dose_id") == "After the dose given"  # the ISR's link to its dose
