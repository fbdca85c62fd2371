"""`toxtrack check`: "ok" and exit 0 when clean, one line per problem and exit 1, refusals exit 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from clinical.model import Patient
from storage.commands import check_main
from storage.engine import sqlite3
from storage.migrations import SCHEMA_VERSION
from storage.schema import APPLICATION_ID


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = check_main(argv)
    return code, capsys.readouterr().out.strip().splitlines()


def test_clean_database_prints_ok(repo: Any, make_patient: Callable[..., Patient], capsys: Any) -> None:
    make_patient()
    assert run(["--db", str(repo.path)], capsys) == (0, ["ok"])


def test_default_path_comes_from_toxtrack_db(
    repo: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOXTRACK_DB", str(repo.path))
    assert run([], capsys) == (0, ["ok"])


def test_broken_foreign_key_is_one_line(repo: Any, make_patient: Callable[..., Patient], capsys: Any) -> None:
    make_patient()
    repo.close()
    conn = sqlite3.connect(repo.path)  # foreign_keys is off on a raw connection
    conn.execute("UPDATE patient SET id = 77 WHERE id = 1")  # row 77 now has no "insert" audit row
    conn.execute("INSERT INTO cycle (patient_id, number, start_date) VALUES (4242, 1, '2026-01-01')")
    conn.commit()
    conn.close()
    code, lines = run(["--db", str(repo.path)], capsys)
    assert code == 1
    assert any(line.startswith("foreign key: cycle row") for line in lines)
    assert any("no audit row" in line for line in lines)
    assert "ok" not in lines


def test_refused_files_exit_2_with_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "notes.db"
    text.write_text("hello")
    newer = tmp_path / "newer.db"
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.execute("CREATE TABLE x (y)")
    conn.commit()
    conn.close()
    for path, words in [
        (text, "not a SQLite database"),
        (newer, "newer ToxTrack"),
        (tmp_path / "missing.db", "does not exist"),
    ]:
        code, lines = run(["--db", str(path)], capsys)
        assert code == 2 and len(lines) == 1 and words in lines[0]
