"""The steps of a lab import shared by the command line and the GUI dialog: read the file, build the
preview against the database, commit it as one audited batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from exchange.labcolumns import ColumnMapping
from exchange.labimport import ImportPlan, Patients, plan_import
from exchange.labunits import Target, targets
from exchange.tables import Table, read_table, sha256_of
from storage import Repository
from storage.repo_import import ImportProgress


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    data: bytes
    sha256: str
    table: Table


def load_file(path: Path, mapping: ColumnMapping | None = None) -> LoadedFile:
    """The file read as a table (OSError, exchange.tables.TableError)."""
    data = path.read_bytes()
    encoding = mapping.encoding if mapping is not None else ""
    delimiter = mapping.delimiter if mapping is not None else ""
    return LoadedFile(path, data, sha256_of(data), read_table(path.name, data, encoding, delimiter))


def stored_values(repo: Repository) -> dict[str, set[tuple[object, str, float]]]:
    """The values already stored of every test the import knows (its duplicates)."""
    found: dict[str, set[tuple[object, str, float]]] = {}
    for target in targets().values():
        found[target.kind] = repo.input_values(target.kind, target.value)  # type: ignore[assignment]
    return found


def preview(
    repo: Repository,
    loaded: LoadedFile,
    mapping: ColumnMapping,
    source: str = "",
    tz: dt.tzinfo | None = None,
) -> ImportPlan:
    return plan_import(
        loaded.table.headers,
        loaded.table.rows,
        mapping,
        Patients.of(repo.patient_identifiers()),
        stored_values(repo),  # type: ignore[arg-type]
        repo.now(),
        source or loaded.path.name,
        first_line=loaded.table.first_line,
        tz=tz,
    )


def commit(
    repo: Repository, loaded: LoadedFile, plan: ImportPlan, progress: ImportProgress | None = None
) -> list[tuple[str, int]]:
    """Every accepted row in one transaction, audited as one import of the file (name and SHA-256)."""
    return repo.import_records(plan.items(), loaded.path.name, loaded.sha256, progress)


def undo(repo: Repository, written: list[tuple[str, int]], file_name: str) -> None:
    """Void every record of one import in one transaction (undo as one step)."""
    with repo.transaction():
        for kind, record_id in written:
            repo.void(kind, record_id, f"Undo: import of {file_name}")


__all__ = ["LoadedFile", "Target", "commit", "load_file", "preview", "stored_values", "undo"]
