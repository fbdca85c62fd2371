"""Electronic signature of a patient-cycle (issue 16): the password re-entered, the manifestation
stored, only roles the matrix allows sign, and any later change to the cycle's records voids the
signature, audited with who and what changed, for every record kind of the registry; a change that
bypasses the app still shows it void (never silently valid), and `toxtrack check` says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import main
from clinical.choices import DoseStatus
from clinical.demo import generate_cohort
from clinical.errors import PermissionRefusedError, SignInError
from clinical.model import LabResult, Patient
from clinical.toxicities import ToxicityRecord, all_definitions, toxicity
from storage.engine import sqlite3
from storage.replay import replay_problems
from storage.signatures import MEANING, cycle_window
from tests.signed_in import ADMIN, ADMIN_PASSWORD, TESTER, TESTER_PASSWORD

KINDS = [d.record_kind for d in all_definitions()]
AE = toxicity("adverse_event").record_kind


pytestmark = pytest.mark.usefixtures("slept")  # fast hashes, no back-off waits (tests/conftest.py)


def _cycle(repo: Any) -> Any:
    patient = repo.add_patient(Patient("SIG-1", "SC 250/500", dt.date.today() - dt.timedelta(days=20)))
    return repo.start_cycle(patient.id, dt.date.today() - dt.timedelta(days=5))


def test_signing_stores_the_manifestation_and_is_audited(repo: Any) -> None:
    cycle = _cycle(repo)
    signature = repo.sign_cycle(cycle.id, TESTER_PASSWORD)
    assert signature.valid and (signature.user_id, signature.printed_name) == (TESTER, "Tess Tester")
    assert signature.meaning == MEANING and len(signature.content_hash) == 64
    assert abs(signature.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert "Signed by Tess Tester (tester)" in signature.manifestation
    assert [e.action for e in repo.account_events()][-1] == "sign"
    assert repo.verify_audit() == [] and replay_problems(repo._conn) == []


def test_a_wrong_password_signs_nothing_and_is_audited(repo: Any) -> None:
    cycle = _cycle(repo)
    with pytest.raises(SignInError, match="nothing was signed"):
        repo.sign_cycle(cycle.id, "not my password")
    assert repo.cycle_signatures(cycle.id) == []
    assert [e.action for e in repo.account_events()][-1] == "sign_in_failed"


@pytest.mark.parametrize("role", ["nurse", "administrator"])
def test_only_roles_the_matrix_allows_sign(repo: Any, role: str) -> None:
    cycle = _cycle(repo)
    repo.sign_out()
    repo.sign_in(ADMIN, ADMIN_PASSWORD)
    if role != "administrator":
        repo.add_user("nina", "Nina Nurse", role, "one-time pass 9")
        repo.sign_out()
        repo.sign_in("nina", "one-time pass 9")
        repo.change_password("one-time pass 9", "nina password 1")
    password = ADMIN_PASSWORD if role == "administrator" else "nina password 1"
    with pytest.raises(PermissionRefusedError, match=f"{role} cannot sign a cycle"):
        repo.sign_cycle(cycle.id, password)
    assert repo.cycle_signatures(cycle.id) == []


def _edits(repo: Any, cycle: Any) -> dict[str, Any]:
    pid = cycle.patient_id
    doses = repo.doses(pid)
    return {
        "dose given": lambda: repo.record_dose(
            doses[0].id,
            DoseStatus.GIVEN,
            given_at=dt.datetime.combine(doses[0].planned_date, dt.time(9), dt.UTC),
            amount_ug=doses[0].planned_ug,
        ),
        "dose moved": lambda: repo.move_dose(
            doses[-1].id, doses[-1].planned_date + dt.timedelta(days=1), "clinic shut"
        ),
        "dose voided": lambda: repo.void("dose", doses[-1].id, "entered in error"),
        "patient corrected": lambda: repo.update_patient(pid, {"name": "New Name"}, "typo"),
        "lab imported": lambda: repo.import_records(  # the bulk path of issue 19's lab import
            [("lab", LabResult(pid, dt.datetime.now(dt.UTC) - dt.timedelta(hours=2), 0.8, lln=1.8))],
            "labs.csv",
            "0" * 64,
        ),
        "record added": lambda: repo.add_record(
            AE,
            ToxicityRecord(
                AE, pid, dt.datetime.now(dt.UTC) - dt.timedelta(hours=1), {"term": "Tremor", "grade": "1"}
            ),
        ),
    }


@pytest.mark.parametrize(
    "edit", ["dose given", "dose moved", "dose voided", "patient corrected", "record added", "lab imported"]
)
def test_a_change_to_the_cycle_voids_its_signature_with_who_and_what(repo: Any, edit: str) -> None:
    cycle = _cycle(repo)
    repo.sign_cycle(cycle.id, TESTER_PASSWORD)
    _edits(repo, cycle)[edit]()
    signature = repo.cycle_signatures(cycle.id)[-1]
    assert not signature.valid and signature.voided
    assert signature.void_reason.startswith("changed after signing by tester")
    assert "re-sign" in signature.manifestation
    repo.sign_cycle(cycle.id, TESTER_PASSWORD)  # signed again: the new one is valid, the old stays void
    assert [s.valid for s in repo.cycle_signatures(cycle.id)] == [False, True]
    assert repo.verify_audit() == [] and replay_problems(repo._conn) == []


@pytest.fixture
def demo(repo: Any) -> Any:
    """A synthetic cohort with records of every registered kind (clinical.demo)."""
    repo.bulk_insert(list(generate_cohort(12, 3, dt.date.today())))
    # the demo writes no adverse event (the log is the clinician's): one, on a cycle's second day
    pid = next(p for p in repo.patient_ids() if repo.cycles(p))
    at = dt.datetime.combine(repo.cycles(pid)[0].start_date + dt.timedelta(days=1), dt.time(10), dt.UTC)
    repo.add_record(AE, ToxicityRecord(AE, pid, at, {"term": "Tremor", "grade": "2"}))
    # and one record, on the same day, of each kind the demo does not write (lab terms it leaves out,
    # premedication), its required inputs filled in generically (_plain_values)
    dose = next(d for d in repo.doses(pid) if d.status is DoseStatus.GIVEN)
    for definition in all_definitions():
        if not any(r for r in repo.records_by_kind(pid)[definition.record_kind] if not r.voided):
            values, linked = _plain_values(definition), any(i.type == "dose" for i in definition.inputs)
            record = ToxicityRecord(
                definition.record_kind, pid, at, values, dose_id=dose.id if linked else None
            )
            repo.add_record(definition.record_kind, record)
    return repo


def _plain_values(definition: Any) -> dict[str, object]:
    """A valid value for each required input: the middle of a number's range, the first choice, a
    word of text (a link to a dose is the record's `dose_id`, not an input value)."""
    values: dict[str, object] = {}
    for spec in definition.inputs:
        if not spec.required:
            continue
        if spec.type == "number":
            low, high = spec.low if spec.low is not None else 0.0, spec.high if spec.high is not None else 2.0
            values[spec.name] = (low + high) / 2
        elif spec.type in ("choice", "grade_pick"):
            values[spec.name] = spec.choices_given(values)[0][0]
        elif spec.type == "dose":
            continue
        elif spec.type == "text":
            values[spec.name] = "ondansetron"
        else:
            raise AssertionError(f"no plain value for a {spec.type} input ({definition.record_kind})")
    return values


def _cycle_with(repo: Any, kind: str) -> tuple[Any, Any]:
    """A cycle whose days hold a live record of `kind`, and that record."""
    definition = next(d for d in all_definitions() if d.record_kind == kind)
    for pid in repo.patient_ids():
        patient, cycles = repo.get_patient(pid), repo.cycles(pid)
        records = repo.records_by_kind(pid)[kind]
        for cycle in cycles:
            first, last = cycle_window(patient, cycle, cycles)
            inside = [r for r in records if first <= definition.at(r).astimezone().date() <= last]
            if inside:
                return cycle, inside[0]
    raise AssertionError(f"the demo cohort has no {kind} record inside a cycle")


@pytest.mark.parametrize("kind", KINDS)
def test_voiding_a_record_of_every_registered_kind_voids_the_signature(demo: Any, kind: str) -> None:
    cycle, record = _cycle_with(demo, kind)
    demo.sign_cycle(cycle.id, TESTER_PASSWORD)
    demo.void(kind, record.id, "entered in error")
    signature = demo.cycle_signatures(cycle.id)[-1]
    assert signature.voided and not signature.valid and f"row {record.id}" in signature.void_reason


@pytest.mark.parametrize("kind", KINDS)
def test_unvoiding_a_record_of_every_registered_kind_voids_a_later_signature(demo: Any, kind: str) -> None:
    cycle, record = _cycle_with(demo, kind)
    demo.sign_cycle(cycle.id, TESTER_PASSWORD)
    demo.void(kind, record.id, "entered in error")
    demo.sign_cycle(cycle.id, TESTER_PASSWORD)
    demo.unvoid(kind, record.id, "was right after all")  # the record is back: the content differs
    assert [s.valid for s in demo.cycle_signatures(cycle.id)] == [False, False]


def test_a_change_outside_the_app_shows_the_signature_void_and_check_says_so(
    repo: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    cycle = _cycle(repo)
    repo.sign_cycle(cycle.id, TESTER_PASSWORD)
    repo.close()
    raw = sqlite3.connect(repo.path)
    raw.execute("UPDATE dose SET planned_ug = 1 WHERE cycle_id = ?", (cycle.id,))
    raw.commit()
    raw.close()
    from storage import Repository

    with Repository.open(repo.path, read_only=True) as reader:
        signature = reader.cycle_signatures(cycle.id)[-1]
        assert not signature.voided and not signature.valid  # not marked, still never valid
    assert main.main(["check", "--db", str(repo.path)]) == 1
    assert "signature: signature 1 of cycle row" in capsys.readouterr().out
