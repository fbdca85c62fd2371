"""`--user` on the writing commands (issue 16): a database with users is written only by a named
user whose password comes from TOXTRACK_PASSWORD or a prompt, never argv; its role must allow the
command; the sign-in is audited; a file without users is written as before; `check` needs none."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from storage import Repository, accounts
from tests.signed_in import ADMIN, ADMIN_PASSWORD, TESTER, TESTER_PASSWORD, sign_in_tester


@pytest.fixture
def clinic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(accounts, "sleep", lambda _s: None)
    monkeypatch.setattr(accounts, "PROFILE", accounts.OWASP_MINIMUM)
    monkeypatch.delenv("TOXTRACK_PASSWORD", raising=False)
    path = tmp_path / "clinic.db"
    with Repository.open(path, user="clinic-pc") as repo:
        sign_in_tester(repo)
    return path


def _demo(path: Path, *extra: str) -> int:
    return main.main(["demo", "--db", str(path), "--patients", "2", *extra])


def test_demo_into_a_database_with_users_needs_a_user(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _demo(clinic) == 1
    assert "give --user" in capsys.readouterr().err


def test_the_password_never_comes_from_argv_and_without_a_terminal_is_asked_for_in_the_environment(
    clinic: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):  # argparse: there is no --password option
        _demo(clinic, "--user", TESTER, "--password", TESTER_PASSWORD)
    assert _demo(clinic, "--user", TESTER) == 1  # pytest's stdin is no terminal, no variable set
    assert "TOXTRACK_PASSWORD" in capsys.readouterr().err


def test_demo_as_a_user_names_them_in_the_audit_trail(
    clinic: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOXTRACK_PASSWORD", TESTER_PASSWORD)
    assert _demo(clinic, "--user", TESTER) == 0
    with Repository.open(clinic, read_only=True) as repo:
        pid = repo.patient_ids()[0]
        assert {e.user for e in repo.history("patient", pid)} == {TESTER}
        assert [e.action for e in repo.account_events()][-2:] == ["sign_in", "sign_out"]


def test_a_wrong_password_or_a_role_without_the_right_writes_nothing(
    clinic: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOXTRACK_PASSWORD", "not the password")
    assert _demo(clinic, "--user", TESTER) == 1
    monkeypatch.setenv("TOXTRACK_PASSWORD", ADMIN_PASSWORD)
    assert _demo(clinic, "--user", ADMIN) == 1
    err = capsys.readouterr().err
    assert "not right" in err and "An administrator cannot enter clinical data" in err
    with Repository.open(clinic, read_only=True) as repo:
        assert repo.patient_ids() == []
        assert "sign_in_failed" in [e.action for e in repo.account_events()]


def test_check_reads_without_a_user(clinic: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main.main(["check", "--db", str(clinic)]) == 0


def test_restore_over_a_database_with_users_needs_an_administrator(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "copy.db"
    assert main.main(["backup", "--db", str(clinic), "--out", str(backup)]) == 0
    monkeypatch.setenv("TOXTRACK_PASSWORD", TESTER_PASSWORD)
    assert main.main(["restore", "--from", str(backup), "--db", str(clinic), "--user", TESTER]) == 1
    assert "An investigator cannot back up or restore" in capsys.readouterr().err
    monkeypatch.setenv("TOXTRACK_PASSWORD", ADMIN_PASSWORD)
    assert main.main(["restore", "--from", str(backup), "--db", str(clinic), "--user", ADMIN]) == 0
