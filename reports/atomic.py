"""Write an export so that a crash or a kill never leaves a partial file under the final name.

The bytes go to a temporary file in the destination folder (same filesystem, so the rename is
atomic), are flushed to disk, and only then replace the destination (reliability reference A3.5, E1).
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import BinaryIO

from clinical.errors import ToxTrackError
from storage.durable import fsync_dir
from storage.outputs import output_refusal

TEMP_SUFFIX = ".toxtrack-part"
# Test hook: seconds to sleep after half of the bytes are written, so a test can kill the
# process while a partial temporary file exists. Unset in normal use.
PAUSE_ENV = "TOXTRACK_TEST_EXPORT_PAUSE"


class ExportError(ToxTrackError):
    """The report could not be saved where the user asked (folder missing, not writable, disk full)."""


def temp_name(destination: Path) -> Path:
    """A hidden sibling of the destination, unique to this process."""
    return destination.with_name(f".{destination.name}.{os.getpid()}{TEMP_SUFFIX}")


def write_atomically(destination: Path, data: bytes) -> None:
    """Write `data` to `destination` completely or not at all; raise ExportError in one sentence."""
    destination = Path(destination)
    refusal = output_refusal(destination)  # never a device, a pipe, a folder, a database or its files
    if refusal is not None:
        raise ExportError(refusal)
    temporary = temp_name(destination)
    discard_stale_parts(destination)
    try:
        with open(temporary, "wb") as handle:
            _write(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, destination)
    except OSError as error:
        _discard(temporary)
        raise ExportError(
            f"Cannot save the report in {destination.parent}: {error.strerror or error}."
        ) from error
    except BaseException:
        _discard(temporary)
        raise
    fsync_dir(destination.parent)


def _write(handle: BinaryIO, data: bytes) -> None:
    pause = os.environ.get(PAUSE_ENV)
    if not pause:
        handle.write(data)
        return
    half = len(data) // 2
    handle.write(data[:half])
    handle.flush()
    time.sleep(float(pause))
    handle.write(data[half:])


def _discard(temporary: Path) -> None:
    """Remove our temporary file after a failure; a missing file is fine, other errors are not hidden."""
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()


def discard_stale_parts(destination: Path) -> list[Path]:
    """Remove temporary files that a killed export of the same destination left behind.

    A part file names the process that wrote it; one whose process is gone can never complete.
    Parts of live processes (another export running now) are left alone.
    """
    removed = []
    for part in destination.parent.glob(f".{destination.name}.*{TEMP_SUFFIX}"):
        pid_text = part.name[len(destination.name) + 2 : -len(TEMP_SUFFIX)]
        if pid_text.isdigit() and int(pid_text) != os.getpid() and not _process_alive(int(pid_text)):
            _discard(part)
            removed.append(part)
    return removed


def _process_alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell cheaply: keep the file rather than risk removing a live export
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True
