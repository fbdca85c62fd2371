"""No import cycles between the modules of one package (issue 14): a cycle means neither module can
be read, tested or moved without the other, and which one Python runs first depends on who imports
first. Every import counts (module level, inside a function, under TYPE_CHECKING, and a module named
to importlib.import_module), as import-linter's acyclic_siblings contracts in pyproject.toml do;
this test also reports the cycle's path so it can be read without running lint-imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def sibling_imports(package: str) -> dict[str, set[str]]:
    """For each child of `package` (a module, or a subpackage with everything under it, as
    import-linter squashes them), the other children it imports."""
    root = ROOT / package

    def child(dotted: str) -> str | None:
        parts = dotted.split(".")
        return ".".join(parts[:2]) if len(parts) > 1 and parts[0] == package else None

    graph: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        if path.parent == root and path.stem == "__init__":
            continue
        relative = path.relative_to(root).with_suffix("")
        name = f"{package}.{relative.parts[0]}"
        found = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)  # importlib.import_module("gui.cohort.cohort_dashboard")
    children = set(graph)
    return {
        name: {c for dotted in found if (c := child(dotted)) in children and c != name}
        for name, found in graph.items()
    }


def cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle as a path [a, b, ..., a], or [] when the graph has none (depth-first search)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        path.pop()
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) == []


@pytest.mark.parametrize("package", ["storage", "gui"])
def test_no_module_imports_itself_through_its_siblings(package: str) -> None:
    assert cycle(sibling_imports(package)) == []
