"""cohort_stats_ratio: the cohort comparison (every regimen and toxicity) against one raw SQL statement
that computes the same numbers (issue 14)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from benchmarks.harness import Figure, Settings, paired_seconds
from clinical.findings import CohortCount
from clinical.toxicities import toxicities
from clinical.treatment_window import TREATMENT_EMERGENT_DAYS
from storage.connection import open_connection

# The baseline: the numbers the comparison reports, as one statement with GROUP BY that an SQL author
# would write on the app's indexes, from the definitions alone (clinical/incidence.py, CohortCount,
# clinical.treatment_window), not from storage's statement. Per regimen (and pooled as "All"): the
# live patients with a given, non-voided dose (the denominator; one seek each in the dose index), and
# per toxicity kind those whose worst treatment-emergent effective grade is 3-4 (n3, the events) or
# 5 (n5, shown apart): non-voided records at grade >= 3 (the partial index assessment_grade3, named as
# the app names it), on or after the first given dose and at most :te_days after the last (two seeks
# in dose_given per record), and worse than the grade the patient brought to treatment (the worst
# since the last grade 0 before the first dose) unless the patient recovered (a grade 0) on treatment
# before it. The benchmark checks that it returns the app's counts before timing anything.
RAW_SAME_NUMBERS = """
WITH treated AS MATERIALIZED (
    SELECT p.id, p.regimen FROM patient p
    WHERE p.voided = 0
        AND EXISTS (SELECT 1 FROM dose d WHERE d.patient_id = p.id AND d.voided = 0 AND d.status = 'given')
),
hits AS MATERIALIZED (
    SELECT a.patient_id, a.kind, a.assessed_at AS at, a.effective_grade AS g,
        (SELECT min(given_at) FROM dose
            WHERE patient_id = a.patient_id AND voided = 0 AND status = 'given') AS first_at,
        (SELECT max(given_at) FROM dose
            WHERE patient_id = a.patient_id AND voided = 0 AND status = 'given') AS last_at
    FROM assessment a INDEXED BY assessment_grade3
    WHERE a.voided = 0 AND a.effective_grade >= 3
),
worst AS (
    SELECT h.patient_id, h.kind, max(h.g) AS g FROM hits h
    WHERE h.at >= h.first_at AND julianday(h.at) <= julianday(h.last_at) + :te_days
        AND (h.g > (SELECT coalesce(max(b.effective_grade), 0) FROM assessment b
                WHERE b.kind = h.kind AND b.patient_id = h.patient_id AND b.voided = 0
                    AND b.assessed_at < h.first_at
                    AND b.assessed_at > coalesce((SELECT max(z.assessed_at) FROM assessment z
                        WHERE z.kind = h.kind AND z.patient_id = h.patient_id AND z.voided = 0
                            AND z.effective_grade = 0 AND z.assessed_at < h.first_at), ''))
            OR EXISTS (SELECT 1 FROM assessment z
                WHERE z.kind = h.kind AND z.patient_id = h.patient_id AND z.voided = 0
                    AND z.effective_grade = 0 AND z.assessed_at >= h.first_at AND z.assessed_at < h.at))
    GROUP BY h.patient_id, h.kind
),
tox AS MATERIALIZED (
    SELECT t.regimen, w.kind, sum(w.g BETWEEN 3 AND 4) AS n3, sum(w.g = 5) AS n5
    FROM worst w JOIN treated t ON t.id = w.patient_id GROUP BY t.regimen, w.kind
)
SELECT regimen, NULL AS kind, count(*) AS treated, 0 AS n3, 0 AS n5 FROM treated GROUP BY regimen
UNION ALL SELECT 'All', NULL, count(*), 0, 0 FROM treated
UNION ALL SELECT regimen, kind, 0, n3, n5 FROM tox
UNION ALL SELECT 'All', kind, 0, sum(n3), sum(n5) FROM tox GROUP BY kind
"""
PARAMS = {"te_days": TREATMENT_EMERGENT_DAYS}

# Printed beside the figure, not in results.json: the baseline of issue 14's first runs, a GROUP BY
# that counts lesser numbers (every record at grade >= 3: no treatment-emergent rule, no grade 5
# apart, no denominators), read from the partial index assessment_grade3 (about 1 % of the records) ...
GRADE3_ONLY_GROUP_BY = """
SELECT p.regimen, t.kind, count(DISTINCT t.patient_id)
FROM assessment AS t JOIN patient AS p ON p.id = t.patient_id
WHERE t.effective_grade >= 3 AND t.voided = 0
GROUP BY p.regimen, t.kind
"""
# ... and the same lesser numbers read from every record, as before schema v8, when CRS, ICANS and labs
# had tables of their own and a GROUP BY over their UNION ALL could use no partial index.
GRADE3_SCAN_GROUP_BY = """
SELECT p.regimen, t.kind, count(DISTINCT t.patient_id)
FROM assessment AS t NOT INDEXED JOIN patient AS p ON p.id = t.patient_id
WHERE coalesce(t.override_grade, t.grade) >= 3 AND t.voided = 0
GROUP BY p.regimen, t.kind
"""


def raw_counts(rows: Sequence[tuple[object, ...]]) -> dict[tuple[str, str], int]:
    """The raw statement's rows as {(regimen, "treated", "n3:KIND" or "n5:KIND"): patients}, no zeros."""
    found: dict[tuple[str, str], int] = {}
    for regimen, kind, treated, n3, n5 in rows:
        cells = [("treated", treated)] if kind is None else [(f"n3:{kind}", n3), (f"n5:{kind}", n5)]
        found.update({(str(regimen), name): int(value) for name, value in cells if value})  # type: ignore[call-overload]
    return found


