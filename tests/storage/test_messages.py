"""Every ValidationError storage can raise reads as a clinician's sentence (issue 13, "Messages show
code"): the field as the form labels it, the value as the form shows it; no Python repr, no
snake_case field name, no ISO time stamp with seconds.

The walk is checked for completeness: each `raise ValidationError(...)` statement in storage/ must
be reached by one of the triggers below (the raise site is read from the traceback), so a new
refusal added to storage without a trigger here fails this test.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from clinical.choices import Consciousness, DoseStatus, Hypotension, Oxygen
from clinical.errors import ValidationError
from clinical.model import (
    CrsAssessment,
    Cycle,
    Dose,
    IcansAssessment,
    LabResult,
    Patient,
    PatientBundle,
    PatientId,
)
from clinical.toxicities import InputSpec, ToxicityRecord
from clinical.toxicities.ctcae import picked_grade_definition
from clinical.wording import FIELD_LABELS
from storage import validation
from storage.repo_prepare import planned_dose
from storage.repo_records import check_linked_dose
from storage.validation_inputs import input_value

STORAGE = Path(__file__).resolve().parents[2] / "storage"
NOW = dt.datetime.now(dt.UTC)
TOMORROW_PLUS = NOW + dt.timedelta(days=3, seconds=17)


@dataclass
class Ctx:
    repo: Any
    pid: PatientId
    dose: Dose
    lab: LabResult


@pytest.fixture
def ctx(repo: Any, make_patient: Callable[..., Patient]) -> Ctx:
    patient = make_patient()
    repo.start_cycle(patient.id, dt.date.today() - dt.timedelta(days=10))
    lab = repo.add_lab(LabResult(patient.id, NOW - dt.timedelta(hours=2), anc=1.2))
    return Ctx(repo, patient.id, repo.doses(patient.id)[0], lab)


def _crs(c: Ctx, **changes: Any) -> CrsAssessment:
    base = CrsAssessment(c.pid, NOW - dt.timedelta(hours=1), 37.0, Hypotension.NONE, Oxygen.NONE)
    return replace(base, **changes)


def _lab(c: Ctx, **changes: Any) -> LabResult:
    return replace(LabResult(c.pid, NOW - dt.timedelta(hours=1), anc=1.0), **changes)


def _new_patient(**changes: Any) -> Patient:
    return replace(Patient("M-0001", "SC 250/500", dt.date.today() - dt.timedelta(days=3)), **changes)


def _given(c: Ctx, **changes: Any) -> Dose:
    values = {"given_at": NOW - dt.timedelta(hours=1), "amount_ug": 250.0, **changes}
    return c.repo.record_dose(c.dose.id, DoseStatus.GIVEN, **values)  # type: ignore[no-any-return]


def _voided_lab(c: Ctx) -> None:
    c.repo.void("lab", c.lab.id, "entered in error")
    c.repo.correct("lab", c.lab.id, {"anc": 1.1}, "typo")


def _void_twice(c: Ctx) -> None:
    c.repo.void("lab", c.lab.id, "entered in error")
    c.repo.void("lab", c.lab.id, "again")


def _bulk_twice(c: Ctx) -> None:
    bundle = PatientBundle(_new_patient(subject_id="B-1"))
    c.repo.bulk_insert([bundle, bundle])


def _bulk_taken(c: Ctx) -> None:
    taken = c.repo.get_patient(c.pid).subject_id
    c.repo.bulk_insert([PatientBundle(_new_patient(subject_id=taken))])


def _sixth_cycle(c: Ctx) -> None:
    for _ in range(6):
        last = max(cycle.start_date for cycle in c.repo.cycles(c.pid))
        c.repo.start_cycle(c.pid, last + dt.timedelta(days=35))


def _moved_given_dose(c: Ctx) -> None:
    _given(c)
    c.repo.move_dose(c.dose.id, c.dose.planned_date + dt.timedelta(days=1), "clinic closed")


def _moved_past_the_next_dose(c: Ctx) -> None:
    """H's move bounds: a planned dose stays between the previous and the next planned dose."""
    second = c.repo.doses(c.pid)[1]
    c.repo.move_dose(c.dose.id, second.planned_date + dt.timedelta(days=1), "clinic closed")


def _taken_on_correction(c: Ctx) -> None:
    other = c.repo.add_patient(_new_patient(subject_id="M-0002"))
    c.repo.correct("patient", other.id, {"subject_id": c.repo.get_patient(c.pid).subject_id}, "typo")


ISR = "injection_site_reaction"


