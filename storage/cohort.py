"""Repository role: list and cohort queries, each one SQL statement (no per-patient Python loops).

Sized for a pooled network file (10,000 patients, 1,000,000 assessments): ids come back in one
indexed query; list rows for a batch of ids in one statement with correlated subqueries on the
(patient, time) indexes; cohort counts are GROUP BY aggregates.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import cast

from clinical import regimens
from clinical.model import CohortCount, PatientId
from storage.repo_base import RepositoryBase
from storage.rows import PatientRow
from storage.schema import GRADE3_ROWS

_EFFECTIVE = "coalesce(override_grade, grade)"
# `+status` keeps the planner on the per-patient dose index: the (status, planned_date) index
# would scan every overdue dose of every patient once per row.
FLAG_WINDOW_DAYS = 14

_ROWS_SQL = f"""
WITH wanted(pos, id) AS (SELECT key, value FROM json_each(:ids)),
cur AS (
    SELECT w.pos, p.*,
        (SELECT c.id FROM cycle c WHERE c.patient_id = p.id AND c.voided = 0
            AND c.start_date <= :today ORDER BY c.number DESC LIMIT 1) AS cycle_id
    FROM wanted w JOIN patient p ON p.id = w.id
)
SELECT cur.id, cur.subject_id, cur.name, cur.regimen, cur.status,
    c.number AS current_cycle,
    CAST(julianday(:today) - julianday(c.start_date) + 1 AS INTEGER) AS cycle_day_today,
    (SELECT max({_EFFECTIVE}) FROM crs_assessment WHERE patient_id = cur.id AND voided = 0)
        AS worst_crs,
    (SELECT max({_EFFECTIVE}) FROM icans_assessment WHERE patient_id = cur.id AND voided = 0)
        AS worst_icans,
    (SELECT max(grade) FROM lab_result WHERE patient_id = cur.id AND voided = 0)
        AS worst_neutropenia,
    (SELECT count(*) FROM crs_assessment WHERE patient_id = cur.id AND voided = 0
        AND assessed_at >= :since AND {_EFFECTIVE} >= 3)
    + (SELECT count(*) FROM icans_assessment WHERE patient_id = cur.id AND voided = 0
        AND assessed_at >= :since AND {_EFFECTIVE} >= 3)
    + (SELECT count(*) FROM lab_result WHERE patient_id = cur.id AND voided = 0
        AND drawn_at >= :since AND grade >= 3)
    + (SELECT count(*) FROM dose WHERE patient_id = cur.id AND voided = 0
        AND +status = 'planned' AND planned_date < :today) AS open_flags,
    cur.demo
