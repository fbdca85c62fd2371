"""`make mutate`: a small AST mutation tester for clinical/ (issue 11, "Tests that would notice").

Each mutant changes one thing in one module: a comparison (< <= > >= == != in, not in, is, is not),
a boolean operator (and/or), a `not`, an arithmetic operator, a number (n -> n + 1, and 0 <-> 1), a
True/False, or a string (prefixed with "XX", so unpinned reason sentences show up). The module's tests
run against it; a mutant the tests do not notice "survives". Survivors judged equivalent (no
observable change) are listed with why in docs/testing.md; `--check` fails when the kill rate of the
others is below the target.

Speed: the runner imports pytest, numpy, scipy and hypothesis once, then forks a child per mutant
that imports the mutated module fresh from its own copy of the tree (two copies, one per core).

    python tools/mutate.py [--only grading incidence] [--jobs 2] [--check]
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.95
_GRADING = [
    "tests/clinical/test_grading.py",
    "tests/clinical/test_grade_bands.py",
    "tests/clinical/test_grade_reasons.py",
    "tests/clinical/test_grade_lab.py",
]
_FLAGS = [
    "tests/clinical/test_flags.py",
    "tests/clinical/test_flag_wording.py",
    "tests/clinical/test_temperature_vital.py",
    "tests/clinical/test_adverse_event.py",
]
# module -> the tests that exercise it (run with -x: the first failure kills the mutant)
TESTS: dict[str, list[str]] = {
    # The modules split from grading and from flags keep the tests that mutated them before the split.
    "grading": _GRADING,
    "grade_result": _GRADING,
    "ctcae_grading": _GRADING,
    "lab_grades": ["tests/clinical/test_grade_lab.py"],
    "incidence": ["tests/clinical/test_incidence.py"],
    "regimens": ["tests/clinical/test_regimens.py"],
    "episodes": ["tests/clinical/test_episodes.py", "tests/clinical/test_adverse_event.py"],
    "flags": _FLAGS,
    "flag_text": _FLAGS,
    "febrile_neutropenia": _FLAGS,
    "cohort_flags": _FLAGS,
    "reference": ["tests/clinical/test_reference.py", "tests/clinical/test_adverse_event.py"],
    "treatment_window": ["tests/clinical/test_treatment_window.py", "tests/clinical/test_flags.py"],
}
EQUIVALENT_FILE = ROOT / "docs" / "testing.md"
COPY = ["clinical", "tests/__init__.py", "tests/conftest.py", "tests/clinical", "pyproject.toml"]
_SWAP_CMP = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_SWAP_BIN = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult}


@dataclass(frozen=True)
class Mutant:
    module: str
    number: int
    line: int
    what: str

    @property
    def key(self) -> str:
        """Stable enough to list in docs/testing.md: module, line and the change."""
        return f"{self.module}:{self.line}: {self.what}"


def _skip(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Docstrings, annotations and type-only code are not behaviour."""
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Expr) and isinstance(parent.value, ast.Constant):
            return True  # docstring
        if isinstance(parent, ast.arg | ast.AnnAssign) and node is not getattr(parent, "value", None):
            return True
        if isinstance(parent, ast.FunctionDef) and node in ast.walk(parent.returns or ast.Pass()):
            return True
        if isinstance(parent, ast.If) and "TYPE_CHECKING" in ast.unparse(parent.test):
            return True
        node, parent = parent, parents.get(parent)
    return False


def _changes(node: ast.AST) -> Iterator[tuple[str, ast.AST]]:
    """(description, replacement node) for each mutation of `node`."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            swap = _SWAP_CMP.get(type(op))
            if swap is not None:
                new = copy.deepcopy(node)
                new.ops[i] = swap()
                yield f"{type(op).__name__} -> {swap.__name__}", new
    elif isinstance(node, ast.BoolOp):
        new = copy.deepcopy(node)
        new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield f"{type(node.op).__name__} -> {type(new.op).__name__}", new
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not removed", copy.deepcopy(node.operand)
    elif isinstance(node, ast.BinOp) and type(node.op) in _SWAP_BIN:
        new = copy.deepcopy(node)
        new.op = _SWAP_BIN[type(node.op)]()
        yield f"{type(node.op).__name__} -> {type(new.op).__name__}", new
    elif isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool):
            yield f"{value} -> {not value}", ast.Constant(not value)
        elif isinstance(value, int | float):
            yield f"{value!r} -> {value + 1!r}", ast.Constant(value + 1)
            if value == 1:  # 0 -> 1 is already n + 1
                yield f"{value!r} -> {1 - value!r}", ast.Constant(type(value)(1 - value))
        elif isinstance(value, str) and value.strip():
            yield f"{value[:30]!r} -> 'XX...'", ast.Constant("XX" + value)


def mutants_of(module: str) -> list[tuple[Mutant, str]]:
    """Every mutant of clinical/<module>.py with its source."""
    source = (ROOT / "clinical" / f"{module}.py").read_text("utf-8")
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    nodes = [n for n in ast.walk(tree) if not _skip(n, parents)]
    out: list[tuple[Mutant, str]] = []
    for target in nodes:
        for what, replacement in _changes(target):
            mutated = _replace(tree, target, replacement)
            if mutated is None:
                continue
            line = getattr(target, "lineno", 0)
            out.append((Mutant(module, len(out), line, what), mutated))
    return out


def _replace(tree: ast.Module, target: ast.AST, replacement: ast.AST) -> str | None:
    try:
        return ast.unparse(_swapped(tree, target, replacement))
    except (SyntaxError, ValueError):
        return None


def _swapped(tree: ast.Module, target: ast.AST, replacement: ast.AST) -> ast.Module:
    """A copy of `tree` with `target` replaced (matched by identity before copying)."""
    memo: dict[int, ast.AST] = {id(target): ast.copy_location(replacement, target)}
    return copy.deepcopy(tree, memo)  # type: ignore[arg-type]


def _make_copy(base: Path) -> Path:
    for item in COPY:
        src, dst = ROOT / item, base / item
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dst)
    return base


def _run_in_child(tree: Path, module: str, source: str) -> bool:
    """Fork; the child writes the mutant into its tree and runs the module's tests. True = killed."""
    path = tree / "clinical" / f"{module}.py"
    original = path.read_text("utf-8")
    path.write_text(source, "utf-8")
    try:
        pid = os.fork()
        if pid == 0:  # child
            os.chdir(tree)
            sys.path.insert(0, str(tree))
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            import pytest

            args = ["-x", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0", "--timeout=120"]
            code = pytest.main([*args, *TESTS[module]])
            os._exit(int(code))
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) != 0
    finally:
        path.write_text(original, "utf-8")


