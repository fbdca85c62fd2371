"""A faster answer to the question PySide6 asks of every module imported after it.

PySide6's import hook (`shibokensupport.feature.feature_imported`, PYSIDE-2029) decides for each new
module whether it "uses PySide" by `"PySide6" in inspect.getsource(module)`: inspect resolves the
source file, fills linecache and joins the lines, about 1 ms per module here. The window's ~75 gui
modules are all imported after PySide6, so that question cost a large part of start-up's own work
(benchmarks/README.md, startup_ratio). `install()` swaps in the same question asked of the file's
bytes: "PySide6" is ASCII, so it is the same bytes in any source encoding Python accepts, and a
module that is not a plain .py file (extension, frozen, namespace, unreadable) goes to the original
function. The answer only sets the module's `__feature__` default (we use no feature), and
tests/gui/test_pyside_import_check.py checks that both functions agree on every loaded module.

shibokensupport is PySide6's private bootstrap: if its shape changes (no module, no function), this
does nothing and start-up is only slower.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_MARK = "_toxtrack_fast"
_NEEDLE = b"PySide6"


def _feature_module() -> ModuleType | None:
    return sys.modules.get("shibokensupport.feature")


def original() -> Callable[[ModuleType], bool] | None:
    """PySide6's own check (also after install()), or None when PySide6's bootstrap has none."""
    feature = _feature_module()
    check = getattr(feature, "_mod_uses_pyside", None)
    return getattr(check, "original", check)


def uses_pyside(module: ModuleType, fallback: Callable[[ModuleType], bool]) -> bool:
    """Whether the module's source file mentions PySide6, read as bytes; `fallback` for anything
    that is not a readable .py file."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return fallback(module)
    try:
        with open(path, "rb") as source:
            return _NEEDLE in source.read()
    except OSError:
        return fallback(module)


def install() -> bool:
    """Replace PySide6's check by `uses_pyside` (once); False when there is nothing to replace."""
    feature = _feature_module()
    check = original()
    if feature is None or check is None:
        return False
    if getattr(feature._mod_uses_pyside, _MARK, False):
        return True

    def fast(module: ModuleType) -> bool:
        return uses_pyside(module, check)

    setattr(fast, _MARK, True)
    fast.original = check  # type: ignore[attr-defined]
    setattr(feature, "_mod_uses_pyside", fast)  # noqa: B010  (a private module with no stubs)
    return True
