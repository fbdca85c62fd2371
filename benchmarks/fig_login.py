"""login_ms: median milliseconds of one password verification at sign-in with the app's own Argon2id
parameters (issue 16). Slow on purpose: 200-1000 ms makes guessing a stolen hash expensive while a
person signing in hardly waits."""

from __future__ import annotations

import statistics
import time

from benchmarks.harness import Figure, Settings
from storage import accounts

PASSWORD = "correct horse battery 1"  # 23 characters: above the app's minimum of 12


def measure(settings: Settings) -> Figure:
    """`storage.accounts.verify` (what `Repository.sign_in`, unlock and a signature check) of the
    right password against a hash made by `storage.accounts.hash_password` with `accounts.PROFILE`,
    in this process: one untimed warm-up, then 2 x repeats + 1 timed verifications (15 full, 7 quick).
    No database: the figure is the hash's cost, which does not depend on the data."""
    stored = accounts.hash_password(PASSWORD)
    if not accounts.verify(stored, PASSWORD):  # warm-up, and the hash must be the right one
        raise RuntimeError("the password did not verify against its own hash")
    times = []
    for _ in range(2 * settings.repeats + 1):
        start = time.perf_counter()
        accounts.verify(stored, PASSWORD)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    p = accounts.PROFILE
    return Figure(
        "login_ms",
        median,
        "in 200-1000",
        f"median {median:.0f} ms, min {min(times):.0f}, max {max(times):.0f} over {len(times)} "
        f"(Argon2id t={p.time_cost}, m={p.memory_cost // 1024} MiB, p={p.parallelism})",
        "(absolute)",
    )
