"""The only package with SQL: SQLite storage behind the `Repository` API (docs/storage-api.md)."""

from __future__ import annotations
