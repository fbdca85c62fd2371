"""Risky places for a database: network shares and cloud-sync folders (OneDrive, Dropbox, iCloud...).

SQLite's locking and WAL do not work across hosts, and sync clients copy a live database without its
WAL (reliability-reference.md A1.6, pitfalls 1-2): the user is warned to keep the file on a local disk.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath

# Path components (lower case) that sync clients create; a prefix match covers "OneDrive - Contoso",
# "Dropbox (Personal)", "GoogleDrive-user@example.org" and macOS's ~/Library/CloudStorage folders.
CLOUD_PREFIXES: tuple[tuple[str, str], ...] = (
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud drive", "iCloud"),
    ("iclouddrive", "iCloud"),
    ("mobile documents", "iCloud"),
    ("com~apple~clouddocs", "iCloud"),
)
CLOUD_ENV_VARS = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")

# Filesystem types (from /proc/mounts) whose locking SQLite does not trust (useovernet.html).
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "afs", "9p", "ceph", "glusterfs", "davfs",
     "fuse.sshfs", "fuse.rclone", "fuse.davfs2", "fuse.s3fs", "ncpfs", "coda", "lustre"}
)  # fmt: skip


def location_warning(path: Path, environ: Mapping[str, str] | None = None,
                     mounts: str | None = None) -> str | None:  # fmt: skip
    """A warning when `path` is on a network share or in a cloud-sync folder, else None.

    SQLite's locking and WAL do not work across hosts, and sync clients copy the file without its
    WAL (reliability-reference.md A1.6); the fix is to keep the database on a local disk.
    """
    env = os.environ if environ is None else environ
    absolute = Path(os.path.abspath(path))
    service = cloud_service(absolute, env)
    if service is not None:
        return (
            f"{path.name} is in a {service} folder: sync can copy it half-written and damage it; "
            "move it to a local folder that is not synchronised."
        )
    if is_network_path(absolute, mounts):
        return (
            f"{path.name} is on a network drive, where SQLite cannot lock it safely; "
            "move it to this computer's local disk."
        )
    return None


def cloud_service(path: PurePath, environ: Mapping[str, str]) -> str | None:
    """The sync service whose folder holds `path` (by environment variable, then by folder name)."""
    text = os.path.normcase(str(path))
    for var in CLOUD_ENV_VARS:
        root = environ.get(var)
        if root and _is_under(text, os.path.normcase(root)):
            return "OneDrive"
    for part in path.parts[:-1]:
        lowered = part.lower()
        for prefix, service in CLOUD_PREFIXES:
            if lowered.startswith(prefix):
                return service
    return None


def _is_under(path: str, root: str) -> bool:
    root = root.rstrip("/\\")
    return path == root or path.startswith(root + os.sep) or path.startswith(root + "/")


def is_network_path(path: PurePath, mounts: str | None = None) -> bool:
    """UNC paths everywhere; on Windows a remote drive letter; elsewhere a network filesystem mount."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_drive_is_remote(text)
    return mount_fs_type(path, mounts) in NETWORK_FS_TYPES


def _windows_drive_is_remote(text: str) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive_remote = 4  # GetDriveTypeW's DRIVE_REMOTE
    root = os.path.splitdrive(text)[0] + "\\"
    windll = getattr(ctypes, "windll", None)
    return windll is not None and int(windll.kernel32.GetDriveTypeW(root)) == drive_remote


def mount_fs_type(path: PurePath, mounts: str | None = None) -> str:
    """The filesystem type of the longest mount point holding `path` ("" when unknown).

    `mounts` is the text of /proc/mounts; tests pass their own. Octal escapes (\\040 for a space)
    in mount points are decoded as the kernel writes them.
    """
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    best, best_type = "", ""
    text = str(path)
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].encode().decode("unicode_escape")
        if (point == "/" or _is_under(text, point)) and len(point) > len(best):
            best, best_type = point, fields[2]
    return best_type
