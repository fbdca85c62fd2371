"""Risky database locations: cloud-sync folders and network shares get a warning, local disks do not."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from storage.locations import cloud_service, is_network_path, location_warning, mount_fs_type

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/clinic nfs4 rw,relatime 0 0
//fs01/share /mnt/smb cifs rw 0 0
/dev/sdb1 /mnt/smb/local ext4 rw 0 0
/dev/sdc1 /media/usb\\040stick vfat rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "service"),
    [
        ("/home/ana/OneDrive/toxtrack.db", "OneDrive"),
        ("/home/ana/OneDrive - Contoso Hospital/data/toxtrack.db", "OneDrive"),
        ("/home/ana/Dropbox/toxtrack.db", "Dropbox"),
        ("/home/ana/Dropbox (Personal)/clinic/toxtrack.db", "Dropbox"),
        ("/Users/ana/Library/CloudStorage/GoogleDrive-ana@example.org/My Drive/t.db", "Google Drive"),
        ("/home/ana/Google Drive/t.db", "Google Drive"),
        ("/Users/ana/Library/Mobile Documents/com~apple~CloudDocs/t.db", "iCloud"),
        ("/mnt/c/Users/ana/iCloudDrive/t.db", "iCloud"),
    ],
)
def test_cloud_folders_are_named_by_path_component(path: str, service: str) -> None:
    assert cloud_service(PurePosixPath(path), {}) == service


@pytest.mark.parametrize(
    "path",
    ["/home/ana/.local/share/ToxTrack/toxtrack.db", "/home/ana/drop/box/t.db", "/srv/onedrive.db"],
)
def test_ordinary_folders_and_file_names_are_not_cloud(path: str) -> None:
    # Only folder names count: a database file that happens to be called "onedrive.db" is local.
    assert cloud_service(PurePosixPath(path), {}) is None


def test_onedrive_environment_variable_marks_a_redirected_folder(tmp_path: Path) -> None:
    root = tmp_path / "Docs-redirected"
    env = {"OneDriveCommercial": str(root)}
    assert cloud_service(root / "clinic" / "t.db", env) == "OneDrive"
    assert cloud_service(tmp_path / "elsewhere" / "t.db", env) is None
    assert cloud_service(tmp_path / "Docs-redirected-not" / "t.db", env) is None


def test_location_warning_is_one_sentence_naming_the_service(tmp_path: Path) -> None:
    path = tmp_path / "Dropbox" / "toxtrack.db"
    warning = location_warning(path, environ={}, mounts=MOUNTS)
    assert warning is not None and "Dropbox" in warning and "local" in warning
    assert warning.count(". ") == 0 and warning.endswith(".")


@pytest.mark.parametrize(
    ("path", "fs_type", "network"),
    [
        ("/mnt/clinic/toxtrack.db", "nfs4", True),
        ("/mnt/smb/toxtrack.db", "cifs", True),
        ("/mnt/smb/local/toxtrack.db", "ext4", False),  # the longest mount point wins
        ("/media/usb stick/toxtrack.db", "vfat", False),  # \040 decodes to a space
        ("/mnt/clinical/toxtrack.db", "ext4", False),  # /mnt/clinic is not a prefix folder of it
        ("/home/ana/toxtrack.db", "ext4", False),
    ],
)
def test_mount_table_decides_network_filesystems(path: str, fs_type: str, network: bool) -> None:
    assert mount_fs_type(PurePosixPath(path), MOUNTS) == fs_type
    assert is_network_path(PurePosixPath(path), MOUNTS) is network


@pytest.mark.parametrize("path", ["//fs01/clinic/toxtrack.db", "\\\\fs01\\clinic\\toxtrack.db"])
def test_unc_paths_are_network_paths(path: str) -> None:
    assert is_network_path(PurePosixPath(path), "") is True


def test_network_share_warning_and_local_silence(tmp_path: Path) -> None:
    assert "network" in (location_warning(Path("/mnt/clinic/t.db"), {}, MOUNTS) or "")
    assert location_warning(Path("/home/ana/t.db"), {}, MOUNTS) is None
