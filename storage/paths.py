"""Where files live: the default database, backups and logs, all under the user's data folder."""

from __future__ import annotations

import errno
import os
from pathlib import Path

APP_NAME = "ToxTrack"
DB_ENV = "TOXTRACK_DB"


def data_dir() -> Path:
    """The per-user data folder (created on demand). platformdirs is imported here, not at start-up,
    which often names its database (--db, TOXTRACK_DB) and never needs it."""
    import platformdirs

    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db` if given, else `TOXTRACK_DB`, else toxtrack.db in the user's data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "toxtrack.db"


def backup_dir(db_path: Path) -> Path:
    """Automatic backups sit beside the database in `<name>-backups/`."""
    return db_path.parent / f"{db_path.stem}-backups"


def free_name(path: Path) -> Path:
    """`path`, or `<stem>-1<suffix>`, `<stem>-2<suffix>`... the first that does not exist: a backup or a
    file kept aside never overwrites one made in the same second (one helper for rotation and restore)."""
    candidate, counter = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{counter}{path.suffix}")
        counter += 1
    return candidate


def database_path(path: str | os.PathLike[str]) -> Path:
    """The path to open for `path`: as given when no symbolic link is on the way (a relative or
    `..` spelling names the file itself), else the file the links lead to, so that its -wal, lock
    file and backups are found beside the file itself whatever spelling opened it.

    A link that points nowhere, or a loop, is refused (DatabaseRefusedError) with where it points:
    creating "the missing file" would replace the link, an unplugged drive's say, with an empty
    database (issue 12)."""
    given = Path(path)
    refuse_broken_link(given)
    real = Path(os.path.realpath(given))
    return given if Path(os.path.abspath(given)) == real else real


def refuse_broken_link(path: Path) -> None:
    """DatabaseRefusedError when `path`, or a folder on its way, is a symbolic link whose target
    does not exist or that loops; a plain missing file (a new database) passes."""
    from storage.errors import DatabaseRefusedError

    try:
        os.stat(path)
        return
    except FileNotFoundError:
        pass
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            return  # unreadable folder, not a folder...: the open that follows says so
        raise DatabaseRefusedError(
            f"The database path {path} is a symbolic link loop ({_link_text(path)}, which leads back "
            "round to itself), so ToxTrack did not open or create anything."
        ) from None
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            if os.path.islink(candidate):
                where = "is" if candidate == path else f"goes through {candidate}, which is"
                raise DatabaseRefusedError(
                    f"The database path {path} {where} a symbolic link to {os.readlink(candidate)}, "
                    "which does not exist (a drive not connected, a moved file?), so ToxTrack did not "
                    "create a new database there."
                )
            return  # the first existing folder is real: `path` is simply a new name in it


def _link_text(path: Path) -> str:
    """'x.db points to y.db' for the link itself, else a note that a folder on the way loops."""
    if os.path.islink(path):
        return f"{path} points to {os.readlink(path)}"
    return f"a folder on the way to {path} is a link"
