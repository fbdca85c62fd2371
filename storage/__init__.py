"""The only package with SQL: SQLite storage behind the `Repository` API (docs/storage-api.md)."""

from __future__ import annotations

from storage.errors import (
    DatabaseBusyError,
    DatabaseRefusedError,
    DiskFullError,
    InUseError,
    ReadOnlyError,
)
from storage.repository import Repository
from storage.rows import PatientRow

__all__ = [
    "DatabaseBusyError",
    "DatabaseRefusedError",
    "DiskFullError",
    "InUseError",
    "PatientRow",
    "ReadOnlyError",
    "Repository",
]
