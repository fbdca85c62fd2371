"""`python -m benchmarks [--quick] [--only KEY ...]`: measure each figure, print a table, save results."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks import cohort_db
from benchmarks.harness import ROOT, Figure, Settings, machine

KEYS = (
    "startup_ratio",
    "bulk_write_ratio",
    "cohort_stats_ratio",
    "filter_ms",
    "ae_search_ms",
    "pdf_ratio",
    "batch_speedup",
    "gui_rss_mb",
    "lab_import_ratio",
    "export_s",
    "login_ms",
)
# Measured and printed, but not in results.json (which holds exactly the keys): the bulk write
# against plain inserts without audit rows, the figure before issue 14 (measured with bulk_write_ratio);
# the cohort statistics against a GROUP BY of lesser numbers (every grade >= 3 record, no
# treatment-emergent rule, no denominators), from the partial index (issue 14's first baseline) and
# reading every record (the baseline before schema v8); measured with cohort_stats_ratio.
# The encrypted-file figures (issue 17, benchmarks/fig_encrypted.py) are printed after them.
EXTRA_KEYS: tuple[str, ...] = (
    "bulk_write_plain_ratio",
    "cohort_stats_vs_grade3_index_ratio",
    "cohort_stats_vs_grade3_scan_ratio",
    "encrypted_write_ratio",
    "encrypted_read_ratio",
)
# A figure measured together with another one: it runs when either is asked for.
MEASURED_WITH = {
    "bulk_write_plain_ratio": "bulk_write_ratio",
    "cohort_stats_vs_grade3_index_ratio": "cohort_stats_ratio",
    "cohort_stats_vs_grade3_scan_ratio": "cohort_stats_ratio",
    "encrypted_read_ratio": "encrypted_write_ratio",
}
RESULTS = ROOT / "benchmarks" / "results.json"


def _figures(settings: Settings) -> list[tuple[str, Callable[[], Figure | list[Figure]]]]:
    """In run order: the bulk write first, because the file it writes becomes the cached network database."""
    from benchmarks import (
        fig_ae_search,
        fig_batch,
        fig_bulk_write,
        fig_cohort_stats,
        fig_encrypted,
        fig_export,
        fig_filter,
        fig_lab_import,
        fig_login,
        fig_pdf,
        fig_startup,
    )

    def db() -> Path:
        return cohort_db.big_db(settings.cache, settings.patients)

    return [
        ("bulk_write_ratio", lambda: fig_bulk_write.measure(settings)),
        ("startup_ratio", lambda: fig_startup.measure_startup(settings, db())),
        ("gui_rss_mb", lambda: fig_startup.measure_rss(settings, db())),
        ("filter_ms", lambda: fig_filter.measure(settings, db())),
        ("ae_search_ms", lambda: fig_ae_search.measure(settings)),
        ("cohort_stats_ratio", lambda: fig_cohort_stats.measure(settings, db())),
        ("pdf_ratio", lambda: fig_pdf.measure(settings, db())),
        ("batch_speedup", lambda: fig_batch.measure(settings)),
        ("lab_import_ratio", lambda: fig_lab_import.measure(settings)),
        ("export_s", lambda: fig_export.measure(settings, db())),
        ("login_ms", lambda: fig_login.measure(settings)),
        ("encrypted_write_ratio", lambda: fig_encrypted.measure(settings)),
    ]


def run(settings: Settings, only: Sequence[str]) -> dict[str, Figure]:
    """Each figure on its own: one that fails is reported with its error and the others still run."""
    results: dict[str, Figure] = {}
    wanted = {MEASURED_WITH.get(key, key) for key in only}
    for key, measure in _figures(settings):
        if only and key not in wanted:
            continue
        print(f"{key} ...", file=sys.stderr, flush=True)
        start = time.perf_counter()
        try:
            measured = measure()
            results.update({f.key: f for f in (measured if isinstance(measured, list) else [measured])})
        except Exception as exc:  # a broken figure must not hide the others; its error is printed
            traceback.print_exc()
            note = f"{type(exc).__name__}: {exc}".splitlines()[0]
            for failed in (key, *(extra for extra, main in MEASURED_WITH.items() if main == key)):
                results[failed] = Figure(failed, None, "", "", "", note=note)
        print(f"{key} done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return results


def printed_order() -> list[str]:
    """The issue's keys, each followed by the extra figures measured with it (printed beside it)."""
    order = []
    for key in KEYS:
        order += [key, *(extra for extra in EXTRA_KEYS if MEASURED_WITH.get(extra) == key)]
    return order + [extra for extra in EXTRA_KEYS if extra not in order]


def table(results: dict[str, Figure]) -> str:
    rows = [("figure", "value", "target", "verdict", "measured", "baseline")]
    for key in printed_order():
        if key in results:
            f = results[key]
            value = "-" if f.value is None else f"{f.value:.2f}"
            rows.append((key, value, f.target, f.verdict, f.measured or f.note, f.baseline))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"{key}: {results[key].note}" for key in printed_order() if key in results and results[key].note]
    return "\n".join([*(line.rstrip() for line in lines), "", *notes])


def write_results(
    path: Path, results: dict[str, Figure], settings: Settings, load: tuple[float, float]
) -> None:
    """Exactly the issue's keys (numbers; null when a figure failed), the machine and the date. The
    1-minute load average before and after says how much else the machine was doing."""
    document: dict[str, object] = {key: results[key].value for key in KEYS if key in results}
    info = machine()
    info["patients"] = settings.patients
    info["quick"] = settings.quick
    info["load_average_before_after"] = [round(x, 2) for x in load]
    for figure in results.values():
        info.update(figure.facts)
    document["machine"] = info
    document["date"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    path.write_text(json.dumps(document, indent=2) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 patients, fewer repetitions (< 2 min)")
    parser.add_argument("--patients", type=int, help="override the cohort size")
    parser.add_argument(
        "--only", nargs="*", default=[], choices=(*KEYS, *EXTRA_KEYS), help="measure only these"
    )
    parser.add_argument("--out", type=Path, help="results file (default benchmarks/results.json)")
    options = parser.parse_args(argv)
    settings = Settings.make(options.quick, options.patients)
    load_before = os.getloadavg()[0]
    results = run(settings, options.only)
    print(table(results))
    # A quick run never replaces the committed full-run results; it goes to the (ignored) cache.
    # A partial run (--only) does not replace it either.
    default = RESULTS if not (settings.quick or options.only) else settings.cache / "results-partial.json"
    out = options.out or default
    out.parent.mkdir(parents=True, exist_ok=True)
    write_results(out, results, settings, (load_before, os.getloadavg()[0]))
    print(f"\nwritten {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    failed = [key for key, figure in results.items() if figure.value is None]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
