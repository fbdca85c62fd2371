"""Electronic signatures of a patient-cycle (issue 16; 21 CFR Part 11 §11.50, §11.70, §11.200).

A signature holds the signer's printed name and user id, the UTC time, its meaning and the SHA-256
of the signed content: the cycle's records in canonical form (`cycle_content`): the patient, the
cycle, its doses and every record of any registered kind whose time falls in the cycle's days,
voided ones included. Any later change to one of them changes the hash, so the signature reads
void ("changed after signing") whether or not the write that changed it voided it explicitly; it is
linked to its cycle's row and its hash covers that cycle's id, so it cannot be copied to another.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from clinical.model import Cycle, Dose, Patient
from clinical.regimens import get_regimen
from clinical.toxicities import all_definitions

MEANING = "Reviewed and approved: doses, toxicity grades and flags of this cycle"
VOID_TEXT = "signature void: changed after signing - re-sign"


@dataclass(frozen=True)
class Signature:
    """One signature as stored, with whether its content still matches (`valid`)."""

    id: int
    cycle_id: int
    user_id: str
    printed_name: str
    signed_at: dt.datetime  # UTC
    meaning: str
    content_hash: str
    voided: bool
    void_reason: str
    matches: bool  # the cycle's records hash as they did when signed

    @property
    def valid(self) -> bool:
        return self.matches and not self.voided

    @property
    def manifestation(self) -> str:
        """§11.50: printed name, date and time, meaning: what the window and the PDF show."""
        when = self.signed_at.strftime("%Y-%m-%d %H:%M UTC")
        text = f"Signed by {self.printed_name} ({self.user_id}), {when}: {self.meaning}"
        return text if self.valid else f"{text}.\n{VOID_TEXT}"


def cycle_window(patient: Patient, cycle: Cycle, cycles: Sequence[Cycle]) -> tuple[dt.date, dt.date]:
    """The cycle's calendar days (local dates): from its start to its regimen's end or the day before
    the next cycle starts."""
    end = cycle.start_date + dt.timedelta(days=get_regimen(patient.regimen).cycle_length_days - 1)
    later = [c.start_date for c in cycles if c.number > cycle.number and c.start_date > cycle.start_date]
    return cycle.start_date, min([end, *(d - dt.timedelta(days=1) for d in later)])


def cycle_content(
    patient: Patient,
    cycle: Cycle,
    cycles: Sequence[Cycle],
    doses: Sequence[Dose],
    by_kind: Mapping[str, Sequence[object]],
) -> str:
    """The canonical text a signature's hash covers (every record voided or not)."""
    first, last = cycle_window(patient, cycle, cycles)
    records = {
        d.record_kind: [
            dataclasses.asdict(r)  # type: ignore[call-overload]
            for r in by_kind.get(d.record_kind, ())
            if first <= d.at(r).astimezone().date() <= last
        ]
        for d in all_definitions()
    }
    content = {
        "patient": dataclasses.asdict(patient),
        "cycle": dataclasses.asdict(cycle),
        "doses": [dataclasses.asdict(d) for d in doses if d.cycle_id == cycle.id],
        "records": records,
    }
    # one spelling: sorted keys, no spaces; dates, times and enums as their text
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
