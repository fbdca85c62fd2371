"""cohort_stats_ratio: the cohort comparison (all regimens, three toxicities) against one raw GROUP BY."""

from __future__ import annotations

from pathlib import Path

from benchmarks.harness import Figure, Settings, paired_seconds
from storage.engine import sqlite3

# One pass over the records of every toxicity (one table since schema version 8): patients with an
# effective grade >= 3, per regimen and toxicity; the least any implementation of the comparison has
# to read.
RAW_GROUP_BY = """
SELECT p.regimen, t.kind, count(DISTINCT t.patient_id)
FROM assessment AS t JOIN patient AS p ON p.id = t.patient_id
WHERE t.effective_grade >= 3 AND t.voided = 0
GROUP BY p.regimen, t.kind
"""
# The same counts from every record, as the baseline read them while CRS, ICANS and labs had tables
# of their own: a GROUP BY over their UNION ALL could not use the partial grade >= 3 indexes, so it
# scanned every row, where the one table's GROUP BY above reads only the grade >= 3 rows from the
# partial index assessment_grade3 (about 1 % of them). Printed beside the figure for continuity.
SCAN_GROUP_BY = """
SELECT p.regimen, t.kind, count(DISTINCT t.patient_id)
FROM assessment AS t NOT INDEXED JOIN patient AS p ON p.id = t.patient_id
WHERE coalesce(t.override_grade, t.grade) >= 3 AND t.voided = 0
GROUP BY p.regimen, t.kind
"""


def measure(settings: Settings, db: Path) -> list[Figure]:
    """Both sides use one read-only connection opened before timing (opening runs the app's integrity
    quick check, which is not part of computing statistics) and are timed warm: one untimed run first, so
    scipy's import and the page cache are not in the figure; then `repeats` pairs back to back, the
    figure being the median of the per-pair ratios (harness.paired_seconds). Every app run recomputes
    (`reuse=False`)."""
    from clinical.incidence import cohort_comparisons
    from storage import Repository

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        with Repository.open(db, read_only=True, create=False) as repo:
            # reuse=False: the repository keeps its last counts while nothing is written; the figure is
            # the computation, not that memo.
            ratio, app_s, raw_s = paired_seconds(
                lambda: cohort_comparisons(repo.cohort_counts(reuse=False)),
                lambda: conn.execute(RAW_GROUP_BY).fetchall(),
                settings.repeats,
            )
            scan_ratio, scan_app_s, scan_s = paired_seconds(
                lambda: cohort_comparisons(repo.cohort_counts(reuse=False)),
                lambda: conn.execute(SCAN_GROUP_BY).fetchall(),
                settings.repeats,
            )
    finally:
        conn.close()
    return [
        Figure(
            "cohort_stats_ratio",
            ratio,
            "<= 1.0",
            f"cohort_counts + comparisons {app_s * 1000:.0f} ms",
            f"raw GROUP BY {raw_s * 1000:.1f} ms",
            note="median of per-pair ratios",
        ),
        Figure(
            "cohort_stats_scan_ratio",
            scan_ratio,
            "<= 1.0",
            f"cohort_counts + comparisons {scan_app_s * 1000:.0f} ms",
            f"raw GROUP BY reading every record {scan_s * 1000:.0f} ms",
            note="the baseline's work before schema v8, printed for comparison; not in results.json",
        ),
    ]
