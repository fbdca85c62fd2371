"""Repository role: cycles and doses (start a cycle with its planned doses, record, move)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import cast

from clinical import regimens
from clinical.choices import DoseReason, DoseStatus, InjectionSite
from clinical.errors import ValidationError
from clinical.model import (
    CrsAssessment,
    Cycle,
    CycleId,
    Dose,
    DoseId,
    IcansAssessment,
    LabResult,
    Patient,
    PatientId,
)
from clinical.toxicities import ToxicityRecord
from storage import audit, validation
from storage.cohort import FLAG_WINDOW_DAYS
from storage.repo_base import Params
from storage.repo_convert import Record, decode, encode
from storage.repo_prepare import prepare
from storage.repo_protocol import ProtocolMixin, confirmed
from storage.schema import ASSESSMENT_TABLE


class DosesMixin(ProtocolMixin):
    def start_cycle(self, pid: PatientId, start: dt.date, deviation_reason: str = "") -> Cycle:
        """The next cycle of the patient, with the regimen's planned doses inserted as rows.

        A start before the previous cycle's last planned dose + the 7-day break has passed is a
        protocol check (ProtocolCheckError) unless `deviation_reason` confirms it; the cycle then
        keeps what differed and why (audited with its insert, flagged "protocol check")."""
        self._require("enter")
        patient = self._row("patient", pid)
        enrolment = dt.date.fromisoformat(str(patient["enrolment_date"]))
        validation.planned_date("start_date", start, enrolment, self.today())
        why = validation.text("deviation_reason", deviation_reason, validation.LONG_TEXT).strip()
        with self.transaction():
            last = self._scalar("SELECT max(number) FROM cycle WHERE patient_id = ? AND voided = 0", (pid,))
            number = 1 + int(cast(int, last or 0))
            try:
                plan = regimens.planned_doses(str(patient["regimen"]), number, start)
            except ValueError:
                limit = regimens.get_regimen(str(patient["regimen"])).max_cycles
                raise ValidationError("cycle", number, f"a cycle from 1 to {limit} of this regimen") from None
            cycle = Cycle(patient_id=pid, number=number, start_date=start)
            checks = self._early_start(pid, number, start)
            cycle = replace(cycle, deviation=confirmed("start_date", start, checks, why))
            cycle = replace(cycle, id=CycleId(self._insert("cycle", cycle)))
            for planned in plan:
                dose = Dose(
                    patient_id=pid,
                    cycle_id=cast(CycleId, cycle.id),
                    cycle_day=planned.day,
                    planned_date=planned.date,
                    planned_ug=planned.dose_ug,
                )
                self._insert("dose", dose)
        return cycle

    def cycles(self, pid: PatientId) -> list[Cycle]:
        found = self._rows("SELECT * FROM cycle WHERE patient_id = ? AND voided = 0 ORDER BY number", (pid,))
        return [cast(Cycle, decode("cycle", row)) for row in found]

    def doses(
        self, pid: PatientId, cycle_id: CycleId | None = None, include_voided: bool = False
    ) -> list[Dose]:
        """The patient's doses by planned date (one cycle's when cycle_id is given)."""
        sql = "SELECT * FROM dose WHERE patient_id = ?"
        params: list[object] = [pid]
        if cycle_id is not None:
            sql += " AND cycle_id = ?"
            params.append(cycle_id)
        if not include_voided:
            sql += " AND voided = 0"
        found = self._rows(sql + " ORDER BY planned_date, cycle_day, id", params)
        return [cast(Dose, decode("dose", row)) for row in found]

    def get_dose(self, dose_id: DoseId) -> Dose:
        return cast(Dose, self.record("dose", dose_id))

    def record_dose(
        self,
        dose_id: DoseId,
        status: DoseStatus,
        *,
        given_at: dt.datetime | None = None,
        amount_ug: float | None = None,
        site: InjectionSite | None = None,
        lot: str = "",
        reason: DoseReason | None = None,
        reason_text: str = "",
        premedication: str = "",
        deviation_reason: str = "",
    ) -> Dose:
        """The first outcome of a planned dose (no reason needed); later changes go through correct().

        A given amount other than the planned one, or a given dose less than 24 h from another given
        dose of the patient, is a protocol check (ProtocolCheckError) unless `deviation_reason`
        confirms it; the dose then keeps what differed and why (audited, flagged, shown)."""
        self._require("enter")
        current = self.get_dose(dose_id)
        if current.voided or current.status is not DoseStatus.PLANNED:
            raise ValidationError(
                "status", current.status.value, "a planned dose; use a correction to change a recorded one"
            )
        if validation.choice("status", status, DoseStatus) is DoseStatus.PLANNED:
            raise ValidationError("status", status, "given, held or missed")
        outcome = replace(
            current,
            status=status,
            given_at=given_at,
            amount_ug=amount_ug,
            site=site,
            lot=lot,
            reason=reason,
            reason_text=reason_text,
            premedication=premedication,
            recorded_by=self.user,
        )
        why = validation.text("deviation_reason", deviation_reason, validation.LONG_TEXT).strip()
        checked = prepare("dose", outcome, self._enrolment(current.patient_id), self.now(), self.today())
        with self.transaction():
            dose = cast(Dose, checked)
            checks = self._outside_plan(dose)
            # the refusal names the amount when that differs (the form shows it beside the amount)
            name = checks[0][0] if checks else "given_at"
            value = dose.amount_ug if name == "amount_ug" else dose.given_at
            deviation = confirmed(name, value, [text for _, text in checks], why)
            checked = replace(dose, deviation=deviation)
            self._update("dose", dose_id, encode("dose", checked), "record", why)
        return self.get_dose(dose_id)

    def move_dose(self, dose_id: DoseId, new_date: dt.date, reason: str) -> Dose:
        """Move a planned dose to another date (only while nothing is recorded for it)."""
        self._require("enter")
        why = validation.reason(reason)
        current = self.get_dose(dose_id)
        if current.voided or current.status is not DoseStatus.PLANNED:
            raise ValidationError("status", current.status.value, "a planned dose (only those can move)")
        validation.planned_date("planned_date", new_date, self._enrolment(current.patient_id), self.today())
        with self.transaction():
            self._within_neighbours(current, new_date)
            self._update("dose", dose_id, {"planned_date": new_date.isoformat()}, "move", why)
        return self.get_dose(dose_id)

    # ---- batched reads for Today (one query per kind across all patients, not one per patient) ----

    def _by_patient(self, kind: str, sql: str, params: Params) -> dict[PatientId, list[Record]]:
        """Decoded rows grouped by patient, in the query's order (which sorts by patient first)."""
        grouped: dict[PatientId, list[Record]] = {}
        for row in self._rows(sql, params):
            grouped.setdefault(PatientId(cast(int, row["patient_id"])), []).append(decode(kind, row))
        return grouped

    def today_candidates(self, today: dt.date) -> list[PatientId]:
        """Non-voided patients, by subject id, that are on treatment or have an open flag as
        `patient_rows` counts them (a planned dose before `today`, or a grade >= 3 record since
        midnight UTC 14 days before): a superset of those with Today lines, without computing a
        list row for every patient of a network database."""
        since = dt.datetime.combine(today - dt.timedelta(days=FLAG_WINDOW_DAYS), dt.time(), dt.UTC)
        return self._ids(_CANDIDATES_SQL, {"today": today.isoformat(), "since": since.isoformat()})

    def doses_due_by(self, today: dt.date) -> dict[PatientId, list[Dose]]:
        """Every non-voided planned dose with planned_date <= today, of every non-voided patient
        (whatever their status: an overdue dose is an open flag), by patient, each list in
        `doses()` order. One query on the (status, planned_date) index."""
        sql = (
            "SELECT d.* FROM dose d JOIN patient p ON p.id = d.patient_id "
            "WHERE d.status = 'planned' AND d.planned_date <= ? AND d.voided = 0 AND p.voided = 0 "
            "ORDER BY d.patient_id, d.planned_date, d.cycle_day, d.id"
        )
        return cast(dict[PatientId, list[Dose]], self._by_patient("dose", sql, (today.isoformat(),)))

    def doses_given_between(
        self, start: dt.datetime, end: dt.datetime, pids: Sequence[PatientId] | None = None
    ) -> dict[PatientId, list[Dose]]:
        """Non-voided doses given from `start` to `end` (inclusive), by patient, in `doses()` order;
        only those of `pids` when given (then on the per-patient index, else one table scan).
        Stored times are UTC text whose lexical order is time order, so this compares text."""
        among = "" if pids is None else f"patient_id IN ({_IDS}) AND "
        sql = (
            f"SELECT * FROM dose WHERE {among}+status = 'given' AND voided = 0 AND given_at BETWEEN ? AND ? "
            "ORDER BY patient_id, planned_date, cycle_day, id"
        )
        params: list[object] = [] if pids is None else [json.dumps(list(pids))]
        params += [audit.utc_text(start), audit.utc_text(end)]
        return cast(dict[PatientId, list[Dose]], self._by_patient("dose", sql, params))

    def assessment_times(
        self, kind: str, pids: Sequence[PatientId], start: dt.datetime, end: dt.datetime
    ) -> dict[PatientId, list[dt.datetime]]:
        """When the given patients had a non-voided CRS or ICANS assessment (`kind` "crs" or
        "icans") from `start` to `end` inclusive; one query on the (patient_id, assessed_at) index."""
        sql = (
            f"SELECT patient_id, assessed_at FROM {ASSESSMENT_TABLE} "
            f"WHERE kind = ? AND patient_id IN ({_IDS}) "
            "AND assessed_at BETWEEN ? AND ? AND voided = 0 ORDER BY patient_id, assessed_at, id"
        )
        params = (kind, json.dumps(list(pids)), audit.utc_text(start), audit.utc_text(end))
        times: dict[PatientId, list[dt.datetime]] = {}
        for row in self._rows(sql, params):
            at = dt.datetime.fromisoformat(str(row["assessed_at"]))
            times.setdefault(PatientId(cast(int, row["patient_id"])), []).append(at)
        return times

    def open_episodes(self, kind: str, pids: Sequence[PatientId]) -> dict[PatientId, OpenEpisode]:
        """The open episode of one kind (`kind`: a record kind, "crs", "icans" or any graded kind)
        of each of `pids` that has one: the non-voided graded records after the patient's last
        effective grade 0 (all graded >= 1, as clinical.episodes builds an episode from onset to the
        first grade 0; a not-gradable one is left out, as there). One query on the assessment
        table's (kind, patient_id, assessed_at) index; Today lists them with the next assessment due."""
        sql = f"""
WITH zero AS (
    SELECT patient_id, max(assessed_at) AS t FROM {ASSESSMENT_TABLE}
    WHERE kind = :kind AND patient_id IN ({_IDS.replace("?", ":ids")}) AND voided = 0
        AND effective_grade = 0 GROUP BY patient_id
)
SELECT r.patient_id, min(r.assessed_at) AS onset, max(r.effective_grade) AS peak, max(r.assessed_at) AS last
FROM {ASSESSMENT_TABLE} r LEFT JOIN zero USING (patient_id)
WHERE r.kind = :kind AND r.patient_id IN ({_IDS.replace("?", ":ids")}) AND r.voided = 0
    AND r.assessed_at > coalesce(zero.t, '')
    AND r.effective_grade IS NOT NULL  -- not gradable: never opens, raises or closes an episode (issue 11)
GROUP BY r.patient_id ORDER BY r.patient_id"""
        return {
            PatientId(cast(int, row["patient_id"])): OpenEpisode(
                dt.datetime.fromisoformat(str(row["onset"])),
                cast(int, row["peak"]),
                dt.datetime.fromisoformat(str(row["last"])),
            )
            for row in self._rows(sql, {"kind": kind, "ids": json.dumps(list(pids))})
        }

    def flag_histories(self, pids: Sequence[PatientId], since: dt.datetime) -> dict[PatientId, FlagHistory]:
        """What `clinical.flags.patient_flags` needs to find every flag dated at or after `since`
        (other than overdue doses), for many patients in five queries.

        Histories are cut where no such flag can depend on what came before: an episode is built
        from its onset to the first grade 0 (clinical.episodes), so CRS, ICANS and lab records
        start at each toxicity's last grade 0 before `since` (or the first record), which keeps
        every episode that peaks or is still open at `since` whole; CRS also goes back 24 h more
        for febrile neutropenia's temperatures (febrile_neutropenia.FN_WINDOW); doses are the given ones since
        `since`. Voided records are left out (the flag rules ignore them).
        """
        # The flag rules (and the trial reference they load) are imported when flags are computed,
        # not at every start-up: the window's first paint does not need them (startup_ratio).
        from clinical.febrile_neutropenia import FN_ANC_BELOW, FN_WINDOW

        ids = json.dumps(list(pids))
        cut, fever_cut = audit.utc_text(since), audit.utc_text(since - FN_WINDOW)
        patients = {
            PatientId(cast(int, row["id"])): cast(Patient, decode("patient", row))
            for row in self._rows(f"SELECT * FROM patient WHERE id IN ({_IDS})", (ids,))
        }
        doses = self._by_patient(
            "dose",
            f"SELECT * FROM dose WHERE patient_id IN ({_IDS}) AND +status = 'given' AND voided = 0 "
            "AND given_at >= ? ORDER BY patient_id, planned_date, cycle_day, id",
            (ids, cut),
        )
        cycles = self._by_patient(
            "cycle",
            f"SELECT * FROM cycle WHERE patient_id IN ({_IDS}) AND voided = 0 AND deviation <> '' "
            "AND start_date >= ? ORDER BY patient_id, number",
            (ids, since.date().isoformat()),
        )
        params = {"ids": ids, "cut": cut, "fever_cut": fever_cut, "fn_anc": FN_ANC_BELOW}
        history = {
            kind: self._by_patient(kind, _history_sql(kind), params) for kind in ("crs", "icans", "lab")
        }
        return {
            pid: FlagHistory(
                patient,
                cast(list[Dose], doses.get(pid, [])),
                cast(list[CrsAssessment], history["crs"].get(pid, [])),
                cast(list[IcansAssessment], history["icans"].get(pid, [])),
                cast(list[LabResult], history["lab"].get(pid, [])),
                cast(list[Cycle], cycles.get(pid, [])),
            )
            for pid, patient in patients.items()
        }


