"""`Repository`'s public API is exactly the verbs docs/storage-api.md lists (issue 14).

Before issue 14 the raw-SQL plumbing (`rows`, `scalar`, `insert`, `update`, `db`, `conn`...) was public,
so "no SQL outside storage/" held for imports but not for the API surface: any caller could hand the
repository a statement. Two checks keep the surface and its documentation from drifting apart: the
public names of a real repository equal the names the document's API block lists, and no module
outside storage/ reaches a private attribute of a repository (an AST scan of attribute reads and
getattr-style calls)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "storage-api.md"
VERB_LINE = re.compile(r"^(?:repo|Repository)\.([A-Za-z_]\w*)")

# Outside storage/, only these may touch a repository's private attributes, each for a reason.
# tests/safety tampers with files on purpose, tests/storage is storage's own white-box suite.
EXEMPT_FOLDERS = ("storage/", "tests/safety/", "tests/storage/")
EXEMPT_FILES = {
    "tests/gui/test_today.py": "counts the SQL statements Today runs (a trace callback on the connection)",
}
SCANNED = ("main.py", "clinical", "gui", "reports", "exchange", "benchmarks", "tools", "tests")


def documented_names(text: str) -> list[str]:
    """The names the API block (the first ```python block) lists, one per line, in order."""
    block = text.split("```python\n", 1)[1].split("\n```", 1)[0]
    names = []
    for line in block.splitlines():
        found = VERB_LINE.match(line)
        if found is None:
            continue
        code = line.split("#", 1)[0]
        assert len(re.findall(r"\b(?:repo|Repository)\.\w", code)) == 1, f"one verb a line: {line!r}"
        names.append(found.group(1))
    return names


def private_names(repo: Any) -> set[str]:
    """A repository's private attributes (methods, properties and instance state), dunders aside."""
    return {n for n in dir(repo) if n.startswith("_") and not n.startswith("__")}


def private_uses(source: str, private: set[str]) -> list[str]:
    """`x._name` (x not `self`/`cls`) and `getattr(x, "_name")`-style calls for a private name."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in private:
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append((node.lineno, ast.unparse(node)))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in private
        ):
            found.append((node.lineno, ast.unparse(node)))
    return [f"line {line}: {text}" for line, text in sorted(found)]


def scanned_files() -> list[Path]:
    files = []
    for entry in SCANNED:
        path = ROOT / entry
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [f for f in files if not f.relative_to(ROOT).as_posix().startswith(EXEMPT_FOLDERS)]


def test_public_names_are_exactly_the_documented_verbs(repo: Any) -> None:
    documented = documented_names(DOC.read_text(encoding="utf-8"))
    assert len(documented) == len(set(documented)), "a verb is listed twice in docs/storage-api.md"
    public = {n for n in dir(repo) if not n.startswith("_")}
    undocumented = sorted(public - set(documented))
    not_there = sorted(set(documented) - public)
    assert undocumented == [], f"public on Repository but not in docs/storage-api.md: {undocumented}"
    assert not_there == [], f"in docs/storage-api.md but not on Repository: {not_there}"


def test_raw_sql_helpers_are_private(repo: Any) -> None:
    """The helpers that took SQL text or handed out the connection are reachable only as private."""
    raw = {"rows", "ids", "scalar", "row", "insert", "update", "audit", "db", "conn"}
    assert not raw & set(dir(repo))
    assert {f"_{name}" for name in raw} <= private_names(repo)


def test_the_scan_finds_a_private_use_and_passes_own_attributes(repo: Any) -> None:
    """The scanner itself: a caller reading `repo._rows` is caught, a class reading its own
    `self._rows` (e.g. a Qt model's list) is not."""
    private = private_names(repo)
    source = (
        "def f(repo, window):\n"
        "    window.session.repo._rows('SELECT 1')\n"
        "    getattr(repo, '_conn')\n"
        "class Model:\n"
        "    def rows(self):\n"
        "        return self._rows\n"
    )
    assert private_uses(source, private) == [
        "line 2: window.session.repo._rows",
        "line 3: getattr(repo, '_conn')",
    ]


def test_no_module_outside_storage_touches_a_private_repository_attribute(repo: Any) -> None:
    private = private_names(repo)
    files = scanned_files()
    assert any(f.relative_to(ROOT).as_posix() == "gui/app.py" for f in files)  # the scan reaches the GUI
    breaches = {}
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        if relative in EXEMPT_FILES:
            continue
        found = private_uses(path.read_text(encoding="utf-8"), private)
        if found:
            breaches[relative] = found
    assert breaches == {}, "use a verb of docs/storage-api.md (or add one there and in storage/)"
