"""`toxtrack encrypt` and `toxtrack rekey`, and the passphrase prompt every command uses (issue 17).

A passphrase never comes from the command line (it would show in `ps` and the shell history): it comes
from TOXTRACK_PASSPHRASE (the current one; for `encrypt`, the new one), TOXTRACK_NEW_PASSPHRASE (the new
one for `rekey`), the OS keyring, or a prompt that does not echo, typed twice when new.

A lost passphrase means the data are gone unless a backup's passphrase is known.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from clinical.errors import ToxTrackError
from storage import cipher
from storage.connection import file_kind, refuse_foreign_file
from storage.encrypt import ConversionError, convert
from storage.paths import default_db_path

NEW_ENV_VAR = "TOXTRACK_NEW_PASSPHRASE"
LOSS_WARNING = (
    "Keep this passphrase safe: without it the database cannot be opened, and nobody can recover "
    "the data unless a backup's passphrase is known."
)
KEPT_WARNING = (
    "WARNING: the unencrypted original was kept at {kept}; it holds every record in the clear: delete it."
)


def _prompt(path: Path) -> str | None:
    """The CLI's asker: a prompt without echo when someone is at the terminal, else nobody to ask."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(f"Passphrase for {path.name}: ")
    except (EOFError, KeyboardInterrupt):
        return None


def install_prompt() -> None:
    """Commands ask at the terminal for the passphrase of an encrypted database, and for the new one of
    a database they create (encrypted by default; `--no-encrypt` is the explicit other choice)."""
    cipher.set_asker(_prompt)
    cipher.set_new_asker(_new_database_prompt)


def _typed_twice() -> tuple[str, str]:
    print(LOSS_WARNING, file=sys.stderr)
    return getpass.getpass("New passphrase: "), getpass.getpass("The same passphrase again: ")


def _new_database_prompt(path: Path) -> str | None:
    """The passphrase of a database a command creates, typed twice at the terminal; None when nobody
    is there (the creation is then refused: storage.cipher.NOT_CHOSEN)."""
    if not sys.stdin.isatty():
        return None
    print(
        f"{path.name} is a new database and is encrypted (for an unencrypted one, run the command "
        "again with --no-encrypt).",
        file=sys.stderr,
    )
    try:
        first, second = _typed_twice()
    except (EOFError, KeyboardInterrupt):
        return None
    problem = cipher.passphrase_problem(first, second)
    if problem is not None:
        raise ValueError(f"{problem} No database was created.")
    return first


def new_passphrase(env_var: str) -> str:
    """A new passphrase from `env_var`, or typed twice at the terminal; ToxTrackError when unusable."""
    given = os.environ.get(env_var)
    if given is not None:
        first, second = given, given
    elif sys.stdin.isatty():
        first, second = _typed_twice()
    else:
        raise ToxTrackError(f"No new passphrase: set {env_var} or run the command at a terminal.")
    problem = cipher.passphrase_problem(first, second)
    if problem is not None:
        raise ToxTrackError(problem)
    return first


def _parser(prog: str, keep: bool) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"toxtrack {prog}")
    parser.add_argument("--db", help="database file (default: TOXTRACK_DB or the data folder)")
    parser.add_argument(
        "--remember", action="store_true", help="remember the passphrase on this workstation (OS keyring)"
    )
    if keep:
        parser.add_argument(
            "--keep-unencrypted", action="store_true", help="keep the plain original beside it (not advised)"
        )
    return parser


def encrypt_main(argv: list[str]) -> int:
    """`toxtrack encrypt [--db PATH] [--remember] [--keep-unencrypted]`."""
    args = _parser("encrypt", keep=True).parse_args(argv)
    path = default_db_path(args.db)
    try:
        if file_kind(path) != "sqlite":
            raise ToxTrackError(f"{path} is not an unencrypted ToxTrack database, so nothing was encrypted.")
        passphrase = new_passphrase(cipher.ENV_VAR)
        kept = convert(path, passphrase, keep_original=args.keep_unencrypted)
    except (ToxTrackError, ConversionError) as exc:
        print(f"toxtrack encrypt: {exc}", file=sys.stderr)
        return 1
    print(f"{path.name} is now encrypted; every record and the audit chain were verified in the copy.")
    if kept is not None:
        print(KEPT_WARNING.format(kept=kept), file=sys.stderr)
    return _remember(path, passphrase, args.remember)


def rekey_main(argv: list[str]) -> int:
    """`toxtrack rekey [--db PATH] [--remember]`: the current passphrase from TOXTRACK_PASSPHRASE, the
    keyring or the prompt; the new one from TOXTRACK_NEW_PASSPHRASE or typed twice."""
    args = _parser("rekey", keep=False).parse_args(argv)
    path = default_db_path(args.db)
    install_prompt()
    try:
        if file_kind(path) != "other":
            raise ToxTrackError(f"{path} is not an encrypted database; use `toxtrack encrypt` first.")
        refuse_foreign_file(path)  # unlocks it with the current passphrase, or says it is wrong
        passphrase = new_passphrase(NEW_ENV_VAR)
        convert(path, passphrase)
    except (ToxTrackError, ConversionError) as exc:
        print(f"toxtrack rekey: {exc}", file=sys.stderr)
        return 1
    print(
        f"The passphrase of {path.name} was changed; older backups keep the passphrase they were made with."
    )
    return _remember(path, passphrase, args.remember)


def _remember(path: Path, passphrase: str, remember: bool) -> int:
    if not remember:
        cipher.forget_in_keyring(path)  # a remembered old passphrase would no longer open it
        return 0
    problem = cipher.store_in_keyring(path, passphrase)
    if problem is not None:
        print(f"toxtrack: {problem}", file=sys.stderr)
        return 1
    return 0
