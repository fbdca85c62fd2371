"""The layering rule, checked by scanning imports and calls (AST): no Qt outside gui/ and main.py,
no sqlite3/sqlite_utils outside storage/, connections only from storage/connection.py, and
never matplotlib.pyplot (Figure + Axes functions only)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("clinical", "storage", "reports", "exchange", "gui")
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6")
SQL = ("sqlite3", "sqlite_utils", "pysqlite3", "sqlcipher3")
FACTORY = "storage/connection.py"


def app_files() -> list[Path]:
    files = [ROOT / "main.py"]
    for package in PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def imported_modules(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def connection_calls(tree: ast.AST) -> list[str]:
    """`sqlite3.connect(...)`, `<anything>.connect(...)` on an SQL module, or `Database(...)`."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "connect"
            and isinstance(func.value, ast.Name)
            and func.value.id in SQL
        ):
            found.append(f"{func.value.id}.connect")
        if (isinstance(func, ast.Name) and func.id == "Database") or (
            isinstance(func, ast.Attribute) and func.attr == "Database"
        ):
            found.append("Database(...)")
    return found


def violations(relative: str, source: str) -> list[str]:
    """Every breach of the rule in one file (path relative to the project root, with '/')."""
    tree = ast.parse(source)
    in_gui = relative.startswith("gui/") or relative == "main.py"
    in_storage = relative.startswith("storage/")
    problems = []
    for name in imported_modules(tree):
        top = name.split(".")[0]
        if top in QT and not in_gui:
            problems.append(f"{relative}: imports {name} (Qt belongs in gui/ and main.py)")
        if top in SQL and not in_storage:
            problems.append(f"{relative}: imports {name} (SQL belongs in storage/)")
        if name.startswith("matplotlib.pyplot"):
            problems.append(f"{relative}: imports {name} (use Figure and Axes, never pyplot)")
    if relative != FACTORY:
        problems += [f"{relative}: calls {call} (only {FACTORY} connects)" for call in connection_calls(tree)]
    return problems


def test_the_app_follows_the_layering_rule() -> None:
    problems = []
    for path in app_files():
        problems += violations(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
    assert problems == []


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("clinical/x.py", "from PySide6.QtWidgets import QWidget"),
        ("reports/x.py", "import shiboken6"),
        ("gui/x.py", "import sqlite3"),
        ("reports/x.py", "from sqlite_utils import Database"),
        ("storage/repo_x.py", "import sqlite3\nconn = sqlite3.connect('x.db')"),
        ("storage/x.py", "import sqlite_utils\ndb = sqlite_utils.Database('x.db')"),
        ("gui/x.py", "import matplotlib.pyplot as plt"),
        ("reports/x.py", "from matplotlib import pyplot"),
    ],
)
def test_the_scanner_catches_each_kind_of_breach(relative: str, source: str) -> None:
    assert violations(relative, source) != []


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("gui/x.py", "from PySide6.QtWidgets import QWidget"),
        ("main.py", "import PySide6"),
        ("storage/x.py", "import sqlite3"),
        (FACTORY, "import sqlite3\nconn = sqlite3.connect('x.db')"),
        ("reports/x.py", "from matplotlib.figure import Figure"),
    ],
)
def test_the_scanner_allows_what_the_rule_allows(relative: str, source: str) -> None:
    assert violations(relative, source) == []
