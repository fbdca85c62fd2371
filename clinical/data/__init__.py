"""Reference data files (regimens, trial incidence), each with its source."""

from __future__ import annotations

import pkgutil


def packaged_text(name: str) -> str:
    """The text of one packaged data file. pkgutil reads through the package's loader as
    importlib.resources does, without the tempfile and zipfile imports that cost ~10 ms of every
    start-up (benchmarks/README.md, startup_ratio)."""
    data = pkgutil.get_data(__name__, name)
    if data is None:
        raise FileNotFoundError(f"clinical/data/{name} is missing from the installation")
    return data.decode("utf-8")
