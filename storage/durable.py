"""Renames that survive a power cut: the file's bytes synced, then the rename, then its folder."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open directories and syncs metadata itself."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def durable_rename(partial: Path, final: Path) -> None:
    """Replace `final` by the complete file `partial`: readers see the old file or the new one."""
    with partial.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, final)
    fsync_dir(final.parent)
