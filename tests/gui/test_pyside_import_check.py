"""The faster "does this module use PySide6" check gives PySide6's own answer for every module."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

import clinical.grading  # noqa: F401  (a Qt-free module, loaded for the comparison)
import gui.app  # noqa: F401  (importing gui installs the check; gui.app is a window module)
from gui import pyside_import_check


def test_installed_once_gui_is_imported() -> None:
    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature._mod_uses_pyside, "_toxtrack_fast", False)
    assert pyside_import_check.install()  # a second call keeps the one installed
    assert feature._mod_uses_pyside.original is pyside_import_check.original()


def test_same_answer_as_pyside_for_every_loaded_module() -> None:
    """Every module loaded by now (stdlib, PySide6, the app's gui and storage, pytest, extensions),
    both answers; the app's gui modules must come out True and its Qt-free ones False."""
    original = pyside_import_check.original()
    assert original is not None
    feature = sys.modules["shibokensupport.feature"]
    modules = [m for m in list(sys.modules.values()) if isinstance(m, types.ModuleType)]
    assert len(modules) > 200
    for module in modules:
        assert feature._mod_uses_pyside(module) == original(module), module.__name__
    assert feature._mod_uses_pyside(sys.modules["gui.app"])
    assert not feature._mod_uses_pyside(sys.modules["clinical.grading"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from PySide6.QtCore import QObject\n", True),
        ("# -*- coding: latin-1 -*-\nx = 'é PySide6'\n", True),
        ("x = 1\n", False),
    ],
)
def test_a_new_module_file(tmp_path: Path, text: str, expected: bool) -> None:
    path = tmp_path / "probe_mod.py"
    path.write_bytes(text.encode("latin-1"))
    module = types.ModuleType("probe_mod")
    module.__file__ = str(path)
    seen: list[str] = []
    assert pyside_import_check.uses_pyside(module, lambda m: seen.append(m.__name__) or False) is expected
    assert seen == []


def test_what_is_not_a_py_file_goes_to_pysides_check(tmp_path: Path) -> None:
    calls: list[str] = []

    def fallback(module: types.ModuleType) -> bool:
        calls.append(module.__name__)
        return True

    builtin = types.ModuleType("no_file")
    missing = types.ModuleType("gone")
    missing.__file__ = str(tmp_path / "gone.py")
    extension = types.ModuleType("ext")
    extension.__file__ = str(tmp_path / "ext.so")
    for module in (builtin, missing, extension):
        assert pyside_import_check.uses_pyside(module, fallback)
    assert calls == ["no_file", "gone", "ext"]
