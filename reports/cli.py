"""`toxtrack report ...`: cycle summaries, the cohort report, and every patient-cycle in parallel.

The database is always opened read-only: making a report never changes clinical data. Expected
problems (unknown patient or cycle, unwritable folder, refused database) print one line on
stderr and give a non-zero exit code; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import multiprocessing.context
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from clinical.errors import ToxTrackError
from reports.atomic import ExportError
from reports.i18n import Language, load
from reports.summary_data import ComparisonRow, build_cohort_summary, build_cycle_summary, comparison_rows
from storage import DatabaseRefusedError, Repository
from storage.outputs import output_refusal
from storage.paths import default_db_path

EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2
BATCH_SIZE = 16  # at most this many patient-cycles per worker task (one database connection each)
CHUNKS_PER_WORKER = 50  # tasks per worker, so that the last ones even out the finishing times


# Upper bounds of the count arguments (issue 12: every count is bounded). A patient has at most a
# few cycles (clinical/regimens.py max_cycles); 99 is far above any regimen and stops an absurd
# number before it reaches SQL. Workers: each is a forked process with its own connection.
MAX_CYCLE = 99
MAX_WORKERS = 64


def _bounded(upper: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to `upper`, else argparse's one-line error."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number (got {text!r})") from None
        if not 1 <= value <= upper:
            raise argparse.ArgumentTypeError(f"must be from 1 to {upper} (got {value})")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="toxtrack report", description="Make PDF reports (read-only).")
    commands = parser.add_subparsers(dest="command", required=True)
    cycle = commands.add_parser("cycle", help="one patient's cycle summary")
    cycle.add_argument("--patient", required=True, metavar="SUBJECT", help="study subject id")
    cycle.add_argument("--cycle", required=True, type=_bounded(MAX_CYCLE), metavar="N", help="cycle number")
    cycle.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    cycle.add_argument("--include-phi", action="store_true", help="print the name and MRN")
    cohort = commands.add_parser("cohort", help="the cohort report")
    cohort.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    resources = commands.add_parser("resources", help="SC delivery and hospital resources against IV")
    resources.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    resources.add_argument(
        "--bag-hours",
        type=int,
        default=None,
        choices=(24, 48, 72, 96, 168),
        help="the IV bag length the comparison assumes (default: clinical/data/iv-resources.toml)",
    )
    cycles = commands.add_parser("cycles", help="a cycle summary for every patient-cycle")
    cycles.add_argument("--out-dir", required=True, type=Path, metavar="DIR")
    cycles.add_argument(
        "--workers",
        type=_bounded(MAX_WORKERS),
        default=None,
        metavar="N",
        help="processes (default: all cores)",
    )
    for sub in (cycle, cohort, resources, cycles):
        sub.add_argument(
            "--db", metavar="PATH", help="database file (default: TOXTRACK_DB or the data folder)"
        )
    return parser


def main(argv: Sequence[str] | None = None, stderr: TextIO | None = None) -> int:
    """Run one report command; returns the process exit code."""
    err = sys.stderr if stderr is None else stderr
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as stop:  # argparse has already printed the usage line
        return stop.code if isinstance(stop.code, int) else EXIT_REFUSED
    db = default_db_path(args.db)
    try:
        _refuse_outputs(args, db)
        if args.command == "cycle":
            _write_cycle(db, args.patient, args.cycle, args.out, args.include_phi)
        elif args.command == "cohort":
            _write_cohort(db, args.out)
        elif args.command == "resources":
            _write_resources(db, args.out, args.bag_hours)
        else:
            return _write_all(db, args.out_dir, args.workers, err)
    except DatabaseRefusedError as error:
        print(f"toxtrack report: {error}", file=err)
        return EXIT_REFUSED
    except ToxTrackError as error:
        print(f"toxtrack report: {error}", file=err)
        return EXIT_FAILED
    return EXIT_OK


def file_problem(db: Path, detail: bool = True) -> str:
    """One line for every page of a report from a database whose checks found damage (rows changed
    outside ToxTrack, an audit trail that does not extend its anchor...), "" for a sound file: a
    report's read-only open skips the SQLite checks, so they are run here (storage.safety). Without
    `detail` (the aggregate cohort report) the record, which may name a subject, is left out."""
    from storage.safety import report_problems

    problems = report_problems(db)
    if not problems:
        return ""
    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    first = f"{problems[0].rstrip('.')}; {count}" if detail else count
    return f"NOT VERIFIED - the database failed its checks ({first}; run toxtrack check)."


def _refuse_outputs(args: argparse.Namespace, db: Path) -> None:
    """Before the database is opened: the output is a new name or an ordinary file, never the
    database, its -wal/-shm/lock or backups, a device or a pipe (storage.outputs); a folder for
    `cycles` is a folder or a new name."""
    if args.command != "cycles":
        refusal = output_refusal(args.out, db)
        if refusal is not None:
            raise ExportError(refusal)
        return
    out_dir: Path = args.out_dir
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"Cannot save the reports in {out_dir}: that is not a folder.")


def report_language() -> Language:
    """The PDFs' language: TOXTRACK_LANG ("zh_CN", "en"; as for the GUI), else English. A batch
    run's workers inherit the environment, so every summary of one run is in one language."""
    return load(os.environ.get("TOXTRACK_LANG", "").strip() or "en")


def _write_cycle(db: Path, subject: str, number: int, out: Path, include_phi: bool) -> None:
    from reports.cycle_summary import write_cycle_summary

    with Repository.open(db, read_only=True) as repo:
        summary = build_cycle_summary(repo, subject, number, include_phi=include_phi)
    write_cycle_summary(replace(summary, problem=file_problem(db)), out, report_language())


