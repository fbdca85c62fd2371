"""Code written once and none left unused (issue 14): two copies of a function drift apart (the
backup-name and kept-aside-name helpers were identical twins in rotation.py and restore.py), and a
function nobody calls (repo_prepare.grade_of) still has to be read and kept right by everyone."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("clinical", "storage", "reports", "exchange", "gui")
MIN_STATEMENTS = 3  # a one- or two-line body (return x.y) may well be the same by chance


def app_files() -> list[Path]:
    return [ROOT / "main.py", *(p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py")))]


def _body_without_docstring(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.stmt]:
    body = node.body
    first = body[0] if body else None
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
    ):
        return body[1:]
    return body


def repeated_bodies(files: list[Path], root: Path = ROOT) -> list[list[str]]:
    """Groups of functions (file:line:name) whose bodies, docstrings aside, are the same code."""
    seen: dict[str, list[str]] = defaultdict(list)
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            body = _body_without_docstring(node)
            if sum(isinstance(n, ast.stmt) for stmt in body for n in ast.walk(stmt)) < MIN_STATEMENTS:
                continue
            key = ast.dump(ast.Module(body=body, type_ignores=[]), annotate_fields=False)
            seen[key].append(f"{path.relative_to(root)}:{node.lineno}:{node.name}")
    return [group for group in seen.values() if len(group) > 1]


def referenced_names(files: list[Path]) -> dict[str, int]:
    """How often each name is used (a name, an attribute, an imported name) across `files`."""
    counts: dict[str, int] = defaultdict(int)
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                counts[node.id] += 1
            elif isinstance(node, ast.Attribute):
                counts[node.attr] += 1
            elif isinstance(node, ast.alias):
                counts[node.name.rsplit(".", 1)[-1]] += 1
    return counts


def test_the_finder_sees_two_copies(tmp_path: Path) -> None:
    twin = (
        "def {0}(path):\n    '''{0}'''\n    n = 1\n    while path.exists():\n        n += 1\n    return n\n"
    )
    (tmp_path / "a.py").write_text(twin.format("free_name"))
    (tmp_path / "b.py").write_text(twin.format("free_path"))
    found = repeated_bodies([tmp_path / "a.py", tmp_path / "b.py"], tmp_path)
    assert found == [["a.py:1:free_name", "b.py:1:free_path"]]


def test_no_function_body_is_written_twice() -> None:
    assert repeated_bodies(app_files()) == []


def test_every_function_of_repo_prepare_is_used() -> None:
    module = ROOT / "storage" / "repo_prepare.py"
    defined = [
        n.name for n in ast.parse(module.read_text(encoding="utf-8")).body if isinstance(n, ast.FunctionDef)
    ]
    used = referenced_names(app_files())
    assert defined and [name for name in defined if used[name] == 0] == []
