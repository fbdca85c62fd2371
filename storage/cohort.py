"""Repository role: list and cohort queries, each one SQL statement (no per-patient Python loops).

Sized for a pooled network file (10,000 patients, 1,000,000 assessments): ids come back in one
indexed query; list rows for a batch of ids in one statement with correlated subqueries on the
(patient, time) indexes; cohort counts are GROUP BY aggregates.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, cast

from clinical import regimens
from clinical.findings import CohortCount
from clinical.model import FrozenMap, PatientId
from clinical.toxicities import toxicities
from clinical.treatment_window import TREATMENT_EMERGENT_DAYS
from storage.repo_base import RepositoryBase
from storage.repo_convert import decode_toxicity
from storage.rows import PatientRow
from storage.schema import ASSESSMENT_GRADE3, ASSESSMENT_TABLE

if TYPE_CHECKING:  # the adverse event table's module (CTCAE terms, episodes) loads when it is asked for
    from clinical.ae_table import CohortEvent, WorstCount

# `+status` keeps the planner on the per-patient dose index: the (status, planned_date) index
# would scan every overdue dose of every patient once per row.
FLAG_WINDOW_DAYS = 14

# Every toxicity's records are rows of the one assessment table (schema v8), told apart by `kind`;
# the worst-grade columns of the list (one per toxicity with a `list_column`, from the registry:
# `_rows_sql`) read it on its (kind, patient_id, assessed_at, voided, effective_grade) index.
_WORST = (
    "(SELECT max(effective_grade) FROM {table} WHERE kind = :kind_{n} AND patient_id = cur.id "
    "AND voided = 0) AS worst_{n}"
)
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
    {{worst}}
    (SELECT count(*) FROM {ASSESSMENT_TABLE} WHERE patient_id = cur.id AND voided = 0
        AND assessed_at >= :since AND effective_grade >= 3)
    + (SELECT count(*) FROM dose WHERE patient_id = cur.id AND voided = 0
        AND +status = 'planned' AND planned_date < :today) AS open_flags,
    cur.demo
FROM cur LEFT JOIN cycle c ON c.id = cur.cycle_id
ORDER BY cur.pos
"""

# Times are compared as stored text (ISO 8601, UTC "+00:00", as storage writes them), so the
# (kind, patient_id, time) index serves the range tests; only the window's end needs date arithmetic.


def _same_kind(template: str, r: str) -> str:
    """A correlated subquery over the records of the same patient and kind as row `r`."""
    return template.format(table=ASSESSMENT_TABLE, r=r)


def _baseline_worst(r: str, w: str) -> str:
    """The worst grade before the first dose since the last grade 0 before it (the part of the episode
    the patient brought to treatment), 0 if none: a grade 4 ANC still at grade 4 after the first dose
    did not emerge on treatment (clinical.flags._emergent_grade3_at: the same rule on episodes)."""
    last_zero = (
        "SELECT max(z.assessed_at) FROM {table} z WHERE z.kind = {r}.kind AND z.patient_id = {r}.patient_id "
        f"AND z.voided = 0 AND z.effective_grade = 0 AND z.assessed_at < {w}.first_at"
    )
    template = (
        "SELECT coalesce(max(b.effective_grade), 0) FROM {table} b WHERE b.kind = {r}.kind "
        f"AND b.patient_id = {{r}}.patient_id AND b.voided = 0 AND b.assessed_at < {w}.first_at "
        f"AND b.assessed_at > coalesce(({last_zero}), '')"
    )
    return f"({_same_kind(template, r)})"


def _recovered_since_first_dose(r: str, w: str) -> str:
    """A grade 0 between the first dose and this row: a new episode that began on treatment."""
    template = (
        "SELECT EXISTS (SELECT 1 FROM {table} z WHERE z.kind = {r}.kind AND z.patient_id = {r}.patient_id "
        f"AND z.voided = 0 AND z.effective_grade = 0 AND z.assessed_at >= {w}.first_at "
        "AND z.assessed_at < {r}.at)"
    )
    return f"({_same_kind(template, r)})"


