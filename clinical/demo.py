"""A deterministic synthetic cohort (`toxtrack demo`): realistic enough to exercise every view and flag.

Invented data only. Target rates are the trial's pooled grade 3-4 figures (data/trial.toml):
CRS ~20 %, ICANS ~17 %, neutropenia ~22 %; CRS and ICANS start in cycle 1 week 1, ANC nadirs in
cycle 1 weeks 3-4. The LLN of 1.8 x10^9/L is a made-up demo lab value, not a reference figure.
Injection site reactions follow some given doses at rates that are the demo's own choice: no source
reports them for SC blinatumomab (clinical-reference-2.md, "not found").
Delivery (issue 18): each given dose has a setting, and part of the patients spend the lead-in week
in hospital, then come to the day unit and later dose at home; a grade 3+ CRS episode is a CRS stay.
These shares are the demo's own choices, invented like the rest: no source gives an SC setting or
hospitalisation (clinical-reference-2.md §2, §3.3, "not found").

Adverse events (the adverse-event log) and ALT rises are ILLUSTRATIVE ONLY: no source gives a
per-term frequency for SC blinatumomab (clinical-reference.md §0.1 and §7, clinical-reference-2.md §2
and §7), so `DEMO_EVENTS` and `ALT_RISE` are the demo's own round choices, to exercise the log, the
serious adverse event flag and list, and the adverse event table; they are not the trial's figures and
nothing presents them as such. The terms are CTCAE v5.0 terms the clinical reference lists for this
drug's patients (clinical-reference-2.md §4: infections, sepsis, tremor, headache, dizziness, dysphasia),
each graded only with the grades CTCAE defines for it. The ULN of 40 U/L is a made-up demo lab value.
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
    PatientId,
)
from clinical.regimens import get_regimen, planned_doses, regimen_names
from clinical.toxicities import ToxicityDefinition, ToxicityRecord, all_definitions, toxicities

PLACEHOLDER = PatientId(0)  # storage replaces it (PatientBundle)
DEMO_LLN = 1.8
RECORDER = "demo"
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

# Adverse events, DEMO CHOICES (illustrative, see the module docstring): per treated patient, the chance
# of one event of the term, and the grade drawn (cumulative probability, grade). Grade >= 3 infections
# are ticked serious (hospitalisation; grade 4 also life-threatening), so the demo has a few serious
# adverse events.
DEMO_EVENTS: tuple[tuple[str, float, tuple[tuple[float, int], ...]], ...] = (
    ("Upper respiratory infection", 0.15, ((0.8, 2), (1.0, 3))),
    ("Lung infection", 0.08, ((0.4, 2), (0.9, 3), (1.0, 4))),
    ("Urinary tract infection", 0.06, ((0.7, 2), (1.0, 3))),
    ("Sepsis", 0.03, ((0.8, 3), (1.0, 4))),
    ("Tremor", 0.20, ((0.7, 1), (0.95, 2), (1.0, 3))),
    ("Headache", 0.25, ((0.6, 1), (0.95, 2), (1.0, 3))),
    ("Dizziness", 0.10, ((0.8, 1), (1.0, 2))),
    ("Dysphasia", 0.03, ((0.6, 1), (1.0, 2))),
)
INFECTION_SITES = {
    "Upper respiratory infection": "upper airway",
    "Lung infection": "lung",
    "Urinary tract infection": "urinary tract",
    "Sepsis": "blood",
}
# An ALT rise on treatment, DEMO CHOICE: a share of treated patients, as a multiple of the demo ULN.
DEMO_ALT_ULN = 40.0  # U/L, a made-up demo lab value
ALT_RISE = 0.12
ALT_MULTIPLE = ((0.6, 2), (0.9, 4), (1.0, 7))  # (cumulative probability, x ULN): grade 1, 2, 3


# The demo's signs come from small discrete sets, so each grading result is computed once:
# about a quarter of the generation time for 10,000 patients otherwise.
grade_crs = functools.lru_cache(maxsize=4096)(grading.grade_crs)
grade_icans = functools.lru_cache(maxsize=1024)(grading.grade_icans)
grade_neutropenia = functools.lru_cache(maxsize=4096)(grading.grade_neutropenia)


def _at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(hours=hour)


def _draw(rng: random.Random, table: tuple[tuple[float, int], ...]) -> int:
    r = rng.random()
    return next((grade for cumulative, grade in table if r < cumulative), 0)


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


def _window(records: list[tuple[dt.datetime, int | None]]) -> tuple[dt.datetime, dt.datetime] | None:
    """From the first grade >= 3 to the resolving grade 0 (doses in it are held)."""
    start = next((at for at, g in records if g is not None and g >= 3), None)
    end = next((at for at, g in records if g == 0 and start is not None and at > start), None)
    return None if start is None or end is None else (start, end)


def _baseline_days(cycle_starts: list[dt.date]) -> list[dt.date]:
    """Routine checks: cycle 1 days 1-8 (lead-in and step-up), day 1 of later cycles."""
    first = [cycle_starts[0] + dt.timedelta(days=d) for d in range(8)]
    return first + cycle_starts[1:]


def _toxicity(rng: random.Random, starts: list[dt.date]) -> tuple[list[CrsAssessment], list[IcansAssessment]]:
    crs_onset = _at(starts[0], rng.uniform(24 * rng.randint(0, 2) + 10, 24 * rng.randint(1, 3) + 20))
    crs = _crs_episode(crs_onset, _draw(rng, CRS_PEAK), rng)
    if len(starts) > 1 and rng.random() < 0.1:  # a mild second episode at the next cycle start
        crs += _crs_episode(_at(starts[1], 14), 1, rng)
    icans_onset = _at(starts[0], 24 * rng.randint(1, 4) + rng.uniform(8, 20))
    icans = [_icans(icans_onset + dt.timedelta(hours=12 * i), g, rng)
             for i, g in enumerate(_ramp(_draw(rng, ICANS_PEAK)))]  # fmt: skip
    busy_crs = (crs[0].assessed_at, crs[-1].assessed_at) if crs else None
    busy_icans = (icans[0].assessed_at, icans[-1].assessed_at) if icans else None
    for day in _baseline_days(starts):
        at = _at(day, 9)
        if busy_crs is None or not busy_crs[0] <= at <= busy_crs[1]:
            crs.append(_crs(at, round(rng.uniform(36.3, 37.5), 1), "none", "none", False, ""))
        if busy_icans is None or not busy_icans[0] <= at <= busy_icans[1]:
            icans.append(_icans(at, 0, rng))
    return crs, icans


def _anc_series(rng: random.Random, starts: list[dt.date]) -> list[LabResult]:
    """Weekly counts; the nadir falls in cycle 1 week 3 or 4, later cycles recover."""
    nadir_grade = _draw(rng, ANC_NADIR)
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
                    _at(start + dt.timedelta(days=day), 7.5),
                    value,
                    DEMO_LLN,
                    wbc=round(value / rng.uniform(0.45, 0.7), 1),
                    grade=grading.decided(g),
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
        values = {vital.temperature_input: celsius}
        graded = vital.grade(values)
        at = low.drawn_at + dt.timedelta(hours=hours)
        records.append(
            ToxicityRecord(
                vital.record_kind,
                PLACEHOLDER,
                at,
                values,
                grade=graded.grade,
                scale=graded.scale,
                reasons=graded.reasons,
                recorded_by=RECORDER,
            )
        )
    return records


def _outcome(
    rng: random.Random, planned: dt.date, windows: list[tuple[dt.datetime, dt.datetime]], defiant: bool
) -> tuple[DoseStatus, dt.datetime | None, DoseReason | None, str]:
    given_at = _at(planned, 9 + rng.random() * 2)
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
    cutoff = _at(today, 0)  # nothing is recorded for today yet: today's doses are due
    crs = sorted((a for a in crs if a.assessed_at < cutoff), key=lambda a: a.assessed_at)
    icans = sorted((a for a in icans if a.assessed_at < cutoff), key=lambda a: a.assessed_at)
    labs = [lab for lab in labs if lab.drawn_at < cutoff]
    windows = [w for w in (_window([(a.assessed_at, a.grade) for a in crs]),
                           _window([(a.assessed_at, a.grade) for a in icans])) if w]  # fmt: skip
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
            grade = _draw(rng, ISR_GRADE)
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


# Issue 18, the demo's own choices (invented, no source): the share of patients monitored in hospital
# for the lead-in week, the settings of later doses, and the nurse minutes of a visit.
LEAD_IN_STAY = 0.4
LATER_SETTINGS = (("day_unit", 0.35), ("outpatient", 0.15), ("home_nurse", 0.3), ("home_self", 0.2))
MINUTES = {"day_unit": (15, 35), "outpatient": (10, 25), "home_nurse": (20, 45)}
SYNTHETIC = "synthetic demo stay"


def _setting(rng: random.Random, cycle: int) -> str:
    """Cycle 1 after the lead-in: the day unit or the clinic; later cycles: any setting."""
    if cycle == 1:
        return "day_unit" if rng.random() < 0.7 else "outpatient"
    r, total = rng.random(), 0.0
    for setting, share in LATER_SETTINGS:
        total += share
        if r < total:
            return setting
    return LATER_SETTINGS[-1][0]


def _stay(admitted: dt.datetime, discharged: dt.datetime, reason: str, cutoff: dt.datetime) -> ToxicityRecord:
    values: dict[str, object] = {"stay_reason": reason, "stay_reason_text": SYNTHETIC, "icu": False}
    if discharged < cutoff:
        values["discharged_at"] = discharged
    return ToxicityRecord("hospital_stay", PLACEHOLDER, admitted, values, recorded_by=RECORDER)


def _delivery_records(
    rng: random.Random,
    cycles: tuple[tuple[Cycle, tuple[Dose, ...]], ...],
    crs: list[CrsAssessment],
    cutoff: dt.datetime,
) -> tuple[ToxicityRecord, ...]:
    """A delivery record per given dose (its `dose_id` is the dose's place in the bundle, as for the
    reactions), a lead-in stay for some patients and a CRS stay per grade 3+ CRS episode."""
    records: list[ToxicityRecord] = []
    in_hospital = rng.random() < LEAD_IN_STAY
    stays: list[tuple[dt.datetime, dt.datetime]] = []
    if in_hospital and cycles:
        start = cycles[0][0].start_date
        admitted, discharged = _at(start, 7.5), _at(start + dt.timedelta(days=rng.choice((7, 8))), 10)
        if admitted < cutoff:
            records.append(_stay(admitted, discharged, "lead_in", cutoff))
            stays.append((admitted, discharged))
    severe = _window([(a.assessed_at, a.grade) for a in crs])
    if severe is not None and severe[0] < cutoff:
        admitted, discharged = severe[0] - dt.timedelta(hours=1), severe[1] + dt.timedelta(days=1)
        records.append(_stay(admitted, discharged, "crs", cutoff))
        stays.append((admitted, discharged))
    place = 0
    for cycle, doses in cycles:
        for dose in doses:
            given = dose.given_at
            if given is not None and given < cutoff:
                inpatient = any(a <= given < b for a, b in stays)
                setting = "inpatient" if inpatient else _setting(rng, cycle.number)
                values: dict[str, object] = {"setting": setting, "given_by": "Demo nurse"}
                if setting in MINUTES:
                    values["nurse_minutes"] = float(rng.randint(*MINUTES[setting]))
                if setting == "home_self":
                    values["given_by"] = "Patient (self)"
                records.append(
                    ToxicityRecord(
                        "dose_delivery", PLACEHOLDER, given, values, DoseId(place), recorded_by=RECORDER
                    )
                )
            place += 1
    return tuple(records)


def _graded(definition: ToxicityDefinition, at: dt.datetime, values: dict[str, object]) -> ToxicityRecord:
    graded = definition.grade(values)
    return ToxicityRecord(
        definition.record_kind,
        PLACEHOLDER,
        at,
        values,
        grade=graded.grade,
        scale=graded.scale,
        reasons=graded.reasons,
        recorded_by=RECORDER,
    )


def _event_values(
    rng: random.Random, term: str, grade: int, resolved: dt.datetime | None
) -> dict[str, object]:
    """An adverse event's inputs: seriousness for a grade >= 3 infection, what was done and how it
    ended (recovered once resolved; recovering while open), the site of an infection."""
    infection = term in INFECTION_SITES
    serious: list[str] = []
    if infection and grade >= 3:
        serious = ["life_threatening", "hospitalisation"] if grade >= 4 else ["hospitalisation"]
    values: dict[str, object] = {
        "term": term,
        "grade": str(grade),
        "resolved_at": resolved,
        "serious": serious,
        "relatedness": "unlikely" if infection else rng.choice(("possible", "probable")),
        "action": "held" if grade >= 3 else "dose_not_changed",
        "outcome": "recovered" if resolved is not None else "recovering",
    }
    if infection:
        values.update(infection_site=INFECTION_SITES[term], organism="not identified")
    return values


def _adverse_events(
    rng: random.Random, cycles: tuple[tuple[Cycle, tuple[Dose, ...]], ...], cutoff: dt.datetime
) -> tuple[ToxicityRecord, ...]:
    """Illustrative adverse events and ALT rises of a treated patient (DEMO_EVENTS, ALT_RISE): each
    begins 1-20 days after a given dose, before `cutoff`; an event resolves 2-10 days later unless that
    is after `cutoff` (then it is still open)."""
    given = [d.given_at for _, doses in cycles for d in doses if d.given_at is not None]
    if not given:
        return ()
    by_kind = {d.record_kind: d for d in toxicities()}
    log, alt = by_kind["adverse_event"], by_kind["alanine_aminotransferase_increased"]
    records: list[ToxicityRecord] = []
    for term, chance, grades in DEMO_EVENTS:
        if rng.random() >= chance:
            continue
        onset = rng.choice(given) + dt.timedelta(days=rng.uniform(1, 20))
        resolved: dt.datetime | None = onset + dt.timedelta(days=rng.uniform(2, 10))
        if onset >= cutoff:
            continue
        if resolved is not None and resolved >= cutoff:
            resolved = None
        records.append(_graded(log, onset, _event_values(rng, term, _draw(rng, grades), resolved)))
    if rng.random() < ALT_RISE:
        baseline = round(rng.uniform(12, 35))
        first = min(given)
        peak = rng.choice(given) + dt.timedelta(days=rng.uniform(2, 10))
        multiple = _draw(rng, ALT_MULTIPLE)
        for at, value in ((first - dt.timedelta(hours=2), baseline), (peak, round(DEMO_ALT_ULN * multiple))):
            values: dict[str, object] = {
                "alt": float(value),
                "alt_uln": DEMO_ALT_ULN,
                "lab_source": "demo lab",
            }
            if at > first:
                values["alt_baseline"] = float(baseline)
            if at < cutoff:
                records.append(_graded(alt, at, values))
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
