"""Column mappings remembered per source (issue 19): a JSON file beside the database,
`<db>.lab-mappings.json`, so that every user of the database is offered the same mapping for the same
laboratory export, as the limits per lab source are (docs/architecture.md, issue 15)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from exchange.labcolumns import ColumnMapping

SUFFIX = ".lab-mappings.json"


def store_path(db: Path) -> Path:
    return db.with_name(db.name + SUFFIX)


def load_all(db: Path) -> dict[str, ColumnMapping]:
    """Every saved mapping by name; {} when there is no file or it cannot be read."""
    try:
        data = json.loads(store_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(name): ColumnMapping.from_json(value) for name, value in data.items() if isinstance(value, dict)
    }


def save(db: Path, name: str, mapping: ColumnMapping) -> None:
    """Remember `mapping` as `name` (replacing one of that name); written whole and renamed in place."""
    found = {key: value.to_json() for key, value in load_all(db).items()}
    found[name] = mapping.to_json()
    path = store_path(db)
    handle, temporary = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(found, out, indent=2, sort_keys=True, ensure_ascii=False)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