# One row per regimen with the treated patients (kind NULL), and one per (regimen, kind)
# with the treated patients whose worst treatment-emergent grade of that kind is 3-4 (n3) or 5 (n5).
# Kinds are storage kinds ("crs", "lab", "injection_site_reaction", ...). What the comparison needs
# and nothing more: the dose and cycle totals of the cohort report are _DOSES_SQL, read only when asked
# for (a per-patient count of every dose was ~40 % of this statement's time; benchmarks cohort_stats_ratio).
_COHORT_SQL = f"""
WITH g3raw AS MATERIALIZED (  -- computed once, read twice below; only the rows at grade >= 3, read
    -- from the partial index assessment_grade3 (schema v7), named: the (kind, ..., effective_grade)
    -- index of v8 covers these columns too, and the planner may pick a scan of all of it; this WHERE
    -- must keep implying the index's own, or INDEXED BY fails
    SELECT kind, patient_id, assessed_at AS at, effective_grade AS g FROM {ASSESSMENT_TABLE}
        INDEXED BY assessment_grade3 WHERE {ASSESSMENT_GRADE3}
),
win AS MATERIALIZED (  -- the treatment-emergent window (clinical.treatment_window) of those
    -- patients only; min and max per patient are two seeks each in the partial index dose_given (schema v6)
    SELECT p.patient_id,
        (SELECT min(given_at) FROM dose WHERE patient_id = p.patient_id AND voided = 0 AND status = 'given')
            AS first_at,
        julianday((SELECT max(given_at) FROM dose
            WHERE patient_id = p.patient_id AND voided = 0 AND status = 'given')) + :te_days AS end_jd
    FROM (SELECT DISTINCT patient_id FROM g3raw) p
),
g3 AS (  -- treatment-emergent grade >= 3 rows: in the window, and emerging on treatment (see below)
    SELECT r.patient_id, r.kind, r.g
    FROM g3raw r JOIN win w ON w.patient_id = r.patient_id AND w.first_at IS NOT NULL
    WHERE r.at >= w.first_at AND julianday(r.at) <= w.end_jd
        -- the recovery test first: one seek, and when it holds the baseline's range is not read
        AND ({_recovered_since_first_dose("r", "w")} OR r.g > {_baseline_worst("r", "w")})
),
tox AS (  -- per regimen and kind, the patients with such a row (n) and with one at grade 5 (n5): a
    -- patient's worst is 5 exactly when they have a grade 5 row, so n - n5 are those at worst 3-4. A
    -- patient with a window has a given dose (treated). One GROUP BY: a per-patient worst first and a
    -- second GROUP BY over it cost ~10 % more VM steps and two sorts; regimen and void flag by rowid
    SELECT p.regimen, g3.kind, count(DISTINCT g3.patient_id) AS n,
        count(DISTINCT g3.patient_id) FILTER (WHERE g3.g = 5) AS n5
    FROM g3 JOIN patient p ON p.id = g3.patient_id AND p.voided = 0 GROUP BY p.regimen, g3.kind
)
SELECT p.regimen, NULL AS kind, sum(EXISTS (SELECT 1 FROM dose  -- treated: one seek each in dose_cohort
        WHERE patient_id = p.id AND voided = 0 AND status = 'given')) AS treated, 0 AS n3, 0 AS n5
FROM patient p WHERE p.voided = 0 GROUP BY p.regimen
UNION ALL
SELECT regimen, kind, 0, n - n5, n5 FROM tox
"""

# Per regimen, the cycles, given doses and doses due (planned on or before :today) of live patients
# (the cohort report's columns; "All" is their sum).
_DOSES_SQL = """
WITH d AS (  -- one pass over the covering partial index dose_cohort (schema v3), in patient order
    SELECT patient_id, count(*) FILTER (WHERE status = 'given') AS given,
        count(*) FILTER (WHERE planned_date <= :today) AS due
    FROM dose WHERE voided = 0 GROUP BY patient_id
),
c AS (SELECT patient_id, count(*) AS n FROM cycle WHERE voided = 0 GROUP BY patient_id)
SELECT p.regimen, sum(coalesce(c.n, 0)) AS cycles, sum(coalesce(d.given, 0)) AS given,
    sum(coalesce(d.due, 0)) AS due
FROM patient p LEFT JOIN d ON d.patient_id = p.id LEFT JOIN c ON c.patient_id = p.id
WHERE p.voided = 0 GROUP BY p.regimen
"""


# The first (min) and last (max) given dose of patient {p}: two seeks in the partial index dose_given
# (schema v6) per patient.
_FIRST_GIVEN = "(SELECT min(given_at) FROM dose WHERE patient_id = {p} AND voided = 0 AND status = 'given')"
_LAST_GIVEN = _FIRST_GIVEN.replace("min(", "max(")

