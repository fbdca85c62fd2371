"""Where files live: the default database, backups and logs, all under the user's data folder."""

from __future__ import annotations

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
