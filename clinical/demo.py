"""A deterministic synthetic cohort (`toxtrack demo`): realistic enough to exercise every view and flag.

Invented data only. Target rates are the trial's pooled grade 3-4 figures (data/trial.toml):
CRS ~20 %, ICANS ~17 %, neutropenia ~22 %; CRS and ICANS start in cycle 1 week 1, ANC nadirs in
cycle 1 weeks 3-4. The LLN of 1.8 x10^9/L is a made-up demo lab value, not a reference figure.
Injection site reactions follow some given doses at rates that are the demo's own choice: no source
reports them for SC blinatumomab (clinical-reference-2.md, "not found").

Two parts draw from generators of their own, so the rest of the cohort stays as it was without them:
delivery settings and hospital stays (issue 18, `clinical.demo_delivery`, invented shares) and adverse
events with ALT rises (issue 15, `clinical.demo_events`). Those adverse events are ILLUSTRATIVE ONLY, the
demo's own round choices and not the trial's figures; nothing presents them as such.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Iterator

from clinical import grading
from clinical.choices import (
    Consciousness,
    DoseReason,
    DoseStatus,
    Hypotension,
    InjectionSite,
    Oxygen,
    PatientStatus,
    Seizure,
    Sex,
)
from clinical.demo_base import PLACEHOLDER, RECORDER, at_hour, draw, grade3_window, graded_record
from clinical.demo_delivery import delivery_records as _delivery_records
from clinical.demo_events import adverse_events as _adverse_events
from clinical.grade_result import decided
from clinical.model import (
    CrsAssessment,
    Cycle,
    CycleId,
    Dose,
    DoseId,
    IcansAssessment,
    LabResult,
    Patient,
    PatientBundle,
)
from clinical.regimens import get_regimen, planned_doses, regimen_names
from clinical.toxicities import ToxicityDefinition, ToxicityRecord, all_definitions, toxicities

# The issue 15 and 18 parts, bound to private names that `_bundle` looks up when it runs (a test swaps
# `_adverse_events` out to compare the cohort without the events).

DEMO_LLN = 1.8
SITES = tuple(InjectionSite)
# Peak-grade distributions per patient: (cumulative probability, grade); the grade 3+ shares
# match the trial's pooled rates (20 % CRS, 17 % ICANS, 22 % neutropenia). The nadir share is a
# little higher because patients who started less than 2 weeks ago have not reached it yet.
CRS_PEAK = ((0.04, 4), (0.20, 3), (0.36, 2), (0.62, 1))
ICANS_PEAK = ((0.03, 4), (0.17, 3), (0.26, 2), (0.40, 1))
ANC_NADIR = ((0.085, 4), (0.235, 3), (0.50, 2), (0.65, 1))
ANC_BY_GRADE = {4: (0.1, 0.49), 3: (0.5, 0.99), 2: (1.0, 1.49), 1: (1.5, 1.79), 0: (1.8, 2.6)}
FIRST = ("Ana", "José", "Zoë", "Søren", "Amélie", "Łukasz", "Chloé", "Mateo", "Noor", "Emma")
LAST = ("García", "Müller", "Brontë", "Nuñez", "Kowalski", "O'Neill", "Smith", "Dubois")
CHINESE = ("王小明", "李娜", "张伟", "陈静")
HELD_REASONS = (
    (DoseReason.HOSPITALISED, "admitted with infection"),
    (DoseReason.CLINICIAN_DECISION, "held pending review"),
    (DoseReason.DRUG_UNAVAILABLE, "pharmacy delivery delayed"),
)
MISSED_REASONS = (
    (DoseReason.PATIENT_DID_NOT_ATTEND, "did not attend"),
    (DoseReason.PATIENT_DECLINED, "declined today's injection"),
)

# Injection site reactions, DEMO CHOICES (synthetic data; no published SC blinatumomab figure exists,
# clinical-reference-2.md §2): a reaction follows about 1 given dose in 12, mostly grade 1-2, rarely
# grade 3; it is assessed 4-20 hours after the injection and resolves (grade 0) 1-3 days later.
ISR_PER_DOSE = 1 / 12
ISR_GRADE = ((0.01, 3), (0.28, 2), (1.0, 1))  # (cumulative probability, grade)


# The demo's signs come from small discrete sets, so each grading result is computed once:
# about a quarter of the generation time for 10,000 patients otherwise.
grade_crs = functools.lru_cache(maxsize=4096)(grading.grade_crs)
grade_icans = functools.lru_cache(maxsize=1024)(grading.grade_icans)
grade_neutropenia = functools.lru_cache(maxsize=4096)(grading.grade_neutropenia)


def _ramp(peak: int) -> list[int]:
    """Grades of an episode: up to the peak, down again, resolved (grade 0)."""
    if peak == 0:
        return []
    return [*range(1, peak + 1), *range(peak - 1, 1, -1), 0] if peak > 1 else [1, 1, 0]


def _crs_signs(grade: int, masked: bool, rng: random.Random) -> tuple[float, str, str]:
    """(temperature, hypotension, oxygen) that grade to `grade` under ASTCT 2019."""
    fever = round(rng.uniform(38.0, 39.8), 1)
    temp = round(rng.uniform(36.4, 37.6), 1) if masked or grade == 0 else fever
    hyp, oxy = "none", "none"
    if grade >= 2:
        level = ["fluids", "one_vasopressor", "multiple_vasopressors"][grade - 2]
        oxygen = ["low_flow", "high_flow", "positive_pressure"][grade - 2]
        hyp, oxy = (level, "none") if rng.random() < 0.6 else ("none", oxygen)
    return temp, hyp, oxy


def _crs(at: dt.datetime, temp: float, hyp: str, oxy: str, masked: bool, treat: str) -> CrsAssessment:
    g = grade_crs(temp, hyp, oxy, masked)
    return CrsAssessment(
        PLACEHOLDER, at, temp, Hypotension(hyp), Oxygen(oxy), masked, treat,
        g.grade, g.scale, g.reasons, recorded_by=RECORDER,
    )  # fmt: skip


def _crs_episode(start: dt.datetime, peak: int, rng: random.Random) -> list[CrsAssessment]:
    out, masked = [], False
    for step, grade in enumerate(_ramp(peak)):
        temp, hyp, oxy = _crs_signs(grade, masked, rng)
        treat = "tocilizumab 8 mg/kg" if grade >= 2 and not masked else ""
        out.append(_crs(start + dt.timedelta(hours=8 * step), temp, hyp, oxy, masked, treat))
        masked = masked or bool(treat)
    return out


def _icans_signs(grade: int, rng: random.Random) -> tuple[int | None, Consciousness, Seizure]:
    if grade == 4:
        return None, Consciousness.UNAROUSABLE, Seizure.NONE
    if grade == 3 and rng.random() < 0.3:
        return 6, Consciousness.ALERT, Seizure.RAPIDLY_RESOLVING
    score = {0: 10, 1: rng.randint(7, 9), 2: rng.randint(3, 6), 3: rng.randint(0, 2)}[grade]
    level = Consciousness.AWAKENS_TO_TOUCH if grade == 3 else Consciousness.ALERT
    return score, level, Seizure.NONE


def _icans(at: dt.datetime, grade: int, rng: random.Random) -> IcansAssessment:
    score, level, seizure = _icans_signs(grade, rng)
    items = None if score is None else tuple(i < score for i in range(10))
    g = grade_icans(score, level, seizure)
    return IcansAssessment(
        PLACEHOLDER, at, level, items, "unarousable" if items is None else "", seizure,
        treatment="dexamethasone 10 mg" if grade >= 2 else "",
        grade=g.grade, scale=g.scale, reasons=g.reasons, recorded_by=RECORDER,
    )  # fmt: skip


def _baseline_days(cycle_starts: list[dt.date]) -> list[dt.date]:
    """Routine checks: cycle 1 days 1-8 (lead-in and step-up), day 1 of later cycles."""
    first = [cycle_starts[0] + dt.timedelta(days=d) for d in range(8)]
    return first + cycle_starts[1:]


def _toxicity(rng: random.Random, starts: list[dt.date]) -> tuple[list[CrsAssessment], list[IcansAssessment]]:
    crs_onset = at_hour(starts[0], rng.uniform(24 * rng.randint(0, 2) + 10, 24 * rng.randint(1, 3) + 20))
    crs = _crs_episode(crs_onset, draw(rng, CRS_PEAK), rng)
    if len(starts) > 1 and rng.random() < 0.1:  # a mild second episode at the next cycle start
        crs += _crs_episode(at_hour(starts[1], 14), 1, rng)
    icans_onset = at_hour(starts[0], 24 * rng.randint(1, 4) + rng.uniform(8, 20))
    icans = [_icans(icans_onset + dt.timedelta(hours=12 * i), g, rng)
             for i, g in enumerate(_ramp(draw(rng, ICANS_PEAK)))]  # fmt: skip
    busy_crs = (crs[0].assessed_at, crs[-1].assessed_at) if crs else None
    busy_icans = (icans[0].assessed_at, icans[-1].assessed_at) if icans else None
    for day in _baseline_days(starts):
        at = at_hour(day, 9)
        if busy_crs is None or not busy_crs[0] <= at <= busy_crs[1]:
            crs.append(_crs(at, round(rng.uniform(36.3, 37.5), 1), "none", "none", False, ""))
        if busy_icans is None or not busy_icans[0] <= at <= busy_icans[1]:
            icans.append(_icans(at, 0, rng))
    return crs, icans


def _anc_series(rng: random.Random, starts: list[dt.date]) -> list[LabResult]:
    """Weekly counts; the nadir falls in cycle 1 week 3 or 4, later cycles recover."""
    nadir_grade = draw(rng, ANC_NADIR)
    baseline = rng.uniform(2.0, 4.5)
    nadir_day = rng.choice((14, 21))
    labs = []
    for number, start in enumerate(starts, 1):
        for day in (0, 7, 14, 21, 28):
            if number == 1 and day == nadir_day:
                anc = rng.uniform(*ANC_BY_GRADE[nadir_grade])
            elif number == 1 and day > 0:
                anc = rng.uniform(1.6, baseline)
            else:
                anc = rng.uniform(1.7, 4.5)
            value = round(anc, 2)
            g = grade_neutropenia(value, DEMO_LLN)
            labs.append(
                LabResult(
                    PLACEHOLDER,
                    at_hour(start + dt.timedelta(days=day), 7.5),
                    value,
                    DEMO_LLN,
                    wbc=round(value / rng.uniform(0.45, 0.7), 1),
                    grade=decided(g),
                    ctcae_version="5.0",
                    reasons=g.reasons,
                    recorded_by=RECORDER,
                )
            )
    return labs


def _febrile(rng: random.Random, labs: list[LabResult]) -> list[ToxicityRecord]:
    """For some neutropenic patients, a fever charted as a vital sign within hours of the low count
    and the normal temperature that follows (febrile neutropenia, clinical/flags.py). The fever is
    not a CRS assessment: a fever alone would grade CRS 1 (issue 11)."""
    low = next((lab for lab in labs if lab.anc < 1.0), None)
    if low is None or rng.random() > 0.2:
        return []
    vital = next(d for d in all_definitions() if not d.graded and d.temperature_input)
    records = []
    for hours, celsius in ((5, 38.7), (20, 37.0)):
        values: dict[str, object] = {vital.temperature_input: celsius}
        records.append(graded_record(vital, low.drawn_at + dt.timedelta(hours=hours), values))
    return records


def _outcome(
    rng: random.Random, planned: dt.date, windows: list[tuple[dt.datetime, dt.datetime]], defiant: bool
) -> tuple[DoseStatus, dt.datetime | None, DoseReason | None, str]:
    given_at = at_hour(planned, 9 + rng.random() * 2)
    if any(a <= given_at < b for a, b in windows) and not defiant:
        return DoseStatus.HELD, None, DoseReason.ADVERSE_EVENT, "held during grade 3+ episode"
    r = rng.random()
    if r < 0.03:
        return DoseStatus.HELD, None, *rng.choice(HELD_REASONS)
    if r < 0.05:
        return DoseStatus.MISSED, None, *rng.choice(MISSED_REASONS)
    return DoseStatus.GIVEN, given_at, None, ""


def _doses(
    rng: random.Random, regimen: str, starts: list[dt.date], today: dt.date,
    windows: list[tuple[dt.datetime, dt.datetime]], overdue: bool,
) -> tuple[tuple[Cycle, tuple[Dose, ...]], ...]:  # fmt: skip
    defiant = rng.random() < 0.25  # some grade 3+ patients get a dose recorded during the episode
    out = []
    for number, start in enumerate(starts, 1):
        doses = []
        for plan in planned_doses(regimen, number, start):
            status, given_at, reason, text = DoseStatus.PLANNED, None, None, ""
            recent = today - dt.timedelta(days=7) <= plan.date
            if plan.date < today and not (overdue and recent):
                status, given_at, reason, text = _outcome(rng, plan.date, windows, defiant)
            doses.append(
                Dose(
                    PLACEHOLDER,
                    CycleId(0),
                    plan.day,
                    plan.date,
                    plan.dose_ug,
                    status,
                    given_at,
                    plan.dose_ug if given_at else None,
                    SITES[int(rng.random() * len(SITES))] if given_at else None,
                    f"LOT{1000 + int(rng.random() * 9000)}" if given_at else "",
                    reason,
                    text,
                    recorded_by=RECORDER if status != DoseStatus.PLANNED else "",
                )
            )
        out.append((Cycle(PLACEHOLDER, number, start), tuple(doses)))
    return tuple(out)


def _patient(index: int, rng: random.Random, regimen: str, enrolled: dt.date) -> Patient:
    site, number = 44 + index // 9999, index % 9999 + 1
    name = rng.choice(CHINESE) if rng.random() < 0.1 else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return Patient(
        f"{site:03d}-{number:04d}", regimen, enrolled, rng.choice([Sex.FEMALE, Sex.MALE]),
        rng.randint(1945, enrolled.year - 18), name, f"MRN{rng.randint(100000, 999999)}", demo=True,
    )  # fmt: skip


def _bundle(index: int, rng: random.Random, today: dt.date, seed: int = 0) -> PatientBundle:
    regimen = rng.choices(regimen_names(), weights=(36, 52) if len(regimen_names()) == 2 else None)[0]
    spec = get_regimen(regimen)
    days_ago = rng.choice((0, 7, 9, 14, 37)) if index % 25 == 0 else rng.randint(1, 600)
    start1 = today - dt.timedelta(days=days_ago)
    planned_cycles = rng.randint(spec.min_cycles, spec.max_cycles)
    starts = [start1 + dt.timedelta(days=spec.cycle_length_days * k) for k in range(planned_cycles)]
    starts = [s for s in starts if s <= today]
    patient = _patient(index, rng, regimen, start1 - dt.timedelta(days=rng.randint(0, 14)))
    crs, icans = _toxicity(rng, starts)
    labs = _anc_series(rng, starts)
    fevers = _febrile(rng, labs)
    cutoff = at_hour(today, 0)  # nothing is recorded for today yet: today's doses are due
    crs = sorted((a for a in crs if a.assessed_at < cutoff), key=lambda a: a.assessed_at)
    icans = sorted((a for a in icans if a.assessed_at < cutoff), key=lambda a: a.assessed_at)
    labs = [lab for lab in labs if lab.drawn_at < cutoff]
    windows = [w for w in (grade3_window([(a.assessed_at, a.grade) for a in crs]),
                           grade3_window([(a.assessed_at, a.grade) for a in icans])) if w]  # fmt: skip
    last_dose_day = starts[-1] + dt.timedelta(days=max(spec.later_cycle_days) - 1)
    finished = len(starts) == planned_cycles and last_dose_day < today
    overdue = not finished and rng.random() < 0.1
    cycles = _doses(rng, regimen, starts, today, windows, overdue)
    status = PatientStatus.COMPLETED if finished else PatientStatus.ON_TREATMENT
    reason = ""
    if finished and planned_cycles == spec.min_cycles and rng.random() < 0.3:
        status, reason = PatientStatus.DISCONTINUED, "disease progression"
    patient = Patient(**{**patient.__dict__, "status": status, "status_reason": reason})
    # The reactions draw from a generator of their own, so the rest of the cohort stays as it was.
    reactions = _isr_records(random.Random(f"injection-site:{seed}:{index}"), cycles, cutoff)
    # Delivery and stays, and adverse events, draw from generators of their own too (issues 18, 15).
    care = _delivery_records(random.Random(f"delivery:{seed}:{index}"), cycles, crs, cutoff)
    events = _adverse_events(random.Random(f"adverse-events:{seed}:{index}"), cycles, cutoff)
    records = (*reactions, *(r for r in fevers if r.assessed_at < cutoff), *care, *events)
    return PatientBundle(patient, cycles, tuple(crs), tuple(icans), tuple(labs), records=records)


def _dose_linked_definitions() -> tuple[ToxicityDefinition, ...]:
    """The registered toxicities graded by picking a sentence and following one dose (injection site
    reaction): the demo writes records for each of them, through `PatientBundle.records`."""
    return tuple(
        d for d in toxicities() if d.links_dose and any(spec.type == "grade_pick" for spec in d.inputs)
    )


def _isr_records(
    rng: random.Random, cycles: tuple[tuple[Cycle, tuple[Dose, ...]], ...], cutoff: dt.datetime
) -> tuple[ToxicityRecord, ...]:
    """Reactions after some given doses, each with its resolving grade 0. A record's `dose_id` is the
    dose's place in the bundle (0 = the first dose of the first cycle), which storage replaces by the
    saved dose's id, as it replaces the placeholder patient and cycle ids."""
    records: list[ToxicityRecord] = []
    doses = [dose for _, cycle_doses in cycles for dose in cycle_doses]
    for definition in _dose_linked_definitions():
        for place, dose in enumerate(doses):
            if dose.given_at is None or rng.random() >= ISR_PER_DOSE:
                continue
            grade = draw(rng, ISR_GRADE)
            seen = dose.given_at + dt.timedelta(hours=rng.uniform(4, 20))
            settled = seen + dt.timedelta(days=rng.randint(1, 3))
            for at, value in ((seen, grade), (settled, 0)):
                if at < cutoff:
                    graded = definition.grade({"grade": str(value)})
                    records.append(
                        ToxicityRecord(
                            definition.record_kind,
                            PLACEHOLDER,
                            at,
                            {"grade": str(value)},
                            DoseId(place),
                            graded.grade,
                            graded.scale,
                            graded.reasons,
                            recorded_by=RECORDER,
                        )
                    )
    return tuple(sorted(records, key=lambda r: r.assessed_at))


def generate_cohort(n_patients: int, seed: int, today: dt.date) -> Iterator[PatientBundle]:
    """`n_patients` synthetic patients; the same (n_patients, seed, today) gives the same cohort."""
    if isinstance(n_patients, bool) or not isinstance(n_patients, int) or n_patients < 0:
        raise ValueError(f"n_patients must be a whole number of 0 or more (got {n_patients!r})")
    if isinstance(today, dt.datetime) or not isinstance(today, dt.date):
        raise ValueError(f"today must be a date (got {today!r})")
    rng = random.Random(seed)
    for index in range(n_patients):
        yield _bundle(index, rng, today, seed)