FROM cur LEFT JOIN cycle c ON c.id = cur.cycle_id
ORDER BY cur.pos
"""

_COHORT_SQL = f"""
WITH d AS (  -- one pass over the covering partial index dose_cohort (schema v3), in patient order
    SELECT patient_id, count(*) FILTER (WHERE status = 'given') AS given,
        count(*) FILTER (WHERE planned_date <= :today) AS due
    FROM dose WHERE voided = 0 GROUP BY patient_id
),
c AS (SELECT patient_id, count(*) AS n FROM cycle WHERE voided = 0 GROUP BY patient_id),
g3 AS (  -- only the rows at grade >= 3, read from the partial indexes *_grade3 (schema v3): these
    -- WHERE clauses must keep implying the indexes' own, or SQLite scans the tables again
    SELECT patient_id, 1 AS crs, 0 AS icans, 0 AS neut FROM crs_assessment
        WHERE {GRADE3_ROWS["crs_assessment"]}
    UNION ALL SELECT patient_id, 0, 1, 0 FROM icans_assessment WHERE {GRADE3_ROWS["icans_assessment"]}
    UNION ALL SELECT patient_id, 0, 0, 1 FROM lab_result WHERE {GRADE3_ROWS["lab_result"]}
),
worst AS (
    SELECT patient_id, max(crs) AS crs, max(icans) AS icans, max(neut) AS neut FROM g3 GROUP BY patient_id
),
per AS (
    SELECT p.regimen, coalesce(d.given, 0) AS given, coalesce(d.due, 0) AS due,
        coalesce(c.n, 0) AS cycles,
        coalesce(d.given, 0) > 0 AS treated,
        coalesce(d.given, 0) > 0 AND coalesce(w.crs, 0) AS crs3,
        coalesce(d.given, 0) > 0 AND coalesce(w.icans, 0) AS icans3,
        coalesce(d.given, 0) > 0 AND coalesce(w.neut, 0) AS neut3
    FROM patient p
    LEFT JOIN d ON d.patient_id = p.id LEFT JOIN c ON c.patient_id = p.id
    LEFT JOIN worst w ON w.patient_id = p.id
    WHERE p.voided = 0
),
totals AS (
    SELECT regimen, sum(treated) AS treated, sum(cycles) AS cycles, sum(given) AS given,
        sum(due) AS due, sum(crs3) AS crs3, sum(icans3) AS icans3, sum(neut3) AS neut3
    FROM per GROUP BY regimen
    UNION ALL
    SELECT 'All', sum(treated), sum(cycles), sum(given), sum(due), sum(crs3), sum(icans3),
        sum(neut3)
    FROM per
)
SELECT * FROM totals
"""


# What identifies the data a cohort count was computed from: (today, newest audit id, its hash).
_MemoKey = tuple[str, int, str]


class CohortMixin(RepositoryBase):
    # The last cohort_counts result of this instance and its key (see cohort_counts); a class-level
    # None that each instance shadows with its own, so nothing is shared between repositories.
    _cohort_memo: tuple[_MemoKey, list[CohortCount]] | None = None

    def patient_ids(self, search: str = "") -> list[PatientId]:
        """Ids of non-voided patients by subject id; `search` matches subject id, name or MRN,
        case-insensitively (a substring)."""
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return self.ids(
            "SELECT id FROM patient WHERE voided = 0 AND (:s = '' OR subject_id LIKE :p ESCAPE '\\' "
            "OR name LIKE :p ESCAPE '\\' OR mrn LIKE :p ESCAPE '\\') ORDER BY subject_id",
            {"s": search, "p": pattern},
        )

    def has_patients(self) -> bool:
        """Whether any non-voided patient exists (the empty-file demo offer), without listing them."""
        return bool(self.scalar("SELECT EXISTS (SELECT 1 FROM patient WHERE voided = 0)"))

    def patient_rows(self, ids: Sequence[PatientId], today: dt.date) -> list[PatientRow]:
        """List rows for a batch of ids, in the order given (missing ids are skipped)."""
        since = dt.datetime.combine(today - dt.timedelta(days=FLAG_WINDOW_DAYS), dt.time(), dt.UTC)
        found = self.rows(
            _ROWS_SQL,
            {
                "ids": json.dumps([int(i) for i in ids]),
                "today": today.isoformat(),
                "since": since.isoformat(),
            },
        )
        return [PatientRow(**row) for row in found]  # type: ignore[arg-type]

    def cohort_counts(self, today: dt.date | None = None, *, reuse: bool = True) -> list[CohortCount]:
        """One CohortCount per regimen (every known regimen, zeros when unused) plus "All".

        patients_treated: >= 1 dose given. doses_due: non-voided doses planned on or before
        `today` (default: the local date). *_grade3plus count treated patients only, by their worst
        effective grade over non-voided records.

        With `reuse` the last result of this repository is returned again (the same list: do not
        change it) while `today` and the newest audit row are the same, so the dashboard and the PDF
        export share one computation. Every write adds an audit row, and the audit log is
        append-only and hash-chained, so (newest id, its hash) changes with any write, by this
        session or, as seen by a read-only one, by another process; the hash also tells apart a
        rolled-back write and the next one that takes its id. `reuse=False` always recomputes.
        """
        day = (today or self.today()).isoformat()
        key = self._cohort_key(day)
        if reuse and self._cohort_memo is not None and self._cohort_memo[0] == key:
            return self._cohort_memo[1]
        totals = {str(row["regimen"]): row for row in self.rows(_COHORT_SQL, {"today": day})}
        names = regimens.regimen_names() + sorted(set(totals) - set(regimens.regimen_names()) - {"All"})
        counts = [self._count(name, totals.get(name)) for name in [*names, "All"]]
        self._cohort_memo = (key, counts)
        return counts

    def _cohort_key(self, day: str) -> _MemoKey:
        """(today, newest audit id, its hash): one rowid seek. Not the row count, which costs a scan
        of the audit index (~100 ms on a 1.5 million-row log) and adds nothing to an append-only chain."""
        head = self.rows("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        if not head:
            return (day, 0, "")
        return (day, int(cast(int, head[0]["id"])), str(head[0]["hash"]))

    @staticmethod
    def _count(regimen: str, row: dict[str, object] | None) -> CohortCount:
        def value(key: str) -> int:
            return int(cast(int, row.get(key) or 0)) if row else 0

        return CohortCount(
            regimen=regimen,
            patients_treated=value("treated"),
            cycles=value("cycles"),
            doses_given=value("given"),
            doses_due=value("due"),
            crs_grade3plus=value("crs3"),
            icans_grade3plus=value("icans3"),
            neutropenia_grade3plus=value("neut3"),
        )