_IDS = "SELECT value FROM json_each(?)"


def _history_sql(kind: str) -> str:
    """A kind's non-voided records for the patients in :ids, from the last effective grade 0
    before :cut (CRS: or from :fever_cut when that is earlier).

    Labs are many (routine counts), so a grade 0 lab that follows another grade 0 is left out too
    unless its ANC is below :fn_anc (febrile neutropenia looks at those): in an episode build it
    changes nothing (no episode is open after a grade 0), in (drawn_at, id) order as the build's
    stable sort sees it.
    """
    start = "min(coalesce(zero.t, ''), :fever_cut)" if kind == "crs" else "coalesce(zero.t, '')"
    same = f"kind = '{kind}' AND patient_id IN ({_IDS.replace('?', ':ids')}) AND voided = 0"
    kept = f"""
SELECT r.*,
    lag(r.effective_grade) OVER (PARTITION BY r.patient_id ORDER BY r.assessed_at, r.id) AS grade_before
FROM {ASSESSMENT_TABLE} r LEFT JOIN zero USING (patient_id)
WHERE r.{same} AND r.assessed_at >= {start}"""
    keep = (
        "effective_grade > 0 OR grade_before > 0 OR json_extract(inputs, '$.anc') < :fn_anc"
        if kind == "lab"
        else "1"
    )
    return f"""
WITH zero AS (
    SELECT patient_id, max(assessed_at) AS t FROM {ASSESSMENT_TABLE}
    WHERE {same} AND effective_grade = 0 AND assessed_at < :cut
    GROUP BY patient_id
), kept AS ({kept})
SELECT * FROM kept WHERE {keep} ORDER BY patient_id, assessed_at, id
"""


