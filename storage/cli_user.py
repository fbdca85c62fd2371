"""`--user` for the writing commands (issue 16): the command acts as a named, signed-in user. The
password comes from the TOXTRACK_PASSWORD environment variable (scripted runs) or a prompt, never
from the command line (where `ps` and shell histories would show it). A database without users yet
is written as before, under the login; read-only commands (`check`, `report`) need no user."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from clinical import roles
from clinical.errors import PermissionRefusedError

if TYPE_CHECKING:
    from storage.repository import Repository

PASSWORD_VARIABLE = "TOXTRACK_PASSWORD"


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--user",
        default="",
        help=f"sign in as this user id (password from {PASSWORD_VARIABLE} or a prompt, never an argument)",
    )


def password() -> str:
    """TOXTRACK_PASSWORD when set, else a prompt that does not echo (refused without a terminal)."""
    given = os.environ.get(PASSWORD_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise PermissionRefusedError(
            f"Nothing was done: set {PASSWORD_VARIABLE}, or run the command at a terminal "
            "to type the password."
        )
    return getpass.getpass("ToxTrack password: ")


def sign_in(repo: Repository, user_id: str, action: str) -> None:
    """Sign `user_id` in on `repo` when it has users, and check the role allows `action`
    (clinical.roles.MATRIX); PermissionRefusedError or SignInError (a ToxTrackError) otherwise."""
    if not repo.has_users():
        return
    if not user_id:
        raise PermissionRefusedError("Nothing was done: this database has users; give --user USER_ID.")
    account = repo.sign_in(user_id, password())
    if not roles.allowed(account.role, action):
        repo.sign_out()
        raise PermissionRefusedError(roles.refusal(account.role, action))