# The adverse event table (clinical.ae_table): per regimen, kind and grade, the treated patients whose
# worst treatment-emergent effective grade of a kind is that grade, for the kinds of the
# "consecutive" episode rule (:kinds). The same rule as the grade 3-4 counts above (in the window,
# worse than the part of the episode before the first dose, or after a recovery on treatment), over
# every graded row (grade >= 1) rather than the grade >= 3 ones: the (kind, patient, time, voided,
# grade) index of schema v8 covers it. Windows only for the patients with such rows, as in _COHORT_SQL
# (a window per patient from a GROUP BY over every given dose took ~1 s more at 10,000 patients).
_WORST_SQL = f"""
WITH raw AS MATERIALIZED (
    SELECT kind, patient_id, assessed_at AS at, effective_grade AS g FROM {ASSESSMENT_TABLE}
    WHERE kind IN (SELECT value FROM json_each(:kinds)) AND voided = 0 AND effective_grade >= 1
),
win AS MATERIALIZED (  -- the treatment-emergent window of those patients only, as in _COHORT_SQL
    SELECT p.patient_id, {_FIRST_GIVEN.format(p="p.patient_id")} AS first_at,
        julianday({_LAST_GIVEN.format(p="p.patient_id")}) + :te_days AS end_jd
    FROM (SELECT DISTINCT patient_id FROM raw) p
),
emergent AS (
    SELECT r.patient_id, r.kind, max(r.g) AS g
    FROM raw r JOIN win w ON w.patient_id = r.patient_id AND w.first_at IS NOT NULL
    WHERE r.at >= w.first_at AND julianday(r.at) <= w.end_jd
        AND (r.g > {_baseline_worst("r", "w")} OR {_recovered_since_first_dose("r", "w")})
    GROUP BY r.patient_id, r.kind
)
SELECT p.regimen, e.kind, e.g AS grade, count(*) AS patients
FROM emergent e JOIN patient p ON p.id = e.patient_id AND p.voided = 0
GROUP BY p.regimen, e.kind, e.g
"""

# Every live record of the event kinds (:kinds: the adverse-event log) of treated, non-voided
# patients, with their subject id, regimen and first and last given dose (clinical.ae_table builds
# the episodes and the serious list from them).
_EVENTS_SQL = f"""
SELECT * FROM (
    SELECT a.*, p.subject_id AS subject_id_, p.regimen AS regimen_,
        {_FIRST_GIVEN.format(p="a.patient_id")} AS first_at_,
        {_LAST_GIVEN.format(p="a.patient_id")} AS last_at_
    FROM {ASSESSMENT_TABLE} a JOIN patient p ON p.id = a.patient_id AND p.voided = 0
    WHERE a.kind IN (SELECT value FROM json_each(:kinds)) AND a.voided = 0
)
WHERE first_at_ IS NOT NULL
ORDER BY patient_id, assessed_at, id
"""


@cache
def _rows_sql() -> tuple[str, tuple[tuple[str, str], ...]]:
    """The list rows' SQL with one worst-grade column per toxicity that has a patient list column
    (`ToxicityDefinition.list_column`), and those toxicities as (id, record kind), in column order."""
    listed = tuple((d.id, d.record_kind) for d in toxicities() if d.list_column)
    worst = "".join(_WORST.format(table=ASSESSMENT_TABLE, n=n) + ",\n    " for n in range(len(listed)))
    return _ROWS_SQL.replace("{worst}", worst), listed


# Rank of a search match (see patient_ids). The patterns are built once in Python: a per-row lower()
# or substr() tripled the time of a search matching every patient (benchmarks: filter_ms).
_IDS_SQL = r"""
SELECT id FROM patient
WHERE voided = 0 AND (subject_id LIKE :p ESCAPE '\' OR name LIKE :p ESCAPE '\' OR mrn LIKE :p ESCAPE '\')
ORDER BY CASE WHEN subject_id LIKE :p ESCAPE '\' THEN
    CASE WHEN subject_id LIKE :exact ESCAPE '\' OR subject_id LIKE :number ESCAPE '\' THEN 0
        WHEN subject_id LIKE :pre ESCAPE '\' OR subject_id LIKE :number_pre ESCAPE '\' THEN 1
        ELSE 2 END
    ELSE 3 END, subject_id
"""
_ALL_IDS_SQL = "SELECT id FROM patient WHERE voided = 0 ORDER BY subject_id"


# What identifies the data a cohort count was computed from: (today, newest audit id, its hash).
_MemoKey = tuple[str, int, str]