def app_counts(counts: Sequence[CohortCount]) -> dict[tuple[str, str], int]:
    """The app's CohortCounts in raw_counts' shape (by storage kind; zeros left out)."""
    found: dict[tuple[str, str], int] = {}
    for count in counts:
        if count.patients_treated:
            found[(count.regimen, "treated")] = count.patients_treated
        for d in toxicities():
            for name, value in (
                (f"n3:{d.record_kind}", count.grade3plus[d.id]),
                (f"n5:{d.record_kind}", count.grade5[d.id]),
            ):
                if value:
                    found[(count.regimen, name)] = found.get((count.regimen, name), 0) + value
    return found


def measure(settings: Settings, db: Path) -> list[Figure]:
    """Both sides use one read-only connection opened before timing (opening runs the app's integrity
    quick check, which is not part of computing statistics) and are timed warm: one untimed run first, so
    scipy's import and the page cache are not in the figure; then `repeats` pairs back to back, the
    figure being the median of the per-pair ratios (harness.paired_seconds). Every app run recomputes
    (`reuse=False`) what the dashboard computes (`doses=False`: the comparison reads no dose totals).
    Before timing, the raw statement's counts must equal the app's, or the figure is not measured."""
    from clinical.incidence import cohort_comparisons
    from storage import Repository

    with Repository.open(db, read_only=True, create=False) as repo:
        # The raw side reads the file as the app's read-only session does (storage.connection: the same
        # sqlite3 module, URI and pragmas), opened after it so both find the same files beside it: a
        # plain mode=ro connection opened first left a -wal and -shm that sent the app to a private copy.
        conn = open_connection(db, read_only=True)
        try:
            # reuse=False: the repository keeps its last counts while nothing is written; the figure is
            # the computation, not that memo.
            def app() -> object:
                return cohort_comparisons(repo.cohort_counts(reuse=False, doses=False))

            expected = app_counts(repo.cohort_counts(reuse=False, doses=False))
            got = raw_counts(conn.execute(RAW_SAME_NUMBERS, PARAMS).fetchall())
            if got != expected:
                wrong = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
                raise AssertionError(f"the raw statement's counts differ from the app's at {wrong[:5]}")
            ratio, app_s, raw_s = paired_seconds(
                app, lambda: conn.execute(RAW_SAME_NUMBERS, PARAMS).fetchall(), settings.repeats
            )
            lesser = [
                paired_seconds(app, lambda sql=sql: conn.execute(sql).fetchall(), settings.repeats)
                for sql in (GRADE3_ONLY_GROUP_BY, GRADE3_SCAN_GROUP_BY)
            ]
        finally:
            conn.close()
    (index_ratio, index_app_s, index_s), (scan_ratio, scan_app_s, scan_s) = lesser
    cells = sum(1 for key in expected if key[1] != "treated")
    return [
        Figure(
            "cohort_stats_ratio",
            ratio,
            "<= 1.0",
            f"cohort_counts(doses=False) + comparisons {app_s * 1000:.1f} ms",
            f"raw statement, the same counts {raw_s * 1000:.1f} ms",
            note=f"median of per-pair ratios; the raw counts equal the app's ({cells} non-zero grade cells)",
        ),
        Figure(
            "cohort_stats_vs_grade3_index_ratio",
            index_ratio,
            "-",
            f"cohort_counts(doses=False) + comparisons {index_app_s * 1000:.1f} ms",
            f"GROUP BY of every grade >= 3 record (lesser numbers), partial index {index_s * 1000:.1f} ms",
            note="issue 14's first baseline: no treatment-emergent rule, no denominators; not saved",
        ),
        Figure(
            "cohort_stats_vs_grade3_scan_ratio",
            scan_ratio,
            "-",
            f"cohort_counts(doses=False) + comparisons {scan_app_s * 1000:.1f} ms",
            f"the same lesser GROUP BY reading every record {scan_s * 1000:.1f} ms",
            note="the baseline's work before schema v8 (lesser numbers); not in results.json",
        ),
    ]
