"""SIGKILL a writer at random moments: every acknowledged write survives, nothing is half-applied.

Reliability goal D1 (reliability-reference.md): after every kill, acknowledged records present
with their acknowledged values, integrity_check ok, foreign_key_check empty, the audit chain
intact and the audit replay equal to the stored rows. `make test` runs 200 kills, `make soak` 1,000.
"""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path

import pytest

from .killing import CAN_FORK, CHILD_FAILED, run_and_kill, writer_forever
from .workload import check_database, counts, read_acks

pytestmark = pytest.mark.skipif(not CAN_FORK, reason="SIGKILL loops need fork() and SIGKILL (POSIX)")

KILLS_PER_FILE = 50


def kill_loop(tmp_path: Path, kills: int, seed: int) -> dict[str, int]:
    """Run `kills` writer children (a fresh database every KILLS_PER_FILE); return what was seen."""
    rng = random.Random(seed)
    seen = {"kills": 0, "finished_early": 0, "acks": 0, "problems": 0}
    for index in range(kills):
        round_dir = tmp_path / f"round{index // KILLS_PER_FILE}"
        round_dir.mkdir(exist_ok=True)
        db_path, ack_path = round_dir / "toxtrack.db", round_dir / "acks.jsonl"
        ack_path.touch()
        delay, child_seed = rng.uniform(0.01, 0.15), rng.randrange(1 << 30)
        killed, code = run_and_kill(partial(writer_forever, db_path, ack_path, child_seed), delay)
        assert code != CHILD_FAILED, f"writer {index} raised (see captured stderr)"
        seen["kills" if killed else "finished_early"] += 1
        if not db_path.exists():
            continue  # killed before the file was created: nothing was acknowledged
        acks = read_acks(ack_path)
        problems = check_database(db_path, acks)
        assert not problems, f"after kill {index} ({delay:.3f} s): {problems[:5]}"
        seen["acks"] = len(acks)
    return seen


def test_two_hundred_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    seen = kill_loop(tmp_path, 200, seed=20261125)
    assert seen["kills"] >= 200
    # the loop must really have been writing: each file ends with many acknowledged actions
    last = tmp_path / "round3" / "toxtrack.db"
    assert sum(counts(last).values()) > 100


@pytest.mark.soak
def test_a_thousand_kills_lose_nothing_acknowledged(tmp_path: Path) -> None:
    seen = kill_loop(tmp_path, 1000, seed=7)
    assert seen["kills"] >= 1000


def _populated(tmp_path: Path, steps: int = 150) -> tuple[Path, list[dict[str, object]]]:
    from storage import Repository

    from .workload import Workload

    acks: list[dict[str, object]] = []
    path = tmp_path / "oracle.db"
    with Repository.open(path) as repo:
        workload = Workload(repo, random.Random(3), acks=acks.append)
        for _ in range(steps):
            workload.step()
    return path, acks


def _raw(path: Path, *statements: str) -> None:
    """Tamper the way a crash bug would: a raw connection, triggers and checks out of the way."""
    from storage.connection import connect

    db = connect(path)
    db.conn.execute("PRAGMA foreign_keys=OFF")
    for statement in statements:
        db.conn.execute(statement)
    db.close()


def test_oracle_passes_a_clean_file_and_catches_lost_or_half_applied_writes(tmp_path: Path) -> None:
    """Negative controls: the checks above would be worthless if they could not fail."""
    path, acks = _populated(tmp_path)
    assert check_database(path, acks) == []
    lost = [*acks, {"kind": "lab", "id": 99999, "state": {"anc": 1.0}}]
    assert any("lab 99999 is missing" in p for p in check_database(path, lost))
    _raw(path, "UPDATE lab_result SET anc = anc + 1 WHERE id = (SELECT max(id) FROM lab_result)")
    assert any(p.startswith("replay:") for p in check_database(path, acks))


def test_oracle_catches_a_cycle_missing_planned_doses(tmp_path: Path) -> None:
    path, _ = _populated(tmp_path)
    _raw(
        path,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE table_name = 'dose' AND row_id = (SELECT max(id) FROM dose)",
        "DELETE FROM dose WHERE id = (SELECT max(id) FROM dose)",
    )
    problems = check_database(path, [])
    assert any(p.startswith("cycle ") for p in problems)
