"""`toxtrack backup` and `toxtrack restore`: the command-line faces of storage/backup.py,
storage/rotation.py and storage/restore.py.

They live apart from backup.py because they use all three, and restore.py and rotation.py are built
on backup.py: with the commands in backup.py the modules imported one another in a circle (issue 14).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from clinical.errors import ToxTrackError
from storage import cli_user
from storage.backup import BackupError, FolderMissingError, make_backup, verify_backup
from storage.paths import default_db_path


def _parse(prog: str, argv: list[str], options: list[tuple[str, str, bool]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=f"toxtrack {prog}")
    for flag, help_, required in options:
        parser.add_argument(flag, required=required, help=help_, dest=flag.lstrip("-").replace("-", "_"))
    return parser.parse_args(argv)


def backup_main(argv: list[str]) -> int:
    """`toxtrack backup [--db PATH] [--out FILE]`: without --out, an automatic generation in the
    data folder (rotated); exit 0 only for a verified backup."""
    args = _parse(
        "backup",
        argv,
        [("--db", "database file (default: TOXTRACK_DB or the data folder)", False),
         ("--out", "backup file to create (default: the database's backup folder)", False)],
    )  # fmt: skip
    db_path = default_db_path(args.db)
    try:
        if not db_path.exists():
            raise BackupError(f"There is no database at {db_path} to back up.")
        if args.out:
            out = Path(args.out).expanduser()
            manifest = make_backup(db_path, out)
        else:
            from storage.rotation import automatic_backup

            out = automatic_backup(db_path, force=True) or db_path
            manifest = verify_backup(out)
    except ToxTrackError as exc:
        print(f"toxtrack backup: {exc}", file=sys.stderr)
        return 1
    snap = manifest.snapshot
    print(
        f"Backup written to {out} and verified: {snap.audit_count} audit rows, head {snap.audit_head[:12]}."
    )
    return 0


def restore_main(argv: list[str]) -> int:
    """`toxtrack restore --from FILE [--db PATH] [--create-folder]`: the current file is kept aside,
    never overwritten; a folder that does not exist is created only when asked (issue 12)."""
    parser = argparse.ArgumentParser(prog="toxtrack restore")
    parser.add_argument("--from", dest="source", required=True, help="backup file to restore")
    parser.add_argument("--db", help="database file to replace (default: TOXTRACK_DB or the data folder)")
    parser.add_argument(
        "--create-folder", action="store_true", help="create the database's folder if it does not exist"
    )
    cli_user.add_user_option(parser)
    args = parser.parse_args(argv)
    db_path = default_db_path(args.db)
    try:
        from storage.restore import restore_backup

        _may_replace(db_path, args.user)

        restored = restore_backup(Path(args.source).expanduser(), db_path, create_folder=args.create_folder)
    except FolderMissingError as exc:
        print(
            f"toxtrack restore: The folder {exc.folder} does not exist; add --create-folder to create it "
            "and restore there.",
            file=sys.stderr,
        )
        return 1
    except ToxTrackError as exc:
        print(f"toxtrack restore: {exc}", file=sys.stderr)
        return 1
    aside = f"; the previous file was kept as {restored.kept_aside[0]}" if restored.kept_aside else ""
    print(f"Restored {restored.path} from a verified backup{aside}.")
    for line in restored.verified:
        print(f"verified: {line}")
    for line in restored.unverified:
        print(f"not verified: {line}")
    return 0


def _may_replace(db_path: Path, user_id: str) -> None:
    """A database with users is replaced only by a signed-in user whose role may restore (issue 16:
    clinical.roles.MATRIX "backup"); the sign-in is audited in the file that is then kept aside."""
    if not db_path.exists():
        return
    from storage.repository import Repository

    with Repository.open(db_path) as repo:
        cli_user.sign_in(repo, user_id, "backup")
        repo.sign_out()
