"""ae_search_ms: median milliseconds from a keystroke in the adverse event term search to the list
repainted (issue 15)."""

from __future__ import annotations

import json
import statistics

from benchmarks.harness import Figure, Settings, checked, run_child


def measure(settings: Settings) -> Figure:
    """Runs benchmarks/ae_search_probe.py in an offscreen child (Qt stays out of the harness): the app's
    own CTCAE term field (gui.widgets.term_search.TermField, the adverse event form's type-ahead over the
    837 terms of the shipped list), QTest.keyClick into it, and the time until the completer's filtered
    model signals a change and its popup list has repainted. The terms are packaged data, the same for
    every database, so no database is opened."""
    keys = 16 if settings.quick else 48
    run = checked(
        run_child(
            [settings.python, "-m", "benchmarks.ae_search_probe", "--keys", str(keys)],
            settings.env(),
        ),
        "term search probe",
    )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    times = result["times_ms"]
    if not times:
        raise RuntimeError("no keystroke changed the term list")
    median = statistics.median(times)
    return Figure(
        "ae_search_ms",
        median,
        "<= 30",
        f"median {median:.0f} ms, max {max(times):.0f} ms over {len(times)} keys "
        f"({result['shown']} with the list shown)",
        f"(absolute, {result['terms']} terms)",
    )
