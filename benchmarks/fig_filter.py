"""filter_ms: median milliseconds from a keystroke in the patient search to the list updated."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

from benchmarks.harness import Figure, Settings, checked, run_child


def measure(settings: Settings, db: Path) -> Figure:
    """Runs benchmarks/filter_probe.py in an offscreen child (Qt stays out of the harness): the real
    patient list widget on the network database, QTest.keyClick into its search field, and the time until
    the table's model signals a change and the table has repainted. Any debounce the list applies before
    filtering is inside the figure."""
    keys = 16 if settings.quick else 48
    run = checked(
        run_child(
            [settings.python, "-m", "benchmarks.filter_probe", "--db", str(db), "--keys", str(keys)],
            settings.env(),
        ),
        "filter probe",
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    times = result["times_ms"]
    if not times:
        raise RuntimeError("no keystroke changed the patient list")
    median = statistics.median(times)
    return Figure(
        "filter_ms",
        median,
        "<= 30",
        f"median {median:.0f} ms, max {max(times):.0f} ms over {len(times)} keys",
        f"(absolute, {result['patients']:,} patients)",
    )
