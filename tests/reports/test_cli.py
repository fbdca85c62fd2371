"""`toxtrack report ...`: files where asked, one-line errors with non-zero exits, read-only access."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from main import main as toxtrack
from reports import cli
from reports.cli import EXIT_FAILED, EXIT_OK, EXIT_REFUSED, main, safe_name
from storage.repository import Repository

from .pdftext import all_text


def _run(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    code = main(args, stderr=err)
    return code, err.getvalue()


def test_cycle_command_writes_the_summary(stored_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    code, err = _run(
        ["cycle", "--db", str(stored_db), "--patient", "SUBJ-0042", "--cycle", "1", "--out", str(out)]
    )
    assert (code, err) == (EXIT_OK, "")
    text = all_text(out)
    assert "SUBJ-0042" in text and "Zoë" not in text  # no PHI unless asked


def test_include_phi_flag(stored_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    args = ["cycle", "--db", str(stored_db), "--patient", "SUBJ-0088", "--cycle", "1", "--out", str(out)]
    assert _run([*args, "--include-phi"])[0] == EXIT_OK
    assert "王小明" in all_text(out)


def test_cohort_command_through_the_entry_point(stored_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cohort.pdf"
    assert toxtrack(["report", "cohort", "--db", str(stored_db), "--out", str(out)]) == EXIT_OK
    assert "NCT04521231" in all_text(out)


@pytest.mark.parametrize(
    ("patient", "cycle", "needle"),
    [("NOBODY", "1", "NOBODY"), ("SUBJ-0042", "3", "no cycle 3")],
)
def test_unknown_patient_or_cycle(
    stored_db: Path, tmp_path: Path, patient: str, cycle: str, needle: str
) -> None:
    out = tmp_path / "c.pdf"
    code, err = _run(
        ["cycle", "--db", str(stored_db), "--patient", patient, "--cycle", cycle, "--out", str(out)]
    )
    assert code == EXIT_FAILED
    assert needle in err and err.count("\n") == 1
    assert not out.exists()


def test_unwritable_destination(stored_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "no such folder" / "c.pdf"
    code, err = _run(
        ["cycle", "--db", str(stored_db), "--patient", "SUBJ-0042", "--cycle", "1", "--out", str(out)]
    )
    assert code == EXIT_FAILED
    assert err.startswith("toxtrack report: Cannot save the report") and err.count("\n") == 1


@pytest.mark.parametrize("content", [None, b"this is not a database at all" * 100])
def test_missing_or_foreign_database_is_refused(tmp_path: Path, content: bytes | None) -> None:
    db = tmp_path / "x.db"
    if content is not None:
        db.write_bytes(content)
    code, err = _run(["cohort", "--db", str(db), "--out", str(tmp_path / "c.pdf")])
    assert code == EXIT_REFUSED
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "c.pdf").exists()
    if content is not None:
        assert db.read_bytes() == content


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cycle", "--patient", "X"]) == 2
    assert main(["cycles", "--out-dir", "d", "--workers", "0"]) == 2
    capsys.readouterr()


def test_cycles_writes_every_patient_cycle_with_progress(stored_db: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "all"
    code, err = _run(["cycles", "--db", str(stored_db), "--out-dir", str(out_dir), "--workers", "2"])
    assert code == EXIT_OK
    with Repository.open(stored_db, read_only=True) as repo:
        expected = {
            f"{safe_name(repo.get_patient(pid).subject_id)}_cycle{c.number}.pdf"
            for pid in repo.patient_ids()
            for c in repo.cycles(pid)
        }
    assert {p.name for p in out_dir.iterdir()} == expected  # and no temporary files left behind
    assert err.strip().splitlines()[-1] == f"{len(expected)}/{len(expected)}"
    for name in expected:
        subject = name.split("_cycle")[0]
        assert subject in all_text(out_dir / name)


class _NoPool:
    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise AssertionError("--workers 1 must not start a process pool")


def test_one_worker_runs_in_this_process(
    stored_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli.concurrent.futures, "ProcessPoolExecutor", _NoPool)
    out_dir = tmp_path / "one"
    code, err = _run(["cycles", "--db", str(stored_db), "--out-dir", str(out_dir), "--workers", "1"])
    assert code == EXIT_OK
    made = sorted(p.name for p in out_dir.iterdir())
    assert made and all(name.endswith(".pdf") for name in made)  # no temporary files left behind
    progress = err.strip().splitlines()
    assert progress[-1] == f"{len(made)}/{len(made)}"
    assert [int(line.split("/")[0]) for line in progress] == sorted(
        {int(line.split("/")[0]) for line in progress}
    )


@given(st.integers(min_value=0, max_value=100_000), st.integers(min_value=1, max_value=64))
def test_chunks_are_small_enough_to_balance_and_never_empty(jobs: int, workers: int) -> None:
    size = cli.chunk_size(jobs, workers)
    assert 1 <= size <= cli.BATCH_SIZE
    tasks = workers * cli.CHUNKS_PER_WORKER
    chunks = -(-jobs // size)
    assert chunks <= tasks or size == cli.BATCH_SIZE  # no more tasks than planned unless capped
    assert size == 1 or -(-jobs // (size - 1)) > tasks  # and chunks no larger than that needs
    # So every worker gets many chunks (about CHUNKS_PER_WORKER) unless the cap or the job count prevents it.
    assert 2 * chunks >= min(jobs, tasks) or size == cli.BATCH_SIZE


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is the Linux choice")
def test_workers_are_forked_from_the_warmed_up_parent_on_linux() -> None:
    assert cli._pool_context().get_start_method() == "fork"


def test_report_never_writes_to_the_database(stored_db: Path, tmp_path: Path) -> None:
    before = stored_db.read_bytes()
    assert _run(["cohort", "--db", str(stored_db), "--out", str(tmp_path / "c.pdf")])[0] == EXIT_OK
    assert stored_db.read_bytes() == before


def test_safe_name() -> None:
    assert safe_name("044/0012 a") == "044_0012_a"
    assert safe_name("../..") == "patient"