def _write_cohort(db: Path, out: Path) -> None:
    from reports.cohort_report import write_cohort_report

    with Repository.open(db, read_only=True) as repo:
        summary = build_cohort_summary(repo)
    write_cohort_report(replace(summary, problem=file_problem(db, detail=False)), out, report_language())


def _write_resources(db: Path, out: Path, bag_hours: int | None) -> None:
    from reports.resources_data import build_resource_summary
    from reports.resources_report import write_resource_report

    with Repository.open(db, read_only=True) as repo:
        summary = build_resource_summary(repo, bag_hours=bag_hours)
    write_resource_report(replace(summary, problem=file_problem(db, detail=False)), out, report_language())


@dataclass(frozen=True)
class Job:
    subject: str
    cycle: int
    out: Path


def safe_name(subject: str) -> str:
    """A file-name-safe form of a subject id (ids may contain slashes or spaces)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", subject).strip("._") or "patient"


def list_jobs(db: Path, out_dir: Path) -> tuple[list[Job], tuple[ComparisonRow, ...]]:
    """Every patient-cycle in the database with the file each goes to, and the cohort
    comparisons (one SQL aggregate for the whole run rather than one per cycle)."""
    with Repository.open(db, read_only=True) as repo:
        jobs = []
        for pid in repo.patient_ids():
            subject = repo.get_patient(pid).subject_id
            for cycle in repo.cycles(pid):
                out = out_dir / f"{safe_name(subject)}_cycle{cycle.number}.pdf"
                refusal = output_refusal(out, db)
                if refusal is not None:
                    raise ExportError(refusal)
                jobs.append(Job(subject, cycle.number, out))
        comparisons = comparison_rows(repo.cohort_counts(doses=False))
    return jobs, comparisons


def run_batch(
    db: Path, jobs: Sequence[Job], comparisons: tuple[ComparisonRow, ...], problem: str = ""
) -> list[str]:
    """Write a chunk of summaries with one read-only connection; returns one line per failure."""
    from reports.cycle_summary import write_cycle_summary

    failures = []
    lang = report_language()
    with Repository.open(db, read_only=True) as repo:
        for job in jobs:
            try:
                summary = build_cycle_summary(repo, job.subject, job.cycle, comparisons=comparisons)
                write_cycle_summary(replace(summary, problem=problem), job.out, lang)
            except ToxTrackError as error:
                failures.append(f"{job.subject} cycle {job.cycle}: {error}")
    return failures


def chunk_size(jobs: int, workers: int) -> int:
    """Jobs per task: small enough that the workers finish within a job or two of each other (a
    summary takes a few hundred ms, opening a connection a few ms), at most `BATCH_SIZE`."""
    return max(1, min(BATCH_SIZE, -(-jobs // (workers * CHUNKS_PER_WORKER))))


def warm_up() -> None:
    """Import matplotlib and reportlab and load the fonts once, before any worker is forked, so
    that forked workers share them instead of each paying for them again."""
    from reports import pdf_common
    from reports.charts import no_data
    from reports.pdf_images import chart_image

    pdf_common.make_styles()
    chart_image(no_data, 8.0, 5.0)


def _pool_context() -> multiprocessing.context.BaseContext:
    """ "fork" on Linux, where workers inherit the warmed-up parent; the platform default elsewhere
    (macOS and Windows spawn: each worker imports for itself)."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _run_in_process(
    db: Path, jobs: Sequence[Job], comparisons: tuple[ComparisonRow, ...], err: TextIO, problem: str = ""
) -> list[str]:
    """One worker: no pool and no second process, the same chunks and progress lines."""
    failures: list[str] = []
    step = chunk_size(len(jobs), 1)
    for start in range(0, len(jobs), step):
        failures += run_batch(db, jobs[start : start + step], comparisons, problem)
        print(f"{min(start + step, len(jobs))}/{len(jobs)}", file=err, flush=True)
    return failures


PARENT_POLL_S = 0.5  # how often a pool worker looks whether its parent is still there


def die_with_parent(parent: int) -> None:
    """Pool worker initializer: the worker ends when the `toxtrack report` that started it does.

    Killed, the parent cannot shut its pool down, and its workers waited on their task queue for
    ever (issue 12). On Linux the kernel sends SIGKILL at the parent's death (PR_SET_PDEATHSIG); a
    daemon thread that notices the worker being re-parented covers other systems and the moment
    before prctl took effect."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _run_in_pool(
    db: Path,
    jobs: Sequence[Job],
    comparisons: tuple[ComparisonRow, ...],
    workers: int,
    err: TextIO,
    problem: str = "",
) -> list[str]:
    step = chunk_size(len(jobs), workers)
    chunks = [jobs[i : i + step] for i in range(0, len(jobs), step)]
    failures: list[str] = []
    done = 0
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=_pool_context(), initializer=die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        futures = {pool.submit(run_batch, db, chunk, comparisons, problem): len(chunk) for chunk in chunks}
        for future in concurrent.futures.as_completed(futures):
            failures += future.result()
            done += futures[future]
            print(f"{done}/{len(jobs)}", file=err, flush=True)
    return failures


def _write_all(db: Path, out_dir: Path, workers: int | None, err: TextIO) -> int:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"Cannot create the folder {out_dir}: {error.strerror or error}.") from error
    jobs, comparisons = list_jobs(db, out_dir)
    problem = file_problem(db)  # checked once, printed on every page of every summary
    count = min(workers or os.cpu_count() or 1, max(1, len(jobs)))
    if count == 1:
        failures = _run_in_process(db, jobs, comparisons, err, problem)
    else:
        warm_up()
        failures = _run_in_pool(db, jobs, comparisons, count, err, problem)
    for line in failures:
        print(f"toxtrack report: {line}", file=err)
    return EXIT_FAILED if failures else EXIT_OK
