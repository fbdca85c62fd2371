"""Hand-built report data: a patient with every kind of event and one with none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypeVar

import pytest

from clinical.choices import Consciousness, DoseReason, DoseStatus, Hypotension, InjectionSite, Oxygen
from clinical.findings import CohortCount, Episode, Flag, FlagRule, Severity
from clinical.model import CrsAssessment, Cycle, CycleId, Dose, IcansAssessment, LabResult, Patient, PatientId
from clinical.toxicities import toxicities
from reports.summary_data import CohortSummary, ComparisonRow, CycleSummary, ToxicityRow, TrialInfo
from storage.repository import Repository

_T = TypeVar("_T")
PID = PatientId(7)
START = dt.date(2026, 3, 2)
HASH = "3f" * 32
TRIAL = TrialInfo(
    name="NCT04521231",
    rates=(("neutropenia", 0.22), ("crs", 0.20), ("icans", 0.17)),
    source="Jabbour E et al. Lancet Haematol 2025;12(7):e529-e541 (pooled grade 3-4, n = 88)",
    caveats=("Per-arm figures are not published.", "Counts back-calculated from n = 88 are not published."),
)


def by_kind(**records: tuple[object, ...]) -> dict[str, tuple[object, ...]]:
    """A summary's records: every registered kind, empty unless given."""
    return {d.record_kind: records.get(d.record_kind, ()) for d in toxicities()}


def at(day: int, hour: int = 9) -> dt.datetime:
    """A UTC time on a cycle day, at a local wall-clock hour."""
    local = dt.datetime.combine(START + dt.timedelta(days=day - 1), dt.time(hour)).astimezone()
    return local.astimezone(dt.UTC)


def comparisons(regimen: str) -> tuple[ComparisonRow, ...]:
    rows = []
    for toxicity, events, trial in (
        ("crs", 3, 0.20),
        ("icans", 1, 0.17),
        ("neutropenia", 6, 0.22),
    ):
        for name, n in ((regimen, 12), ("All", 20)):
            verdict = "above" if toxicity == "neutropenia" and name == "All" else "consistent"
            rows.append(
                ComparisonRow(
                    name,
                    toxicity,
                    events,
                    n,
                    events / n,
                    0.01 * events,
                    0.05 * events + 0.2,
                    0.4,
                    verdict,
                    trial,
                )
            )
    return tuple(rows)


def _doses(cycle_id: CycleId) -> tuple[Dose, ...]:
    doses = []
    for day in (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 17, 19, 22, 24, 26):
        date = START + dt.timedelta(days=day - 1)
        planned = 250.0 if day <= 7 else 500.0
        if day == 4:
            dose = Dose(
                PID,
                cycle_id,
                day,
                date,
                planned,
                DoseStatus.HELD,
                reason=DoseReason.ADVERSE_EVENT,
                reason_text="CRS grade 3",
            )
        elif day == 5:
            dose = Dose(
                PID, cycle_id, day, date, planned, DoseStatus.MISSED, reason=DoseReason.PATIENT_DID_NOT_ATTEND
            )
        elif day <= 12:
            dose = Dose(
                PID,
                cycle_id,
                day,
                date,
                planned,
                DoseStatus.GIVEN,
                given_at=at(day, 10),
                amount_ug=planned,
                site=InjectionSite.ABDOMEN_LEFT,
                lot="L-42",
            )
        else:
            dose = Dose(PID, cycle_id, day, date, planned)
        doses.append(dose)
    return tuple(doses)


