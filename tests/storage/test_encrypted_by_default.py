"""New databases are encrypted by default (issue 17): a file is created unencrypted only by an explicit
choice (`--no-encrypt`, TOXTRACK_NO_ENCRYPT=1, the window's "do not encrypt"), never silently; with
neither a passphrase nor that choice, nothing is created."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from main import main
from storage import DatabaseRefusedError, Repository, cipher

PASS = "correct horse battery"
SQLITE_MAGIC = b"SQLite format 3\x00"


@pytest.fixture(autouse=True)
def _no_choice(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The tests' standing plain choice (tests/conftest.py) and any passphrase or asker are removed."""
    monkeypatch.delenv(cipher.PLAIN_ENV_VAR, raising=False)
    monkeypatch.delenv(cipher.ENV_VAR, raising=False)
    cipher.forget_all()
    cipher.set_asker(None)
    cipher.set_new_asker(None)
    yield
    cipher.set_asker(None)
    cipher.set_new_asker(None)
    cipher.forget_all()


def test_without_a_passphrase_or_an_explicit_choice_no_database_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with pytest.raises(DatabaseRefusedError, match="No database was created") as refused:
        Repository.open(path, user="tester")
    assert "--no-encrypt" in str(refused.value)
    assert not path.exists() and not (tmp_path / "new.db.new").exists()


def test_the_new_database_asker_sets_the_passphrase_or_the_explicit_plain_choice(tmp_path: Path) -> None:
    asked: list[Path] = []

    def administrator(path: Path) -> str:
        asked.append(path)
        return PASS

    cipher.set_new_asker(administrator)
    encrypted = tmp_path / "clinic.db"
    Repository.open(encrypted, user="tester").close()
    assert asked == [encrypted]
    assert encrypted.read_bytes()[:16] != SQLITE_MAGIC
    cipher.forget_all()
    cipher.remember(encrypted, PASS)
    with Repository.open(encrypted, read_only=True) as repo:
        assert repo.patient_ids() == []

    cipher.set_new_asker(lambda path: cipher.PLAIN)
    plain = tmp_path / "plain.db"
    Repository.open(plain, user="tester").close()
    assert plain.read_bytes()[:16] == SQLITE_MAGIC

    cipher.set_new_asker(lambda path: None)  # cancelled: nothing is created
    with pytest.raises(DatabaseRefusedError, match="No database was created"):
        Repository.open(tmp_path / "cancelled.db", user="tester")
    assert not (tmp_path / "cancelled.db").exists()


def test_a_command_creates_an_unencrypted_database_only_with_no_encrypt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.db"
    args = ["demo", "--db", str(path), "--patients", "2"]
    assert main(args) == 1  # no terminal to ask at, no choice made: refused in one sentence
    assert "No database was created" in capsys.readouterr().err
    assert not path.exists()
    assert main([*args, "--no-encrypt"]) == 0
    assert path.read_bytes()[:16] == SQLITE_MAGIC
    with Repository.open(path, read_only=True) as repo:
        assert len(repo.patient_ids()) == 2
