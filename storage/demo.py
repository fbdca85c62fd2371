"""`toxtrack demo --db PATH [--patients N] [--seed S]`: write a synthetic cohort through the repository."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from clinical.demo import generate_cohort
from clinical.errors import ToxTrackError
from clinical.model import PatientBundle
from clinical.toxicities import ToxicityDefinition, all_definitions, definition_of
from storage import cli_user
from storage.repository import Repository

DEFAULT_PATIENTS = 30
DEFAULT_SEED = 1
# The largest cohort ToxTrack is sized and benchmarked for (a network of sites, benchmarks/README.md);
# the whole cohort is generated in memory before one transaction, so an unbounded count (issue 12:
# --patients 1000000000) grew memory until the machine swapped.
MAX_PATIENTS = 10_000


def _arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="toxtrack demo",
        description="Write a deterministic synthetic (invented) cohort into a ToxTrack database.",
    )
    parser.add_argument("--db", required=True, help="database file (created if missing)")
    parser.add_argument(
        "--patients", type=int, default=DEFAULT_PATIENTS, help="number of patients (default 30)"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 1)")
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=None,
        help="the cohort's 'today' as YYYY-MM-DD (default: today); not after the real today",
    )
    cli_user.add_user_option(parser)
    options = parser.parse_args(list(argv))
    if not 0 <= options.patients <= MAX_PATIENTS:
        parser.error(f"--patients must be from 0 to {MAX_PATIENTS:,}")
    return options


def progress_printer(stream: TextIO) -> Callable[[int, int], None]:
    """A progress callback that prints at most about 20 lines however long the run."""
    last = (-1, -1)  # (step, done) of the last line printed

    def report(done: int, total: int) -> None:
        nonlocal last
        step = 20 * done // max(total, 1)
        if step != last[0] or (done == total and last[1] != done):
            last = (step, done)
            print(f"demo: wrote {done} of {total} patients", file=stream, flush=True)

    return report


def main(argv: Sequence[str]) -> int:
    """Generate then insert in one transaction; 0 on success, 1 with a sentence on a known error."""
    options = _arguments(argv)
    today = options.today or dt.date.today()
    print(f"demo: generating {options.patients} patients (seed {options.seed})", file=sys.stderr)
    bundles = list(generate_cohort(options.patients, options.seed, today))
    try:
        with Repository.open(options.db, create=True) as repo:
            cli_user.sign_in(repo, options.user, "enter")
            repo.bulk_insert(bundles, progress=progress_printer(sys.stderr))
            repo.sign_out()
    except ToxTrackError as error:
        print(f"toxtrack demo: {error}", file=sys.stderr)
        return 1
    print(f"demo: {len(bundles)} patients written to {options.db}", file=sys.stderr)
    print(f"demo: records written: {records_text(bundles)}", file=sys.stderr)
    return 0


def record_counts(bundles: Sequence[PatientBundle]) -> dict[str, int]:
    """Records per registered toxicity in the bundles, by definition id (every one, 0 when none): a
    typed record counts for the definition of its class, a data-defined one for its kind."""
    counts = dict.fromkeys((d.id for d in all_definitions()), 0)
    for bundle in bundles:
        for part in dataclasses.fields(bundle):
            items = getattr(bundle, part.name)
            if not isinstance(items, tuple):
                continue
            for item in items:
                definition = _definition_of(item)
                if definition is not None:
                    counts[definition.id] += 1
    return counts


def _definition_of(item: object) -> ToxicityDefinition | None:
    """The definition of a bundle's record (None: a cycle, a dose, the patient)."""
    try:
        return definition_of(item)
    except ValueError:
        return None


def records_text(bundles: Sequence[PatientBundle]) -> str:
    """ "CRS 120, ICANS 90, Neutropenia 300, Injection site reaction 14": each registered toxicity."""
    counts = record_counts(bundles)
    return ", ".join(f"{d.label} {counts[d.id]}" for d in all_definitions())