def _isr(c: Ctx, given: bool = True, **changes: Any) -> ToxicityRecord:
    """An injection site reaction after the context's first dose (given first unless `given` is False)."""
    if given:
        _given(c)
    base = ToxicityRecord(ISR, c.pid, NOW - dt.timedelta(minutes=30), {"grade": "1"}, dose_id=c.dose.id)
    return replace(base, **changes)


def _ae(c: Ctx, **values: Any) -> ToxicityRecord:
    """An adverse event of the context's patient (issue 15), with `values` over a grade 2 Tremor."""
    inputs = {"term": "Tremor", "grade": "2", **values}
    return c.repo.add_record(  # type: ignore[no-any-return]
        "adverse_event", ToxicityRecord("adverse_event", c.pid, NOW - dt.timedelta(hours=2), inputs)
    )


def _stay(c: Ctx, **values: Any) -> ToxicityRecord:
    """A hospital stay of the context's patient (issue 18), with `values` over a CRS admission."""
    inputs = {"stay_reason": "crs", **values}
    return c.repo.add_record(  # type: ignore[no-any-return]
        "hospital_stay", ToxicityRecord("hospital_stay", c.pid, NOW - dt.timedelta(hours=2), inputs)
    )


def _isr_in_bulk_as_crs(c: Ctx) -> None:
    record = ToxicityRecord("crs", c.pid, NOW - dt.timedelta(minutes=30), {"grade": "1"})
    c.repo.bulk_insert([PatientBundle(_new_patient(subject_id="B-3"), records=(record,))])


def _dose_on_a_kind_without_one(c: Ctx) -> None:
    tremor = picked_grade_definition("Tremor", order=99, source="test")
    record = ToxicityRecord(tremor.record_kind, c.pid, NOW, {"grade": "1"}, dose_id=c.dose.id)
    check_linked_dose(tremor, record, c.dose)


def _import(c: Ctx, kind: str, record: object) -> None:
    c.repo.import_records([(kind, record)], "labs.csv", "0" * 64)


def _imported_lab(c: Ctx, **changes: Any) -> LabResult:
    return replace(_lab(c), **changes)


