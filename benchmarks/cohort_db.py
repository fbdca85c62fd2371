"""The benchmark databases: the demo cohort at network scale, built once into benchmarks/cache/ and reused
while the code's schema version (and the cohort's size and seed) still match."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from clinical.model import LabResult, PatientBundle, PatientId

SEED = 44
# The network: 10,000 patients carry about 1,000,000 assessments and lab results, 100 a patient.
RECORDS_PER_PATIENT = 100
# Every table of clinical rows (the fair baseline writes the same rows the app writes): since schema
# version 8 every toxicity's records, CRS, ICANS and labs included, are rows of `assessment`.
CLINICAL_TABLES = ("patient", "cycle", "dose", "assessment")


def code_schema_version() -> int:
    from storage.migrations import SCHEMA_VERSION

    return SCHEMA_VERSION


def cohort_bundles(patients: int, seed: int = SEED, topped: bool = True) -> list[PatientBundle]:
    """The demo generator's cohort (as of today), topped up with extra lab results when it holds far
    fewer than RECORDS_PER_PATIENT assessments + labs a patient (see `top_up`)."""
    from clinical.demo import generate_cohort

    today = dt.date.today()
    bundles = list(generate_cohort(patients, seed, today))
    return top_up(bundles, seed, today) if topped else bundles


def records(bundles: Iterable[PatientBundle]) -> int:
    """Assessments + lab results, the figure the issue sizes the network by."""
    return sum(len(b.crs) + len(b.icans) + len(b.labs) for b in bundles)


def top_up(bundles: list[PatientBundle], seed: int, today: dt.date) -> list[PatientBundle]:
    """Add extra blood counts (normal ANC, so no grade or flag changes) until the cohort reaches about
    RECORDS_PER_PATIENT records a patient; a no-op when the generator already gives >= 90 % of that."""
    target = RECORDS_PER_PATIENT * len(bundles)
    missing = target - records(bundles)
    if missing <= target // 10:
        return bundles
    rng = random.Random(seed)
    per_patient = -(-missing // len(bundles))
    return [_with_extra_labs(b, per_patient, rng, today) for b in bundles]


def _with_extra_labs(bundle: PatientBundle, count: int, rng: random.Random, today: dt.date) -> PatientBundle:
    """`count` routine counts, one a day from the first cycle start (or enrolment), never after today."""
    starts = [cycle.start_date for cycle, _ in bundle.cycles] or [bundle.patient.enrolment_date]
    first = max(min(starts), bundle.patient.enrolment_date)
    days = max(1, min(count, (today - first).days))
    placeholder = bundle.labs[0].patient_id if bundle.labs else PatientId(0)
    extra = []
    for i in range(count):
        day = first + dt.timedelta(days=i % days)
        at = dt.datetime(day.year, day.month, day.day, 6, (i // days) % 60, tzinfo=dt.UTC)
        # ANC >= 1.5 x10^9/L with no LLN is CTCAE v5.0 grade 0 (clinical-reference.md §4.1).
        anc = round(rng.uniform(1.5, 6.0), 2)
        extra.append(LabResult(patient_id=placeholder, drawn_at=at, anc=anc))
    return dataclasses.replace(bundle, labs=tuple(bundle.labs) + tuple(extra))


def write_bundles(path: Path, bundles: Sequence[PatientBundle]) -> float:
    """A fresh database at `path` holding `bundles`, written by repo.bulk_insert; returns the seconds
    bulk_insert itself took (opening and closing the file are not part of the write)."""
    from storage import Repository

    remove_db(path)
    with Repository.open(path, create=True, user="benchmark") as repo:
        start = time.perf_counter()
        repo.bulk_insert(list(bundles), progress=_progress)
        seconds = time.perf_counter() - start
    print(file=sys.stderr)
    return seconds


def _progress(done: int, total: int) -> None:
    if total and (done == total or done % max(1, total // 20) == 0):
        print(f"\r  writing {done}/{total} patients", end="", file=sys.stderr, flush=True)


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock", ".json"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def demo_source() -> str:
    """A digest of the demo generator's source (`clinical/demo.py` and the `clinical/demo_*.py` parts it
    calls): a cohort built by an older generator (before it wrote adverse events, issue 15) is stale even
    at the same schema, size and seed."""
    import hashlib

    import clinical.demo

    core = Path(clinical.demo.__file__)
    digest = hashlib.sha256()
    for path in (core, *sorted(core.parent.glob("demo_*.py"))):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stamp(patients: int, seed: int, n_records: int) -> dict[str, object]:
    return {
        "schema_version": code_schema_version(),
        "demo_source": demo_source(),
        "patients": patients,
        "seed": seed,
        "records": n_records,
    }


def cached(path: Path, patients: int, seed: int = SEED) -> bool:
    """True when `path` was completely built (its stamp is written last) for this schema, demo generator,
    size and seed."""
    stamp = Path(f"{path}.json")
    if not path.exists() or not stamp.exists():
        return False
    saved = json.loads(stamp.read_text())
    wanted = _stamp(patients, seed, 0)
    return all(saved.get(key) == wanted[key] for key in ("schema_version", "demo_source", "patients", "seed"))


def mark_built(path: Path, patients: int, n_records: int, seed: int = SEED) -> None:
    Path(f"{path}.json").write_text(json.dumps(_stamp(patients, seed, n_records), indent=1))


def big_db_path(cache: Path, patients: int) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    return cache / f"cohort-{patients}.db"


def big_db(cache: Path, patients: int) -> Path:
    """The network-scale database, built now only when the cache is missing or stale."""
    path = big_db_path(cache, patients)
    if not cached(path, patients):
        print(f"building the {patients}-patient database in {path} ...", file=sys.stderr)
        bundles = cohort_bundles(patients)
        write_bundles(path, bundles)
        mark_built(path, patients, records(bundles))
    return path


def batch_db(cache: Path, cycles: int = 200) -> Path:
    """A database with exactly `cycles` patient-cycles (the demo cohort cut to size), for batch reports."""
    path = cache / f"batch-{cycles}cycles.db"
    if cached(path, cycles):
        return path
    chosen: list[PatientBundle] = []
    remaining = cycles
    for bundle in cohort_bundles(cycles, seed=SEED + 1, topped=False):
        if remaining <= 0:
            break
        kept = bundle.cycles[:remaining]
        remaining -= len(kept)
        # A data-defined record names its dose by its place in the bundle, cycle by cycle: the records
        # of doses in the cycles left out go with them.
        doses = sum(len(cycle_doses) for _, cycle_doses in kept)
        linked = tuple(r for r in bundle.records if r.dose_id is None or r.dose_id < doses)
        chosen.append(dataclasses.replace(bundle, cycles=kept, records=linked))
    if remaining > 0:
        raise RuntimeError(f"the demo cohort gave {cycles - remaining} cycles, fewer than {cycles}")
    write_bundles(path, chosen)
    mark_built(path, cycles, records(chosen))
    return path
