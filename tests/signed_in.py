"""Tests write as a signed-in user (issue 16): `sign_in_tester` gives a fresh database its first
administrator ("admin") and a user "tester" with its own password, signed in, so every change names
"tester" as it did before accounts. Hashes use OWASP's minimum parameters (fast); the real profile
is exercised by tests/storage/test_accounts.py and `make bench` (login_ms)."""

from __future__ import annotations

from typing import Any

ADMIN = "admin"
ADMIN_PASSWORD = "admin password 1"
TESTER = "tester"
TESTER_PASSWORD = "tester password 1"
_ONE_TIME = "tester one-time 1"


def sign_in_tester(repo: Any, role: str = "investigator", name: str = "Tess Tester") -> Any:
    """Admin and tester accounts on `repo` (which has none yet), tester signed in with `role`."""
    from storage import accounts

    profile, accounts.PROFILE = accounts.PROFILE, accounts.OWASP_MINIMUM
    try:
        repo.create_first_administrator(ADMIN, "Ada Admin", ADMIN_PASSWORD)
        repo.add_user(TESTER, name, role, _ONE_TIME)
        repo.sign_out()
        repo.sign_in(TESTER, _ONE_TIME)
        repo.change_password(_ONE_TIME, TESTER_PASSWORD)
    finally:
        accounts.PROFILE = profile
    return repo


def sign_in_again(repo: Any) -> Any:
    """`repo` reopened on a file `sign_in_tester` prepared: "tester" signed in again."""
    from storage import accounts

    profile, accounts.PROFILE = accounts.PROFILE, accounts.OWASP_MINIMUM  # no re-hash to the real one
    try:
        repo.sign_in(TESTER, TESTER_PASSWORD)
    finally:
        accounts.PROFILE = profile
    return repo


def sign_in_admin(repo: Any) -> Any:
    """`repo` prepared by `sign_in_tester`, with its administrator ("admin") signed in instead, for
    what the role matrix gives administrators only (backup, restore, encryption, users)."""
    from storage import accounts

    profile, accounts.PROFILE = accounts.PROFILE, accounts.OWASP_MINIMUM
    try:
        repo.sign_out()
        repo.sign_in(ADMIN, ADMIN_PASSWORD)
    finally:
        accounts.PROFILE = profile
    return repo
