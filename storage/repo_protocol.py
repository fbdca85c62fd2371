"""Repository role: entries checked against the plan and against each other (issue 11).

A given amount other than planned, a given dose less than 24 h from another of the patient's and a
cycle started before the previous cycle's last planned dose + the 7-day break are protocol checks:
refused (ProtocolCheckError) unless confirmed with a reason, then stored on the dose or cycle as
`deviation` (what differed and why), audited with the write and flagged "protocol check". A moved
dose stays between its neighbours. The limits are in clinical.regimens, with their sources.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import cast

from clinical import regimens
from clinical.choices import DoseStatus
from clinical.errors import ProtocolCheckError, ValidationError
from clinical.model import Dose, PatientId
from storage import audit, validation
from storage.repo_base import RepositoryBase
from storage.repo_convert import Record


class ProtocolMixin(RepositoryBase):
    def _early_start(self, pid: PatientId, number: int, start: dt.date) -> list[str]:
        """Why starting cycle `number` on `start` is outside the plan (empty when it is not)."""
        last = self._scalar(
            "SELECT max(d.planned_date) FROM dose d JOIN cycle c ON c.id = d.cycle_id "
            "WHERE c.patient_id = ? AND c.number = ? AND c.voided = 0 AND d.voided = 0",
            (pid, number - 1),
        )
        if last is None:
            return []
        earliest = regimens.earliest_next_start(dt.date.fromisoformat(str(last)))
        if start >= earliest:
            return []
        return [
            f"cycle {number} would start on {start.isoformat()}, before cycle {number - 1}'s last planned "
            f"dose ({last}) and the {regimens.BREAK_DAYS}-day break after it have passed (the earliest "
            f"start without a protocol check is {earliest.isoformat()})."
        ]

    def _checked_against_plan(self, kind: str, record: Record, reason: str) -> Record:
        """A corrected dose keeps its confirmed exception while what differs is unchanged; a new
        difference (an amount corrected away from the plan) is confirmed by the correction's own
        reason, so it is stored and flagged as when recorded; none left clears it."""
        if kind != "dose":
            return record
        dose = cast(Dose, record)
        checks = " ".join(_sentence(text) for _, text in self._outside_plan(dose))
        if not checks:
            return replace(dose, deviation="")
        if dose.deviation.startswith(checks):
            return dose
        return replace(
            dose,
            deviation=validation.text("deviation", f"{checks} Reason given: {reason}", validation.LONG_TEXT),
        )

    def _outside_plan(self, dose: Dose) -> list[tuple[str, str]]:
        """(field, why) for each way a given dose is outside the plan: its amount, or another given
        dose of the patient less than 24 h away."""
        if dose.status is not DoseStatus.GIVEN or dose.given_at is None or dose.amount_ug is None:
            return []
        checks: list[tuple[str, str]] = []
        if regimens.amount_differs(dose.amount_ug, dose.planned_ug):
            checks.append((
                "amount_ug",
                f"the amount given ({dose.amount_ug:g} µg) is not the {dose.planned_ug:g} µg planned "
                f"for cycle day {dose.cycle_day}.",
            ))  # fmt: skip
        others = self._rows(
            "SELECT given_at FROM dose WHERE patient_id = ? AND id <> ? AND status = 'given' AND voided = 0",
            (dose.patient_id, dose.id),
        )
        near = regimens.too_close(
            dose.given_at, [dt.datetime.fromisoformat(str(r["given_at"])) for r in others]
        )
        if near is not None:
            hours = regimens.MIN_DOSE_INTERVAL.total_seconds() / 3600
            checks.append((
                "given_at",
                f"another dose of this patient was given at {audit.utc_text(near)[:16].replace('T', ' ')} "
                f"UTC, less than {hours:g} h from this one.",
            ))  # fmt: skip
        return checks

    def _within_neighbours(self, dose: Dose, new_date: dt.date) -> None:
        """A moved dose stays after the patient's previous planned dose and before the next (in
        cycle and day order), so the doses keep the regimen's order; ValidationError otherwise."""
        order = self._rows(
            "SELECT d.id, d.planned_date FROM dose d JOIN cycle c ON c.id = d.cycle_id "
            "WHERE d.patient_id = ? AND d.voided = 0 AND c.voided = 0 ORDER BY c.number, d.cycle_day, d.id",
            (dose.patient_id,),
        )
        at = next(i for i, r in enumerate(order) if r["id"] == dose.id)
        before = str(order[at - 1]["planned_date"]) if at > 0 else None
        after = str(order[at + 1]["planned_date"]) if at + 1 < len(order) else None
        day = new_date.isoformat()
        if (before is not None and day <= before) or (after is not None and day >= after):
            allowed = " and ".join(
                text
                for text in (
                    f"after {before} (the previous planned dose)" if before else "",
                    f"before {after} (the next planned dose)" if after else "",
                )
                if text
            )
            raise ValidationError("planned_date", new_date, f"a date {allowed}")


def confirmed(field: str, value: object, checks: list[str], reason: str) -> str:
    """The text stored for confirmed protocol checks ('' when there are none); refused without a reason."""
    if not checks:
        return ""
    if not reason:
        raise ProtocolCheckError(field, value, checks)
    text = " ".join(_sentence(check) for check in checks) + f" Reason given: {reason}"
    return validation.text("deviation", text, validation.LONG_TEXT)


def _sentence(check: str) -> str:
    return check[0].upper() + check[1:]