TODAY = dt.date.today()
LONG = "x" * 2100
# name -> the action that must be refused. Values are what a user or an import could send.
TRIGGERS: dict[str, Callable[[Ctx], object]] = {
    "import into an unknown patient": lambda c: _import(
        c, "lab", _imported_lab(c, patient_id=PatientId(999))
    ),
    "import of a dose-linked kind": lambda c: _import(c, ISR, _isr(c, given=False)),
    "import of a stored record": lambda c: _import(
        c, "anemia", ToxicityRecord("anemia", c.pid, NOW, {"haemoglobin_g_l": 90.0}, id=5)
    ),
    "choice": lambda c: c.repo.add_crs(_crs(c, hypotension="vasopressors")),
    "number not a number": lambda c: c.repo.add_crs(_crs(c, temperature_c="38,5")),
    "number out of range": lambda c: c.repo.add_crs(_crs(c, temperature_c=55.0)),
    "text too long": lambda c: c.repo.add_crs(_crs(c, treatment=LONG)),
    "text broken unicode": lambda c: c.repo.add_crs(_crs(c, treatment="para\udcffcetamol")),
    "text required": lambda c: c.repo.void("lab", c.lab.id, "  "),
    "records of a kind that is no toxicity": lambda c: c.repo.records("dose", c.pid),
    "time without zone": lambda c: c.repo.add_lab(_lab(c, drawn_at=dt.datetime(2026, 1, 2, 9, 30, 12))),
    "time in the future": lambda c: c.repo.add_lab(_lab(c, drawn_at=TOMORROW_PLUS)),
    "planned date not a date": lambda c: c.repo.start_cycle(c.pid, NOW),
    "planned date too early": lambda c: c.repo.start_cycle(c.pid, dt.date(2001, 1, 1)),
    "regimen": lambda c: c.repo.add_patient(_new_patient(regimen="IV 28")),
    "override grade": lambda c: c.repo.add_crs(_crs(c, override_grade=7, override_reason="worse")),
    "subject id": lambda c: c.repo.add_patient(_new_patient(subject_id="bad id!")),
    "enrolment not a date": lambda c: c.repo.add_patient(_new_patient(enrolment_date="2026-01-02")),
    "enrolment in the future": lambda c: c.repo.add_patient(
        _new_patient(enrolment_date=TODAY + dt.timedelta(days=30))
    ),
    "birth year": lambda c: c.repo.add_patient(_new_patient(birth_year=1850)),
    "under 18 at registration": lambda c: c.repo.add_patient(_new_patient(birth_year=TODAY.year - 12)),
    "demo not true or false": lambda c: c.repo.add_patient(_new_patient(demo="yes")),
    "move past the next planned dose": _moved_past_the_next_dose,
    "amount zero": lambda c: _given(c, amount_ug=0.0),
    "held without reason": lambda c: c.repo.record_dose(c.dose.id, DoseStatus.HELD),
    "fever masked": lambda c: c.repo.add_crs(_crs(c, fever_masked="yes")),
    "ice items": lambda c: c.repo.add_icans(
        IcansAssessment(c.pid, NOW - dt.timedelta(hours=1), Consciousness.ALERT, ice_items=(True,) * 3)
    ),
    "anc above wbc": lambda c: c.repo.add_lab(_lab(c, anc=4.2, wbc=1.1)),
    "ctcae version": lambda c: c.repo.add_lab(_lab(c, ctcae_version="4.03")),
    "planned amount zero": lambda c: planned_dose(
        replace(c.dose, planned_ug=0.0), TODAY - dt.timedelta(days=60), TODAY
    ),
    "cycle beyond the regimen": _sixth_cycle,
    "recorded twice": lambda c: (_given(c), _given(c)),
    "record as planned": lambda c: c.repo.record_dose(c.dose.id, DoseStatus.PLANNED),
    "move a given dose": _moved_given_dose,
    "bulk subject twice": _bulk_twice,
    "bulk subject taken": _bulk_taken,
    "new record with id": lambda c: c.repo.add_lab(_lab(c, id=99)),
    "unknown kind": lambda c: c.repo.void("ae_term", 1, "entered in error"),
    "field not editable": lambda c: c.repo.correct("lab", c.lab.id, {"grade": 0}, "looks wrong"),
    "correct a voided record": _voided_lab,
    "void twice": _void_twice,
    "subject id taken on correction": _taken_on_correction,
    "new patient with id": lambda c: c.repo.add_patient(_new_patient(id=5)),
    "subject id taken": lambda c: c.repo.add_patient(
        _new_patient(subject_id=c.repo.get_patient(c.pid).subject_id)
    ),
    "bulk cycle": lambda c: c.repo.bulk_insert(
        [PatientBundle(_new_patient(subject_id="B-2"), cycles=((Cycle(c.pid, 1, dt.date(2001, 1, 1)), ()),))]
    ),
    "given in the future": lambda c: _given(c, given_at=TOMORROW_PLUS),
    "text not text": lambda c: validation.text("lot", b"bytes"),
    # data-defined toxicities (issue 14): refusals in the words of the definition's InputSpecs
    "picked grade not offered": lambda c: c.repo.add_record(ISR, _isr(c, values={"grade": "7"})),
    "picked grade missing": lambda c: c.repo.add_record(ISR, _isr(c, values={})),
    "input the kind does not have": lambda c: c.repo.add_record(
        ISR, _isr(c, values={"grade": "1", "size": 2})
    ),
    "linked dose missing": lambda c: c.repo.add_record(ISR, _isr(c, dose_id=None)),
    "linked dose not given": lambda c: c.repo.add_record(ISR, _isr(c, given=False)),
    "dose on a kind without one": _dose_on_a_kind_without_one,
    "override of a picked grade": lambda c: c.repo.add_record(
        ISR, _isr(c, override_grade=4, override_reason="worse")
    ),
    "new toxicity record with id": lambda c: c.repo.add_record(ISR, _isr(c, id=5)),
    "record of another kind": lambda c: c.repo.add_record(ISR, _isr(c, kind="crs")),
    "bulk record of a typed kind": _isr_in_bulk_as_crs,
    "number input": lambda c: input_value(
        InputSpec("temperature_c", "Temperature (°C)", "number", unit="°C", low=30, high=45), 55.0
    ),
    "text input": lambda c: input_value(
        InputSpec("treatment", "Treatment given", "text", max_length=10), LONG
    ),
    "flag input": lambda c: input_value(InputSpec("fever_masked", "Fever masked", "flag"), "yes"),
    # the adverse-event log (issue 15): a term, a time, ticks, and the definition's own checks
    "term not on the list": lambda c: _ae(c, term="Aphasia"),
    "grade the term does not define": lambda c: _ae(c, grade="4"),
    "resolution not a time": lambda c: _ae(c, resolved_at="yesterday"),
    "resolution in the future": lambda c: _ae(c, resolved_at=TOMORROW_PLUS),
    "resolution before onset": lambda c: _ae(c, resolved_at=NOW - dt.timedelta(hours=3)),
    "seriousness not offered": lambda c: _ae(c, serious=("sometimes",)),
    "other, specify without a name": lambda c: _ae(c, term="Infections and infestations - Other, specify"),
    # hospital stays (issue 18): the adverse event they are the seriousness criterion of
    "stay's adverse event not an id": lambda c: _stay(c, adverse_event_id="the tremor"),
    "stay's adverse event not the patient's": lambda c: _stay(c, adverse_event_id=99999),
    "stay's adverse event in a bulk insert": lambda c: c.repo.bulk_insert(
        [
            PatientBundle(
                _new_patient(subject_id="B-18"),
                records=(
                    ToxicityRecord(
                        "hospital_stay",
                        PatientId(0),
                        NOW - dt.timedelta(hours=2),
                        {"stay_reason": "crs", "adverse_event_id": 1},
                    ),
                ),
            )
        ]
    ),
    "discharge before admission": lambda c: _stay(c, discharged_at=NOW - dt.timedelta(hours=3)),
    "ice items input": lambda c: input_value(InputSpec("ice_items", "ICE items", "ice_items"), (True,) * 3),
}