class CohortMixin(RepositoryBase):
    # The last cohort_counts result of this instance, its key and whether it holds the dose totals (see
    # cohort_counts); a class-level
    # None that each instance shadows with its own, so nothing is shared between repositories.
    _cohort_memo: tuple[_MemoKey, list[CohortCount], bool] | None = None

    def patient_ids(self, search: str = "") -> list[PatientId]:
        """Ids of non-voided patients; `search` matches subject id, name or MRN, case-insensitively
        (a substring). Matches are ranked so that what a nurse types as a subject id opens that
        subject (a network file has MRNs and names containing any 4 digits): an exact subject id,
        or its number after the site ("9999" for 044-9999), first; then subject ids starting with
        the text (or whose number does); then other subject id matches; then name and MRN matches.
        Within a rank, and without a search, by subject id."""
        if not search:
            return self._ids(_ALL_IDS_SQL)
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        patterns: dict[str, object] = {"p": f"%{escaped}%", "exact": escaped, "number": f"%-{escaped}"}
        patterns.update(pre=f"{escaped}%", number_pre=f"%-{escaped}%")
        return self._ids(_IDS_SQL, patterns)

    def has_patients(self) -> bool:
        """Whether any non-voided patient exists (the empty-file demo offer), without listing them."""
        return bool(self._scalar("SELECT EXISTS (SELECT 1 FROM patient WHERE voided = 0)"))

    def patient_rows(self, ids: Sequence[PatientId], today: dt.date) -> list[PatientRow]:
        """List rows for a batch of ids, in the order given (missing ids are skipped)."""
        since = dt.datetime.combine(today - dt.timedelta(days=FLAG_WINDOW_DAYS), dt.time(), dt.UTC)
        sql, listed = _rows_sql()
        params: dict[str, object] = {f"kind_{n}": kind for n, (_, kind) in enumerate(listed)}
        params.update(ids=json.dumps([int(i) for i in ids]), today=today.isoformat(), since=since.isoformat())
        rows = []
        for row in self._rows(sql, params):
            worst = FrozenMap({tid: row.pop(f"worst_{n}") for n, (tid, _) in enumerate(listed)})
            rows.append(PatientRow(**row, worst=worst))  # type: ignore[arg-type]
        return rows

    def cohort_counts(
        self, today: dt.date | None = None, *, reuse: bool = True, doses: bool = True
    ) -> list[CohortCount]:
        """One CohortCount per regimen (every known regimen, zeros when unused) plus "All".

        patients_treated: >= 1 dose given. grade3plus[id] (grade 3-4, what the trial counted) and
        grade5[id] (death) count treated patients only, each once, at their worst effective grade over
        non-voided treatment-emergent records (clinical.treatment_window: on or after the first given
        dose, at most 30 days after the last, and worse than the grade the patient brought to
        treatment): a death is never folded into the grade 3-4 count (issue 11). With `doses` (the
        cohort report's columns) also cycles, doses_given and doses_due (non-voided doses planned on or
        before `today`, default: the local date); without, those three are None and no dose is counted
        (the comparisons, the adverse event table and the dashboard need only the patients treated).

        With `reuse` the last result of this repository is returned again (the same list: do not
        change it) while `today` and the newest audit row are the same, so the dashboard and the PDF
        export share one computation (a result without the dose totals gains them by their own query
        when they are asked for). Every write adds an audit row, and the audit log is append-only and
        hash-chained, so (newest id, its hash) changes with any write, by this session or, as seen by a
        read-only one, by another process; the hash also tells apart a rolled-back write and the next
        one that takes its id. `reuse=False` always recomputes.
        """
        day = (today or self.today()).isoformat()
        key = self._cohort_key(day)
        memo = self._cohort_memo
        if reuse and memo is not None and memo[0] == key and (memo[2] or not doses):
            return memo[1]
        if reuse and memo is not None and memo[0] == key:
            counts = self._with_doses(memo[1], day)
        else:
            counts = self._comparison_counts(day)
            if doses:
                counts = self._with_doses(counts, day)
        self._cohort_memo = (key, counts, doses)
        return counts

    def _comparison_counts(self, day: str) -> list[CohortCount]:
        """The counts of _COHORT_SQL (dose totals None), every known regimen then the others, and "All"."""
        treated: dict[str, int] = {}
        by_kind: dict[str, dict[str, tuple[int, int]]] = {}
        for row in self._rows(_COHORT_SQL, {"te_days": TREATMENT_EMERGENT_DAYS}):
            regimen = str(row["regimen"])
            if row["kind"] is None:
                treated[regimen] = int(cast(int, row["treated"]) or 0)
            else:
                pair = (int(cast(int, row["n3"]) or 0), int(cast(int, row["n5"]) or 0))
                by_kind.setdefault(regimen, {})[str(row["kind"])] = pair
        pooled: dict[str, tuple[int, int]] = {}  # "All": the regimens' sums (patients are in one regimen)
        for kinds in by_kind.values():
            for kind, (n3, n5) in kinds.items():
                before = pooled.get(kind, (0, 0))
                pooled[kind] = (before[0] + n3, before[1] + n5)
        known = regimens.regimen_names()
        names = [*known, *sorted(set(treated) - set(known) - {"All"})]
        counts = [self._count(name, treated.get(name, 0), by_kind.get(name, {})) for name in names]
        return [*counts, self._count("All", sum(treated.values()), pooled)]

    def _with_doses(self, counts: list[CohortCount], day: str) -> list[CohortCount]:
        """`counts` with their cycles, doses given and doses due (_DOSES_SQL; "All" the sum)."""
        found = {str(r["regimen"]): r for r in self._rows(_DOSES_SQL, {"today": day})}

        def total(regimen: str, column: str) -> int:
            rows = found.values() if regimen == "All" else [found.get(regimen, {})]
            return sum(int(cast(int, r.get(column) or 0)) for r in rows)

        return [
            replace(
                c,
                cycles=total(c.regimen, "cycles"),
                doses_given=total(c.regimen, "given"),
                doses_due=total(c.regimen, "due"),
            )
            for c in counts
        ]

    def _cohort_key(self, day: str) -> _MemoKey:
        """(today, newest audit id, its hash): one rowid seek. Not the row count, which costs a scan
        of the audit index (~100 ms on a 1.5 million-row log) and adds nothing to an append-only chain."""
        head = self._rows("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
        if not head:
            return (day, 0, "")
        return (day, int(cast(int, head[0]["id"])), str(head[0]["hash"]))

    @staticmethod
    def _count(regimen: str, treated: int, by_kind: dict[str, tuple[int, int]]) -> CohortCount:
        """One regimen's counts; `by_kind`: storage kind -> (patients at worst grade 3-4, at 5),
        given to CohortCount by toxicity id for every registered toxicity (0 when none)."""

        def tox(kind: str, index: int) -> int:
            return by_kind.get(kind, (0, 0))[index]

        return CohortCount(
            regimen=regimen,
            patients_treated=treated,
            cycles=None,
            doses_given=None,
            doses_due=None,
            grade3plus={d.id: tox(d.record_kind, 0) for d in toxicities()},
            grade5={d.id: tox(d.record_kind, 1) for d in toxicities()},
        )

    # ---- the adverse event table (issue 15; clinical.ae_table) ---------------------------------------

    def worst_grade_counts(self) -> list[WorstCount]:
        """Per regimen, toxicity kind and grade 1-5, the treated patients whose worst
        treatment-emergent effective grade is that grade, for every graded toxicity of the
        "consecutive" episode rule (one query; see _WORST_SQL). Voided patients and records are out."""
        from clinical.ae_table import WorstCount

        kinds = [d.record_kind for d in toxicities() if d.episode_rule != "events"]
        params = {"kinds": json.dumps(kinds), "te_days": TREATMENT_EMERGENT_DAYS}
        return [
            WorstCount(
                str(r["regimen"]), str(r["kind"]), int(cast(int, r["grade"])), int(cast(int, r["patients"]))
            )
            for r in self._rows(_WORST_SQL, params)
        ]

    def cohort_events(self) -> list[CohortEvent]:
        """Every live record of the event kinds (the "events" episode rule: the adverse-event log) of
        treated, non-voided patients, with subject id, regimen and first and last given dose; by
        patient, then time (one query)."""
        from clinical.ae_table import CohortEvent

        kinds = [d.record_kind for d in toxicities() if d.episode_rule == "events"]
        found = []
        for row in self._rows(_EVENTS_SQL, {"kinds": json.dumps(kinds)}):
            found.append(
                CohortEvent(
                    subject_id=str(row.pop("subject_id_")),
                    regimen=str(row.pop("regimen_")),
                    first_dose=dt.datetime.fromisoformat(str(row.pop("first_at_"))),
                    last_dose=dt.datetime.fromisoformat(str(row.pop("last_at_"))),
                    record=decode_toxicity(row),
                )
            )
        return found