def full_summary(name: str = "Zoë Ångström-Nuñez", include_phi: bool = False) -> CycleSummary:
    """Every kind of event: held and missed doses, grade 3 CRS with override, ICANS, neutropenia, flags."""
    patient = Patient("SUBJ-0042", "SC 250/500", START, name=name, mrn="MRN-998877", id=PID)
    cycle = Cycle(PID, 1, START, id=CycleId(3))
    crs = (
        CrsAssessment(PID, at(2), 38.6, Hypotension.NONE, Oxygen.NONE, grade=1, scale="ASTCT 2019"),
        CrsAssessment(
            PID,
            at(3),
            39.1,
            Hypotension.ONE_VASOPRESSOR,
            Oxygen.LOW_FLOW,
            treatment="tocilizumab 8 mg/kg",
            grade=3,
            scale="ASTCT 2019",
        ),
        CrsAssessment(
            PID,
            at(4),
            37.2,
            Hypotension.NONE,
            Oxygen.NONE,
            fever_masked=True,
            grade=1,
            scale="ASTCT 2019",
            override_grade=2,
            override_reason="still on low-flow oxygen at night",
        ),
        CrsAssessment(PID, at(6), 36.8, Hypotension.NONE, Oxygen.NONE, grade=0, scale="ASTCT 2019"),
    )
    icans = (
        IcansAssessment(
            PID,
            at(3),
            Consciousness.ALERT,
            ice_items=(True,) * 8 + (False,) * 2,
            grade=1,
            scale="ASTCT 2019",
            treatment="dexamethasone 10 mg",
        ),
        IcansAssessment(PID, at(5), Consciousness.ALERT, ice_items=(True,) * 10, grade=0, scale="ASTCT 2019"),
    )
    labs = tuple(
        LabResult(PID, at(day), anc=anc, lln=1.8, grade=grade)
        for day, anc, grade in ((1, 3.2, 0), (4, 1.2, 2), (8, 0.4, 4), (12, 0.8, 3), (15, 1.6, 1))
    )
    episodes = (
        Episode(
            "crs",
            PID,
            at(2),
            3,
            at(3),
            at(6),
            ((at(2), 1), (at(3), 3), (at(4), 2), (at(6), 0)),
            "ASTCT 2019",
        ),
        Episode("icans", PID, at(3), 1, at(3), at(5), ((at(3), 1), (at(5), 0)), "ASTCT 2019"),
        Episode(
            "neutropenia",
            PID,
            at(4),
            4,
            at(8),
            None,
            ((at(4), 2), (at(8), 4), (at(12), 3)),
            "CTCAE v5.0",
        ),
    )
    toxicity = (
        ToxicityRow(
            "crs",
            "ASTCT 2019",
            4,
            3,
            at(2),
            at(6),
            False,
            ("tocilizumab 8 mg/kg",),
            (f"{at(4).astimezone():%Y-%m-%d %H:%M}: grade 1 -> 2 (still on low-flow oxygen at night)",),
        ),
        ToxicityRow("icans", "ASTCT 2019", 2, 1, at(3), at(5), False, ("dexamethasone 10 mg",)),
        ToxicityRow("neutropenia", "CTCAE v5.0", 5, 4, at(4), None, True),
        ToxicityRow("injection_site_reaction", "", 0, None, None, None, False),
    )
    flags = (
        Flag(
            FlagRule.GRADE3_EPISODE,
            Severity.WARNING,
            "Grade 3 CRS episode (trial grade 3-4 CRS: 20 %).",
            at(3),
            PID,
            "crs",
            0.20,
            "crs",
        ),
        Flag(
            FlagRule.GRADE3_EPISODE,
            Severity.CRITICAL,
            "Grade 4 neutropenia (trial grade 3-4 neutropenia: 22 %).",
            at(8),
            PID,
            "neutropenia",
            0.22,
            "lab",
        ),
        Flag(
            FlagRule.DOSE_DURING_EPISODE,
            Severity.WARNING,
            "A dose was recorded as given on day 3 while a grade 3 CRS episode was open (protocol check).",
            at(3),
            PID,
            "crs",
            None,
            "dose",
        ),
    )
    return CycleSummary(
        patient=patient,
        cycle=cycle,
        cycle_end=START + dt.timedelta(days=34),
        doses=_doses(CycleId(3)),
        records=by_kind(crs=crs, icans=icans, lab=labs),
        episodes=episodes,
        flags=flags,
        comparisons=comparisons("SC 250/500"),
        toxicity=toxicity,
        trial=TRIAL,
        audit_count=1234,
        audit_hash=HASH,
        app_version="0.1.0",
        generated_at=dt.datetime.combine(START + dt.timedelta(days=15), dt.time(14, 30)).astimezone(),
        include_phi=include_phi,
    )


def empty_summary() -> CycleSummary:
    """A patient whose cycle has planned doses and nothing else."""
    patient = Patient("SUBJ-0001", "SC 500/1000", START, name="Quiet Patient", id=PID)
    cycle = Cycle(PID, 2, START, id=CycleId(4))
    doses = tuple(
        Dose(PID, CycleId(4), day, START + dt.timedelta(days=day - 1), 1000.0) for day in (1, 3, 5, 8, 10, 12)
    )
    toxicity = tuple(ToxicityRow(d.id, "", 0, None, None, None, False) for d in toxicities())
    return CycleSummary(
        patient=patient,
        cycle=cycle,
        cycle_end=START + dt.timedelta(days=34),
        doses=doses,
        records=by_kind(),
        episodes=(),
        flags=(),
        comparisons=(),
        toxicity=toxicity,
        trial=TRIAL,
        audit_count=0,
        audit_hash="",
        app_version="0.1.0",
        generated_at=dt.datetime.combine(START, dt.time(8)).astimezone(),
    )


def cohort_summary() -> CohortSummary:
    counts = (
        CohortCount("SC 250/500", 12, 30, 400, 420, {"crs": 3, "icans": 1, "neutropenia": 6}),
        CohortCount("SC 500/1000", 8, 18, 250, 260, {"crs": 2, "icans": 2, "neutropenia": 3}),
        CohortCount("All", 20, 48, 650, 680, {"crs": 5, "icans": 3, "neutropenia": 9}),
    )
    rows = comparisons("SC 250/500")
    return CohortSummary(
        counts=counts,
        comparisons=rows,
        trial=TRIAL,
        audit_count=77,
        audit_hash=HASH,
        app_version="0.1.0",
        generated_at=dt.datetime(2026, 4, 1, 12, tzinfo=dt.UTC).astimezone(),
    )