REPR = re.compile(r"datetime\.|tzinfo|<[A-Za-z_]+[ .:>]|\b(None|True|False)\b|b'|\\x|\\u|\{'|'\w")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
ISO_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}")
QUOTED = re.compile(r"“[^”]*”")  # the user's own text, quoted back: not the app's wording


def raise_sites() -> set[tuple[str, int]]:
    """Every `raise ValidationError(...)` statement in storage/, as (file name, line)."""
    sites = set()
    for path in STORAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if isinstance(func, ast.Name) and func.id == "ValidationError":
                    sites.add((path.name, node.lineno))
    return sites


def _site(exc: BaseException) -> tuple[str, int]:
    """The storage raise statement of `exc`: the innermost traceback frame inside storage/."""
    tb, found = exc.__traceback__, ("", 0)
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if path.parent == STORAGE:
            found = (path.name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def assert_readable(exc: ValidationError) -> None:
    text = str(exc)
    assert exc.field in FIELD_LABELS, f"no form label for {exc.field}"
    assert text.startswith(exc.label + ":"), text
    own_words = QUOTED.sub("“…”", text)
    assert not REPR.search(own_words), f"a Python repr in: {text}"
    assert not SNAKE.search(own_words), f"a code name in: {text}"
    assert not ISO_SECONDS.search(text), f"a time stamp with seconds in: {text}"
    if not isinstance(exc.value, int | float) or isinstance(exc.value, bool):
        assert repr(exc.value) not in text or not exc.value, text


@pytest.mark.parametrize("name", sorted(TRIGGERS))
def test_refusal_reads_as_a_sentence(ctx: Ctx, name: str) -> None:
    with pytest.raises(ValidationError) as caught:
        TRIGGERS[name](ctx)
    assert_readable(caught.value)


def test_every_storage_refusal_is_walked(ctx: Any, repo: Any, make_patient: Callable[..., Patient]) -> None:
    """Each raise statement in storage/ is reached by a trigger; a new one needs a trigger here."""
    reached = set()
    for name, trigger in TRIGGERS.items():
        fresh = Ctx(repo, make_patient().id, ctx.dose, ctx.lab)
        repo.start_cycle(fresh.pid, dt.date.today() - dt.timedelta(days=10))
        fresh.dose = repo.doses(fresh.pid)[0]
        fresh.lab = repo.add_lab(LabResult(fresh.pid, NOW - dt.timedelta(hours=2), anc=1.2))
        try:
            trigger(fresh)
        except ValidationError as exc:
            reached.add(_site(exc))
        else:
            pytest.fail(f"{name} was not refused")
    missing = sorted(raise_sites() - reached)
    assert missing == [], f"raise sites no trigger reaches: {missing}"


def test_given_at_message_names_the_form_label_and_local_minute(ctx: Ctx) -> None:
    """The issue's example: no `given_at`, no `datetime.datetime(...)`, the time as the form shows it."""
    with pytest.raises(ValidationError) as caught:
        _given(ctx, given_at=dt.datetime(2027, 1, 3, 14, 35, 12, tzinfo=dt.UTC))
    local = dt.datetime(2027, 1, 3, 14, 35, tzinfo=dt.UTC).astimezone()
    assert str(caught.value).startswith(f"Time (local): {local:%Y-%m-%d %H:%M} (UTC")
    assert "given_at" not in str(caught.value) and "datetime" not in str(caught.value)