def _warm_up() -> None:
    """Import what every child would import anyway, once, before forking (not clinical itself)."""
    sys.dont_write_bytecode = True
    import hypothesis  # noqa: F401
    import numpy  # noqa: F401
    import pytest  # noqa: F401
    import scipy.special
    import scipy.stats  # noqa: F401


def equivalent_keys() -> set[str]:
    """Survivors judged equivalent, as listed in docs/testing.md (lines starting "- `module:line: ...`")."""
    if not EQUIVALENT_FILE.exists():
        return set()
    return set(re.findall(r"^- `([^`]+)`", EQUIVALENT_FILE.read_text("utf-8"), re.MULTILINE))


def run(modules: list[str], jobs: int) -> dict[str, list[Mutant]]:
    """Kill or keep every mutant; returns {"killed": [...], "survived": [...]}."""
    _warm_up()
    work = [(m, src) for module in modules for m, src in mutants_of(module)]
    base = Path(tempfile.mkdtemp(prefix="toxtrack-mutate-"))
    trees = [_make_copy(base / f"tree{i}") for i in range(jobs)]
    results: dict[str, list[Mutant]] = {"killed": [], "survived": []}
    started = time.monotonic()
    try:
        _run_pool(work, trees, results, started)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    return results


def _run_pool(
    work: list[tuple[Mutant, str]], trees: list[Path], results: dict[str, list[Mutant]], started: float
) -> None:
    """`len(trees)` forked workers, each owning one tree and taking every n-th mutant."""
    jobs = len(trees)
    readers = []
    for index, tree in enumerate(trees):
        read, write = os.pipe()
        if os.fork() == 0:
            os.close(read)
            with os.fdopen(write, "w") as out:
                for mutant, source in work[index::jobs]:
                    out.write(
                        json.dumps([mutant.number, mutant.module, _run_in_child(tree, mutant.module, source)])
                    )
                    out.write("\n")
                    out.flush()
            os._exit(0)
        os.close(write)
        readers.append(os.fdopen(read))
    by_key = {(m.module, m.number): m for m, _ in work}
    done = 0
    for reader in readers:
        for line in reader:
            number, module, killed = json.loads(line)
            results["killed" if killed else "survived"].append(by_key[(module, number)])
            done += 1
            if done % 25 == 0:
                print(f"  {done}/{len(work)} mutants, {time.monotonic() - started:.0f} s", flush=True)
    for _ in readers:
        os.wait()


def report(results: dict[str, list[Mutant]], modules: list[str]) -> float:
    """Per-module counts, the survivors not listed as equivalent, and the overall kill rate."""
    equivalent = equivalent_keys()
    print(f"{'module':<18} {'mutants':>8} {'killed':>7} {'equiv.':>7} {'rate':>7}")
    total_killed = total_counted = 0
    for module in modules:
        killed = [m for m in results["killed"] if m.module == module]
        survived = [m for m in results["survived"] if m.module == module]
        equiv = [m for m in survived if m.key in equivalent]
        counted = len(killed) + len(survived) - len(equiv)
        rate = len(killed) / counted if counted else 1.0
        total_killed, total_counted = total_killed + len(killed), total_counted + counted
        print(f"{module:<18} {len(killed) + len(survived):>8} {len(killed):>7} {len(equiv):>7} {rate:>7.1%}")
    rate = total_killed / total_counted if total_counted else 1.0
    print(f"{'clinical/':<18} {'':>8} {total_killed:>7} {'':>7} {rate:>7.1%}  (target {TARGET:.0%})")
    live = sorted(
        (m for m in results["survived"] if m.key not in equivalent), key=lambda m: (m.module, m.line)
    )
    if live:
        print("\nSurvivors (not listed as equivalent in docs/testing.md):")
        for mutant in live:
            print(f"- `{mutant.key}`")
    return rate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(TESTS), help="modules to mutate (default: all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel workers")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 below {TARGET:.0%} killed".replace("%", "%%")
    )
    options = parser.parse_args(argv)
    modules = options.only or sorted(TESTS)
    started = time.monotonic()
    results = run(modules, max(1, options.jobs))
    rate = report(results, modules)
    print(
        f"\n{len(results['killed']) + len(results['survived'])} mutants in {time.monotonic() - started:.0f} s"
    )
    return 1 if options.check and rate < TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
