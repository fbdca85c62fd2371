"""Every validation rule, with hypothesis-generated bad values: ValidationError naming the field,
and nothing written (clinical rows and audit rows counted before and after)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clinical import regimens
from clinical.choices import Consciousness, DoseReason, DoseStatus, Hypotension, Oxygen
from clinical.errors import ValidationError
from clinical.model import CrsAssessment, IcansAssessment, LabResult, Patient
from clinical.wording import field_label
from storage.schema import TABLES

FIXTURES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
NOW = dt.datetime.now(dt.UTC)


def counts(repo: Any) -> tuple[int, ...]:
    tables = [*TABLES.values(), "assessment", "audit_log"]  # every toxicity's records: one table (v8)
    return tuple(int(repo._scalar(f"SELECT count(*) FROM {t}")) for t in tables)


def refused(repo: Any, field: str, action: Callable[[], object]) -> None:
    """The action raises ValidationError for `field` and leaves every table as it was."""
    before = counts(repo)
    head = repo.audit_head()
    with pytest.raises(ValidationError) as caught:
        action()
    assert caught.value.field == field
    # The message names the field as the form labels it (issue 13), not by its code name.
    assert str(caught.value).startswith(field_label(field) + ":")
    assert counts(repo) == before and repo.audit_head() == head
    assert not repo._db.conn.in_transaction


@pytest.fixture
def patient(make_patient: Callable[..., Patient]) -> Patient:
    return make_patient()


@pytest.fixture
def planned(repo: Any, patient: Patient) -> Any:
    repo.start_cycle(patient.id, dt.date.today() - dt.timedelta(days=10))
    return repo.doses(patient.id)[0]


def outside(low: float, high: float) -> st.SearchStrategy[float]:
    return st.one_of(
        st.floats(max_value=low, exclude_max=True, allow_nan=False),
        st.floats(min_value=high, exclude_min=True, allow_nan=False),
        st.just(math.nan),
    )


def crs(pid: Any, **changes: Any) -> CrsAssessment:
    base = CrsAssessment(pid, NOW - dt.timedelta(hours=1), 37.0, Hypotension.NONE, Oxygen.NONE)
    return replace(base, **changes)


def icans(pid: Any, **changes: Any) -> IcansAssessment:
    return replace(IcansAssessment(pid, NOW - dt.timedelta(hours=1), Consciousness.ALERT), **changes)


def lab(pid: Any, **changes: Any) -> LabResult:
    return replace(LabResult(pid, NOW - dt.timedelta(hours=1), anc=2.0), **changes)


# ---- doses ----------------------------------------------------------------------------------


@FIXTURES
@given(amount=st.one_of(outside(0.0, 2 * regimens.max_dose_ug()), st.just(0.0)))
def test_dose_amount_outside_range(repo: Any, planned: Any, amount: float) -> None:
    refused(
        repo,
        "amount_ug",
        lambda: repo.record_dose(planned.id, DoseStatus.GIVEN, given_at=NOW, amount_ug=amount),
    )


@FIXTURES
@given(days=st.integers(min_value=1, max_value=20000))
def test_dose_given_before_enrolment(repo: Any, patient: Patient, planned: Any, days: int) -> None:
    before = dt.datetime.combine(patient.enrolment_date, dt.time(12), dt.UTC) - dt.timedelta(days=days)
    refused(
        repo,
        "given_at",
        lambda: repo.record_dose(planned.id, DoseStatus.GIVEN, given_at=before, amount_ug=250.0),
    )


@FIXTURES
@given(hours=st.integers(min_value=25, max_value=10**6))
def test_dose_given_in_the_future(repo: Any, planned: Any, hours: int) -> None:
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=hours)
    refused(
        repo,
        "given_at",
        lambda: repo.record_dose(planned.id, DoseStatus.GIVEN, given_at=later, amount_ug=250.0),
    )


def test_dose_given_needs_time_and_amount(repo: Any, planned: Any) -> None:
    refused(repo, "given_at", lambda: repo.record_dose(planned.id, DoseStatus.GIVEN, amount_ug=250.0))
    refused(repo, "amount_ug", lambda: repo.record_dose(planned.id, DoseStatus.GIVEN, given_at=NOW))
    naive = dt.datetime.now()
    refused(
        repo,
        "given_at",
        lambda: repo.record_dose(planned.id, DoseStatus.GIVEN, given_at=naive, amount_ug=250.0),
    )


@pytest.mark.parametrize("status", [DoseStatus.HELD, DoseStatus.MISSED])
def test_held_or_missed_needs_a_reason(repo: Any, planned: Any, status: DoseStatus) -> None:
    refused(repo, "reason", lambda: repo.record_dose(planned.id, status))
    held = repo.record_dose(planned.id, status, reason=DoseReason.ADVERSE_EVENT)
    assert held.status is status and held.reason is DoseReason.ADVERSE_EVENT


@FIXTURES
@given(value=st.text(min_size=1).filter(lambda s: s not in {m.value for m in DoseStatus}))
def test_dose_status_choice(repo: Any, planned: Any, value: str) -> None:
    refused(repo, "status", lambda: repo.record_dose(planned.id, value))


def test_recorded_dose_cannot_be_recorded_again(repo: Any, planned: Any) -> None:
    repo.record_dose(planned.id, DoseStatus.GIVEN, given_at=NOW, amount_ug=250.0)
    refused(repo, "status", lambda: repo.record_dose(planned.id, DoseStatus.MISSED, reason=DoseReason.OTHER))
    refused(repo, "status", lambda: repo.move_dose(planned.id, dt.date.today(), "too late"))


@FIXTURES
@given(text=st.text(min_size=201, max_size=400))
def test_dose_lot_length(repo: Any, planned: Any, text: str) -> None:
    refused(
        repo,
        "lot",
        lambda: repo.record_dose(planned.id, DoseStatus.GIVEN, given_at=NOW, amount_ug=250.0, lot=text),
    )


def test_move_needs_reason_and_a_date_after_enrolment(repo: Any, patient: Patient, planned: Any) -> None:
    refused(repo, "reason", lambda: repo.move_dose(planned.id, dt.date.today(), ""))
    early = patient.enrolment_date - dt.timedelta(days=1)
    refused(repo, "planned_date", lambda: repo.move_dose(planned.id, early, "clinic closed"))


def test_cycle_start_before_enrolment(repo: Any, patient: Patient) -> None:
    early = patient.enrolment_date - dt.timedelta(days=1)
    refused(repo, "start_date", lambda: repo.start_cycle(patient.id, early))


# ---- CRS, ICANS, labs -----------------------------------------------------------------------


@FIXTURES
@given(temperature=outside(30.0, 45.0))
def test_temperature_range(repo: Any, patient: Patient, temperature: float) -> None:
    refused(repo, "temperature_c", lambda: repo.add_crs(crs(patient.id, temperature_c=temperature)))


@FIXTURES
@given(value=st.text().filter(lambda s: s not in {m.value for m in Hypotension}))
def test_hypotension_choice(repo: Any, patient: Patient, value: str) -> None:
    refused(repo, "hypotension", lambda: repo.add_crs(crs(patient.id, hypotension=value)))


@FIXTURES
@given(value=st.text().filter(lambda s: s not in {m.value for m in Oxygen}))
def test_oxygen_choice(repo: Any, patient: Patient, value: str) -> None:
    refused(repo, "oxygen", lambda: repo.add_crs(crs(patient.id, oxygen=value)))


@FIXTURES
@given(grade=st.one_of(st.integers(max_value=-1), st.integers(min_value=6)))
def test_override_grade_range(repo: Any, patient: Patient, grade: int) -> None:
    record = crs(patient.id, override_grade=grade, override_reason="clinical picture")
    refused(repo, "override_grade", lambda: repo.add_crs(record))


@FIXTURES
@given(grade=st.integers(min_value=0, max_value=5), why=st.sampled_from(["", "  ", "\n"]))
def test_override_needs_a_reason(repo: Any, patient: Patient, grade: int, why: str) -> None:
    record = icans(patient.id, override_grade=grade, override_reason=why)
    refused(repo, "override_reason", lambda: repo.add_icans(record))


@FIXTURES
@given(
    items=st.one_of(
        st.lists(st.booleans()).filter(lambda x: len(x) != 10).map(tuple),
        st.lists(st.integers(0, 1), min_size=10, max_size=10).map(tuple),
    )
)
def test_ice_items_are_ten_booleans(repo: Any, patient: Patient, items: tuple[Any, ...]) -> None:
    refused(repo, "ice_items", lambda: repo.add_icans(icans(patient.id, ice_items=items)))


@FIXTURES
@given(value=st.text().filter(lambda s: s not in {m.value for m in Consciousness}))
def test_consciousness_choice(repo: Any, patient: Patient, value: str) -> None:
    refused(repo, "consciousness", lambda: repo.add_icans(icans(patient.id, consciousness=value)))


@FIXTURES
@given(anc=outside(0.0, 100.0))
def test_anc_range(repo: Any, patient: Patient, anc: float) -> None:
    refused(repo, "anc", lambda: repo.add_lab(lab(patient.id, anc=anc)))


@FIXTURES
@given(
    field_range=st.sampled_from(
        [
            ("lln", 0, 100),
            ("wbc", 0, 1000),
            ("platelets", 0, 5000),
            ("haemoglobin_g_l", 0, 300),
            ("crp_mg_l", 0, 1000),
            ("ferritin_ug_l", 0, 1000000),
        ]
    ),
    data=st.data(),
)
def test_other_count_ranges(repo: Any, patient: Patient, field_range: Any, data: st.DataObject) -> None:
    field, low, high = field_range
    value = data.draw(outside(float(low), float(high)))
    refused(repo, field, lambda: repo.add_lab(lab(patient.id, **{field: value})))


@FIXTURES
@given(days=st.integers(min_value=1, max_value=3000))
def test_assessment_before_enrolment(repo: Any, patient: Patient, days: int) -> None:
    early = dt.datetime.combine(patient.enrolment_date, dt.time(12), dt.UTC) - dt.timedelta(days=days)
    refused(repo, "assessed_at", lambda: repo.add_crs(crs(patient.id, assessed_at=early)))
    refused(repo, "drawn_at", lambda: repo.add_lab(lab(patient.id, drawn_at=early)))


@FIXTURES
@given(wbc=st.floats(min_value=0.0, max_value=99.0), extra=st.floats(min_value=0.01, max_value=1.0))
def test_anc_above_the_wbc_of_the_sample_is_refused(
    repo: Any, patient: Patient, wbc: float, extra: float
) -> None:
    """Issue 11: a neutrophil count above the white count of the same sample is a typing slip."""
    refused(repo, "anc", lambda: repo.add_lab(lab(patient.id, anc=wbc + extra, wbc=wbc)))


def test_anc_above_the_wbc_is_refused_in_bulk_and_on_correction(repo: Any, patient: Patient) -> None:
    from clinical.model import PatientBundle

    bundle = PatientBundle(
        Patient("W-0001", "SC 250/500", dt.date.today() - dt.timedelta(days=3)),
        labs=(lab(patient.id, anc=3.0, wbc=2.0),),
    )
    refused(repo, "anc", lambda: repo.bulk_insert([bundle]))
    stored = repo.add_lab(lab(patient.id, anc=1.0, wbc=2.0))
    refused(repo, "anc", lambda: repo.correct("lab", stored.id, {"wbc": 0.5}, "typo"))
    assert repo.add_lab(lab(patient.id, anc=2.0, wbc=2.0)).anc == 2.0  # equal is possible


def test_ctcae_version_must_be_known(repo: Any, patient: Patient) -> None:
    refused(repo, "ctcae_version", lambda: repo.add_lab(lab(patient.id, ctcae_version="4.03")))


@FIXTURES
@given(text=st.text(min_size=201, max_size=300))
def test_treatment_length(repo: Any, patient: Patient, text: str) -> None:
    refused(repo, "treatment", lambda: repo.add_crs(crs(patient.id, treatment=text)))


# ---- patients -------------------------------------------------------------------------------


def new_patient(**changes: Any) -> Patient:
    return replace(Patient("NEW-1", "SC 500/1000", dt.date.today()), **changes)


@FIXTURES
@given(
    subject=st.one_of(
        st.just(""),
        st.text(min_size=41, max_size=60, alphabet="ABC123"),
        st.text(min_size=1).filter(
            lambda s: any(not (c.isascii() and (c.isalnum() or c in "._-")) for c in s)
        ),
        st.sampled_from(["-lead", ".x", "_x"]),
    )
)
def test_subject_id_pattern(repo: Any, subject: str) -> None:
    refused(repo, "subject_id", lambda: repo.add_patient(new_patient(subject_id=subject)))


def test_subject_id_is_unique(repo: Any, patient: Patient) -> None:
    refused(repo, "subject_id", lambda: repo.add_patient(new_patient(subject_id=patient.subject_id)))


@FIXTURES
@given(value=st.text().filter(lambda s: s not in regimens.regimen_names()))
def test_regimen_must_exist(repo: Any, value: str) -> None:
    refused(repo, "regimen", lambda: repo.add_patient(new_patient(regimen=value)))


@FIXTURES
@given(days=st.integers(min_value=2, max_value=5000))
def test_enrolment_not_in_the_future(repo: Any, days: int) -> None:
    later = dt.date.today() + dt.timedelta(days=days)
    refused(repo, "enrolment_date", lambda: repo.add_patient(new_patient(enrolment_date=later)))


@FIXTURES
@given(field_limit=st.sampled_from([("name", 200), ("mrn", 200), ("notes", 2000)]), extra=st.integers(1, 50))
def test_text_limits(repo: Any, field_limit: tuple[str, int], extra: int) -> None:
    field, limit = field_limit
    refused(repo, field, lambda: repo.add_patient(new_patient(**{field: "x" * (limit + extra)})))


@FIXTURES
@given(value=st.text().filter(lambda s: s not in {"female", "male", "other", "unknown"}))
def test_sex_choice(repo: Any, value: str) -> None:
    refused(repo, "sex", lambda: repo.add_patient(new_patient(sex=value)))


@FIXTURES
@given(year=st.one_of(st.integers(max_value=1899), st.integers(min_value=dt.date.today().year + 1)))
def test_birth_year_range(repo: Any, year: int) -> None:
    refused(repo, "birth_year", lambda: repo.add_patient(new_patient(birth_year=year)))


def test_correction_is_validated_too(repo: Any, patient: Patient) -> None:
    stored = repo.add_crs(crs(patient.id))
    refused(repo, "temperature_c", lambda: repo.correct("crs", stored.id, {"temperature_c": 50.0}, "typo"))
    refused(repo, "changes", lambda: repo.correct("crs", stored.id, {"grade": 4}, "I think it is 4"))
    refused(repo, "kind", lambda: repo.correct("nurse", stored.id, {}, "x"))


@pytest.mark.parametrize("field", ["override_reason", "treatment"])
def test_nul_character_is_refused(repo: Any, patient: Patient, field: str) -> None:
    """SQLite's length() stops at NUL, so '\\x00' would look empty to the schema's CHECKs."""
    values = {"override_grade": 1, "override_reason": "rigors", field: "\x00"}
    record = crs(patient.id, **values)
    refused(repo, field, lambda: repo.add_crs(record))
