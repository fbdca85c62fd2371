"""encrypted_write_ratio and encrypted_read_ratio (issue 17): what SQLCipher costs the app.

The same pre-generated cohort is written by `repo.bulk_insert` into a fresh plain file and into a fresh
encrypted one (SQLCipher 4 defaults, the key derived once per file as the app does: storage/cipher.py),
and the cohort statistics (`cohort_comparisons(repo.cohort_counts(reuse=False))`) are read from both on
read-only repositories opened beforehand. Each figure is the median of paired runs, plain and
encrypted back to back, of encrypted time / plain time: 1.0 means encryption costs nothing.
A fifth of the benchmark's patients (2,000 full, 200 quick): each pair writes the cohort twice.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from benchmarks import cohort_db
from benchmarks.harness import Figure, Settings
from storage import cipher

PASSPHRASE = "benchmark passphrase, not a secret"
TARGET = "<= 1.3"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(settings: Settings) -> list[Figure]:
    from clinical.incidence import cohort_comparisons
    from storage import Repository

    patients = max(50, settings.patients // 5)
    bundles = cohort_db.cohort_bundles(patients)
    settings.cache.mkdir(parents=True, exist_ok=True)
    plain, encrypted = settings.cache / "enc-plain.db", settings.cache / "enc-cipher.db"
    pairs = max(2, settings.repeats // 2)
    writes: list[tuple[float, float]] = []
    try:
        for _ in range(pairs):
            cipher.remember(plain, None)
            plain_s = cohort_db.write_bundles(plain, bundles)
            cohort_db.remove_db(encrypted)
            cipher.remember(encrypted, PASSPHRASE)  # the new file is encrypted from its first page
            writes.append((plain_s, cohort_db.write_bundles(encrypted, bundles)))
        if encrypted.read_bytes()[:16] == b"SQLite format 3\x00":
            raise RuntimeError(f"{encrypted.name} was written unencrypted; the figure would be meaningless")
        reads: list[tuple[float, float]] = []
        with (
            Repository.open(plain, read_only=True) as plain_repo,
            Repository.open(encrypted, read_only=True) as cipher_repo,
        ):
            for repo in (plain_repo, cipher_repo):  # warm-up of each side
                cohort_comparisons(repo.cohort_counts(reuse=False))
            for _ in range(settings.repeats):
                reads.append(
                    (
                        _timed(lambda: cohort_comparisons(plain_repo.cohort_counts(reuse=False))),
                        _timed(lambda: cohort_comparisons(cipher_repo.cohort_counts(reuse=False))),
                    )
                )
    finally:
        for path in (plain, encrypted):
            cohort_db.remove_db(path)
            cipher.remember(path, None)
    rows = f"{patients:,} patients, {cohort_db.records(bundles):,} assessments + labs"
    return [
        _figure("encrypted_write_ratio", "bulk_insert", writes, rows),
        _figure("encrypted_read_ratio", "cohort_counts + comparisons", reads, "read-only, warm"),
    ]


def _figure(key: str, what: str, pairs: list[tuple[float, float]], note: str) -> Figure:
    plain_s = statistics.median(p for p, _ in pairs)
    cipher_s = statistics.median(c for _, c in pairs)
    return Figure(
        key,
        statistics.median(c / p for p, c in pairs),
        TARGET,
        f"{what} encrypted {cipher_s * 1000:.0f} ms",
        f"the same, plain file {plain_s * 1000:.0f} ms",
        note=f"{note}; median of {len(pairs)} paired runs; printed, not in results.json",
    )