@dataclass(frozen=True)
class OpenEpisode:
    """An open CRS or ICANS episode as `open_episodes` finds it: onset, peak grade so far and the
    time of its latest assessment (UTC)."""

    onset: dt.datetime
    peak: int
    last_assessed: dt.datetime


@dataclass(frozen=True)
class FlagHistory:
    """One patient's records as `flag_histories` returns them (see there for what is left out)."""

    patient: Patient
    doses: list[Dose]
    crs: list[CrsAssessment]
    icans: list[IcansAssessment]
    labs: list[LabResult]
    cycles: list[Cycle] = field(default_factory=list)  # those with a confirmed protocol check
    # every data-defined kind's records (record kind -> list by time), cut as the others are
    records: dict[str, list[ToxicityRecord]] = field(default_factory=dict)

    @property
    def records_by_kind(self) -> dict[str, list[object]]:
        """Every registered kind's records by record kind, as clinical.flags takes them."""
        typed: dict[str, list[object]] = {
            "crs": list(self.crs),
            "icans": list(self.icans),
            "lab": list(self.labs),
        }
        typed.update((kind, list(records)) for kind, records in self.records.items())
        return typed


_CANDIDATES_SQL = """
SELECT id FROM patient p WHERE voided = 0 AND (
    status = 'on_treatment'
    OR id IN (SELECT patient_id FROM dose WHERE status = 'planned' AND planned_date < :today
        AND voided = 0)
    OR EXISTS (SELECT 1 FROM assessment WHERE patient_id = p.id AND assessed_at >= :since
        AND voided = 0 AND effective_grade >= 3))
ORDER BY subject_id
"""