@pytest.fixture
def full() -> CycleSummary:
    return full_summary()


@pytest.fixture
def empty() -> CycleSummary:
    return empty_summary()


# --- The same story written through storage.Repository ---------------------------------------

NOW = at(16, 14)  # cycle day 16, 14:00 local: days 1-12 recorded, day 15 overdue, later doses planned
CHINESE_NAME = "王小明"
ACCENTED_NAME = "Zoë Ångström-Nuñez"


def saved(value: _T | None) -> _T:
    """The id of a saved record (storage always fills it in)."""
    if value is None:
        raise AssertionError("record has no id")
    return value


def _record_doses(repo: Repository, pid: PatientId) -> None:
    for dose in repo.doses(pid):
        day = dose.cycle_day
        if day == 4:
            repo.record_dose(
                saved(dose.id), DoseStatus.HELD, reason=DoseReason.ADVERSE_EVENT, reason_text="CRS grade 3"
            )
        elif day == 5:
            repo.record_dose(saved(dose.id), DoseStatus.MISSED, reason=DoseReason.PATIENT_DID_NOT_ATTEND)
        elif day <= 12:
            repo.record_dose(
                saved(dose.id),
                DoseStatus.GIVEN,
                given_at=at(day, 10),
                amount_ug=dose.planned_ug,
                site=InjectionSite.ABDOMEN_LEFT,
                lot="L-42",
            )


def _record_events(repo: Repository, pid: PatientId) -> None:
    repo.add_crs(CrsAssessment(pid, at(2), 38.6, Hypotension.NONE, Oxygen.NONE))
    repo.add_crs(
        CrsAssessment(
            pid, at(3), 39.1, Hypotension.ONE_VASOPRESSOR, Oxygen.LOW_FLOW, treatment="tocilizumab 8 mg/kg"
        )
    )
    fourth = repo.add_crs(CrsAssessment(pid, at(4), 38.4, Hypotension.NONE, Oxygen.NONE))
    repo.correct(
        "crs",
        saved(fourth.id),
        {"override_grade": 2, "override_reason": "still on oxygen at night"},
        reason="clinician review",
    )
    repo.add_crs(CrsAssessment(pid, at(6), 36.8, Hypotension.NONE, Oxygen.NONE))
    repo.add_icans(
        IcansAssessment(
            pid,
            at(3),
            Consciousness.ALERT,
            ice_items=(True,) * 8 + (False,) * 2,
            treatment="dexamethasone 10 mg",
        )
    )
    repo.add_icans(IcansAssessment(pid, at(5), Consciousness.ALERT, ice_items=(True,) * 10))
    for day, anc in ((1, 3.2), (4, 1.2), (8, 0.4), (12, 0.8), (15, 1.6)):
        repo.add_lab(LabResult(pid, at(day), anc=anc, lln=1.8))


@pytest.fixture
def stored_db(tmp_path: Path) -> Path:
    return make_stored_db(tmp_path / "reports.db")


def make_stored_db(path: Path) -> Path:
    """A database with SUBJ-0042 (every kind of event, cycle 1), SUBJ-0001 (nothing recorded, cycle 1
    starting today) and SUBJ-0088 (a Chinese name, one given dose)."""
    repo = Repository.open(path, create=True, user="tester", clock=lambda: NOW)
    try:
        busy = repo.add_patient(
            Patient("SUBJ-0042", "SC 250/500", START, name=ACCENTED_NAME, mrn="MRN-998877")
        )
        repo.start_cycle(saved(busy.id), START)
        _record_doses(repo, saved(busy.id))
        _record_events(repo, saved(busy.id))
        quiet = repo.add_patient(
            Patient("SUBJ-0001", "SC 500/1000", NOW.astimezone().date(), name="Quiet Patient")
        )
        repo.start_cycle(saved(quiet.id), NOW.astimezone().date())
        chinese = repo.add_patient(
            Patient("SUBJ-0088", "SC 500/1000", START, name=CHINESE_NAME, mrn="MRN-88")
        )
        repo.start_cycle(saved(chinese.id), START)
        first = repo.doses(saved(chinese.id))[0]
        repo.record_dose(saved(first.id), DoseStatus.GIVEN, given_at=at(1, 11), amount_ug=first.planned_ug)
    finally:
        repo.close()
    return path


@pytest.fixture(autouse=True)
def _english_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    """`toxtrack report` follows TOXTRACK_LANG (issue 20): these tests read English text back, so a
    Chinese shell or the zh_CN test run does not change them (test_zh_pdfs sets it where it means it)."""
    monkeypatch.delenv("TOXTRACK_LANG", raising=False)
