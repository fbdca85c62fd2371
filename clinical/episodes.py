"""Episodes: consecutive graded assessments of one toxicity, from onset to the first grade 0.

An episode is the unit that incidence counts (a patient has a grade >= 3 event when any episode
peaks at 3 or more) and what the patient header shows while it is open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from clinical.model import (
    CrsAssessment,
    Episode,
    IcansAssessment,
    LabResult,
    PatientId,
    Toxicity,
)

MAX_GRADE = 5  # grade 5 (death) exists for CRS and ICANS (reference §2, §3.2)


def _check(graded: Sequence[tuple[dt.datetime, int | None]]) -> None:
    for at, grade in graded:
        if not isinstance(at, dt.datetime):
            raise ValueError(f"episode times must be datetimes (got {at!r})")
        if grade is None:
            continue
        if isinstance(grade, bool) or not isinstance(grade, int) or not 0 <= grade <= MAX_GRADE:
            raise ValueError(f"grades must be whole numbers from 0 to {MAX_GRADE} (got {grade!r})")


def build_episodes(
    toxicity: Toxicity | str,
    patient_id: PatientId,
    graded: Sequence[tuple[dt.datetime, int | None]],
    scale: str,
) -> list[Episode]:
    """Episodes from (time, effective grade) pairs of one patient and one toxicity.

    Pairs are sorted by time (ties keep their input order). An episode starts at the first
    grade >= 1, peaks at its highest grade (the first time it is reached) and resolves at the
    first later grade 0; the last one stays open when no grade 0 follows. Callers leave voided
    records out. `grades` holds the assessments from onset up to, not including, resolution.
    A grade None (not gradable, or attributed to another cause) is skipped: a missing measurement
    never opens, raises or closes an episode (issue 11).
    """
    kind = Toxicity(Toxicity.parse(toxicity, "toxicity"))
    _check(graded)
    episodes: list[Episode] = []
    current: list[tuple[dt.datetime, int]] = []

    def close(resolved_at: dt.datetime | None) -> None:
        peak = max(grade for _, grade in current)
        peak_at = next(at for at, grade in current if grade == peak)
        episodes.append(
            Episode(kind, patient_id, current[0][0], peak, peak_at, resolved_at, tuple(current), scale)
        )

    for at, grade in sorted(graded, key=lambda pair: pair[0]):
        if grade is None:
            continue
        if grade > 0:
            current.append((at, grade))
        elif current:
            close(at)
            current = []
    if current:
        close(None)
    return episodes


def _scale(records: Sequence[CrsAssessment | IcansAssessment], default: str) -> str:
    return next((r.scale for r in records if r.scale), default)


def _own(patient_id: PatientId, records: Sequence[CrsAssessment | IcansAssessment | LabResult]) -> None:
    """Refuse records of another patient rather than silently mixing or dropping them."""
    for record in records:
        if record.patient_id != patient_id:
            raise ValueError(f"record of patient {record.patient_id} passed for patient {patient_id}")


def episodes_for(
    patient_id: PatientId,
    crs: Sequence[CrsAssessment],
    icans: Sequence[IcansAssessment],
    labs: Sequence[LabResult],
) -> list[Episode]:
    """All CRS, ICANS and neutropenia episodes of one patient, ordered by onset.

    Uses effective grades (a clinician's override wins); voided records are skipped here too.
    """
    _own(patient_id, [*crs, *icans, *labs])
    crs_live = [a for a in crs if not a.voided]
    icans_live = [a for a in icans if not a.voided]
    labs_live = [lab for lab in labs if not lab.voided]
    lab_scale = next((f"CTCAE v{lab.ctcae_version}" for lab in labs_live), "CTCAE v5.0")
    episodes = [
        *build_episodes(
            Toxicity.CRS,
            patient_id,
            [(a.assessed_at, a.effective_grade) for a in crs_live],
            _scale(crs_live, "ASTCT 2019"),
        ),
        *build_episodes(
            Toxicity.ICANS,
            patient_id,
            [(a.assessed_at, a.effective_grade) for a in icans_live],
            _scale(icans_live, "ASTCT 2019"),
        ),
        *build_episodes(
            Toxicity.NEUTROPENIA,
            patient_id,
            [(lab.drawn_at, lab.grade) for lab in labs_live],
            lab_scale,
        ),
    ]
    order = list(Toxicity)
    return sorted(episodes, key=lambda e: (e.onset, order.index(e.toxicity)))
